/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock manager (LDLM) wire structures, Lustre 2.16 compatible.
 *
 * An LDLM_ENQUEUE request carries a struct ldlm_request in the buffer after
 * the ptlrpc body (and, with an intent, a struct ldlm_intent after that);
 * the reply a struct ldlm_reply.  LDLM_CANCEL and the early-cancel part of an
 * enqueue put more than LDLM_LOCKREQ_HANDLES handles in one request: the
 * extra handles follow the structure, and the buffer length says how many
 * fit (ldlm_request_check() in ptlrpc_pack.h).
 *
 * Everything is little-endian on the wire; Nacre does not swab (see
 * docs/protocol.md).  Sizes and offsets are asserted below so a change that
 * would move a byte fails the build.
 */
#ifndef _NACRE_LUSTRE_DLM_WIRE_H
#define _NACRE_LUSTRE_DLM_WIRE_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <nacre/lustre_msg.h>

/* --- lock modes (a bit each, so sets of modes are masks) ------------------ */

enum ldlm_mode {
	LCK_MINMODE	= 0,
	LCK_EX		= 1,	/* exclusive */
	LCK_PW		= 2,	/* protected write */
	LCK_PR		= 4,	/* protected read */
	LCK_CW		= 8,	/* concurrent write */
	LCK_CR		= 16,	/* concurrent read */
	LCK_NL		= 32,	/* null */
	LCK_GROUP	= 64,	/* group lock (extent locks only) */
	LCK_COS		= 128,	/* commit-on-sharing (MDT local) */
	LCK_TXN		= 256,	/* transaction lock (MDT local, 2.15+) */
	LCK_MAXMODE
};

#define LCK_MODE_NUM	9	/* modes from LCK_EX to LCK_TXN */

/* --- lock (resource) types ------------------------------------------------- */

enum ldlm_type {
	LDLM_PLAIN	= 10,
	LDLM_EXTENT	= 11,
	LDLM_FLOCK	= 12,
	LDLM_IBITS	= 13,
	LDLM_MAX_TYPE
};

#define LDLM_MIN_TYPE	LDLM_PLAIN

/* --- inode bits (LDLM_IBITS policy) ----------------------------------------- */

#define MDS_INODELOCK_LOOKUP	0x000001	/* name -> FID */
#define MDS_INODELOCK_UPDATE	0x000002	/* attributes, directory pages */
#define MDS_INODELOCK_OPEN	0x000004	/* open handle (open lock) */
#define MDS_INODELOCK_LAYOUT	0x000008	/* file layout */
#define MDS_INODELOCK_PERM	0x000010	/* permissions */
#define MDS_INODELOCK_XATTR	0x000020	/* extended attributes */
#define MDS_INODELOCK_DOM	0x000040	/* data on MDT */
#define MDS_INODELOCK_MAXSHIFT	6
#define MDS_INODELOCK_FULL	((1 << (MDS_INODELOCK_MAXSHIFT + 1)) - 1)

/* --- lock flags carried in ldlm_request/ldlm_reply lock_flags --------------- */

#define LDLM_FL_LOCK_CHANGED		0x00000001U	/* reply: resource or mode changed */
#define LDLM_FL_BLOCK_GRANTED		0x00000002U	/* reply: blocked by a granted lock */
#define LDLM_FL_BLOCK_CONV		0x00000004U	/* reply: blocked by a conversion */
#define LDLM_FL_BLOCK_WAIT		0x00000008U	/* reply: blocked by a waiting lock */
#define LDLM_FL_SPECULATIVE		0x00000010U	/* lockahead: do not block */
#define LDLM_FL_AST_SENT		0x00000020U	/* blocking AST sent */
#define LDLM_FL_REPLAY			0x00000100U	/* lock replay after recovery */
#define LDLM_FL_INTENT_ONLY		0x00000200U	/* intent executed, no lock wanted */
#define LDLM_FL_HAS_INTENT		0x00001000U	/* request carries an ldlm_intent */
#define LDLM_FL_FLOCK_DEADLOCK		0x00008000U	/* flock would deadlock */
#define LDLM_FL_DISCARD_DATA		0x00010000U	/* discard cached pages on cancel */
#define LDLM_FL_NO_TIMEOUT		0x00020000U	/* do not time out waiting */
#define LDLM_FL_BLOCK_NOWAIT		0x00040000U	/* fail instead of blocking */
#define LDLM_FL_TEST_LOCK		0x00080000U	/* F_GETLK-style test */
#define LDLM_FL_MATCH_LOCK		0x00100000U	/* match only, never grant */
#define LDLM_FL_NO_EXPANSION		0x00200000U	/* do not grow the extent */
#define LDLM_FL_CANCEL_ON_BLOCK		0x00800000U	/* cancel, do not callback */
#define LDLM_FL_COS_INCOMPAT		0x01000000U	/* commit-on-sharing conflict */
#define LDLM_FL_CONVERTING		0x02000000U	/* ibits convert in progress */
#define LDLM_FL_NDELAY			0x20000000U	/* no delay on a blocking lock */
#define LDLM_FL_DENY_ON_CONTENTION	0x40000000U	/* server lock contention */
#define LDLM_FL_AST_DISCARD_DATA	0x80000000U	/* blocking AST: discard data */

#define LDLM_FL_BLOCKED_MASK	(LDLM_FL_BLOCK_GRANTED | LDLM_FL_BLOCK_CONV | \
				 LDLM_FL_BLOCK_WAIT)

/* --- intent opcodes (struct ldlm_intent opc, a bit each) ------------------- */

#define IT_OPEN		0x00000001
#define IT_CREAT	0x00000002
#define IT_READDIR	0x00000004
#define IT_GETATTR	0x00000008
#define IT_LOOKUP	0x00000010
#define IT_GETXATTR	0x00000080
#define IT_LAYOUT	0x00000400
#define IT_QUOTA_DQACQ	0x00000800
#define IT_QUOTA_CONN	0x00001000
#define IT_GLIMPSE	0x00004000
#define IT_BRW		0x00008000

/* --- resources and policies -------------------------------------------------- */

#define RES_NAME_SIZE	4

/** struct ldlm_res_id - resource name (for an object: its FID, see lu_fid). */
struct ldlm_res_id {
	__u64 name[RES_NAME_SIZE];
};

/** struct ldlm_extent - byte range [start, end] of an extent lock. */
struct ldlm_extent {
	__u64 start;
	__u64 end;
	__u64 gid;		/* group id for LCK_GROUP */
};

#define LDLM_EOF	(~0ULL)	/* end of an extent lock to the end of file */

/** struct ldlm_inodebits - inode bits of an LDLM_IBITS lock. */
struct ldlm_inodebits {
	__u64 bits;			/* MDS_INODELOCK_* granted/wanted */
	union {
		__u64 try_bits;		/* enqueue: bits to add if free */
		__u64 cancel_bits;	/* convert: bits to drop */
	};
	__u64 li_gid;
	__u32 li_initiator_id;		/* MDT that initiated the lock */
	__u32 li_padding;
};

/** struct ldlm_flock_wire - POSIX/flock lock range and owner. */
struct ldlm_flock_wire {
	__u64 lfw_start;
	__u64 lfw_end;
	__u64 lfw_owner;
	__u32 lfw_padding;
	__u32 lfw_pid;
};

/** union ldlm_wire_policy_data - the per-type policy, 32 bytes for all types. */
union ldlm_wire_policy_data {
	struct ldlm_extent l_extent;
	struct ldlm_flock_wire l_flock;
	struct ldlm_inodebits l_inodebits;
};

/** struct ldlm_intent - intent opcode (IT_*) following an ldlm_request. */
struct ldlm_intent {
	__u64 opc;
};

/** struct ldlm_resource_desc - a resource: type and name. */
struct ldlm_resource_desc {
	__u32 lr_type;			/* enum ldlm_type */
	__u32 lr_pad;
	struct ldlm_res_id lr_name;
};

/** struct ldlm_lock_desc - a lock: resource, modes and policy. */
struct ldlm_lock_desc {
	struct ldlm_resource_desc l_resource;
	__u32 l_req_mode;		/* enum ldlm_mode */
	__u32 l_granted_mode;		/* enum ldlm_mode */
	union ldlm_wire_policy_data l_policy_data;
};

/*
 * Handles in the fixed part of an ldlm_request; LDLM_CANCEL may carry more,
 * right after it.  In an LDLM_ENQUEUE, lock_handle[0] is the client's handle
 * for the new lock and early-cancelled locks start at LDLM_ENQUEUE_CANCEL_OFF.
 */
#define LDLM_LOCKREQ_HANDLES	2
#define LDLM_ENQUEUE_CANCEL_OFF	1

/** struct ldlm_request - LDLM_ENQUEUE/CONVERT/CANCEL and AST request body. */
struct ldlm_request {
	__u32 lock_flags;		/* LDLM_FL_* */
	__u32 lock_count;		/* handles used in lock_handle[] and beyond */
	struct ldlm_lock_desc lock_desc;
	struct lustre_handle lock_handle[LDLM_LOCKREQ_HANDLES];
};

/** struct ldlm_reply - LDLM_ENQUEUE reply body. */
struct ldlm_reply {
	__u32 lock_flags;		/* LDLM_FL_* */
	__u32 lock_padding;
	struct ldlm_lock_desc lock_desc;
	struct lustre_handle lock_handle;	/* the server's handle */
	__u64 lock_policy_res1;		/* intent disposition */
	__u64 lock_policy_res2;		/* intent status */
};

/**
 * ldlm_request_size() - bytes of an ldlm_request carrying @handles handles
 * @handles: lock handles (lock_count) the request carries
 *
 * Return: sizeof(struct ldlm_request), plus one handle per handle beyond
 * LDLM_LOCKREQ_HANDLES.
 */
static inline __u32 ldlm_request_size(__u32 handles)
{
	__u32 extra = handles > LDLM_LOCKREQ_HANDLES ?
		      handles - LDLM_LOCKREQ_HANDLES : 0;

	return sizeof(struct ldlm_request) + extra * sizeof(struct lustre_handle);
}

/**
 * ldlm_request_handle() - the @i-th lock handle of @rq
 * @rq: request whose buffer holds at least ldlm_request_size(@i + 1) bytes
 *      (ldlm_request_check() makes sure of that for i < lock_count)
 * @i: handle index, may be >= LDLM_LOCKREQ_HANDLES
 *
 * Handles past the fixed array are reached through byte arithmetic rather
 * than by indexing lock_handle[] out of its bounds.
 *
 * Return: pointer to the handle (inside the request buffer).
 */
static inline struct lustre_handle *
ldlm_request_handle(struct ldlm_request *rq, __u32 i)
{
	return (struct lustre_handle *)((char *)rq +
		offsetof(struct ldlm_request, lock_handle) +
		(size_t)i * sizeof(struct lustre_handle));
}

static_assert(sizeof(struct ldlm_res_id) == 32, "ldlm_res_id");
static_assert(sizeof(struct ldlm_extent) == 24, "ldlm_extent");
static_assert(sizeof(struct ldlm_inodebits) == 32, "ldlm_inodebits");
static_assert(sizeof(struct ldlm_flock_wire) == 32, "ldlm_flock_wire");
static_assert(sizeof(union ldlm_wire_policy_data) == 32, "ldlm_wire_policy_data");
static_assert(sizeof(struct ldlm_intent) == 8, "ldlm_intent");
static_assert(sizeof(struct ldlm_resource_desc) == 40, "ldlm_resource_desc");
static_assert(sizeof(struct ldlm_lock_desc) == 80, "ldlm_lock_desc");
static_assert(sizeof(struct ldlm_request) == 104, "ldlm_request");
static_assert(sizeof(struct ldlm_reply) == 112, "ldlm_reply");
static_assert(offsetof(struct ldlm_inodebits, try_bits) == 8, "li try_bits");
static_assert(offsetof(struct ldlm_inodebits, li_gid) == 16, "li_gid");
static_assert(offsetof(struct ldlm_inodebits, li_initiator_id) == 24, "li_initiator");
static_assert(offsetof(struct ldlm_flock_wire, lfw_pid) == 28, "lfw_pid");
static_assert(offsetof(struct ldlm_resource_desc, lr_name) == 8, "lr_name");
static_assert(offsetof(struct ldlm_lock_desc, l_req_mode) == 40, "l_req_mode");
static_assert(offsetof(struct ldlm_lock_desc, l_granted_mode) == 44, "l_granted_mode");
static_assert(offsetof(struct ldlm_lock_desc, l_policy_data) == 48, "l_policy_data");
static_assert(offsetof(struct ldlm_request, lock_desc) == 8, "lock_desc");
static_assert(offsetof(struct ldlm_request, lock_handle) == 88, "lock_handle");
static_assert(offsetof(struct ldlm_reply, lock_desc) == 8, "reply lock_desc");
static_assert(offsetof(struct ldlm_reply, lock_handle) == 88, "reply lock_handle");
static_assert(offsetof(struct ldlm_reply, lock_policy_res1) == 96, "lock_policy_res1");
static_assert(offsetof(struct ldlm_reply, lock_policy_res2) == 104, "lock_policy_res2");

#endif /* _NACRE_LUSTRE_DLM_WIRE_H */
