/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The "lnet_selftest" generic netlink family: LNet self-test traffic.
 *
 * Every node that takes part loads lnet_selftest.ko (its load attaches the
 * test target on SELFTEST_PORTAL); resolving the family by name loads it on
 * the node that drives the test.
 *
 *   LST_CMD_RUN  NID [OP] [SIZE] [CONCURRENCY] [DURATION_MS]
 *                -> OPS ERRORS BYTES ELAPSED_NS LAT_MIN_NS LAT_AVG_NS LAT_MAX_NS
 *                drive OP against NID with CONCURRENCY operations in flight
 *                for DURATION_MS; every operation is a round trip (a PUT
 *                and its ACK, or a GET and its REPLY).  Needs CAP_NET_ADMIN.
 *
 * The console ("lst"): this node drives Lustre srpc test nodes (ours or
 * Lustre's) over portals 50-52.  One console session per node; every
 * command but SESSION_NEW and SESSION_INFO carries the session's KEY
 * ($LST_SESSION), EACCES otherwise; ESRCH without a session.  Commands that
 * talk to nodes answer with one NODE nest per node (NODE_NID, NODE_STATE,
 * NODE_RPC_ERRNO: 0 or why no reply came, NODE_STATUS: the node's reply
 * status, a positive errno); a node that does not answer within the srpc
 * rpc_timeout is marked down.  All but SESSION_INFO, GROUP_LIST and
 * BATCH_LIST need CAP_NET_ADMIN.
 *
 *   LST_CMD_SESSION_NEW  KEY NAME [TIMEOUT] [FORCE] [FEATS]
 *   LST_CMD_SESSION_END  KEY -> NODE...   (remove session on every node)
 *   LST_CMD_SESSION_INFO -> NAME KEY SID_NID SID_STAMP TIMEOUT FEATS
 *                           NGROUPS NBATCHES NNODES
 *   LST_CMD_GROUP_ADD    KEY NAME NODE_NID... -> NODE...
 *   LST_CMD_GROUP_DEL    KEY NAME -> NODE... (nodes left in no group)
 *   LST_CMD_GROUP_LIST   KEY [NAME] -> GROUP(NAME NODE...)...
 *   LST_CMD_BATCH_ADD    KEY NAME
 *   LST_CMD_BATCH_LIST   KEY [NAME] -> BATCH(NAME BID STATE TEST...)...
 *   LST_CMD_TEST_ADD     KEY NAME(batch) FROM TO TEST_TYPE [LOOP] [CONCUR] [DIST]
 *                        [SPAN] [BRW_OP BRW_SIZE BRW_CHECK BRW_OFFSET]
 *                        -> TEST_IDX NODE...
 *   LST_CMD_BATCH_RUN    KEY NAME -> NODE...          (the clients)
 *   LST_CMD_BATCH_STOP   KEY NAME [FORCE] -> NODE...
 *   LST_CMD_BATCH_QUERY  KEY NAME [TEST_IDX] [SERVER] -> NODE(... NODE_ACTIVE)...
 *   LST_CMD_STAT         KEY NAME(group) -> NODE(... ST_*)...
 */
#ifndef _UAPI_LINUX_LNET_SELFTEST_GENL_H
#define _UAPI_LINUX_LNET_SELFTEST_GENL_H

#define LST_GENL_NAME		"lnet_selftest"
#define LST_GENL_VERSION	1
#define LST_PORTAL		54		/* Lustre's selftest bulk portal */
#define LST_MATCH_BITS		0x4e41435245535431ULL	/* "NACREST1" */

enum lst_cmd {
	LST_CMD_UNSPEC,
	LST_CMD_RUN,
	LST_CMD_SESSION_NEW,
	LST_CMD_SESSION_END,
	LST_CMD_SESSION_INFO,
	LST_CMD_GROUP_ADD,
	LST_CMD_GROUP_DEL,
	LST_CMD_GROUP_LIST,
	LST_CMD_BATCH_ADD,
	LST_CMD_BATCH_LIST,
	LST_CMD_TEST_ADD,
	LST_CMD_BATCH_RUN,
	LST_CMD_BATCH_STOP,
	LST_CMD_BATCH_QUERY,
	LST_CMD_STAT,

	__LST_CMD_MAX,
	LST_CMD_MAX = __LST_CMD_MAX - 1
};

enum lst_op {
	LST_OP_PUT = 1,		/* write SIZE bytes to the target */
	LST_OP_GET = 2,		/* read SIZE bytes from the target */
};

enum lst_attr {
	LST_A_UNSPEC,
	LST_A_PAD,
	LST_A_NID,		/* string: the target */
	LST_A_OP,		/* u8: enum lst_op (default PUT) */
	LST_A_SIZE,		/* u32: bytes per operation, 0..1048576 (default 1 MiB) */
	LST_A_CONCURRENCY,	/* u32: operations in flight, 1..64 (default 8) */
	LST_A_DURATION_MS,	/* u32: 100..600000 (default 10000) */
	LST_A_OPS,		/* u64: operations completed */
	LST_A_ERRORS,		/* u64: operations that failed */
	LST_A_BYTES,		/* u64: payload bytes moved */
	LST_A_ELAPSED_NS,	/* u64 */
	LST_A_LAT_MIN_NS,	/* u64: round trip of one operation */
	LST_A_LAT_AVG_NS,	/* u64 */
	LST_A_LAT_MAX_NS,	/* u64 */
	/* The console. */
	LST_A_KEY,		/* u32: the session's key ($LST_SESSION) */
	LST_A_NAME,		/* string: a session, group or batch, < 32 bytes */
	LST_A_TIMEOUT,		/* u32: seconds without a command before the session ends */
	LST_A_FORCE,		/* flag: take the session over (new), abort RPCs (stop) */
	LST_A_FEATS,		/* u32: LST_FEAT_* of the session */
	LST_A_SID_NID,		/* string: the session id's NID */
	LST_A_SID_STAMP,	/* u64: ... and its stamp */
	LST_A_NGROUPS,		/* u32 */
	LST_A_NBATCHES,		/* u32 */
	LST_A_NNODES,		/* u32 */
	LST_A_NODE,		/* nest, repeated: one node (LST_A_NODE_*, LST_A_ST_*) */
	LST_A_NODE_NID,		/* string */
	LST_A_NODE_STATE,	/* u8: enum lst_node_state */
	LST_A_NODE_RPC_ERRNO,	/* u32: 0, or the errno of an RPC that got no reply */
	LST_A_NODE_STATUS,	/* u32: the node's reply status (positive errno) */
	LST_A_NODE_ACTIVE,	/* u32: batch query: the node's active tests */
	LST_A_GROUP,		/* nest, repeated: NAME NODE... */
	LST_A_BATCH,		/* nest, repeated (batch list): NAME BID STATE TEST... */
	LST_A_BID,		/* u64: a batch's id on the wire */
	LST_A_STATE,		/* u8: enum lst_batch_state */
	LST_A_TEST,		/* nest, repeated: TEST_* FROM TO LOOP CONCUR ... */
	LST_A_TEST_IDX,		/* u32: 1.. a test of its batch; query: 0 the batch */
	LST_A_TEST_TYPE,	/* u8: enum lst_test_type */
	LST_A_FROM,		/* string: the clients' group */
	LST_A_TO,		/* string: the servers' group */
	LST_A_LOOP,		/* u32: RPCs per client unit; 0xffffffff until stopped */
	LST_A_CONCUR,		/* u32: 1..1024 */
	LST_A_DIST,		/* u32: --distribute DIST:SPAN */
	LST_A_SPAN,		/* u32 */
	LST_A_BRW_OP,		/* u8: enum lst_brw_type (1 read, 2 write) */
	LST_A_BRW_SIZE,		/* u32: bytes, 1..1 MiB */
	LST_A_BRW_CHECK,	/* u8: enum lst_brw_flags (1 none, 2 simple, 3 full) */
	LST_A_BRW_OFFSET,	/* u32: offset in the first page */
	LST_A_SERVER,		/* flag: query the servers, not the clients */
	LST_A_ST_RUNNING_MS,	/* u32: stat counters of one node (srpc_wire.h) */
	LST_A_ST_ACTIVE_BATCHES,	/* u32 */
	LST_A_ST_BRW_ERRORS,	/* u32 */
	LST_A_ST_PING_ERRORS,	/* u32 */
	LST_A_ST_RPC_ERRORS,	/* u32 */
	LST_A_ST_RPCS_SENT,	/* u32 */
	LST_A_ST_RPCS_RCVD,	/* u32 */
	LST_A_ST_RPCS_DROPPED,	/* u32 */
	LST_A_ST_RPCS_EXPIRED,	/* u32 */
	LST_A_ST_BULK_GET,	/* u64: bytes */
	LST_A_ST_BULK_PUT,	/* u64 */
	LST_A_ST_LNET_ERRORS,	/* u32 */
	LST_A_ST_LNET_SEND_COUNT,	/* u32 */
	LST_A_ST_LNET_RECV_COUNT,	/* u32 */
	LST_A_ST_LNET_DROP_COUNT,	/* u32 */
	LST_A_ST_LNET_SEND_LENGTH,	/* u64 */
	LST_A_ST_LNET_RECV_LENGTH,	/* u64 */

	__LST_A_MAX,
	LST_A_MAX = __LST_A_MAX - 1
};

/* Node states, Lustre's values. */
enum lst_node_state {
	LST_NODE_ACTIVE = 1,	/* in our session */
	LST_NODE_BUSY = 2,	/* in another console's session */
	LST_NODE_DOWN = 4,	/* did not answer */
	LST_NODE_UNKNOWN = 8,	/* not asked yet */
};

enum lst_batch_state {
	LST_BATCH_IDLE = 1,
	LST_BATCH_RUNNING = 2,
};

enum lst_test_type {
	LST_TEST_PING = 1,
	LST_TEST_BRW = 2,
};

#define LST_CON_MAX_NODES	256	/* nodes of a session, all groups */

#endif /* _UAPI_LINUX_LNET_SELFTEST_GENL_H */
