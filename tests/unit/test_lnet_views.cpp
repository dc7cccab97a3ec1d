// SPDX-License-Identifier: GPL-2.0
/* lnetctl's peer, discover, route, stats and global views: the exact YAML
 * (Lustre's keys and indentation) and JSON of each. */
#include <string>
#include <vector>

#include "json_check.hpp"
#include "model.hpp"
#include "util/print.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using lnetctl::GlobalInfo;
using lnetctl::PeerInfo;
using lnetctl::PeerNiInfo;
using lnetctl::RouteInfo;

static void expect(const std::string &got, const char *want)
{
	assert_string_equal(got.c_str(), want);
}

static PeerNiInfo peer_ni(const char *nid, uint8_t state)
{
	PeerNiInfo ni;
	ni.nid = nid;
	ni.state = state;
	ni.max_tx_credits = 8;
	ni.tx_credits = -2;
	ni.min_tx_credits = -3;
	ni.txq = 2;
	ni.refcount = 4;
	ni.health = 1000;
	ni.stats = {{"send_count", 12}, {"recv_count", 10}, {"drop_count", 1}};
	ni.errors = 0;
	return ni;
}

static std::vector<PeerInfo> sample_peers()
{
	PeerInfo mr{"10.99.0.2@tcp", true, {peer_ni("10.99.0.2@tcp", 1), peer_ni("10.99.1.2@tcp1", 0)}};
	PeerInfo plain{"10.99.0.3@tcp", false, {peer_ni("10.99.0.3@tcp", 1)}};
	plain.nis[0].state.reset(); /* not reported: Lustre's "NA" */
	return {mr, plain};
}

static void test_peer_show_yaml(void **)
{
	expect(util::to_yaml(lnetctl::peer_show_view(sample_peers(), false)),
	       "peer:\n"
	       "    - primary nid: 10.99.0.2@tcp\n"
	       "      Multi-Rail: True\n"
	       "      peer ni:\n"
	       "        - nid: 10.99.0.2@tcp\n"
	       "          state: up\n"
	       "        - nid: 10.99.1.2@tcp1\n"
	       "          state: down\n"
	       "    - primary nid: 10.99.0.3@tcp\n"
	       "      Multi-Rail: False\n"
	       "      peer ni:\n"
	       "        - nid: 10.99.0.3@tcp\n"
	       "          state: NA\n");
}

static void test_peer_show_verbose_yaml(void **)
{
	std::vector<PeerInfo> peers = {sample_peers()[0]};
	peers[0].nis.resize(1);

	expect(util::to_yaml(lnetctl::peer_show_view(peers, true)), "peer:\n"
	                                                            "    - primary nid: 10.99.0.2@tcp\n"
	                                                            "      Multi-Rail: True\n"
	                                                            "      peer ni:\n"
	                                                            "        - nid: 10.99.0.2@tcp\n"
	                                                            "          state: up\n"
	                                                            "          max_ni_tx_credits: 8\n"
	                                                            "          available_tx_credits: -2\n"
	                                                            "          min_tx_credits: -3\n"
	                                                            "          tx_q_num_of_buf: 2\n"
	                                                            "          refcount: 4\n"
	                                                            "          statistics:\n"
	                                                            "              send_count: 12\n"
	                                                            "              recv_count: 10\n"
	                                                            "              drop_count: 1\n"
	                                                            "          health stats:\n"
	                                                            "              health value: 1000\n"
	                                                            "              error: 0\n");
}

/* Only what the kernel sent is printed. */
static void test_peer_show_verbose_partial(void **)
{
	PeerInfo p{"10.99.0.2@tcp", true, {{}}};
	p.nis[0].nid = "10.99.0.2@tcp";
	p.nis[0].state = 1;
	p.nis[0].refcount = 1;

	expect(util::to_yaml(lnetctl::peer_show_view({p}, true)), "peer:\n"
	                                                          "    - primary nid: 10.99.0.2@tcp\n"
	                                                          "      Multi-Rail: True\n"
	                                                          "      peer ni:\n"
	                                                          "        - nid: 10.99.0.2@tcp\n"
	                                                          "          state: up\n"
	                                                          "          refcount: 1\n"
	                                                          "          statistics: {}\n"
	                                                          "          health stats: {}\n");
}

static void test_peer_show_json(void **)
{
	std::vector<PeerInfo> peers = {sample_peers()[0]};
	peers[0].nis.resize(1);

	expect(util::to_json(lnetctl::peer_show_view(peers, false)),
	       "{\n"
	       "    \"peer\": [\n"
	       "        {\n"
	       "            \"primary nid\": \"10.99.0.2@tcp\",\n"
	       "            \"Multi-Rail\": true,\n"
	       "            \"peer ni\": [\n"
	       "                {\n"
	       "                    \"nid\": \"10.99.0.2@tcp\",\n"
	       "                    \"state\": \"up\"\n"
	       "                }\n"
	       "            ]\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
	expect(util::to_json(lnetctl::peer_show_view(peers, true)),
	       "{\n"
	       "    \"peer\": [\n"
	       "        {\n"
	       "            \"primary nid\": \"10.99.0.2@tcp\",\n"
	       "            \"Multi-Rail\": true,\n"
	       "            \"peer ni\": [\n"
	       "                {\n"
	       "                    \"nid\": \"10.99.0.2@tcp\",\n"
	       "                    \"state\": \"up\",\n"
	       "                    \"max_ni_tx_credits\": 8,\n"
	       "                    \"available_tx_credits\": -2,\n"
	       "                    \"min_tx_credits\": -3,\n"
	       "                    \"tx_q_num_of_buf\": 2,\n"
	       "                    \"refcount\": 4,\n"
	       "                    \"statistics\": {\n"
	       "                        \"send_count\": 12,\n"
	       "                        \"recv_count\": 10,\n"
	       "                        \"drop_count\": 1\n"
	       "                    },\n"
	       "                    \"health stats\": {\n"
	       "                        \"health value\": 1000,\n"
	       "                        \"error\": 0\n"
	       "                    }\n"
	       "                }\n"
	       "            ]\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
}

static void test_peer_show_empty(void **)
{
	expect(util::to_yaml(lnetctl::peer_show_view({}, false)), "peer: []\n");
	expect(util::to_json(lnetctl::peer_show_view({}, true)), "{\n    \"peer\": []\n}\n");
}

static void test_discover(void **)
{
	std::vector<PeerInfo> peers = {sample_peers()[0]};

	expect(util::to_yaml(lnetctl::discover_view(peers)), "discover:\n"
	                                                     "    - primary nid: 10.99.0.2@tcp\n"
	                                                     "      Multi-Rail: True\n"
	                                                     "      peer ni:\n"
	                                                     "        - nid: 10.99.0.2@tcp\n"
	                                                     "          state: up\n"
	                                                     "        - nid: 10.99.1.2@tcp1\n"
	                                                     "          state: down\n");
	expect(util::to_json(lnetctl::discover_view(peers)),
	       "{\n"
	       "    \"discover\": [\n"
	       "        {\n"
	       "            \"primary nid\": \"10.99.0.2@tcp\",\n"
	       "            \"Multi-Rail\": true,\n"
	       "            \"peer ni\": [\n"
	       "                {\n"
	       "                    \"nid\": \"10.99.0.2@tcp\",\n"
	       "                    \"state\": \"up\"\n"
	       "                },\n"
	       "                {\n"
	       "                    \"nid\": \"10.99.1.2@tcp1\",\n"
	       "                    \"state\": \"down\"\n"
	       "                }\n"
	       "            ]\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
}

static std::vector<RouteInfo> sample_routes()
{
	return {{"tcp1", "10.99.0.2@tcp", 1, 0, 1}, {"o2ib3", "10.99.0.9@tcp", 255, 4294967295u, 0}};
}

static void test_route_show_yaml(void **)
{
	expect(util::to_yaml(lnetctl::route_show_view(sample_routes(), false)),
	       "route:\n"
	       "    - net: tcp1\n"
	       "      gateway: 10.99.0.2@tcp\n"
	       "    - net: o2ib3\n"
	       "      gateway: 10.99.0.9@tcp\n");
	expect(util::to_yaml(lnetctl::route_show_view(sample_routes(), true)),
	       "route:\n"
	       "    - net: tcp1\n"
	       "      gateway: 10.99.0.2@tcp\n"
	       "      hop: 1\n"
	       "      priority: 0\n"
	       "      state: up\n"
	       "    - net: o2ib3\n"
	       "      gateway: 10.99.0.9@tcp\n"
	       "      hop: 255\n"
	       "      priority: 4294967295\n"
	       "      state: down\n");
	expect(util::to_yaml(lnetctl::route_show_view({}, true)), "route: []\n");
}

static void test_route_show_json(void **)
{
	std::vector<RouteInfo> routes = {sample_routes()[0]};

	expect(util::to_json(lnetctl::route_show_view(routes, false)),
	       "{\n"
	       "    \"route\": [\n"
	       "        {\n"
	       "            \"net\": \"tcp1\",\n"
	       "            \"gateway\": \"10.99.0.2@tcp\"\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
	expect(util::to_json(lnetctl::route_show_view(routes, true)),
	       "{\n"
	       "    \"route\": [\n"
	       "        {\n"
	       "            \"net\": \"tcp1\",\n"
	       "            \"gateway\": \"10.99.0.2@tcp\",\n"
	       "            \"hop\": 1,\n"
	       "            \"priority\": 0,\n"
	       "            \"state\": \"up\"\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
}

static const lnetctl::Counters gstats = {
        {"msgs_alloc", 0},
        {"msgs_max", 2},
        {"errors", 0},
        {"send_count", 4},
        {"recv_count", 4},
        {"route_count", 0},
        {"drop_count", 0},
        {"send_length", 512},
        {"recv_length", 96},
        {"route_length", 0},
        {"drop_length", UINT64_MAX},
};

static void test_stats(void **)
{
	expect(util::to_yaml(lnetctl::stats_view(gstats)), "statistics:\n"
	                                                   "    msgs_alloc: 0\n"
	                                                   "    msgs_max: 2\n"
	                                                   "    errors: 0\n"
	                                                   "    send_count: 4\n"
	                                                   "    recv_count: 4\n"
	                                                   "    route_count: 0\n"
	                                                   "    drop_count: 0\n"
	                                                   "    send_length: 512\n"
	                                                   "    recv_length: 96\n"
	                                                   "    route_length: 0\n"
	                                                   "    drop_length: 18446744073709551615\n");
	expect(util::to_json(lnetctl::stats_view({{"msgs_alloc", 1}, {"msgs_max", 2}})),
	       "{\n"
	       "    \"statistics\": {\n"
	       "        \"msgs_alloc\": 1,\n"
	       "        \"msgs_max\": 2\n"
	       "    }\n"
	       "}\n");
}

static void test_global(void **)
{
	GlobalInfo g{100, true, {}};

	expect(util::to_yaml(lnetctl::global_view(g)), "global:\n"
	                                               "    health_sensitivity: 100\n"
	                                               "    routing: 1\n");
	expect(util::to_json(lnetctl::global_view(g)), "{\n"
	                                               "    \"global\": {\n"
	                                               "        \"health_sensitivity\": 100,\n"
	                                               "        \"routing\": 1\n"
	                                               "    }\n"
	                                               "}\n");
	expect(util::to_yaml(lnetctl::global_view(GlobalInfo{0, false, {}})), "global:\n"
	                                                                  "    health_sensitivity: 0\n"
	                                                                  "    routing: 0\n");
	expect(util::to_yaml(lnetctl::global_view(GlobalInfo{})), "global: {}\n");
}

// Lustre's 'routing show' layout: the three pools under one "cpt[0]", then enable.
static void test_routing(void **)
{
	GlobalInfo g{100, true, {{0, 512, 512, 510}, {1, 1024, 1020, 1000}, {256, 4, -3, -5}}};

	expect(util::to_yaml(lnetctl::routing_view(g)), "routing:\n"
	                                                "    - cpt[0]:\n"
	                                                "          tiny:\n"
	                                                "              npages: 0\n"
	                                                "              nbuffers: 512\n"
	                                                "              credits: 512\n"
	                                                "              mincredits: 510\n"
	                                                "          small:\n"
	                                                "              npages: 1\n"
	                                                "              nbuffers: 1024\n"
	                                                "              credits: 1020\n"
	                                                "              mincredits: 1000\n"
	                                                "          large:\n"
	                                                "              npages: 256\n"
	                                                "              nbuffers: 4\n"
	                                                "              credits: -3\n"
	                                                "              mincredits: -5\n"
	                                                "    - enable: 1\n");
	// Not routing, no pools yet: the empty pools, enable 0 (as Lustre).
	GlobalInfo off{100, false, {{0, 0, 0, 0}, {1, 0, 0, 0}, {256, 0, 0, 0}}};
	auto y = util::to_yaml(lnetctl::routing_view(off));
	assert_true(y.find("          large:\n              npages: 256\n              nbuffers: 0\n") !=
	            std::string::npos);
	assert_true(y.ends_with("    - enable: 0\n"));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::routing_view(g))));
}

static void test_json_valid(void **)
{
	auto peers = sample_peers();
	peers[0].primary = "odd\"\\\n\x01";
	assert_true(JsonCheck::valid(util::to_json(lnetctl::peer_show_view(peers, true))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::discover_view(peers))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::route_show_view(sample_routes(), true))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::stats_view(gstats))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::global_view(GlobalInfo{7, false, {}}))));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_peer_show_yaml),
	        cmocka_unit_test(test_peer_show_verbose_yaml),
	        cmocka_unit_test(test_peer_show_verbose_partial),
	        cmocka_unit_test(test_peer_show_json),
	        cmocka_unit_test(test_peer_show_empty),
	        cmocka_unit_test(test_discover),
	        cmocka_unit_test(test_route_show_yaml),
	        cmocka_unit_test(test_route_show_json),
	        cmocka_unit_test(test_stats),
	        cmocka_unit_test(test_global),
	        cmocka_unit_test(test_routing),
	        cmocka_unit_test(test_json_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
