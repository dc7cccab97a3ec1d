// SPDX-License-Identifier: GPL-2.0
// tunefs.lustre: changes a server target's permanent disk data
// (CONFIGS/mountdata) as Lustre's does:
//
//   tunefs.lustre --print /dev/sdb
//   tunefs.lustre --servicenode=10.0.0.1@tcp --servicenode=10.0.0.2@tcp /dev/sdb
//   tunefs.lustre --writeconf /dev/sdb
//
// It reads the file without mounting (debugfs), prints "Read previous
// values:", applies the options, prints the new "Permanent disk data:" and
// writes it back through a private mount of the ext4, refusing a device in
// use (a mounted target).
#include <iostream>

#include "backing.hpp"
#include "cli.hpp"
#include "device.hpp"
#include "ldd_view.hpp"
#include "target.hpp"

namespace {

using namespace tgt;
using util::Error;
using util::Result;

constexpr const char *prog = "tunefs.lustre";

struct Flags {
	bool print = false, dryrun = false, verbose = false, quiet = false;
	std::string device;
};

Result<nacre_ldd> read_ldd(const Device &d, bool quiet)
{
	if (!quiet)
		std::cout << "checking for existing Lustre data: " << std::flush;
	auto md = probe_mountdata(d.path);
	if (!md)
		return md.error();
	if (!*md) {
		if (!quiet)
			std::cout << "not found\n";
		return Error{ENODEV, d.path + " is not a Lustre target (no " MOUNT_DATA_FILE ")"};
	}
	if (!quiet)
		std::cout << "found\n";
	nacre_ldd l;
	ldd_error err{};
	if (ldd_decode((*md)->data(), (*md)->size(), &l, &err) != 0)
		return Error{EINVAL, d.path + ": " MOUNT_DATA_FILE " offset " + std::to_string(err.offset) +
		                             ": " + err.why};
	return l;
}

Result<void> write_back(const Device &d, const nacre_ldd &l, const Flags &f)
{
	auto busy = check_not_in_use(d);
	if (!busy)
		return busy;
	if (!f.quiet)
		std::cout << "Writing " MOUNT_DATA_FILE "\n";
	auto m = PrivateMount::mount(d);
	if (!m)
		return m.error();
	if (f.verbose)
		std::cout << "mounted " << d.path << " privately on " << m->dir() << "\n";
	auto w = write_mountdata(m->dir(), l);
	if (!w)
		return w;
	return m->unmount();
}

} // namespace

int main(int argc, char **argv)
{
	CLI::App app{"tunefs.lustre: change a Lustre server target's permanent disk data"};
	app.footer(
	        "Examples:\n"
	        "  tunefs.lustre --print /dev/sdb\n"
	        "  tunefs.lustre --erase-params --mgsnode=10.0.0.1@tcp --servicenode=10.0.0.2@tcp /dev/sdc\n"
	        "  tunefs.lustre --writeconf /dev/sdb   (on every target, all unmounted)\n");
	TunefsOptions o;
	Flags f;
	std::string backfstype = "ldiskfs";
	app.add_option("--fsname", o.fsname, "a new file system name (1-8 characters)");
	app.add_option("--index", o.index, "a new index, 0-65534")->type_name("N");
	app.add_option("--backfstype", backfstype, "ldiskfs or ext4 (the same: ext4)");
	add_edit_options(app, o.edits);
	app.add_flag("--erase-params", o.erase_params, "drop every parameter (before adding the new ones)");
	app.add_flag("--writeconf", o.writeconf, "regenerate the configuration logs at the next mount");
	app.add_flag("--print", f.print, "print the disk data only");
	app.add_flag("-n,--dryrun", f.dryrun, "print what would be written, write nothing");
	app.add_flag("-v,--verbose", f.verbose, "say more");
	app.add_flag("-q,--quiet", f.quiet, "print only the disk data and errors");
	app.add_option("device", f.device, "block device or image file")->type_name("DEVICE");
	int status = 0;
	if (!parse_args(app, argc, argv, prog, status))
		return status;
	if (auto bt = check_backfstype(backfstype); !bt)
		return fail(prog, bt.error());
	if (f.device.empty())
		return fail(prog, Error{EINVAL, "no device given (tunefs.lustre [options] DEVICE)"});

	auto dev = find_device(f.device, std::nullopt);
	if (!dev)
		return fail(prog, dev.error());
	auto old = read_ldd(*dev, f.quiet);
	if (!old)
		return fail(prog, old.error());
	std::cout << ldd_text("Read previous values", *old);
	auto l = f.print ? Result<nacre_ldd>(*old) : tune_ldd(*old, o);
	if (!l)
		return fail(prog, l.error());
	std::cout << ldd_text("Permanent disk data", *l);
	if (f.print || f.dryrun) {
		std::cout << "exiting before disk write.\n";
		return 0;
	}
	auto w = write_back(*dev, *l, f);
	if (!w)
		return fail(prog, w.error());
	return 0;
}
