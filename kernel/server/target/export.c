// SPDX-License-Identifier: GPL-2.0
/*
 * Exports: each connected client as a server sees it, found by the random
 * cookie every request carries in pb_handle.
 *
 * Reply cache: an export remembers the xids it is executing and the replies
 * it sent, until the client says (pb_last_xid) it has every reply up to an
 * xid, or the cache holds more than EXP_MAX_REPLIES (oldest dropped).  A
 * request marked MSG_RESENT whose xid is there is not executed again: a
 * saved reply is sent again, an xid still executing is dropped (its reply
 * goes to the client's new reply buffer, which has the same match bits).
 *
 * The evictor: a client that sends nothing (not even a ping) for 1.5 ×
 * obd_timeout is evicted: its export is removed, the target drops what it
 * held (locks), and its next request is answered -ENOTCONN.  Exports are
 * kept on one list in the order of their last request (export_lru): a
 * request moves its export to the tail, at most once a second (the time is
 * in seconds), so the evictor looks at the head only and its work is the
 * exports that expired, not all of them.  last_request is written under
 * export_lru_lock with the clock read there, which keeps the list sorted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <nacre/ldlm_rpc.h>
#include "ptlrpc_internal.h"

#define EXP_HASH_BITS	8
#define EXP_MAX_REPLIES	1024

static DEFINE_HASHTABLE(export_hash, EXP_HASH_BITS);
static DEFINE_SPINLOCK(export_hash_lock);
/* Nests inside export_hash_lock (export_unhash()). */
static LIST_HEAD(export_lru);
static DEFINE_SPINLOCK(export_lru_lock);
static struct delayed_work evictor_work;

struct exp_reply {
	struct list_head list;
	u64 xid;
	struct ptlrpc_reply_state *rs;	/* NULL while executing */
};

static void export_free(struct kref *ref)
{
	struct obd_export *exp = container_of(ref, struct obd_export, ref);
	struct exp_reply *r, *tmp;

	list_for_each_entry_safe(r, tmp, &exp->replies, list) {
		ptlrpc_rs_put(r->rs);
		kfree(r);
	}
	ptlrpc_import_put(exp->rev_imp);
	kfree(exp);
	atomic_dec(&ptlrpc_nexports);
}

void ptlrpc_export_put(struct obd_export *exp)
{
	if (exp)
		kref_put(&exp->ref, export_free);
}
EXPORT_SYMBOL(ptlrpc_export_put);

/*
 * The export with @cookie, counted, with its target marked active (release
 * with tgt_active_put()): ptlrpc_target_unregister() destroys exports under
 * export_hash_lock and then waits for the target to be idle, so the target
 * outlives a request that found its export.
 */
struct obd_export *ptlrpc_export_find(u64 cookie)
{
	struct obd_export *exp;

	spin_lock(&export_hash_lock);
	hash_for_each_possible(export_hash, exp, hash, cookie) {
		if (exp->handle.cookie == cookie && !exp->failed) {
			ptlrpc_export_get(exp);
			atomic_inc(&exp->tgt->active);
			spin_unlock(&export_hash_lock);
			return exp;
		}
	}
	spin_unlock(&export_hash_lock);
	return NULL;
}

struct obd_export *ptlrpc_export_new(struct ptlrpc_target *tgt, const struct obd_uuid *cluuid,
				     u64 peer_nid)
{
	struct obd_export *exp = kzalloc(sizeof(*exp), GFP_KERNEL);

	if (!exp)
		return NULL;
	kref_init(&exp->ref);	/* the hash's */
	spin_lock_init(&exp->lock);
	INIT_LIST_HEAD(&exp->replies);
	INIT_LIST_HEAD(&exp->tgt_list);
	INIT_LIST_HEAD(&exp->lru_link);
	exp->tgt = tgt;
	exp->client_uuid = *cluuid;
	exp->peer_nid = peer_nid;
	do {
		exp->handle.cookie = get_random_u64();
	} while (!exp->handle.cookie);
	atomic_inc(&ptlrpc_nexports);
	spin_lock(&export_hash_lock);
	hash_add(export_hash, &exp->hash, exp->handle.cookie);
	spin_lock(&export_lru_lock);
	exp->last_request = ktime_get_seconds();
	list_add_tail(&exp->lru_link, &export_lru);
	spin_unlock(&export_lru_lock);
	spin_unlock(&export_hash_lock);
	spin_lock(&tgt->lock);
	list_add_tail(&exp->tgt_list, &tgt->exports);
	tgt->nexports++;
	spin_unlock(&tgt->lock);
	return exp;
}

/* Take @exp out of the hash and its target; the first caller wins. */
static bool export_unhash(struct obd_export *exp)
{
	struct ptlrpc_target *tgt = exp->tgt;
	bool mine;

	spin_lock(&export_hash_lock);
	mine = !exp->failed;
	if (mine) {
		exp->failed = true;
		hash_del(&exp->hash);
		spin_lock(&export_lru_lock);
		list_del_init(&exp->lru_link);
		spin_unlock(&export_lru_lock);
	}
	spin_unlock(&export_hash_lock);
	if (mine) {
		spin_lock(&tgt->lock);
		list_del_init(&exp->tgt_list);
		tgt->nexports--;
		spin_unlock(&tgt->lock);
	}
	return mine;
}

/**
 * ptlrpc_export_touch() - @exp's client was heard from: it is not evicted
 * for another 1.5 × obd_timeout.
 * @exp: a counted export (a failed one is left alone)
 *
 * Takes export_lru_lock at most once a second per export.
 */
void ptlrpc_export_touch(struct obd_export *exp)
{
	if (READ_ONCE(exp->last_request) == ktime_get_seconds())
		return;
	spin_lock(&export_lru_lock);
	if (!list_empty(&exp->lru_link)) {
		WRITE_ONCE(exp->last_request, ktime_get_seconds());
		list_move_tail(&exp->lru_link, &export_lru);
	}
	spin_unlock(&export_lru_lock);
}

/* Disconnect (@evicted false) or evict: the target drops what @exp held. */
void ptlrpc_export_destroy(struct obd_export *exp, bool evicted)
{
	struct ptlrpc_target *tgt = exp->tgt;

	if (!export_unhash(exp))
		return;
	/* Its locks go first (granting what they blocked): the disconnect
	 * op may free what they cover. */
	ldlm_export_cleanup(exp);
	if (tgt->ops && tgt->ops->disconnect)
		tgt->ops->disconnect(tgt, exp, evicted);
	ptlrpc_export_put(exp);		/* the hash's reference */
	wake_up_all(&tgt->waitq);
}

void ptlrpc_export_evict(struct obd_export *exp, const char *why)
{
	char nid[64];

	if (READ_ONCE(exp->failed))
		return;
	pr_warn("%s: evicting client %s at %s: %s\n", exp->tgt->name, exp->client_uuid.uuid,
		nid4_str(exp->peer_nid, nid, sizeof(nid)), why);
	RPC_DLOG("%s: evicting %s at %s: %s", exp->tgt->name, exp->client_uuid.uuid, nid, why);
	exp->tgt->evictions++;
	ptlrpc_export_destroy(exp, true);
}
EXPORT_SYMBOL(ptlrpc_export_evict);

static void replies_prune(struct obd_export *exp, u64 last_xid, struct list_head *gone)
{
	struct exp_reply *r, *tmp;

	lockdep_assert_held(&exp->lock);
	list_for_each_entry_safe(r, tmp, &exp->replies, list) {
		if ((r->rs && r->xid <= last_xid) || exp->nreplies > EXP_MAX_REPLIES) {
			list_move(&r->list, gone);
			exp->nreplies--;
		}
	}
}

static void replies_free(struct list_head *gone)
{
	struct exp_reply *r, *tmp;

	list_for_each_entry_safe(r, tmp, gone, list) {
		ptlrpc_rs_put(r->rs);
		kfree(r);
	}
}

bool ptlrpc_export_resend(struct obd_export *exp, struct ptlrpc_request *req)
{
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	struct ptlrpc_reply_state *rs = NULL;
	struct exp_reply *r;
	bool found = false;
	LIST_HEAD(gone);

	spin_lock(&exp->lock);
	if (body->pb_last_xid > exp->last_xid) {
		exp->last_xid = body->pb_last_xid;
		replies_prune(exp, exp->last_xid, &gone);
	}
	if (body->pb_flags & MSG_RESENT) {
		list_for_each_entry(r, &exp->replies, list) {
			if (r->xid == req->xid) {
				found = true;
				rs = r->rs;
				if (rs)
					kref_get(&rs->ref);
				break;
			}
		}
	}
	spin_unlock(&exp->lock);
	replies_free(&gone);
	if (!found)
		return false;
	if (rs) {
		RPC_DLOG("%s: resent xid %llu from %s: saved reply sent again", exp->tgt->name,
			 req->xid, exp->client_uuid.uuid);
		ptlrpc_rs_send(rs, req);
		ptlrpc_rs_put(rs);
	} else {
		RPC_DLOG("%s: resent xid %llu from %s is still executing: dropped",
			 exp->tgt->name, req->xid, exp->client_uuid.uuid);
	}
	req->reply_sent = true;		/* answered (or will be) by the original */
	return true;
}

void ptlrpc_export_begin(struct obd_export *exp, struct ptlrpc_request *req)
{
	struct exp_reply *r = kzalloc(sizeof(*r), GFP_NOFS);
	LIST_HEAD(gone);

	if (!r)
		return;		/* a resend will then execute again: rare */
	r->xid = req->xid;
	spin_lock(&exp->lock);
	list_add_tail(&r->list, &exp->replies);
	exp->nreplies++;
	if (exp->nreplies > EXP_MAX_REPLIES)
		replies_prune(exp, exp->last_xid, &gone);
	spin_unlock(&exp->lock);
	replies_free(&gone);
}

void ptlrpc_export_saved(struct obd_export *exp, u64 xid, struct ptlrpc_reply_state *rs)
{
	struct exp_reply *r;

	spin_lock(&exp->lock);
	list_for_each_entry_reverse(r, &exp->replies, list) {
		if (r->xid == xid && !r->rs) {
			kref_get(&rs->ref);
			r->rs = rs;
			break;
		}
	}
	spin_unlock(&exp->lock);
}

/**
 * ptlrpc_drop_request() - answer nothing to @req (its bulk failed, say): the
 * client times out and resends, and the resend runs again, as it must,
 * because the in-progress entry of its xid is forgotten.
 */
void ptlrpc_drop_request(struct ptlrpc_request *req)
{
	struct obd_export *exp = req->exp;
	struct exp_reply *r, *found = NULL;

	req->reply_sent = true;
	if (!exp)
		return;
	spin_lock(&exp->lock);
	list_for_each_entry(r, &exp->replies, list) {
		if (r->xid == req->xid && !r->rs) {
			found = r;
			list_del(&r->list);
			exp->nreplies--;
			break;
		}
	}
	spin_unlock(&exp->lock);
	kfree(found);
}
EXPORT_SYMBOL(ptlrpc_drop_request);

/* --- the evictor --------------------------------------------------------- */

static void evictor_scan(struct work_struct *work)
{
	time64_t limit = ktime_get_seconds() - (time64_t)obd_timeout * 3 / 2;
	struct ptlrpc_target *tgt;
	struct obd_export *victim;

	for (;;) {
		spin_lock(&export_lru_lock);
		victim = list_first_entry_or_null(&export_lru, struct obd_export, lru_link);
		if (victim && READ_ONCE(victim->last_request) < limit) {
			ptlrpc_export_get(victim);
			/* As for a request: the target outlives us.  It is
			 * on the list, so not unhashed yet: the target's
			 * unregistration waits for this (see export_unhash()). */
			atomic_inc(&victim->tgt->active);
		} else {
			victim = NULL;	/* the oldest is recent: so are the rest */
		}
		spin_unlock(&export_lru_lock);
		if (!victim)
			break;
		tgt = victim->tgt;
		/* Takes it off the list (export_unhash()), or someone
		 * destroying it already does. */
		ptlrpc_export_evict(victim, "no request or ping for 1.5 x timeout");
		ptlrpc_export_put(victim);
		tgt_active_put(tgt);
		cond_resched();
	}
	queue_delayed_work(ptlrpc_wq, &evictor_work, HZ);
}

int ptlrpc_evictor_init(void)
{
	INIT_DELAYED_WORK(&evictor_work, evictor_scan);
	queue_delayed_work(ptlrpc_wq, &evictor_work, HZ);
	return 0;
}

void ptlrpc_evictor_fini(void)
{
	cancel_delayed_work_sync(&evictor_work);
}
