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

	__LST_A_MAX,
	LST_A_MAX = __LST_A_MAX - 1
};

#endif /* _UAPI_LINUX_LNET_SELFTEST_GENL_H */
