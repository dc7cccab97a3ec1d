// SPDX-License-Identifier: GPL-2.0
/*
 * The client side of the LDLM protocol: an import's lock namespace, the
 * enqueue and cancel RPCs, and the callbacks servers send.
 *
 * Enqueue: a cached lock that covers the request is reused
 * (ldlm_lock_match()).  Otherwise the local lock is made first, so that a
 * callback racing with the reply finds it by its handle, and LDLM_ENQUEUE
 * goes to the target's request portal with that handle and, when the
 * server agreed to OBD_CONNECT_CANCELSET, the handles of unused locks the
 * LRU would cancel anyway (early lock cancel: no separate CANCEL).  The
 * reply grants the lock or says it waits; a completion callback then grants
 * it.  An enqueue that fails after the reply gives the server's lock back
 * with a CANCEL from a work item (the caller may have a signal pending);
 * one that fails before leaves the server's lock, if any, to be dropped
 * when the server calls it back and hears -EINVAL.
 *
 * Cancel: the core cancels unused locks (LRU, blocking callback, release
 * of a called-back lock) and hands their server handles to cancel_batch,
 * which sends LDLM_CANCEL to LDLM_CANCEL_REQUEST_PORTAL.  The local lock is
 * gone by then, so the CANCEL must arrive: lost after the server called the
 * lock back, it would get this client evicted at the server's lock timeout.
 * It is therefore resent like any request, across reconnects; a resend is
 * harmless (the server skips an unknown handle and answers -ESTALE when it
 * knew none), and it only fails when the import is evicted or closed, when
 * the server dropped all our locks anyway.
 *
 * Callbacks: the node's "ldlm_cbd" service (LDLM_CB_REQUEST_PORTAL) runs
 * while any client namespace exists.  A callback names the lock by our own
 * handle; it is not a request on any connection of ours (its pb_handle is
 * the server's business), so it goes through no import or export check.  A
 * handle that names no lock of a client namespace of ours (cancelled
 * meanwhile) is answered -EINVAL, as Lustre does; the server then drops its
 * lock.
 *
 * Eviction: the server dropped all our locks; ldlm_cli_ns_evicted() drops
 * them here without a word to it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "ptlrpc_internal.h"
#include "ldlm_internal.h"
#include "ldlm_rpc_internal.h"

/* Callbacks may carry an LVB (a layout, for IBITS): Lustre's LDLM_BUFSIZE. */
#define LDLM_CBD_BUFSIZE	8192
/* Most early cancels one enqueue carries. */
#define LDLM_ENQUEUE_ELC_MAX	LDLM_CANCEL_BATCH

/**
 * struct ldlm_cli_ns - the glue's side of a client namespace.
 * @ops: the namespace's ops; each client namespace has its own copy, so
 *	that a callback finds this structure from a lock (ns->ops)
 * @glimpse: the owner's answer to LDLM_GL_CALLBACK, or NULL
 */
struct ldlm_cli_ns {
	struct ldlm_ns_ops ops;
	int (*glimpse)(struct ldlm_lock *lock, struct ost_lvb *lvb);
};

static DEFINE_MUTEX(ldlm_cli_mutex);
static unsigned int ldlm_cli_users;		/* client namespaces */
static struct ptlrpc_service *ldlm_cbd;

static void ldlm_cli_cancel_batch(struct ldlm_namespace *ns, struct ldlm_lock **locks,
				  unsigned int n);

/* The glue's side of @ns; NULL when it is not one of our client namespaces. */
static struct ldlm_cli_ns *ldlm_cli_ns(struct ldlm_namespace *ns)
{
	if (ns->side != LDLM_NAMESPACE_CLIENT || ns->ops->cancel_batch != ldlm_cli_cancel_batch)
		return NULL;
	return container_of(ns->ops, struct ldlm_cli_ns, ops);
}

/* --- cancels ------------------------------------------------------------------ */

/* LDLM_CANCEL for @n server handles, resent until it arrives (see above). */
static int ldlm_cli_cancel_rpc(struct obd_import *imp, const __u64 *handles, unsigned int n)
{
	struct ptlrpc_request *req;
	struct ldlm_request *rq;
	unsigned int i;
	int rc;

	req = ptlrpc_request_new(imp, LDLM_CANCEL, 2, (u32[]){ 0, ldlm_request_size(n) });
	if (IS_ERR(req))
		return PTR_ERR(req);
	ptlrpc_req_body(req)->pb_version = PTLRPC_MSG_VERSION | LUSTRE_DLM_VERSION;
	req->portal = LDLM_CANCEL_REQUEST_PORTAL;
	req->rep_portal = LDLM_CANCEL_REPLY_PORTAL;
	rq = lustre_msg_buf(req->reqmsg, 1, sizeof(*rq));
	rq->lock_count = n;
	for (i = 0; i < n; i++)
		ldlm_request_handle(rq, i)->cookie = handles[i];
	ptlrpc_request_set_replen(req, 1, (u32[]){ 0 });
	rc = ptlrpc_queue_wait(req);
	ptlrpc_request_put(req);
	/* -ESTALE: the server had none of them any more; nothing is lost. */
	return rc == -ESTALE ? 0 : rc;
}

/* ops->cancel_batch, from the core's cancel paths. */
static void ldlm_cli_cancel_batch(struct ldlm_namespace *ns, struct ldlm_lock **locks,
				  unsigned int n)
{
	__u64 handles[LDLM_CANCEL_BATCH];
	unsigned int i, m;
	int rc;

	while (n) {
		m = min_t(unsigned int, n, ARRAY_SIZE(handles));
		for (i = 0; i < m; i++)
			handles[i] = locks[i]->remote_handle;
		rc = ldlm_cli_cancel_rpc(ns->owner, handles, m);
		if (rc)
			RPC_DLOG("%s: cancel of %u locks: %d", ns->name, m, rc);
		locks += m;
		n -= m;
	}
}

struct ldlm_cancel_async {
	struct work_struct work;
	struct obd_import *imp;		/* counted */
	__u64 handle;
};

static void ldlm_cancel_async_work(struct work_struct *work)
{
	struct ldlm_cancel_async *ca = container_of(work, struct ldlm_cancel_async, work);

	ldlm_cli_cancel_rpc(ca->imp, &ca->handle, 1);
	ptlrpc_import_put(ca->imp);
	kfree(ca);
}

/*
 * Give the server back a lock we no longer have (an enqueue that failed
 * after its reply).  Without memory the server drops it when it calls it
 * back and we answer -EINVAL.
 */
static void ldlm_cli_cancel_async(struct obd_import *imp, __u64 handle)
{
	struct ldlm_cancel_async *ca = kmalloc(sizeof(*ca), GFP_NOFS);

	if (!ca)
		return;
	INIT_WORK(&ca->work, ldlm_cancel_async_work);
	ptlrpc_import_get(imp);
	ca->imp = imp;
	ca->handle = handle;
	queue_work(ptlrpc_wq, &ca->work);
}

/* --- enqueue ------------------------------------------------------------------ */

/* Whether a grant the server sent for @want can be held: a mode that covers
 * the one asked for, a policy that contains the one asked for. */
static bool ldlm_cli_grant_ok(enum ldlm_type type, enum ldlm_mode granted,
			      const union ldlm_wire_policy_data *policy,
			      const struct ldlm_lock_desc *want)
{
	return !ldlm_policy_check(type, granted, policy) &&
	       (ldlm_mode_covers_mask(want->l_req_mode) & granted) &&
	       ldlm_policy_contains(type, granted, policy, &want->l_policy_data);
}

/* Whether @desc from the wire names the resource of @want. */
static bool ldlm_cli_same_res(const struct ldlm_lock_desc *desc,
			      const struct ldlm_lock_desc *want)
{
	return desc->l_resource.lr_type == want->l_resource.lr_type &&
	       !memcmp(&desc->l_resource.lr_name, &want->l_resource.lr_name,
		       sizeof(want->l_resource.lr_name));
}

/* Move the caller's hold on @lock from mode @from to @to (a grant in another
 * mode moved it to that mode's readers or writers). */
static void ldlm_cli_hold_move(struct ldlm_lock *lock, enum ldlm_mode from, enum ldlm_mode to)
{
	if (ldlm_mode_is_writer(from) == ldlm_mode_is_writer(to))
		return;
	ldlm_lock_addref(lock, to);
	ldlm_lock_decref(lock, from);
}

/*
 * Send LDLM_ENQUEUE for @lock (waiting, held by the caller) with @ncancel
 * early cancels; record the server's handle in *@remote and the grant, if
 * the reply has one.
 */
static int ldlm_cli_enqueue_rpc(struct ldlm_lock *lock, __u32 flags, const __u64 *cancels,
				unsigned int ncancel, __u64 *remote)
{
	struct ldlm_namespace *ns = lock->res->ns;
	struct obd_import *imp = ns->owner;
	union ldlm_wire_policy_data *policy;
	struct ptlrpc_request *req;
	struct ldlm_lock_desc want;
	struct ldlm_request *rq;
	struct ldlm_reply *rep;
	enum ldlm_mode granted;
	unsigned int i;
	int rc;

	req = ptlrpc_request_new(imp, LDLM_ENQUEUE, 2,
				 (u32[]){ 0, ldlm_request_size(LDLM_ENQUEUE_CANCEL_OFF + ncancel) });
	if (IS_ERR(req)) {
		/* The early-cancelled locks are gone here already. */
		if (ncancel)
			ldlm_cli_cancel_rpc(imp, cancels, ncancel);
		return PTR_ERR(req);
	}
	ptlrpc_req_body(req)->pb_version = PTLRPC_MSG_VERSION | LUSTRE_DLM_VERSION;
	ldlm_lock_to_desc(lock, &want);
	rq = lustre_msg_buf(req->reqmsg, 1, sizeof(*rq));
	rq->lock_flags = flags;
	rq->lock_count = LDLM_ENQUEUE_CANCEL_OFF + ncancel;
	rq->lock_desc = want;
	rq->lock_handle[0].cookie = lock->cookie;
	for (i = 0; i < ncancel; i++)
		ldlm_request_handle(rq, LDLM_ENQUEUE_CANCEL_OFF + i)->cookie = cancels[i];
	/* A Lustre OST adds the object's LVB to the reply of an extent lock. */
	if (lock->type == LDLM_EXTENT)
		ptlrpc_request_set_replen(req, 3, (u32[]){ 0, sizeof(*rep),
							   sizeof(struct ost_lvb) });
	else
		ptlrpc_request_set_replen(req, 2, (u32[]){ 0, sizeof(*rep) });

	rc = ptlrpc_queue_wait(req);
	if (rc > 0)		/* ELDLM_LOCK_ABORTED only answers intents */
		rc = -EPROTO;
	if (rc)
		goto out;
	rep = lustre_msg_buf(req->repmsg, 1, sizeof(*rep));
	if (!rep || !rep->lock_handle.cookie) {
		rc = -EPROTO;
		goto out;
	}
	*remote = rep->lock_handle.cookie;
	ldlm_cli_lock_set_remote(lock, *remote);
	if (!ldlm_cli_same_res(&rep->lock_desc, &want)) {
		rc = -EPROTO;
		goto out;
	}
	granted = rep->lock_desc.l_granted_mode;
	if (granted != LCK_MINMODE) {
		policy = &rep->lock_desc.l_policy_data;
		if (!ldlm_cli_grant_ok(lock->type, granted, policy, &want)) {
			rc = -EPROTO;
			goto out;
		}
		rc = ldlm_cli_lock_grant(lock, granted, lock->type == LDLM_PLAIN ? NULL : policy);
		if (rc)
			goto out;
	}
	/* Someone waits for it: it goes as soon as the caller releases it. */
	if (rep->lock_flags & LDLM_FL_AST_SENT)
		ldlm_cli_blocking(ns, lock->cookie);
out:
	if (rc == -EPROTO)
		pr_warn_ratelimited("%s: malformed reply to LDLM_ENQUEUE from %s\n", ns->name,
				    imp->target_uuid.uuid);
	ptlrpc_request_put(req);
	return rc;
}

/**
 * ldlm_cli_enqueue() - get a lock from the server, or reuse a cached one.
 * @ns: a client namespace made by ldlm_cli_ns_new()
 * @res_id: the resource
 * @type: LDLM_PLAIN, LDLM_EXTENT or LDLM_IBITS
 * @mode: the mode wanted (a cached lock in a stronger mode serves)
 * @policy: the extent or inode bits wanted (NULL for PLAIN)
 * @flags: LDLM_FL_* for the server (e.g. LDLM_FL_BLOCK_NOWAIT); no intent
 * @lockp: gets the lock
 *
 * Waits (interruptibly) until the server grants the lock.  The lock may
 * cover more than asked (servers grow extents): see lock->policy.
 *
 * Context: process context, sleeps.
 * Return: 0 with *@lockp held in @mode (ldlm_cli_lock_release() it);
 * -EINTR on a signal; -EAGAIN when the flags forbade waiting and the lock
 * would have; -ESTALE when the namespace was evicted meanwhile; -EPROTO,
 * -EINVAL, -ENOMEM, or the server's or the transport's error.
 */
int ldlm_cli_enqueue(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		     enum ldlm_type type, enum ldlm_mode mode,
		     const union ldlm_wire_policy_data *policy, __u32 flags,
		     struct ldlm_lock **lockp)
{
	__u64 cancels[LDLM_ENQUEUE_ELC_MAX];
	struct obd_import *imp = ns->owner;
	unsigned int ncancel = 0;
	struct ldlm_lock *lock;
	__u64 remote = 0;
	int rc;

	*lockp = NULL;
	if (WARN_ON_ONCE(!ldlm_cli_ns(ns)) || (flags & LDLM_FL_HAS_INTENT))
		return -EINVAL;
	rc = ldlm_policy_check(type, mode, policy);
	if (rc)
		return rc;
	if (!ldlm_lock_match(ns, res_id, type, policy, ldlm_mode_covers_mask(mode), &lock)) {
		ldlm_cli_hold_move(lock, READ_ONCE(lock->granted_mode), mode);
		*lockp = lock;
		return 0;
	}

	lock = ldlm_cli_lock_new(ns, res_id, type, mode, policy);
	if (IS_ERR(lock))
		return PTR_ERR(lock);
	if (imp->ocd.ocd_connect_flags & OBD_CONNECT_CANCELSET)
		ncancel = ldlm_cancel_lru_collect(ns, ARRAY_SIZE(cancels), cancels);
	rc = ldlm_cli_enqueue_rpc(lock, flags, cancels, ncancel, &remote);
	if (rc)
		goto fail;
	rc = ldlm_cli_lock_wait_granted(lock, MAX_SCHEDULE_TIMEOUT);
	if (rc) {
		if (rc == -ERESTARTSYS)
			rc = -EINTR;
		goto fail;
	}
	ldlm_cli_hold_move(lock, READ_ONCE(lock->granted_mode), mode);
	*lockp = lock;
	return 0;

fail:
	ldlm_cli_lock_abort(lock);
	if (remote)
		ldlm_cli_cancel_async(imp, remote);
	/* Destroyed now: the granted mode, if any, no longer changes. */
	ldlm_lock_decref(lock, ldlm_lock_is_granted(lock) ? lock->granted_mode : mode);
	return rc;
}
EXPORT_SYMBOL(ldlm_cli_enqueue);

/**
 * ldlm_cli_lock_release() - release a lock ldlm_cli_enqueue() returned; it
 * stays cached (or goes, if the server called it back).
 * @lock: the lock
 * @mode: the mode it was enqueued in
 *
 * Context: any process context; does not sleep.
 */
void ldlm_cli_lock_release(struct ldlm_lock *lock, enum ldlm_mode mode)
{
	ldlm_lock_decref(lock, mode);
}
EXPORT_SYMBOL(ldlm_cli_lock_release);

/* --- callbacks from servers ------------------------------------------------------ */

static int ldlm_cbd_blocking(struct ptlrpc_request *req, struct ldlm_lock *lock)
{
	if (ldlm_cli_blocking(lock->res->ns, lock->cookie))
		return ptlrpc_error(req, -EINVAL);
	return ptlrpc_reply(req);
}

static int ldlm_cbd_completion(struct ptlrpc_request *req, struct ldlm_lock *lock,
			       const struct ldlm_request *rq)
{
	const union ldlm_wire_policy_data *policy = &rq->lock_desc.l_policy_data;
	enum ldlm_mode granted = rq->lock_desc.l_granted_mode;
	struct ldlm_namespace *ns = lock->res->ns;
	struct ldlm_lock_desc mine;

	ldlm_lock_to_desc(lock, &mine);
	if (!ldlm_cli_same_res(&rq->lock_desc, &mine) ||
	    !ldlm_cli_grant_ok(lock->type, granted, policy, &mine))
		return ptlrpc_error(req, -EPROTO);
	if (ldlm_cli_completion(ns, lock->cookie, granted,
				lock->type == LDLM_PLAIN ? NULL : policy))
		return ptlrpc_error(req, -EINVAL);	/* gone meanwhile */
	if (rq->lock_flags & LDLM_FL_AST_SENT)
		ldlm_cli_blocking(ns, lock->cookie);
	return ptlrpc_reply(req);
}

static int ldlm_cbd_glimpse(struct ptlrpc_request *req, struct ldlm_cli_ns *cns,
			    struct ldlm_lock *lock)
{
	struct ost_lvb *lvb;
	int rc;

	if (!cns->glimpse)
		return ptlrpc_error(req, -ELDLM_NO_LOCK_DATA);
	rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*lvb) });
	if (rc)
		return ptlrpc_error(req, rc);
	lvb = ptlrpc_reply_buf(req, 1, sizeof(*lvb));
	rc = cns->glimpse(lock, lvb);
	return rc ? ptlrpc_error(req, rc) : ptlrpc_reply(req);
}

/* The "ldlm_cbd" service: BL, CP and GL callbacks for our client locks. */
static int ldlm_cbd_handle(struct ptlrpc_request *req)
{
	struct ldlm_cli_ns *cns = NULL;
	struct ldlm_lock *lock = NULL;
	struct ldlm_request *rq;
	char nid[64];
	int rc;

	switch (req->opc) {
	case LDLM_BL_CALLBACK:
	case LDLM_CP_CALLBACK:
	case LDLM_GL_CALLBACK:
		break;
	default:
		return ptlrpc_error(req, -EOPNOTSUPP);
	}
	rq = lustre_msg_buf(req->reqmsg, 1, sizeof(*rq));
	if (!rq || ldlm_request_check(rq, lustre_msg_buflen(req->reqmsg, 1)))
		return ptlrpc_error(req, -EPROTO);
	lock = ldlm_handle2lock(rq->lock_handle[0].cookie);
	if (lock)
		cns = ldlm_cli_ns(lock->res->ns);
	if (!cns) {
		RPC_DLOG("%s for lock %#llx from %s: no such lock", ptlrpc_opcode_name(req->opc),
			 rq->lock_handle[0].cookie, nid4_str(req->peer_nid, nid, sizeof(nid)));
		rc = ptlrpc_error(req, -EINVAL);
		goto out;
	}
	switch (req->opc) {
	case LDLM_BL_CALLBACK:
		rc = ldlm_cbd_blocking(req, lock);
		break;
	case LDLM_CP_CALLBACK:
		rc = ldlm_cbd_completion(req, lock, rq);
		break;
	default:
		rc = ldlm_cbd_glimpse(req, cns, lock);
		break;
	}
out:
	/* The last use of the namespace: ldlm_cli_ns_free() waits for it. */
	ldlm_lock_put(lock);
	return rc;
}

/* --- namespaces ----------------------------------------------------------------- */

/* The first client namespace starts the callback service. */
static int ldlm_cbd_get(void)
{
	static const struct ptlrpc_service_conf conf = {
		.name = "ldlm_cbd",
		.req_portal = LDLM_CB_REQUEST_PORTAL,
		.rep_portal = LDLM_CB_REPLY_PORTAL,
		.buf_size = LDLM_CBD_BUFSIZE,
		.nbufs = 64,
		.threads_min = 2,
		.threads_max = 8,
		.handler = ldlm_cbd_handle,
	};
	struct ptlrpc_service *svc;
	int rc = 0;

	mutex_lock(&ldlm_cli_mutex);
	if (!ldlm_cli_users) {
		svc = ptlrpc_service_start(&conf);
		if (IS_ERR(svc)) {
			rc = PTR_ERR(svc);
			goto out;
		}
		ldlm_cbd = svc;
	}
	ldlm_cli_users++;
out:
	mutex_unlock(&ldlm_cli_mutex);
	return rc;
}

static void ldlm_cbd_put(void)
{
	mutex_lock(&ldlm_cli_mutex);
	if (!--ldlm_cli_users) {
		ptlrpc_service_stop(ldlm_cbd);
		ldlm_cbd = NULL;
	}
	mutex_unlock(&ldlm_cli_mutex);
}

/**
 * ldlm_cli_ns_new() - a CLIENT lock namespace for the locks taken through
 * @imp.
 * @imp: the import (counted by the namespace; ns->owner)
 * @name: the namespace's name (unique on the node)
 * @glimpse: optional: fill an ost_lvb from what the client caches under a
 *	lock (LDLM_GL_CALLBACK); return 0, or -ELDLM_NO_LOCK_DATA when it has
 *	nothing to say.  Called from a service thread, may sleep briefly.
 *	NULL answers every glimpse -ELDLM_NO_LOCK_DATA.
 *
 * The import's owner calls ldlm_cli_ns_evicted() from its evicted_cb.
 *
 * Context: process context, may sleep.
 * Return: the namespace, or an ERR_PTR (-EEXIST, -ENOMEM, or why the
 * callback service could not start).
 */
struct ldlm_namespace *ldlm_cli_ns_new(struct obd_import *imp, const char *name,
				       int (*glimpse)(struct ldlm_lock *lock,
						      struct ost_lvb *lvb))
{
	struct ldlm_namespace *ns;
	struct ldlm_cli_ns *cns;
	int rc;

	cns = kzalloc(sizeof(*cns), GFP_KERNEL);
	if (!cns)
		return ERR_PTR(-ENOMEM);
	cns->ops.cancel_batch = ldlm_cli_cancel_batch;
	cns->glimpse = glimpse;
	rc = ldlm_cbd_get();
	if (rc)
		goto fail_free;
	ns = ldlm_namespace_new(name, LDLM_NAMESPACE_CLIENT, &cns->ops, imp);
	if (IS_ERR(ns)) {
		rc = PTR_ERR(ns);
		goto fail_cbd;
	}
	ptlrpc_import_get(imp);
	return ns;

fail_cbd:
	ldlm_cbd_put();
fail_free:
	kfree(cns);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL(ldlm_cli_ns_new);

/**
 * ldlm_cli_ns_free() - free a namespace made by ldlm_cli_ns_new(), once
 * its import is closed (the server dropped our locks at the disconnect, so
 * none is cancelled here) and its owner released every lock it held.
 * @ns: the namespace (NULL is ignored)
 *
 * Context: process context, sleeps.
 */
void ldlm_cli_ns_free(struct ldlm_namespace *ns)
{
	struct ldlm_cli_ns *cns;
	struct obd_import *imp;

	if (!ns)
		return;
	cns = ldlm_cli_ns(ns);
	if (WARN_ON_ONCE(!cns))
		return;
	imp = ns->owner;
	/* Waits for every lock reference, those of callbacks in progress
	 * included: nothing uses @cns after it. */
	ldlm_namespace_free(ns);
	ptlrpc_import_put(imp);
	kfree(cns);
	ldlm_cbd_put();
}
EXPORT_SYMBOL(ldlm_cli_ns_free);

/**
 * ldlm_cli_ns_evicted() - the server evicted us and dropped all our locks:
 * drop them here too, without RPCs.
 * @ns: a namespace made by ldlm_cli_ns_new()
 *
 * Cached locks go; held locks are destroyed under their holders (their
 * release sends nothing, and they are no longer matched); enqueues waiting
 * for a grant fail with -ESTALE.  Called from the import's evicted_cb,
 * while the import is EVICTED (an RPC made meanwhile fails at once).
 *
 * Context: process context, may sleep.
 */
void ldlm_cli_ns_evicted(struct ldlm_namespace *ns)
{
	unsigned int n;

	if (WARN_ON_ONCE(!ldlm_cli_ns(ns)))
		return;
	/* ldlm.h offers no way to drop every lock of a live namespace; the
	 * core's sweep does exactly that: no op is called, waiters wake. */
	n = ldlm_ns_sweep(ns, NULL, true);
	if (n)
		pr_info("%s: %u locks dropped after eviction\n", ns->name, n);
}
EXPORT_SYMBOL(ldlm_cli_ns_evicted);
