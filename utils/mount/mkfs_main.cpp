// SPDX-License-Identifier: GPL-2.0
// mkfs.lustre: formats a device (or an image file) as a Lustre server
// target on ext4, as Lustre's does for an administrator:
//
//   mkfs.lustre --fsname=fs00 --mgs --mdt --index=0 /dev/sdb
//   mkfs.lustre --fsname=fs00 --ost --index=1 --mgsnode=10.0.0.1@tcp /dev/sdc
//
// It prints the target's permanent disk data (Lustre's block), refuses a
// device in use or one that already holds a target (unless --reformat),
// runs mke2fs, then mounts the new ext4 where only it sees it and writes
// CONFIGS/mountdata and the /NACRE directory.  No kernel module is needed.
#include <cstdint>
#include <iostream>
#include <sstream>

#include "backing.hpp"
#include "cli.hpp"
#include "device.hpp"
#include "ldd_view.hpp"
#include "run.hpp"
#include "target.hpp"

namespace {

using namespace tgt;
using util::Error;
using util::Result;

constexpr const char *prog = "mkfs.lustre";

struct Flags {
	bool reformat = false, dryrun = false, verbose = false, quiet = false;
	std::optional<std::uint64_t> device_kb;
	std::string mkfsoptions;
	std::string device;
};

std::vector<std::string> words(const std::string &s)
{
	std::istringstream in(s);
	std::vector<std::string> v;
	for (std::string w; in >> w;)
		v.push_back(w);
	return v;
}

// An existing target on the device, unless --reformat says to overwrite it.
Result<void> check_existing(const Device &d, const Flags &f)
{
	if (f.reformat)
		return {};
	if (!f.quiet)
		std::cout << "checking for existing Lustre data: " << std::flush;
	auto md = probe_mountdata(d.path);
	if (!md)
		return md.error();
	if (!*md) {
		if (!f.quiet)
			std::cout << "not found\n";
		return {};
	}
	if (!f.quiet)
		std::cout << "found\n";
	nacre_ldd old;
	ldd_error err{};
	if (ldd_decode((*md)->data(), (*md)->size(), &old, &err) != 0)
		return Error{EEXIST,
		             d.path + " already holds Lustre data (CONFIGS/mountdata, unreadable: offset " +
		                     std::to_string(err.offset) + ": " + err.why +
		                     "); use --reformat to overwrite"};
	return Error{EEXIST,
	             d.path + " already holds Lustre target " + old.svname + "; use --reformat to overwrite"};
}

Result<void> format(const nacre_ldd &ldd, const Flags &f)
{
	auto dev = find_device(f.device, f.device_kb);
	if (!dev)
		return dev.error();
	auto busy = check_not_in_use(*dev);
	if (!busy)
		return busy;
	auto existing = check_existing(*dev, f);
	if (!existing)
		return existing;

	std::uint64_t kb = f.device_kb ? *f.device_kb : dev->bytes / 1024;
	auto cmd =
	        mke2fs_command(ldd, dev->path, f.device_kb && !dev->regular ? kb : 0, words(f.mkfsoptions));
	if (!f.quiet) {
		std::cout << "device size = " << dev->bytes / (1024 * 1024) << "MB\n"
		          << "formatting backing filesystem ldiskfs on " << dev->path << "\n"
		          << "\ttarget name   " << ldd.svname << "\n"
		          << "\tkilobytes     " << kb << "\n"
		          << "\toptions        " << command_line(cmd.options) << "\n"
		          << "mkfs_cmd = " << command_line(cmd.argv) << "\n";
	}
	auto mk = run(cmd.argv);
	if (!mk)
		return mk;

	if (!f.quiet)
		std::cout << "Writing " MOUNT_DATA_FILE "\n";
	auto m = PrivateMount::mount(*dev);
	if (!m)
		return m.error();
	if (f.verbose)
		std::cout << "mounted " << dev->path << " privately on " << m->dir() << "\n";
	auto w = write_mountdata(m->dir(), ldd);
	if (!w)
		return w;
	if (!(w = write_nacre_dir(m->dir())))
		return w;
	return m->unmount();
}

} // namespace

int main(int argc, char **argv)
{
	CLI::App app{"mkfs.lustre: format a device as a Lustre server target (ext4 back end)"};
	app.footer("Examples:\n"
	           "  mkfs.lustre --fsname=fs00 --mgs --mdt --index=0 /dev/sdb\n"
	           "  mkfs.lustre --fsname=fs00 --ost --index=1 --mgsnode=10.0.0.1@tcp /dev/sdc\n");
	MkfsOptions o;
	Flags f;
	app.add_option("--fsname", o.fsname, "file system name, 1-8 characters (default lustre)");
	app.add_flag("--mgs", o.mgs, "a management server (alone, or with --mdt)");
	app.add_flag("--mdt", o.mdt, "a metadata target");
	app.add_flag("--ost", o.ost, "an object storage target");
	app.add_option("--index", o.index, "the MDT's or OST's index, 0-65534")->type_name("N");
	app.add_option("--backfstype", o.backfstype,
	               "ldiskfs or ext4 (the same: ext4); zfs is not supported");
	app.add_option("--device-size", f.device_kb, "size in KB (an image file is created or resized)")
	        ->type_name("KB");
	app.add_option("--mkfsoptions", f.mkfsoptions, "more mke2fs options")->type_name("OPTS");
	add_edit_options(app, o.edits);
	app.add_option("--stripe-count-hint", "accepted for Lustre compatibility, ignored")->type_name("N");
	app.add_flag("-r,--reformat", f.reformat, "overwrite a device that already holds a target");
	app.add_flag("-n,--dryrun", f.dryrun, "print what would be written, write nothing");
	app.add_flag("-v,--verbose", f.verbose, "say more");
	app.add_flag("-q,--quiet", f.quiet, "print only the permanent disk data and errors");
	app.add_option("device", f.device, "block device or image file")->type_name("DEVICE");
	int status = 0;
	if (!parse_args(app, argc, argv, prog, status))
		return status;

	auto ldd = make_ldd(o);
	if (!ldd)
		return fail(prog, ldd.error());
	if (f.device.empty())
		return fail(prog, Error{EINVAL, "no device given (mkfs.lustre [options] DEVICE)"});
	std::cout << ldd_text("Permanent disk data", *ldd);
	if (f.dryrun) {
		std::cout << "exiting before disk write.\n";
		return 0;
	}
	auto r = format(*ldd, f);
	if (!r)
		return fail(prog, r.error());
	return 0;
}
