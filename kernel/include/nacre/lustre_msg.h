/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptlrpc message framing, Lustre 2.16 compatible.
 *
 * Every RPC request and reply is one LNet PUT payload holding a
 * struct lustre_msg_v2: a 32-byte header, lm_bufcount 32-bit buffer
 * lengths, padding to 8 bytes, then the buffers, each padded to 8 bytes.
 * Buffer 0 is always a struct ptlrpc_body (type, opcode, status, xid,
 * transno, flags ...); the opcode decides what the other buffers hold.
 * Connect RPCs carry the target and client UUIDs as strings, the client's
 * connection handle and a struct obd_connect_data.
 *
 * All fields are little-endian on the wire.  Lustre accepts a message in
 * the sender's byte order and swabs it; Nacre accepts only little-endian
 * senders (lustre_msg_check() rejects the byte-swapped magic; see
 * docs/protocol.md).  Sizes and offsets are asserted below so that a change
 * that would move a byte fails the build.
 */
#ifndef _NACRE_LUSTRE_MSG_H
#define _NACRE_LUSTRE_MSG_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>

/* --- message header ---------------------------------------------------------- */

#define LUSTRE_MSG_MAGIC_V2		0x0BD00BD3U
#define LUSTRE_MSG_MAGIC_V2_SWABBED	0xD30BD00BU	/* big-endian sender */

#define PTLRPC_MAX_BUFCOUNT		19	/* lm_bufcount upper bound */

/* lm_flags */
#define MSGHDR_AT_SUPPORT		0x1	/* adaptive timeouts */
#define MSGHDR_CKSUM_INCOMPAT18		0x2	/* lm_cksum over the whole body */

/** struct lustre_handle - opaque cookie naming a lock, export or open file. */
struct lustre_handle {
	__u64 cookie;
};

/**
 * struct lustre_msg_v2 - ptlrpc message header
 * @lm_bufcount: number of buffers (1..PTLRPC_MAX_BUFCOUNT)
 * @lm_secflvr: security flavor (0: null)
 * @lm_magic: LUSTRE_MSG_MAGIC_V2
 * @lm_repsize: request: reply buffer size the sender posted
 * @lm_cksum: checksum of the ptlrpc body (early replies)
 * @lm_flags: MSGHDR_*
 * @lm_opc: sub-request opcode inside a batched request
 * @lm_padding_3: zero
 * @lm_buflens: length of each buffer, not counting its padding
 */
struct lustre_msg_v2 {
	__u32 lm_bufcount;
	__u32 lm_secflvr;
	__u32 lm_magic;
	__u32 lm_repsize;
	__u32 lm_cksum;
	__u32 lm_flags;
	__u32 lm_opc;
	__u32 lm_padding_3;
	__u32 lm_buflens[];
};

/* Buffer indices shared by many opcodes. */
#define MSG_PTLRPC_BODY_OFF	0
#define REQ_REC_OFF		1	/* first opcode-specific request buffer */
#define REPLY_REC_OFF		1	/* first opcode-specific reply buffer */
#define DLM_LOCKREQ_OFF		1	/* ldlm_request */
#define DLM_INTENT_IT_OFF	2	/* ldlm_intent */
#define DLM_LOCKREPLY_OFF	1	/* ldlm_reply */
#define DLM_REPLY_REC_OFF	2	/* first intent reply buffer */

/* --- ptlrpc body (buffer 0) -------------------------------------------------- */

/* pb_type */
#define PTL_RPC_MSG_REQUEST	4711
#define PTL_RPC_MSG_ERR		4712
#define PTL_RPC_MSG_REPLY	4713

/* pb_version: the message version in the low 16 bits, a service version above */
#define PTLRPC_MSG_VERSION	0x00000003
#define LUSTRE_VERSION_MASK	0xffff0000
#define LUSTRE_OBD_VERSION	0x00010000
#define LUSTRE_MDS_VERSION	0x00020000
#define LUSTRE_OST_VERSION	0x00030000
#define LUSTRE_DLM_VERSION	0x00040000
#define LUSTRE_LOG_VERSION	0x00050000
#define LUSTRE_MGS_VERSION	0x00060000

/* pb_flags: apply to every request */
#define MSG_GEN_FLAG_MASK	0x0000ffff
#define MSG_LAST_REPLAY		0x0001
#define MSG_RESENT		0x0002
#define MSG_REPLAY		0x0004
#define MSG_DELAY_REPLAY	0x0010
#define MSG_VERSION_REPLAY	0x0020
#define MSG_REQ_REPLAY_DONE	0x0040
#define MSG_LOCK_REPLAY_DONE	0x0080
#define MSG_PACK_UID_GID	0x0200	/* pb_uid/pb_gid are valid */

/* pb_op_flags of the connect opcodes (MDS_CONNECT, OST_CONNECT, MGS_CONNECT) */
#define MSG_CONNECT_RECOVERING	0x00000001
#define MSG_CONNECT_RECONNECT	0x00000002
#define MSG_CONNECT_REPLAYABLE	0x00000004
#define MSG_CONNECT_LIBCLIENT	0x00000010
#define MSG_CONNECT_INITIAL	0x00000020
#define MSG_CONNECT_ASYNC	0x00000040	/* obsolete */
#define MSG_CONNECT_NEXT_VER	0x00000080	/* use the next lustre_msg version */
#define MSG_CONNECT_TRANSNO	0x00000100	/* report the transno */
#define MSG_CONNECT_DELAYED	0x00000200

#define PTLRPC_NUM_VERSIONS	4
#define LUSTRE_JOBID_SIZE	32

/**
 * struct ptlrpc_body - buffer 0 of every message (Lustre's ptlrpc_body_v3)
 * @pb_handle: the export (connection) handle; for a connect reply the new one
 * @pb_type: PTL_RPC_MSG_REQUEST, _REPLY or _ERR
 * @pb_version: PTLRPC_MSG_VERSION | LUSTRE_*_VERSION
 * @pb_opc: opcode (enum ost_cmd, mds_cmd, ldlm_cmd ...)
 * @pb_status: reply: 0 or a negative errno; request: the sender's pid
 * @pb_last_xid: request: highest xid whose reply the client has seen
 * @pb_tag: multi-slot modify RPC tag
 * @pb_padding0: zero
 * @pb_padding1: zero
 * @pb_last_committed: reply: highest transno committed on the target
 * @pb_transno: transaction number of this (modifying) request
 * @pb_flags: MSG_* (replay, resend ...)
 * @pb_op_flags: opcode-specific (MSG_CONNECT_* for connects)
 * @pb_conn_cnt: connection count of the import the request was sent on
 * @pb_timeout: adaptive timeout of the request (s)
 * @pb_service_time: reply: time the server spent on the request (s)
 * @pb_limit: reply: lock LRU resize limit (pool limit)
 * @pb_slv: reply: server lock volume
 * @pb_pre_versions: object versions before the update (version replay)
 * @pb_mbits: match bits of the bulk transfer
 * @pb_padding64_0: zero
 * @pb_padding64_1: zero
 * @pb_uid: fs uid of the sender (MSG_PACK_UID_GID)
 * @pb_gid: fs gid of the sender (MSG_PACK_UID_GID)
 * @pb_jobid: job identifier, NUL-padded
 */
struct ptlrpc_body {
	struct lustre_handle pb_handle;
	__u32 pb_type;
	__u32 pb_version;
	__u32 pb_opc;
	__u32 pb_status;
	__u64 pb_last_xid;
	__u16 pb_tag;
	__u16 pb_padding0;
	__u32 pb_padding1;
	__u64 pb_last_committed;
	__u64 pb_transno;
	__u32 pb_flags;
	__u32 pb_op_flags;
	__u32 pb_conn_cnt;
	__u32 pb_timeout;
	__u32 pb_service_time;
	__u32 pb_limit;
	__u64 pb_slv;
	__u64 pb_pre_versions[PTLRPC_NUM_VERSIONS];
	__u64 pb_mbits;
	__u64 pb_padding64_0;
	__u64 pb_padding64_1;
	__u32 pb_uid;
	__u32 pb_gid;
	char pb_jobid[LUSTRE_JOBID_SIZE];
};

/* --- UUIDs and connect data -------------------------------------------------- */

#define UUID_MAX	40

/**
 * struct obd_uuid - a target or client UUID (NUL-terminated text).
 *
 * Connect requests carry each UUID as a string buffer of
 * sizeof(struct obd_uuid) - 1 = 39 bytes: the text, its NUL and zeros.
 */
struct obd_uuid {
	char uuid[UUID_MAX];
};

#define OBD_UUID_WIRE_LEN	(UUID_MAX - 1)

/**
 * OBD_OCD_VERSION() - ocd_version of a Lustre release
 *
 * 2.16.1.0 is 0x02100100.
 */
#define OBD_OCD_VERSION(major, minor, patch, fix) \
	(((major) << 24) + ((minor) << 16) + ((patch) << 8) + (fix))
#define OBD_OCD_VERSION_MAJOR(v)	((int)((v) >> 24) & 255)
#define OBD_OCD_VERSION_MINOR(v)	((int)((v) >> 16) & 255)
#define OBD_OCD_VERSION_PATCH(v)	((int)((v) >> 8) & 255)
#define OBD_OCD_VERSION_FIX(v)		((int)(v) & 255)

/* ocd_connect_flags */
#define OBD_CONNECT_RDONLY		0x1ULL		/* read-only client */
#define OBD_CONNECT_INDEX		0x2ULL		/* connect to a given LOV index */
#define OBD_CONNECT_MDS			0x4ULL		/* MDT to OST */
#define OBD_CONNECT_GRANT		0x8ULL		/* OSC gets grant at connect */
#define OBD_CONNECT_SRVLOCK		0x10ULL		/* server takes locks for the client */
#define OBD_CONNECT_VERSION		0x20ULL		/* ocd_version valid */
#define OBD_CONNECT_REQPORTAL		0x40ULL		/* separate non-I/O request portal */
#define OBD_CONNECT_ACL			0x80ULL		/* access control lists */
#define OBD_CONNECT_XATTR		0x100ULL	/* extended attributes */
#define OBD_CONNECT_LARGE_ACL		0x200ULL	/* more than 32 ACL entries */
#define OBD_CONNECT_TRUNCLOCK		0x400ULL	/* obsolete */
#define OBD_CONNECT_TRANSNO		0x800ULL	/* replay sends the initial transno */
#define OBD_CONNECT_IBITS		0x1000ULL	/* inode-bit locks */
#define OBD_CONNECT_BARRIER		0x2000ULL	/* write barrier */
#define OBD_CONNECT_ATTRFID		0x4000ULL	/* getattr by FID */
#define OBD_CONNECT_NODEVOH		0x8000ULL	/* no open handles on device nodes */
#define OBD_CONNECT_RMT_CLIENT		0x10000ULL	/* obsolete */
#define OBD_CONNECT_RMT_CLIENT_FORCE	0x20000ULL	/* obsolete */
#define OBD_CONNECT_BRW_SIZE		0x40000ULL	/* ocd_brw_size valid */
#define OBD_CONNECT_QUOTA64		0x80000ULL	/* 64-bit quota */
#define OBD_CONNECT_MDS_CAPA		0x100000ULL	/* obsolete */
#define OBD_CONNECT_OSS_CAPA		0x200000ULL	/* obsolete */
#define OBD_CONNECT_CANCELSET		0x400000ULL	/* early lock cancel */
#define OBD_CONNECT_SOM			0x800000ULL	/* obsolete */
#define OBD_CONNECT_AT			0x1000000ULL	/* adaptive timeouts */
#define OBD_CONNECT_LRU_RESIZE		0x2000000ULL	/* lock LRU resize */
#define OBD_CONNECT_MDS_MDS		0x4000000ULL	/* MDT to MDT */
#define OBD_CONNECT_REAL		0x8000000ULL	/* obsolete */
#define OBD_CONNECT_CHANGE_QS		0x10000000ULL	/* obsolete */
#define OBD_CONNECT_CKSUM		0x20000000ULL	/* ocd_cksum_types valid */
#define OBD_CONNECT_FID			0x40000000ULL	/* FIDs */
#define OBD_CONNECT_VBR			0x80000000ULL	/* version-based recovery */
#define OBD_CONNECT_LOV_V3		0x100000000ULL	/* LOV EA v3 (pools) */
#define OBD_CONNECT_GRANT_SHRINK	0x200000000ULL	/* grant shrink */
#define OBD_CONNECT_SKIP_ORPHAN		0x400000000ULL	/* no orphan objects on reconnect */
#define OBD_CONNECT_MAX_EASIZE		0x800000000ULL	/* ocd_max_easize valid */
#define OBD_CONNECT_FULL20		0x1000000000ULL	/* 2.0 protocol */
#define OBD_CONNECT_LAYOUTLOCK		0x2000000000ULL	/* layout lock */
#define OBD_CONNECT_64BITHASH		0x4000000000ULL	/* 64-bit readdir hash */
#define OBD_CONNECT_MAXBYTES		0x8000000000ULL	/* ocd_maxbytes valid */
#define OBD_CONNECT_IMP_RECOV		0x10000000000ULL /* import recovery */
#define OBD_CONNECT_JOBSTATS		0x20000000000ULL /* jobid in pb_jobid */
#define OBD_CONNECT_UMASK		0x40000000000ULL /* create uses client umask */
#define OBD_CONNECT_EINPROGRESS		0x80000000000ULL /* client handles -EINPROGRESS */
#define OBD_CONNECT_GRANT_PARAM		0x100000000000ULL /* ocd_grant_* valid */
#define OBD_CONNECT_FLOCK_OWNER		0x200000000000ULL /* flock owner in lfw_owner */
#define OBD_CONNECT_LVB_TYPE		0x400000000000ULL /* lock value block types */
#define OBD_CONNECT_NANOSEC_TIME	0x800000000000ULL /* nanosecond timestamps */
#define OBD_CONNECT_LIGHTWEIGHT		0x1000000000000ULL /* no recovery state */
#define OBD_CONNECT_SHORTIO		0x2000000000000ULL /* small I/O inline in RPC */
#define OBD_CONNECT_PINGLESS		0x4000000000000ULL /* no pings needed */
#define OBD_CONNECT_FLOCK_DEAD		0x8000000000000ULL /* flock deadlock detection */
#define OBD_CONNECT_DISP_STRIPE		0x10000000000000ULL /* create stripe disposition */
#define OBD_CONNECT_OPEN_BY_FID		0x20000000000000ULL /* open by FID, no name */
#define OBD_CONNECT_LFSCK		0x40000000000000ULL /* LFSCK support */
#define OBD_CONNECT_UNLINK_CLOSE	0x100000000000000ULL /* close with unlink */
#define OBD_CONNECT_MULTIMODRPCS	0x200000000000000ULL /* several modify RPCs */
#define OBD_CONNECT_DIR_STRIPE		0x400000000000000ULL /* striped directories */
#define OBD_CONNECT_SUBTREE		0x800000000000000ULL /* fileset subtree mount */
#define OBD_CONNECT_LOCKAHEAD_OLD	0x1000000000000000ULL /* obsolete */
#define OBD_CONNECT_BULK_MBITS		0x2000000000000000ULL /* bulk match bits in pb_mbits */
#define OBD_CONNECT_OBDOPACK		0x4000000000000000ULL /* obdo packed for old clients */
#define OBD_CONNECT_FLAGS2		0x8000000000000000ULL /* ocd_connect_flags2 valid */

/* ocd_connect_flags2 */
#define OBD_CONNECT2_FILE_SECCTX	0x1ULL		/* security context at create */
#define OBD_CONNECT2_LOCKAHEAD		0x2ULL		/* lockahead (speculative) locks */
#define OBD_CONNECT2_DIR_MIGRATE	0x4ULL		/* directory migration */
#define OBD_CONNECT2_SUM_STATFS		0x8ULL		/* aggregated statfs */
#define OBD_CONNECT2_OVERSTRIPING	0x10ULL		/* several stripes per OST */
#define OBD_CONNECT2_FLR		0x20ULL		/* file-level replication */
#define OBD_CONNECT2_WBC_INTENTS	0x40ULL		/* write-back cache intents */
#define OBD_CONNECT2_LOCK_CONVERT	0x80ULL		/* ibits lock convert */
#define OBD_CONNECT2_ARCHIVE_ID_ARRAY	0x100ULL	/* HSM archive id array */
#define OBD_CONNECT2_INC_XID		0x200ULL	/* increasing xids */
#define OBD_CONNECT2_SELINUX_POLICY	0x400ULL	/* SELinux policy check */
#define OBD_CONNECT2_LSOM		0x800ULL	/* lazy size on MDT */
#define OBD_CONNECT2_PCC		0x1000ULL	/* persistent client cache */
#define OBD_CONNECT2_CRUSH		0x2000ULL	/* CRUSH directory hash */
#define OBD_CONNECT2_ASYNC_DISCARD	0x4000ULL	/* async DoM discard */
#define OBD_CONNECT2_ENCRYPT		0x8000ULL	/* client-side encryption */
#define OBD_CONNECT2_FIDMAP		0x10000ULL	/* FID map in rmfid */
#define OBD_CONNECT2_GETATTR_PFID	0x20000ULL	/* parent FID in getattr */
#define OBD_CONNECT2_LSEEK		0x40000ULL	/* SEEK_HOLE/SEEK_DATA */
#define OBD_CONNECT2_DOM_LVB		0x80000ULL	/* DoM lock value block */
#define OBD_CONNECT2_REP_MBITS		0x100000ULL	/* reply carries bulk mbits */
#define OBD_CONNECT2_MODE_CONVERT	0x200000ULL	/* lock mode convert */
#define OBD_CONNECT2_BATCH_RPC		0x400000ULL	/* batched RPCs */
#define OBD_CONNECT2_PCCRO		0x800000ULL	/* read-only PCC */
#define OBD_CONNECT2_MNE_TYPE		0x1000000ULL	/* mne_nid_type in MGS records */
#define OBD_CONNECT2_LOCK_CONTENTION	0x2000000ULL	/* lock contention hints */
#define OBD_CONNECT2_ATOMIC_OPEN_LOCK	0x4000000ULL	/* open lock with the open */
#define OBD_CONNECT2_ENCRYPT_NAME	0x8000000ULL	/* encrypted names */
#define OBD_CONNECT2_DMV_IMP_INHERIT	0x20000000ULL	/* default LMV inheritance */
#define OBD_CONNECT2_ENCRYPT_FID2PATH	0x40000000ULL	/* fid2path on encrypted files */
#define OBD_CONNECT2_REPLAY_CREATE	0x80000000ULL	/* replay of OST creates */
#define OBD_CONNECT2_LARGE_NID		0x100000000ULL	/* large (IPv6) NIDs */

/* ocd_cksum_types (and the server's choice in the BRW reply) */
#define OBD_CKSUM_CRC32		0x00000001
#define OBD_CKSUM_ADLER		0x00000002
#define OBD_CKSUM_CRC32C	0x00000004
#define OBD_CKSUM_RESERVED	0x00000008
#define OBD_CKSUM_T10IP512	0x00000010
#define OBD_CKSUM_T10IP4K	0x00000020
#define OBD_CKSUM_T10CRC512	0x00000040
#define OBD_CKSUM_T10CRC4K	0x00000080

/**
 * struct obd_connect_data - negotiated features, connect request and reply
 *
 * The client proposes, the server answers with the subset it grants (and
 * its own values for the size and grant fields).
 */
struct obd_connect_data {
	__u64 ocd_connect_flags;	/* OBD_CONNECT_* */
	__u32 ocd_version;		/* OBD_OCD_VERSION() of the sender */
	__u32 ocd_grant;		/* initial grant (OSC), bytes */
	__u32 ocd_index;		/* LOV index to connect to */
	__u32 ocd_brw_size;		/* maximum BRW size, bytes */
	__u64 ocd_ibits_known;		/* MDS_INODELOCK_* understood */
	__u8 ocd_grant_blkbits;		/* log2 of the OST block size */
	__u8 ocd_grant_inobits;		/* log2 of the OST inode size */
	__u16 ocd_grant_tax_kb;		/* grant overhead per extent, KiB */
	__u32 ocd_grant_max_blks;	/* maximum blocks per extent */
	__u64 ocd_transno;		/* first transno to replay */
	__u32 ocd_group;		/* MDS group on the OST */
	__u32 ocd_cksum_types;		/* OBD_CKSUM_* */
	__u32 ocd_max_easize;		/* largest layout EA */
	__u32 ocd_instance;		/* target instance (mount count) */
	__u64 ocd_maxbytes;		/* largest file size */
	__u16 ocd_maxmodrpcs;		/* modify RPCs in flight */
	__u16 padding0;
	__u32 padding1;
	__u64 ocd_connect_flags2;	/* OBD_CONNECT2_* */
	__u64 padding3;
	__u64 padding4;
	__u64 padding5;
	__u64 padding6;
	__u64 padding7;
	__u64 padding8;
	__u64 padding9;
	__u64 paddingA;
	__u64 paddingB;
	__u64 paddingC;
	__u64 paddingD;
	__u64 paddingE;
	__u64 paddingF;
};

/* --- portals -------------------------------------------------------------------- */

#define CONNMGR_REQUEST_PORTAL		1
#define CONNMGR_REPLY_PORTAL		2
#define OSC_REPLY_PORTAL		4
#define OST_IO_PORTAL			6
#define OST_CREATE_PORTAL		7
#define OST_BULK_PORTAL			8
#define MDC_REPLY_PORTAL		10
#define MDS_REQUEST_PORTAL		12
#define MDS_BULK_PORTAL			14
#define LDLM_CB_REQUEST_PORTAL		15
#define LDLM_CB_REPLY_PORTAL		16
#define LDLM_CANCEL_REQUEST_PORTAL	17
#define LDLM_CANCEL_REPLY_PORTAL	18
#define MDS_SETATTR_PORTAL		22
#define MDS_READPAGE_PORTAL		23	/* also close and getattr */
#define OUT_PORTAL			24
#define MGC_REPLY_PORTAL		25
#define MGS_REQUEST_PORTAL		26
#define MGS_REPLY_PORTAL		27
#define OST_REQUEST_PORTAL		28
#define FLD_REQUEST_PORTAL		29
#define SEQ_METADATA_PORTAL		30
#define SEQ_DATA_PORTAL			31
#define SEQ_CONTROLLER_PORTAL		32
#define MGS_BULK_PORTAL			33
#define MDS_IO_PORTAL			34	/* data on MDT */

/* --- opcodes ---------------------------------------------------------------------- */

enum ost_cmd {
	OST_REPLY		= 0,
	OST_GETATTR		= 1,
	OST_SETATTR		= 2,
	OST_READ		= 3,
	OST_WRITE		= 4,
	OST_CREATE		= 5,
	OST_DESTROY		= 6,
	OST_GET_INFO		= 7,
	OST_CONNECT		= 8,
	OST_DISCONNECT		= 9,
	OST_PUNCH		= 10,
	OST_OPEN		= 11,
	OST_CLOSE		= 12,
	OST_STATFS		= 13,
	OST_SYNC		= 16,
	OST_SET_INFO		= 17,
	OST_QUOTACHECK		= 18,
	OST_QUOTACTL		= 19,
	OST_QUOTA_ADJUST_QUNIT	= 20,
	OST_LADVISE		= 21,
	OST_FALLOCATE		= 22,
	OST_SEEK		= 23,
	OST_LAST_OPC
};

enum mds_cmd {
	MDS_GETATTR		= 33,
	MDS_GETATTR_NAME	= 34,
	MDS_CLOSE		= 35,
	MDS_REINT		= 36,
	MDS_READPAGE		= 37,
	MDS_CONNECT		= 38,
	MDS_DISCONNECT		= 39,
	MDS_GET_ROOT		= 40,
	MDS_STATFS		= 41,
	MDS_PIN			= 42,
	MDS_UNPIN		= 43,
	MDS_SYNC		= 44,
	MDS_DONE_WRITING	= 45,
	MDS_SET_INFO		= 46,
	MDS_QUOTACHECK		= 47,
	MDS_QUOTACTL		= 48,
	MDS_GETXATTR		= 49,
	MDS_SETXATTR		= 50,
	MDS_WRITEPAGE		= 51,
	MDS_IS_SUBDIR		= 52,
	MDS_GET_INFO		= 53,
	MDS_HSM_STATE_GET	= 54,
	MDS_HSM_STATE_SET	= 55,
	MDS_HSM_ACTION		= 56,
	MDS_HSM_PROGRESS	= 57,
	MDS_HSM_REQUEST		= 58,
	MDS_HSM_CT_REGISTER	= 59,
	MDS_HSM_CT_UNREGISTER	= 60,
	MDS_SWAP_LAYOUTS	= 61,
	MDS_RMFID		= 62,
	MDS_BATCH		= 63,
	MDS_LAST_OPC,
	MDS_FIRST_OPC		= MDS_GETATTR
};

enum ldlm_cmd {
	LDLM_ENQUEUE		= 101,
	LDLM_CONVERT		= 102,
	LDLM_CANCEL		= 103,
	LDLM_BL_CALLBACK	= 104,
	LDLM_CP_CALLBACK	= 105,
	LDLM_GL_CALLBACK	= 106,
	LDLM_SET_INFO		= 107,
	LDLM_LAST_OPC,
	LDLM_FIRST_OPC		= LDLM_ENQUEUE
};

enum mgs_cmd {
	MGS_CONNECT		= 250,
	MGS_DISCONNECT		= 251,
	MGS_EXCEPTION		= 252,	/* node died, etc. */
	MGS_TARGET_REG		= 253,	/* whenever a target starts up */
	MGS_TARGET_DEL		= 254,
	MGS_SET_INFO		= 255,
	MGS_CONFIG_READ		= 256,
	MGS_LAST_OPC,
	MGS_FIRST_OPC		= MGS_CONNECT
};

enum obd_cmd {
	OBD_PING		= 400,
	OBD_LOG_CANCEL		= 401,	/* obsolete */
	OBD_QC_CALLBACK		= 402,	/* obsolete */
	OBD_IDX_READ		= 403,
	OBD_LAST_OPC,
	OBD_FIRST_OPC		= OBD_PING
};

enum llog_cmd {
	LLOG_ORIGIN_HANDLE_CREATE	= 501,
	LLOG_ORIGIN_HANDLE_NEXT_BLOCK	= 502,
	LLOG_ORIGIN_HANDLE_READ_HEADER	= 503,
	LLOG_ORIGIN_HANDLE_WRITE_REC	= 504,	/* obsolete */
	LLOG_ORIGIN_HANDLE_CLOSE	= 505,	/* obsolete */
	LLOG_ORIGIN_CONNECT		= 506,	/* obsolete */
	LLOG_CATINFO			= 507,	/* obsolete */
	LLOG_ORIGIN_HANDLE_PREV_BLOCK	= 508,
	LLOG_ORIGIN_HANDLE_DESTROY	= 509,	/* obsolete */
	LLOG_LAST_OPC,
	LLOG_FIRST_OPC			= LLOG_ORIGIN_HANDLE_CREATE
};

enum quota_cmd {
	QUOTA_DQACQ		= 601,
	QUOTA_DQREL		= 602,
	QUOTA_LAST_OPC
};

enum seq_rpc_opc {
	SEQ_QUERY		= 700,
	SEQ_LAST_OPC,
	SEQ_FIRST_OPC		= SEQ_QUERY
};

enum sec_cmd {
	SEC_CTX_INIT		= 801,
	SEC_CTX_INIT_CONT	= 802,
	SEC_CTX_FINI		= 803,
	SEC_LAST_OPC,
	SEC_FIRST_OPC		= SEC_CTX_INIT
};

enum fld_rpc_opc {
	FLD_QUERY		= 900,
	FLD_READ		= 901,
	FLD_LAST_OPC,
	FLD_FIRST_OPC		= FLD_QUERY
};

enum update_cmd {
	OUT_UPDATE		= 1000,
	OUT_UPDATE_LAST_OPC
};

enum lfsck_cmd {
	LFSCK_NOTIFY		= 1101,
	LFSCK_QUERY		= 1102,
	LFSCK_LAST_OPC,
	LFSCK_FIRST_OPC		= LFSCK_NOTIFY
};

/* --- layout asserts ---------------------------------------------------------------- */

static_assert(sizeof(struct lustre_handle) == 8, "lustre_handle");
static_assert(sizeof(struct lustre_msg_v2) == 32, "lustre_msg_v2");
static_assert(offsetof(struct lustre_msg_v2, lm_bufcount) == 0, "lm_bufcount");
static_assert(offsetof(struct lustre_msg_v2, lm_secflvr) == 4, "lm_secflvr");
static_assert(offsetof(struct lustre_msg_v2, lm_magic) == 8, "lm_magic");
static_assert(offsetof(struct lustre_msg_v2, lm_repsize) == 12, "lm_repsize");
static_assert(offsetof(struct lustre_msg_v2, lm_cksum) == 16, "lm_cksum");
static_assert(offsetof(struct lustre_msg_v2, lm_flags) == 20, "lm_flags");
static_assert(offsetof(struct lustre_msg_v2, lm_opc) == 24, "lm_opc");
static_assert(offsetof(struct lustre_msg_v2, lm_padding_3) == 28, "lm_padding_3");
static_assert(offsetof(struct lustre_msg_v2, lm_buflens) == 32, "lm_buflens");

static_assert(sizeof(struct ptlrpc_body) == 184, "ptlrpc_body");
static_assert(offsetof(struct ptlrpc_body, pb_handle) == 0, "pb_handle");
static_assert(offsetof(struct ptlrpc_body, pb_type) == 8, "pb_type");
static_assert(offsetof(struct ptlrpc_body, pb_version) == 12, "pb_version");
static_assert(offsetof(struct ptlrpc_body, pb_opc) == 16, "pb_opc");
static_assert(offsetof(struct ptlrpc_body, pb_status) == 20, "pb_status");
static_assert(offsetof(struct ptlrpc_body, pb_last_xid) == 24, "pb_last_xid");
static_assert(offsetof(struct ptlrpc_body, pb_tag) == 32, "pb_tag");
static_assert(offsetof(struct ptlrpc_body, pb_padding0) == 34, "pb_padding0");
static_assert(offsetof(struct ptlrpc_body, pb_padding1) == 36, "pb_padding1");
static_assert(offsetof(struct ptlrpc_body, pb_last_committed) == 40, "pb_last_committed");
static_assert(offsetof(struct ptlrpc_body, pb_transno) == 48, "pb_transno");
static_assert(offsetof(struct ptlrpc_body, pb_flags) == 56, "pb_flags");
static_assert(offsetof(struct ptlrpc_body, pb_op_flags) == 60, "pb_op_flags");
static_assert(offsetof(struct ptlrpc_body, pb_conn_cnt) == 64, "pb_conn_cnt");
static_assert(offsetof(struct ptlrpc_body, pb_timeout) == 68, "pb_timeout");
static_assert(offsetof(struct ptlrpc_body, pb_service_time) == 72, "pb_service_time");
static_assert(offsetof(struct ptlrpc_body, pb_limit) == 76, "pb_limit");
static_assert(offsetof(struct ptlrpc_body, pb_slv) == 80, "pb_slv");
static_assert(offsetof(struct ptlrpc_body, pb_pre_versions) == 88, "pb_pre_versions");
static_assert(offsetof(struct ptlrpc_body, pb_mbits) == 120, "pb_mbits");
static_assert(offsetof(struct ptlrpc_body, pb_padding64_0) == 128, "pb_padding64_0");
static_assert(offsetof(struct ptlrpc_body, pb_padding64_1) == 136, "pb_padding64_1");
static_assert(offsetof(struct ptlrpc_body, pb_uid) == 144, "pb_uid");
static_assert(offsetof(struct ptlrpc_body, pb_gid) == 148, "pb_gid");
static_assert(offsetof(struct ptlrpc_body, pb_jobid) == 152, "pb_jobid");

static_assert(sizeof(struct obd_uuid) == 40, "obd_uuid");

static_assert(sizeof(struct obd_connect_data) == 192, "obd_connect_data");
static_assert(offsetof(struct obd_connect_data, ocd_connect_flags) == 0, "ocd_connect_flags");
static_assert(offsetof(struct obd_connect_data, ocd_version) == 8, "ocd_version");
static_assert(offsetof(struct obd_connect_data, ocd_grant) == 12, "ocd_grant");
static_assert(offsetof(struct obd_connect_data, ocd_index) == 16, "ocd_index");
static_assert(offsetof(struct obd_connect_data, ocd_brw_size) == 20, "ocd_brw_size");
static_assert(offsetof(struct obd_connect_data, ocd_ibits_known) == 24, "ocd_ibits_known");
static_assert(offsetof(struct obd_connect_data, ocd_grant_blkbits) == 32, "ocd_grant_blkbits");
static_assert(offsetof(struct obd_connect_data, ocd_grant_inobits) == 33, "ocd_grant_inobits");
static_assert(offsetof(struct obd_connect_data, ocd_grant_tax_kb) == 34, "ocd_grant_tax_kb");
static_assert(offsetof(struct obd_connect_data, ocd_grant_max_blks) == 36, "ocd_grant_max_blks");
static_assert(offsetof(struct obd_connect_data, ocd_transno) == 40, "ocd_transno");
static_assert(offsetof(struct obd_connect_data, ocd_group) == 48, "ocd_group");
static_assert(offsetof(struct obd_connect_data, ocd_cksum_types) == 52, "ocd_cksum_types");
static_assert(offsetof(struct obd_connect_data, ocd_max_easize) == 56, "ocd_max_easize");
static_assert(offsetof(struct obd_connect_data, ocd_instance) == 60, "ocd_instance");
static_assert(offsetof(struct obd_connect_data, ocd_maxbytes) == 64, "ocd_maxbytes");
static_assert(offsetof(struct obd_connect_data, ocd_maxmodrpcs) == 72, "ocd_maxmodrpcs");
static_assert(offsetof(struct obd_connect_data, padding0) == 74, "ocd padding0");
static_assert(offsetof(struct obd_connect_data, padding1) == 76, "ocd padding1");
static_assert(offsetof(struct obd_connect_data, ocd_connect_flags2) == 80, "ocd_connect_flags2");
static_assert(offsetof(struct obd_connect_data, padding3) == 88, "ocd padding3");
static_assert(offsetof(struct obd_connect_data, paddingF) == 184, "ocd paddingF");

#endif /* _NACRE_LUSTRE_MSG_H */
