// SPDX-License-Identifier: GPL-2.0
/*
 * lnet-poke's rpc-fuzz generator (tests/tools/lnet-poke/rpc_mutate.cpp):
 * the same seed gives the same messages, the export handle changes no
 * choice, every message meant to be malformed is refused by the kernel's
 * lustre_msg_check() and every one meant to be well formed passes it; and
 * the splitter of the server's byte stream (inbound.cpp).
 */
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include <nacre/lustre_dlm_wire.h>
#include <nacre/lustre_msg.h>
#include <nacre/ptlrpc_pack.h>
}

#include "inbound.hpp"
#include "rpc_mutate.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using namespace poke;

namespace {

constexpr std::uint64_t kExport = 0x1122334455667788ULL;
constexpr int kMessages = 2000;
const std::string kTarget = "echo_srv_UUID";
const std::string kClient = "lnet-poke-test";

lustre_msg_v2 *msg_of(Bytes &b)
{
	return reinterpret_cast<lustre_msg_v2 *>(b.data());
}

int check(const Bytes &b)
{
	return lustre_msg_check(b.data(), static_cast<__u32>(b.size()));
}

} // namespace

/* --- determinism ------------------------------------------------------------------ */

static void test_same_seed_same_messages(void **)
{
	Mutator a(42, kTarget, kClient), b(42, kTarget, kClient);

	for (int i = 0; i < kMessages; i++) {
		FuzzMessage x = a.next(kExport), y = b.next(kExport);

		assert_int_equal(static_cast<int>(x.base), static_cast<int>(y.base));
		assert_int_equal(static_cast<int>(x.mutation), static_cast<int>(y.mutation));
		assert_int_equal(static_cast<int>(x.verdict), static_cast<int>(y.verdict));
		assert_true(x.bytes == y.bytes);
	}
}

static void test_other_seed_other_messages(void **)
{
	Mutator a(42, kTarget, kClient), b(43, kTarget, kClient);
	int same = 0;

	for (int i = 0; i < 100; i++)
		same += a.next(kExport).bytes == b.next(kExport).bytes;
	assert_true(same < 10);
}

/* Whether there is an export changes pb_handle, never what is drawn next. */
static void test_export_changes_no_choice(void **)
{
	Mutator a(7, kTarget, kClient), b(7, kTarget, kClient);

	for (int i = 0; i < kMessages; i++) {
		FuzzMessage x = a.next(0), y = b.next(kExport);

		assert_int_equal(static_cast<int>(x.base), static_cast<int>(y.base));
		assert_int_equal(static_cast<int>(x.mutation), static_cast<int>(y.mutation));
		assert_int_equal(x.bytes.size(), y.bytes.size());
	}
}

/* A known first draw: splitmix64 from 0 (the published reference value). */
static void test_rng_reference(void **)
{
	Rng r(0);

	assert_true(r.next() == 0xe220a8397b1dcdafULL);
	assert_true(r.next() == 0x6e789e6aa1b965f4ULL);
}

/* --- verdicts ---------------------------------------------------------------------- */

static void check_verdicts(std::uint64_t seed)
{
	Mutator gen(seed, kTarget, kClient);

	for (int i = 0; i < kMessages; i++) {
		FuzzMessage m = gen.next(kExport);
		int rc = check(m.bytes);

		if (m.verdict == Verdict::Rejected && rc == 0)
			fail_msg("seed %llu message %d (%s, %s): accepted, meant to be malformed",
			         static_cast<unsigned long long>(seed), i,
			         std::string(base_name(m.base)).c_str(),
			         std::string(mutation_name(m.mutation)).c_str());
		if (m.verdict == Verdict::Accepted && rc != 0)
			fail_msg("seed %llu message %d (%s, %s): refused (%d), meant to be well formed",
			         static_cast<unsigned long long>(seed), i,
			         std::string(base_name(m.base)).c_str(),
			         std::string(mutation_name(m.mutation)).c_str(), rc);
		if (m.verdict == Verdict::Rejected)
			assert_true(rc == -EBADMSG || rc == -EPROTO);
	}
}

static void test_verdicts(void **)
{
	for (std::uint64_t seed : {1ULL, 2ULL, 3ULL, 0xdeadbeefULL})
		check_verdicts(seed);
}

/* The well-formed mutations are caught where the handlers look. */
static void test_handler_level_faults(void **)
{
	Mutator gen(5, kTarget, kClient);
	int lock_counts = 0, no_nuls = 0;

	for (int i = 0; i < kMessages; i++) {
		FuzzMessage m = gen.next(kExport);

		if (m.mutation == Mutation::LockCountHuge) {
			auto *rq = static_cast<ldlm_request *>(lustre_msg_buf(msg_of(m.bytes), 1, 0));
			assert_non_null(rq);
			assert_int_equal(ldlm_request_check(rq, lustre_msg_buflen(msg_of(m.bytes), 1)),
			                 -EBADMSG);
			lock_counts++;
		}
		if (m.mutation == Mutation::StringNoNul) {
			assert_null(lustre_msg_string(msg_of(m.bytes), 1, sizeof(obd_uuid)));
			assert_null(lustre_msg_string(msg_of(m.bytes), 2, sizeof(obd_uuid)));
			no_nuls++;
		}
		if (m.mutation == Mutation::None) {
			ptlrpc_body *pb = lustre_msg_body(msg_of(m.bytes));
			assert_int_equal(pb->pb_type, PTL_RPC_MSG_REQUEST);
		}
	}
	assert_true(lock_counts > 0);
	assert_true(no_nuls > 0);
}

/* Every base and every mutation shows up in a run of the default length. */
static void test_everything_drawn(void **)
{
	Mutator gen(1, kTarget, kClient);
	std::set<int> bases, mutations;
	std::size_t huge = 0;

	for (int i = 0; i < kMessages; i++) {
		FuzzMessage m = gen.next(kExport);
		bases.insert(static_cast<int>(m.base));
		mutations.insert(static_cast<int>(m.mutation));
		if (m.mutation == Mutation::RandomHuge)
			huge = m.bytes.size();
	}
	assert_int_equal(bases.size(), kBaseCount);
	assert_int_equal(mutations.size(), kMutationCount);
	assert_int_equal(huge, 64 * 1024);
}

/* --- the valid requests -------------------------------------------------------------- */

static void test_valid_ping(void **)
{
	Bytes b = ping_request(0);
	ptlrpc_body *pb;

	assert_int_equal(check(b), 0);
	assert_int_equal(msg_of(b)->lm_bufcount, 1);
	pb = lustre_msg_body(msg_of(b));
	assert_int_equal(pb->pb_opc, OBD_PING);
	assert_true(pb->pb_handle.cookie == 0);
	assert_int_equal(pb->pb_version & ~LUSTRE_VERSION_MASK, PTLRPC_MSG_VERSION);
}

static void test_valid_connect(void **)
{
	Bytes b = connect_request(kTarget, kClient);
	const char *target, *client;
	obd_connect_data *ocd;

	assert_int_equal(check(b), 0);
	assert_int_equal(msg_of(b)->lm_bufcount, 5);
	assert_int_equal(lustre_msg_body(msg_of(b))->pb_opc, OST_CONNECT);
	target = lustre_msg_string(msg_of(b), 1, sizeof(obd_uuid));
	client = lustre_msg_string(msg_of(b), 2, sizeof(obd_uuid));
	assert_non_null(target);
	assert_non_null(client);
	assert_string_equal(target, kTarget.c_str());
	assert_string_equal(client, kClient.c_str());
	ocd = static_cast<obd_connect_data *>(lustre_msg_buf(msg_of(b), 4, sizeof(*ocd)));
	assert_non_null(ocd);
	assert_true(ocd->ocd_connect_flags & OBD_CONNECT_VERSION);
}

/* --- the inbound stream ------------------------------------------------------------------- */

namespace {

Bytes ksock(std::uint32_t type, std::uint64_t cookie0 = 0)
{
	ksock_msg_hdr m{};
	Bytes b(KSOCK_MSG_HDR_SIZE);

	m.type = type;
	m.zc_cookies[0] = cookie0;
	ksock_msg_hdr_encode(&m, b.data());
	return b;
}

Bytes lnet_put(std::uint32_t portal, std::uint64_t mbits, const Bytes &payload)
{
	lnet_hdr h{};
	Bytes b = ksock(KSOCK_MSG_LNET, 9);

	h.type = LNET_MSG_PUT;
	h.payload_length = static_cast<std::uint32_t>(payload.size());
	h.msg.put.ptl_index = portal;
	h.msg.put.match_bits = mbits;
	b.resize(KSOCK_MSG_HDR_SIZE + LNET_HDR_SIZE);
	lnet_hdr_encode(&h, b.data() + KSOCK_MSG_HDR_SIZE);
	b.insert(b.end(), payload.begin(), payload.end());
	return b;
}

} // namespace

static void test_inbound_byte_by_byte(void **)
{
	Bytes payload(300, 0x5a);
	Bytes wire = lnet_put(4, 77, payload);
	Bytes noop = ksock(KSOCK_MSG_NOOP);
	InboundStream in;
	int got = 0;

	wire.insert(wire.end(), noop.begin(), noop.end());
	for (std::size_t i = 0; i < wire.size(); i++) {
		in.feed(std::span<const std::uint8_t>(&wire[i], 1));
		auto m = in.next();
		assert_true(m.ok());
		if (!*m)
			continue;
		if (got == 0) {
			assert_true((*m)->lnet);
			assert_int_equal((*m)->hdr.msg.put.ptl_index, 4);
			assert_true((*m)->hdr.msg.put.match_bits == 77);
			assert_true((*m)->ksm.zc_cookies[0] == 9);
			assert_true((*m)->payload == payload);
			assert_int_equal(i, KSOCK_MSG_HDR_SIZE + LNET_HDR_SIZE + payload.size() - 1);
		} else {
			assert_false((*m)->lnet);
			assert_int_equal((*m)->ksm.type, KSOCK_MSG_NOOP);
		}
		got++;
	}
	assert_int_equal(got, 2);
	assert_int_equal(in.pending(), 0);
}

static void test_inbound_several_at_once(void **)
{
	Bytes wire;
	InboundStream in;
	int got = 0;

	for (std::uint64_t x = 1; x <= 3; x++) {
		Bytes m = lnet_put(4, x, Bytes(static_cast<std::size_t>(x * 8), 1));
		wire.insert(wire.end(), m.begin(), m.end());
	}
	in.feed(wire);
	for (;;) {
		auto m = in.next();
		assert_true(m.ok());
		if (!*m)
			break;
		got++;
		assert_true((*m)->hdr.msg.put.match_bits == static_cast<std::uint64_t>(got));
		assert_int_equal((*m)->payload.size(), got * 8);
	}
	assert_int_equal(got, 3);
}

static void test_inbound_garbage(void **)
{
	InboundStream in;
	Bytes bad = ksock(0x77);

	in.feed(bad);
	auto m = in.next();
	assert_false(m.ok());
	assert_int_equal(m.error().code, EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_seed_same_messages),
	        cmocka_unit_test(test_other_seed_other_messages),
	        cmocka_unit_test(test_export_changes_no_choice),
	        cmocka_unit_test(test_rng_reference),
	        cmocka_unit_test(test_verdicts),
	        cmocka_unit_test(test_handler_level_faults),
	        cmocka_unit_test(test_everything_drawn),
	        cmocka_unit_test(test_valid_ping),
	        cmocka_unit_test(test_valid_connect),
	        cmocka_unit_test(test_inbound_byte_by_byte),
	        cmocka_unit_test(test_inbound_several_at_once),
	        cmocka_unit_test(test_inbound_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
