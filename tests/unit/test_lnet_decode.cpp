// SPDX-License-Identifier: GPL-2.0
/* lnetctl's decoding of PEER_GET/DISCOVER, ROUTE_GET, STATS_GET and
 * GLOBAL_GET replies: messages built as <linux/lnet_genl.h> describes them
 * (libnl), decoded, and malformed ones refused. */
#include <string>

#include <linux/lnet_genl.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "lnet.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

/* One reply message, freed at scope end. */
class Msg {
public:
	explicit Msg(uint8_t cmd) : m_(nlmsg_alloc())
	{
		assert_non_null(m_);
		assert_non_null(
		        genlmsg_put(m_, NL_AUTO_PORT, NL_AUTO_SEQ, 0x20, 0, 0, cmd, LNET_GENL_VERSION));
	}
	~Msg() { nlmsg_free(m_); }
	Msg(const Msg &) = delete;
	Msg &operator=(const Msg &) = delete;

	nl_msg *get() { return m_; }
	const nlmsghdr *hdr() { return nlmsg_hdr(m_); }

private:
	nl_msg *m_;
};

static void put_peer_ni(nl_msg *m, const char *nid, bool full)
{
	nlattr *ni = nla_nest_start(m, LNET_A_PEER_NI);
	nla_put_string(m, LNET_A_PEER_NI_NID, nid);
	nla_put_u8(m, LNET_A_PEER_NI_STATE, LNET_NI_STATE_UP);
	if (full) {
		nla_put_u32(m, LNET_A_PEER_NI_MAX_TX_CREDITS, 8);
		nla_put_s32(m, LNET_A_PEER_NI_TX_CREDITS, -2);
		nla_put_s32(m, LNET_A_PEER_NI_MIN_TX_CREDITS, -5);
		nla_put_u32(m, LNET_A_PEER_NI_TXQ, 3);
		nla_put_u32(m, LNET_A_PEER_NI_REFCOUNT, 4);
		nla_put_u32(m, LNET_A_PEER_NI_HEALTH, 990);
		nlattr *stats = nla_nest_start(m, LNET_A_PEER_NI_STATS);
		nla_put_u64(m, LNET_A_STATS_SEND_COUNT, 11);
		nla_put_u64(m, LNET_A_STATS_RECV_COUNT, 12);
		nla_put_u64(m, LNET_A_STATS_DROP_COUNT, 13);
		nla_put_u64(m, LNET_A_STATS_SEND_BYTES, 14);
		nla_nest_end(m, stats);
		nla_put_u64(m, LNET_A_PEER_NI_ERRORS, 7);
	}
	nla_nest_end(m, ni);
}

static void test_peer(void **)
{
	Msg msg(LNET_CMD_PEER_GET);
	nla_put_string(msg.get(), LNET_A_PEER_PRIMARY, "10.0.0.2@tcp");
	nla_put_u8(msg.get(), LNET_A_PEER_MR, 1);
	nlattr *nis = nla_nest_start(msg.get(), LNET_A_PEER_NIS);
	put_peer_ni(msg.get(), "10.0.0.2@tcp", true);
	put_peer_ni(msg.get(), "10.0.1.2@tcp1", false);
	nla_nest_end(msg.get(), nis);

	auto p = lnetctl::decode::peer(msg.hdr());

	assert_true(p.ok());
	assert_string_equal(p->primary.c_str(), "10.0.0.2@tcp");
	assert_true(p->mr);
	assert_int_equal(p->nis.size(), 2);
	const auto &a = p->nis[0];
	assert_string_equal(a.nid.c_str(), "10.0.0.2@tcp");
	assert_int_equal(*a.state, 1);
	assert_int_equal(*a.max_tx_credits, 8);
	assert_int_equal(*a.tx_credits, -2);
	assert_int_equal(*a.min_tx_credits, -5);
	assert_int_equal(*a.txq, 3);
	assert_int_equal(*a.refcount, 4);
	assert_int_equal(*a.health, 990);
	assert_int_equal(*a.errors, 7);
	/* Lustre's three counters; the byte counts are not shown for peers */
	assert_int_equal(a.stats.size(), 3);
	assert_string_equal(a.stats[0].first.c_str(), "send_count");
	assert_int_equal(a.stats[0].second, 11);
	assert_string_equal(a.stats[2].first.c_str(), "drop_count");
	assert_int_equal(a.stats[2].second, 13);
	const auto &b = p->nis[1];
	assert_string_equal(b.nid.c_str(), "10.0.1.2@tcp1");
	assert_false(b.max_tx_credits.has_value());
	assert_false(b.health.has_value());
	assert_true(b.stats.empty());
}

static void test_peer_minimal(void **)
{
	Msg msg(LNET_CMD_DISCOVER);
	nla_put_string(msg.get(), LNET_A_PEER_PRIMARY, "10.0.0.3@tcp");

	auto p = lnetctl::decode::peer(msg.hdr());

	assert_true(p.ok());
	assert_false(p->mr); /* no LNET_A_PEER_MR: not Multi-Rail */
	assert_true(p->nis.empty());
}

static void test_peer_malformed(void **)
{
	Msg none(LNET_CMD_PEER_GET);
	nla_put_u8(none.get(), LNET_A_PEER_MR, 1);
	auto r = lnetctl::decode::peer(none.hdr());
	assert_false(r.ok());
	assert_int_equal(r.error().code, EPROTO);
	assert_string_equal(r.error().message.c_str(), "kernel reply without a peer's primary NID");

	Msg no_nid(LNET_CMD_PEER_GET);
	nla_put_string(no_nid.get(), LNET_A_PEER_PRIMARY, "10.0.0.2@tcp");
	nlattr *nis = nla_nest_start(no_nid.get(), LNET_A_PEER_NIS);
	nlattr *ni = nla_nest_start(no_nid.get(), LNET_A_PEER_NI);
	nla_put_u8(no_nid.get(), LNET_A_PEER_NI_STATE, 1);
	nla_nest_end(no_nid.get(), ni);
	nla_nest_end(no_nid.get(), nis);
	r = lnetctl::decode::peer(no_nid.hdr());
	assert_false(r.ok());
	assert_string_equal(r.error().message.c_str(), "kernel reply without a peer NI's NID");

	/* a u32 where a u8 belongs is fine for libnl; a u8 where a u32 is not */
	Msg short_attr(LNET_CMD_PEER_GET);
	nla_put_string(short_attr.get(), LNET_A_PEER_PRIMARY, "10.0.0.2@tcp");
	nis = nla_nest_start(short_attr.get(), LNET_A_PEER_NIS);
	ni = nla_nest_start(short_attr.get(), LNET_A_PEER_NI);
	nla_put_string(short_attr.get(), LNET_A_PEER_NI_NID, "10.0.0.2@tcp");
	nla_put_u8(short_attr.get(), LNET_A_PEER_NI_TX_CREDITS, 1);
	nla_nest_end(short_attr.get(), ni);
	nla_nest_end(short_attr.get(), nis);
	r = lnetctl::decode::peer(short_attr.hdr());
	assert_false(r.ok());
	assert_int_equal(r.error().code, EPROTO);
}

static void test_route(void **)
{
	Msg msg(LNET_CMD_ROUTE_GET);
	nla_put_string(msg.get(), LNET_A_NET_NAME, "tcp1");
	nla_put_string(msg.get(), LNET_A_GATEWAY, "10.0.0.9@tcp");
	nla_put_u32(msg.get(), LNET_A_HOPS, 2);
	nla_put_u32(msg.get(), LNET_A_PRIORITY, 5);
	nla_put_u8(msg.get(), LNET_A_ROUTE_STATE, LNET_NI_STATE_DOWN);

	auto r = lnetctl::decode::route(msg.hdr());

	assert_true(r.ok());
	assert_string_equal(r->net.c_str(), "tcp1");
	assert_string_equal(r->gateway.c_str(), "10.0.0.9@tcp");
	assert_int_equal(*r->hops, 2);
	assert_int_equal(*r->priority, 5);
	assert_int_equal(*r->state, 0);

	Msg bad(LNET_CMD_ROUTE_GET);
	nla_put_string(bad.get(), LNET_A_NET_NAME, "tcp1");
	auto e = lnetctl::decode::route(bad.hdr());
	assert_false(e.ok());
	assert_string_equal(e.error().message.c_str(), "kernel reply without a route's network or gateway");
}

static void test_stats(void **)
{
	Msg msg(LNET_CMD_STATS_GET);
	nlattr *s = nla_nest_start(msg.get(), LNET_A_GLOBAL_STATS);
	/* in another order than printed: the printed order is Lustre's */
	nla_put_u64(msg.get(), LNET_A_GSTATS_DROP_LENGTH, 9);
	nla_put_u64(msg.get(), LNET_A_GSTATS_MSGS_ALLOC, 1);
	nla_put_u64(msg.get(), LNET_A_GSTATS_MSGS_MAX, 2);
	nla_put_u64(msg.get(), LNET_A_GSTATS_SEND_COUNT, UINT64_MAX);
	nla_nest_end(msg.get(), s);

	auto c = lnetctl::decode::stats(msg.hdr());

	assert_true(c.ok());
	assert_int_equal(c->size(), 4);
	const char *names[] = {"msgs_alloc", "msgs_max", "send_count", "drop_length"};
	const uint64_t values[] = {1, 2, UINT64_MAX, 9};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal((*c)[i].first.c_str(), names[i]);
		assert_true((*c)[i].second == values[i]);
	}

	Msg none(LNET_CMD_STATS_GET);
	assert_false(lnetctl::decode::stats(none.hdr()).ok());
}

static void test_global(void **)
{
	Msg msg(LNET_CMD_GLOBAL_GET);
	nla_put_u32(msg.get(), LNET_A_HEALTH_SENSITIVITY, 100);
	nla_put_u8(msg.get(), LNET_A_ROUTING, 1);
	nla_put_u8(msg.get(), LNET_A_STATE, LNET_STATE_UP);

	auto g = lnetctl::decode::global(msg.hdr());

	assert_true(g.ok());
	assert_int_equal(*g->health_sensitivity, 100);
	assert_true(*g->routing);

	Msg empty(LNET_CMD_GLOBAL_GET);
	auto e = lnetctl::decode::global(empty.hdr());
	assert_true(e.ok());
	assert_false(e->health_sensitivity.has_value());
	assert_false(e->routing.has_value());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_peer),           cmocka_unit_test(test_peer_minimal),
	        cmocka_unit_test(test_peer_malformed), cmocka_unit_test(test_route),
	        cmocka_unit_test(test_stats),          cmocka_unit_test(test_global),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
