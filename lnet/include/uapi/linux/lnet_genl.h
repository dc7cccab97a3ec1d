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

enum lnet_ni_state {
	LNET_NI_STATE_DOWN = 0,
	LNET_NI_STATE_UP = 1,
};

enum lnet_run_state {
	LNET_STATE_DOWN = 0,
	LNET_STATE_UP = 1,
};

#endif /* _UAPI_LINUX_LNET_GENL_H */
