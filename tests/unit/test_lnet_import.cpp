// SPDX-License-Identifier: GPL-2.0
/* lnetctl's routes, peers and global settings: the argument checks shared by
 * the command line and lnet.conf, the file's route/peer/global/routing
 * sections (accepted, rejected with their line), import's decisions for
 * routes and peers, and the export -> import round trip of a whole
 * configuration. */
#include <cctype>
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
using util::Result;

/* ---- argument checks ---------------------------------------------------- */

/* "=canonical" or "!message" */
template <typename T>
static std::string outcome(const Result<T> &r)
{
	if (!r)
		return "!" + r.error().message;
	if constexpr (std::is_same_v<T, std::string>)
		return "=" + *r;
	else
		return "=" + std::to_string(*r);
}

struct Case {
	const char *in;
	const char *out;
};

static const Case nids[] = {
        {"10.0.0.1@tcp", "=10.0.0.1@tcp"},
        {"10.0.0.1@tcp0", "=10.0.0.1@tcp"},
        {"10.0.0.1@o2ib3", "=10.0.0.1@o2ib3"},
        {"0@lo", "=0@lo"},
        {"fe80:0:0::1@tcp1", "=fe80::1@tcp1"},
        {"10.0.0.1", "!bad NID \"10.0.0.1\": a NID is ADDRESS@NETWORK: '@' is missing"},
        {"10.0.0.256@tcp",
         "!bad NID \"10.0.0.256@tcp\": malformed IPv4 address (expected four decimals 0-255, like 10.0.0.1)"},
        {"10.0.0.1@udp", "!bad NID \"10.0.0.1@udp\": unknown network type (expected tcp, o2ib or lo)"},
        {"@tcp", "!bad NID \"@tcp\": the address before '@' is empty"},
        {"", "!bad NID \"\": expected ADDRESS@NETWORK, such as 10.0.0.1@tcp"},
        {"1@lo", "!bad NID \"1@lo\": the loopback NID is 0@lo"},
};

static const Case remote_nids[] = {
        {"10.0.0.2@tcp1", "=10.0.0.2@tcp1"},
        {"0@lo", "!bad NID \"0@lo\": 0@lo is this node itself"},
        {"x", "!bad NID \"x\": a NID is ADDRESS@NETWORK: '@' is missing"},
};

static const Case nets[] = {
        {"tcp1", "=tcp1"},
        {"tcp0", "=tcp"},
        {"o2ib", "=o2ib"},
        {"lo", "!bad network \"lo\": a route cannot lead to the loopback network"},
        {"udp", "!bad network \"udp\": unknown network type (expected tcp, o2ib or lo)"},
        {"tcp01", "!bad network \"tcp01\": network number must be a decimal from 0 to 65534"},
        {"", "!bad network \"\": expected a network name such as tcp1 or o2ib"},
};

static const Case hops[] = {
        {"1", "=1"},
        {"255", "=255"},
        {"0", "!bad hop count \"0\": expected a number from 1 to 255"},
        {"256", "!bad hop count \"256\": expected a number from 1 to 255"},
        {"-1", "!bad hop count \"-1\": expected a number from 1 to 255"},
        {"2x", "!bad hop count \"2x\": expected a number from 1 to 255"},
        {"", "!bad hop count \"\": expected a number from 1 to 255"},
};

static const Case priorities[] = {
        {"0", "=0"},
        {"4294967295", "=4294967295"},
        {"-1", "!bad priority \"-1\": expected a number from 0 to 4294967295"},
        {"4294967296", "!bad priority \"4294967296\": expected a number from 0 to 4294967295"},
        {"+1", "!bad priority \"+1\": expected a number from 0 to 4294967295"},
};

static void check_table(const Case *cases, size_t n, Result<std::string> (*check)(std::string_view))
{
	for (size_t i = 0; i < n; i++) {
		print_message("'%s'\n", cases[i].in);
		assert_string_equal(outcome(check(cases[i].in)).c_str(), cases[i].out);
	}
}

static void check_table(const Case *cases, size_t n, Result<std::uint32_t> (*check)(std::string_view))
{
	for (size_t i = 0; i < n; i++) {
		print_message("'%s'\n", cases[i].in);
		assert_string_equal(outcome(check(cases[i].in)).c_str(), cases[i].out);
	}
}

#define TABLE(t) t, sizeof(t) / sizeof(t[0])

static void test_check_values(void **)
{
	check_table(TABLE(nids), lnetctl::check_nid);
	check_table(TABLE(remote_nids), lnetctl::check_remote_nid);
	check_table(TABLE(nets), lnetctl::check_route_net);
	check_table(TABLE(hops), lnetctl::check_hops);
	check_table(TABLE(priorities), lnetctl::check_priority);
}

static void test_check_route(void **)
{
	lnetctl::RouteConf ok{"tcp1", "10.0.0.9@tcp", {}, {}, 0};
	lnetctl::RouteConf loop{"tcp1", "10.0.0.9@tcp1", {}, {}, 0};

	assert_true(lnetctl::check_route(ok).ok());
	auto r = lnetctl::check_route(loop);
	assert_false(r.ok());
	assert_int_equal(r.error().code, EINVAL);
	assert_string_equal(r.error().message.c_str(),
	                    "gateway 10.0.0.9@tcp1 is on tcp1, the network the route leads to");
}

static void test_check_peer(void **)
{
	auto p = lnetctl::check_peer("10.0.0.2@tcp0", {"10.0.1.2@tcp", "10.0.0.2@tcp", "10.0.2.2@tcp1"},
	                             false);
	assert_true(p.ok());
	assert_string_equal(p->primary.c_str(), "10.0.0.2@tcp");
	assert_false(p->mr);
	assert_int_equal(p->nids.size(), 2); /* the primary among them dropped */
	assert_string_equal(p->nids[0].c_str(), "10.0.1.2@tcp");
	assert_string_equal(p->nids[1].c_str(), "10.0.2.2@tcp1");

	const struct {
		const char *primary;
		std::vector<std::string> nids;
		const char *message;
	} bad[] = {
	        {"10.0.0.2", {}, "bad NID \"10.0.0.2\": a NID is ADDRESS@NETWORK: '@' is missing"},
	        {"0@lo", {}, "bad NID \"0@lo\": 0@lo is this node itself"},
	        {"10.0.0.2@tcp", {"10.0.1.2@tcp", "10.0.1.2@tcp0"}, "NID 10.0.1.2@tcp is listed twice"},
	        {"10.0.0.2@tcp",
	         {"10.0.1.2"},
	         "bad NID \"10.0.1.2\": a NID is ADDRESS@NETWORK: '@' is missing"},
	};
	for (const auto &b : bad) {
		auto r = lnetctl::check_peer(b.primary, b.nids, true);
		assert_false(r.ok());
		assert_string_equal(r.error().message.c_str(), b.message);
	}
}

static void test_check_setting(void **)
{
	auto hs = lnetctl::check_setting("health_sensitivity", "100");
	assert_true(hs.ok());
	assert_int_equal(*hs->health_sensitivity, 100);
	assert_false(hs->routing.has_value());
	auto on = lnetctl::check_setting("routing", "1");
	assert_true(on.ok() && *on->routing);
	assert_false(on->health_sensitivity.has_value());
	auto off = lnetctl::check_setting("routing", "0");
	assert_true(off.ok() && !*off->routing);
	assert_true(lnetctl::check_setting("health_sensitivity", "0").ok());
	assert_true(lnetctl::check_setting("health_sensitivity", "1000").ok());

	const Case bad[][1] = {
	        {{"health_sensitivity=1001",
	          "bad health_sensitivity \"1001\": expected a number from 0 to 1000"}},
	        {{"health_sensitivity=-1",
	          "bad health_sensitivity \"-1\": expected a number from 0 to 1000"}},
	        {{"health_sensitivity=", "bad health_sensitivity \"\": expected a number from 0 to 1000"}},
	        {{"routing=2", "bad routing \"2\": expected 0 (off) or 1 (on)"}},
	        {{"routing=on", "bad routing \"on\": expected 0 (off) or 1 (on)"}},
	        {{"foo=1", "unknown tunable \"foo\" (expected health_sensitivity or routing)"}},
	        {{"discovery=1",
	          "\"discovery\" is not supported yet (expected health_sensitivity or routing)"}},
	        {{"tiny_buffers=2048",
	          "\"tiny_buffers\" is not supported yet (expected health_sensitivity or routing)"}},
	};
	for (const auto &b : bad) {
		std::string in = b[0].in;
		auto eq = in.find('=');
		auto r = lnetctl::check_setting(in.substr(0, eq), in.substr(eq + 1));
		assert_false(r.ok());
		assert_int_equal(r.error().code, EINVAL);
		assert_string_equal(r.error().message.c_str(), b[0].out);
	}
}

/* ---- the file's sections ------------------------------------------------ */

/* "route:NET>GW[hop=H,prio=P];peer:P(mr)+N,N;global:hs=H,routing=R" then
 * "|warning|warning" */
static std::string render(const LnetConf &conf)
{
	std::string out;
	auto sep = [&] { return out.empty() ? "" : ";"; };
	for (const auto &n : conf.nets)
		out += sep() + ("net:" + n.net);
	for (const auto &r : conf.routes) {
		out += sep() + ("route:" + r.net + ">" + r.gateway);
		std::string opts;
		if (r.hops)
			opts += "hop=" + std::to_string(*r.hops);
		if (r.priority)
			opts += (opts.empty() ? "" : ",") + ("prio=" + std::to_string(*r.priority));
		if (!opts.empty())
			out += "[" + opts + "]";
	}
	for (const auto &p : conf.peers) {
		out += sep() + ("peer:" + p.primary + (p.mr ? "(mr)" : "(non-mr)"));
		for (size_t i = 0; i < p.nids.size(); i++)
			out += (i ? "," : "+") + p.nids[i];
	}
	if (conf.global.health_sensitivity || conf.global.routing) {
		out += sep() + std::string("global:");
		if (conf.global.health_sensitivity)
			out += "hs=" + std::to_string(*conf.global.health_sensitivity);
		if (conf.global.routing)
			out += std::string(conf.global.health_sensitivity ? "," : "") +
			       "routing=" + (*conf.global.routing ? "1" : "0");
	}
	for (const auto &w : conf.warnings)
		out += "|" + w;
	return out;
}

static std::string parsed(const std::string &yaml)
{
	return accepted(yaml, render);
}

static const Case goods[] = {
        {"route:\n"
         "    - net: tcp1\n"
         "      gateway: 10.0.0.9@tcp0\n"
         "    - net: o2ib0\n"
         "      gateway: 10.0.0.8@tcp\n"
         "      hop: 2\n"
         "      priority: 5\n",
         "route:tcp1>10.0.0.9@tcp;route:o2ib>10.0.0.8@tcp[hop=2,prio=5]"},
        /* Lustre's export: hop -1 is "not set"; state and health_sensitivity */
        {"route:\n"
         "    - net: tcp1\n"
         "      gateway: 10.0.0.9@tcp\n"
         "      hop: -1\n"
         "      priority: 0\n"
         "      health_sensitivity: 1\n"
         "      state: up\n"
         "      type: single-hop\n",
         "route:tcp1>10.0.0.9@tcp[prio=0]|route: \"health_sensitivity\" is not supported yet; ignored"},
        /* two gateways to one net */
        {"route:\n"
         "    - {net: tcp1, gateway: 10.0.0.9@tcp}\n"
         "    - {net: tcp1, gateway: 10.0.0.8@tcp}\n",
         "route:tcp1>10.0.0.9@tcp;route:tcp1>10.0.0.8@tcp"},
        /* 'peer show -v' output: the primary among the NIs, state read past */
        {"peer:\n"
         "    - primary nid: 10.0.0.2@tcp\n"
         "      Multi-Rail: True\n"
         "      peer state: 273\n"
         "      peer ni:\n"
         "        - nid: 10.0.0.2@tcp\n"
         "          state: up\n"
         "          max_ni_tx_credits: 8\n"
         "          available_tx_credits: 8\n"
         "          min_tx_credits: 7\n"
         "          tx_q_num_of_buf: 0\n"
         "          available_rtr_credits: 8\n"
         "          min_rtr_credits: 8\n"
         "          refcount: 1\n"
         "          statistics:\n"
         "              send_count: 1\n"
         "          health stats:\n"
         "              health value: 1000\n"
         "        - nid: 10.0.1.2@tcp1\n"
         "    - primary nid: 10.0.0.3@tcp0\n"
         "      Multi-Rail: False\n",
         "peer:10.0.0.2@tcp(mr)+10.0.1.2@tcp1;peer:10.0.0.3@tcp(non-mr)"},
        /* no primary: the first NI's; Multi-Rail quoted; MR by default */
        {"peer:\n"
         "    - peer ni:\n"
         "        - nid: 10.0.0.4@tcp\n"
         "        - nid: 10.0.1.4@tcp\n"
         "    - primary nid: 10.0.0.5@tcp\n"
         "      Multi-Rail: \"false\"\n"
         "    - primary nid: 10.0.0.6@tcp\n",
         "peer:10.0.0.4@tcp(mr)+10.0.1.4@tcp;peer:10.0.0.5@tcp(non-mr);peer:10.0.0.6@tcp(mr)"},
        {"global:\n"
         "    health_sensitivity: 100\n"
         "    routing: 1\n"
         "    numa_range: 0\n"
         "    retry_count: 2\n",
         "global:hs=100,routing=1"
         "|global: \"numa_range\" is not supported yet; ignored"
         "|global: \"retry_count\" is not supported yet; ignored"},
        /* Lustre's backup form of routing, and its 'routing show' form */
        {"routing:\n    enable: 0\n", "global:routing=0"},
        {"routing:\n"
         "    - cpt[0]:\n"
         "          tiny:\n"
         "              npages: 0\n"
         "    - enable: 1\n",
         "global:routing=1"},
        /* both places, agreeing */
        {"routing:\n    enable: 1\nglobal:\n    routing: 1\n", "global:routing=1"},
        {"route: []\npeer:\nglobal: {}\nrouting:\n", ""},
        /* the order of application is main.cpp's, not the file's */
        {"route:\n    - {net: tcp1, gateway: 10.0.0.9@tcp}\nnet:\n    - net type: tcp\n",
         "net:tcp;route:tcp1>10.0.0.9@tcp"},
};

static void test_good(void **)
{
	for (const auto &g : goods) {
		print_message("'%s'\n", g.in);
		assert_string_equal(parsed(g.in).c_str(), g.out);
	}
}

static const Case bads[] = {
        {"route:\n    net: tcp1\n", "line 2: \"route\" must be a list of routes (\"- net: tcp1\")"},
        {"route:\n    - tcp1\n", "line 2: each \"route\" entry must be a map with \"net\" and \"gateway\""},
        {"route:\n    - gateway: 10.0.0.9@tcp\n", "line 2: a \"route\" entry has no \"net\""},
        {"route:\n    - net: tcp1\n", "line 2: a \"route\" entry has no \"gateway\""},
        {"route:\n    - net: lo\n      gateway: 10.0.0.9@tcp\n",
         "line 2: route: bad network \"lo\": a route cannot lead to the loopback network"},
        {"route:\n    - net: [tcp1]\n      gateway: 10.0.0.9@tcp\n",
         "line 2: route: bad network \"\": expected a network name such as tcp1 or o2ib"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9\n",
         "line 3: route to tcp1: gateway: bad NID \"10.0.0.9\": a NID is ADDRESS@NETWORK: '@' is missing"},
        {"route:\n    - net: tcp1\n      gateway: 0@lo\n",
         "line 3: route to tcp1: gateway: bad NID \"0@lo\": 0@lo is this node itself"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp1\n",
         "line 3: route to tcp1: gateway 10.0.0.9@tcp1 is on tcp1, the network the route leads to"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp\n      hop: 0\n",
         "line 4: route to tcp1: bad hop count \"0\": expected a number from 1 to 255"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp\n      hop: 256\n",
         "line 4: route to tcp1: bad hop count \"256\": expected a number from 1 to 255"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp\n      priority: -2\n",
         "line 4: route to tcp1: bad priority \"-2\": expected a number from 0 to 4294967295"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp\n      priority: [0]\n",
         "line 4: route to tcp1: bad priority \"\": expected a number from 0 to 4294967295"},
        {"route:\n    - net: tcp1\n      gateway: 10.0.0.9@tcp\n      via: x\n",
         "line 4: route to tcp1: unknown key \"via\" (expected net, gateway, hop, priority)"},
        {"route:\n    - {net: tcp1, gateway: 10.0.0.9@tcp}\n    - {net: tcp1, gateway: 10.0.0.9@tcp0}\n",
         "line 3: route to tcp1 via 10.0.0.9@tcp is listed twice (first on line 2)"},
        {"peer: {primary nid: 10.0.0.2@tcp}\n",
         "line 1: \"peer\" must be a list of peers (\"- primary nid: 10.0.0.2@tcp\")"},
        {"peer:\n    - 10.0.0.2@tcp\n",
         "line 2: each \"peer\" entry must be a map starting with \"primary nid:\""},
        {"peer:\n    - Multi-Rail: True\n", "line 2: a \"peer\" entry has no \"primary nid\""},
        {"peer:\n    - primary nid: 10.0.0.2\n", "line 2: peer 10.0.0.2: primary nid: bad NID \"10.0.0.2\": "
                                                 "a NID is ADDRESS@NETWORK: '@' is missing"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      Multi-Rail: maybe\n",
         "line 3: peer 10.0.0.2@tcp: \"Multi-Rail\" must be True or False"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      lock_prim: 1\n",
         "line 3: peer 10.0.0.2@tcp: unknown key \"lock_prim\" (expected \"primary nid\", \"Multi-Rail\", "
         "\"peer ni\")"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni: {nid: 10.0.1.2@tcp}\n",
         "line 3: peer 10.0.0.2@tcp: \"peer ni\" must be a list of NIs (\"- nid: 10.0.0.2@tcp\")"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni:\n        - state: up\n",
         "line 4: peer 10.0.0.2@tcp: a \"peer ni\" entry has no \"nid\""},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni:\n        - nid: 10.0.1.2@tcp\n          "
         "mtu: 1\n",
         "line 5: peer 10.0.0.2@tcp: unknown key \"mtu\" in \"peer ni\" (expected nid)"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni:\n        - nid: 10.0.1.2@tcp\n"
         "        - nid: 10.0.1.2@tcp0\n",
         "line 5: peer 10.0.0.2@tcp: NID 10.0.1.2@tcp is listed twice"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni:\n        - nid: 0@lo\n",
         "line 4: peer 10.0.0.2@tcp: bad NID \"0@lo\": 0@lo is this node itself"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n    - primary nid: 10.0.0.2@tcp0\n",
         "line 3: peer 10.0.0.2@tcp is listed twice (first on line 2)"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n      peer ni: [{nid: 10.0.1.2@tcp}]\n"
         "    - primary nid: 10.0.1.2@tcp\n",
         "line 4: peer 10.0.1.2@tcp: its NID is also a NID of peer 10.0.0.2@tcp (line 2)"},
        {"peer:\n    - primary nid: 10.0.0.2@tcp\n    - primary nid: 10.0.0.3@tcp\n"
         "      peer ni: [{nid: 10.0.0.2@tcp}]\n",
         "line 4: peer 10.0.0.3@tcp: NID 10.0.0.2@tcp is also a NID of peer 10.0.0.2@tcp (line 2)"},
        {"global: [health_sensitivity]\n",
         "line 1: \"global\" must be a map of name: value, such as \"health_sensitivity: 100\""},
        {"global:\n    health_sensitivity: 1001\n",
         "line 2: global: bad health_sensitivity \"1001\": expected a number from 0 to 1000"},
        {"global:\n    health_sensitivity: high\n",
         "line 2: global: bad health_sensitivity \"high\": expected a number from 0 to 1000"},
        {"global:\n    routing: 2\n", "line 2: global: routing must be 0 (off) or 1 (on)"},
        {"global:\n    max_credits: 2\n",
         "line 2: global: unknown key \"max_credits\" (expected health_sensitivity, routing)"},
        {"routing: 1\n", "line 1: \"routing\" must be a map such as \"enable: 1\""},
        {"routing:\n    enabled: 1\n", "line 2: routing: unknown key \"enabled\" (expected enable)"},
        {"routing:\n    enable: yes\n", "line 2: routing: enable must be 0 (off) or 1 (on)"},
        {"routing:\n    enable: 1\nglobal:\n    routing: 0\n",
         "line 4: global: routing is 0 here but 1 on line 2"},
        /* a good section before a bad one: the whole file is refused */
        {"net:\n    - net type: tcp\nroute:\n    - {net: tcp1, gateway: 10.0.0.9@tcp, hop: 300}\n",
         "line 4: route to tcp1: bad hop count \"300\": expected a number from 1 to 255"},
};

static void test_bad(void **)
{
	for (const auto &b : bads)
		assert_refused(b.in, b.out, render);
}

/* The example lnet.conf with the sections commented out at its end ("#route:"
 * on) taken in; the prose among them ("# Peers ...") stays comments. */
static void test_example_file_sections(void **)
{
	std::ifstream in(LNET_CONF_EXAMPLE);
	assert_true(in.good());
	std::string text, line;
	bool tail = false;
	while (std::getline(in, line)) {
		tail = tail || line == "#route:";
		bool prose = line.size() > 2 && line[1] == ' ' &&
		             std::isupper(static_cast<unsigned char>(line[2]));
		if (tail && line.starts_with("#") && !prose)
			line.erase(0, 1);
		text += line + "\n";
	}

	assert_string_equal(parsed(text).c_str(), "net:tcp;route:tcp1>10.0.0.9@tcp[hop=1,prio=0]"
	                                          ";peer:10.0.0.2@tcp(mr)+10.0.1.2@tcp"
	                                          ";global:hs=100,routing=0");
}

/* ---- import's decisions --------------------------------------------------- */

static lnetctl::PeerNiInfo ni(const char *nid)
{
	lnetctl::PeerNiInfo n;
	n.nid = nid;
	n.state = 1;
	n.max_tx_credits = 8;
	n.tx_credits = 8;
	n.min_tx_credits = 7;
	n.txq = 0;
	n.refcount = 2;
	n.health = 1000;
	n.stats = {{"send_count", 3}, {"recv_count", 3}, {"drop_count", 0}};
	n.errors = 0;
	return n;
}

static lnetctl::NiInfo local(const char *net, const char *nid, const char *iface)
{
	lnetctl::NiInfo n;
	n.net = net;
	n.nid = nid;
	n.status = 1;
	if (iface)
		n.ifaces = {iface};
	n.stats = {{"send_count", 5}, {"recv_count", 4}, {"drop_count", 0}};
	if (n.net != "lo")
		n.tunables = {{"peer_timeout", 180},
		              {"peer_credits", 8},
		              {"peer_buffer_credits", 0},
		              {"credits", 256}};
	return n;
}

static lnetctl::LnetState running()
{
	lnetctl::LnetState s;
	s.nis = {local("lo", "0@lo", nullptr), local("tcp", "10.0.0.1@tcp", "eth0"),
	         local("tcp1", "10.1.0.1@tcp1", "eth1")};
	s.routes = {{"o2ib", "10.0.0.9@tcp", 1, 0, 1},
	            {"o2ib", "10.1.0.9@tcp1", 2, 1, 0},
	            {"tcp5", "10.0.0.8@tcp", 3, 7, 1}};
	s.peers = {{"10.0.0.2@tcp", true, {ni("10.0.0.2@tcp"), ni("10.1.0.2@tcp1")}},
	           {"10.0.0.3@tcp", false, {ni("10.0.0.3@tcp")}}};
	s.global = {250, true, {}};
	return s;
}

#define KIND(k) static_cast<int>(ImportStep::Kind::k)

static void test_route_steps(void **)
{
	auto conf = parse_conf("route:\n"
	                       "    - {net: o2ib, gateway: 10.0.0.9@tcp}\n"
	                       "    - {net: o2ib, gateway: 10.1.0.9@tcp1, hop: 2, priority: 1}\n"
	                       "    - {net: tcp5, gateway: 10.0.0.8@tcp, hop: 1}\n"
	                       "    - {net: tcp6, gateway: 10.0.0.8@tcp}\n");
	assert_true(conf.ok());
	auto state = running();

	auto steps = lnetctl::route_steps(*conf, state.routes, false);

	assert_int_equal(steps.size(), 4);
	assert_int_equal(static_cast<int>(steps[0].kind), KIND(Skip));
	assert_string_equal(steps[0].note.c_str(),
	                    "route to o2ib via 10.0.0.9@tcp is already configured; skipped");
	assert_int_equal(static_cast<int>(steps[1].kind), KIND(Skip));
	assert_int_equal(static_cast<int>(steps[2].kind), KIND(Conflict));
	assert_string_equal(steps[2].note.c_str(),
	                    "route to tcp5 via 10.0.0.8@tcp already exists with hop 3, priority 7, not hop 1 "
	                    "as the file says; left unchanged ('lnetctl route del --net tcp5 --gateway "
	                    "10.0.0.8@tcp' first to replace it)");
	assert_int_equal(static_cast<int>(steps[3].kind), KIND(Add));
	assert_ptr_equal(steps[3].route, &conf->routes[3]);

	auto del = lnetctl::route_steps(*conf, state.routes, true);
	assert_int_equal(del.size(), 4);
	for (int i = 0; i < 3; i++)
		assert_int_equal(static_cast<int>(del[i].kind), KIND(Del));
	assert_int_equal(static_cast<int>(del[3].kind), KIND(Skip));
	assert_string_equal(del[3].note.c_str(), "route to tcp6 via 10.0.0.8@tcp is not configured; skipped");
}

static void test_peer_steps(void **)
{
	auto conf = parse_conf("peer:\n"
	                       "    - primary nid: 10.0.0.2@tcp\n"
	                       "      peer ni: [{nid: 10.1.0.2@tcp1}, {nid: 10.2.0.2@tcp}]\n"
	                       "    - primary nid: 10.0.0.3@tcp\n"
	                       "    - primary nid: 10.0.0.7@tcp\n"
	                       "      peer ni: [{nid: 10.1.0.7@tcp1}]\n");
	assert_true(conf.ok());
	auto state = running();

	auto steps = lnetctl::peer_steps(*conf, state.peers, false);

	assert_int_equal(steps.size(), 3);
	/* an existing peer gets the NID it lacks */
	assert_int_equal(static_cast<int>(steps[0].kind), KIND(Add));
	assert_int_equal(steps[0].nids.size(), 1);
	assert_string_equal(steps[0].nids[0].c_str(), "10.2.0.2@tcp");
	/* exists, but Multi-Rail by default in the file */
	assert_int_equal(static_cast<int>(steps[1].kind), KIND(Conflict));
	assert_string_equal(
	        steps[1].note.c_str(),
	        "peer 10.0.0.3@tcp exists as non-Multi-Rail, not Multi-Rail as the file says; "
	        "left unchanged ('lnetctl peer del --prim_nid 10.0.0.3@tcp' first to replace it)");
	/* new: all its NIDs */
	assert_int_equal(static_cast<int>(steps[2].kind), KIND(Add));
	assert_int_equal(steps[2].nids.size(), 1);
	assert_string_equal(steps[2].nids[0].c_str(), "10.1.0.7@tcp1");

	/* a primary NID that is another peer's NI */
	auto taken = parse_conf("peer:\n    - primary nid: 10.1.0.2@tcp1\n");
	assert_true(taken.ok());
	auto t = lnetctl::peer_steps(*taken, state.peers, false);
	assert_int_equal(static_cast<int>(t[0].kind), KIND(Conflict));
	assert_string_equal(
	        t[0].note.c_str(),
	        "peer 10.1.0.2@tcp1: 10.1.0.2@tcp1 is already a NID of peer 10.0.0.2@tcp; left unchanged");

	auto del = lnetctl::peer_steps(*conf, state.peers, true);
	assert_int_equal(static_cast<int>(del[0].kind), KIND(Del));
	assert_true(del[0].nids.empty()); /* the whole peer */
	assert_int_equal(static_cast<int>(del[1].kind), KIND(Del));
	assert_int_equal(static_cast<int>(del[2].kind), KIND(Skip));
	assert_string_equal(del[2].note.c_str(), "peer 10.0.0.7@tcp does not exist; skipped");
}

/* ---- export -> import ------------------------------------------------------ */

static void test_export_backup_yaml(void **)
{
	auto state = running();
	state.nis.resize(2);
	state.routes.resize(1);
	state.peers.resize(1);

	assert_string_equal(util::to_yaml(lnetctl::export_view(state, true)).c_str(),
	                    "net:\n"
	                    "    - net type: tcp\n"
	                    "      local NI(s):\n"
	                    "        - interfaces:\n"
	                    "              0: eth0\n"
	                    "          tunables:\n"
	                    "              peer_timeout: 180\n"
	                    "              peer_credits: 8\n"
	                    "              peer_buffer_credits: 0\n"
	                    "              credits: 256\n"
	                    "route:\n"
	                    "    - net: o2ib\n"
	                    "      gateway: 10.0.0.9@tcp\n"
	                    "      hop: 1\n"
	                    "      priority: 0\n"
	                    "routing:\n"
	                    "    enable: 1\n"
	                    "peer:\n"
	                    "    - primary nid: 10.0.0.2@tcp\n"
	                    "      Multi-Rail: True\n"
	                    "      peer ni:\n"
	                    "        - nid: 10.0.0.2@tcp\n"
	                    "        - nid: 10.1.0.2@tcp1\n"
	                    "global:\n"
	                    "    health_sensitivity: 250\n");
}

static void test_export_full_yaml(void **)
{
	auto state = running();
	state.nis.resize(1); /* lo only: "net: []" */
	state.routes.resize(1);
	state.peers = {state.peers[1]};
	state.global = {};

	assert_string_equal(util::to_yaml(lnetctl::export_view(state, false)).c_str(),
	                    "net: []\n"
	                    "route:\n"
	                    "    - net: o2ib\n"
	                    "      gateway: 10.0.0.9@tcp\n"
	                    "      hop: 1\n"
	                    "      priority: 0\n"
	                    "      state: up\n"
	                    "peer:\n"
	                    "    - primary nid: 10.0.0.3@tcp\n"
	                    "      Multi-Rail: False\n"
	                    "      peer ni:\n"
	                    "        - nid: 10.0.0.3@tcp\n"
	                    "          state: up\n"
	                    "          max_ni_tx_credits: 8\n"
	                    "          available_tx_credits: 8\n"
	                    "          min_tx_credits: 7\n"
	                    "          tx_q_num_of_buf: 0\n"
	                    "          refcount: 2\n"
	                    "          statistics:\n"
	                    "              send_count: 3\n"
	                    "              recv_count: 3\n"
	                    "              drop_count: 0\n"
	                    "          health stats:\n"
	                    "              health value: 1000\n"
	                    "              error: 0\n");
}

/* Every export of a node reads back to its own configuration, and importing it
 * on that node changes nothing; on a bare node everything is added. */
static void test_round_trip(void **)
{
	const auto state = running();
	const lnetctl::LnetState bare{{state.nis[0]}, {}, {}, {}};

	for (bool backup : {true, false}) {
		for (auto format : {util::Format::Yaml, util::Format::Json}) {
			std::string text = util::render(lnetctl::export_view(state, backup), format);
			auto conf = parse_conf(text);
			if (!conf)
				fail_msg("rejected: %s\n%s", conf.error().message.c_str(), text.c_str());

			/* the operations: what the file asks the kernel for */
			assert_string_equal(render(*conf).c_str(), "net:tcp;net:tcp1"
			                                           ";route:o2ib>10.0.0.9@tcp[hop=1,prio=0]"
			                                           ";route:o2ib>10.1.0.9@tcp1[hop=2,prio=1]"
			                                           ";route:tcp5>10.0.0.8@tcp[hop=3,prio=7]"
			                                           ";peer:10.0.0.2@tcp(mr)+10.1.0.2@tcp1"
			                                           ";peer:10.0.0.3@tcp(non-mr)"
			                                           ";global:hs=250,routing=1");
			assert_int_equal(conf->routes.size(), state.routes.size());
			for (size_t i = 0; i < state.routes.size(); i++) {
				assert_string_equal(conf->routes[i].net.c_str(), state.routes[i].net.c_str());
				assert_string_equal(conf->routes[i].gateway.c_str(),
				                    state.routes[i].gateway.c_str());
				assert_true(conf->routes[i].hops == state.routes[i].hops);
				assert_true(conf->routes[i].priority == state.routes[i].priority);
			}
			assert_int_equal(conf->peers.size(), state.peers.size());
			for (size_t i = 0; i < state.peers.size(); i++) {
				const auto &p = state.peers[i];
				assert_string_equal(conf->peers[i].primary.c_str(), p.primary.c_str());
				assert_int_equal(conf->peers[i].mr, p.mr);
				assert_int_equal(conf->peers[i].nids.size() + 1, p.nis.size());
				for (size_t k = 0; k < conf->peers[i].nids.size(); k++)
					assert_string_equal(conf->peers[i].nids[k].c_str(),
					                    p.nis[k + 1].nid.c_str());
			}
			assert_true(conf->global.health_sensitivity == state.global.health_sensitivity);
			assert_true(conf->global.routing == state.global.routing);

			/* on the same node: nothing to do */
			for (const auto &s : lnetctl::import_steps(*conf, state.nis, false))
				assert_int_equal(static_cast<int>(s.kind), KIND(Skip));
			for (const auto &s : lnetctl::route_steps(*conf, state.routes, false))
				assert_int_equal(static_cast<int>(s.kind), KIND(Skip));
			for (const auto &s : lnetctl::peer_steps(*conf, state.peers, false))
				assert_int_equal(static_cast<int>(s.kind), KIND(Skip));

			/* on a bare node: everything added, peers with all their NIDs */
			for (const auto &s : lnetctl::import_steps(*conf, bare.nis, false))
				assert_int_equal(static_cast<int>(s.kind), KIND(Add));
			for (const auto &s : lnetctl::route_steps(*conf, bare.routes, false))
				assert_int_equal(static_cast<int>(s.kind), KIND(Add));
			auto peers = lnetctl::peer_steps(*conf, bare.peers, false);
			for (size_t i = 0; i < peers.size(); i++) {
				assert_int_equal(static_cast<int>(peers[i].kind), KIND(Add));
				assert_true(peers[i].nids == conf->peers[i].nids);
			}
			assert_true(conf->warnings.empty());
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_check_values),
	        cmocka_unit_test(test_check_route),
	        cmocka_unit_test(test_check_peer),
	        cmocka_unit_test(test_check_setting),
	        cmocka_unit_test(test_good),
	        cmocka_unit_test(test_bad),
	        cmocka_unit_test(test_example_file_sections),
	        cmocka_unit_test(test_route_steps),
	        cmocka_unit_test(test_peer_steps),
	        cmocka_unit_test(test_export_backup_yaml),
	        cmocka_unit_test(test_export_full_yaml),
	        cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
