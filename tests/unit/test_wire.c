// SPDX-License-Identifier: GPL-2.0
/*
 * LNet/socklnd wire codec against real Lustre 2.16.1 bytes (an `lnetctl ping`
 * between 10.99.0.1@tcp and 10.99.0.2@tcp), plus byte-swapped senders and
 * malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <linux/swab.h>
#include <lnet/nid.h>
#include <lnet/wire.h>

static size_t unhex(const char *hex, __u8 *out, size_t size)
{
	size_t n = strlen(hex) / 2;

	assert_true(n <= size);
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &b), 1);
		out[i] = (__u8)b;
	}
	return n;
}

/* Frame 6: acceptor request from 10.99.0.1 to 10.99.0.2@tcp. */
static const char acceptor_hex[] = "0071ceac010000000200630a00000200";
/* Frame 8: the connector's HELLO (CONTROL connection). */
static const char hello_hex[] =
	"63697245030000000100630a000002000200630a000002003930000000000000"
	"c1ec32d8832fea1800000000000000000100000000000000";
/* Frame 10: the accepting side's HELLO in answer: dst pid and incarnation
 * are 0 (it echoes the connector's), the type is CONTROL.
 */
static const char hello_reply_hex[] =
	"63697245030000000200630a000002000100630a000002003930000000000000"
	"d87df5fd812fea1800000000000000000100000000000000";
/* Frame 12: ksock header + LNet GET (ping) to portal 0. */
static const char get_hex[] =
	"c100000000000000000000000000000000000000000000000200630a00000200"
	"0100630a0000020039300000393000000200000000000000a0b2e0af832fea18"
	"0d0000000000000000000000000000800000000000000000780f000000000000";
/* Frame 21: ksock header + LNet REPLY carrying the 48-byte ping info. */
static const char reply_hex[] =
	"c100000000000000000000000000000000000000000000000100630a00000200"
	"0200630a0000020039300000393000000300000030000000a0b2e0af832fea18"
	"0d00000000000000000000000000000000000000000000000000000000000000"
	"676e69701e0000003930000002000000000000000000090002000000000000000"
	"200630a00000200dec0aa1500000000";

#define NID_1 0x000200000a630001ULL	/* 10.99.0.1@tcp */
#define NID_2 0x000200000a630002ULL	/* 10.99.0.2@tcp */

static void test_acceptor(void **state)
{
	__u8 buf[64], out[64];
	size_t n = unhex(acceptor_hex, buf, sizeof(buf));
	struct lnet_acceptor_req req;
	bool swab = true;
	char text[LNET_NIDSTR_SIZE];
	struct lnet_nid nid;

	(void)state;
	assert_int_equal(lnet_acceptor_req_decode(buf, n, &req, &swab, NULL), 0);
	assert_false(swab);
	assert_int_equal(req.version, 1);
	assert_int_equal(req.nid, NID_2);
	lnet_nid4_to_nid(req.nid, &nid);
	lnet_nid_format(&nid, text, sizeof(text));
	assert_string_equal(text, "10.99.0.2@tcp");
	assert_int_equal(lnet_acceptor_req_encode(&req, out), 16);
	assert_memory_equal(buf, out, n);

	/* A big-endian sender: every field swapped. */
	__u8 be[16];

	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 4; k++)
			be[4 * i + k] = buf[4 * i + 3 - k];
	/* The NID is one 64-bit field: swap it whole. */
	for (int k = 0; k < 8; k++)
		be[8 + k] = buf[15 - k];
	assert_int_equal(lnet_acceptor_req_decode(be, 16, &req, &swab, NULL), 0);
	assert_true(swab);
	assert_int_equal(req.nid, NID_2);

	const char *why = NULL;

	assert_int_equal(lnet_acceptor_req_decode(buf, 15, &req, &swab, &why), -EPROTO);
	assert_string_equal(why, "acceptor request truncated");
	buf[0] ^= 1;
	assert_int_equal(lnet_acceptor_req_decode(buf, n, &req, &swab, &why), -EPROTO);
	assert_non_null(strstr(why, "bad magic"));
	buf[0] ^= 1;
	buf[4] = 2;
	assert_int_equal(lnet_acceptor_req_decode(buf, n, &req, &swab, &why), -EPROTO);
	assert_non_null(strstr(why, "version"));
}

static void test_hello(void **state)
{
	__u8 buf[256], out[256];
	size_t n = unhex(hello_hex, buf, sizeof(buf)), need;
	struct ksock_hello h;
	bool swab;
	const char *why;

	(void)state;
	assert_int_equal(n, KSOCK_HELLO_V3_SIZE);
	assert_int_equal(ksock_hello_decode(buf, n, &h, &swab, &need, NULL), 0);
	assert_false(swab);
	assert_int_equal(h.version, 3);
	assert_int_equal(h.src_nid, NID_1);
	assert_int_equal(h.dst_nid, NID_2);
	assert_int_equal(h.src_pid, LNET_PID_LUSTRE);
	assert_int_equal(h.dst_pid, 0);
	assert_int_equal(h.src_incarnation, 0x18ea2f83d832ecc1ULL);
	assert_int_equal(h.dst_incarnation, 0);
	assert_int_equal(h.ctype, SOCKLND_CONN_CONTROL);
	assert_int_equal(h.nips, 0);
	assert_int_equal(ksock_hello_encode(&h, out, sizeof(out)), n);
	assert_memory_equal(buf, out, n);

	/* Partial input asks for more, in steps. */
	assert_int_equal(ksock_hello_decode(buf, 4, &h, &swab, &need, NULL), -EAGAIN);
	assert_int_equal(need, 8);
	assert_int_equal(ksock_hello_decode(buf, 20, &h, &swab, &need, NULL), -EAGAIN);
	assert_int_equal(need, 56);

	/* IP lists: counted, bounded, and read when present. */
	h.nips = 2;
	h.ips[0] = 0x0a630001;
	h.ips[1] = 0x0a630101;
	assert_int_equal(ksock_hello_encode(&h, out, sizeof(out)), 64);
	assert_int_equal(ksock_hello_decode(out, 60, &h, &swab, &need, NULL), -EAGAIN);
	assert_int_equal(need, 64);
	assert_int_equal(ksock_hello_decode(out, 64, &h, &swab, &need, NULL), 0);
	assert_int_equal(h.ips[1], 0x0a630101);
	out[52] = 17;
	assert_int_equal(ksock_hello_decode(out, 64, &h, &swab, &need, &why), -EPROTO);
	assert_non_null(strstr(why, "too many IP"));
	h.nips = 17;
	assert_int_equal(ksock_hello_encode(&h, out, sizeof(out)), 0);

	buf[48] = 4;	/* connection type */
	assert_int_equal(ksock_hello_decode(buf, n, &h, &swab, &need, &why), -EPROTO);
	assert_non_null(strstr(why, "connection type"));
	buf[4] = 2;	/* protocol V2 */
	assert_int_equal(ksock_hello_decode(buf, n, &h, &swab, &need, &why), -EPROTO);
	assert_non_null(strstr(why, "version"));
	memcpy(buf, "\x00\x71\xce\xac", 4);	/* an acceptor magic is not a HELLO */
	assert_int_equal(ksock_hello_decode(buf, n, &h, &swab, &need, &why), -EPROTO);
	assert_non_null(strstr(why, "bad magic"));
}

static void test_hello_reply(void **state)
{
	__u8 buf[64], out[64];
	size_t n = unhex(hello_reply_hex, buf, sizeof(buf)), need;
	struct ksock_hello h;
	bool swab;

	(void)state;
	assert_int_equal(ksock_hello_decode(buf, n, &h, &swab, &need, NULL), 0);
	assert_int_equal(h.src_nid, NID_2);
	assert_int_equal(h.dst_nid, NID_1);
	assert_int_equal(h.src_pid, LNET_PID_LUSTRE);
	assert_int_equal(h.dst_pid, 0);
	assert_int_equal(h.src_incarnation, 0x18ea2f81fdf57dd8ULL);
	assert_int_equal(h.dst_incarnation, 0);
	assert_int_equal(h.ctype, SOCKLND_CONN_CONTROL);
	/* What ksocklnd's accepting side builds: the same bytes. */
	struct ksock_hello ours = {
		.magic = LNET_PROTO_MAGIC,
		.version = KSOCK_PROTO_V3,
		.src_nid = NID_2,
		.dst_nid = NID_1,
		.src_pid = LNET_PID_LUSTRE,
		.src_incarnation = 0x18ea2f81fdf57dd8ULL,
		.ctype = SOCKLND_CONN_CONTROL,
	};
	assert_int_equal(ksock_hello_encode(&ours, out, sizeof(out)), n);
	assert_memory_equal(buf, out, n);
}

static void test_get(void **state)
{
	__u8 buf[256], out[256];
	size_t n = unhex(get_hex, buf, sizeof(buf));
	struct ksock_msg_hdr m;
	struct lnet_hdr h;

	(void)state;
	assert_int_equal(n, KSOCK_MSG_HDR_SIZE + LNET_HDR_SIZE);
	assert_int_equal(ksock_msg_hdr_decode(buf, n, false, &m, NULL), 0);
	assert_int_equal(m.type, KSOCK_MSG_LNET);
	assert_int_equal(m.csum, 0);
	assert_int_equal(lnet_hdr_decode(buf + 24, n - 24, false, &h, NULL), 0);
	assert_int_equal(h.dest_nid, NID_2);
	assert_int_equal(h.src_nid, NID_1);
	assert_int_equal(h.dest_pid, LNET_PID_LUSTRE);
	assert_int_equal(h.src_pid, LNET_PID_LUSTRE);
	assert_int_equal(h.type, LNET_MSG_GET);
	assert_int_equal(h.payload_length, 0);
	assert_int_equal(h.msg.get.return_wmd.wh_interface_cookie, 0x18ea2f83afe0b2a0ULL);
	assert_int_equal(h.msg.get.return_wmd.wh_object_cookie, 13);
	assert_int_equal(h.msg.get.match_bits, LNET_PROTO_PING_MATCHBITS);
	assert_int_equal(h.msg.get.ptl_index, LNET_RESERVED_PORTAL);
	assert_int_equal(h.msg.get.src_offset, 0);
	assert_int_equal(h.msg.get.sink_length, 3960);

	assert_int_equal(ksock_msg_hdr_encode(&m, out), 24);
	assert_int_equal(lnet_hdr_encode(&h, out + 24), 72);
	assert_memory_equal(buf, out, n);
}

static void test_reply_ping(void **state)
{
	__u8 buf[256], out[256];
	size_t n = unhex(reply_hex, buf, sizeof(buf));
	struct lnet_hdr h;
	struct lnet_ping_info_hdr pi;
	struct lnet_ni_status ns[2];
	const __u8 *payload = buf + 24 + 72;

	(void)state;
	assert_int_equal(lnet_hdr_decode(buf + 24, n - 24, false, &h, NULL), 0);
	assert_int_equal(h.type, LNET_MSG_REPLY);
	assert_int_equal(h.payload_length, 48);
	assert_int_equal(h.msg.reply.dst_wmd.wh_object_cookie, 13);
	assert_int_equal(n - 24 - 72, h.payload_length);

	assert_int_equal(lnet_ping_info_decode(payload, 48, false, &pi, NULL), 0);
	assert_int_equal(pi.pi_pid, LNET_PID_LUSTRE);
	assert_int_equal(pi.pi_features, 0x1e);
	/* What Lustre 2.16.1 advertises, and ping.c with routing off. */
	assert_int_equal(pi.pi_features, LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_RTE_DISABLED |
					 LNET_PING_FEAT_MULTI_RAIL | LNET_PING_FEAT_DISCOVERY);
	assert_false(pi.pi_features & LNET_PING_FEAT_LARGE_ADDR);
	assert_int_equal(pi.pi_nnis, 2);
	assert_int_equal(lnet_ping_info_ni(payload, 48, false, 0, &ns[0]), 0);
	assert_int_equal(ns[0].ns_nid, LNET_MKNID(LNET_MKNET(LNET_LND_LO, 0), 0));
	assert_int_equal(lnet_ping_info_ni(payload, 48, false, 1, &ns[1]), 0);
	assert_int_equal(ns[1].ns_nid, NID_2);
	assert_int_equal(ns[1].ns_status, LNET_NI_STATUS_UP);
	assert_int_equal(lnet_ping_info_ni(payload, 48, false, 2, &ns[1]), -EPROTO);

	assert_int_equal(lnet_hdr_encode(&h, out), 72);
	assert_memory_equal(buf + 24, out, 72);
	assert_int_equal(lnet_ping_info_encode(&pi, ns, out, sizeof(out)), 48);
	assert_memory_equal(payload, out, 48);

	const char *why;

	assert_int_equal(lnet_ping_info_decode(payload, 47, false, &pi, &why), -EPROTO);
	assert_non_null(strstr(why, "more NIs"));
	assert_int_equal(lnet_ping_info_decode(payload, 15, false, &pi, &why), -EPROTO);
	assert_int_equal(lnet_ping_info_encode(&pi, ns, out, 47), 0);
}

/*
 * The payload of a discovery PUSH (mount-io.pcap frame 17, 10.99.0.2's to
 * 10.99.0.1): its ping info, as ping.c's push target decodes it.  The
 * loopback entry's status is Lustre's list sequence number (1 here, 2 in
 * the ping reply above), not an up/down value.
 */
static void test_push_payload(void **state)
{
	static const char push_hex[] =
		"676e69701e00000039300000020000000000000000000900010000000000000002"
		"00630a00000200dec0aa1500000000";
	__u8 buf[64];
	size_t n = unhex(push_hex, buf, sizeof(buf));
	struct lnet_ping_info_hdr pi;
	struct lnet_ni_status ns;

	(void)state;
	assert_int_equal(n, 48);
	assert_int_equal(lnet_ping_info_decode(buf, n, false, &pi, NULL), 0);
	assert_int_equal(pi.pi_features, 0x1e);
	assert_true(pi.pi_features & LNET_PING_FEAT_DISCOVERY);
	assert_int_equal(pi.pi_nnis, 2);
	assert_int_equal(lnet_ping_info_ni(buf, n, false, 0, &ns), 0);
	assert_int_equal(LNET_NETTYP(LNET_NIDNET(ns.ns_nid)), LNET_LND_LO);
	assert_int_equal(ns.ns_status, 1);
	assert_int_equal(lnet_ping_info_ni(buf, n, false, 1, &ns), 0);
	assert_int_equal(ns.ns_nid, NID_2);
	assert_int_equal(ns.ns_status, LNET_NI_STATUS_UP);
}

/* Every header type survives encode/decode, native and byte-swapped. */
static void test_hdr_roundtrip(void **state)
{
	(void)state;
	for (__u32 type = LNET_MSG_ACK; type <= LNET_MSG_HELLO; type++) {
		struct lnet_hdr h, back;
		__u8 le[72], be[72];

		memset(&h, 0, sizeof(h));
		h.dest_nid = NID_2;
		h.src_nid = NID_1;
		h.dest_pid = 12345;
		h.src_pid = 12345 | LNET_PID_USERFLAG;
		h.type = type;
		h.payload_length = (type == LNET_MSG_PUT || type == LNET_MSG_REPLY) ? 4096 : 0;
		switch (type) {
		case LNET_MSG_ACK:
			h.msg.ack.dst_wmd.wh_object_cookie = 7;
			h.msg.ack.match_bits = 0x1122334455667788ULL;
			h.msg.ack.mlength = 99;
			break;
		case LNET_MSG_PUT:
			h.msg.put.ack_wmd.wh_interface_cookie = ~0ULL;
			h.msg.put.match_bits = 42;
			h.msg.put.hdr_data = 0xdeadbeefcafef00dULL;
			h.msg.put.ptl_index = 12;
			h.msg.put.offset = 4096;
			break;
		case LNET_MSG_GET:
			h.msg.get.match_bits = 5;
			h.msg.get.ptl_index = 4;
			h.msg.get.src_offset = 8;
			h.msg.get.sink_length = 1 << 20;
			break;
		case LNET_MSG_REPLY:
			h.msg.reply.dst_wmd.wh_interface_cookie = 3;
			break;
		case LNET_MSG_HELLO:
			h.msg.hello.incarnation = 77;
			h.msg.hello.type = 2;
			break;
		}
		lnet_hdr_encode(&h, le);
		assert_int_equal(lnet_hdr_decode(le, 72, false, &back, NULL), 0);
		assert_memory_equal(&h, &back, sizeof(h));

		/* Byte-swap the image field by field as a big-endian host sends it. */
		static const int widths[] = { 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 8, 0 };
		static const int put_w[] = { 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 0 };
		static const int get_w[] = { 8, 8, 4, 4, 4, 4, 8, 8, 8, 4, 4, 4, 4, 0 };
		static const int ack_w[] = { 8, 8, 4, 4, 4, 4, 8, 8, 8, 4, 4, 4, 4, 0 };
		static const int hello_w[] = { 8, 8, 4, 4, 4, 4, 8, 4, 4, 8, 8, 8, 0 };
		const int *w = type == LNET_MSG_PUT ? put_w : type == LNET_MSG_GET ? get_w :
			       type == LNET_MSG_ACK ? ack_w : type == LNET_MSG_HELLO ? hello_w :
			       widths;
		int off = 0;

		for (int f = 0; w[f]; f++) {
			for (int k = 0; k < w[f]; k++)
				be[off + k] = le[off + w[f] - 1 - k];
			off += w[f];
		}
		assert_int_equal(off, 72);
		assert_int_equal(lnet_hdr_decode(be, 72, true, &back, NULL), 0);
		assert_memory_equal(&h, &back, sizeof(h));
	}
}

static void test_hdr_rejects(void **state)
{
	__u8 buf[256];
	size_t n = unhex(get_hex, buf, sizeof(buf));
	__u8 *hdr = buf + 24;
	struct lnet_hdr h;
	struct ksock_msg_hdr m;
	const char *why;

	(void)state;
	assert_int_equal(lnet_hdr_decode(hdr, 71, false, &h, &why), -EPROTO);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(ksock_msg_hdr_decode(buf, 23, false, &m, &why), -EPROTO);

	hdr[24] = 5;	/* type */
	assert_int_equal(lnet_hdr_decode(hdr, n - 24, false, &h, &why), -EPROTO);
	assert_non_null(strstr(why, "unknown LNet message type"));
	hdr[24] = LNET_MSG_GET;
	hdr[28] = 1;	/* a GET with a payload */
	assert_int_equal(lnet_hdr_decode(hdr, n - 24, false, &h, &why), -EPROTO);
	assert_non_null(strstr(why, "payload"));
	hdr[28] = 0;
	hdr[31] = 0x01;	/* payload_length 16 MiB */
	assert_int_equal(lnet_hdr_decode(hdr, n - 24, false, &h, &why), -EPROTO);
	assert_non_null(strstr(why, "1 MiB"));
	hdr[31] = 0;
	hdr[32 + 35] = 0x01;	/* sink_length 16 MiB */
	assert_int_equal(lnet_hdr_decode(hdr, n - 24, false, &h, &why), -EPROTO);
	assert_non_null(strstr(why, "GET asks"));

	buf[0] = 0xc2;	/* ksock type */
	assert_int_equal(ksock_msg_hdr_decode(buf, n, false, &m, &why), -EPROTO);
	assert_non_null(strstr(why, "socklnd message type"));
}

/* Random bytes never crash a decoder and never yield a field out of range. */
static void test_random(void **state)
{
	__u8 buf[256];

	(void)state;
	srand(1);
	for (int round = 0; round < 200000; round++) {
		size_t len = (size_t)(rand() % 200);
		struct lnet_hdr h;
		struct ksock_hello hello;
		struct lnet_ping_info_hdr pi;
		size_t need;
		bool swab = rand() & 1;

		for (size_t i = 0; i < len; i++)
			buf[i] = (__u8)rand();
		if (round & 1)	/* often a valid magic, to reach deeper checks */
			memcpy(buf, "\x63\x69\x72\x45\x03\x00\x00\x00", len < 8 ? len : 8);
		if (lnet_hdr_decode(buf, len, swab, &h, NULL) == 0)
			assert_true(h.payload_length <= LNET_MAX_PAYLOAD && h.type <= 4);
		if (ksock_hello_decode(buf, len, &hello, &swab, &need, NULL) == 0)
			assert_true(hello.nips <= KSOCK_HELLO_MAX_IPS && need <= len);
		if (lnet_ping_info_decode(buf, len, swab, &pi, NULL) == 0)
			assert_true(16 + (size_t)pi.pi_nnis * 16 <= len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acceptor),   cmocka_unit_test(test_hello),
		cmocka_unit_test(test_hello_reply),
		cmocka_unit_test(test_get),        cmocka_unit_test(test_reply_ping),
		cmocka_unit_test(test_push_payload),
		cmocka_unit_test(test_hdr_roundtrip), cmocka_unit_test(test_hdr_rejects),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
