// SPDX-License-Identifier: GPL-2.0
/*
 * Client requests.  A request is one LNet PUT of its message to the
 * target's request portal, matched there by nothing (services accept any
 * match bits), with the xid as match bits; the reply comes back as a PUT to
 * our reply portal matched by the same xid into a buffer attached before
 * the request leaves.  The sending thread waits for the reply, for a
 * timeout (adaptive: see at.c), for a send failure or for its import to
 * fail; everything it posted is unlinked, and its last event seen, before it
 * acts on the outcome, so no event can touch a request that moved on.
 *
 * Resend: after a timeout (or when the import failed under it) a request
 * waits for the import to reconnect and goes again with the same xid and
 * MSG_RESENT; the server answers a resend of a request it already executed
 * from its saved reply (see export.c), so nothing is done twice.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <nacre/obd.h>
#include <nacre/obd_stats.h>
#include "ptlrpc_internal.h"

static atomic64_t ptlrpc_last_xid;

/* Xids start from the clock (in µs, as Lustre), so a rebooted client does
 * not reuse the xids of its previous life; a bulk RPC takes one xid per MD. */
u64 ptlrpc_next_xid(unsigned int n)
{
	if (!atomic64_read(&ptlrpc_last_xid))
		atomic64_cmpxchg(&ptlrpc_last_xid, 0, ktime_get_real_ns() / NSEC_PER_USEC);
	return atomic64_add_return(n, &ptlrpc_last_xid) - (n - 1);
}

struct ptlrpc_request *ptlrpc_request_new(struct obd_import *imp, u32 opc, u32 count,
					  const u32 *lens)
{
	u32 l[PTLRPC_MAX_BUFCOUNT];
	struct ptlrpc_request *req;
	struct ptlrpc_body *body;

	if (!count || count > PTLRPC_MAX_BUFCOUNT)
		return ERR_PTR(-EINVAL);
	memcpy(l, lens, count * sizeof(*l));
	l[0] = sizeof(struct ptlrpc_body);
	req = kzalloc(sizeof(*req), GFP_NOFS);
	if (!req)
		return ERR_PTR(-ENOMEM);
	req->reqlen = lustre_msg_size(count, l);
	req->reqmsg = kvzalloc(req->reqlen, GFP_NOFS);
	if (!req->reqmsg) {
		kfree(req);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&req->ref);
	spin_lock_init(&req->lock);
	INIT_LIST_HEAD(&req->list);
	INIT_LIST_HEAD(&req->unreplied_link);
	init_waitqueue_head(&req->wq);
	lustre_msg_init(req->reqmsg, count, l);
	req->reqmsg->lm_flags = MSGHDR_AT_SUPPORT;
	body = lustre_msg_body(req->reqmsg);
	body->pb_type = PTL_RPC_MSG_REQUEST;
	body->pb_version = PTLRPC_MSG_VERSION | imp->msg_version;
	body->pb_opc = opc;
	req->opc = opc;
	req->imp = imp;
	req->portal = imp->req_portal;
	req->rep_portal = imp->rep_portal;
	ptlrpc_import_get(imp);
	atomic_inc(&ptlrpc_nreqs);
	return req;
}
EXPORT_SYMBOL(ptlrpc_request_new);

int ptlrpc_request_set_replen(struct ptlrpc_request *req, u32 count, const u32 *lens)
{
	u32 l[PTLRPC_MAX_BUFCOUNT];

	if (!count || count > PTLRPC_MAX_BUFCOUNT)
		return -EINVAL;
	memcpy(l, lens, count * sizeof(*l));
	l[0] = sizeof(struct ptlrpc_body);
	req->replen = lustre_msg_size(count, l);
	req->reqmsg->lm_repsize = req->replen;
	return 0;
}
EXPORT_SYMBOL(ptlrpc_request_set_replen);

int ptlrpc_request_set_bulk(struct ptlrpc_request *req, enum ptlrpc_bulk_dir dir,
			    unsigned int portal, struct bio_vec *kiov, unsigned int niov)
{
	struct ptlrpc_bulk *bulk;

	if (req->bulk || (dir != BULK_GET_SOURCE && dir != BULK_PUT_SINK))
		return -EINVAL;
	bulk = ptlrpc_bulk_new(dir, portal, kiov, niov);
	if (IS_ERR(bulk))
		return PTR_ERR(bulk);
	req->bulk = bulk;
	return 0;
}
EXPORT_SYMBOL(ptlrpc_request_set_bulk);

static void request_free(struct kref *ref)
{
	struct ptlrpc_request *req = container_of(ref, struct ptlrpc_request, ref);

	WARN_ON_ONCE(!list_empty(&req->list) || !list_empty(&req->unreplied_link));
	ptlrpc_bulk_free(req->bulk);
	kvfree(req->reqmsg);
	kvfree(req->repbuf);
	if (req->imp)
		ptlrpc_import_put(req->imp);
	kfree(req);
	atomic_dec(&ptlrpc_nreqs);
}

void ptlrpc_request_put(struct ptlrpc_request *req)
{
	if (req)
		kref_put(&req->ref, request_free);
}
EXPORT_SYMBOL(ptlrpc_request_put);

/* The request message left (or could not). */
static void request_out_event(const struct lnet_event *ev)
{
	struct ptlrpc_request *req = ev->user_ptr;

	bool wake = false;

	spin_lock(&req->lock);
	if (ev->status && !req->send_status) {
		req->send_status = ev->status;
		wake = true;			/* request_answered() */
	}
	if (ev->unlinked) {
		req->req_unlinked = true;
		/* request_settled(): only once the reply buffer is gone too.
		 * A request that went out normally completes before its reply
		 * arrives; waking the sender then would only put it back to
		 * sleep (a context switch per RPC for nothing). */
		wake |= req->rep_unlinked;
	}
	if (wake)
		wake_up(&req->wq);	/* under the lock: the request may go once it drops */
	spin_unlock(&req->lock);
}

/* The reply arrived, or its buffer was unlinked. */
static void reply_in_event(const struct lnet_event *ev)
{
	struct ptlrpc_request *req = ev->user_ptr;

	pr_debug("reply event %d for xid %llu: status %d, %u of %u bytes%s\n", ev->type,
		 req->xid, ev->status, ev->mlength, ev->rlength, ev->unlinked ? ", unlinked" : "");
	spin_lock(&req->lock);
	if (ev->type == LNET_EVENT_PUT && !ev->status) {
		req->rep_mlen = ev->mlength;
		/* A reply that did not fit is not a reply we can read. */
		req->replied = ev->rlength <= ev->mlength;
		if (!req->replied) {
			req->send_status = -EOVERFLOW;
			req->rep_rlength = ev->rlength;
		}
	}
	if (ev->unlinked)
		req->rep_unlinked = true;
	wake_up(&req->wq);
	spin_unlock(&req->lock);
}

static bool request_settled(struct ptlrpc_request *req)
{
	bool done;

	spin_lock(&req->lock);
	done = req->req_unlinked && req->rep_unlinked;
	spin_unlock(&req->lock);
	return done;
}

/* Something to act on: a reply, a failed send, or the import said resend. */
static bool request_answered(struct ptlrpc_request *req)
{
	bool done;

	spin_lock(&req->lock);
	done = req->replied || req->send_status || req->resend;
	spin_unlock(&req->lock);
	return done;
}

/* Unlink what is still posted and wait for the last events. */
static void request_unlink(struct ptlrpc_request *req)
{
	lnet_md_unlink(req->rep_mdh);
	lnet_md_unlink(req->req_mdh);
	if (req->bulk)
		ptlrpc_bulk_unlink(req->bulk);
	wait_event(req->wq, request_settled(req));
	/* A bulk MD may finish after the reply (a zero-copy REPLY to the
	 * server's GET completes on the peer's ACK): its pages are ours only
	 * after its last event. */
	if (req->bulk)
		wait_event(req->bulk->wq, ptlrpc_bulk_idle(req->bulk));
}

/* The lowest xid not yet finished on @imp, less one: the server may forget
 * saved replies up to there (pb_last_xid).  imp->unreplied is in xid order:
 * xids are taken under imp->lock. */
static u64 import_last_xid(struct obd_import *imp)
{
	lockdep_assert_held(&imp->lock);
	return list_first_entry(&imp->unreplied, struct ptlrpc_request, unreplied_link)->xid - 1;
}

static unsigned int request_timeout(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	unsigned int floor = max(obd_timeout / 4, 5U);

	if (req->is_connect)
		return max(obd_timeout / 10, 5U);
	return max(at_est2timeout(at_get(&imp->at_svc)) + at_get(&imp->at_net), floor);
}

/* Post the reply buffer and the bulk, then send the request. */
static int request_send(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	struct lnet_match match = {
		.portal = req->rep_portal,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
	};
	struct lnet_md_desc desc = { 0 };
	int rc;

	spin_lock(&imp->lock);
	/* Checked with the import locked: an eviction or failure marking the
	 * request from here on is seen by the wait that follows. */
	if (!req->is_connect && !req->is_replay &&
	    (READ_ONCE(req->intr) || imp->state != LUSTRE_IMP_FULL)) {
		spin_unlock(&imp->lock);
		return 1;
	}
	if (!req->xid) {
		req->xid = ptlrpc_next_xid(req->bulk ? req->bulk->nmd : 1);
		list_add_tail(&req->unreplied_link, &imp->unreplied);
	}
	body->pb_handle = req->is_connect ? (struct lustre_handle){ 0 } : imp->remote_handle;
	body->pb_conn_cnt = imp->conn_cnt;
	body->pb_last_xid = import_last_xid(imp);
	req->conn_cnt = imp->conn_cnt;
	list_move_tail(&req->list, &imp->sending);
	imp->last_send = ktime_get_seconds();
	spin_lock(&req->lock);
	if (req->resend)
		body->pb_flags |= MSG_RESENT;
	req->resend = false;
	req->replied = false;
	req->send_status = 0;
	req->rep_mlen = 0;
	req->req_unlinked = req->rep_unlinked = true;
	spin_unlock(&req->lock);
	spin_unlock(&imp->lock);

	req->timeout = request_timeout(req);
	body->pb_timeout = req->timeout;
	body->pb_status = current->pid;		/* for the server's logs, as Lustre */

	if (!req->repbuf) {
		req->repbuf_len = max_t(u32, req->replen, lustre_msg_size(1, (u32[]){
						sizeof(struct ptlrpc_body) }));
		req->repbuf = kvzalloc(req->repbuf_len, GFP_NOFS);
		if (!req->repbuf)
			return -ENOMEM;
	}
	match.match_bits = req->xid;
	desc.start = req->repbuf;
	desc.length = req->repbuf_len;
	desc.threshold = 1;
	desc.options = LNET_MD_OP_PUT | LNET_MD_TRUNCATE;
	desc.handler = reply_in_event;
	desc.user_ptr = req;
	req->rep_unlinked = false;
	rc = lnet_md_attach(&match, &desc, &req->rep_mdh);
	if (rc) {
		req->rep_unlinked = true;
		return rc;
	}
	if (req->bulk) {
		body->pb_mbits = req->xid;
		rc = ptlrpc_bulk_post(req->bulk, req->xid);
		if (rc)
			goto fail;
	}

	desc.start = req->reqmsg;
	desc.length = req->reqlen;
	desc.threshold = 1;
	desc.options = 0;
	desc.handler = request_out_event;
	req->req_unlinked = false;
	rc = lnet_md_bind(&desc, &req->req_mdh);
	if (rc) {
		req->req_unlinked = true;
		goto fail;
	}
	req->sent_at = ktime_get();
	req->deadline = ktime_get_seconds() + req->timeout;
	pr_debug("%s: send %s xid %llu to portal %u%s\n", imp->name,
		 ptlrpc_opcode_name(req->opc) ?: "rpc", req->xid, req->portal,
		 body->pb_flags & MSG_RESENT ? " (resent)" : "");
	rc = lnet_put(req->req_mdh, false, imp->peer_nid, LNET_PID_LUSTRE, req->portal,
		      req->xid, 0);
	if (rc)
		goto fail;
	return 0;
fail:
	request_unlink(req);
	return rc;
}

/* Wait for @imp to be usable for @req: 0, or why not. */
static int import_wait_full(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	int rc;

	for (;;) {
		enum lustre_imp_state st = READ_ONCE(imp->state);

		if (READ_ONCE(req->intr))
			return -EIO;
		if (st == LUSTRE_IMP_FULL)
			return 0;
		if (st == LUSTRE_IMP_CLOSED || st == LUSTRE_IMP_EVICTED)
			return -EIO;
		if (req->no_delay)
			return -EAGAIN;
		if (st == LUSTRE_IMP_DISCONN || st == LUSTRE_IMP_NEW)
			ptlrpc_import_connect(imp, false);
		spin_lock(&imp->lock);
		list_move_tail(&req->list, &imp->delayed);
		spin_unlock(&imp->lock);
		rc = wait_event_interruptible_timeout(imp->wq,
						      READ_ONCE(imp->state) != st ||
						      READ_ONCE(req->intr),
						      5 * HZ);
		spin_lock(&imp->lock);
		list_del_init(&req->list);
		spin_unlock(&imp->lock);
		if (rc < 0)
			return -EINTR;
		if (READ_ONCE(req->intr))
			return -EIO;
	}
}

/* Check the reply and take what the client learns from it. */
static int request_interpret(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	struct ptlrpc_body *body;
	s64 rtt_us;
	int rc;

	rc = lustre_msg_check(req->repbuf, req->rep_mlen);
	if (rc) {
		pr_warn_ratelimited("%s: malformed reply to %s (xid %llu): %d\n", imp->name,
				    ptlrpc_opcode_name(req->opc) ?: "rpc", req->xid, rc);
		return rc;
	}
	req->repmsg = req->repbuf;
	body = lustre_msg_body(req->repmsg);
	if (body->pb_type != PTL_RPC_MSG_REPLY && body->pb_type != PTL_RPC_MSG_ERR)
		return -EPROTO;
	rtt_us = ktime_us_delta(ktime_get(), req->sent_at);
	if (imp->stats)
		obd_stats_add(imp->stats, PTLRPC_STAT_WAITTIME, rtt_us);
	if (imp->stats && ptlrpc_opcode_slot(req->opc) >= 0)
		obd_stats_add(imp->stats, PTLRPC_STAT_OPC_BASE + ptlrpc_opcode_slot(req->opc),
			      rtt_us);
	at_measured(&imp->at_svc, body->pb_service_time);
	at_measured(&imp->at_net, max_t(s64, rtt_us / USEC_PER_SEC - body->pb_service_time, 0));
	req->status = (int)body->pb_status;
	req->transno = body->pb_transno;
	spin_lock(&imp->lock);
	if (body->pb_last_committed > imp->last_committed)
		imp->last_committed = body->pb_last_committed;
	spin_unlock(&imp->lock);
	return 0;
}

/* Replied requests with a transno stay for replay until committed. */
static void request_keep_for_replay(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	struct ptlrpc_request *r, *tmp;
	LIST_HEAD(done);

	spin_lock(&imp->lock);
	list_del_init(&req->list);
	if (req->transno && req->transno > imp->last_committed && !req->is_replay) {
		kref_get(&req->ref);
		list_for_each_entry(r, &imp->replay, list)	/* keep transno order */
			if (r->transno > req->transno)
				break;
		list_add_tail(&req->list, &r->list);
	}
	list_for_each_entry_safe(r, tmp, &imp->replay, list)
		if (r->transno <= imp->last_committed)
			list_move(&r->list, &done);
	spin_unlock(&imp->lock);
	list_for_each_entry_safe(r, tmp, &done, list) {
		list_del_init(&r->list);
		ptlrpc_request_put(r);
	}
}

int ptlrpc_queue_wait(struct ptlrpc_request *req)
{
	struct obd_import *imp = req->imp;
	long left;
	int rc;

	for (;;) {
		if (req->is_replay && READ_ONCE(imp->state) == LUSTRE_IMP_CLOSED) {
			rc = -EIO;
			break;
		}
		/* Connects and replays go while the import is CONNECTING. */
		if (!req->is_connect && !req->is_replay) {
			rc = import_wait_full(req);
			if (rc)
				break;
		}
		rc = request_send(req);
		if (rc == 1)
			continue;	/* the import changed: wait again */
		if (rc) {
			spin_lock(&imp->lock);
			list_del_init(&req->list);
			spin_unlock(&imp->lock);
			break;
		}
		left = wait_event_interruptible_timeout(req->wq, request_answered(req),
							(long)req->timeout * HZ);
		if (left > 0 && req->replied && req->bulk) {
			/* The server moved the bulk before replying; whatever
			 * it did not touch is unlinked now. */
			ptlrpc_bulk_unlink(req->bulk);
		}
		if (left <= 0 || !req->replied)
			lnet_md_unlink(req->rep_mdh);
		request_unlink(req);

		if (left < 0) {
			rc = -EINTR;
		} else if (req->replied) {
			rc = request_interpret(req);
			if (!rc && req->status == -ENOTCONN && !req->is_connect && !imp->reverse) {
				/* The server does not know us on this
				 * connection (we may have been evicted):
				 * reconnect, then resend. */
				ptlrpc_import_fail(imp, req->conn_cnt);
				if (!req->no_resend) {
					req->resend = true;
					continue;
				}
			}
			if (!rc)
				rc = req->status;
		} else if (req->send_status == -EOVERFLOW) {
			/* A bigger reply than we made room for: once more with
			 * room for it (the server answers the resend from its
			 * saved reply); the connection is fine. */
			if (req->rep_grown || req->rep_rlength > LNET_MAX_PAYLOAD) {
				rc = -EPROTO;
				break;
			}
			kvfree(req->repbuf);
			req->repbuf = NULL;
			req->replen = req->rep_rlength;
			req->reqmsg->lm_repsize = req->replen;
			req->rep_grown = true;
			req->resend = true;
			continue;
		} else {
			if (left == 0) {
				req->timedout = true;
				if (imp->stats)
					obd_stats_add(imp->stats, PTLRPC_STAT_TIMEOUTS, 1);
				RPC_DLOG("%s: %s (xid %llu) timed out after %u s", imp->name,
					 ptlrpc_opcode_name(req->opc) ?: "rpc", req->xid,
					 req->timeout);
			}
			if (req->is_connect || req->no_resend || imp->reverse) {
				rc = req->send_status ?: -ETIMEDOUT;
				if (!req->is_connect)
					ptlrpc_import_fail(imp, req->conn_cnt);
			} else {
				/* Timed out, failed to send, or the import
				 * failed under us: reconnect and resend. */
				ptlrpc_import_fail(imp, req->conn_cnt);
				req->resend = true;
				if (imp->stats)
					obd_stats_add(imp->stats, PTLRPC_STAT_RESENDS, 1);
				continue;
			}
		}
		break;
	}
	if (rc >= 0 || !req->replied) {
		request_keep_for_replay(req);
	} else {
		spin_lock(&imp->lock);
		list_del_init(&req->list);
		spin_unlock(&imp->lock);
	}
	spin_lock(&imp->lock);
	list_del_init(&req->unreplied_link);
	spin_unlock(&imp->lock);
	if (rc >= 0 && req->bulk && imp->stats)
		obd_stats_add(imp->stats, req->bulk->dir == BULK_GET_SOURCE ?
			      PTLRPC_STAT_BULK_WRITE : PTLRPC_STAT_BULK_READ, req->bulk->nob_done);
	/* ptlrpc_import_close() waits for the import's lists to empty. */
	wake_up_all(&imp->wq);
	return rc;
}
EXPORT_SYMBOL(ptlrpc_queue_wait);

/* The import failed: requests sent on connection @conn_cnt or before will
 * not get their reply; make them resend after the reconnect. */
void ptlrpc_abort_inflight(struct obd_import *imp, u32 conn_cnt)
{
	struct ptlrpc_request *req;

	spin_lock(&imp->lock);
	list_for_each_entry(req, &imp->sending, list) {
		if (req->conn_cnt > conn_cnt || req->is_connect)
			continue;
		spin_lock(&req->lock);
		req->resend = true;
		spin_unlock(&req->lock);
		wake_up(&req->wq);
	}
	spin_unlock(&imp->lock);
}

/* Eviction or close: every request fails with -EIO. */
void ptlrpc_fail_all(struct obd_import *imp)
{
	struct ptlrpc_request *req, *tmp;
	LIST_HEAD(replay);

	spin_lock(&imp->lock);
	list_for_each_entry(req, &imp->sending, list) {
		WRITE_ONCE(req->intr, true);
		spin_lock(&req->lock);
		req->resend = true;
		spin_unlock(&req->lock);
		wake_up(&req->wq);
	}
	list_for_each_entry(req, &imp->delayed, list)
		WRITE_ONCE(req->intr, true);
	list_splice_init(&imp->replay, &replay);
	spin_unlock(&imp->lock);
	wake_up_all(&imp->wq);
	list_for_each_entry_safe(req, tmp, &replay, list) {
		list_del_init(&req->list);
		ptlrpc_request_put(req);
	}
}
