// SPDX-License-Identifier: GPL-2.0
/*
 * srpc services: the request side of the test node.
 *
 * Each of the two request portals (51 framework, 50 tests) has a pool of
 * one-frame buffers, one LNet MD each, matching any match bits and taking
 * one PUT.  The event handler (atomic) only queues the buffer's work item;
 * the work decodes the frame with the codec, looks the service (the match
 * bits) up in one table, checks that the portal and message type are that
 * service's, calls the handler, PUTs the reply to the requester's buffer on
 * SRPC_RDMA_PORTAL and reposts the buffer.  A frame that fails any of this
 * is dropped with a rate-limited message and counted (rpcs_dropped), as
 * Lustre drops what it cannot parse.
 *
 * Framework requests run one at a time (an ordered workqueue: the session
 * state needs no finer locking against itself); test requests run at most
 * SRPC_TEST_WORKERS at once, which bounds the bulk memory a flood of brw
 * requests can pin.  The pools bound the requests held; replies queued in
 * LNet are bounded by SRPC_MAX_REPLIES (the excess is dropped).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "srpc.h"

#define SRPC_FW_BUFFERS		16
#define SRPC_TEST_BUFFERS	128
#define SRPC_TEST_WORKERS	8

unsigned int srpc_rpc_timeout = 64;
module_param_named(rpc_timeout, srpc_rpc_timeout, uint, 0644);
MODULE_PARM_DESC(rpc_timeout, "seconds a test RPC or a server bulk may take");

struct srpc_stats srpc_stats;

static atomic64_t srpc_ids;
static atomic_t srpc_replies = ATOMIC_INIT(0);	/* reply frames in LNet */
static DECLARE_WAIT_QUEUE_HEAD(srpc_replies_wq);

struct srpc_pool;

struct srpc_buffer {
	struct srpc_pool *pool;
	struct work_struct work;
	struct lnet_handle_md mdh;
	bool posted;			/* pool->lock: its MD is on the portal */
	unsigned int len;
	__u64 match_bits;
	__u64 nid;
	__u32 pid;
	__u8 frame[SRPC_MSG_SIZE];
};

struct srpc_pool {
	unsigned int portal;
	unsigned int nbuf;
	struct workqueue_struct *wq;
	spinlock_t lock;
	bool stopping;
	atomic_t live;			/* buffers posted or being served */
	wait_queue_head_t idle;
	struct srpc_buffer *bufs;
};

static struct srpc_pool srpc_pools[2] = {
	{ .portal = SRPC_FRAMEWORK_PORTAL, .nbuf = SRPC_FW_BUFFERS },
	{ .portal = SRPC_REQUEST_PORTAL, .nbuf = SRPC_TEST_BUFFERS },
};

static const srpc_handler_t srpc_handlers[SRPC_SERVICE_MAX_ID + 1] = {
	[SRPC_SERVICE_DEBUG] = sfw_debug,
	[SRPC_SERVICE_MAKE_SESSION] = sfw_make_session,
	[SRPC_SERVICE_REMOVE_SESSION] = sfw_remove_session,
	[SRPC_SERVICE_BATCH] = sfw_batch,
	[SRPC_SERVICE_TEST] = sfw_add_test,
	[SRPC_SERVICE_QUERY_STAT] = sfw_query_stat,
	[SRPC_SERVICE_BRW] = srpc_brw_serve,
	[SRPC_SERVICE_PING] = srpc_ping_serve,
};

__u64 srpc_next_id(void)
{
	return atomic64_inc_return(&srpc_ids);
}

void srpc_drop(const char *why, __u64 nid, __u32 service)
{
	atomic_inc(&srpc_stats.rpcs_dropped);
	pr_warn_ratelimited("dropped a request for service %u from 0x%llx: %s\n", service, nid,
			    why);
}

static void buffer_finish(struct srpc_pool *pool)
{
	if (atomic_dec_and_test(&pool->live))
		wake_up(&pool->idle);
}

static void request_event(const struct lnet_event *ev)
{
	struct srpc_buffer *buf = ev->user_ptr;
	struct srpc_pool *pool = buf->pool;
	bool queue;

	if (ev->type == LNET_EVENT_PUT && !ev->status) {
		buf->len = ev->mlength;
		buf->match_bits = ev->match_bits;
		buf->nid = ev->initiator_nid;
		buf->pid = ev->initiator_pid;
	} else if (ev->type == LNET_EVENT_PUT) {
		buf->len = 0;	/* failed half way: just repost */
	}
	if (!ev->unlinked)
		return;
	spin_lock(&pool->lock);
	buf->posted = false;
	queue = !pool->stopping;
	spin_unlock(&pool->lock);
	if (queue)
		queue_work(pool->wq, &buf->work);
	else
		buffer_finish(pool);
}

/* Put @buf on its portal again; false when the pool stops (or LNet says no). */
static bool buffer_post(struct srpc_buffer *buf)
{
	struct srpc_pool *pool = buf->pool;
	struct lnet_match match = {
		.portal = pool->portal,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
		.ignore_bits = ~0ULL,
	};
	struct lnet_md_desc desc = {
		.start = buf->frame,
		.length = SRPC_MSG_SIZE,
		.threshold = 1,
		.options = LNET_MD_OP_PUT | LNET_MD_TRUNCATE,
		.handler = request_event,
		.user_ptr = buf,
	};
	int rc;

	spin_lock(&pool->lock);
	if (pool->stopping) {
		spin_unlock(&pool->lock);
		return false;
	}
	buf->posted = true;
	buf->len = 0;
	spin_unlock(&pool->lock);
	rc = lnet_md_attach(&match, &desc, &buf->mdh);
	if (rc) {
		spin_lock(&pool->lock);
		buf->posted = false;
		spin_unlock(&pool->lock);
		pr_warn_ratelimited("portal %u: cannot repost a request buffer (%d)\n",
				    pool->portal, rc);
		return false;
	}
	return true;
}

static void reply_event(const struct lnet_event *ev)
{
	if (!ev->unlinked)
		return;
	kfree(ev->user_ptr);
	if (atomic_dec_and_test(&srpc_replies))
		wake_up(&srpc_replies_wq);
}

/* PUT @rpc's reply to the requester's reply buffer. */
static void send_reply(struct srpc_server_rpc *rpc, __u64 rpyid)
{
	struct lnet_md_desc desc = {
		.length = SRPC_MSG_SIZE,
		.threshold = 1,
		.handler = reply_event,
	};
	struct lnet_handle_md mdh;
	void *frame;
	int rc;

	if (atomic_inc_return(&srpc_replies) > SRPC_MAX_REPLIES) {
		srpc_drop("too many replies queued", rpc->nid, rpc->service);
		goto unqueue;
	}
	frame = kmalloc(SRPC_MSG_SIZE, GFP_KERNEL);
	if (!frame)
		goto unqueue;
	if (srpc_msg_encode(&rpc->reply, frame, false) < 0) {
		WARN_ON_ONCE(1);
		kfree(frame);
		goto unqueue;
	}
	desc.start = frame;
	desc.user_ptr = frame;
	rc = lnet_md_bind(&desc, &mdh);
	if (rc) {
		kfree(frame);
		goto unqueue;
	}
	rc = lnet_put(mdh, false, rpc->nid, rpc->pid, SRPC_RDMA_PORTAL, rpyid, 0);
	if (rc) {
		atomic_inc(&srpc_stats.errors);
		lnet_md_unlink(mdh);	/* frees the frame */
	}
	return;
unqueue:
	if (atomic_dec_and_test(&srpc_replies))
		wake_up(&srpc_replies_wq);
}

/* The reply match bits: every request's first body field. */
static __u64 request_rpyid(const struct srpc_msg *m)
{
	switch (m->type) {
	case SRPC_MSG_MKSN_REQST:
		return m->body.mksn_reqst.rpyid;
	case SRPC_MSG_RMSN_REQST:
		return m->body.rmsn_reqst.rpyid;
	case SRPC_MSG_BATCH_REQST:
		return m->body.bat_reqst.rpyid;
	case SRPC_MSG_STAT_REQST:
		return m->body.stat_reqst.rpyid;
	case SRPC_MSG_TEST_REQST:
		return m->body.tes_reqst.rpyid;
	case SRPC_MSG_DEBUG_REQST:
		return m->body.dbg_reqst.rpyid;
	case SRPC_MSG_BRW_REQST:
		return m->body.brw_reqst.rpyid;
	case SRPC_MSG_PING_REQST:
		return m->body.ping_reqst.rpyid;
	}
	return 0;
}

static void serve(struct srpc_buffer *buf)
{
	struct srpc_pool *pool = buf->pool;
	struct srpc_server_rpc *rpc;
	const char *why = "malformed frame";
	__u64 service = buf->match_bits;
	srpc_handler_t handler;

	if (!buf->len)
		return;
	atomic_inc(&srpc_stats.rpcs_rcvd);
	if (service > SRPC_SERVICE_MAX_ID || !srpc_handlers[service]) {
		srpc_drop("no such service", buf->nid, (__u32)service);
		return;
	}
	if (srpc_service_portal(service) != pool->portal) {
		srpc_drop("service not on this portal", buf->nid, (__u32)service);
		return;
	}
	rpc = kzalloc(sizeof(*rpc), GFP_KERNEL);
	if (!rpc) {
		srpc_drop("out of memory", buf->nid, (__u32)service);
		return;
	}
	rpc->nid = buf->nid;
	rpc->pid = buf->pid;
	rpc->service = service;
	if (srpc_msg_decode(buf->frame, buf->len, &rpc->req, &rpc->swab, &why)) {
		srpc_drop(why, buf->nid, rpc->service);
		goto out;
	}
	if (rpc->req.type != srpc_service_reqst_type(rpc->service)) {
		srpc_drop("message type is not the service's", buf->nid, rpc->service);
		goto out;
	}
	rpc->reply.type = rpc->req.type + 1;
	rpc->reply.ses_feats = rpc->req.ses_feats;
	handler = srpc_handlers[service];
	if (handler(rpc)) {
		srpc_drop("refused by its service", buf->nid, rpc->service);
		goto out;
	}
	send_reply(rpc, request_rpyid(&rpc->req));
out:
	kfree(rpc);
}

static void buffer_work(struct work_struct *work)
{
	struct srpc_buffer *buf = container_of(work, struct srpc_buffer, work);

	serve(buf);
	if (!buffer_post(buf))
		buffer_finish(buf->pool);
}

/* A server bulk in progress (on srpc_server_bulk()'s stack). */
struct srpc_bulk_wait {
	struct completion done;
	int status;
	unsigned int mlength;		/* a GET's REPLY brought */
	unsigned int sent;		/* a PUT sent */
	bool replied;
};

static void bulk_event(const struct lnet_event *ev)
{
	struct srpc_bulk_wait *w = ev->user_ptr;

	if (ev->status && !w->status)
		w->status = ev->status;
	if (ev->type == LNET_EVENT_REPLY && !ev->status) {
		w->replied = true;
		w->mlength = ev->mlength;
	}
	/* A GET's SEND may come after its REPLY (a zero-copy send ends late). */
	if (ev->type == LNET_EVENT_SEND && !ev->status)
		w->sent = ev->mlength;
	if (ev->unlinked)
		complete(&w->done);
}

int srpc_server_bulk(struct srpc_server_rpc *rpc, __u64 bulkid, struct bio_vec *kiov,
		     unsigned int niov, unsigned int len, bool get)
{
	struct srpc_bulk_wait w = { .status = 0 };
	struct lnet_md_desc desc = {
		.kiov = kiov,
		.niov = niov,
		.threshold = get ? 2 : 1,	/* SEND, and the REPLY of a GET */
		.handler = bulk_event,
		.user_ptr = &w,
	};
	struct lnet_handle_md mdh;
	int rc;

	init_completion(&w.done);
	rc = lnet_md_bind(&desc, &mdh);
	if (rc)
		return rc;
	if (get)
		rc = lnet_get(mdh, rpc->nid, rpc->pid, SRPC_RDMA_PORTAL, bulkid);
	else
		rc = lnet_put(mdh, false, rpc->nid, rpc->pid, SRPC_RDMA_PORTAL, bulkid, 0);
	if (rc) {
		lnet_md_unlink(mdh);
		wait_for_completion(&w.done);
		return rc;
	}
	if (!wait_for_completion_timeout(&w.done, srpc_rpc_timeout * HZ)) {
		/* The requester does not move its bulk: give the MD up.  It
		 * goes when the driver lets the message go (bounded by the
		 * LND's own timeout).
		 */
		lnet_md_unlink(mdh);
		wait_for_completion(&w.done);
		return w.status ?: -ETIMEDOUT;
	}
	if (w.status)
		return w.status;
	if (get && !w.replied)
		return -EIO;
	if ((get ? w.mlength : w.sent) != len)
		return -EPROTO;
	if (get)
		atomic64_add(len, &srpc_stats.bulk_get);
	else
		atomic64_add(len, &srpc_stats.bulk_put);
	return 0;
}

static void pool_stop(struct srpc_pool *pool)
{
	unsigned int i;

	if (!pool->bufs)
		return;
	spin_lock(&pool->lock);
	pool->stopping = true;
	spin_unlock(&pool->lock);
	/* No work reposts after this; then the posted MDs are all known. */
	flush_workqueue(pool->wq);
	for (i = 0; i < pool->nbuf; i++) {
		bool posted;

		spin_lock(&pool->lock);
		posted = pool->bufs[i].posted;
		spin_unlock(&pool->lock);
		if (posted)
			lnet_md_unlink(pool->bufs[i].mdh);
	}
	wait_event(pool->idle, !atomic_read(&pool->live));
	flush_workqueue(pool->wq);
	destroy_workqueue(pool->wq);
	kfree(pool->bufs);
	pool->bufs = NULL;
}

static int pool_start(struct srpc_pool *pool)
{
	unsigned int i;

	spin_lock_init(&pool->lock);
	init_waitqueue_head(&pool->idle);
	pool->stopping = false;
	atomic_set(&pool->live, 0);
	if (pool->portal == SRPC_FRAMEWORK_PORTAL)
		pool->wq = alloc_ordered_workqueue("srpc_fw", 0);
	else
		pool->wq = alloc_workqueue("srpc_test", WQ_UNBOUND, SRPC_TEST_WORKERS);
	if (!pool->wq)
		return -ENOMEM;
	pool->bufs = kcalloc(pool->nbuf, sizeof(*pool->bufs), GFP_KERNEL);
	if (!pool->bufs) {
		destroy_workqueue(pool->wq);
		return -ENOMEM;
	}
	for (i = 0; i < pool->nbuf; i++) {
		struct srpc_buffer *buf = &pool->bufs[i];

		buf->pool = pool;
		INIT_WORK(&buf->work, buffer_work);
		atomic_inc(&pool->live);
		if (!buffer_post(buf)) {
			buffer_finish(pool);
			pool_stop(pool);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * srpc_services_start() - post the request buffers of every service.
 * Return: 0 or -errno (nothing left posted).
 */
int srpc_services_start(void)
{
	int rc;

	atomic64_set(&srpc_ids, get_random_u64() >> 16);
	rc = pool_start(&srpc_pools[0]);
	if (rc)
		return rc;
	rc = pool_start(&srpc_pools[1]);
	if (rc)
		pool_stop(&srpc_pools[0]);
	return rc;
}

/**
 * srpc_services_stop() - no more requests; the last replies gone.  The
 * framework (sfw_shutdown()) is torn down between the two steps by the
 * caller's order: pools first, so that no request can make a session again.
 */
void srpc_services_stop(void)
{
	pool_stop(&srpc_pools[0]);
	pool_stop(&srpc_pools[1]);
	/* Each reply's MD goes when its send ends: the handler is ours. */
	wait_event(srpc_replies_wq, !atomic_read(&srpc_replies));
}
