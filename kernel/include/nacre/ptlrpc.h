/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RPC engine (ptlrpc.ko): requests and replies as LNet PUTs matched by
 * xid, bulk data moved by LNet GET/PUT into posted page vectors, services
 * with thread pools and request queues, client imports and server exports,
 * the pinger, adaptive timeouts, resend and the replay queue.
 *
 * Client side
 *   An obd_import is a connection to one target (named by its UUID) at one
 *   NID.  ptlrpc_import_new() + ptlrpc_import_connect() bring it to FULL;
 *   requests made with ptlrpc_request_new() go through ptlrpc_queue_wait().
 *   A request waits while its import is not FULL, is resent (same xid,
 *   MSG_RESENT) after a timeout and reconnect, and fails with -EIO when the
 *   client is evicted or the import is closed.
 *
 * Server side
 *   A ptlrpc_target is something clients connect to (an echo target, later
 *   an OST/MDT/MGS); services (portals + threads) carry requests to it.
 *   CONNECT, DISCONNECT and PING are handled here; every other opcode is
 *   dispatched through the target's handler slices with one request-context
 *   struct (the ptlrpc_request).  Each connected client has an obd_export.
 *
 * Lock order: imp->lock → req->lock; svc->lock → exp->lock; no LNet call is
 * made under any of them except lnet_md_unlink().
 */
#ifndef NACRE_PTLRPC_H
#define NACRE_PTLRPC_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/bvec.h>
#include <lnet/lib-lnet.h>
#include <nacre/lustre_msg.h>
#include <nacre/ptlrpc_pack.h>
#include <nacre/ptlrpc_bulk_ops.h>

struct obd_stats;
struct ldlm_lock;
struct ldlm_namespace;
struct ptlrpc_service;
struct ptlrpc_target;
struct obd_export;

#define OBD_NAME_MAX 128
/* Connect flags a Nacre server agrees to (the rest of an offer is cleared). */
#define NACRE_CONNECT_SUPPORTED (OBD_CONNECT_VERSION | OBD_CONNECT_AT | OBD_CONNECT_FULL20 | \
				 OBD_CONNECT_BULK_MBITS | OBD_CONNECT_BRW_SIZE | \
				 OBD_CONNECT_CANCELSET | OBD_CONNECT_IBITS | OBD_CONNECT_CKSUM)
/* What Nacre says it speaks in ocd_version: Lustre 2.16.1. */
#define NACRE_OCD_VERSION OBD_OCD_VERSION(2, 16, 1, 0)

/* Largest bulk per RPC (Lustre's PTLRPC_MAX_BRW_SIZE for 4 MiB RPCs). */
#define PTLRPC_MAX_BRW_SIZE	(4U << 20)
#define PTLRPC_MAX_BRW_PAGES	(PTLRPC_MAX_BRW_SIZE >> PAGE_SHIFT)
/* One LNet MD carries at most LNET_MAX_IOV pages: a bulk takes several
 * (rounded up: at least one, whatever the page size). */
#define PTLRPC_BULK_OPS_MAX	\
	PTLRPC_BULK_OPS_COUNT(PTLRPC_MAX_BRW_SIZE, PAGE_SHIFT, LNET_MAX_IOV)

/* Tunables (module parameters of ptlrpc, also under /sys/fs/lustre). */
extern unsigned int obd_timeout;	/* s: Lustre's "timeout", default 100 */
extern unsigned int ping_interval;	/* s: 0 = obd_timeout / 4 */
extern unsigned int at_min, at_max, at_history;	/* adaptive timeouts, s */
extern unsigned int max_exports;	/* per target: more connects are refused */

/* ------------------------------------------------------------------------
 * Adaptive timeouts (at.c): the worst value seen over at_history seconds,
 * kept in four bins like Lustre's.
 */
struct adaptive_timeout {
	spinlock_t lock;
	time64_t binstart;
	unsigned int bins[4];
	unsigned int current_est;	/* s */
};

void at_init(struct adaptive_timeout *at, unsigned int val);
void at_measured(struct adaptive_timeout *at, unsigned int val);
unsigned int at_get(const struct adaptive_timeout *at);
/* The time a client allows a service estimate: est * 1.25 + 5 s, clamped. */
unsigned int at_est2timeout(unsigned int est);

/* ------------------------------------------------------------------------
 * Bulk (bulk.c)
 */
enum ptlrpc_bulk_dir {
	BULK_GET_SOURCE,	/* client: the server GETs from us (a write) */
	BULK_PUT_SINK,		/* client: the server PUTs into us (a read) */
	BULK_GET_SINK,		/* server: we GET from the client (a write) */
	BULK_PUT_SOURCE,	/* server: we PUT to the client (a read) */
};

/**
 * struct ptlrpc_bulk - the pages of one RPC's bulk, as up to
 * PTLRPC_BULK_OPS_MAX LNet MDs of at most LNET_MAX_IOV pages each; MD i
 * is matched by mbits + i.
 */
struct ptlrpc_bulk {
	enum ptlrpc_bulk_dir dir;
	unsigned int portal;
	struct bio_vec *kiov;		/* the caller's, lives as long as the bulk */
	unsigned int niov;
	unsigned int nob;		/* bytes expected */
	u64 mbits;
	unsigned int nmd;
	struct lnet_handle_md mdh[PTLRPC_BULK_OPS_MAX];
	spinlock_t lock;
	unsigned int md_busy;		/* MDs not yet unlinked */
	unsigned int nob_done;		/* bytes moved */
	int status;			/* first failure */
	wait_queue_head_t wq;
};

struct ptlrpc_bulk *ptlrpc_bulk_new(enum ptlrpc_bulk_dir dir, unsigned int portal,
				    struct bio_vec *kiov, unsigned int niov);
void ptlrpc_bulk_free(struct ptlrpc_bulk *bulk);
/* crc32c of the first @nob bytes of a page vector. */
u32 ptlrpc_bulk_cksum(const struct bio_vec *kiov, unsigned int niov, unsigned int nob);
/* The same with any algorithm of nacre/obd_cksum.h (an OBD_CKSUM_* bit). */
u32 ptlrpc_bulk_cksum_type(u32 type, const struct bio_vec *kiov, unsigned int niov,
			  unsigned int nob);

/* ------------------------------------------------------------------------
 * Imports (import.c) and requests (client.c)
 */
enum lustre_imp_state {
	LUSTRE_IMP_NEW,
	LUSTRE_IMP_CONNECTING,
	LUSTRE_IMP_FULL,
	LUSTRE_IMP_DISCONN,
	LUSTRE_IMP_EVICTED,
	LUSTRE_IMP_CLOSED,
};
const char *ptlrpc_import_state_name(enum lustre_imp_state s);

/**
 * struct obd_import - a client's connection to one target.
 * @target_uuid: what the server's connect handler looks for
 * @client_uuid: who we are (one per import owner, random)
 * @peer_nid:    the server's NID (classic)
 * @req_portal, @rep_portal: where requests go, where replies come back
 * @connect_op:  OST_CONNECT, MDS_CONNECT, MGS_CONNECT ...
 * @ocd:         what we offer on connect; after it, what was agreed
 * @remote_handle: the server's export cookie, sent in every request
 * @conn_cnt:    connect attempts so far (pb_conn_cnt)
 * @instance:    the server's ocd_instance at the last connect: a new one
 *               means the server restarted (resend), the same one with a
 *               new export handle means we were evicted
 * @sending:     requests sent and waiting for a reply (resent on reconnect)
 * @delayed:     requests waiting for the import to become FULL
 * @replay:      replied requests with a transno not yet committed
 */
struct obd_import {
	struct kref ref;
	spinlock_t lock;
	wait_queue_head_t wq;		/* state changes */
	struct mutex connect_mutex;	/* one connect at a time */
	enum lustre_imp_state state;
	char name[OBD_NAME_MAX];
	struct obd_uuid target_uuid;
	struct obd_uuid client_uuid;
	u64 peer_nid;
	unsigned int req_portal;
	unsigned int rep_portal;
	u32 connect_op;
	u32 msg_version;		/* LUSTRE_OST_VERSION ... */
	struct obd_connect_data ocd;
	struct obd_connect_data ocd_offer;
	struct lustre_handle remote_handle;
	struct lustre_handle conn_handle;	/* ours, sent in every connect (buffer 3):
					 * the server puts it in its callbacks */
	u32 conn_cnt;
	u32 instance;
	u64 last_committed;
	u64 peer_committed_xid;		/* highest xid replied with all below */
	time64_t last_send;		/* for the pinger */
	unsigned int evictions;
	unsigned int reconnects;
	bool pingable;
	bool reverse;			/* server to client: always FULL, never connects */
	bool ping_busy;			/* a ping is in flight */
	bool deactivated;
	struct list_head sending;
	struct list_head delayed;
	struct list_head unreplied;	/* requests from first send to done, by xid */
	struct list_head replay;
	struct list_head pinger_list;
	struct work_struct reconnect_work;
	struct adaptive_timeout at_net;	/* network latency */
	struct adaptive_timeout at_svc;	/* service time */
	struct obd_stats *stats;	/* per opcode + req_waittime ... */
	void (*evicted_cb)(struct obd_import *imp, void *arg);	/* invalidate caches */
	void *cb_arg;
};

struct obd_import *ptlrpc_import_new(const char *name, const char *target_uuid, u64 peer_nid,
				     unsigned int req_portal, unsigned int rep_portal,
				     u32 connect_op, u32 msg_version,
				     const struct obd_connect_data *offer);
int ptlrpc_import_connect(struct obd_import *imp, bool wait);
/* A server's import to a client (for lock callbacks): FULL from the start,
 * never connects or reconnects; a failed request just fails. */
struct obd_import *ptlrpc_reverse_import_new(const char *name, u64 peer_nid,
					     unsigned int req_portal, unsigned int rep_portal,
					     u32 msg_version);
/* Disconnect (sends *_DISCONNECT when FULL), fail what is pending, CLOSED. */
void ptlrpc_import_close(struct obd_import *imp, u32 disconnect_op);
/* Fail everything pending on @imp with -EIO and refuse new requests (the
 * owner is going away); ptlrpc_import_close() still follows. */
void ptlrpc_import_deactivate(struct obd_import *imp);
void ptlrpc_import_put(struct obd_import *imp);
static inline void ptlrpc_import_get(struct obd_import *imp)
{
	kref_get(&imp->ref);
}
/* The "import" parameter text (Lustre's YAML-like block). */
int ptlrpc_import_show(struct obd_import *imp, struct seq_file *m);
/* A request timed out or the connection looks dead: reconnect later. */
void ptlrpc_import_fail(struct obd_import *imp, u32 conn_cnt);

/**
 * struct ptlrpc_request - one RPC; on the client from ptlrpc_request_new()
 * to ptlrpc_request_put(), on the server from arrival to the reply sent.
 * It is also the request context passed to every server handler.
 */
struct ptlrpc_request {
	struct kref ref;
	spinlock_t lock;
	struct list_head list;		/* import sending/delayed/replay, service queue */
	struct list_head unreplied_link;	/* imp->unreplied */
	u64 xid;
	u32 opc;
	struct lustre_msg_v2 *reqmsg;
	u32 reqlen;
	struct lustre_msg_v2 *repmsg;	/* client: the received reply, checked */
	u32 replen;			/* client: reply buffer size; server: reply length */
	u64 transno;
	int status;			/* transport outcome, then pb_status */

	/* client */
	struct obd_import *imp;
	unsigned int portal;		/* where it goes: imp->req_portal unless set */
	unsigned int rep_portal;	/* where the reply comes: imp->rep_portal unless set */
	struct lnet_handle_md req_mdh, rep_mdh;
	wait_queue_head_t wq;
	void *repbuf;
	u32 repbuf_len;
	u32 rep_mlen;			/* bytes the reply put in repbuf */
	u32 rep_rlength;		/* the size of a reply that did not fit */
	bool rep_grown;
	u32 conn_cnt;			/* the connection it was sent on */
	ktime_t sent_at;
	time64_t deadline;
	unsigned int timeout;		/* s */
	bool req_unlinked, rep_unlinked;
	bool replied, timedout, resend, intr, no_resend, no_delay, is_connect, is_replay;
	int send_status;
	struct ptlrpc_bulk *bulk;

	/* server */
	struct ptlrpc_service *svc;
	struct ptlrpc_rqbd *rqbd;	/* the buffer the request arrived in */
	struct obd_export *exp;
	u64 peer_nid;
	u32 peer_pid;
	ktime_t arrival;
	void *rep_buf;			/* the reply being built */
	u32 rep_buflen;
	bool reply_sent;
};

/**
 * ptlrpc_request_new() - a request for @opc on @imp with @count buffers of
 * @lens bytes (buffer 0 is the ptlrpc_body; its length is filled in).  The
 * body's type, version, opcode, handle and xid are set; the caller fills
 * buffers 1.. and calls ptlrpc_request_set_replen() with the reply shape.
 */
struct ptlrpc_request *ptlrpc_request_new(struct obd_import *imp, u32 opc, u32 count,
					  const u32 *lens);
int ptlrpc_request_set_replen(struct ptlrpc_request *req, u32 count, const u32 *lens);
/* Attach a bulk to be moved with this request (client side). */
int ptlrpc_request_set_bulk(struct ptlrpc_request *req, enum ptlrpc_bulk_dir dir,
			    unsigned int portal, struct bio_vec *kiov, unsigned int niov);
/**
 * ptlrpc_queue_wait() - send @req and wait for its reply.  Return: the
 * reply's status (pb_status, >= 0 on success, -errno from the server), or
 * -ETIMEDOUT/-EIO/-EINTR/-ENOTCONN from the transport; on success
 * req->repmsg is the checked reply.
 */
int ptlrpc_queue_wait(struct ptlrpc_request *req);
void ptlrpc_request_put(struct ptlrpc_request *req);
static inline struct ptlrpc_body *ptlrpc_req_body(struct ptlrpc_request *req)
{
	return lustre_msg_body(req->reqmsg);
}
static inline struct ptlrpc_body *ptlrpc_rep_body(struct ptlrpc_request *req)
{
	return lustre_msg_body(req->repmsg);
}

/* ------------------------------------------------------------------------
 * Services (service.c)
 */
struct ptlrpc_service_conf {
	const char *name;		/* "ost", "ost_io", "ldlm_cbd" ... */
	unsigned int req_portal;
	unsigned int rep_portal;
	unsigned int bulk_portal;	/* where clients post their bulk pages */
	unsigned int buf_size;		/* largest request accepted */
	unsigned int nbufs;		/* request buffers posted at start */
	unsigned int threads_min, threads_max;	/* 0: by CPU count */
	int (*handler)(struct ptlrpc_request *req);	/* returns after replying */
};

/**
 * struct ptlrpc_service - a portal with posted request buffers, a queue
 * (FIFO policy) and a pool of threads that take requests off it.
 */
struct ptlrpc_service {
	struct ptlrpc_service_conf conf;
	struct list_head list;		/* all services */
	spinlock_t lock;
	struct list_head queue;		/* requests waiting for a thread */
	wait_queue_head_t waitq;	/* threads */
	unsigned int nqueued;
	unsigned int nactive;
	unsigned int nrqbd, nrqbd_posted;
	struct list_head rqbds;		/* all request buffers */
	struct work_struct grow_work;
	unsigned int nthreads;
	struct task_struct **threads;
	bool stopping;
	u64 nreqs, ndropped;
	struct obd_stats *stats;
	struct kobject kobj;		/* /sys/fs/lustre/ptlrpc/services/<name> */
	struct dentry *debugfs;
};

struct ptlrpc_service *ptlrpc_service_start(const struct ptlrpc_service_conf *conf);
void ptlrpc_service_stop(struct ptlrpc_service *svc);

/* Server side, from a handler: build the reply (@count buffers of @lens;
 * buffer 0 is the body), then send it (or an error reply). */
int ptlrpc_reply_new(struct ptlrpc_request *req, u32 count, const u32 *lens);
void *ptlrpc_reply_buf(struct ptlrpc_request *req, u32 n, u32 min_size);
int ptlrpc_reply(struct ptlrpc_request *req);
int ptlrpc_error(struct ptlrpc_request *req, int rc);
/* No reply at all (a failed bulk): the client resends, the resend runs. */
void ptlrpc_drop_request(struct ptlrpc_request *req);
/* Move a bulk with the client (BULK_GET_SINK / BULK_PUT_SOURCE); waits up to
 * obd_timeout.  Return: 0, -ETIMEDOUT, -ECONNABORTED, -EIO. */
int ptlrpc_server_bulk(struct ptlrpc_request *req, enum ptlrpc_bulk_dir dir,
		       struct bio_vec *kiov, unsigned int niov, unsigned int nob);

/* ------------------------------------------------------------------------
 * Targets and exports (target.c, export.c)
 */
struct tgt_handler {
	u32 opc;
	int (*fn)(struct ptlrpc_request *req);	/* replies itself; returns 0 */
};

/* A run of handlers for opcodes [first, last], indexed by opc - first. */
struct tgt_slice {
	u32 first, last;
	const struct tgt_handler *handlers;
};

struct ptlrpc_target_ops {
	/* A client connects (new export): fill @reply from @req (the
	 * client's offer, already copied into @reply); an error refuses. */
	int (*connect)(struct ptlrpc_target *tgt, struct obd_export *exp,
		       struct obd_connect_data *reply);
	/* The export goes (disconnect or eviction): drop what it holds. */
	void (*disconnect)(struct ptlrpc_target *tgt, struct obd_export *exp, bool evicted);
	/* Optional: an LDLM_ENQUEUE with an intent (LDLM_FL_HAS_INTENT, a
	 * struct ldlm_intent in buffer 2) was enqueued as @lock, granted or
	 * waiting; execute the intent.  It may build the reply itself
	 * (ptlrpc_reply_new(), buffer 1 a struct ldlm_reply, which the DLM
	 * glue fills in but for lock_policy_res1/2) or leave it to the glue
	 * ([body, ldlm_reply]).  Return 0 to keep the lock, ELDLM_LOCK_ABORTED
	 * (nacre/ldlm_rpc.h) to drop it and answer that status, -errno to
	 * refuse the enqueue.  NULL: intent enqueues get -EOPNOTSUPP. */
	int (*intent_policy)(struct ptlrpc_target *tgt, struct ptlrpc_request *req,
			     struct ldlm_lock *lock);
};

/**
 * struct ptlrpc_target - what clients connect to.  @instance changes each
 * time the target starts (clients tell a restart from an eviction by it).
 */
struct ptlrpc_target {
	char name[OBD_NAME_MAX];
	struct obd_uuid uuid;
	u32 msg_version;
	const struct tgt_slice *slices;	/* ends with an empty slice */
	const struct ptlrpc_target_ops *ops;
	struct ldlm_namespace *ns;
	void *private;
	/* private */
	struct list_head list;
	spinlock_t lock;
	struct list_head exports;
	unsigned int nexports;
	/* Serializes connects: one export per client UUID, and the bound
	 * (max_exports) is checked and taken in one step. */
	struct mutex connect_mutex;
	u32 instance;
	u64 last_committed;
	u64 evictions;
	atomic_t active;		/* requests and connects using it */
	wait_queue_head_t waitq;
};

int ptlrpc_target_register(struct ptlrpc_target *tgt);
/* Evicts every export (their disconnect ops run) and waits for them. */
void ptlrpc_target_unregister(struct ptlrpc_target *tgt);
/* The service handler for target services: connect/disconnect/ping here,
 * the rest through the target's slices. */
int tgt_request_handle(struct ptlrpc_request *req);

/**
 * struct obd_export - a connected client, as the server sees it.  Found
 * from the pb_handle of each request (the cookie is random).
 */
struct obd_export {
	struct kref ref;
	struct hlist_node hash;		/* by cookie */
	struct list_head tgt_list;
	struct ptlrpc_target *tgt;
	struct lustre_handle handle;
	struct lustre_handle client_handle;	/* the client's connect handle (buffer 3) */
	struct obd_uuid client_uuid;
	u64 peer_nid;
	u32 conn_cnt;
	struct obd_connect_data ocd;
	spinlock_t lock;
	struct list_head lru_link;	/* export_lru, by last_request */
	time64_t last_request;		/* for the ping evictor (export_lru_lock) */
	u64 last_xid;			/* pb_last_xid: replies below are acked */
	struct list_head replies;	/* saved replies for resends */
	unsigned int nreplies;
	bool failed;			/* evicted or disconnected */
	struct obd_import *rev_imp;	/* lock callbacks; exp->lock, see ldlm_ast.c */
	void *private;			/* the target's */
};

#if IS_ENABLED(CONFIG_NACRE_SERVER)
void ptlrpc_export_put(struct obd_export *exp);
#else
/* Client-only builds have no targets, hence no exports. */
static inline void ptlrpc_export_put(struct obd_export *exp)
{
	WARN_ON_ONCE(exp);
}
#endif
static inline void ptlrpc_export_get(struct obd_export *exp)
{
	kref_get(&exp->ref);
}
/* Evict: no more requests from it, its locks and state dropped. */
void ptlrpc_export_evict(struct obd_export *exp, const char *why);
/* Its client was heard from (the evictor's clock restarts). */
void ptlrpc_export_touch(struct obd_export *exp);

/* pinger.c */
unsigned int ptlrpc_ping_interval(void);
void ptlrpc_pinger_add(struct obd_import *imp);
void ptlrpc_pinger_del(struct obd_import *imp);
int ptlrpc_pinger_init(void);
void ptlrpc_pinger_fini(void);

/* Debug log through obdclass. */
#define RPC_DLOG(fmt, ...) OBD_DLOG("ptlrpc", fmt, ##__VA_ARGS__)

#endif /* NACRE_PTLRPC_H */
