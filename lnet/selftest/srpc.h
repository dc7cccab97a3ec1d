/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The srpc test node: what lnet_selftest.ko does for a Lustre "lst"
 * console (the wire format is lnet/srpc_wire.h).
 *
 *   srpc_service.c      request buffers on portals 51 (framework) and 50
 *                       (tests), the dispatch table, replies, server bulk
 *   srpc_framework.c    the session and the framework services
 *   srpc_test_server.c  the ping and brw servers
 *   srpc_client.c       one RPC this node sends (a test client's)
 *   srpc_batch.c        a running test: its RPCs in flight, its counts
 *
 * Lock order: sfw_mutex (framework state; may sleep) -> a test's lock
 * (spinlock, its RPC slots).  No event handler takes either.
 */
#ifndef _LNET_SRPC_H
#define _LNET_SRPC_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <lnet/lib-lnet.h>
#include <lnet/srpc_wire.h>

/* Bounds against a hostile console or peer (Nacre's; Lustre has fewer). */
#define SFW_MAX_BATCHES		32	/* per session */
#define SFW_MAX_TESTS		16	/* per session */
#define SFW_MAX_SESSION_DESTS	(2 * SRPC_ID_PER_PAGE * 64)	/* destinations, all tests */
#define SFW_MAX_INFLIGHT	64	/* a test's RPCs in flight */
#define SFW_BRW_BUDGET		(4U << 20)	/* a brw test's bulk buffers, bytes */
#define SRPC_MAX_REPLIES	256	/* replies queued in LNet at once */

extern unsigned int srpc_rpc_timeout;		/* seconds */
extern unsigned int srpc_session_timeout;	/* seconds */

/* srpc_service.c: counters (Lustre's srpc_counters). */
struct srpc_stats {
	atomic_t errors;
	atomic_t rpcs_sent;
	atomic_t rpcs_rcvd;
	atomic_t rpcs_dropped;
	atomic_t rpcs_expired;
	atomic64_t bulk_get;
	atomic64_t bulk_put;
};
extern struct srpc_stats srpc_stats;

/**
 * struct srpc_server_rpc - one request being served.
 * @req:   the decoded request
 * @swab:  the requester is byte-swapped
 * @nid, @pid: the requester
 * @reply: the handler fills the body; type and features are set for it
 */
struct srpc_server_rpc {
	struct srpc_msg req;
	bool swab;
	__u64 nid;
	__u32 pid;
	__u32 service;
	struct srpc_msg reply;
};

/*
 * A service's handler, called in process context (a work item; framework
 * requests one at a time).  Return 0 to send @rpc->reply, -EPROTO to drop
 * the request without a reply (counted in rpcs_dropped).
 */
typedef int (*srpc_handler_t)(struct srpc_server_rpc *rpc);

/* Move @len bytes of bulk between @kiov and the requester's buffer
 * @bulkid (GET: fetch it; PUT: send it), waiting for the end.
 * Return: 0, or -errno (-ETIMEDOUT after srpc_rpc_timeout).
 */
int srpc_server_bulk(struct srpc_server_rpc *rpc, __u64 bulkid, struct bio_vec *kiov,
		     unsigned int niov, unsigned int len, bool get);

__u64 srpc_next_id(void);
void srpc_drop(const char *why, __u64 nid, __u32 service);

int srpc_services_start(void);
void srpc_services_stop(void);

/* srpc_framework.c */
int sfw_make_session(struct srpc_server_rpc *rpc);
int sfw_remove_session(struct srpc_server_rpc *rpc);
int sfw_debug(struct srpc_server_rpc *rpc);
int sfw_batch(struct srpc_server_rpc *rpc);
int sfw_add_test(struct srpc_server_rpc *rpc);
int sfw_query_stat(struct srpc_server_rpc *rpc);
void sfw_shutdown(void);

/* srpc_test_server.c */
int srpc_ping_serve(struct srpc_server_rpc *rpc);
int srpc_brw_serve(struct srpc_server_rpc *rpc);
/* The brw pattern over each page of a bulk. */
void srpc_bulk_fill(struct bio_vec *kiov, unsigned int niov, __u32 flags, __u64 magic);
int srpc_bulk_check(struct bio_vec *kiov, unsigned int niov, __u32 flags, __u64 magic);

/* srpc_client.c */

/**
 * struct srpc_client_rpc - one RPC this node sends to a test service.
 * Set by the caller before srpc_client_start(): @nid, @pid, @service,
 * @req (body, except the match bits), @feats, and for brw @kiov/@niov/@len
 * (@sink: the server PUTs into it, a read), and @wq, woken on every event
 * under its lock after @events is bumped.  After srpc_client_idle() is true, srpc_client_finish()
 * gives the result and the RPC may be reused at once (no handler touches it
 * after the last MD is gone, only @wq and @events); taking @wq's lock once
 * then means no handler still uses those (before freeing them).
 */
struct srpc_client_rpc {
	__u64 nid;
	__u32 pid;
	__u32 service;
	__u32 feats;
	struct srpc_msg req;
	struct bio_vec *kiov;
	unsigned int niov;
	unsigned int len;
	bool sink;
	wait_queue_head_t *wq;
	atomic_t *events;

	/* Internal. */
	__u8 reqbuf[SRPC_MSG_SIZE];
	__u8 rplbuf[SRPC_MSG_SIZE];
	struct lnet_handle_md req_mdh, rpl_mdh, bulk_mdh;
	atomic_t mds;			/* MDs not yet unlinked */
	unsigned long deadline;		/* jiffies */
	int status;			/* first transport error */
	bool replied;
	bool bulk_done;
	bool expired;
	unsigned int rpl_len;
	unsigned int bulk_len;		/* bytes the server moved */
};

int srpc_client_start(struct srpc_client_rpc *rpc);
bool srpc_client_idle(struct srpc_client_rpc *rpc);
/* Between start and idle: expire at the deadline, drop a bulk a failed
 * reply will never be followed by.  @abort: give up now.
 */
void srpc_client_poll(struct srpc_client_rpc *rpc, bool abort);
/* 0 and the decoded @reply (@swab: the server is swapped), or -errno. */
int srpc_client_finish(struct srpc_client_rpc *rpc, struct srpc_msg *reply, bool *swab);

/* srpc_framework.c: the session, its batches and tests (sfw_mutex). */
struct sfw_session {
	struct lst_sid sid;
	char name[LST_NAME_SIZE];
	__u32 feats;			/* LST_FEAT_*, fixed at make session */
	unsigned int refs;		/* make session calls with this id */
	ktime_t started;
	atomic_t brw_errors;		/* by the running tests */
	atomic_t ping_errors;
	struct list_head batches;
	unsigned int nbatches;
	unsigned int ntests;
	unsigned int ndests;
};

struct sfw_batch {
	struct list_head list;		/* on the session's */
	__u64 bid;
	struct list_head tests;
	unsigned int ntests;
};

struct srpc_dest {
	__u64 nid;
	__u32 pid;
};

/**
 * struct sfw_test - one test of a batch, as the test add gave it.
 * A client test runs in its own thread (srpc_batch.c) from batch run until
 * its RPCs are done or it is stopped; a server test is only recorded (the
 * ping and brw servers always serve).
 */
struct sfw_test {
	struct list_head list;		/* on the batch's */
	struct sfw_session *sn;
	__u32 service;
	__u32 loop;
	__u32 concur;
	__u32 feats;
	bool is_client;
	bool stop_onerr;
	union {
		struct srpc_test_ping ping;
		struct srpc_test_bulk bulk;
	} u;
	__u32 ndest;
	struct srpc_dest *dests;

	/* A run: @running (sfw_mutex) from start until sfw_test_wait(). */
	bool running;
	atomic_t active;		/* 1 while its thread runs: batch query */
	bool stop;			/* WRITE_ONCE: end the run */
	bool abort;			/* ... and give up the RPCs in flight */
	wait_queue_head_t wq;
	atomic_t events;		/* bumped by its RPCs' events */
	struct completion done;		/* its thread has exited */
	__u32 seq;			/* ping sequence */
};

/* srpc_batch.c */
int sfw_test_start(struct sfw_test *t);
void sfw_test_stop(struct sfw_test *t, bool abort);
void sfw_test_wait(struct sfw_test *t);

#endif /* _LNET_SRPC_H */
