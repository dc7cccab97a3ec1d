// SPDX-License-Identifier: GPL-2.0
/*
 * LNet and socklnd wire codec (see lnet/wire.h for the formats).
 *
 * Fields are read with memcpy and converted from little-endian (then swapped
 * for a byte-swapped sender), so a buffer needs no alignment.  Decoders check
 * the length before reading and every field that later code would trust;
 * encoders zero the bytes a message type does not use, as Lustre does.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <asm/byteorder.h>
#include <lnet/wire.h>

static __u32 get32(const __u8 *p, bool swab)
{
	__u32 v;

	memcpy(&v, p, sizeof(v));
	v = __le32_to_cpu((__force __le32)v);
	return swab ? __swab32(v) : v;
}

static __u64 get64(const __u8 *p, bool swab)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	v = __le64_to_cpu((__force __le64)v);
	return swab ? __swab64(v) : v;
}

static void put32(__u8 *p, __u32 v)
{
	__le32 le = __cpu_to_le32(v);

	memcpy(p, &le, sizeof(le));
}

static void put64(__u8 *p, __u64 v)
{
	__le64 le = __cpu_to_le64(v);

	memcpy(p, &le, sizeof(le));
}

static int reject(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -EPROTO;
}

/* Which byte order a magic was sent in: 0 native LE, 1 swapped, -1 neither. */
static int magic_order(const __u8 *p, __u32 magic)
{
	__u32 v = get32(p, false);

	if (v == magic)
		return 0;
	if (v == __swab32(magic))
		return 1;
	return -1;
}

/* --- acceptor ------------------------------------------------------------- */

int lnet_acceptor_req_decode(const void *buf, size_t len, struct lnet_acceptor_req *req,
			     bool *swab, const char **why)
{
	const __u8 *p = buf;
	int order;

	if (len < LNET_ACCEPTOR_REQ_SIZE)
		return reject(why, "acceptor request truncated");
	order = magic_order(p, LNET_PROTO_ACCEPTOR_MAGIC);
	if (order < 0)
		return reject(why, "not an LNet acceptor request (bad magic)");
	*swab = order;
	req->magic = LNET_PROTO_ACCEPTOR_MAGIC;
	req->version = get32(p + 4, *swab);
	req->nid = get64(p + 8, *swab);
	if (req->version != LNET_PROTO_ACCEPTOR_VERSION)
		return reject(why, "unsupported acceptor protocol version");
	return 0;
}

size_t lnet_acceptor_req_encode(const struct lnet_acceptor_req *req, void *buf)
{
	__u8 *p = buf;

	put32(p, req->magic);
	put32(p + 4, req->version);
	put64(p + 8, req->nid);
	return LNET_ACCEPTOR_REQ_SIZE;
}

/* --- HELLO ------------------------------------------------------------------ */

int ksock_hello_decode(const void *buf, size_t len, struct ksock_hello *h, bool *swab,
		       size_t *need, const char **why)
{
	const __u8 *p = buf;
	int order;
	__u32 i;

	*need = 8;
	if (len < *need)
		return -EAGAIN;
	order = magic_order(p, LNET_PROTO_MAGIC);
	if (order < 0)
		return reject(why, "not a socklnd HELLO (bad magic)");
	*swab = order;
	memset(h, 0, sizeof(*h));
	h->magic = LNET_PROTO_MAGIC;
	h->version = get32(p + 4, *swab);
	if (h->version != KSOCK_PROTO_V3)
		return reject(why, "unsupported socklnd protocol version (expected 3)");

	*need = KSOCK_HELLO_V3_SIZE;
	if (len < *need)
		return -EAGAIN;
	h->src_nid = get64(p + 8, *swab);
	h->dst_nid = get64(p + 16, *swab);
	h->src_pid = get32(p + 24, *swab);
	h->dst_pid = get32(p + 28, *swab);
	h->src_incarnation = get64(p + 32, *swab);
	h->dst_incarnation = get64(p + 40, *swab);
	h->ctype = get32(p + 48, *swab);
	h->nips = get32(p + 52, *swab);
	if (h->ctype > SOCKLND_CONN_BULK_OUT)
		return reject(why, "HELLO has an unknown connection type");
	if (h->nips > KSOCK_HELLO_MAX_IPS)
		return reject(why, "HELLO lists too many IP addresses");

	*need = KSOCK_HELLO_V3_SIZE + 4 * (size_t)h->nips;
	if (len < *need)
		return -EAGAIN;
	for (i = 0; i < h->nips; i++)
		h->ips[i] = get32(p + KSOCK_HELLO_V3_SIZE + 4 * i, *swab);
	return 0;
}

size_t ksock_hello_encode(const struct ksock_hello *h, void *buf, size_t size)
{
	size_t n = KSOCK_HELLO_V3_SIZE + 4 * (size_t)h->nips;
	__u8 *p = buf;
	__u32 i;

	if (h->nips > KSOCK_HELLO_MAX_IPS || size < n)
		return 0;
	put32(p, h->magic);
	put32(p + 4, h->version);
	put64(p + 8, h->src_nid);
	put64(p + 16, h->dst_nid);
	put32(p + 24, h->src_pid);
	put32(p + 28, h->dst_pid);
	put64(p + 32, h->src_incarnation);
	put64(p + 40, h->dst_incarnation);
	put32(p + 48, h->ctype);
	put32(p + 52, h->nips);
	for (i = 0; i < h->nips; i++)
		put32(p + KSOCK_HELLO_V3_SIZE + 4 * i, h->ips[i]);
	return n;
}

/* --- ksock message header ------------------------------------------------------ */

int ksock_msg_hdr_decode(const void *buf, size_t len, bool swab, struct ksock_msg_hdr *m,
			 const char **why)
{
	const __u8 *p = buf;

	if (len < KSOCK_MSG_HDR_SIZE)
		return reject(why, "socklnd message header truncated");
	m->type = get32(p, swab);
	m->csum = get32(p + 4, swab);
	m->zc_cookies[0] = get64(p + 8, swab);
	m->zc_cookies[1] = get64(p + 16, swab);
	if (m->type != KSOCK_MSG_NOOP && m->type != KSOCK_MSG_LNET)
		return reject(why, "unknown socklnd message type");
	return 0;
}

size_t ksock_msg_hdr_encode(const struct ksock_msg_hdr *m, void *buf)
{
	__u8 *p = buf;

	put32(p, m->type);
	put32(p + 4, m->csum);
	put64(p + 8, m->zc_cookies[0]);
	put64(p + 16, m->zc_cookies[1]);
	return KSOCK_MSG_HDR_SIZE;
}

/* --- LNet header ----------------------------------------------------------------- */

/* Offsets inside the 40-byte message union (from byte 32 of the header). */
#define U 32

int lnet_hdr_decode(const void *buf, size_t len, bool swab, struct lnet_hdr *h,
		    const char **why)
{
	const __u8 *p = buf;

	if (len < LNET_HDR_SIZE)
		return reject(why, "LNet header truncated");
	memset(h, 0, sizeof(*h));
	h->dest_nid = get64(p, swab);
	h->src_nid = get64(p + 8, swab);
	h->dest_pid = get32(p + 16, swab);
	h->src_pid = get32(p + 20, swab);
	h->type = get32(p + 24, swab);
	h->payload_length = get32(p + 28, swab);
	if (h->payload_length > LNET_MAX_PAYLOAD)
		return reject(why, "LNet payload longer than the 1 MiB limit");

	switch (h->type) {
	case LNET_MSG_ACK:
		h->msg.ack.dst_wmd.wh_interface_cookie = get64(p + U, swab);
		h->msg.ack.dst_wmd.wh_object_cookie = get64(p + U + 8, swab);
		h->msg.ack.match_bits = get64(p + U + 16, swab);
		h->msg.ack.mlength = get32(p + U + 24, swab);
		break;
	case LNET_MSG_PUT:
		h->msg.put.ack_wmd.wh_interface_cookie = get64(p + U, swab);
		h->msg.put.ack_wmd.wh_object_cookie = get64(p + U + 8, swab);
		h->msg.put.match_bits = get64(p + U + 16, swab);
		h->msg.put.hdr_data = get64(p + U + 24, swab);
		h->msg.put.ptl_index = get32(p + U + 32, swab);
		h->msg.put.offset = get32(p + U + 36, swab);
		break;
	case LNET_MSG_GET:
		h->msg.get.return_wmd.wh_interface_cookie = get64(p + U, swab);
		h->msg.get.return_wmd.wh_object_cookie = get64(p + U + 8, swab);
		h->msg.get.match_bits = get64(p + U + 16, swab);
		h->msg.get.ptl_index = get32(p + U + 24, swab);
		h->msg.get.src_offset = get32(p + U + 28, swab);
		h->msg.get.sink_length = get32(p + U + 32, swab);
		if (h->msg.get.sink_length > LNET_MAX_PAYLOAD)
			return reject(why, "GET asks for more than the 1 MiB limit");
		break;
	case LNET_MSG_REPLY:
		h->msg.reply.dst_wmd.wh_interface_cookie = get64(p + U, swab);
		h->msg.reply.dst_wmd.wh_object_cookie = get64(p + U + 8, swab);
		break;
	case LNET_MSG_HELLO:
		h->msg.hello.incarnation = get64(p + U, swab);
		h->msg.hello.type = get32(p + U + 8, swab);
		break;
	default:
		return reject(why, "unknown LNet message type");
	}
	if ((h->type == LNET_MSG_ACK || h->type == LNET_MSG_GET) && h->payload_length)
		return reject(why, "ACK or GET with a payload");
	return 0;
}

size_t lnet_hdr_encode(const struct lnet_hdr *h, void *buf)
{
	__u8 *p = buf;

	memset(p, 0, LNET_HDR_SIZE);
	put64(p, h->dest_nid);
	put64(p + 8, h->src_nid);
	put32(p + 16, h->dest_pid);
	put32(p + 20, h->src_pid);
	put32(p + 24, h->type);
	put32(p + 28, h->payload_length);

	switch (h->type) {
	case LNET_MSG_ACK:
		put64(p + U, h->msg.ack.dst_wmd.wh_interface_cookie);
		put64(p + U + 8, h->msg.ack.dst_wmd.wh_object_cookie);
		put64(p + U + 16, h->msg.ack.match_bits);
		put32(p + U + 24, h->msg.ack.mlength);
		break;
	case LNET_MSG_PUT:
		put64(p + U, h->msg.put.ack_wmd.wh_interface_cookie);
		put64(p + U + 8, h->msg.put.ack_wmd.wh_object_cookie);
		put64(p + U + 16, h->msg.put.match_bits);
		put64(p + U + 24, h->msg.put.hdr_data);
		put32(p + U + 32, h->msg.put.ptl_index);
		put32(p + U + 36, h->msg.put.offset);
		break;
	case LNET_MSG_GET:
		put64(p + U, h->msg.get.return_wmd.wh_interface_cookie);
		put64(p + U + 8, h->msg.get.return_wmd.wh_object_cookie);
		put64(p + U + 16, h->msg.get.match_bits);
		put32(p + U + 24, h->msg.get.ptl_index);
		put32(p + U + 28, h->msg.get.src_offset);
		put32(p + U + 32, h->msg.get.sink_length);
		break;
	case LNET_MSG_REPLY:
		put64(p + U, h->msg.reply.dst_wmd.wh_interface_cookie);
		put64(p + U + 8, h->msg.reply.dst_wmd.wh_object_cookie);
		break;
	case LNET_MSG_HELLO:
		put64(p + U, h->msg.hello.incarnation);
		put32(p + U + 8, h->msg.hello.type);
		break;
	}
	return LNET_HDR_SIZE;
}

#undef U

/* --- ping info ---------------------------------------------------------------------- */

int lnet_ping_info_decode(const void *buf, size_t len, bool swab, struct lnet_ping_info_hdr *pi,
			  const char **why)
{
	const __u8 *p = buf;

	if (len < LNET_PING_INFO_HDR_SIZE)
		return reject(why, "ping reply truncated");
	pi->pi_magic = get32(p, swab);
	if (pi->pi_magic != LNET_PROTO_PING_MAGIC)
		return reject(why, "ping reply has a bad magic");
	pi->pi_features = get32(p + 4, swab);
	pi->pi_pid = get32(p + 8, swab);
	pi->pi_nnis = get32(p + 12, swab);
	if (pi->pi_nnis > (len - LNET_PING_INFO_HDR_SIZE) / LNET_NI_STATUS_SIZE)
		return reject(why, "ping reply lists more NIs than it carries");
	return 0;
}

int lnet_ping_info_ni(const void *buf, size_t len, bool swab, __u32 i, struct lnet_ni_status *ns)
{
	const __u8 *p = buf;
	size_t off = LNET_PING_INFO_HDR_SIZE + (size_t)i * LNET_NI_STATUS_SIZE;

	if (off + LNET_NI_STATUS_SIZE > len)
		return -EPROTO;
	ns->ns_nid = get64(p + off, swab);
	ns->ns_status = get32(p + off + 8, swab);
	ns->ns_msg_size = get32(p + off + 12, swab);
	return 0;
}

size_t lnet_ping_info_encode(const struct lnet_ping_info_hdr *pi,
			     const struct lnet_ni_status *ni, void *buf, size_t size)
{
	size_t n = LNET_PING_INFO_HDR_SIZE + (size_t)pi->pi_nnis * LNET_NI_STATUS_SIZE;
	__u8 *p = buf;
	__u32 i;

	if (size < n)
		return 0;
	put32(p, pi->pi_magic);
	put32(p + 4, pi->pi_features);
	put32(p + 8, pi->pi_pid);
	put32(p + 12, pi->pi_nnis);
	for (i = 0; i < pi->pi_nnis; i++) {
		__u8 *q = p + LNET_PING_INFO_HDR_SIZE + i * LNET_NI_STATUS_SIZE;

		put64(q, ni[i].ns_nid);
		put32(q + 8, ni[i].ns_status);
		put32(q + 12, ni[i].ns_msg_size);
	}
	return n;
}
