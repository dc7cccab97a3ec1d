/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The self-test console: this node drives srpc test nodes (ours or
 * Lustre's) as Lustre's "lst" console does, for the lst tool through the
 * "lnet_selftest" netlink family (uapi linux/lnet_selftest_genl.h).
 *
 *   con_rpc.c      one framework RPC to many nodes at once, bounded
 *   con_session.c  the console session, its node table, the pinger
 *   con_group.c    groups of nodes (make session on each node)
 *   con_batch.c    batches, their tests (test add), run/stop/query
 *   con_netlink.c  the netlink commands
 *
 * Everything is under con_mutex (commands, the pinger's bookkeeping); a
 * command's RPCs are sent with it held, each bounded by srpc_rpc_timeout;
 * the pinger's without it, to copies of the nodes.  Lock order: con_mutex ->
 * an RPC's wait-queue lock.
 */
#ifndef _LNET_CON_H
#define _LNET_CON_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <net/genetlink.h>
#include <linux/lnet_selftest_genl.h>
#include "srpc.h"

#define CON_MAX_GROUPS		64
#define CON_MAX_BATCHES		SFW_MAX_BATCHES
#define CON_MAX_TESTS		SFW_MAX_TESTS	/* per session, as a node takes */
#define CON_INFLIGHT		32	/* RPCs of one command in flight */
#define CON_PING_INTERVAL	20	/* seconds between keep-alives to the nodes */
#define CON_DEF_TIMEOUT		300	/* seconds a session lives without a command */

extern struct mutex con_mutex;

/* A node of the session: in one or more groups (@ngroups). */
struct con_node {
	struct list_head list;		/* on the session's */
	__u64 nid;
	unsigned int ngroups;
	__u8 state;			/* enum lst_node_state */
	bool joined;			/* our make session succeeded on it */
};

struct con_group {
	struct list_head list;
	char name[LST_NAME_SIZE];
	unsigned int nnodes;
	unsigned int users;		/* tests naming it */
	struct con_node **nodes;
};

struct con_test {
	struct list_head list;		/* on the batch's */
	unsigned int idx;		/* 1.. in its batch */
	struct con_group *from, *to;
	__u32 service;			/* SRPC_SERVICE_PING or _BRW */
	__u32 loop, concur, dist, span;
	struct srpc_test_bulk bulk;	/* brw: opc, flags, len (bytes), offset */
	/* internal (test add): */
	struct con_batch *batch;
	bool servers;			/* the servers' adds, then the clients' */
};

struct con_batch {
	struct list_head list;
	char name[LST_NAME_SIZE];
	__u64 bid;
	unsigned int ntests;
	struct list_head tests;
	bool running;			/* since run, until stop or an idle query */
};

struct con_session {
	struct lst_sid sid;
	char name[LST_NAME_SIZE];
	__u32 key;
	__u32 timeout;
	__u32 feats;
	__u32 node_timeout;		/* the shortest a node gave (s), 0: none */
	bool force;
	unsigned long touched;		/* jiffies of the last command */
	struct list_head nodes;
	unsigned int nnodes;
	struct list_head groups;
	unsigned int ngroups;
	struct list_head batches;
	unsigned int nbatches;
	unsigned int ntests;
	__u64 next_bid;
};

extern struct con_session *con_session;

/* con_rpc.c */

/* What one node answered: @rc 0 and @reply, or the -errno of no reply. */
struct con_result {
	struct con_node *nd;		/* internal: may be gone after the call */
	__u64 nid;
	__u8 state;			/* the node's after the call */
	int rc;
	struct srpc_msg reply;
	bool swab;
};

/*
 * Fill @rpc->req's body for @nd (index @i of the call), and for a test add
 * its @kiov/@niov/@len; return 0 or -errno (the node is then not asked and
 * its result is that error).
 */
typedef int (*con_prep_t)(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i,
			  void *arg);

/**
 * con_call() - send @service's request to @n nodes, CON_INFLIGHT at a time.
 * @res: @n results; a node that answers is active (unknown and not joined
 *	if it answers ESRCH: it lost our session), one that does not is down.
 * Return: 0, -ENOMEM, or -EINTR (a signal) / -ESHUTDOWN (con_stop()): the
 * RPCs were given up, their nodes' results are that error and their states
 * unchanged.  Every RPC is over when it returns.
 */
int con_call(struct con_node **nodes, unsigned int n, __u32 service, con_prep_t prep, void *arg,
	     struct con_result *res);
/* The same without con_mutex (the pinger): @nodes are the caller's own. */
int __con_call(struct con_node **nodes, unsigned int n, __u32 service, __u32 feats,
	       con_prep_t prep, void *arg, struct con_result *res);
/*
 * Module exit, before the family goes (its unregistering waits for running
 * commands under a lock all of generic netlink needs): running and later
 * calls give up.  con_unstop() once no command can run, to end the session.
 */
void con_stop(void);
void con_unstop(void);
bool con_stopped(void);
/* The reply status (the first field of every reply). */
__u32 con_reply_status(const struct con_result *r);

/* con_session.c (con_mutex held unless said) */
int con_session_new(const char *name, __u32 key, __u32 timeout, __u32 feats, bool force,
		    struct netlink_ext_ack *extack);
int con_session_check(__u32 key, struct netlink_ext_ack *extack);
/* End the session: remove it on the nodes (@res: nnodes results, may be NULL). */
int con_session_end(struct con_result *res, unsigned int *nres);
struct con_node *con_node_get(__u64 nid);
void con_node_timeout(__u32 timeout);
void con_node_put(struct con_node *nd);
void con_shutdown(void);	/* without con_mutex */

/* con_group.c */
struct con_group *con_group_find(const char *name);
int con_group_add(const char *name, const __u64 *nids, unsigned int n, struct con_result **res,
		  struct netlink_ext_ack *extack);
int con_group_del(const char *name, struct con_result **res, unsigned int *nres,
		  struct netlink_ext_ack *extack);
void con_group_free(struct con_group *g);

/* con_batch.c */
struct con_batch *con_batch_find(const char *name);
int con_batch_add(const char *name, struct netlink_ext_ack *extack);
int con_test_add(struct con_batch *b, struct con_test *t, struct con_result **res,
		 unsigned int *nres, struct netlink_ext_ack *extack);
int con_batch_op(struct con_batch *b, __u32 opc, __u32 testidx, bool servers, bool force,
		 struct con_result **res, unsigned int *nres);
/* The nodes a batch runs on: its clients, or its servers. */
unsigned int con_batch_nodes(struct con_batch *b, bool servers, struct con_node ***out);
void con_batch_free(struct con_batch *b);
int con_stat(struct con_group *g, struct con_result **res);

/* con_netlink.c: the console's commands of the family (selftest.c). */
extern struct genl_family lst_family;
#define CON_N_GENL_OPS	13
extern const struct genl_ops con_genl_ops[CON_N_GENL_OPS];

#endif /* _LNET_CON_H */
