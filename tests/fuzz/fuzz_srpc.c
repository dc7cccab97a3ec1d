// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the LNet self-test (srpc) decoders
 * (lnet/srpc_wire.h).
 *
 * The first input byte picks what the rest is:
 *   (b & 0x7f) % 3 == 0  an srpc frame, as a server or console receives it
 *                     1  a test-add destination list (bulk) of that many
 *                        bytes, walked for as many destinations as it says
 *                     2  a brw bulk segment, checked against each pattern
 *   b & 0x80             the list and segment come from a byte-swapped peer
 *
 * Beyond "no crash": a rejection is -EPROTO with a reason; an accepted frame
 * is within its limits (type, length, NUL-terminated names, batch operation,
 * ping magic), re-encodes in the sender's byte order to the same bytes up
 * to the end of its body (the header's reserved words aside), and a
 * server's checks accept only what fits the bulk limits.
 */
#include <stdbool.h>
#include <linux/errno.h>
#include <linux/swab.h>
#include <lnet/srpc_wire.h>

#include "fuzz.h"

static bool has_nul(const char *name)
{
	return memchr(name, '\0', LST_NAME_SIZE) != NULL;
}

static void check_frame(const uint8_t *p, size_t len)
{
	struct srpc_msg m, again;
	uint8_t out[SRPC_MSG_SIZE];
	const char *why = NULL;
	bool swab = false, swab2 = false;
	size_t n;
	int rc;

	rc = srpc_msg_decode(p, len, &m, &swab, &why);
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return;
	}
	CHECK(m.type < SRPC_MSG_TYPES);
	n = SRPC_HDR_SIZE + srpc_body_size(m.type);
	CHECK(len >= n && n <= SRPC_MSG_SIZE);
	switch (m.type) {
	case SRPC_MSG_MKSN_REQST:
		CHECK(has_nul(m.body.mksn_reqst.name));
		break;
	case SRPC_MSG_MKSN_REPLY:
		CHECK(has_nul(m.body.mksn_reply.name));
		break;
	case SRPC_MSG_DEBUG_REPLY:
		CHECK(has_nul(m.body.dbg_reply.name));
		break;
	case SRPC_MSG_JOIN_REQST:
		CHECK(has_nul(m.body.join_reqst.group));
		break;
	case SRPC_MSG_JOIN_REPLY:
		CHECK(has_nul(m.body.join_reply.session));
		break;
	case SRPC_MSG_BATCH_REQST:
		CHECK(m.body.bat_reqst.opc >= SRPC_BATCH_OPC_RUN &&
		      m.body.bat_reqst.opc <= SRPC_BATCH_OPC_QUERY);
		break;
	case SRPC_MSG_PING_REQST:
		CHECK(m.body.ping_reqst.magic == LST_PING_TEST_MAGIC);
		break;
	case SRPC_MSG_TEST_REQST:
		if (srpc_check_test(&m.body.tes_reqst, m.ses_feats) == 0) {
			const struct srpc_test_reqst *t = &m.body.tes_reqst;

			CHECK(t->concur >= 1 && t->concur <= LST_MAX_CONCUR);
			CHECK(t->ndest <= SRPC_MAX_NDESTS);
			if (t->is_client)
				CHECK(srpc_dest_bulk_len(t->ndest, m.ses_feats) <= SRPC_MAX_BULK);
			if (t->service == SRPC_SERVICE_BRW)
				CHECK(srpc_test_bulk_len(&t->u.bulk, m.ses_feats) <= SRPC_MAX_BULK);
		}
		break;
	case SRPC_MSG_BRW_REQST:
		if (srpc_check_brw(&m.body.brw_reqst, m.ses_feats) == 0) {
			__u32 b = srpc_brw_bulk_len(&m.body.brw_reqst, m.ses_feats);

			CHECK(b > 0 && b <= SRPC_MAX_BULK);
		}
		break;
	}

	/* Re-encode as the sender did: the same bytes, reserved words (12..19)
	 * and the union bytes a layout does not use aside.
	 */
	CHECK(srpc_msg_encode(&m, out, swab) == SRPC_MSG_SIZE);
	CHECK(memcmp(out, p, 12) == 0);
	CHECK(memcmp(out + 20, p + 20, 4) == 0);
	if (m.type == SRPC_MSG_TEST_REQST) {
		CHECK(memcmp(out + SRPC_HDR_SIZE, p + SRPC_HDR_SIZE, 58) == 0);
	} else if (!(m.type == SRPC_MSG_MKSN_REQST || m.type == SRPC_MSG_MKSN_REPLY ||
		     m.type == SRPC_MSG_DEBUG_REPLY || m.type == SRPC_MSG_JOIN_REQST ||
		     m.type == SRPC_MSG_JOIN_REPLY)) {
		/* (names are re-encoded with zeros after their NUL) */
		CHECK(memcmp(out + SRPC_HDR_SIZE, p + SRPC_HDR_SIZE, n - SRPC_HDR_SIZE) == 0);
	}
	CHECK(srpc_msg_decode(out, sizeof(out), &again, &swab2, NULL) == 0);
	CHECK(swab2 == swab && again.type == m.type && again.ses_feats == m.ses_feats);
}

static void check_dests(const uint8_t *p, size_t len, bool swab)
{
	__u32 ndest, i;
	__u64 nid;
	__u32 pid;

	if (len < 2)
		return;
	ndest = (__u32)p[0] | (__u32)p[1] << 8;
	p += 2;
	len -= 2;
	for (i = 0; i < ndest; i++) {
		int rc = srpc_dest_decode(p, len, i, swab, &nid, &pid);

		if (rc) {
			CHECK(rc == -EPROTO);
			/* Once one does not fit, none after it does. */
			CHECK(srpc_dest_decode(p, len, i + 1, swab, &nid, &pid) == -EPROTO);
			break;
		}
	}
}

static void check_segment(const uint8_t *p, size_t len, bool swab)
{
	__u64 magic = swab ? __swab64(LST_BRW_MAGIC) : LST_BRW_MAGIC;
	uint8_t *copy;
	int full, simple;

	if (len > SRPC_PAGE_SIZE)
		len = SRPC_PAGE_SIZE;
	CHECK(srpc_brw_check(p, len, LST_BRW_CHECK_NONE, magic) == 0);
	full = srpc_brw_check(p, len, LST_BRW_CHECK_FULL, magic);
	simple = srpc_brw_check(p, len, LST_BRW_CHECK_SIMPLE, magic);
	CHECK(full == 0 || full == -EBADMSG);
	CHECK(simple == 0 || simple == -EBADMSG);
	/* FULL covers what SIMPLE checks when the segment is whole words (a
	 * SIMPLE last word straddles FULL's otherwise, as in Lustre; both ends
	 * always use the same pattern).
	 */
	if (full == 0 && len % 8 == 0)
		CHECK(simple == 0);
	/* What fill writes, check accepts. */
	copy = malloc(len ? len : 1);
	CHECK(copy != NULL);
	memcpy(copy, p, len);
	srpc_brw_fill(copy, len, LST_BRW_CHECK_FULL, magic);
	CHECK(srpc_brw_check(copy, len, LST_BRW_CHECK_FULL, magic) == 0);
	if (len % 8 == 0)
		CHECK(srpc_brw_check(copy, len, LST_BRW_CHECK_SIMPLE, magic) == 0);
	srpc_brw_fill(copy, len, LST_BRW_CHECK_SIMPLE, magic);
	CHECK(srpc_brw_check(copy, len, LST_BRW_CHECK_SIMPLE, magic) == 0);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p;
	bool swab;

	if (size < 1)
		return 0;
	swab = data[0] & 0x80;
	/* An exact-size copy, so a read past the end is an ASan report. */
	p = malloc(size - 1 ? size - 1 : 1);
	CHECK(p != NULL);
	memcpy(p, data + 1, size - 1);
	switch ((data[0] & 0x7f) % 3) {
	case 0:
		check_frame(p, size - 1);
		break;
	case 1:
		check_dests(p, size - 1, swab);
		break;
	case 2:
		check_segment(p, size - 1, swab);
		break;
	}
	free(p);
	return 0;
}
