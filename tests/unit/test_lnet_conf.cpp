// SPDX-License-Identifier: GPL-2.0
/* lnetctl export/import: YAML to networks (accepted files, rejections with
 * their messages, warnings), the example lnet.conf, the export -> import round
 * trip and import's decisions against the running networks. */
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "conf.hpp"
#include "import.hpp"
#include "model.hpp"
#include "util/print.hpp"
#include "util/yaml_read.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include "lnet_conf_check.hpp"

using lnetctl::ImportStep;
using lnetctl::LnetConf;
using lnetctl::NiInfo;

/* "net:if,if[tun=n,...];net:..." then "|warning|warning" */
static std::string render(const LnetConf &conf)
{
	std::string out;
	for (const auto &n : conf.nets) {
		out += (out.empty() ? "" : ";") + n.net + ":";
		for (std::size_t i = 0; i < n.ifaces.size(); i++)
			out += (i ? "," : "") + n.ifaces[i];
		if (!n.tunables.empty()) {
			out += "[";
			for (std::size_t i = 0; i < n.tunables.size(); i++)
				out += (i ? "," : "") + n.tunables[i].first + "=" +
				       std::to_string(n.tunables[i].second);
			out += "]";
		}
	}
	for (const auto &w : conf.warnings)
		out += "|" + w;
	return out;
}

static std::string parsed(const std::string &yaml)
{
	return accepted(yaml, render);
}

struct Good {
	const char *yaml;
	const char *expect;
};

static const Good goods[] = {
        {"", ""},
        {"net:\n", ""},
        {"net: []\n", ""},
        {"net:\n    - net type: tcp\n", "tcp:"},
        {"net:\n"
         "    - net type: tcp0\n"
         "      local NI(s):\n"
         "        - interfaces:\n"
         "              0: eth0\n",
         "tcp:eth0"},
        /* NIs of one net together, index order within an NI */
        {"net:\n"
         "    - net type: tcp1\n"
         "      local NI(s):\n"
         "        - interfaces:\n"
         "              1: eth2\n"
         "              0: eth1\n"
         "        - interfaces: {0: eth3}\n"
         "    - net type: o2ib\n"
         "      local NI(s):\n"
         "        - interfaces:\n"
         "              0: ib0\n",
         "tcp1:eth1,eth2,eth3;o2ib:ib0"},
        /* what a plain export prints: state keys read past, lo skipped */
        {"net:\n"
         "    - net type: lo\n"
         "      local NI(s):\n"
         "        - nid: 0@lo\n"
         "          status: up\n"
         "    - net type: tcp\n"
         "      local NI(s):\n"
         "        - nid: 10.0.0.1@tcp\n"
         "          status: up\n"
         "          interfaces:\n"
         "              0: eth0\n"
         "          statistics:\n"
         "              send_count: 3\n"
         "          tunables:\n"
         "              peer_timeout: 180\n"
         "              credits: 256\n",
         "tcp:eth0[peer_timeout=180,credits=256]"},
        /* tunables repeated per NI, equal */
        {"net:\n"
         "    - net type: tcp\n"
         "      local NI(s):\n"
         "        - interfaces: {0: eth0}\n"
         "          tunables: {credits: 256}\n"
         "        - interfaces: {0: eth1}\n"
         "          tunables: {credits: 256, peer_credits: 8}\n",
         "tcp:eth0,eth1[credits=256,peer_credits=8]"},
        /* unsupported: warnings, the rest still read (routes, peers and
         * global settings: test_lnet_import) */
        {"route:\n"
         "    - net: o2ib\n"
         "      gateway: 10.0.0.9@tcp\n"
         "net:\n"
         "    - net type: tcp\n"
         "      local NI(s):\n"
         "        - interfaces:\n"
         "              0: eth0\n"
         "          lnd tunables:\n"
         "              conns_per_peer: 1\n"
         "          CPT: \"[0]\"\n"
         "        - interfaces:\n"
         "              0: eth1\n"
         "          lnd tunables:\n"
         "              conns_per_peer: 1\n"
         "peer: []\n"
         "global:\n"
         "    discovery: 1\n"
         "buffers:\n"
         "    tiny: 2048\n"
         "nets: []\n",
         "tcp:eth0,eth1"
         "|net tcp: \"lnd tunables\" is not supported yet; ignored"
         "|net tcp: \"CPT\" is not supported yet; ignored"
         "|global: \"discovery\" is not supported yet; ignored"
         "|section \"buffers\" is not supported yet; skipped"
         "|section \"nets\" is not an LNet section; skipped"},
        /* an empty "lnd tunables:" (tcp in Lustre's export) is no warning */
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces: {0: eth0}\n          lnd "
         "tunables:\n",
         "tcp:eth0"},
};

static void test_good(void **)
{
	for (const auto &g : goods) {
		print_message("'%s'\n", g.yaml);
		assert_string_equal(parsed(g.yaml).c_str(), g.expect);
	}
}

struct Bad {
	const char *yaml;
	const char *message;
};

static const Bad bads[] = {
        {"- net type: tcp\n", "line 1: expected sections such as \"net:\" at the top level"},
        {"net:\n    net type: tcp\n", "line 2: \"net\" must be a list of networks (\"- net type: tcp\")"},
        {"net:\n    - tcp\n", "line 2: each \"net\" entry must be a map starting with \"net type:\""},
        {"net:\n    - local NI(s):\n        - interfaces: {0: eth0}\n",
         "line 2: a \"net\" entry has no \"net type\""},
        {"net:\n    - net type:\n", "line 2: \"net type\" must be a network name such as tcp or o2ib1"},
        {"net:\n    - net type: [tcp]\n", "line 2: \"net type\" must be a network name such as tcp or o2ib1"},
        {"net:\n    - net type: udp\n",
         "line 2: net type \"udp\": unknown network type (expected tcp, o2ib or lo)"},
        {"net:\n    - net type: tcp70000\n",
         "line 2: net type \"tcp70000\": network number must be a decimal from 0 to 65534"},
        {"net:\n    - net type: tcp\n    - net type: tcp0\n",
         "line 3: net tcp is listed twice (first on line 2); list its NIs under one entry"},
        {"net:\n    - net type: tcp\n      interfaces: {0: eth0}\n",
         "line 3: net tcp: unknown key \"interfaces\" (expected \"net type\", \"local NI(s)\")"},
        {"net:\n    - net type: tcp\n      local NI(s):\n          interfaces: {0: eth0}\n",
         "line 4: net tcp: \"local NI(s)\" must be a list of NIs (\"- interfaces: ...\")"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - eth0\n",
         "line 4: net tcp: each \"local NI(s)\" entry must be a map such as \"interfaces:\""},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interface: {0: eth0}\n",
         "line 4: net tcp: unknown key \"interface\" (expected interfaces, tunables)"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces: [eth0]\n",
         "line 4: net tcp: \"interfaces\" must be a map of index: name, such as \"0: eth0\""},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces: eth0\n",
         "line 4: net tcp: \"interfaces\" must be a map of index: name, such as \"0: eth0\""},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              first: eth0\n",
         "line 5: net tcp: interface index \"first\" is not a number from 0 to 15"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              16: eth0\n",
         "line 5: net tcp: interface index \"16\" is not a number from 0 to 15"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              -1: eth0\n",
         "line 5: net tcp: interface index \"-1\" is not a number from 0 to 15"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0: eth0:1\n",
         "line 5: net tcp: interface 0 is not a valid interface name (1 to 15 characters, no '/', ':' or "
         "spaces)"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0: "
         "abcdefghijklmnop\n",
         "line 5: net tcp: interface 0 is not a valid interface name (1 to 15 characters, no '/', ':' or "
         "spaces)"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0:\n",
         "line 5: net tcp: interface 0 is not a valid interface name (1 to 15 characters, no '/', ':' or "
         "spaces)"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces: {0: eth0}\n"
         "        - interfaces: {0: eth0}\n",
         "line 5: net tcp: interface eth0 is listed twice"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces: {0: e0, 1: e1, 2: e2, 3: e3, "
         "4: e4, "
         "5: e5, 6: e6, 7: e7, 8: e8, 9: e9, 10: e10, 11: e11, 12: e12, 13: e13, 14: e14, 15: e15}\n"
         "        - interfaces: {0: e16}\n",
         "line 5: net tcp: more than 16 interfaces"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables: [credits]\n",
         "line 4: net tcp: \"tunables\" must be a map of name: number"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables:\n              credit: 8\n",
         "line 5: net tcp: unknown tunable \"credit\" (expected peer_timeout, peer_credits, "
         "peer_buffer_credits, credits)"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables:\n              credits: -1\n",
         "line 5: net tcp: tunable credits must be a number from 0 to 4294967295"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables:\n              credits: "
         "4294967296\n",
         "line 5: net tcp: tunable credits must be a number from 0 to 4294967295"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables:\n              credits: many\n",
         "line 5: net tcp: tunable credits must be a number from 0 to 4294967295"},
        {"net:\n    - net type: tcp\n      local NI(s):\n        - tunables: {credits: 256}\n"
         "        - tunables: {credits: 512}\n",
         "line 5: net tcp: tunable credits is 512 here but 256 for another NI of the net (tunables are per "
         "net)"},
        /* a good net before a bad one: the whole file is refused */
        {"net:\n    - net type: tcp\n    - net type: o2ib\n      local NI(s): {}\n      foo: 1\n",
         "line 5: net o2ib: unknown key \"foo\" (expected \"net type\", \"local NI(s)\")"},
        /* found by fuzz_lnet_conf: a NUL ends the name the kernel would parse */
        {"net:\n    - net type: \"tcp\\0x\"\n",
         "line 2: \"net type\" must be a network name such as tcp or o2ib1"},
        /* ... and the kernel's isspace() takes the byte 0xa0 ("\xe0" is C3 A0) */
        {"net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n"
         "              0: \"wl\\xe00\"\n",
         "line 5: net tcp: interface 0 is not a valid interface name (1 to 15 characters, no '/', ':' or "
         "spaces)"},
        /* syntax errors come from the reader */
        {"net:\n    - net type: tcp\n   local NI(s):\n",
         "line 3: did not find expected key (while parsing a block mapping starting on line 1)"},
};

static void test_bad(void **)
{
	for (const auto &b : bads)
		assert_refused(b.yaml, b.message, render);
}

static void test_example_file(void **)
{
	std::ifstream in(LNET_CONF_EXAMPLE);
	assert_true(in.good());
	std::stringstream text;
	text << in.rdbuf();

	assert_string_equal(parsed(text.str()).c_str(),
	                    "tcp:eth0[peer_timeout=180,peer_credits=8,peer_buffer_credits=0,credits=256]");
}

static NiInfo ni(const char *net, const char *nid, std::vector<std::string> ifaces)
{
	NiInfo n;
	n.net = net;
	n.nid = nid;
	n.status = 1;
	n.ifaces = std::move(ifaces);
	n.stats = {{"send_count", 5}, {"recv_count", 4}, {"drop_count", 0}};
	if (n.net != "lo")
		n.tunables = {{"peer_timeout", 180},
		              {"peer_credits", 8},
		              {"peer_buffer_credits", 0},
		              {"credits", 256}};
	return n;
}

static const std::vector<NiInfo> running = {
        ni("lo", "0@lo", {}),
        ni("tcp", "10.0.0.1@tcp", {"eth0"}),
        ni("tcp", "10.0.1.1@tcp", {"eth1"}),
        ni("o2ib3", "10.1.0.1@o2ib3", {"ib0"}),
};

static void test_export_backup_yaml(void **)
{
	std::string out = util::to_yaml(lnetctl::export_view(running, true));

	assert_string_equal(out.c_str(), "net:\n"
	                                 "    - net type: tcp\n"
	                                 "      local NI(s):\n"
	                                 "        - interfaces:\n"
	                                 "              0: eth0\n"
	                                 "          tunables:\n"
	                                 "              peer_timeout: 180\n"
	                                 "              peer_credits: 8\n"
	                                 "              peer_buffer_credits: 0\n"
	                                 "              credits: 256\n"
	                                 "        - interfaces:\n"
	                                 "              0: eth1\n"
	                                 "          tunables:\n"
	                                 "              peer_timeout: 180\n"
	                                 "              peer_credits: 8\n"
	                                 "              peer_buffer_credits: 0\n"
	                                 "              credits: 256\n"
	                                 "    - net type: o2ib3\n"
	                                 "      local NI(s):\n"
	                                 "        - interfaces:\n"
	                                 "              0: ib0\n"
	                                 "          tunables:\n"
	                                 "              peer_timeout: 180\n"
	                                 "              peer_credits: 8\n"
	                                 "              peer_buffer_credits: 0\n"
	                                 "              credits: 256\n");
}

static void test_export_full_yaml(void **)
{
	std::vector<NiInfo> one = {running[0], running[1]};
	std::string out = util::to_yaml(lnetctl::export_view(one, false));

	assert_string_equal(out.c_str(), "net:\n"
	                                 "    - net type: tcp\n"
	                                 "      local NI(s):\n"
	                                 "        - nid: 10.0.0.1@tcp\n"
	                                 "          status: up\n"
	                                 "          interfaces:\n"
	                                 "              0: eth0\n"
	                                 "          statistics:\n"
	                                 "              send_count: 5\n"
	                                 "              recv_count: 4\n"
	                                 "              drop_count: 0\n"
	                                 "          tunables:\n"
	                                 "              peer_timeout: 180\n"
	                                 "              peer_credits: 8\n"
	                                 "              peer_buffer_credits: 0\n"
	                                 "              credits: 256\n");
}

static void test_export_only_lo(void **)
{
	std::vector<NiInfo> lo = {running[0]};
	std::string out = util::to_yaml(lnetctl::export_view(lo, true));

	assert_string_equal(out.c_str(), "net: []\n");
	assert_string_equal(parsed(out).c_str(), "");
}

/* Both exports import back to the running networks, and importing them on
 * the node they came from changes nothing. */
static void test_round_trip(void **)
{
	const char *expect =
	        "tcp:eth0,eth1[peer_timeout=180,peer_credits=8,peer_buffer_credits=0,credits=256];"
	        "o2ib3:ib0[peer_timeout=180,peer_credits=8,peer_buffer_credits=0,credits=256]";
	for (bool backup : {true, false}) {
		for (auto format : {util::Format::Yaml, util::Format::Json}) {
			std::string text = util::render(lnetctl::export_view(running, backup), format);
			auto conf = parse_conf(text);
			if (!conf)
				fail_msg("rejected: %s", conf.error().message.c_str());
			assert_string_equal(render(*conf).c_str(), expect);

			auto steps = lnetctl::import_steps(*conf, running, false);
			assert_int_equal(steps.size(), 2);
			for (const auto &s : steps)
				assert_int_equal(static_cast<int>(s.kind),
				                 static_cast<int>(ImportStep::Kind::Skip));
			assert_true(lnetctl::tunable_differences(*conf, running).empty());
		}
	}
}

static void test_import_steps(void **)
{
	auto conf = parse_conf("net:\n"
	                       "    - net type: tcp\n"
	                       "      local NI(s):\n"
	                       "        - interfaces: {0: eth1, 1: eth0}\n"
	                       "    - net type: tcp1\n"
	                       "      local NI(s):\n"
	                       "        - interfaces: {0: eth2}\n"
	                       "    - net type: o2ib3\n"
	                       "      local NI(s):\n"
	                       "        - interfaces: {0: ib1}\n"
	                       "    - net type: o2ib\n");
	assert_true(conf.ok());

	auto steps = lnetctl::import_steps(*conf, running, false);

	assert_int_equal(steps.size(), 4);
	assert_int_equal(static_cast<int>(steps[0].kind), static_cast<int>(ImportStep::Kind::Skip));
	assert_string_equal(steps[0].note.c_str(), "net tcp is already configured; skipped");
	assert_int_equal(static_cast<int>(steps[1].kind), static_cast<int>(ImportStep::Kind::Add));
	assert_string_equal(steps[1].net->net.c_str(), "tcp1");
	assert_int_equal(steps[1].net->ifaces.size(), 1);
	assert_int_equal(static_cast<int>(steps[2].kind), static_cast<int>(ImportStep::Kind::Conflict));
	assert_string_equal(steps[2].note.c_str(),
	                    "net o2ib3 already exists on ib0, not on ib1 as the file says; left unchanged "
	                    "('lnetctl net del --net o2ib3' first to replace it)");
	assert_int_equal(static_cast<int>(steps[3].kind), static_cast<int>(ImportStep::Kind::Add));
	assert_string_equal(steps[3].net->net.c_str(), "o2ib");
	assert_true(steps[3].net->ifaces.empty());
}

static void test_import_del_steps(void **)
{
	auto conf = parse_conf("net:\n    - net type: lo\n    - net type: tcp0\n    - net type: tcp1\n");
	assert_true(conf.ok());

	auto steps = lnetctl::import_steps(*conf, running, true);

	assert_int_equal(steps.size(), 2); /* lo is never listed */
	assert_int_equal(static_cast<int>(steps[0].kind), static_cast<int>(ImportStep::Kind::Del));
	assert_string_equal(steps[0].net->net.c_str(), "tcp");
	assert_int_equal(static_cast<int>(steps[1].kind), static_cast<int>(ImportStep::Kind::Skip));
	assert_string_equal(steps[1].note.c_str(), "net tcp1 is not configured; skipped");
}

static void test_tunable_differences(void **)
{
	auto conf = parse_conf("net:\n"
	                       "    - net type: tcp\n"
	                       "      local NI(s):\n"
	                       "        - tunables: {credits: 512, peer_credits: 8}\n"
	                       "    - net type: tcp5\n"
	                       "      local NI(s):\n"
	                       "        - tunables: {credits: 1}\n");
	assert_true(conf.ok());

	auto w = lnetctl::tunable_differences(*conf, running);

	assert_int_equal(w.size(), 1); /* tcp5 is not running: its failure was reported */
	assert_string_equal(w[0].c_str(),
	                    "net tcp: tunable credits stays 256, not 512 (setting tunables is not "
	                    "supported yet)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_good),
	        cmocka_unit_test(test_bad),
	        cmocka_unit_test(test_example_file),
	        cmocka_unit_test(test_export_backup_yaml),
	        cmocka_unit_test(test_export_full_yaml),
	        cmocka_unit_test(test_export_only_lo),
	        cmocka_unit_test(test_round_trip),
	        cmocka_unit_test(test_import_steps),
	        cmocka_unit_test(test_import_del_steps),
	        cmocka_unit_test(test_tunable_differences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
