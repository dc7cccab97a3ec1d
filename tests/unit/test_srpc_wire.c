// SPDX-License-Identifier: GPL-2.0
/*
 * LNet self-test (srpc) codec: sizes and offsets of Lustre's packed
 * structures, every message type round-tripped for a little-endian and a
 * byte-swapped sender, malformed frames refused, a server's reply-status
 * checks, the test-add destination list and the brw data pattern.
 *
 * The byte offsets below are written out from Lustre's rpc.h (struct
 * srpc_msg and its bodies, all packed), not computed by the codec.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <linux/swab.h>
#include <lnet/srpc_wire.h>

#define NID_CONSOLE 0x000200000a630001ULL	/* 10.99.0.1@tcp */
#define NID_ANY ((__u64)-1)

static __u32 le32_at(const __u8 *p)
{
	return (__u32)p[0] | (__u32)p[1] << 8 | (__u32)p[2] << 16 | (__u32)p[3] << 24;
}

static __u64 le64_at(const __u8 *p)
{
	return (__u64)le32_at(p) | (__u64)le32_at(p + 4) << 32;
}

static __u16 le16_at(const __u8 *p)
{
	return (__u16)(p[0] | p[1] << 8);
}

static const struct lst_sid sid = { .nid = NID_CONSOLE, .stamp = 0x1122334455667788LL };

/* Body sizes from Lustre's packed structures; the frame is the header plus
 * the largest body.
 */
static void test_sizes(void **state)
{
	static const struct {
		__u32 type;
		size_t size;
	} cases[] = {
		{ SRPC_MSG_MKSN_REQST, 8 + 16 + 4 + 32 },
		{ SRPC_MSG_MKSN_REPLY, 4 + 16 + 4 + 32 },
		{ SRPC_MSG_RMSN_REQST, 8 + 16 },
		{ SRPC_MSG_RMSN_REPLY, 4 + 16 },
		{ SRPC_MSG_BATCH_REQST, 8 + 16 + 8 + 4 + 4 + 4 },
		{ SRPC_MSG_BATCH_REPLY, 4 + 16 + 4 + 4 },
		{ SRPC_MSG_STAT_REQST, 8 + 16 + 4 },
		{ SRPC_MSG_STAT_REPLY, 4 + 16 + 5 * 4 + (5 * 4 + 2 * 8) + (7 * 4 + 4 * 8) },
		{ SRPC_MSG_TEST_REQST, 8 + 8 + 16 + 8 + 4 + 4 + 4 + 1 + 1 + 4 + 12 },
		{ SRPC_MSG_TEST_REPLY, 4 + 16 },
		{ SRPC_MSG_DEBUG_REQST, 8 + 16 + 4 },
		{ SRPC_MSG_DEBUG_REPLY, 4 + 16 + 4 + 4 + 32 },
		{ SRPC_MSG_BRW_REQST, 8 + 8 + 4 + 4 + 4 },
		{ SRPC_MSG_BRW_REPLY, 4 },
		{ SRPC_MSG_PING_REQST, 8 + 4 + 4 + 8 + 8 },
		{ SRPC_MSG_PING_REPLY, 4 + 4 + 4 },
		{ SRPC_MSG_JOIN_REQST, 8 + 16 + 32 },
		{ SRPC_MSG_JOIN_REPLY, 4 + 16 + 4 + 32 },
	};
	size_t max = 0;

	(void)state;
	assert_int_equal(ARRAY_SIZE(cases), SRPC_MSG_TYPES);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(srpc_body_size(cases[i].type), cases[i].size);
		if (cases[i].size > max)
			max = cases[i].size;
	}
	assert_int_equal(SRPC_HDR_SIZE + max, SRPC_MSG_SIZE);
	assert_int_equal(srpc_body_size(SRPC_MSG_TYPES), 0);
	assert_int_equal(SRPC_ID_PER_PAGE, 341);
	assert_int_equal(SRPC_MAX_NDESTS, 256 * 341);
}

static void test_services(void **state)
{
	(void)state;
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_DEBUG), SRPC_MSG_DEBUG_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_MAKE_SESSION), SRPC_MSG_MKSN_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_REMOVE_SESSION),
			 SRPC_MSG_RMSN_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_BATCH), SRPC_MSG_BATCH_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_TEST), SRPC_MSG_TEST_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_QUERY_STAT), SRPC_MSG_STAT_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_JOIN), SRPC_MSG_JOIN_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_BRW), SRPC_MSG_BRW_REQST);
	assert_int_equal(srpc_service_reqst_type(SRPC_SERVICE_PING), SRPC_MSG_PING_REQST);
	assert_int_equal(srpc_service_reqst_type(7), -1);
	assert_int_equal(srpc_service_reqst_type(SRPC_FRAMEWORK_SERVICE_MAX_ID), -1);
	assert_int_equal(srpc_service_reqst_type(13), -1);
	assert_int_equal(srpc_service_portal(SRPC_SERVICE_MAKE_SESSION), 51);
	assert_int_equal(srpc_service_portal(SRPC_SERVICE_JOIN), 51);
	assert_int_equal(srpc_service_portal(SRPC_SERVICE_BRW), 50);
	assert_int_equal(srpc_service_portal(SRPC_SERVICE_PING), 50);
}

/* Header and a make-session request at Lustre's offsets. */
static void test_mksn_offsets(void **state)
{
	struct srpc_msg m = { .type = SRPC_MSG_MKSN_REQST, .ses_feats = LST_FEAT_BULK_LEN };
	__u8 buf[SRPC_MSG_SIZE];

	(void)state;
	m.body.mksn_reqst.rpyid = 0x0102030405060708ULL;
	m.body.mksn_reqst.sid = sid;
	m.body.mksn_reqst.force = 1;
	strcpy(m.body.mksn_reqst.name, "read_write");
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);

	assert_int_equal(le32_at(buf + 0), 0xeeb0f00d);		/* msg_magic */
	assert_int_equal(le32_at(buf + 4), 1);			/* msg_version */
	assert_int_equal(le32_at(buf + 8), 0);			/* msg_type */
	assert_int_equal(le32_at(buf + 12), 0);			/* reserved0 */
	assert_int_equal(le32_at(buf + 16), 0);			/* reserved1 */
	assert_int_equal(le32_at(buf + 20), 1);			/* msg_ses_feats */
	assert_true(le64_at(buf + 24) == 0x0102030405060708ULL);	/* mksn_rpyid */
	assert_true(le64_at(buf + 32) == NID_CONSOLE);		/* ses_nid */
	assert_true(le64_at(buf + 40) == 0x1122334455667788ULL);	/* ses_stamp */
	assert_int_equal(le32_at(buf + 48), 1);			/* mksn_force */
	assert_memory_equal(buf + 52, "read_write\0", 11);	/* mksn_name */
	for (size_t i = 52 + 10; i < SRPC_MSG_SIZE; i++)
		assert_int_equal(buf[i], 0);			/* name tail, unused */
}

/* The test-add union at body offset 66: ping, brw without and with
 * LST_FEAT_BULK_LEN.
 */
static void test_test_offsets(void **state)
{
	struct srpc_msg m = { .type = SRPC_MSG_TEST_REQST };
	struct srpc_test_reqst *t = &m.body.tes_reqst;
	__u8 buf[SRPC_MSG_SIZE];
	const __u8 *b = buf + SRPC_HDR_SIZE;

	(void)state;
	t->rpyid = 11;
	t->bulkid = 12;
	t->sid = sid;
	t->bid = 0x77;
	t->service = SRPC_SERVICE_BRW;
	t->loop = 0xffffffff;
	t->concur = 8;
	t->is_client = 1;
	t->stop_onerr = 1;
	t->ndest = 3;
	t->u.bulk.opc = LST_BRW_WRITE;
	t->u.bulk.npg = 256;
	t->u.bulk.flags = LST_BRW_CHECK_SIMPLE;
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);
	assert_true(le64_at(b + 0) == 11);		/* tsr_rpyid */
	assert_true(le64_at(b + 8) == 12);		/* tsr_bulkid */
	assert_true(le64_at(b + 16) == NID_CONSOLE);	/* tsr_sid */
	assert_true(le64_at(b + 32) == 0x77);		/* tsr_bid */
	assert_int_equal(le32_at(b + 40), 11);		/* tsr_service */
	assert_int_equal(le32_at(b + 44), 0xffffffff);	/* tsr_loop */
	assert_int_equal(le32_at(b + 48), 8);		/* tsr_concur */
	assert_int_equal(b[52], 1);			/* tsr_is_client */
	assert_int_equal(b[53], 1);			/* tsr_stop_onerr */
	assert_int_equal(le32_at(b + 54), 3);		/* tsr_ndest */
	assert_int_equal(le32_at(b + 58), LST_BRW_WRITE);	/* bulk_v0.blk_opc */
	assert_int_equal(le32_at(b + 62), 256);		/* blk_npg */
	assert_int_equal(le32_at(b + 66), LST_BRW_CHECK_SIMPLE);	/* blk_flags */

	m.ses_feats = LST_FEAT_BULK_LEN;
	t->u.bulk.len = 1048576;
	t->u.bulk.offset = 0;
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);
	assert_int_equal(le16_at(b + 58), LST_BRW_WRITE);	/* bulk_v1.blk_opc */
	assert_int_equal(le16_at(b + 60), LST_BRW_CHECK_SIMPLE);	/* blk_flags */
	assert_int_equal(le32_at(b + 62), 1048576);	/* blk_len */
	assert_int_equal(le32_at(b + 66), 0);		/* blk_offset */

	t->service = SRPC_SERVICE_PING;
	t->u.ping.size = 0;
	t->u.ping.flags = 5;
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);
	assert_int_equal(le32_at(b + 58), 0);		/* png_size */
	assert_int_equal(le32_at(b + 62), 5);		/* png_flags */
	assert_int_equal(le32_at(b + 66), 0);		/* unused union bytes */
}

/* A stat reply's counters at their offsets (sfw, srpc, then LNet's). */
static void test_stat_offsets(void **state)
{
	struct srpc_msg m = { .type = SRPC_MSG_STAT_REPLY };
	struct srpc_stat_reply *r = &m.body.stat_reply;
	__u8 buf[SRPC_MSG_SIZE];
	const __u8 *b = buf + SRPC_HDR_SIZE;

	(void)state;
	r->sid = sid;
	r->fw.running_ms = 1000;
	r->fw.ping_errors = 5;
	r->rpc.errors = 6;
	r->rpc.rpcs_expired = 7;
	r->rpc.bulk_get = 0x100000000ULL;
	r->rpc.bulk_put = 9;
	r->lnet.msgs_alloc = 10;
	r->lnet.drop_count = 11;
	r->lnet.send_length = 12;
	r->lnet.drop_length = 13;
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);
	assert_int_equal(le32_at(b + 20), 1000);	/* running_ms */
	assert_int_equal(le32_at(b + 36), 5);		/* ping_errors */
	assert_int_equal(le32_at(b + 40), 6);		/* srpc errors */
	assert_int_equal(le32_at(b + 56), 7);		/* rpcs_expired */
	assert_true(le64_at(b + 60) == 0x100000000ULL);	/* bulk_get */
	assert_true(le64_at(b + 68) == 9);		/* bulk_put */
	assert_int_equal(le32_at(b + 76), 10);		/* lcc_msgs_alloc */
	assert_int_equal(le32_at(b + 100), 11);		/* lcc_drop_count */
	assert_true(le64_at(b + 104) == 12);		/* lcc_send_length */
	assert_true(le64_at(b + 128) == 13);		/* lcc_drop_length */
	assert_int_equal(SRPC_HDR_SIZE + 136, SRPC_MSG_SIZE);
}

/* One filled message of each type; every field distinct and non-zero. */
static void fill(struct srpc_msg *m, __u32 type, __u32 feats)
{
	__u8 *p = (__u8 *)&m->body;

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->ses_feats = feats;
	/* Patterned bytes, then the fields that have rules set right. */
	for (size_t i = 0; i < sizeof(m->body); i++)
		p[i] = (__u8)(i * 7 + 1);
	switch (type) {
	case SRPC_MSG_MKSN_REQST:
		strcpy(m->body.mksn_reqst.name, "sess");
		break;
	case SRPC_MSG_MKSN_REPLY:
		strcpy(m->body.mksn_reply.name, "sess");
		break;
	case SRPC_MSG_DEBUG_REPLY:
		strcpy(m->body.dbg_reply.name, "");
		break;
	case SRPC_MSG_JOIN_REQST:
		strcpy(m->body.join_reqst.group, "clients");
		break;
	case SRPC_MSG_JOIN_REPLY:
		strcpy(m->body.join_reply.session, "x");
		break;
	case SRPC_MSG_BATCH_REQST:
		m->body.bat_reqst.opc = SRPC_BATCH_OPC_QUERY;
		break;
	case SRPC_MSG_PING_REQST:
		m->body.ping_reqst.magic = LST_PING_TEST_MAGIC;
		break;
	case SRPC_MSG_TEST_REQST: {
		struct srpc_test_reqst *t = &m->body.tes_reqst;

		t->service = SRPC_SERVICE_BRW;
		t->is_client = 1;
		t->stop_onerr = 0;
		/* Only what the layout carries survives a round trip. */
		memset(&t->u, 0, sizeof(t->u));
		t->u.bulk.opc = LST_BRW_READ;
		t->u.bulk.flags = LST_BRW_CHECK_FULL;
		if (feats & LST_FEAT_BULK_LEN) {
			t->u.bulk.len = 8192;
			t->u.bulk.offset = 64;
		} else {
			t->u.bulk.npg = 2;
		}
		break;
	}
	}
}

/* Compare the wire-visible fields: names only up to their NUL. */
static void assert_same(const struct srpc_msg *a, const struct srpc_msg *b)
{
	struct srpc_msg x = *a, y = *b;
	char *nx = NULL, *ny = NULL;

	assert_int_equal(x.type, y.type);
	assert_int_equal(x.ses_feats, y.ses_feats);
	switch (x.type) {
	case SRPC_MSG_MKSN_REQST:
		nx = x.body.mksn_reqst.name, ny = y.body.mksn_reqst.name;
		break;
	case SRPC_MSG_MKSN_REPLY:
		nx = x.body.mksn_reply.name, ny = y.body.mksn_reply.name;
		break;
	case SRPC_MSG_DEBUG_REPLY:
		nx = x.body.dbg_reply.name, ny = y.body.dbg_reply.name;
		break;
	case SRPC_MSG_JOIN_REQST:
		nx = x.body.join_reqst.group, ny = y.body.join_reqst.group;
		break;
	case SRPC_MSG_JOIN_REPLY:
		nx = x.body.join_reply.session, ny = y.body.join_reply.session;
		break;
	}
	if (nx) {
		assert_string_equal(nx, ny);
		memset(nx, 0, LST_NAME_SIZE);
		memset(ny, 0, LST_NAME_SIZE);
	}
	/* Bytes of the host structure beyond the wire body are not carried:
	 * compare through a second encoding instead.
	 */
	{
		__u8 ex[SRPC_MSG_SIZE], ey[SRPC_MSG_SIZE];

		assert_int_equal(srpc_msg_encode(&x, ex, false), SRPC_MSG_SIZE);
		assert_int_equal(srpc_msg_encode(&y, ey, false), SRPC_MSG_SIZE);
		assert_memory_equal(ex, ey, SRPC_MSG_SIZE);
	}
}

static void test_roundtrip(void **state)
{
	(void)state;
	for (__u32 type = 0; type < SRPC_MSG_TYPES; type++) {
		for (int swabbed = 0; swabbed < 2; swabbed++) {
			for (__u32 feats = 0; feats <= LST_FEAT_BULK_LEN; feats++) {
				struct srpc_msg m, d;
				__u8 buf[SRPC_MSG_SIZE], again[SRPC_MSG_SIZE];
				bool swab = !swabbed;
				const char *why = NULL;

				fill(&m, type, feats);
				assert_int_equal(srpc_msg_encode(&m, buf, swabbed), SRPC_MSG_SIZE);
				assert_int_equal(le32_at(buf), swabbed ? 0x0df0b0ee : 0xeeb0f00d);
				assert_int_equal(srpc_msg_decode(buf, sizeof(buf), &d, &swab, &why),
						 0);
				assert_int_equal(swab, (bool)swabbed);
				assert_same(&m, &d);
				/* Same bytes again, in the sender's order. */
				assert_int_equal(srpc_msg_encode(&d, again, swabbed), SRPC_MSG_SIZE);
				assert_memory_equal(buf, again, SRPC_MSG_SIZE);
				/* A frame cut right after its body still decodes. */
				assert_int_equal(srpc_msg_decode(buf, SRPC_HDR_SIZE +
								 srpc_body_size(type),
								 &d, &swab, NULL), 0);
			}
		}
	}
}

/* A swabbed sender's fields land in host order. */
static void test_swabbed_fields(void **state)
{
	struct srpc_msg m = { .type = SRPC_MSG_BRW_REQST, .ses_feats = LST_FEAT_BULK_LEN }, d;
	__u8 buf[SRPC_MSG_SIZE];
	bool swab = false;

	(void)state;
	m.body.brw_reqst.rpyid = 0x0102030405060708ULL;
	m.body.brw_reqst.bulkid = 2;
	m.body.brw_reqst.rw = LST_BRW_WRITE;
	m.body.brw_reqst.len = 4096;
	m.body.brw_reqst.flags = LST_BRW_CHECK_FULL;
	assert_int_equal(srpc_msg_encode(&m, buf, true), SRPC_MSG_SIZE);
	assert_int_equal(le32_at(buf + 4), 0x01000000);	/* version, big-endian */
	assert_int_equal(le32_at(buf + 8), 0x0c000000);	/* type 12 */
	assert_true(le64_at(buf + 24) == 0x0807060504030201ULL);
	assert_int_equal(srpc_msg_decode(buf, sizeof(buf), &d, &swab, NULL), 0);
	assert_true(swab);
	assert_true(d.body.brw_reqst.rpyid == 0x0102030405060708ULL);
	assert_int_equal(d.body.brw_reqst.len, 4096);
	assert_int_equal(d.body.brw_reqst.rw, LST_BRW_WRITE);
	assert_int_equal(d.ses_feats, LST_FEAT_BULK_LEN);
}

static void encode(__u32 type, __u8 *buf)
{
	struct srpc_msg m;

	fill(&m, type, 0);
	assert_int_equal(srpc_msg_encode(&m, buf, false), SRPC_MSG_SIZE);
}

static void expect_reject(const __u8 *buf, size_t len, const char *reason)
{
	struct srpc_msg d;
	const char *why = NULL;

	assert_int_equal(srpc_msg_decode(buf, len, &d, NULL, &why), -EPROTO);
	assert_non_null(why);
	assert_non_null(strstr(why, reason));
}

static void test_rejects(void **state)
{
	__u8 buf[SRPC_MSG_SIZE];

	(void)state;
	encode(SRPC_MSG_PING_REQST, buf);
	expect_reject(buf, 0, "shorter than its header");
	expect_reject(buf, SRPC_HDR_SIZE - 1, "shorter than its header");

	buf[0] ^= 1;
	expect_reject(buf, sizeof(buf), "magic");
	buf[0] ^= 1;

	buf[4] = 2;	/* version */
	expect_reject(buf, sizeof(buf), "version");
	buf[4] = 1;

	buf[8] = SRPC_MSG_TYPES;
	expect_reject(buf, sizeof(buf), "message type");
	buf[8] = 0xff, buf[11] = 0xff;
	expect_reject(buf, sizeof(buf), "message type");

	/* Every type one byte short of its body. */
	for (__u32 type = 0; type < SRPC_MSG_TYPES; type++) {
		encode(type, buf);
		expect_reject(buf, SRPC_HDR_SIZE + srpc_body_size(type) - 1, "truncated");
	}

	/* A name filling its 32 bytes without a NUL (Lustre would read past it). */
	encode(SRPC_MSG_MKSN_REQST, buf);
	memset(buf + SRPC_HDR_SIZE + 28, 'a', LST_NAME_SIZE);
	expect_reject(buf, sizeof(buf), "NUL");
	encode(SRPC_MSG_JOIN_REPLY, buf);
	memset(buf + SRPC_HDR_SIZE + 24, 'a', LST_NAME_SIZE);
	expect_reject(buf, sizeof(buf), "NUL");
	encode(SRPC_MSG_DEBUG_REPLY, buf);
	memset(buf + SRPC_HDR_SIZE + 28, 'a', LST_NAME_SIZE);
	expect_reject(buf, sizeof(buf), "NUL");

	/* Batch operations other than run, stop and query are dropped. */
	encode(SRPC_MSG_BATCH_REQST, buf);
	buf[SRPC_HDR_SIZE + 32] = 0;
	expect_reject(buf, sizeof(buf), "batch operation");
	buf[SRPC_HDR_SIZE + 32] = 4;
	expect_reject(buf, sizeof(buf), "batch operation");

	encode(SRPC_MSG_PING_REQST, buf);
	buf[SRPC_HDR_SIZE + 8] ^= 0x10;
	expect_reject(buf, sizeof(buf), "ping magic");

	/* The encoder refuses what it cannot send. */
	{
		struct srpc_msg m = { .type = SRPC_MSG_TYPES };

		assert_int_equal(srpc_msg_encode(&m, buf, false), -EINVAL);
		m.type = SRPC_MSG_MKSN_REQST;
		memset(m.body.mksn_reqst.name, 'a', LST_NAME_SIZE);
		assert_int_equal(srpc_msg_encode(&m, buf, false), -EINVAL);
	}
}

/* The reply status a server gives a well-formed test add, Lustre's rules. */
static void test_check_test(void **state)
{
	static const struct {
		const char *what;
		__u32 service, loop, concur, ndest, feats;
		__u8 is_client;
		__u32 opc, flags, npg, len, offset;
		__u32 status;
	} cases[] = {
		{ "brw client v1 1M", 11, 100, 8, 2, 1, 1, 2, 2, 0, 1048576, 0, 0 },
		{ "brw client v0 256p", 11, 100, 8, 2, 0, 1, 1, 3, 256, 0, 0, 0 },
		{ "brw server", 11, 100, 8, 0, 1, 0, 2, 1, 0, 4096, 0, 0 },
		{ "ping client", 12, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 },
		{ "loop 0", 12, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "concur 0", 12, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "concur 1025", 12, 1, 1025, 1, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "concur 1024", 12, 1, 1024, 1, 1, 1, 0, 0, 0, 0, 0, 0 },
		{ "client no dest", 12, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "too many dests", 12, 1, 1, 256 * 341 + 1, 1, 0, 0, 0, 0, 0, 0, EINVAL },
		{ "framework service", 4, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "service 13", 13, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, EINVAL },
		{ "is_client 2", 12, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0, EINVAL },
		{ "brw opc 3", 11, 1, 1, 1, 1, 1, 3, 1, 0, 4096, 0, EINVAL },
		{ "brw flags 0", 11, 1, 1, 1, 1, 1, 1, 0, 0, 4096, 0, EINVAL },
		{ "brw flags 4", 11, 1, 1, 1, 1, 1, 1, 4, 0, 4096, 0, EINVAL },
		{ "brw len 0", 11, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, EINVAL },
		{ "brw len 1M+1", 11, 1, 1, 1, 1, 1, 1, 1, 0, 1048577, 0, EINVAL },
		{ "brw offset+len > 1M", 11, 1, 1, 1, 1, 1, 1, 1, 0, 1048576, 8, EINVAL },
		{ "brw offset 4096", 11, 1, 1, 1, 1, 1, 1, 1, 0, 8, 4096, EINVAL },
		{ "brw npg 0", 11, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, EINVAL },
		{ "brw npg 257", 11, 1, 1, 1, 0, 1, 1, 1, 257, 0, 0, EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct srpc_test_reqst t = {
			.sid = sid, .service = cases[i].service, .loop = cases[i].loop,
			.concur = cases[i].concur, .ndest = cases[i].ndest,
			.is_client = cases[i].is_client,
		};

		if (t.service == SRPC_SERVICE_BRW) {
			t.u.bulk.opc = cases[i].opc;
			t.u.bulk.flags = cases[i].flags;
			t.u.bulk.npg = cases[i].npg;
			t.u.bulk.len = cases[i].len;
			t.u.bulk.offset = cases[i].offset;
		}
		if (srpc_check_test(&t, cases[i].feats) != cases[i].status)
			fail_msg("%s: status %u, expected %u", cases[i].what,
				 srpc_check_test(&t, cases[i].feats), cases[i].status);
	}
	/* A request without a session id. */
	{
		struct srpc_test_reqst t = { .sid = { .nid = NID_ANY }, .service = 12,
					     .loop = 1, .concur = 1, .ndest = 1, .is_client = 1 };

		assert_int_equal(srpc_check_test(&t, 1), EINVAL);
		assert_int_equal(srpc_check_sid(&t.sid), EINVAL);
		assert_int_equal(srpc_check_sid(&sid), 0);
	}
	assert_int_equal(srpc_check_feats(0), 0);
	assert_int_equal(srpc_check_feats(LST_FEAT_BULK_LEN), 0);
	assert_int_equal(srpc_check_feats(2), EPROTO);
}

static void test_check_brw(void **state)
{
	static const struct {
		__u32 rw, len, flags, feats, status, bulk;
	} cases[] = {
		{ LST_BRW_WRITE, 1048576, LST_BRW_CHECK_NONE, 1, 0, 1048576 },
		{ LST_BRW_READ, 100, LST_BRW_CHECK_SIMPLE, 1, 0, 100 },
		{ LST_BRW_READ, 100, LST_BRW_CHECK_SIMPLE, 0, EINVAL, 0 },	/* not whole pages */
		{ LST_BRW_READ, 8192, LST_BRW_CHECK_FULL, 0, 0, 8192 },
		{ LST_BRW_READ, 0, LST_BRW_CHECK_FULL, 1, EINVAL, 0 },
		{ LST_BRW_READ, 1048577, LST_BRW_CHECK_FULL, 1, EINVAL, 0 },
		{ 0, 4096, LST_BRW_CHECK_FULL, 1, EINVAL, 4096 },
		{ LST_BRW_READ, 4096, 9, 1, EINVAL, 4096 },
		{ LST_BRW_READ, 4096, LST_BRW_CHECK_NONE, 3, EPROTO, 4096 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct srpc_brw_reqst r = { .rw = cases[i].rw, .len = cases[i].len,
					    .flags = cases[i].flags };

		assert_int_equal(srpc_check_brw(&r, cases[i].feats), cases[i].status);
		assert_int_equal(srpc_brw_bulk_len(&r, cases[i].feats), cases[i].bulk);
	}
}

/* Destinations: 341 a page, the 341st on the second page. */
static void test_dests(void **state)
{
	size_t len = srpc_dest_bulk_len(343, LST_FEAT_BULK_LEN);
	__u8 *bulk;
	__u64 nid;
	__u32 pid;

	(void)state;
	assert_int_equal(srpc_dest_bulk_len(1, LST_FEAT_BULK_LEN), 12);
	assert_int_equal(srpc_dest_bulk_len(341, LST_FEAT_BULK_LEN), 4092);
	assert_int_equal(srpc_dest_bulk_len(342, LST_FEAT_BULK_LEN), 4096 + 12);
	assert_int_equal(srpc_dest_bulk_len(1, 0), 4096);
	assert_int_equal(srpc_dest_bulk_len(342, 0), 8192);
	assert_int_equal(srpc_dest_bulk_len(0, 1), 0);
	assert_int_equal(srpc_dest_bulk_len(SRPC_MAX_NDESTS + 1, 1), 0);
	assert_true(srpc_dest_bulk_len(SRPC_MAX_NDESTS, 0) == SRPC_MAX_BULK);

	bulk = calloc(1, len);
	assert_non_null(bulk);
	for (__u32 i = 0; i < 343; i++)
		srpc_dest_encode(bulk, i, NID_CONSOLE + i, 12345);
	assert_true(le64_at(bulk + 0) == NID_CONSOLE);
	assert_int_equal(le32_at(bulk + 8), 12345);
	assert_true(le64_at(bulk + 340 * 12) == NID_CONSOLE + 340);
	assert_true(le64_at(bulk + 4096) == NID_CONSOLE + 341);
	for (__u32 i = 0; i < 343; i++) {
		assert_int_equal(srpc_dest_decode(bulk, len, i, false, &nid, &pid), 0);
		assert_true(nid == NID_CONSOLE + i);
		assert_int_equal(pid, 12345);
	}
	assert_int_equal(srpc_dest_decode(bulk, len, 343, false, &nid, &pid), -EPROTO);
	assert_int_equal(srpc_dest_decode(bulk, len - 1, 342, false, &nid, &pid), -EPROTO);
	assert_int_equal(srpc_dest_decode(bulk, len, SRPC_MAX_NDESTS, false, &nid, &pid),
			 -EPROTO);
	assert_int_equal(srpc_dest_decode(bulk, len, 0, true, &nid, &pid), 0);
	assert_true(nid == __swab64(NID_CONSOLE));
	assert_int_equal(pid, __swab32(12345));
	free(bulk);
}

static void test_brw_pattern(void **state)
{
	static __u8 page[SRPC_PAGE_SIZE];
	__u64 magic = LST_BRW_MAGIC;

	(void)state;
	memset(page, 0, sizeof(page));
	srpc_brw_fill(page, sizeof(page), LST_BRW_CHECK_SIMPLE, magic);
	assert_memory_equal(page, &magic, 8);
	assert_memory_equal(page + 4088, &magic, 8);
	assert_int_equal(page[8], 0);
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_SIMPLE, magic), 0);
	/* SIMPLE misses the middle, FULL does not. */
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_FULL, magic),
			 -EBADMSG);
	page[4095] ^= 1;
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_SIMPLE, magic),
			 -EBADMSG);

	srpc_brw_fill(page, sizeof(page), LST_BRW_CHECK_FULL, magic);
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_FULL, magic), 0);
	page[2048] ^= 0x80;
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_FULL, magic),
			 -EBADMSG);
	/* A swabbed peer's magic is not ours. */
	srpc_brw_fill(page, sizeof(page), LST_BRW_CHECK_FULL, __swab64(magic));
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_FULL, magic),
			 -EBADMSG);
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_FULL,
					__swab64(magic)), 0);
	/* NONE checks nothing; a short last segment has its own last word. */
	assert_int_equal(srpc_brw_check(page, sizeof(page), LST_BRW_CHECK_NONE, 0), 0);
	memset(page, 0, sizeof(page));
	srpc_brw_fill(page, 100, LST_BRW_CHECK_SIMPLE, magic);
	assert_memory_equal(page + 92, &magic, 8);
	assert_int_equal(page[100], 0);
	assert_int_equal(srpc_brw_check(page, 100, LST_BRW_CHECK_SIMPLE, magic), 0);
	memset(page, 0, sizeof(page));
	srpc_brw_fill(page, 7, LST_BRW_CHECK_FULL, magic);	/* nothing fits */
	assert_int_equal(page[0], 0);
	/* Below two words SIMPLE's last word is the only one. */
	srpc_brw_fill(page, 12, LST_BRW_CHECK_SIMPLE, magic);
	assert_memory_equal(page + 4, &magic, 8);
	assert_int_equal(page[0], 0);
	assert_int_equal(srpc_brw_check(page, 12, LST_BRW_CHECK_SIMPLE, magic), 0);
}

/* Random frames (often with a valid header) never crash the decoder; what
 * it accepts re-encodes to a frame that decodes to the same message.
 */
static void test_random(void **state)
{
	__u8 buf[SRPC_MSG_SIZE + 8], out[SRPC_MSG_SIZE];

	(void)state;
	srand(7);
	for (int round = 0; round < 200000; round++) {
		size_t len = (size_t)(rand() % (int)sizeof(buf));
		struct srpc_msg m, m2;
		bool swab;

		for (size_t i = 0; i < len; i++)
			buf[i] = (__u8)rand();
		if (round & 1) {
			static const __u8 hdr[] = { 0x0d, 0xf0, 0xb0, 0xee, 1, 0, 0, 0 };

			memcpy(buf, hdr, len < 8 ? len : 8);
			if (len > 8)
				buf[8] = (__u8)(rand() % SRPC_MSG_TYPES);
			if (len > 11)
				buf[9] = buf[10] = buf[11] = 0;
		}
		if (srpc_msg_decode(buf, len, &m, &swab, NULL))
			continue;
		assert_true(m.type < SRPC_MSG_TYPES);
		assert_true(len >= SRPC_HDR_SIZE + srpc_body_size(m.type));
		assert_int_equal(srpc_msg_encode(&m, out, swab), SRPC_MSG_SIZE);
		assert_int_equal(srpc_msg_decode(out, sizeof(out), &m2, &swab, NULL), 0);
		assert_same(&m, &m2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),          cmocka_unit_test(test_services),
		cmocka_unit_test(test_mksn_offsets),   cmocka_unit_test(test_test_offsets),
		cmocka_unit_test(test_stat_offsets),   cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_swabbed_fields), cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_check_test),     cmocka_unit_test(test_check_brw),
		cmocka_unit_test(test_dests),          cmocka_unit_test(test_brw_pattern),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
