// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the ptlrpc receive check (nacre/ptlrpc_pack.h).
 *
 * The input is a received message (an LNet payload).  It is checked in an
 * exact-size heap copy; on success every accessor a handler would use is
 * run over every buffer and every byte they return is read, so that
 * AddressSanitizer sees any over-read the check let through.
 *
 * Beyond "no crash": a rejection is -EBADMSG or -EPROTO with a reason; an
 * accepted message fits the received bytes by an independent 64-bit sum;
 * strings and lock handles lie inside their buffers; and rebuilding the
 * message with lustre_msg_init() from its buffer lengths gives a message
 * the check accepts, with the same buffer bytes.
 */
#include <linux/errno.h>
#include <nacre/lustre_msg.h>
#include <nacre/lustre_dlm_wire.h>
#include <nacre/ptlrpc_pack.h>

#include "fuzz.h"

static volatile __u8 sink;

static void touch(const void *p, size_t len)
{
	const __u8 *b = p;
	__u8 x = 0;

	for (size_t i = 0; i < len; i++)
		x ^= b[i];
	sink ^= x;
}

static void check_buffer(struct lustre_msg_v2 *m, size_t size, __u32 i)
{
	__u32 len = lustre_msg_buflen(m, i);
	const char *end = (const char *)m + size;
	struct ldlm_request *rq;
	const char *buf, *s;

	buf = lustre_msg_buf(m, i, 0);
	CHECK(buf != NULL);
	CHECK(buf + lustre_msg_size_round(len) <= end);
	CHECK(lustre_msg_buf(m, i, len) == buf);
	if (len < UINT32_MAX)
		CHECK(lustre_msg_buf(m, i, len + 1) == NULL);
	touch(buf, len);

	s = lustre_msg_string(m, i, 0);
	if (s) {
		CHECK(s == buf);
		CHECK(strlen(s) < len);
	}
	s = lustre_msg_string(m, i, sizeof(struct obd_uuid));
	if (s)
		CHECK(strlen(s) < sizeof(struct obd_uuid));

	rq = lustre_msg_buf(m, i, sizeof(*rq));
	if (rq && ldlm_request_check(rq, len) == 0) {
		for (__u32 h = 0; h < rq->lock_count; h++) {
			const struct lustre_handle *lh = ldlm_request_handle(rq, h);

			CHECK((const char *)(lh + 1) <= buf + len);
			touch(lh, sizeof(*lh));
		}
	}
}

/* Rebuild @m from its buffer lengths: the builder and the check agree. */
static void check_rebuild(struct lustre_msg_v2 *m)
{
	__u32 count = m->lm_bufcount;
	__u32 size = lustre_msg_size(count, m->lm_buflens);
	struct lustre_msg_v2 *copy = calloc(1, size);

	CHECK(copy != NULL);
	lustre_msg_init(copy, count, m->lm_buflens);
	for (__u32 i = 0; i < count; i++) {
		__u32 len = lustre_msg_buflen(m, i);

		CHECK(lustre_msg_buflen(copy, i) == len);
		memcpy(lustre_msg_buf(copy, i, len), lustre_msg_buf(m, i, len), len);
	}
	CHECK(lustre_msg_check(copy, size) == 0);
	for (__u32 i = 0; i < count; i++) {
		__u32 len = lustre_msg_buflen(m, i);

		CHECK(memcmp(lustre_msg_buf(copy, i, len), lustre_msg_buf(m, i, len),
			     len) == 0);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lustre_msg_v2 *m;
	struct ptlrpc_body *pb;
	const char *why = NULL, *name;
	__u64 need;
	int rc;

	if (size > UINT32_MAX)
		return 0;
	m = malloc(size ? size : 1);
	CHECK(m != NULL);
	memcpy(m, data, size);

	rc = lustre_msg_check_why(m, size, &why);
	CHECK(lustre_msg_check(m, size) == rc);
	if (rc) {
		CHECK((rc == -EBADMSG || rc == -EPROTO) && why != NULL);
		free(m);
		return 0;
	}

	CHECK(m->lm_magic == LUSTRE_MSG_MAGIC_V2);
	CHECK(m->lm_bufcount >= 1 && m->lm_bufcount <= PTLRPC_MAX_BUFCOUNT);
	need = (32 + 4 * (__u64)m->lm_bufcount + 7) & ~7ULL;
	for (__u32 i = 0; i < m->lm_bufcount; i++)
		need += ((__u64)m->lm_buflens[i] + 7) & ~7ULL;
	CHECK(need <= size);
	CHECK(lustre_msg_size(m->lm_bufcount, m->lm_buflens) == need);

	pb = lustre_msg_body(m);
	CHECK(pb != NULL);
	CHECK(pb->pb_type == PTL_RPC_MSG_REQUEST || pb->pb_type == PTL_RPC_MSG_REPLY ||
	      pb->pb_type == PTL_RPC_MSG_ERR);
	CHECK((pb->pb_version & 0xffff) == PTLRPC_MSG_VERSION);
	name = ptlrpc_opcode_name(pb->pb_opc);
	if (name)
		touch(name, strlen(name));

	for (__u32 i = 0; i < m->lm_bufcount; i++)
		check_buffer(m, size, i);
	CHECK(lustre_msg_buf(m, m->lm_bufcount, 0) == NULL);
	CHECK(lustre_msg_buflen(m, m->lm_bufcount) == 0);
	check_rebuild(m);
	free(m);
	return 0;
}
