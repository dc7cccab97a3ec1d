/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The "lnet" generic netlink family: LNet configuration and state.
 *
 * Typed attributes only (no C structs, no YAML); NIDs and network names are
 * strings in LNet's text form ("10.0.0.1@tcp", "tcp0").  Every command that
 * changes state needs CAP_NET_ADMIN (GENL_ADMIN_PERM).  Errors come with an
 * extended-ack message naming the cause.  Shared by the kernel module and the
 * tools (lnetctl): this header is the interface.
 *
 * Commands (request attributes -> reply attributes):
 *   LNET_CMD_CONFIGURE   [LOAD_MODPARAMS]           bring LNet up (0@lo; with
 *                        the flag also the module's "networks=")
 *   LNET_CMD_UNCONFIGURE                             take LNet down
 *   LNET_CMD_NET_ADD     NET_NAME [IFACES]           add a network
 *   LNET_CMD_NET_DEL     NET_NAME                    remove a network
 *   LNET_CMD_NET_GET     dump                        one message per local NI:
 *                        NET_NAME NID NI_STATUS [IFACES] NI_STATS NI_TUNABLES
 *   LNET_CMD_PING        NID [TIMEOUT_MS]            PING_PID PING_NIS
 *   LNET_CMD_STATE_GET                               STATE
 *   LNET_CMD_PEER_GET    dump [NID]                  one message per peer:
 *                        PEER_PRIMARY PEER_MR PEER_NIS (each NI with its
 *                        credits, queue, health and counters)
 *   LNET_CMD_PEER_ADD    PEER_PRIMARY [PEER_NIS: NIDs] [PEER_MR]
 *                        a peer with these NIDs (the primary first)
 *   LNET_CMD_PEER_DEL    PEER_PRIMARY [PEER_NIS: NIDs]
 *                        remove those NIs, or the whole peer
 *   LNET_CMD_DISCOVER    NID [TIMEOUT_MS]            ping the NID and record
 *                        the peer with every NI it reports; replies as
 *                        PEER_GET for that peer
 *   LNET_CMD_ROUTE_ADD   NET_NAME GATEWAY [HOPS] [PRIORITY]
 *   LNET_CMD_ROUTE_DEL   NET_NAME [GATEWAY]          every route to the net,
 *                        or the one through GATEWAY
 *   LNET_CMD_ROUTE_GET   dump                        one message per route:
 *                        NET_NAME GATEWAY HOPS PRIORITY ROUTE_STATE
 *   LNET_CMD_STATS_GET                               GLOBAL_STATS
 *   LNET_CMD_GLOBAL_GET                              HEALTH_SENSITIVITY
 *                        ROUTING RTR_POOLS (and STATE)
 *   LNET_CMD_GLOBAL_SET  [HEALTH_SENSITIVITY] [ROUTING]
 */
#ifndef _UAPI_LINUX_LNET_GENL_H
#define _UAPI_LINUX_LNET_GENL_H

#define LNET_GENL_NAME		"lnet"
#define LNET_GENL_VERSION	1

enum lnet_cmd {
	LNET_CMD_UNSPEC,
	LNET_CMD_CONFIGURE,
	LNET_CMD_UNCONFIGURE,
	LNET_CMD_NET_ADD,
	LNET_CMD_NET_DEL,
	LNET_CMD_NET_GET,
	LNET_CMD_PING,
	LNET_CMD_STATE_GET,
	LNET_CMD_PEER_GET,
	LNET_CMD_PEER_ADD,
	LNET_CMD_PEER_DEL,
	LNET_CMD_DISCOVER,
	LNET_CMD_ROUTE_ADD,
	LNET_CMD_ROUTE_DEL,
	LNET_CMD_ROUTE_GET,
	LNET_CMD_STATS_GET,
	LNET_CMD_GLOBAL_GET,
	LNET_CMD_GLOBAL_SET,

	__LNET_CMD_MAX,
	LNET_CMD_MAX = __LNET_CMD_MAX - 1
};

enum lnet_attr {
	LNET_A_UNSPEC,
	LNET_A_PAD,
	LNET_A_LOAD_MODPARAMS,	/* flag */
	LNET_A_NET_NAME,	/* string: "tcp0", "lo" */
	LNET_A_NID,		/* string: "10.0.0.1@tcp" */
	LNET_A_IFACES,		/* nested: LNET_A_IFACE_NAME, repeated, in order */
	LNET_A_NI_STATUS,	/* u8: enum lnet_ni_state */
	LNET_A_NI_STATS,	/* nested: enum lnet_stats_attr */
	LNET_A_NI_TUNABLES,	/* nested: enum lnet_tunables_attr */
	LNET_A_TIMEOUT_MS,	/* u32: ping timeout, 1..600000 (default 3000) */
	LNET_A_PING_PID,	/* u32: the peer's LNet pid */
	LNET_A_PING_NIS,	/* nested: LNET_A_PING_NI, repeated */
	LNET_A_STATE,		/* u8: enum lnet_run_state */
	LNET_A_PEER_PRIMARY,	/* string: a peer's primary NID */
	LNET_A_PEER_MR,		/* u8: 1 when the peer is Multi-Rail */
	LNET_A_PEER_NIS,	/* nested: LNET_A_PEER_NI, repeated */
	LNET_A_GATEWAY,		/* string: a router's NID on a local network */
	LNET_A_HOPS,		/* u32: 1..255 (default 1) */
	LNET_A_PRIORITY,	/* u32: lower is preferred (default 0) */
	LNET_A_ROUTE_STATE,	/* u8: enum lnet_ni_state of the gateway */
	LNET_A_GLOBAL_STATS,	/* nested: enum lnet_gstats_attr */
	LNET_A_HEALTH_SENSITIVITY, /* u32: health lost per failed send, 0..1000 */
	LNET_A_ROUTING,		/* u8: 1 when this node forwards between networks */
	LNET_A_RTR_POOLS,	/* nested: LNET_A_RTR_POOL, tiny, small, large */

	__LNET_A_MAX,
	LNET_A_MAX = __LNET_A_MAX - 1
};

/* Inside LNET_A_IFACES. */
enum lnet_iface_attr {
	LNET_A_IFACE_UNSPEC,
	LNET_A_IFACE_NAME,	/* string, up to 15 characters */

	__LNET_A_IFACE_MAX,
	LNET_A_IFACE_MAX = __LNET_A_IFACE_MAX - 1
};

/* Inside LNET_A_PING_NIS: one LNET_A_PING_NI per NI the peer reported. */
enum lnet_ping_attr {
	LNET_A_PING_UNSPEC,
	LNET_A_PING_NI,		/* nested: LNET_A_PING_NI_NID, LNET_A_PING_NI_STATUS */
	LNET_A_PING_NI_NID,	/* string */
	LNET_A_PING_NI_STATUS,	/* u8: enum lnet_ni_state */

	__LNET_A_PING_MAX,
	LNET_A_PING_MAX = __LNET_A_PING_MAX - 1
};

/* Inside LNET_A_NI_STATS (all u64, LNET_A_STATS_PAD for alignment). */
enum lnet_stats_attr {
	LNET_A_STATS_UNSPEC,
	LNET_A_STATS_PAD,
	LNET_A_STATS_SEND_COUNT,
	LNET_A_STATS_RECV_COUNT,
	LNET_A_STATS_DROP_COUNT,
	LNET_A_STATS_SEND_BYTES,
	LNET_A_STATS_RECV_BYTES,

	__LNET_A_STATS_MAX,
	LNET_A_STATS_MAX = __LNET_A_STATS_MAX - 1
};

/* Inside LNET_A_NI_TUNABLES (all u32). */
enum lnet_tunables_attr {
	LNET_A_TUN_UNSPEC,
	LNET_A_TUN_PEER_TIMEOUT,	/* seconds */
	LNET_A_TUN_PEER_CREDITS,
	LNET_A_TUN_PEER_BUFFER_CREDITS,
	LNET_A_TUN_CREDITS,

	__LNET_A_TUN_MAX,
	LNET_A_TUN_MAX = __LNET_A_TUN_MAX - 1
};

/*
 * Inside LNET_A_PEER_NIS: one LNET_A_PEER_NI (nested) per NI of the peer.
 * In PEER_ADD/PEER_DEL requests only LNET_A_PEER_NI_NID is used.
 */
enum lnet_peer_ni_attr {
	LNET_A_PEER_NI_UNSPEC,
	LNET_A_PEER_NI_PAD,
	LNET_A_PEER_NI,			/* nested: the attributes below */
	LNET_A_PEER_NI_NID,		/* string */
	LNET_A_PEER_NI_STATE,		/* u8: enum lnet_ni_state (up: reachable) */
	LNET_A_PEER_NI_MAX_TX_CREDITS,	/* u32 */
	LNET_A_PEER_NI_TX_CREDITS,	/* s32: available; negative = messages queued */
	LNET_A_PEER_NI_MIN_TX_CREDITS,	/* s32: lowest seen */
	LNET_A_PEER_NI_TXQ,		/* u32: messages waiting for a credit */
	LNET_A_PEER_NI_REFCOUNT,	/* u32 */
	LNET_A_PEER_NI_HEALTH,		/* u32: 0..1000, 1000 healthy */
	LNET_A_PEER_NI_STATS,		/* nested: enum lnet_stats_attr */
	LNET_A_PEER_NI_ERRORS,		/* u64: failed sends */
	LNET_A_PEER_NI_RTR_CREDITS,	/* s32: router credits available; negative = waiting */
	LNET_A_PEER_NI_MIN_RTR_CREDITS,	/* s32: lowest seen */

	__LNET_A_PEER_NI_MAX,
	LNET_A_PEER_NI_MAX = __LNET_A_PEER_NI_MAX - 1
};

/* Inside LNET_A_RTR_POOLS: the router buffer pools, tiny, small, large. */
enum lnet_rtr_pool_attr {
	LNET_A_RTR_POOL_UNSPEC,
	LNET_A_RTR_POOL,		/* nested: the attributes below */
	LNET_A_RTR_POOL_NPAGES,		/* u32: pages per buffer */
	LNET_A_RTR_POOL_NBUFFERS,	/* u32: 0 until forwarding is first on */
	LNET_A_RTR_POOL_CREDITS,	/* s32: free buffers; negative = messages waiting */
	LNET_A_RTR_POOL_MIN_CREDITS,	/* s32: lowest seen */

	__LNET_A_RTR_POOL_MAX,
	LNET_A_RTR_POOL_MAX = __LNET_A_RTR_POOL_MAX - 1
};

/* Inside LNET_A_GLOBAL_STATS (all u64, LNET_A_GSTATS_PAD for alignment). */
enum lnet_gstats_attr {
	LNET_A_GSTATS_UNSPEC,
	LNET_A_GSTATS_PAD,
	LNET_A_GSTATS_MSGS_ALLOC,	/* messages in flight now */
	LNET_A_GSTATS_MSGS_MAX,		/* most in flight at once */
	LNET_A_GSTATS_ERRORS,
	LNET_A_GSTATS_SEND_COUNT,
	LNET_A_GSTATS_RECV_COUNT,
	LNET_A_GSTATS_ROUTE_COUNT,
	LNET_A_GSTATS_DROP_COUNT,
	LNET_A_GSTATS_SEND_LENGTH,
	LNET_A_GSTATS_RECV_LENGTH,
	LNET_A_GSTATS_ROUTE_LENGTH,
	LNET_A_GSTATS_DROP_LENGTH,
	LNET_A_GSTATS_DROP_SRC_COUNT,		/* source NID not the connection's */
	LNET_A_GSTATS_DROP_UNSOLICITED_COUNT,	/* REPLY/ACK that nothing waited for */
	LNET_A_GSTATS_DROP_ANSWER_COUNT,	/* answers over a peer's queue bound */
	LNET_A_GSTATS_ROUTE_WAIT_COUNT,		/* forwarded after waiting for a router buffer */

	__LNET_A_GSTATS_MAX,
	LNET_A_GSTATS_MAX = __LNET_A_GSTATS_MAX - 1
};

/* The ranges the kernel's policies accept. */
#define LNET_PING_TIMEOUT_MAX_MS	600000	/* LNET_A_TIMEOUT_MS: 1 to this */
#define LNET_ROUTE_HOPS_MAX		255	/* LNET_A_HOPS: 1 to this */
#define LNET_HEALTH_SENSITIVITY_MAX	1000	/* LNET_A_HEALTH_SENSITIVITY: 0 to this */

enum lnet_ni_state {
	LNET_NI_STATE_DOWN = 0,
	LNET_NI_STATE_UP = 1,
};

enum lnet_run_state {
	LNET_STATE_DOWN = 0,
	LNET_STATE_UP = 1,
};

#endif /* _UAPI_LINUX_LNET_GENL_H */
