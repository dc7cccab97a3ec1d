// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the LNet/socklnd wire decoders (lnet/wire.h).
 *
 * The first input byte picks the decoder, the rest is what the peer sent:
 *   (b & 0x7f) % 5 == 0  acceptor request
 *                     1  socklnd HELLO (the -EAGAIN/need protocol)
 *                     2  a socklnd message as a receiver walks it: ksock
 *                        header, LNet header, ping info in a REPLY payload
 *                     3  LNet header alone
 *                     4  ping info alone
 *   b & 0x80             decode as a byte-swapped sender (modes 2-4; the
 *                        acceptor request and HELLO find the order themselves)
 *
 * Beyond "no crash": a rejection is -EPROTO with a reason, a success has
 * every field in range, and decode -> encode -> decode gives the same
 * structure (and, for a little-endian sender, the same bytes).
 */
#include <stdbool.h>
#include <linux/errno.h>
#include <lnet/wire.h>

#include "fuzz.h"

static __u32 raw_le32(const __u8 *p)
{
	return (__u32)p[0] | (__u32)p[1] << 8 | (__u32)p[2] << 16 | (__u32)p[3] << 24;
}

static void check_acceptor(const __u8 *p, size_t len)
{
	struct lnet_acceptor_req req, back;
	__u8 out[LNET_ACCEPTOR_REQ_SIZE];
	const char *why = NULL;
	bool swab = false, swab2 = true;
	int rc;

	rc = lnet_acceptor_req_decode(p, len, &req, &swab, &why);
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return;
	}
	CHECK(len >= LNET_ACCEPTOR_REQ_SIZE);
	CHECK(req.magic == LNET_PROTO_ACCEPTOR_MAGIC);
	CHECK(req.version == LNET_PROTO_ACCEPTOR_VERSION);
	CHECK(swab == (raw_le32(p) != LNET_PROTO_ACCEPTOR_MAGIC));

	CHECK(lnet_acceptor_req_encode(&req, out) == LNET_ACCEPTOR_REQ_SIZE);
	if (!swab)
		CHECK(memcmp(out, p, sizeof(out)) == 0);
	CHECK(lnet_acceptor_req_decode(out, sizeof(out), &back, &swab2, NULL) == 0);
	CHECK(!swab2);
	CHECK(memcmp(&req, &back, sizeof(req)) == 0);
}

#define HELLO_MAX (KSOCK_HELLO_V3_SIZE + 4 * KSOCK_HELLO_MAX_IPS)

static void check_hello(const __u8 *p, size_t len)
{
	struct ksock_hello h, back;
	__u8 out[HELLO_MAX];
	const char *why = NULL;
	size_t need = (size_t)-1, need2, n;
	bool swab = false, swab2 = true;
	__u32 i;
	int rc;

	memset(&h, 0xa5, sizeof(h));
	rc = ksock_hello_decode(p, len, &h, &swab, &need, &why);
	if (rc == -EAGAIN) {
		/* "need more": more than we have, and one of the three steps. */
		CHECK(need > len && need <= HELLO_MAX);
		CHECK(need == 8 || (need >= KSOCK_HELLO_V3_SIZE &&
				    (need - KSOCK_HELLO_V3_SIZE) % 4 == 0));
		return;
	}
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return;
	}
	CHECK(h.magic == LNET_PROTO_MAGIC && h.version == KSOCK_PROTO_V3);
	CHECK(h.nips <= KSOCK_HELLO_MAX_IPS);
	CHECK(h.ctype <= SOCKLND_CONN_BULK_OUT);
	CHECK(need <= len && need == KSOCK_HELLO_V3_SIZE + 4 * (size_t)h.nips);
	CHECK(swab == (raw_le32(p) != LNET_PROTO_MAGIC));
	for (i = h.nips; i < KSOCK_HELLO_MAX_IPS; i++)
		CHECK(h.ips[i] == 0);

	/* Exactly @need bytes decode the same; one fewer asks for more. */
	CHECK(ksock_hello_decode(p, need, &back, &swab2, &need2, NULL) == 0);
	CHECK(memcmp(&h, &back, sizeof(h)) == 0 && swab2 == swab);
	CHECK(ksock_hello_decode(p, need - 1, &back, &swab2, &need2, NULL) == -EAGAIN);
	CHECK(need2 > need - 1 && need2 <= need);

	n = ksock_hello_encode(&h, out, sizeof(out));
	CHECK(n == need);
	CHECK(ksock_hello_encode(&h, out, n - 1) == 0);
	n = ksock_hello_encode(&h, out, sizeof(out));
	if (!swab)
		CHECK(memcmp(out, p, n) == 0);
	CHECK(ksock_hello_decode(out, n, &back, &swab2, &need2, NULL) == 0);
	CHECK(!swab2 && need2 == n);
	CHECK(memcmp(&h, &back, sizeof(h)) == 0);
}

static int check_ksock(const __u8 *p, size_t len, bool swab, struct ksock_msg_hdr *m)
{
	struct ksock_msg_hdr back;
	__u8 out[KSOCK_MSG_HDR_SIZE];
	const char *why = NULL;
	int rc;

	rc = ksock_msg_hdr_decode(p, len, swab, m, &why);
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return rc;
	}
	CHECK(len >= KSOCK_MSG_HDR_SIZE);
	CHECK(m->type == KSOCK_MSG_NOOP || m->type == KSOCK_MSG_LNET);
	CHECK(ksock_msg_hdr_encode(m, out) == KSOCK_MSG_HDR_SIZE);
	if (!swab)
		CHECK(memcmp(out, p, sizeof(out)) == 0);
	CHECK(ksock_msg_hdr_decode(out, sizeof(out), false, &back, NULL) == 0);
	CHECK(memcmp(m, &back, sizeof(back)) == 0);
	return 0;
}

/* Bytes of the 40-byte message union each type uses. */
static size_t hdr_union_used(__u32 type)
{
	switch (type) {
	case LNET_MSG_ACK:	return 28;
	case LNET_MSG_PUT:	return 40;
	case LNET_MSG_GET:	return 36;
	case LNET_MSG_REPLY:	return 16;
	case LNET_MSG_HELLO:	return 12;
	}
	return 0;
}

static int check_lnet_hdr(const __u8 *p, size_t len, bool swab, struct lnet_hdr *h)
{
	struct lnet_hdr back;
	__u8 out[LNET_HDR_SIZE];
	const char *why = NULL;
	size_t used, i;
	int rc;

	memset(h, 0xa5, sizeof(*h));
	rc = lnet_hdr_decode(p, len, swab, h, &why);
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return rc;
	}
	CHECK(len >= LNET_HDR_SIZE);
	CHECK(h->type <= LNET_MSG_HELLO);
	CHECK(h->payload_length <= LNET_MAX_PAYLOAD);
	if (h->type == LNET_MSG_ACK || h->type == LNET_MSG_GET)
		CHECK(h->payload_length == 0);
	if (h->type == LNET_MSG_GET)
		CHECK(h->msg.get.sink_length <= LNET_MAX_PAYLOAD);

	CHECK(lnet_hdr_encode(h, out) == LNET_HDR_SIZE);
	used = 32 + hdr_union_used(h->type);
	if (!swab)
		CHECK(memcmp(out, p, used) == 0);
	for (i = used; i < LNET_HDR_SIZE; i++)
		CHECK(out[i] == 0);
	CHECK(lnet_hdr_decode(out, sizeof(out), false, &back, NULL) == 0);
	CHECK(memcmp(h, &back, sizeof(back)) == 0);
	return 0;
}

static void check_ping(const __u8 *p, size_t len, bool swab)
{
	struct lnet_ping_info_hdr pi, pi2;
	struct lnet_ni_status *ni, ns;
	const char *why = NULL;
	__u8 *out;
	size_t n;
	__u32 i;
	int rc;

	rc = lnet_ping_info_decode(p, len, swab, &pi, &why);
	if (rc) {
		CHECK(rc == -EPROTO && why != NULL);
		return;
	}
	CHECK(len >= LNET_PING_INFO_HDR_SIZE);
	CHECK(pi.pi_magic == LNET_PROTO_PING_MAGIC);
	/* The NI count fits the length. */
	n = LNET_PING_INFO_HDR_SIZE + (size_t)pi.pi_nnis * LNET_NI_STATUS_SIZE;
	CHECK(n <= len);

	ni = calloc((size_t)pi.pi_nnis + 1, sizeof(*ni));
	CHECK(ni != NULL);
	for (i = 0; i < pi.pi_nnis; i++)
		CHECK(lnet_ping_info_ni(p, len, swab, i, &ni[i]) == 0);
	/* Past the last whole entry, and far past it, is refused. */
	i = (__u32)((len - LNET_PING_INFO_HDR_SIZE) / LNET_NI_STATUS_SIZE);
	CHECK(lnet_ping_info_ni(p, len, swab, i, &ns) == -EPROTO);
	CHECK(lnet_ping_info_ni(p, len, swab, 0xffffffffU, &ns) == -EPROTO);

	out = malloc(n);
	CHECK(out != NULL);
	CHECK(lnet_ping_info_encode(&pi, ni, out, n - 1) == 0);
	CHECK(lnet_ping_info_encode(&pi, ni, out, n) == n);
	if (!swab)
		CHECK(memcmp(out, p, n) == 0);
	CHECK(lnet_ping_info_decode(out, n, false, &pi2, NULL) == 0);
	CHECK(memcmp(&pi, &pi2, sizeof(pi)) == 0);
	for (i = 0; i < pi.pi_nnis; i++) {
		CHECK(lnet_ping_info_ni(out, n, false, i, &ns) == 0);
		CHECK(memcmp(&ns, &ni[i], sizeof(ns)) == 0);
	}
	free(out);
	free(ni);
}

/* A socklnd message as the receive path walks it. */
static void check_message(const __u8 *p, size_t len, bool swab)
{
	struct ksock_msg_hdr m;
	struct lnet_hdr h;
	const __u8 *payload;
	size_t plen;

	if (check_ksock(p, len, swab, &m) || m.type != KSOCK_MSG_LNET)
		return;
	p += KSOCK_MSG_HDR_SIZE;
	len -= KSOCK_MSG_HDR_SIZE;
	if (check_lnet_hdr(p, len, swab, &h))
		return;
	payload = p + LNET_HDR_SIZE;
	plen = len - LNET_HDR_SIZE;
	if (h.type == LNET_MSG_REPLY && h.payload_length <= plen)
		check_ping(payload, h.payload_length, swab);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lnet_hdr h;
	bool swab;

	if (size < 1)
		return 0;
	swab = data[0] & 0x80;
	switch ((data[0] & 0x7f) % 5) {
	case 0:
		check_acceptor(data + 1, size - 1);
		break;
	case 1:
		check_hello(data + 1, size - 1);
		break;
	case 2:
		check_message(data + 1, size - 1, swab);
		break;
	case 3:
		check_lnet_hdr(data + 1, size - 1, swab, &h);
		break;
	case 4:
		check_ping(data + 1, size - 1, swab);
		break;
	}
	return 0;
}
