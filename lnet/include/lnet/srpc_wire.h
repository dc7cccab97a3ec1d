/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LNet self-test ("srpc") wire format, as Lustre's lnet_selftest speaks it,
 * decoded into and encoded from host-order structures.
 *
 * Every srpc message is one LNet PUT of a fixed-size frame (SRPC_MSG_SIZE,
 * Lustre's sizeof(struct srpc_msg)): a 24-byte header, then the body of its
 * type.  A request goes to the service's portal (SRPC_FRAMEWORK_PORTAL for
 * framework services, SRPC_REQUEST_PORTAL for the ping and brw tests) with
 * the service id as match bits; its first body field is the match bits of
 * the reply buffer (and, for brw and test add, the second one those of the
 * bulk buffer), which the requester posts on SRPC_RDMA_PORTAL.  The server
 * PUTs the reply there and moves bulk data actively (it GETs what the
 * requester sends, PUTs what the requester reads).
 *
 * The frame is in the sender's byte order: a receiver recognises a
 * byte-swapped sender by the magic and decodes with swab.  Nacre sends
 * little-endian.  Reply status fields carry a positive errno (0 is success),
 * as Lustre's do.
 *
 * Two layers of checks, mirroring what Lustre does with a bad frame:
 *  - srpc_msg_decode() refuses (-EPROTO, with a reason) what Lustre would
 *    drop without a reply: short frames, bad magic/version/type, names
 *    without a NUL, unknown batch operations, a ping without its magic;
 *  - the srpc_check_*() helpers return the positive errno a server puts in
 *    the reply status for a well-formed request it will not honour (bad
 *    session id, counts out of range, unknown bulk operation...).
 *
 * Pure logic (kernel and user space).
 */
#ifndef _LNET_SRPC_WIRE_H
#define _LNET_SRPC_WIRE_H

#include <linux/types.h>

#define SRPC_MSG_MAGIC		0xeeb0f00dU
#define SRPC_MSG_VERSION	1
#define SRPC_HDR_SIZE		24
#define SRPC_MSG_SIZE		160	/* header + the largest body (stat reply) */

/* Portals; a request's match bits are its service id. */
#define SRPC_REQUEST_PORTAL	50	/* test services (brw, ping) */
#define SRPC_FRAMEWORK_PORTAL	51	/* framework services */
#define SRPC_RDMA_PORTAL	52	/* replies and bulk */

/* Session features (msg_ses_feats): variable bulk length. */
#define LST_FEAT_BULK_LEN	(1U << 0)
#define LST_FEATS_MASK		LST_FEAT_BULK_LEN

#define LST_NAME_SIZE		32	/* names on the wire, NUL included */
#define LST_MAX_CONCUR		1024	/* Lustre's bound on a test's concurrency */
#define LST_PING_TEST_MAGIC	0xbabefaceU
#define LST_BRW_MAGIC		0xeeb0eeb1eeb2eeb3ULL	/* data pattern of a brw page */
#define LST_BRW_POISON		0xbeefbeefbeefbeefULL	/* what a reader fills first */

/* The test-add bulk: destinations of 12 bytes (nid, pid), as many as fit a
 * 4 KiB page in each page (the last 4 bytes of a page are unused).
 */
#define SRPC_PAGE_SIZE		4096
#define SRPC_ID_SIZE		12
#define SRPC_ID_PER_PAGE	(SRPC_PAGE_SIZE / SRPC_ID_SIZE)
#define SRPC_MAX_BULK_PAGES	256	/* LNET_MAX_IOV */
#define SRPC_MAX_NDESTS		(SRPC_MAX_BULK_PAGES * SRPC_ID_PER_PAGE)
#define SRPC_MAX_BULK		(SRPC_MAX_BULK_PAGES * SRPC_PAGE_SIZE)

enum srpc_service {
	SRPC_SERVICE_DEBUG = 0,
	SRPC_SERVICE_MAKE_SESSION = 1,
	SRPC_SERVICE_REMOVE_SESSION = 2,
	SRPC_SERVICE_BATCH = 3,
	SRPC_SERVICE_TEST = 4,
	SRPC_SERVICE_QUERY_STAT = 5,
	SRPC_SERVICE_JOIN = 6,
	SRPC_FRAMEWORK_SERVICE_MAX_ID = 10,
	SRPC_SERVICE_BRW = 11,
	SRPC_SERVICE_PING = 12,
	SRPC_SERVICE_MAX_ID = 12,
};

/* A reply's type is its request's + 1. */
enum srpc_msg_type {
	SRPC_MSG_MKSN_REQST = 0,
	SRPC_MSG_MKSN_REPLY = 1,
	SRPC_MSG_RMSN_REQST = 2,
	SRPC_MSG_RMSN_REPLY = 3,
	SRPC_MSG_BATCH_REQST = 4,
	SRPC_MSG_BATCH_REPLY = 5,
	SRPC_MSG_STAT_REQST = 6,
	SRPC_MSG_STAT_REPLY = 7,
	SRPC_MSG_TEST_REQST = 8,
	SRPC_MSG_TEST_REPLY = 9,
	SRPC_MSG_DEBUG_REQST = 10,
	SRPC_MSG_DEBUG_REPLY = 11,
	SRPC_MSG_BRW_REQST = 12,
	SRPC_MSG_BRW_REPLY = 13,
	SRPC_MSG_PING_REQST = 14,
	SRPC_MSG_PING_REPLY = 15,
	SRPC_MSG_JOIN_REQST = 16,
	SRPC_MSG_JOIN_REPLY = 17,
	SRPC_MSG_TYPES = 18,
};

#define SRPC_BATCH_OPC_RUN	1
#define SRPC_BATCH_OPC_STOP	2
#define SRPC_BATCH_OPC_QUERY	3

enum lst_brw_type {
	LST_BRW_READ = 1,
	LST_BRW_WRITE = 2,
};

enum lst_brw_flags {
	LST_BRW_CHECK_NONE = 1,
	LST_BRW_CHECK_SIMPLE = 2,	/* first and last 8 bytes of each page */
	LST_BRW_CHECK_FULL = 3,		/* every 8 bytes */
};

/** struct lst_sid - a session id: the console's NID and its creation time. */
struct lst_sid {
	__u64 nid;		/* classic NID; LNET_NID_ANY is "no session" */
	__s64 stamp;
};

/* Counters in a stat reply (Lustre's sfw_counters, srpc_counters and
 * lnet_counters_common, in wire order).
 */
struct sfw_counters {
	__u32 running_ms;	/* since the session was made */
	__u32 active_batches;
	__u32 zombie_sessions;
	__u32 brw_errors;
	__u32 ping_errors;
};

struct srpc_counters {
	__u32 errors;
	__u32 rpcs_sent;
	__u32 rpcs_rcvd;
	__u32 rpcs_dropped;
	__u32 rpcs_expired;
	__u64 bulk_get;		/* bytes */
	__u64 bulk_put;
};

struct lnet_counters_wire {
	__u32 msgs_alloc;
	__u32 msgs_max;
	__u32 errors;
	__u32 send_count;
	__u32 recv_count;
	__u32 route_count;
	__u32 drop_count;
	__u64 send_length;
	__u64 recv_length;
	__u64 route_length;
	__u64 drop_length;
};

/* --- bodies (host order) ------------------------------------------------- */

struct srpc_mksn_reqst {
	__u64 rpyid;
	struct lst_sid sid;
	__u32 force;		/* take the session over from another console */
	char name[LST_NAME_SIZE];
};

struct srpc_mksn_reply {
	__u32 status;
	struct lst_sid sid;	/* the node's session (the holder's on EBUSY) */
	__u32 timeout;		/* seconds of inactivity before it expires */
	char name[LST_NAME_SIZE];
};

struct srpc_rmsn_reqst {
	__u64 rpyid;
	struct lst_sid sid;
};

/* Also the reply of test add (and the generic reply: status + sid). */
struct srpc_sid_reply {
	__u32 status;
	struct lst_sid sid;
};

struct srpc_debug_reqst {
	__u64 rpyid;
	struct lst_sid sid;
	__u32 flags;
};

struct srpc_debug_reply {
	__u32 status;
	struct lst_sid sid;
	__u32 timeout;
	__u32 nbatch;
	char name[LST_NAME_SIZE];
};

struct srpc_join_reqst {
	__u64 rpyid;
	struct lst_sid sid;
	char group[LST_NAME_SIZE];
};

struct srpc_join_reply {
	__u32 status;
	struct lst_sid sid;
	__u32 timeout;
	char session[LST_NAME_SIZE];
};

struct srpc_batch_reqst {
	__u64 rpyid;
	struct lst_sid sid;
	__u64 bid;		/* batch id */
	__u32 opc;		/* SRPC_BATCH_OPC_* */
	__u32 testidx;		/* query: 0 the batch, N the Nth test */
	__u32 arg;		/* stop: 1 aborts the RPCs in flight */
};

struct srpc_batch_reply {
	__u32 status;
	struct lst_sid sid;
	__u32 active;		/* active tests (query) */
	__u32 time;
};

struct srpc_stat_reqst {
	__u64 rpyid;
	struct lst_sid sid;
	__u32 type;		/* unused by Lustre */
};

struct srpc_stat_reply {
	__u32 status;
	struct lst_sid sid;
	struct sfw_counters fw;
	struct srpc_counters rpc;
	struct lnet_counters_wire lnet;
};

/*
 * The test parameters of a test add.  On the wire a brw test has two
 * layouts: without LST_FEAT_BULK_LEN in the message's features the size is a
 * page count (u32 opc, npg, flags), with it a byte length and offset (u16
 * opc, u16 flags, u32 len, u32 offset); the decoder keeps what was sent.
 */
struct srpc_test_bulk {
	__u32 opc;		/* enum lst_brw_type */
	__u32 flags;		/* enum lst_brw_flags */
	__u32 npg;		/* without LST_FEAT_BULK_LEN */
	__u32 len;		/* with it */
	__u32 offset;		/* with it: offset in the first page */
};

struct srpc_test_ping {
	__u32 size;
	__u32 flags;
};

struct srpc_test_reqst {
	__u64 rpyid;
	__u64 bulkid;		/* the destination list (clients) */
	struct lst_sid sid;
	__u64 bid;
	__u32 service;		/* SRPC_SERVICE_BRW or SRPC_SERVICE_PING */
	__u32 loop;		/* a client's RPCs per destination (~0: until stopped) */
	__u32 concur;		/* a client's RPCs in flight per destination */
	__u8 is_client;
	__u8 stop_onerr;
	__u32 ndest;		/* destinations in the bulk */
	union {
		struct srpc_test_ping ping;
		struct srpc_test_bulk bulk;
	} u;
};

struct srpc_ping_reqst {
	__u64 rpyid;
	__u32 magic;		/* LST_PING_TEST_MAGIC */
	__u32 seq;
	__u64 time_sec;
	__u64 time_nsec;
};

struct srpc_ping_reply {
	__u32 status;
	__u32 magic;
	__u32 seq;		/* the request's */
};

struct srpc_brw_reqst {
	__u64 rpyid;
	__u64 bulkid;
	__u32 rw;		/* enum lst_brw_type, seen from the requester */
	__u32 len;		/* bytes (whole pages without LST_FEAT_BULK_LEN) */
	__u32 flags;		/* enum lst_brw_flags */
};

struct srpc_brw_reply {
	__u32 status;
};

/** struct srpc_msg - one srpc frame, header fields and the body of @type. */
struct srpc_msg {
	__u32 type;		/* enum srpc_msg_type */
	__u32 ses_feats;	/* LST_FEAT_* */
	union {
		struct srpc_mksn_reqst mksn_reqst;
		struct srpc_mksn_reply mksn_reply;
		struct srpc_rmsn_reqst rmsn_reqst;
		struct srpc_sid_reply rmsn_reply;
		struct srpc_debug_reqst dbg_reqst;
		struct srpc_debug_reply dbg_reply;
		struct srpc_batch_reqst bat_reqst;
		struct srpc_batch_reply bat_reply;
		struct srpc_stat_reqst stat_reqst;
		struct srpc_stat_reply stat_reply;
		struct srpc_test_reqst tes_reqst;
		struct srpc_sid_reply tes_reply;
		struct srpc_join_reqst join_reqst;
		struct srpc_join_reply join_reply;
		struct srpc_ping_reqst ping_reqst;
		struct srpc_ping_reply ping_reply;
		struct srpc_brw_reqst brw_reqst;
		struct srpc_brw_reply brw_reply;
	} body;
};

/* Body size on the wire of each type; 0 for an unknown type. */
size_t srpc_body_size(__u32 type);

/* The request type of a service, or -1 if it has none. */
int srpc_service_reqst_type(__u32 service);

/* The portal a service's requests go to. */
static inline unsigned int srpc_service_portal(__u32 service)
{
	return service < SRPC_FRAMEWORK_SERVICE_MAX_ID ? SRPC_FRAMEWORK_PORTAL
						       : SRPC_REQUEST_PORTAL;
}

/**
 * srpc_msg_decode() - decode one received frame.
 * @buf, @len: the bytes received (at least the header and the type's body;
 *	Lustre sends SRPC_MSG_SIZE, the rest is ignored)
 * @msg: filled on success
 * @swab: set when the sender is byte-swapped
 * @why: a reason on failure (may be NULL)
 * Return: 0 or -EPROTO.
 */
int srpc_msg_decode(const void *buf, size_t len, struct srpc_msg *msg, bool *swab,
		    const char **why);

/**
 * srpc_msg_encode() - encode @msg into a whole frame.
 * @buf: SRPC_MSG_SIZE bytes; the unused tail is zeroed
 * @swab: write as a byte-swapped sender would (for tests)
 * Return: SRPC_MSG_SIZE, or -EINVAL for an unknown type or a name without NUL.
 */
int srpc_msg_encode(const struct srpc_msg *msg, void *buf, bool swab);

/* The reply status (positive errno, 0 to go ahead) a server gives each
 * request, Lustre's rules.
 */
__u32 srpc_check_sid(const struct lst_sid *sid);
__u32 srpc_check_feats(__u32 feats);
__u32 srpc_check_test(const struct srpc_test_reqst *req, __u32 feats);
__u32 srpc_check_brw(const struct srpc_brw_reqst *req, __u32 feats);

/* Bytes of a test's or brw RPC's bulk (0 if out of range), and of the
 * test-add destination list; what the peer must move, checked against the
 * limits above.
 */
__u32 srpc_test_bulk_len(const struct srpc_test_bulk *b, __u32 feats);
__u32 srpc_brw_bulk_len(const struct srpc_brw_reqst *req, __u32 feats);
__u32 srpc_dest_bulk_len(__u32 ndest, __u32 feats);

/**
 * srpc_dest_decode() - the @idx-th destination of a test-add bulk.
 * Return: 0, or -EPROTO when the bulk (@len bytes) does not hold it.
 */
int srpc_dest_decode(const void *bulk, size_t len, __u32 idx, bool swab, __u64 *nid,
		     __u32 *pid);
/* Write the @idx-th destination; the caller sized @bulk with srpc_dest_bulk_len(). */
void srpc_dest_encode(void *bulk, __u32 idx, __u64 nid, __u32 pid);

/*
 * brw data pattern over one page's segment of @len bytes (a bulk page holds
 * min(4096, what is left) bytes): @magic (LST_BRW_MAGIC, byte-swapped for a
 * swapped peer) in native order at the checked 8-byte words, SIMPLE the
 * first and the last (only the last below 16 bytes, where they overlap),
 * FULL every one that fits from the start.  Check returns 0 or
 * -EBADMSG.
 */
void srpc_brw_fill(void *seg, size_t len, __u32 flags, __u64 magic);
int srpc_brw_check(const void *seg, size_t len, __u32 flags, __u64 magic);

#endif /* _LNET_SRPC_WIRE_H */
