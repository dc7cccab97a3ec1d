// SPDX-License-Identifier: GPL-2.0
/*
 * The framework services on SRPC_FRAMEWORK_PORTAL, with Lustre's semantics
 * (its sfw_* handlers):
 *
 *  - one session at a time, named by the console's id (NID, stamp).  Make
 *    session with the session's own id takes one more reference; another id
 *    gets EBUSY and the holder's id and name, unless it forces, which ends
 *    the old session (its tests stopped) and starts the new one.  Remove
 *    session drops a reference and ends the session at the last (ESRCH
 *    without a session, EBUSY for another id).
 *  - the session's features are the make session request's; a later
 *    request (but debug) with other features gets EPROTO, as do make
 *    session and debug with features we do not know (checked first).
 *  - batch (run, stop, query), test add and query stat name the session:
 *    another id gets ESRCH (batch, stat), ENOENT (test add).  A
 *    batch comes into being with its first test; test add to a running
 *    batch is EBUSY.
 *  - a session ends after session_timeout seconds without a framework
 *    request (from anyone, as Lustre re-arms its timer).
 *
 * All state is under sfw_mutex (requests already come one at a time; the
 * expiry work and module unload are the other users).  A running client
 * test only touches its own counters (srpc_batch.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "srpc.h"
#include "selftest.h"

unsigned int srpc_session_timeout = 100;
module_param_named(session_timeout, srpc_session_timeout, uint, 0644);
MODULE_PARM_DESC(session_timeout, "seconds of console silence before a session ends (0: never)");

static DEFINE_MUTEX(sfw_mutex);
static struct sfw_session *sfw_session;
static bool sfw_stopping;

static void sfw_expire(struct work_struct *work);
static DECLARE_DELAYED_WORK(sfw_expire_work, sfw_expire);

static const struct lst_sid sfw_no_sid = { .nid = LNET_NID_ANY, .stamp = -1 };

static bool sid_equal(const struct lst_sid *a, const struct lst_sid *b)
{
	return a->nid == b->nid && a->stamp == b->stamp;
}

static const struct lst_sid *cur_sid(void)
{
	return sfw_session ? &sfw_session->sid : &sfw_no_sid;
}

/* The console spoke: the session lives another session_timeout. */
static void sfw_touch(void)
{
	lockdep_assert_held(&sfw_mutex);
	if (sfw_session && srpc_session_timeout && !sfw_stopping)
		mod_delayed_work(system_wq, &sfw_expire_work, srpc_session_timeout * HZ);
}

static void test_free(struct sfw_test *t)
{
	kvfree(t->dests);
	kfree(t);
}

/* Stop every test of @sn, wait for them, free it all. */
static void session_end(struct sfw_session *sn)
{
	struct sfw_batch *b, *bn;
	struct sfw_test *t, *tn;

	lockdep_assert_held(&sfw_mutex);
	list_for_each_entry(b, &sn->batches, list)
		list_for_each_entry(t, &b->tests, list)
			if (t->running)
				sfw_test_stop(t, true);
	list_for_each_entry_safe(b, bn, &sn->batches, list) {
		list_for_each_entry_safe(t, tn, &b->tests, list) {
			if (t->running)
				sfw_test_wait(t);
			list_del(&t->list);
			test_free(t);
		}
		list_del(&b->list);
		kfree(b);
	}
	pr_info("session \"%s\" ended\n", sn->name);
	kfree(sn);
}

static void sfw_expire(struct work_struct *work)
{
	mutex_lock(&sfw_mutex);
	if (sfw_session && !delayed_work_pending(&sfw_expire_work)) {
		pr_info("session \"%s\" expired after %u s of silence\n", sfw_session->name,
			srpc_session_timeout);
		session_end(sfw_session);
		sfw_session = NULL;
	}
	mutex_unlock(&sfw_mutex);
}

/* The number of @b's tests whose thread runs (batch query's "active"). */
static unsigned int batch_active(struct sfw_batch *b)
{
	struct sfw_test *t;
	unsigned int n = 0;

	list_for_each_entry(t, &b->tests, list)
		if (atomic_read(&t->active))
			n++;
	return n;
}

/* Reap tests whose run has ended, so they can run again. */
static void batch_reap(struct sfw_batch *b)
{
	struct sfw_test *t;

	list_for_each_entry(t, &b->tests, list)
		if (t->running && !atomic_read(&t->active))
			sfw_test_wait(t);
}

static struct sfw_batch *batch_find(struct sfw_session *sn, __u64 bid)
{
	struct sfw_batch *b;

	list_for_each_entry(b, &sn->batches, list)
		if (b->bid == bid)
			return b;
	return NULL;
}

/*
 * Features: Lustre checks them before the handler.  Make session and debug
 * may bring unknown ones (EPROTO); the others must bring the session's.
 */
static bool feats_refused(struct srpc_server_rpc *rpc, __u32 *status, struct lst_sid *sid)
{
	__u32 feats = rpc->req.ses_feats;

	if (rpc->service == SRPC_SERVICE_MAKE_SESSION || rpc->service == SRPC_SERVICE_DEBUG) {
		*status = srpc_check_feats(feats);
	} else if (sfw_session && sfw_session->feats != feats) {
		*status = EPROTO;
	} else {
		return false;
	}
	if (!*status)
		return false;
	*sid = *cur_sid();
	rpc->reply.ses_feats = sfw_session ? sfw_session->feats : LST_FEATS_MASK;
	return true;
}

/* The reply carries the session's features. */
static void reply_feats(struct srpc_server_rpc *rpc)
{
	if (sfw_session)
		rpc->reply.ses_feats = sfw_session->feats;
}

int sfw_make_session(struct srpc_server_rpc *rpc)
{
	const struct srpc_mksn_reqst *req = &rpc->req.body.mksn_reqst;
	struct srpc_mksn_reply *r = &rpc->reply.body.mksn_reply;
	struct sfw_session *sn;

	mutex_lock(&sfw_mutex);
	r->timeout = srpc_session_timeout;
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	if (srpc_check_sid(&req->sid)) {
		r->status = EINVAL;
		r->sid = *cur_sid();
		goto out;
	}
	if (sfw_session) {
		r->sid = sfw_session->sid;
		strscpy(r->name, sfw_session->name, sizeof(r->name));
		if (sid_equal(&req->sid, &sfw_session->sid)) {
			sfw_session->refs++;
			goto out;
		}
		if (!req->force) {
			r->status = EBUSY;
			goto out;
		}
	}
	sn = kzalloc(sizeof(*sn), GFP_KERNEL);
	if (!sn) {
		r->status = ENOMEM;
		goto out;
	}
	sn->sid = req->sid;
	strscpy(sn->name, req->name, sizeof(sn->name));
	sn->feats = rpc->req.ses_feats;
	sn->refs = 1;
	sn->started = ktime_get();
	INIT_LIST_HEAD(&sn->batches);
	if (sfw_session) {
		pr_info("session \"%s\" taken over by \"%s\"\n", sfw_session->name, sn->name);
		session_end(sfw_session);
	}
	sfw_session = sn;
	pr_info("session \"%s\" made by 0x%llx (features 0x%x)\n", sn->name, sn->sid.nid,
		sn->feats);
	r->status = 0;
	r->sid = sn->sid;
	strscpy(r->name, sn->name, sizeof(r->name));
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

int sfw_remove_session(struct srpc_server_rpc *rpc)
{
	const struct srpc_rmsn_reqst *req = &rpc->req.body.rmsn_reqst;
	struct srpc_sid_reply *r = &rpc->reply.body.rmsn_reply;

	mutex_lock(&sfw_mutex);
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	r->sid = *cur_sid();
	if (srpc_check_sid(&req->sid)) {
		r->status = EINVAL;
		goto out;
	}
	if (!sfw_session || !sid_equal(&req->sid, &sfw_session->sid)) {
		r->status = sfw_session ? EBUSY : ESRCH;
		goto out;
	}
	r->status = 0;
	if (--sfw_session->refs)
		goto out;
	session_end(sfw_session);
	sfw_session = NULL;
	r->sid = sfw_no_sid;
	cancel_delayed_work(&sfw_expire_work);
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

int sfw_debug(struct srpc_server_rpc *rpc)
{
	struct srpc_debug_reply *r = &rpc->reply.body.dbg_reply;
	struct sfw_batch *b;

	mutex_lock(&sfw_mutex);
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	r->sid = *cur_sid();
	if (!sfw_session) {
		r->status = ESRCH;
		goto out;
	}
	r->timeout = srpc_session_timeout;
	strscpy(r->name, sfw_session->name, sizeof(r->name));
	list_for_each_entry(b, &sfw_session->batches, list)
		if (batch_active(b))
			r->nbatch++;
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

static int batch_run(struct sfw_batch *b)
{
	struct sfw_test *t;
	int rc = 0;

	batch_reap(b);
	if (batch_active(b))
		return 0;	/* already running: Lustre's answer too */
	list_for_each_entry(t, &b->tests, list) {
		if (!t->is_client)
			continue;
		rc = sfw_test_start(t);
		if (rc)
			break;
	}
	if (rc) {
		list_for_each_entry(t, &b->tests, list)
			if (t->running)
				sfw_test_stop(t, true);
		batch_reap(b);
	}
	return rc;
}

static void batch_stop(struct sfw_batch *b, bool abort)
{
	struct sfw_test *t;

	list_for_each_entry(t, &b->tests, list)
		if (t->running)
			sfw_test_stop(t, abort);
}

int sfw_batch(struct srpc_server_rpc *rpc)
{
	const struct srpc_batch_reqst *req = &rpc->req.body.bat_reqst;
	struct srpc_batch_reply *r = &rpc->reply.body.bat_reply;
	struct sfw_batch *b;
	struct sfw_test *t;
	__u32 idx;
	int rc;

	mutex_lock(&sfw_mutex);
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	r->sid = *cur_sid();
	if (!sfw_session || !sid_equal(&req->sid, &sfw_session->sid)) {
		r->status = ESRCH;
		goto out;
	}
	b = batch_find(sfw_session, req->bid);
	if (!b) {
		r->status = ENOENT;
		goto out;
	}
	switch (req->opc) {
	case SRPC_BATCH_OPC_RUN:
		rc = batch_run(b);
		r->status = rc < 0 ? -rc : 0;
		break;
	case SRPC_BATCH_OPC_STOP:
		batch_stop(b, req->arg != 0);
		break;
	case SRPC_BATCH_OPC_QUERY:
		if (!req->testidx) {
			r->active = batch_active(b);
			break;
		}
		r->status = ENOENT;
		idx = req->testidx;
		list_for_each_entry(t, &b->tests, list) {
			if (--idx)
				continue;
			r->active = atomic_read(&t->active);
			r->status = 0;
			break;
		}
		break;
	}
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

/* Fetch and decode @t's destination list from the console. */
static __u32 test_fetch_dests(struct srpc_server_rpc *rpc, struct sfw_test *t)
{
	const struct srpc_test_reqst *req = &rpc->req.body.tes_reqst;
	__u32 len = srpc_dest_bulk_len(req->ndest, rpc->req.ses_feats);
	struct bio_vec *kiov;
	unsigned int niov, i;
	__u32 status = 0;
	int rc;

	kiov = lst_pages_alloc(len, &niov);
	t->dests = kvcalloc(req->ndest, sizeof(*t->dests), GFP_KERNEL);
	if (!kiov || !t->dests) {
		status = ENOMEM;
		goto out;
	}
	rc = srpc_server_bulk(rpc, req->bulkid, kiov, niov, len, true);
	if (rc) {
		pr_warn_ratelimited("test add: the destination list from 0x%llx failed: %d\n",
				    rpc->nid, rc);
		status = EIO;
		goto out;
	}
	for (i = 0; i < req->ndest; i++) {
		struct bio_vec *bv = &kiov[i / SRPC_ID_PER_PAGE];
		void *p = kmap_local_page(bv->bv_page);

		rc = srpc_dest_decode(p + bv->bv_offset, bv->bv_len, i % SRPC_ID_PER_PAGE,
				      rpc->swab, &t->dests[i].nid, &t->dests[i].pid);
		kunmap_local(p);
		if (rc || t->dests[i].nid == LNET_NID_ANY) {
			status = EINVAL;
			goto out;
		}
	}
	t->ndest = req->ndest;
out:
	if (kiov)
		lst_pages_free(kiov, niov);
	return status;
}

int sfw_add_test(struct srpc_server_rpc *rpc)
{
	const struct srpc_test_reqst *req = &rpc->req.body.tes_reqst;
	struct srpc_sid_reply *r = &rpc->reply.body.tes_reply;
	struct sfw_session *sn;
	struct sfw_batch *b;
	struct sfw_test *t;

	mutex_lock(&sfw_mutex);
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	sn = sfw_session;
	r->sid = *cur_sid();
	r->status = srpc_check_test(req, rpc->req.ses_feats);
	if (r->status)
		goto out;
	if (!sn || !sid_equal(&req->sid, &sn->sid)) {
		r->status = ENOENT;
		goto out;
	}
	b = batch_find(sn, req->bid);
	if (b) {
		batch_reap(b);
		if (batch_active(b)) {
			r->status = EBUSY;
			goto out;
		}
	}
	if ((!b && sn->nbatches >= SFW_MAX_BATCHES) || sn->ntests >= SFW_MAX_TESTS ||
	    sn->ndests + req->ndest > SFW_MAX_SESSION_DESTS) {
		r->status = ENOMEM;	/* Lustre's answer when it runs out */
		goto out;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		r->status = ENOMEM;
		goto out;
	}
	t->sn = sn;
	t->service = req->service;
	t->loop = req->loop;
	t->concur = req->concur;
	t->feats = rpc->req.ses_feats;
	t->is_client = req->is_client;
	t->stop_onerr = req->stop_onerr;
	if (t->service == SRPC_SERVICE_PING)
		t->u.ping = req->u.ping;
	else
		t->u.bulk = req->u.bulk;
	init_waitqueue_head(&t->wq);
	init_completion(&t->done);
	if (t->is_client) {
		r->status = test_fetch_dests(rpc, t);
		if (r->status) {
			test_free(t);
			goto out;
		}
	}
	if (!b) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b) {
			test_free(t);
			r->status = ENOMEM;
			goto out;
		}
		b->bid = req->bid;
		INIT_LIST_HEAD(&b->tests);
		list_add_tail(&b->list, &sn->batches);
		sn->nbatches++;
	}
	list_add_tail(&t->list, &b->tests);
	b->ntests++;
	sn->ntests++;
	sn->ndests += t->ndest;
	r->status = 0;
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

static void lnet_counters_fill(struct lnet_counters_wire *c)
{
	const struct lnet_counters *s = &the_lnet.stats;

	c->msgs_alloc = atomic_read(&the_lnet.nmsgs);
	c->msgs_max = READ_ONCE(the_lnet.msgs_max);
	c->errors = atomic64_read(&s->errors);
	c->send_count = atomic64_read(&s->send_count);
	c->recv_count = atomic64_read(&s->recv_count);
	c->route_count = atomic64_read(&s->route_count);
	c->drop_count = atomic64_read(&s->drop_count);
	c->send_length = atomic64_read(&s->send_length);
	c->recv_length = atomic64_read(&s->recv_length);
	c->route_length = atomic64_read(&s->route_length);
	c->drop_length = atomic64_read(&s->drop_length);
}

int sfw_query_stat(struct srpc_server_rpc *rpc)
{
	const struct srpc_stat_reqst *req = &rpc->req.body.stat_reqst;
	struct srpc_stat_reply *r = &rpc->reply.body.stat_reply;
	struct sfw_session *sn;
	struct sfw_batch *b;

	mutex_lock(&sfw_mutex);
	if (feats_refused(rpc, &r->status, &r->sid))
		goto out;
	sn = sfw_session;
	r->sid = *cur_sid();
	if (srpc_check_sid(&req->sid)) {
		r->status = EINVAL;
		goto out;
	}
	if (!sn || !sid_equal(&req->sid, &sn->sid)) {
		r->status = ESRCH;
		goto out;
	}
	r->fw.running_ms = (__u32)ktime_ms_delta(ktime_get(), sn->started);
	list_for_each_entry(b, &sn->batches, list)
		if (batch_active(b))
			r->fw.active_batches++;
	r->fw.brw_errors = atomic_read(&sn->brw_errors);
	r->fw.ping_errors = atomic_read(&sn->ping_errors);
	r->rpc.errors = atomic_read(&srpc_stats.errors);
	r->rpc.rpcs_sent = atomic_read(&srpc_stats.rpcs_sent);
	r->rpc.rpcs_rcvd = atomic_read(&srpc_stats.rpcs_rcvd);
	r->rpc.rpcs_dropped = atomic_read(&srpc_stats.rpcs_dropped);
	r->rpc.rpcs_expired = atomic_read(&srpc_stats.rpcs_expired);
	r->rpc.bulk_get = atomic64_read(&srpc_stats.bulk_get);
	r->rpc.bulk_put = atomic64_read(&srpc_stats.bulk_put);
	lnet_counters_fill(&r->lnet);
	r->status = 0;
out:
	reply_feats(rpc);
	sfw_touch();
	mutex_unlock(&sfw_mutex);
	return 0;
}

/**
 * sfw_shutdown() - end the session (module unload, after the services
 * stopped: no request can make another).
 */
void sfw_shutdown(void)
{
	mutex_lock(&sfw_mutex);
	sfw_stopping = true;
	mutex_unlock(&sfw_mutex);
	/* Not re-armed now (sfw_touch checks sfw_stopping). */
	cancel_delayed_work_sync(&sfw_expire_work);
	mutex_lock(&sfw_mutex);
	if (sfw_session)
		session_end(sfw_session);
	sfw_session = NULL;
	mutex_unlock(&sfw_mutex);
}
