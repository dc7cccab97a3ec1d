// SPDX-License-Identifier: GPL-2.0
/* lst's pure logic: NID ranges ("10.0.0.[1-3]@tcp"), add_test's words and
 * --distribute, the rates stat computes from two samples and what it
 * prints of them. */
#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include <linux/lnet_selftest_genl.h>

#include "nidlist.hpp"
#include "stat.hpp"
#include "test_args.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

struct NidCase {
	const char *text;
	const char *want; /* the NIDs joined by spaces, or "E<errno>" */
};

static const NidCase nid_cases[] = {
	{"10.0.0.1@tcp", "10.0.0.1@tcp"},
	{"192.168.1.[10-12]@tcp", "192.168.1.10@tcp 192.168.1.11@tcp 192.168.1.12@tcp"},
	{"10.0.0.[1,5,7-8]@tcp1", "10.0.0.1@tcp1 10.0.0.5@tcp1 10.0.0.7@tcp1 10.0.0.8@tcp1"},
	{"10.0.[1-2].[1-9/4]@o2ib",
	 "10.0.1.1@o2ib 10.0.1.5@o2ib 10.0.1.9@o2ib 10.0.2.1@o2ib 10.0.2.5@o2ib 10.0.2.9@o2ib"},
	{"10.0.0.[3]@tcp", "10.0.0.3@tcp"},
	{"10.0.0.[1-3]", "E22"},            /* no network */
	{"10.0.0.[3-1]@tcp", "E22"},        /* backwards */
	{"10.0.0.[1-x]@tcp", "E22"},
	{"10.0.0.[1-3@tcp", "E22"},         /* unclosed */
	{"10.0.0.[250-256]@tcp", "E22"},    /* beyond 255 */
	{"10.0.[1-3]@tcp", "E22"},          /* three fields */
	{"10.0.0.[1-9/0]@tcp", "E22"},      /* step 0 */
	{"10.0.[0-255].[0-255]@tcp", "E7"}, /* more than the maximum */
};

static void test_expand_nids(void **)
{
	for (const NidCase &c : nid_cases) {
		auto r = lst::expand_nids(c.text, 256);
		std::string got;
		if (!r) {
			got = "E" + std::to_string(r.error().code);
		} else {
			for (const std::string &n : *r)
				got += (got.empty() ? "" : " ") + n;
		}
		if (got != c.want)
			fail_msg("%s: got \"%s\", want \"%s\"", c.text, got.c_str(), c.want);
	}
}

struct TestCase {
	std::vector<std::string> words;
	const char *dist;
	int err; /* 0: parsed */
	std::uint8_t type, op, check;
	std::uint32_t size, off, d, s;
};

static const TestCase test_cases[] = {
	{{"ping"}, "1:1", 0, LST_TEST_PING, 0, 0, 0, 0, 1, 1},
	{{"brw", "write"}, "2:3", 0, LST_TEST_BRW, 2, 1, 4096, 0, 2, 3},
	{{"brw", "read", "size=1M", "check=full"}, "1:1", 0, LST_TEST_BRW, 1, 3, 1 << 20, 0, 1, 1},
	{{"brw", "write", "size=64k", "check=simple", "off=8"}, "1:1", 0, LST_TEST_BRW, 2, 2, 65536,
	 8, 1, 1},
	{{"brw", "size=4k"}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"brw", "read", "size=2M"}, "1:1", ERANGE, 0, 0, 0, 0, 0, 0, 0},
	{{"brw", "read", "size=1M", "off=1"}, "1:1", ERANGE, 0, 0, 0, 0, 0, 0, 0},
	{{"brw", "read", "check=some"}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"brw", "read", "size=12q"}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"ping", "size=1"}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"pong"}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{}, "1:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"ping"}, "1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
	{{"ping"}, "0:1", EINVAL, 0, 0, 0, 0, 0, 0, 0},
};

static void test_parse_test(void **)
{
	for (const TestCase &c : test_cases) {
		auto r = lst::parse_test(c.words, c.dist);
		std::string what = c.words.empty() ? "(none)" : c.words[0];
		if (c.err) {
			if (r || r.error().code != c.err)
				fail_msg("%s %s: want error %d", what.c_str(), c.dist, c.err);
			continue;
		}
		if (!r)
			fail_msg("%s: %s", what.c_str(), r.error().message.c_str());
		assert_int_equal(r->type, c.type);
		assert_int_equal(r->brw_op, c.op);
		assert_int_equal(r->dist, c.d);
		assert_int_equal(r->span, c.s);
		if (c.type == LST_TEST_BRW) {
			assert_int_equal(r->brw_check, c.check);
			assert_int_equal(r->brw_size, c.size);
			assert_int_equal(r->brw_offset, c.off);
		}
	}
}

static void test_rates(void **)
{
	lst::Stat a, b;
	a.running_ms = 1000;
	b.running_ms = 3000; /* 2 s later on the node's clock */
	a.recv_count = 100;
	b.recv_count = 300;
	a.send_count = 0xfffffff0U; /* wraps */
	b.send_count = 0x10;
	b.recv_length = 4U << 20;
	b.send_length = 1U << 20;

	auto r = lst::node_rates(a, b);
	assert_true(r.has_value());
	assert_true(r->rpc_r == 100.0);
	assert_true(r->rpc_w == 16.0);
	assert_true(r->mib_r == 2.0);
	assert_true(r->mib_w == 0.5);
	assert_false(lst::node_rates(b, a).has_value());
	assert_false(lst::node_rates(a, a).has_value());
}

static void test_stat_view(void **)
{
	std::vector<lst::Rates> rates{{100, 10, 2, 0.5}, {300, 30, 4, 1.5}};
	lst::Node up, down;
	up.nid = "10.0.0.1@tcp";
	up.state = LST_NODE_ACTIVE;
	up.stat = lst::Stat{};
	up.stat->rpcs_rcvd = 7;
	down.nid = "10.0.0.2@tcp";
	down.state = LST_NODE_DOWN;
	down.rpc_errno = ETIMEDOUT;

	lst::StatShow show;
	show.bw = show.read = show.avg = true;
	std::ostringstream os;
	lst::print_group_stat(os, "g", rates, {up, down}, show.resolved());
	assert_string_equal(os.str().c_str(),
	                    "[LNet Bandwidth of g]\n"
	                    "[R] Avg: 3.00     MiB/s\n"
	                    "[RPCs of g] sent: 0 received: 7 bulk get: 0 bulk put: 0 (1/2 nodes)\n"
	                    "[Errors of g] rpc: 0 dropped: 0 expired: 0 brw: 0 ping: 0\n"
	                    "10.0.0.2@tcp: no counters (Down)\n");

	std::ostringstream all;
	lst::print_group_stat(all, "g", rates, {up}, lst::StatShow{}.resolved());
	assert_non_null(strstr(all.str().c_str(),
	                       "[LNet Rates of g]\n"
	                       "[R] Avg: 200      RPC/s Min: 100      RPC/s Max: 300      RPC/s\n"
	                       "[W] Avg: 20       RPC/s Min: 10       RPC/s Max: 30       RPC/s\n"
	                       "[LNet Bandwidth of g]\n"
	                       "[R] Avg: 3.00     MiB/s Min: 2.00     MiB/s Max: 4.00     MiB/s\n"
	                       "[W] Avg: 1.00     MiB/s Min: 0.50     MiB/s Max: 1.50     MiB/s\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_nids),
		cmocka_unit_test(test_parse_test),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_stat_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
