// SPDX-License-Identifier: GPL-2.0
/* lctl's command lines through a whole Session (fake parameter tree, no
 * /dev/obd, no netlink reached): exit statuses (0, 1 failed, 2 bad command
 * line), the error lines, help, and the device selection of a session. */
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "session.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include "lctl_tree.hpp"

struct Run {
	int status;
	std::string out;
	std::string err;
};

struct Lctl {
	FakeTree tree;
	std::ostringstream out, err;
	lctl::Session session;

	Lctl() : session(env()) { tree.populate(); }

	lctl::Env env()
	{
		lctl::Env e;
		e.param_roots = tree.roots();
		e.obd_path = tree.base() + "/no-obd";
		e.out = &out;
		e.err = &err;
		return e;
	}

	// What main() does with a command line.
	Run operator()(const std::vector<std::string> &args)
	{
		out.str("");
		err.str("");
		auto g = session.globals(args);
		int status = g.exit ? *g.exit : session.run(g.command);
		return {status, out.str(), err.str()};
	}
};

struct CliCase {
	std::vector<std::string> args;
	int status;
	const char *out; /* exact; "~text": contains text; nullptr: not checked */
	const char *err; /* the start of it ("" = nothing); NOOBD is the missing /dev/obd */
};

static const CliCase cases[] = {
        /* bad command lines: 2 */
        {{"foo"}, 2, "", "lctl: unknown command 'foo'; 'lctl help' lists them\n"},
        {{"--bogus"}, 2, "", "error: lctl: unknown option '--bogus'"},
        {{"--device"}, 2, "", "error: lctl: --device needs a device name or index\n"},
        {{"get_param"}, 2, "", "error: get_param: param is required\nusage: see 'lctl help get_param'\n"},
        {{"get_param", "-x", "version"}, 2, "", "error: get_param: "},
        {{"list_param"}, 2, "", "error: list_param: "},
        {{"set_param", "a.b"}, 2, "", "error: set_param: 'a.b': no value (expected name=value)\n"},
        {{"set_param", "-d", "a.b"}, 2, "", "error: set_param: -d goes with -P\n"},
        {{"set_param", "-P", "-d", "a.b=1"}, 2, "", "error: set_param: -P -d takes names only: 'a.b=1'\n"},
        {{"conf_param", "testfs"}, 2, "", "error: conf_param: 'testfs': expected TARGET.PARAM=VALUE\n"},
        {{"conf_param", "-d", "testfs"}, 2, "", "error: conf_param: 'testfs': expected TARGET.PARAM\n"},
        {{"echo_test", "--op", "fly"}, 2, "", "error: echo_test: "},
        {{"--device", "ec", "echo_test", "--size", "5M"},
         2,
         "",
         "error: echo_test: --size \"5M\": at most 4194304 bytes\n"},
        {{"--device", "ec", "echo_test", "--op", "write", "--size", "0"},
         2,
         "",
         "error: echo_test: --size: write and read move 1 byte to 4M per RPC\n"},
        {{"--device", "ec", "echo_test", "--count", "0"},
         2,
         "",
         "error: echo_test: --count \"0\": expected 1 to 18446744073709551615\n"},
        {{"--device", "ec", "echo_test", "--concurrency", "2000"},
         2,
         "",
         "error: echo_test: --concurrency \"2000\": expected 1 to 256\n"},
        {{"echo_test", "--json", "--yaml"}, 2, "", "error: echo_test: "},
        {{"--device", "ec", "echo_test", "--checksum-type", "md5"},
         2,
         "",
         "error: echo_test: --checksum-type: one of crc32, adler, crc32c, t10ip512, t10ip4K, "
         "t10crc512, t10crc4K\n"},
        {{"--device", "ec", "echo_test", "--fail-checksum"},
         2,
         "",
         "error: echo_test: --fail-checksum: only for --op write\n"},
        {{"getattr", "1"}, 2, "", "error: getattr: no device selected"},
        {{"--device", "ec", "getattr"}, 2, "", "error: getattr: objid is required"},
        {{"--device", "ec", "getattr", "0"},
         2,
         "",
         "error: getattr: objid \"0\": expected 1 to 4294967295\n"},
        {{"--device", "ec", "destroy", "0x100000000"},
         2,
         "",
         "error: destroy: objid: an object id, 1 to 0xffffffff\n"},
        {{"--device", "ec", "setattr", "0x10000001"},
         2,
         "",
         "error: setattr: nothing to set: give a mode or an option\n"},
        {{"--device", "ec", "setattr", "0x10000001", "0999"},
         2,
         "",
         "error: setattr: mode: octal permission bits, at most 07777\n"},
        {{"--device", "ec", "create", "0"}, 2, "", "error: create: count \"0\": expected 1 to 1048576\n"},
        {{"echo_test"}, 2, "", "error: echo_test: no device selected"},
        {{"echo_lock", "--mode", "PW"}, 2, "", "error: echo_lock: no device selected"},
        {{"--device", "ec", "echo_lock"}, 2, "", "error: echo_lock: --mode is required"},
        {{"--device", "ec", "echo_lock", "--mode", "NL"},
         2,
         "",
         "error: echo_lock: --mode \"NL\": expected EX, PW, PR, CW or CR\n"},
        {{"--device", "ec", "echo_lock", "--mode", "PW", "--start", "8K", "--end", "4095"},
         2,
         "",
         "error: echo_lock: --end 4095 is before --start 8K (the extent is [start, end], both included)\n"},
        {{"--device", "ec", "echo_lock", "--mode", "PW", "--oid", "x"},
         2,
         "",
         "error: echo_lock: --oid \"x\": not a number\n"},
        {{"--device", "ec", "echo_lock", "--mode", "PW", "--json", "--yaml"}, 2, "", "error: echo_lock: "},
        {{"--device", "ec", "echo_lock", "--mode", "PW", "extra"}, 2, "", "error: echo_lock: "},
        {{"echo_unlock", "0x1"}, 2, "", "error: echo_unlock: no device selected"},
        {{"--device", "ec", "echo_unlock"}, 2, "", "error: echo_unlock: cookie is required"},
        {{"--device", "ec", "echo_unlock", "0x0"},
         2,
         "",
         "error: echo_unlock: cookie \"0x0\": no lock has cookie 0\n"},
        {{"--device", "ec", "echo_unlock", "lock"},
         2,
         "",
         "error: echo_unlock: cookie \"lock\": expected the hexadecimal cookie echo_lock printed, like "
         "0x1a2b3c\n"},
        {{"--device", "ec", "echo_unlock", "0x1", "0x2"}, 2, "", "error: echo_unlock: "},
        {{"setup", "x"}, 2, "", "error: setup: no device selected"},
        {{"detach", "x"}, 2, "", "error: detach: "},
        {{"--device", "ec", "cleanup", "failover"}, 2, "", "error: cleanup: 'failover' is not supported\n"},
        {{"--device", "ec", "cleanup", "now"},
         2,
         "",
         "error: cleanup: unknown flag 'now' (expected force)\n"},
        {{"attach", "echo"}, 2, "", "error: attach: name is required"},
        {{"dl", "-y", "--json"}, 2, "", "error: dl: "},
        {{"dk", "/tmp/x", "cooked"}, 2, "", "error: debug_kernel: "},
        {{"ping"}, 2, "", "error: ping: nid is required"},
        {{"ping", "10.0.0.1"}, 2, "", "error: ping: bad NID \"10.0.0.1\""},
        {{"ping", "10.0.0.1@tcp", "0"}, 2, "", "error: ping: timeout \"0\": expected 1 to 120\n"},
        {{"ping", "10.0.0.1@tcp", "121"}, 2, "", "error: ping: timeout \"121\": expected 1 to 120\n"},
        {{"network"}, 2, "", "error: network: "},
        {{"network", "sideways"}, 2, "", "error: network: "},
        {{"help", "nothing"}, 2, "", "error: help: no command 'nothing'\n"},

        /* operations that fail: 1 */
        {{"set_param", "-P", "a.b=1"}, 1, "", "error: set_param: -P needs the MGS (not available yet)\n"},
        {{"conf_param", "testfs.sys.timeout=40"},
         1,
         "",
         "error: conf_param: needs the MGS (not available yet)\n"},
        {{"conf_param", "-d", "testfs.sys.timeout"},
         1,
         "",
         "error: conf_param: needs the MGS (not available yet)\n"},
        {{"dl"}, 1, "", "error: dl: NOOBD"},
        {{"device", "ec"}, 1, "", "error: device: NOOBD"},
        {{"--device", "ec", "echo_test"}, 1, "", "error: echo_test: NOOBD"},
        {{"--device", "ec", "echo_lock", "--mode", "PW"}, 1, "", "error: echo_lock: NOOBD"},
        {{"--device", "ec", "echo_unlock", "0x1a2b3c"}, 1, "", "error: echo_unlock: NOOBD"},
        {{"--device=%3", "setup", "ECHO_UUID"}, 1, "", "error: setup: NOOBD"},
        {{"attach", "echo", "ES"}, 1, "", "error: attach: NOOBD"},
        {{"dk"}, 1, "", "error: debug_kernel: NOOBD"},
        {{"get_param", "x.y"}, 1, "", "error: get_param: param_path 'x.y': No such file or directory\n"},

        /* success: 0 */
        {{"get_param", "-n", "version"}, 0, "2.16.0-nacre\n", ""},
        {{"gp", "version", "ldlm.namespaces.ns1.lru_size"},
         0,
         "version=2.16.0-nacre\nldlm.namespaces.ns1.lru_size=100\n",
         ""},
        {{"lp", "-F", "ldlm", "obdecho.*"}, 0, "ldlm/\nobdecho.echo.1/\n", ""},
        {{"sp", "debug=+net"}, 0, "debug=+net\n", ""},
        {{"set_param", "-n", "debug", "-1"}, 0, "", ""},
        {{"device"}, 0, "current device is not set\n", ""},
        {{"cfg_device", "$ec"}, 0, "", ""},
        {{"quit"}, 0, "", ""},
        {{"ignore_errors"}, 0, "", ""},
        {{"get_param", "--help"}, 0, "~Usage: lctl get_param [OPTIONS] param...", ""},
        {{"gp", "-h"}, 0, "~-N,--only-name", ""},
        {{"help", "gp"}, 0, "~Usage: lctl get_param [OPTIONS] param...", ""},
        {{"help", "echo_test"}, 0, "~--concurrency", ""},
        {{"help", "echo_lock"}, 0, "~Usage: lctl echo_lock [OPTIONS]", ""},
        {{"help", "echo_lock"}, 0, "~--end N[KMG]|EOF", ""},
        {{"help", "echo_lock"}, 0, "~lock 0x1a2b3c PW [0, EOF] granted after 0.000250 s", ""},
        {{"help", "echo_unlock"}, 0, "~Usage: lctl echo_unlock [OPTIONS] cookie", ""},
        {{"echo_lock", "--help"}, 0, "~--mode MODE REQUIRED", ""},
        {{"help"}, 0, "~  get_param, gp ", ""},
        {{"-h"}, 0, "~Commands:\n", ""},
        {{"--version"}, 0, "~lctl ", ""},
        {{"--ignore_errors", "get_param", "-n", "version"}, 0, "2.16.0-nacre\n", ""},
};

static std::string replace_all(std::string s, const std::string &from, const std::string &to)
{
	for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
		s.replace(at, from.size(), to);
	return s;
}

static void test_command_lines(void **)
{
	for (const auto &c : cases) {
		std::string line;
		for (const auto &a : c.args)
			line += a + " ";
		print_message("lctl %s\n", line.c_str());
		Lctl lctl;
		const std::string noobd = lctl.tree.base() + "/no-obd: No such file or directory";

		Run r = lctl(c.args);

		if (!c.out)
			;
		else if (c.out[0] == '~')
			assert_non_null(strstr(r.out.c_str(), c.out + 1));
		else
			assert_string_equal(r.out.c_str(), c.out);
		const std::string want_err = replace_all(c.err, "NOOBD", noobd);
		if (want_err.empty())
			assert_string_equal(r.err.c_str(), "");
		else if (r.err.compare(0, want_err.size(), want_err) != 0)
			fail_msg("stderr '%s' does not start with '%s'", r.err.c_str(), want_err.c_str());
		assert_int_equal(r.status, c.status);
	}
}

static void test_set_param_writes(void **)
{
	Lctl lctl;

	Run r = lctl({"set_param", "ldlm.namespaces.*.lru_size=0", "debug=-1"});

	assert_int_equal(r.status, 0);
	assert_string_equal(r.out.c_str(),
	                    "ldlm.namespaces.ns1.lru_size=0\nldlm.namespaces.ns2.lru_size=0\ndebug=-1\n");
	/* one write at offset 0, as sysfs takes it: the fake file keeps its tail */
	assert_string_equal(lctl.tree.read(0, "ldlm/namespaces/ns2/lru_size").c_str(), "000\n");
	assert_string_equal(lctl.tree.read(1, "debug").c_str(), "-1t neterror\n");
}

static void test_device_selection(void **)
{
	Lctl lctl;

	Run none = lctl({"device"});
	Run set = lctl({"cfg_device", "$ec"});
	Run shown = lctl({"device"});
	Run needs_kernel = lctl({"cleanup"});

	assert_string_equal(none.out.c_str(), "current device is not set\n");
	assert_int_equal(set.status, 0);
	/* no /dev/obd: the name as it was given */
	assert_string_equal(shown.out.c_str(), "current device is ec\n");
	/* cfg_device's name is not checked: cleanup reaches /dev/obd */
	assert_int_equal(needs_kernel.status, 1);
	assert_non_null(strstr(needs_kernel.err.c_str(), "error: cleanup: "));
	assert_non_null(strstr(needs_kernel.err.c_str(), "/no-obd: No such file or directory"));
}

static void test_quit_and_ignore_errors(void **)
{
	Lctl lctl;

	assert_false(lctl.session.done());
	assert_false(lctl.session.ignore_errors());
	(void)lctl({"ignore_errors"});
	(void)lctl({"exit"});

	assert_true(lctl.session.done());
	assert_true(lctl.session.ignore_errors());
}

static void test_help_lists_every_command(void **)
{
	Lctl lctl;

	Run r = lctl({"help"});

	for (const auto &c : lctl.session.commands()) {
		assert_non_null(strstr(r.out.c_str(), ("  " + std::string(c.name)).c_str()));
		/* every command describes itself, with examples or what it does */
		std::string h = lctl.session.help(c);
		assert_non_null(strstr(h.c_str(), (std::string("lctl ") + c.name).c_str()));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_command_lines),
	        cmocka_unit_test(test_set_param_writes),
	        cmocka_unit_test(test_device_selection),
	        cmocka_unit_test(test_quit_and_ignore_errors),
	        cmocka_unit_test(test_help_lists_every_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
