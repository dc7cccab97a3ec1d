/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LNet and socklnd wire formats (Lustre-compatible), decoded into and encoded
 * from host-order structures.
 *
 * On a TCP connection (port 988) the connecting side first sends the
 * acceptor request; then both sides send a socklnd HELLO; after that every
 * message is a ksock header, and for KSOCK_MSG_LNET an LNet header and its
 * payload.  The acceptor request, HELLO, socklnd header and ping info are
 * in the sender's byte order: a receiver recognises a byte-swapped sender
 * from the magic of the acceptor request or HELLO and decodes those with
 * @swab set.  The LNet header is little-endian from every sender (Lustre
 * converts it explicitly): decode it with @swab false.  Nacre always sends
 * little-endian.
 *
 * Pure logic (kernel and user space): decoders check every length and field
 * before anything is used and say why they reject a message.
 */
#ifndef _LNET_WIRE_H
#define _LNET_WIRE_H

#include <linux/types.h>

/* --- acceptor ------------------------------------------------------------ */

#define LNET_ACCEPTOR_PORT		988
#define LNET_PROTO_ACCEPTOR_MAGIC	0xacce7100U
#define LNET_PROTO_ACCEPTOR_VERSION	1
#define LNET_ACCEPTOR_REQ_SIZE		16
/* lnet_connect() binds its socket to one of these (highest first): the
 * acceptor takes connections from privileged ports only. */
#define LNET_ACCEPTOR_MIN_RESERVED_PORT	512
#define LNET_ACCEPTOR_MAX_RESERVED_PORT	1023

/** struct lnet_acceptor_req - what a connecting node sends first. */
struct lnet_acceptor_req {
	__u32 magic;		/* LNET_PROTO_ACCEPTOR_MAGIC */
	__u32 version;		/* LNET_PROTO_ACCEPTOR_VERSION */
	__u64 nid;		/* the NID the connector wants to reach */
};

/* --- socklnd HELLO --------------------------------------------------------- */

#define LNET_PROTO_MAGIC		0x45726963U	/* "Eric", V2 and later */
#define KSOCK_PROTO_V3			3
#define KSOCK_HELLO_V3_SIZE		56	/* without the IP list */
#define KSOCK_HELLO_MAX_IPS		16

enum ksock_conn_type {
	SOCKLND_CONN_NONE = -1,
	SOCKLND_CONN_ANY = 0,
	SOCKLND_CONN_CONTROL = 1,
	SOCKLND_CONN_BULK_IN = 2,
	SOCKLND_CONN_BULK_OUT = 3,
};

/** struct ksock_hello - a socklnd HELLO (protocol V3, classic NIDs). */
struct ksock_hello {
	__u32 magic;
	__u32 version;
	__u64 src_nid;
	__u64 dst_nid;
	__u32 src_pid;
	__u32 dst_pid;		/* 0 from the connecting side */
	__u64 src_incarnation;	/* start time of the sender's LNet */
	__u64 dst_incarnation;	/* 0 from the connecting side */
	__u32 ctype;		/* enum ksock_conn_type */
	__u32 nips;		/* <= KSOCK_HELLO_MAX_IPS */
	__u32 ips[KSOCK_HELLO_MAX_IPS];
};

/* --- socklnd message --------------------------------------------------------- */

#define KSOCK_MSG_NOOP		0xc0
#define KSOCK_MSG_LNET		0xc1
#define KSOCK_MSG_HDR_SIZE	24

/** struct ksock_msg_hdr - precedes every socklnd message after the HELLO. */
struct ksock_msg_hdr {
	__u32 type;		/* KSOCK_MSG_NOOP or KSOCK_MSG_LNET */
	__u32 csum;		/* 0: checksums off */
	__u64 zc_cookies[2];	/* zero-copy: [0] request ACK, [1] ACK cookie */
};

/* --- LNet header ----------------------------------------------------------------- */

#define LNET_HDR_SIZE		72
#define LNET_MAX_PAYLOAD	(1U << 20)	/* LNET_MTU */
#define LNET_PID_LUSTRE		12345
#define LNET_PID_USERFLAG	0x80000000U
#define LNET_RESERVED_PORTAL	0	/* ping, discovery */
#define LNET_PROTO_PING_MATCHBITS 0x8000000000000000ULL

enum lnet_msg_type {
	LNET_MSG_ACK = 0,
	LNET_MSG_PUT = 1,
	LNET_MSG_GET = 2,
	LNET_MSG_REPLY = 3,
	LNET_MSG_HELLO = 4,
};

/** struct lnet_handle_wire - names a memory descriptor on the peer. */
struct lnet_handle_wire {
	__u64 wh_interface_cookie;
	__u64 wh_object_cookie;
};

/** struct lnet_hdr - an LNet message header; only the member of @msg that
 * @type names is meaningful (and encoded).
 */
struct lnet_hdr {
	__u64 dest_nid;
	__u64 src_nid;
	__u32 dest_pid;
	__u32 src_pid;
	__u32 type;		/* enum lnet_msg_type */
	__u32 payload_length;
	union {
		struct {
			struct lnet_handle_wire dst_wmd;
			__u64 match_bits;
			__u32 mlength;
		} ack;
		struct {
			struct lnet_handle_wire ack_wmd;
			__u64 match_bits;
			__u64 hdr_data;
			__u32 ptl_index;
			__u32 offset;
		} put;
		struct {
			struct lnet_handle_wire return_wmd;
			__u64 match_bits;
			__u32 ptl_index;
			__u32 src_offset;
			__u32 sink_length;
		} get;
		struct {
			struct lnet_handle_wire dst_wmd;
		} reply;
		struct {
			__u64 incarnation;
			__u32 type;
		} hello;
	} msg;
};

/* --- ping ------------------------------------------------------------------------ */

#define LNET_PROTO_PING_MAGIC	0x70696e67U	/* "ping" */

/* pi_features: what the node does (Lustre's LNET_PING_FEAT_* bits). */
#define LNET_PING_FEAT_BASE		0x01	/* just a NID list */
#define LNET_PING_FEAT_NI_STATUS	0x02	/* ns_status is valid */
#define LNET_PING_FEAT_RTE_DISABLED	0x04	/* does not route */
#define LNET_PING_FEAT_MULTI_RAIL	0x08	/* Multi-Rail peer selection */
#define LNET_PING_FEAT_DISCOVERY	0x10	/* takes discovery PUSHes */
#define LNET_PING_FEAT_LARGE_ADDR	0x20	/* large-address NIDs follow */
#define LNET_PING_INFO_HDR_SIZE	16
#define LNET_NI_STATUS_SIZE	16
#define LNET_NI_STATUS_UP	0x15aac0deU
#define LNET_NI_STATUS_DOWN	0xdeadfaceU

/** struct lnet_ni_status - one NI in a ping reply. */
struct lnet_ni_status {
	__u64 ns_nid;
	__u32 ns_status;	/* LNET_NI_STATUS_UP or _DOWN */
	__u32 ns_msg_size;
};

/** struct lnet_ping_info_hdr - the fixed part of a ping reply. */
struct lnet_ping_info_hdr {
	__u32 pi_magic;		/* LNET_PROTO_PING_MAGIC */
	__u32 pi_features;
	__u32 pi_pid;
	__u32 pi_nnis;		/* lnet_ni_status entries that follow */
};

/*
 * Decoders: @buf holds at least @len bytes as received; @swab says the
 * sender's byte order is the opposite of little-endian.  Return 0, or
 * -EPROTO with *@why (if non-NULL) naming the fault; -EAGAIN from the
 * HELLO decoder means "need more bytes" (*@need set).
 * Encoders write little-endian and return the bytes written.
 */
int lnet_acceptor_req_decode(const void *buf, size_t len, struct lnet_acceptor_req *req,
			     bool *swab, const char **why);
size_t lnet_acceptor_req_encode(const struct lnet_acceptor_req *req, void *buf);

int ksock_hello_decode(const void *buf, size_t len, struct ksock_hello *h, bool *swab,
		       size_t *need, const char **why);
size_t ksock_hello_encode(const struct ksock_hello *h, void *buf, size_t size);

int ksock_msg_hdr_decode(const void *buf, size_t len, bool swab, struct ksock_msg_hdr *m,
			 const char **why);
size_t ksock_msg_hdr_encode(const struct ksock_msg_hdr *m, void *buf);

int lnet_hdr_decode(const void *buf, size_t len, bool swab, struct lnet_hdr *h,
		    const char **why);
size_t lnet_hdr_encode(const struct lnet_hdr *h, void *buf);

int lnet_ping_info_decode(const void *buf, size_t len, bool swab, struct lnet_ping_info_hdr *pi,
			  const char **why);
int lnet_ping_info_ni(const void *buf, size_t len, bool swab, __u32 i,
		      struct lnet_ni_status *ns);
size_t lnet_ping_info_encode(const struct lnet_ping_info_hdr *pi,
			     const struct lnet_ni_status *ni, void *buf, size_t size);

#endif /* _LNET_WIRE_H */
