// SPDX-License-Identifier: GPL-2.0
/*
 * The server side of the LDLM protocol: a target's lock namespace and the
 * requests its clients send about their locks.
 *
 *   LDLM_ENQUEUE [body, ldlm_request (, ldlm_intent)] -> [body, ldlm_reply]
 *   LDLM_CONVERT [body, ldlm_request]                 -> [body, ldlm_reply]
 *   LDLM_CANCEL  [body, ldlm_request]                 -> [body]
 *
 * They come to the target's own request portal, dispatched by
 * tgt_request_handle() through LDLM_TGT_SLICE (so the export's reply cache
 * answers resent enqueues), and cancels also to LDLM_CANCEL_REQUEST_PORTAL,
 * where the node's "ldlm_canceld" service finds the export itself.  A
 * cancel needs no reply cache: cancelling is idempotent, an unknown handle
 * is skipped (the lock may be gone already), and a cancel that found none
 * of its locks is answered -ESTALE, which Lustre clients take as "out of
 * sync, not fatal".
 *
 * A request only ever names locks of its own export: the handle of another
 * client's lock, or of another target's, is as good as unknown.
 *
 * An enqueue can race with the eviction of its export, which cancels the
 * export's locks: a lock the enqueue adds after that is cancelled here
 * (ldlm_export_gone(), paired with ldlm_export_cleanup()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include "ptlrpc_internal.h"
#include "ldlm_rpc_internal.h"

/* The largest request the cancel service takes (Lustre's LDLM_MAXREQSIZE). */
#define LDLM_CANCELD_BUFSIZE	5120

/* Flags only a server sets in a reply: never taken from a request. */
#define LDLM_FL_REPLY_ONLY	(LDLM_FL_LOCK_CHANGED | LDLM_FL_BLOCKED_MASK | LDLM_FL_AST_SENT)
/* Flags of local lock operations (flock tests, matches) that a server
 * enqueue does not honour. */
#define LDLM_FL_LOCAL_ONLY	(LDLM_FL_TEST_LOCK | LDLM_FL_MATCH_LOCK)

static DEFINE_MUTEX(ldlm_srv_mutex);
static unsigned int ldlm_srv_users;		/* server namespaces */
static struct ptlrpc_service *ldlm_canceld;

static int ldlm_canceld_handle(struct ptlrpc_request *req);

/* The first server namespace starts the cancel service and the AST queue. */
static int ldlm_srv_get(void)
{
	static const struct ptlrpc_service_conf conf = {
		.name = "ldlm_canceld",
		.req_portal = LDLM_CANCEL_REQUEST_PORTAL,
		.rep_portal = LDLM_CANCEL_REPLY_PORTAL,
		.buf_size = LDLM_CANCELD_BUFSIZE,
		.nbufs = 64,
		.threads_min = 2,
		.threads_max = 8,
		.handler = ldlm_canceld_handle,
	};
	struct ptlrpc_service *svc;
	int rc = 0;

	mutex_lock(&ldlm_srv_mutex);
	if (!ldlm_srv_users) {
		rc = ldlm_ast_start();
		if (rc)
			goto out;
		svc = ptlrpc_service_start(&conf);
		if (IS_ERR(svc)) {
			rc = PTR_ERR(svc);
			ldlm_ast_stop();
			goto out;
		}
		ldlm_canceld = svc;
	}
	ldlm_srv_users++;
out:
	mutex_unlock(&ldlm_srv_mutex);
	return rc;
}

/* The last one stops them; no export (so no cancel or AST) is left. */
static void ldlm_srv_put(void)
{
	mutex_lock(&ldlm_srv_mutex);
	if (!--ldlm_srv_users) {
		ptlrpc_service_stop(ldlm_canceld);
		ldlm_canceld = NULL;
		ldlm_ast_stop();
	}
	mutex_unlock(&ldlm_srv_mutex);
}

/**
 * ldlm_target_setup() - give @tgt its lock namespace (tgt->ns, a SERVER
 * namespace named after the target) before it is registered.
 * @tgt: the target
 *
 * Context: process context, may sleep.
 * Return: 0; -EEXIST when the name is taken (or @tgt has a namespace),
 * -ENOMEM, or why the cancel service could not start.
 */
int ldlm_target_setup(struct ptlrpc_target *tgt)
{
	struct ldlm_namespace *ns;
	int rc;

	if (WARN_ON_ONCE(tgt->ns))
		return -EEXIST;
	rc = ldlm_srv_get();
	if (rc)
		return rc;
	ns = ldlm_namespace_new(tgt->name, LDLM_NAMESPACE_SERVER, &ldlm_srv_ns_ops, tgt);
	if (IS_ERR(ns)) {
		ldlm_srv_put();
		return PTR_ERR(ns);
	}
	tgt->ns = ns;
	return 0;
}
EXPORT_SYMBOL(ldlm_target_setup);

/**
 * ldlm_target_cleanup() - free @tgt's lock namespace, after
 * ptlrpc_target_unregister().
 * @tgt: the target (nothing happens without a namespace)
 *
 * Context: process context, sleeps until the callbacks still on their way
 * to the target's clients have ended.
 */
void ldlm_target_cleanup(struct ptlrpc_target *tgt)
{
	if (!tgt->ns)
		return;
	WARN_ON_ONCE(READ_ONCE(tgt->nexports));
	/*
	 * Every export is gone, and with it its locks and its reverse import
	 * (closed: callbacks still sending fail at once).  No lock is left to
	 * make a new callback, so one flush ends every callback work item
	 * that could still use a lock or an export of this target.
	 */
	ldlm_ast_flush();
	ldlm_namespace_free(tgt->ns);
	tgt->ns = NULL;
	ldlm_srv_put();
}
EXPORT_SYMBOL(ldlm_target_cleanup);

/**
 * ldlm_export_gone() - whether @exp was evicted or disconnected while the
 * caller added a lock for it.
 * @exp: the export the caller holds
 *
 * Pairs with ldlm_export_cleanup(), which takes exp->lock after the export
 * is marked failed and before it cancels the export's locks: when this
 * section comes first, the lock added before it is among those cancelled;
 * when it comes after, it sees failed.
 *
 * Return: true when the caller must cancel the lock it added.
 */
bool ldlm_export_gone(struct obd_export *exp)
{
	bool gone;

	spin_lock(&exp->lock);
	gone = exp->failed;
	spin_unlock(&exp->lock);
	return gone;
}

/* The ldlm_request in buffer 1 of @req, holding every handle it counts. */
static struct ldlm_request *ldlm_req_unpack(struct ptlrpc_request *req)
{
	struct ldlm_request *rq = lustre_msg_buf(req->reqmsg, 1, sizeof(*rq));

	if (!rq || ldlm_request_check(rq, lustre_msg_buflen(req->reqmsg, 1)))
		return NULL;
	return rq;
}

/* The lock of @exp in @ns whose handle is @cookie, counted; else NULL. */
static struct ldlm_lock *ldlm_export_lock(struct ldlm_namespace *ns, struct obd_export *exp,
					  u64 cookie)
{
	struct ldlm_lock *lock = ldlm_handle2lock(cookie);

	if (lock && (lock->res->ns != ns || lock->export != exp)) {
		ldlm_lock_put(lock);
		lock = NULL;
	}
	return lock;
}

/* Cancel the locks of @exp named by handles @first .. lock_count - 1. */
static unsigned int ldlm_cancel_handles(struct obd_export *exp, struct ldlm_request *rq,
					u32 first)
{
	struct ldlm_namespace *ns = exp->tgt->ns;
	unsigned int n = 0;
	u32 i;

	for (i = first; i < rq->lock_count; i++) {
		struct ldlm_lock *lock;

		lock = ldlm_export_lock(ns, exp, ldlm_request_handle(rq, i)->cookie);
		if (!lock)
			continue;
		ldlm_lock_cancel(lock);
		ldlm_lock_put(lock);
		n++;
		cond_resched();
	}
	return n;
}

/* LDLM_CANCEL, from the target's portal or the cancel service. */
static int ldlm_handle_cancel(struct ptlrpc_request *req)
{
	struct obd_export *exp = req->exp;
	struct ldlm_request *rq;

	if (!exp->tgt->ns)
		return ptlrpc_error(req, -EOPNOTSUPP);
	rq = ldlm_req_unpack(req);
	if (!rq)
		return ptlrpc_error(req, -EPROTO);
	if (!ldlm_cancel_handles(exp, rq, 0) && rq->lock_count)
		req->status = -ESTALE;
	return ptlrpc_reply(req);
}

/* The "ldlm_canceld" service: LDLM_CANCEL only, from a connected client. */
static int ldlm_canceld_handle(struct ptlrpc_request *req)
{
	struct obd_export *exp;
	int rc;

	if (req->opc != LDLM_CANCEL)
		return ptlrpc_error(req, -EOPNOTSUPP);
	exp = ptlrpc_export_find(lustre_msg_body(req->reqmsg)->pb_handle.cookie);
	if (!exp)
		return ptlrpc_error(req, -ENOTCONN);	/* the client reconnects */
	req->exp = exp;		/* put with the request */
	ptlrpc_export_touch(exp);
	rc = ldlm_handle_cancel(req);
	tgt_active_put(exp->tgt);
	return rc;
}

/* A lock description from the wire: a type and a single mode the lock
 * manager grants to clients, a sane policy. */
static int ldlm_desc_check(const struct ldlm_lock_desc *desc)
{
	enum ldlm_mode mode = desc->l_req_mode;

	/* COS and TXN are an MDT's own modes: they never travel. */
	if (mode == LCK_COS || mode == LCK_TXN)
		return -EINVAL;
	return ldlm_policy_check(desc->l_resource.lr_type, mode, &desc->l_policy_data);
}

/*
 * The lock a resent enqueue made the first time: @exp's, under the client's
 * @cookie, on the resource the request names (another resource would be a
 * client reusing a handle: that request is enqueued as new).  Counted.
 * One lookup in the namespace's resend index (ldlm_remote.c): any client may
 * mark any enqueue MSG_RESENT, so this must not cost more with more locks.
 */
static struct ldlm_lock *ldlm_resent_lock(struct ldlm_namespace *ns, struct obd_export *exp,
					  u64 cookie, const struct ldlm_lock_desc *want)
{
	struct ldlm_lock *lock = ldlm_lock_find_remote(ns, exp, cookie);

	if (lock && (lock->type != want->l_resource.lr_type ||
		     memcmp(&lock->res->name, &want->l_resource.lr_name,
			    sizeof(lock->res->name)))) {
		ldlm_lock_put(lock);
		lock = NULL;
	}
	return lock;
}

/* Fill the reply's ldlm_reply for @lock, enqueued from @want with @flags. */
static void ldlm_enqueue_reply_fill(struct ldlm_reply *rep, struct ldlm_lock *lock,
				    const struct ldlm_lock_desc *want, __u32 flags)
{
	ldlm_lock_to_desc(lock, &rep->lock_desc);
	/* It may have been granted since the enqueue returned: the reply
	 * then says so (the completion callback is redundant). */
	if (rep->lock_desc.l_granted_mode != LCK_MINMODE) {
		flags &= ~LDLM_FL_BLOCKED_MASK;
		if (lock->type != LDLM_PLAIN &&
		    memcmp(&rep->lock_desc.l_policy_data, &want->l_policy_data,
			   sizeof(want->l_policy_data)))
			flags |= LDLM_FL_LOCK_CHANGED;
	}
	/* Someone waits for it already: the client may drop it after use. */
	if (test_bit(LDLM_LS_BL_AST, &lock->state))
		flags |= LDLM_FL_AST_SENT;
	rep->lock_flags = flags;
	rep->lock_handle.cookie = lock->cookie;
}

static int ldlm_handle_enqueue(struct ptlrpc_request *req)
{
	struct obd_export *exp = req->exp;
	struct ptlrpc_target *tgt = exp->tgt;
	struct ldlm_namespace *ns = tgt->ns;
	struct ldlm_lock_desc want;
	struct ldlm_request *rq;
	struct ldlm_reply *rep;
	struct ldlm_lock *lock;
	bool aborted = false;
	__u32 flags;
	int rc;

	if (!ns)
		return ptlrpc_error(req, -EOPNOTSUPP);
	rq = ldlm_req_unpack(req);
	if (!rq)
		return ptlrpc_error(req, -EPROTO);
	/* Early cancels first: they may be what the new lock would wait for. */
	ldlm_cancel_handles(exp, rq, LDLM_ENQUEUE_CANCEL_OFF);

	/* Callbacks name the lock by the client's handle: it must have one. */
	if (!rq->lock_handle[0].cookie)
		return ptlrpc_error(req, -EPROTO);
	want = rq->lock_desc;
	rc = ldlm_desc_check(&want);
	if (rc)
		return ptlrpc_error(req, rc);
	flags = rq->lock_flags & ~(LDLM_FL_REPLY_ONLY | LDLM_FL_LOCAL_ONLY);
	if (flags & LDLM_FL_HAS_INTENT) {
		if (!lustre_msg_buf(req->reqmsg, 2, sizeof(struct ldlm_intent)))
			return ptlrpc_error(req, -EPROTO);
		if (!tgt->ops || !tgt->ops->intent_policy)
			return ptlrpc_error(req, -EOPNOTSUPP);
	}

	/* A resend whose saved reply is gone (pruned, or never saved) must
	 * not make a second lock: the client knows one lock by this handle.
	 * It gets the one it has, as it is now. */
	lock = NULL;
	if (lustre_msg_body(req->reqmsg)->pb_flags & MSG_RESENT)
		lock = ldlm_resent_lock(ns, exp, rq->lock_handle[0].cookie, &want);
	if (lock) {
		RPC_DLOG("%s: resent enqueue xid %llu from %s: lock %#llx already there",
			 tgt->name, req->xid, exp->client_uuid.uuid, lock->cookie);
		flags &= ~LDLM_FL_BLOCKED_MASK;
		if (!ldlm_lock_is_granted(lock))
			flags |= LDLM_FL_BLOCK_GRANTED;
	} else {
		rc = ldlm_lock_enqueue(ns, &want.l_resource.lr_name, want.l_resource.lr_type,
				       want.l_req_mode,
				       want.l_resource.lr_type == LDLM_PLAIN ? NULL :
				       &want.l_policy_data,
				       &flags, exp, rq->lock_handle[0].cookie, &lock);
		if (rc)
			return ptlrpc_error(req, rc);
	}
	if (ldlm_export_gone(exp)) {
		rc = -ENOTCONN;
		goto cancel;
	}
	if (flags & LDLM_FL_HAS_INTENT) {
		rc = tgt->ops->intent_policy(tgt, req, lock);
		if (rc == ELDLM_LOCK_ABORTED) {
			aborted = true;
		} else if (rc) {
			if (WARN_ON_ONCE(rc > 0))
				rc = -EPROTO;
			goto cancel;
		}
	}
	if (!req->rep_buf) {
		rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*rep) });
		if (rc)
			goto cancel;
	}
	rep = ptlrpc_reply_buf(req, 1, sizeof(*rep));
	if (WARN_ON_ONCE(!rep)) {	/* an intent policy built a bad reply */
		rc = -EPROTO;
		goto cancel;
	}
	if (aborted) {
		/* The intent was all the client wanted: no lock. */
		ldlm_lock_cancel(lock);
		ldlm_lock_put(lock);
		rep->lock_flags = flags & ~LDLM_FL_BLOCKED_MASK;
		rep->lock_desc = want;
		req->status = ELDLM_LOCK_ABORTED;
		return ptlrpc_reply(req);
	}
	ldlm_enqueue_reply_fill(rep, lock, &want, flags);
	ldlm_lock_put(lock);
	return ptlrpc_reply(req);

cancel:
	ldlm_lock_cancel(lock);
	ldlm_lock_put(lock);
	return ptlrpc_error(req, rc);
}

/* LDLM_CONVERT: lock_handle[0] is ours; the desc has the new mode and,
 * for IBITS, the bits to keep. */
static int ldlm_handle_convert(struct ptlrpc_request *req)
{
	struct obd_export *exp = req->exp;
	struct ldlm_namespace *ns = exp->tgt->ns;
	struct ldlm_request *rq;
	struct ldlm_reply *rep;
	struct ldlm_lock *lock;
	__u64 bits = 0;
	int rc;

	if (!ns)
		return ptlrpc_error(req, -EOPNOTSUPP);
	rq = ldlm_req_unpack(req);
	if (!rq)
		return ptlrpc_error(req, -EPROTO);
	lock = ldlm_export_lock(ns, exp, rq->lock_handle[0].cookie);
	if (!lock)
		return ptlrpc_error(req, -EINVAL);
	if (lock->type == LDLM_IBITS)
		bits = rq->lock_desc.l_policy_data.l_inodebits.bits;
	rc = ldlm_lock_convert(lock, rq->lock_desc.l_req_mode, bits);
	if (!rc)
		rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*rep) });
	if (rc) {
		ldlm_lock_put(lock);
		return ptlrpc_error(req, rc);
	}
	rep = ptlrpc_reply_buf(req, 1, sizeof(*rep));
	rep->lock_flags = rq->lock_flags & ~(LDLM_FL_REPLY_ONLY | LDLM_FL_LOCAL_ONLY);
	ldlm_lock_to_desc(lock, &rep->lock_desc);
	rep->lock_handle.cookie = lock->cookie;
	ldlm_lock_put(lock);
	return ptlrpc_reply(req);
}

/* Indexed by opcode - LDLM_ENQUEUE (see LDLM_TGT_SLICE). */
const struct tgt_handler ldlm_tgt_handlers[LDLM_CANCEL - LDLM_ENQUEUE + 1] = {
	[LDLM_ENQUEUE - LDLM_ENQUEUE] = { LDLM_ENQUEUE, ldlm_handle_enqueue },
	[LDLM_CONVERT - LDLM_ENQUEUE] = { LDLM_CONVERT, ldlm_handle_convert },
	[LDLM_CANCEL - LDLM_ENQUEUE] = { LDLM_CANCEL, ldlm_handle_cancel },
};
EXPORT_SYMBOL(ldlm_tgt_handlers);
