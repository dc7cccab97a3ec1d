// SPDX-License-Identifier: GPL-2.0
/* mkfs.lustre and tunefs.lustre without a device (utils/mount/): the
 * "Permanent disk data:" block, word for word, for the flag combinations
 * Lustre prints (MGS 0x64, MDT 0x61, MGS+MDT 0x65, OST 0x62, MDT with
 * --servicenode 0x1061); the options' refusals; parameter words and NID
 * lists; tunefs's edits (--servicenode replaces, --erase-params,
 * --writeconf); the mke2fs command. */
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "backing.hpp"
#include "ldd_view.hpp"
#include "params.hpp"
#include "run.hpp"
#include "target.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using tgt::MkfsOptions;
using tgt::TunefsOptions;

static nacre_ldd made(const MkfsOptions &o)
{
	auto l = tgt::make_ldd(o);
	if (!l)
		print_message("make_ldd: %s\n", l.error().message.c_str());
	assert_true(l.ok());
	return *l;
}

static MkfsOptions opts(bool mgs, bool mdt, bool ost)
{
	MkfsOptions o;
	o.fsname = "fs00";
	o.mgs = mgs;
	o.mdt = mdt;
	o.ost = ost;
	if (mdt || ost)
		o.index = ost ? "1" : "0";
	if (!mgs)
		o.edits.mgsnodes = {"10.0.0.1@tcp"};
	return o;
}

static void test_golden_mgs(void **)
{
	MkfsOptions o = opts(true, false, false);
	assert_string_equal(tgt::ldd_text("Permanent disk data", made(o)).c_str(),
	                    "\n"
	                    "   Permanent disk data:\n"
	                    "Target:     MGS\n"
	                    "Index:      unassigned\n"
	                    "Lustre FS:  fs00\n"
	                    "Mount type: ldiskfs\n"
	                    "Flags:      0x64\n"
	                    "              (MGS first_time update )\n"
	                    "Persistent mount opts: user_xattr,errors=remount-ro\n"
	                    "Parameters:\n"
	                    "\n");
}

static void test_golden_mdt(void **)
{
	MkfsOptions o = opts(false, true, false);
	o.edits.mgsnodes = {"10.211.55.3@tcp0"};
	assert_string_equal(tgt::ldd_text("Permanent disk data", made(o)).c_str(),
	                    "\n"
	                    "   Permanent disk data:\n"
	                    "Target:     fs00:MDT0000\n"
	                    "Index:      0\n"
	                    "Lustre FS:  fs00\n"
	                    "Mount type: ldiskfs\n"
	                    "Flags:      0x61\n"
	                    "              (MDT first_time update )\n"
	                    "Persistent mount opts: user_xattr,errors=remount-ro\n"
	                    "Parameters: mgsnode=10.211.55.3@tcp\n"
	                    "\n");
}

static void test_golden_mgs_mdt(void **)
{
	MkfsOptions o = opts(true, true, false);
	assert_string_equal(tgt::ldd_text("Permanent disk data", made(o)).c_str(),
	                    "\n"
	                    "   Permanent disk data:\n"
	                    "Target:     fs00:MDT0000\n"
	                    "Index:      0\n"
	                    "Lustre FS:  fs00\n"
	                    "Mount type: ldiskfs\n"
	                    "Flags:      0x65\n"
	                    "              (MDT MGS first_time update )\n"
	                    "Persistent mount opts: user_xattr,errors=remount-ro\n"
	                    "Parameters:\n"
	                    "\n");
}

static void test_golden_ost(void **)
{
	MkfsOptions o = opts(false, false, true);
	o.edits.mgsnodes = {"192.168.14.121"};
	o.edits.params = {"sys.timeout=40"};
	assert_string_equal(tgt::ldd_text("Permanent disk data", made(o)).c_str(),
	                    "\n"
	                    "   Permanent disk data:\n"
	                    "Target:     fs00:OST0001\n"
	                    "Index:      1\n"
	                    "Lustre FS:  fs00\n"
	                    "Mount type: ldiskfs\n"
	                    "Flags:      0x62\n"
	                    "              (OST first_time update )\n"
	                    "Persistent mount opts: ,errors=remount-ro\n"
	                    "Parameters: mgsnode=192.168.14.121@tcp sys.timeout=40\n"
	                    "\n");
}

static void test_golden_servicenode(void **)
{
	MkfsOptions o = opts(false, true, false);
	o.edits.mgsnodes = {"10.0.0.1@tcp", "10.0.0.2@tcp"};
	o.edits.servicenodes = {"10.0.0.1@tcp", "10.0.0.2@tcp"};
	o.edits.comment = "rack 4";
	assert_string_equal(tgt::ldd_text("Permanent disk data", made(o)).c_str(),
	                    "\n"
	                    "   Permanent disk data:\n"
	                    "Target:     fs00:MDT0000\n"
	                    "Index:      0\n"
	                    "Lustre FS:  fs00\n"
	                    "Mount type: ldiskfs\n"
	                    "Flags:      0x1061\n"
	                    "              (MDT first_time update no_primnode )\n"
	                    "Persistent mount opts: user_xattr,errors=remount-ro\n"
	                    "Parameters: mgsnode=10.0.0.1@tcp:10.0.0.2@tcp "
	                    "failover.node=10.0.0.1@tcp:10.0.0.2@tcp\n"
	                    "Comment: rack 4\n"
	                    "\n");
}

struct Refusal {
	const char *name;
	void (*edit)(MkfsOptions &);
	const char *message;
};

static const Refusal refusals[] = {
        {"no type", [](MkfsOptions &o) { o.ost = false; }, "must specify --mgs, --mdt or --ost"},
        {"mdt and ost", [](MkfsOptions &o) { o.mdt = true; }, "a target cannot be both --mdt and --ost"},
        {"mgs and ost", [](MkfsOptions &o) { o.mgs = true; },
         "an MGS can share its device with an MDT only, not an OST"},
        {"fsname 9", [](MkfsOptions &o) { o.fsname = "abcdefghi"; },
         "filesystem name must be 1-8 chars of A-Z a-z 0-9 _ - ('abcdefghi')"},
        {"fsname dot", [](MkfsOptions &o) { o.fsname = "fs.0"; },
         "filesystem name must be 1-8 chars of A-Z a-z 0-9 _ - ('fs.0')"},
        {"no index", [](MkfsOptions &o) { o.index.reset(); }, "an OST needs --index=N"},
        {"index big", [](MkfsOptions &o) { o.index = "65535"; },
         "--index '65535' is not a number from 0 to 65534"},
        {"index negative", [](MkfsOptions &o) { o.index = "-1"; },
         "--index '-1' is not a number from 0 to 65534"},
        {"index text", [](MkfsOptions &o) { o.index = "1x"; },
         "--index '1x' is not a number from 0 to 65534"},
        {"no mgsnode", [](MkfsOptions &o) { o.edits.mgsnodes.clear(); },
         "a target without --mgs needs --mgsnode=NID of its MGS"},
        {"bad mgsnode", [](MkfsOptions &o) { o.edits.mgsnodes = {"10.0.0.300@tcp"}; }, nullptr},
        {"zfs", [](MkfsOptions &o) { o.backfstype = "zfs"; },
         "ZFS back ends are not supported by Nacre; use --backfstype=ldiskfs (ext4)"},
        {"btrfs", [](MkfsOptions &o) { o.backfstype = "btrfs"; },
         "unknown --backfstype 'btrfs' (ldiskfs or ext4)"},
        {"param", [](MkfsOptions &o) { o.edits.params = {"novalue"}; },
         "--param: parameter 'novalue' is not KEY=VALUE"},
        {"param blank", [](MkfsOptions &o) { o.edits.params = {"a=b c"}; },
         "--param: parameter 'a=b c' has a blank or a character that is not printable ASCII"},
        {"service and fail",
         [](MkfsOptions &o) {
	         o.edits.servicenodes = {"10.0.0.1"};
	         o.edits.failnodes = {"10.0.0.2"};
         },
         "--servicenode and --failnode cannot be used together"},
};

static void test_refusals(void **)
{
	for (const Refusal &r : refusals) {
		MkfsOptions o = opts(false, false, true);
		r.edit(o);
		auto l = tgt::make_ldd(o);
		print_message("%s\n", r.name);
		assert_false(l.ok());
		assert_int_equal(l.error().code, EINVAL);
		if (r.message)
			assert_string_equal(l.error().message.c_str(), r.message);
		else
			assert_non_null(strstr(l.error().message.c_str(), "--mgsnode: bad NID"));
	}
	MkfsOptions o = opts(true, false, false);
	o.index = "0";
	auto l = tgt::make_ldd(o);
	assert_false(l.ok());
	assert_string_equal(l.error().message.c_str(),
	                    "--index applies to an MDT or an OST, not an MGS alone");
	/* ldiskfs and ext4 are the same; an index in hex; failnode keeps
	 * the primary node. */
	o = opts(false, false, true);
	o.backfstype = "ext4";
	o.index = "0x1f";
	o.edits.failnodes = {"10.0.0.3@tcp,10.0.1.3@o2ib"};
	nacre_ldd m = made(o);
	assert_string_equal(m.svname, "fs00:OST001f");
	assert_int_equal(m.flags, 0x62);
	assert_string_equal(m.params, " mgsnode=10.0.0.1@tcp failover.node=10.0.0.3@tcp,10.0.1.3@o2ib");
}

static void test_params(void **)
{
	auto p = tgt::Params::parse("  mgsnode=1@tcp failover.node=a:b  x=1 x=2 ");
	assert_true(p.ok());
	assert_int_equal(p->words().size(), 4);
	assert_string_equal(p->get("x")->c_str(), "1");
	p->set("x", "3");
	assert_string_equal(p->str().c_str(), " mgsnode=1@tcp failover.node=a:b x=3");
	p->add_node("failover.node", "c");
	p->add_node("mgsnode", "2@tcp");
	assert_string_equal(p->str().c_str(), " mgsnode=1@tcp:2@tcp failover.node=a:b:c x=3");
	p->erase("failover.node");
	assert_false(p->get("failover.node").has_value());
	assert_true(p->add_word("y=").ok());
	assert_string_equal(p->str().c_str(), " mgsnode=1@tcp:2@tcp x=3 y=");
	assert_false(tgt::Params::parse("a=1 =2").ok());
	assert_false(tgt::Params::parse("a=1 b").ok());

	auto n = tgt::node_nids("10.0.0.1@tcp0,10.0.1.1@o2ib0,10.0.2.1");
	assert_true(n.ok());
	assert_string_equal(n->c_str(), "10.0.0.1@tcp,10.0.1.1@o2ib,10.0.2.1@tcp");
	n = tgt::node_nids("10.0.0.1@tcp:10.0.0.2@tcp1,10.0.1.2@o2ib");
	assert_true(n.ok());
	assert_string_equal(n->c_str(), "10.0.0.1@tcp:10.0.0.2@tcp1,10.0.1.2@o2ib");
	assert_false(tgt::node_nids("10.0.0.1@tcp:").ok());
	assert_false(tgt::node_nids("").ok());
	assert_false(tgt::node_nids("10.0.0.1@tcp,").ok());
	assert_false(tgt::node_nids("10.0.0.1@bogus").ok());
	auto v6 = tgt::node_nids("fe80::1@tcp");
	assert_false(v6.ok());
	assert_non_null(strstr(v6.error().message.c_str(), "':' separates nodes"));
}

static nacre_ldd ost_on_disk()
{
	MkfsOptions o = opts(false, false, true);
	o.edits.failnodes = {"10.0.0.3@tcp"};
	o.edits.params = {"sys.timeout=40"};
	return made(o);
}

static void test_tune(void **)
{
	nacre_ldd old = ost_on_disk();
	TunefsOptions t;
	t.edits.servicenodes = {"10.0.0.5@tcp", "10.0.0.6@tcp"};
	auto l = tgt::tune_ldd(old, t);
	assert_true(l.ok());
	assert_string_equal(l->params,
	                    " mgsnode=10.0.0.1@tcp failover.node=10.0.0.5@tcp:10.0.0.6@tcp sys.timeout=40");
	assert_int_equal(l->flags, 0x1062);

	t = TunefsOptions{};
	t.erase_params = true;
	t.edits.mgsnodes = {"10.0.0.9@tcp"};
	l = tgt::tune_ldd(*l, t);
	assert_true(l.ok());
	assert_string_equal(l->params, " mgsnode=10.0.0.9@tcp");
	assert_int_equal(l->flags, 0x462);

	t = TunefsOptions{};
	t.erase_params = true;
	l = tgt::tune_ldd(*l, t);
	assert_false(l.ok());
	assert_non_null(strstr(l.error().message.c_str(), "needs an mgsnode parameter"));

	/* --writeconf on a registered target: flag 0x100, '=' in the name. */
	old.flags &= ~(unsigned)(LDD_F_VIRGIN | LDD_F_UPDATE);
	std::strcpy(old.svname, "fs00-OST0001");
	t = TunefsOptions{};
	t.writeconf = true;
	l = tgt::tune_ldd(old, t);
	assert_true(l.ok());
	assert_int_equal(l->flags, 0x102);
	assert_string_equal(l->svname, "fs00=OST0001");
	assert_string_equal(l->params, old.params);

	t = TunefsOptions{};
	t.edits.mountfsoptions = "user_xattr";
	t.edits.params = {"sys.timeout=60"};
	l = tgt::tune_ldd(old, t);
	assert_true(l.ok());
	assert_string_equal(l->mount_opts, "user_xattr,errors=remount-ro");
	assert_non_null(strstr(l->params, " sys.timeout=60"));
	assert_null(strstr(l->params, "sys.timeout=40"));
	assert_int_equal(l->flags, 0x402);
}

static void test_mke2fs(void **)
{
	MkfsOptions o = opts(true, true, false);
	auto c = tgt::mke2fs_command(made(o), "/dev/vdb", 262144, {"-J", "size=64"});
	assert_string_equal(tgt::command_line(c.argv).c_str(),
	                    "mke2fs -t ext4 -b 4096 -L fs00:MDT0000 -m 0 -I 512 -i 2048 -O large_dir "
	                    "-E lazy_itable_init=0,lazy_journal_init=0 -J size=64 -q -F /dev/vdb 262144k");
	c = tgt::mke2fs_command(made(opts(false, false, true)), "/tmp/x.img", 0, {});
	assert_string_equal(tgt::command_line(c.options).c_str(),
	                    "-m 0 -I 512 -O large_dir -E lazy_itable_init=0,lazy_journal_init=0 -q -F");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_golden_mgs),
	        cmocka_unit_test(test_golden_mdt),
	        cmocka_unit_test(test_golden_mgs_mdt),
	        cmocka_unit_test(test_golden_ost),
	        cmocka_unit_test(test_golden_servicenode),
	        cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_params),
	        cmocka_unit_test(test_tune),
	        cmocka_unit_test(test_mke2fs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
