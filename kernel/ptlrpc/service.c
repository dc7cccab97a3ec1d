// SPDX-License-Identifier: GPL-2.0
/*
 * Services.  A service owns a request portal: it keeps request buffers
 * posted there (one LNet MD per buffer, each taking one request, matching
 * any xid), queues arriving requests, and runs a pool of threads that take
 * them off the queue (FIFO policy) and hand each to the service's handler.
 *
 * The event handler that sees a request arrive may not sleep: it only
 * queues it.  A thread checks the message (ptlrpc_pack.c) before anything
 * reads it, calls the handler, and reposts the buffer.  When fewer than a
 * quarter of the buffers are posted (a burst), more are added up to four
 * times the initial number, from a work item.
 *
 * Deliberate difference from Lustre: one buffer per request rather than
 * large shared buffers filled at LNet-managed offsets; the portal list stays
 * short because used MDs leave it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <nacre/obd.h>
#include <nacre/obd_attr.h>
#include <nacre/obd_stats.h>
#include "ptlrpc_internal.h"

static LIST_HEAD(ptlrpc_services);
static DEFINE_MUTEX(ptlrpc_services_mutex);

enum {
	SVC_STAT_WAITTIME,	/* queued → handler, usec */
	SVC_STAT_QDEPTH,
	SVC_STAT_ACTIVE,
	SVC_STAT_TIMEOUT,	/* handler time, usec */
	SVC_STAT_BUFS,		/* posted buffers at arrival */
	SVC_STAT_OPC_BASE,
};

static void request_in_event(const struct lnet_event *ev);

static int rqbd_post(struct ptlrpc_rqbd *rqbd)
{
	struct ptlrpc_service *svc = rqbd->svc;
	struct lnet_match match = {
		.portal = svc->conf.req_portal,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
		.match_bits = 0,
		.ignore_bits = ~0ULL,
	};
	struct lnet_md_desc desc = {
		.start = rqbd->buf,
		.length = svc->conf.buf_size,
		.threshold = 1,
		.options = LNET_MD_OP_PUT | LNET_MD_TRUNCATE,
		.handler = request_in_event,
		.user_ptr = rqbd,
	};
	int rc;

	spin_lock(&svc->lock);
	rqbd->posted = true;
	svc->nrqbd_posted++;
	spin_unlock(&svc->lock);
	rc = lnet_md_attach(&match, &desc, &rqbd->mdh);
	if (rc) {
		spin_lock(&svc->lock);
		rqbd->posted = false;
		svc->nrqbd_posted--;
		spin_unlock(&svc->lock);
	}
	return rc;
}

static struct ptlrpc_rqbd *rqbd_new(struct ptlrpc_service *svc)
{
	struct ptlrpc_rqbd *rqbd = kzalloc(sizeof(*rqbd), GFP_KERNEL);

	if (!rqbd)
		return NULL;
	rqbd->buf = kvmalloc(svc->conf.buf_size, GFP_KERNEL);
	if (!rqbd->buf) {
		kfree(rqbd);
		return NULL;
	}
	rqbd->svc = svc;
	spin_lock(&svc->lock);
	list_add_tail(&rqbd->list, &svc->rqbds);
	svc->nrqbd++;
	spin_unlock(&svc->lock);
	return rqbd;
}

static void rqbd_free(struct ptlrpc_rqbd *rqbd)
{
	kvfree(rqbd->buf);
	kfree(rqbd);
}

/* Add buffers until @n are posted (or the limit is reached). */
static void service_grow(struct ptlrpc_service *svc, unsigned int n)
{
	while (!READ_ONCE(svc->stopping)) {
		struct ptlrpc_rqbd *rqbd;

		spin_lock(&svc->lock);
		if (svc->nrqbd_posted >= n || svc->nrqbd >= 4 * svc->conf.nbufs) {
			spin_unlock(&svc->lock);
			return;
		}
		spin_unlock(&svc->lock);
		rqbd = rqbd_new(svc);
		if (!rqbd || rqbd_post(rqbd))
			return;
	}
}

/* Buffers neither posted nor holding a request (a PUT that failed half
 * way, or found no memory for its request) go back on the portal. */
static void service_repost_idle(struct ptlrpc_service *svc)
{
	struct ptlrpc_rqbd *rqbd;

	for (;;) {
		struct ptlrpc_rqbd *idle = NULL;

		spin_lock(&svc->lock);
		list_for_each_entry(rqbd, &svc->rqbds, list) {
			if (!rqbd->posted && !rqbd->busy) {
				idle = rqbd;
				break;
			}
		}
		spin_unlock(&svc->lock);
		if (!idle || READ_ONCE(svc->stopping) || rqbd_post(idle))
			return;
	}
}

static void service_grow_work(struct work_struct *work)
{
	struct ptlrpc_service *svc = container_of(work, struct ptlrpc_service, grow_work);

	service_repost_idle(svc);
	service_grow(svc, svc->conf.nbufs);
}

/* A request arrived in a buffer (or the buffer was unlinked at stop). */
static void request_in_event(const struct lnet_event *ev)
{
	struct ptlrpc_rqbd *rqbd = ev->user_ptr;
	struct ptlrpc_service *svc = rqbd->svc;
	struct ptlrpc_request *req = NULL;
	bool grow;

	if (ev->type == LNET_EVENT_PUT && !ev->status)
		req = kzalloc(sizeof(*req), GFP_ATOMIC);
	if (req) {
		kref_init(&req->ref);
		spin_lock_init(&req->lock);
		INIT_LIST_HEAD(&req->list);
		req->svc = svc;
		req->rqbd = rqbd;
		req->reqmsg = rqbd->buf;
		/* A truncated request cannot pass the message check. */
		req->reqlen = ev->rlength > ev->mlength ? 0 : ev->mlength;
		req->xid = ev->match_bits;
		req->peer_nid = ev->initiator_nid;
		req->peer_pid = ev->initiator_pid;
		req->arrival = ktime_get();
		atomic_inc(&ptlrpc_nreqs);
	}
	spin_lock(&svc->lock);
	if (ev->unlinked) {
		rqbd->posted = false;
		svc->nrqbd_posted--;
	}
	if (req) {
		rqbd->busy = true;
		list_add_tail(&req->list, &svc->queue);
		svc->nqueued++;
		svc->nreqs++;
	} else if (ev->type == LNET_EVENT_PUT) {
		/* A PUT that failed half way, or no memory: the buffer is idle
		 * and the grow work puts it back on the portal. */
		svc->ndropped++;
	}
	grow = !svc->stopping && (svc->nrqbd_posted < svc->conf.nbufs / 4 || !req);
	/* All under the lock: service_free_resources() may free the service
	 * as soon as it sees no buffer posted. */
	if (svc->stats)
		obd_stats_add(svc->stats, SVC_STAT_BUFS, svc->nrqbd_posted);
	wake_up(&svc->waitq);	/* threads; or service_free_resources() */
	if (grow)
		queue_work(ptlrpc_wq, &svc->grow_work);
	spin_unlock(&svc->lock);
}

static void service_request_free(struct ptlrpc_request *req)
{
	if (req->exp)
		ptlrpc_export_put(req->exp);
	ptlrpc_reply_release(req);
	kfree(req);
	atomic_dec(&ptlrpc_nreqs);
}

static void service_handle(struct ptlrpc_service *svc, struct ptlrpc_request *req)
{
	struct ptlrpc_rqbd *rqbd = req->rqbd;
	struct ptlrpc_body *body;
	ktime_t start = ktime_get();
	char nid[64];
	int rc, slot;

	if (svc->stats)
		obd_stats_add(svc->stats, SVC_STAT_WAITTIME, ktime_us_delta(start, req->arrival));
	rc = lustre_msg_check(req->reqmsg, req->reqlen);
	if (rc) {
		pr_warn_ratelimited("%s: malformed request from %s (xid %llu, %u bytes): %d\n",
				    svc->conf.name, nid4_str(req->peer_nid, nid, sizeof(nid)),
				    req->xid, req->reqlen, rc);
		RPC_DLOG("%s: malformed request from %s xid %llu: %d", svc->conf.name,
			 nid, req->xid, rc);
		ptlrpc_error(req, rc);
		goto out;
	}
	body = lustre_msg_body(req->reqmsg);
	if (body->pb_type != PTL_RPC_MSG_REQUEST) {
		pr_warn_ratelimited("%s: message type %u from %s is not a request, dropped\n",
				    svc->conf.name, body->pb_type,
				    nid4_str(req->peer_nid, nid, sizeof(nid)));
		goto out;
	}
	req->opc = body->pb_opc;
	pr_debug("%s: handle %s xid %llu from %s\n", svc->conf.name,
		 ptlrpc_opcode_name(req->opc) ?: "rpc", req->xid,
		 nid4_str(req->peer_nid, nid, sizeof(nid)));
	svc->conf.handler(req);
	if (!req->reply_sent)
		ptlrpc_error(req, -EPROTO);
	if (svc->stats) {
		s64 us = ktime_us_delta(ktime_get(), start);

		obd_stats_add(svc->stats, SVC_STAT_TIMEOUT, us);
		slot = ptlrpc_opcode_slot(req->opc);
		if (slot >= 0)
			obd_stats_add(svc->stats, SVC_STAT_OPC_BASE + slot, us);
	}
out:
	service_request_free(req);
	/* The message lived in the buffer: now it can take the next one. */
	spin_lock(&svc->lock);
	rqbd->busy = false;
	spin_unlock(&svc->lock);
	if (!READ_ONCE(svc->stopping) && rqbd_post(rqbd))
		queue_work(ptlrpc_wq, &svc->grow_work);
}

static int service_thread(void *arg)
{
	struct ptlrpc_service *svc = arg;

	while (!kthread_should_stop()) {
		struct ptlrpc_request *req = NULL;

		/* Exclusive: a request wakes one idle thread, not all of them
		 * (threads_max sleep here; under TCG each needless wake-up of
		 * a thread that finds the queue empty costs a context switch
		 * and cut the small-RPC rate by a quarter).  A thread drains
		 * the queue before it sleeps again, so no request waits while
		 * a thread is awake. */
		wait_event_interruptible_exclusive(svc->waitq, !list_empty(&svc->queue) ||
							       kthread_should_stop());
		spin_lock(&svc->lock);
		if (!list_empty(&svc->queue)) {
			req = list_first_entry(&svc->queue, struct ptlrpc_request, list);
			list_del_init(&req->list);
			svc->nqueued--;
			svc->nactive++;
		}
		spin_unlock(&svc->lock);
		if (!req)
			continue;
		if (svc->stats) {
			obd_stats_add(svc->stats, SVC_STAT_QDEPTH, svc->nqueued);
			obd_stats_add(svc->stats, SVC_STAT_ACTIVE, svc->nactive);
		}
		service_handle(svc, req);
		spin_lock(&svc->lock);
		svc->nactive--;
		spin_unlock(&svc->lock);
	}
	return 0;
}

/* --- parameters ----------------------------------------------------------- */

/* ptlrpc.services.<name>.*: fields of the service, read without a lock. */
#define SVC_ATTR_RO(_name, _field) OBD_ATTR_FIELD_RO(_name, struct ptlrpc_service, kobj, _field)

SVC_ATTR_RO(threads_started, nthreads);
SVC_ATTR_RO(threads_min, conf.threads_min);
SVC_ATTR_RO(threads_max, conf.threads_max);
SVC_ATTR_RO(req_buffers, nrqbd);
SVC_ATTR_RO(req_buffers_posted, nrqbd_posted);
SVC_ATTR_RO(req_buffer_size, conf.buf_size);
SVC_ATTR_RO(req_queued, nqueued);
SVC_ATTR_RO(req_active, nactive);
SVC_ATTR_RO(req_count, nreqs);
SVC_ATTR_RO(req_dropped, ndropped);
SVC_ATTR_RO(portal, conf.req_portal);

static struct attribute *svc_attrs[] = {
	OBD_ATTR_PTR(threads_started), OBD_ATTR_PTR(threads_min), OBD_ATTR_PTR(threads_max),
	OBD_ATTR_PTR(req_buffers), OBD_ATTR_PTR(req_buffers_posted),
	OBD_ATTR_PTR(req_buffer_size), OBD_ATTR_PTR(req_queued), OBD_ATTR_PTR(req_active),
	OBD_ATTR_PTR(req_count), OBD_ATTR_PTR(req_dropped), OBD_ATTR_PTR(portal), NULL,
};
ATTRIBUTE_GROUPS(svc);

static void svc_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct ptlrpc_service, kobj));
}

static const struct kobj_type svc_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = svc_groups,
	.release = svc_release,
};

static struct obd_stats *service_stats_new(void)
{
	struct obd_stats *s = obd_stats_alloc(SVC_STAT_OPC_BASE + PTLRPC_STAT_OPC_MAX);
	u32 opc;

	if (IS_ERR_OR_NULL(s))
		return NULL;
	obd_stats_init_counter(s, SVC_STAT_WAITTIME, "req_waittime", "usec");
	obd_stats_init_counter(s, SVC_STAT_QDEPTH, "req_qdepth", "reqs");
	obd_stats_init_counter(s, SVC_STAT_ACTIVE, "req_active", "reqs");
	obd_stats_init_counter(s, SVC_STAT_TIMEOUT, "req_timeout", "usec");
	obd_stats_init_counter(s, SVC_STAT_BUFS, "reqbuf_avail", "bufs");
	for (opc = 0; opc < 1024; opc++) {
		int slot = ptlrpc_opcode_slot(opc);

		if (slot >= 0)
			obd_stats_init_counter(s, SVC_STAT_OPC_BASE + slot,
					       ptlrpc_opcode_name(opc), "usec");
	}
	return s;
}

/* --- start/stop ------------------------------------------------------------ */

static void service_unlink_all(struct ptlrpc_service *svc)
{
	struct ptlrpc_rqbd *rqbd;

	/* No new buffers are posted once stopping is set; unlink delivers each
	 * posted buffer's last event (the handler sees stopping). */
	list_for_each_entry(rqbd, &svc->rqbds, list)
		if (READ_ONCE(rqbd->posted))
			lnet_md_unlink(rqbd->mdh);
}

static bool service_unposted(struct ptlrpc_service *svc)
{
	bool done;

	spin_lock(&svc->lock);
	done = svc->nrqbd_posted == 0;
	spin_unlock(&svc->lock);
	return done;
}

static void service_free_resources(struct ptlrpc_service *svc)
{
	struct ptlrpc_request *req, *rtmp;
	struct ptlrpc_rqbd *rqbd, *tmp;
	unsigned int i;

	spin_lock(&svc->lock);
	svc->stopping = true;
	spin_unlock(&svc->lock);
	cancel_work_sync(&svc->grow_work);
	if (svc->threads) {
		for (i = 0; i < svc->nthreads; i++)
			kthread_stop(svc->threads[i]);
		kfree(svc->threads);
		svc->threads = NULL;
	}
	service_unlink_all(svc);
	wait_event(svc->waitq, service_unposted(svc));
	cancel_work_sync(&svc->grow_work);
	/* Requests that arrived and were never taken: dropped. */
	list_for_each_entry_safe(req, rtmp, &svc->queue, list) {
		list_del_init(&req->list);
		service_request_free(req);
	}
	list_for_each_entry_safe(rqbd, tmp, &svc->rqbds, list) {
		list_del(&rqbd->list);
		rqbd_free(rqbd);
	}
	debugfs_remove_recursive(svc->debugfs);
	obd_stats_free(svc->stats);
}

/**
 * ptlrpc_service_start() - post @conf->nbufs buffers on the request portal
 * and start the threads.  Return: the service or an ERR_PTR; -EBUSY when a
 * service already has that portal.
 */
struct ptlrpc_service *ptlrpc_service_start(const struct ptlrpc_service_conf *conf)
{
	unsigned int ncpu = num_online_cpus();
	struct ptlrpc_service *svc, *other;
	unsigned int i;
	int rc;

	if (!conf->handler || !conf->buf_size || conf->req_portal >= LNET_MAX_PORTALS ||
	    conf->buf_size < lustre_msg_size(1, (u32[]){ sizeof(struct ptlrpc_body) }))
		return ERR_PTR(-EINVAL);
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	svc->conf = *conf;
	if (!svc->conf.nbufs)
		svc->conf.nbufs = 64;
	if (!svc->conf.threads_min)
		svc->conf.threads_min = clamp(2 * ncpu, 2U, 8U);
	if (!svc->conf.threads_max)
		svc->conf.threads_max = clamp(8 * ncpu, svc->conf.threads_min, 64U);
	spin_lock_init(&svc->lock);
	INIT_LIST_HEAD(&svc->queue);
	INIT_LIST_HEAD(&svc->rqbds);
	INIT_LIST_HEAD(&svc->list);
	init_waitqueue_head(&svc->waitq);
	INIT_WORK(&svc->grow_work, service_grow_work);
	kobject_init(&svc->kobj, &svc_ktype);

	rc = lnet_user_get();
	if (rc)
		goto fail_free;
	mutex_lock(&ptlrpc_services_mutex);
	list_for_each_entry(other, &ptlrpc_services, list) {
		if (other->conf.req_portal == conf->req_portal || !strcmp(other->conf.name, conf->name)) {
			mutex_unlock(&ptlrpc_services_mutex);
			rc = -EBUSY;
			goto fail_user;
		}
	}
	list_add_tail(&svc->list, &ptlrpc_services);
	mutex_unlock(&ptlrpc_services_mutex);

	svc->stats = service_stats_new();
	service_grow(svc, svc->conf.nbufs);
	if (svc->nrqbd_posted < svc->conf.nbufs) {
		rc = -ENOMEM;
		goto fail_stop;
	}
	/* Threads: as many as the busy case wants (threads_max), started
	 * at once; they sleep when there is nothing to do. */
	svc->threads = kcalloc(svc->conf.threads_max, sizeof(*svc->threads), GFP_KERNEL);
	if (!svc->threads) {
		rc = -ENOMEM;
		goto fail_stop;
	}
	for (i = 0; i < svc->conf.threads_max; i++) {
		struct task_struct *t = kthread_run(service_thread, svc, "ll_%s_%02u",
						    svc->conf.name, i);

		if (IS_ERR(t)) {
			rc = PTR_ERR(t);
			goto fail_stop;
		}
		svc->threads[svc->nthreads++] = t;
	}
	rc = kobject_add(&svc->kobj, ptlrpc_services_kobj, "%s", svc->conf.name);
	if (rc)
		goto fail_stop;
	if (!IS_ERR_OR_NULL(ptlrpc_services_debugfs)) {
		svc->debugfs = debugfs_create_dir(svc->conf.name, ptlrpc_services_debugfs);
		if (svc->stats)
			obd_stats_debugfs(svc->stats, "stats", svc->debugfs);
	}
	pr_info("service %s started on portal %u: %u threads, %u buffers of %u bytes\n",
		svc->conf.name, svc->conf.req_portal, svc->nthreads, svc->nrqbd, svc->conf.buf_size);
	return svc;

fail_stop:
	service_free_resources(svc);
	mutex_lock(&ptlrpc_services_mutex);
	list_del(&svc->list);
	mutex_unlock(&ptlrpc_services_mutex);
fail_user:
	lnet_user_put();
fail_free:
	kobject_put(&svc->kobj);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL(ptlrpc_service_start);

void ptlrpc_service_stop(struct ptlrpc_service *svc)
{
	if (IS_ERR_OR_NULL(svc))
		return;
	mutex_lock(&ptlrpc_services_mutex);
	list_del(&svc->list);
	mutex_unlock(&ptlrpc_services_mutex);
	service_free_resources(svc);
	pr_info("service %s stopped (%llu requests, %llu dropped)\n", svc->conf.name,
		svc->nreqs, svc->ndropped);
	lnet_user_put();
	kobject_del(&svc->kobj);
	kobject_put(&svc->kobj);
}
EXPORT_SYMBOL(ptlrpc_service_stop);
