// SPDX-License-Identifier: GPL-2.0
/*
 * The server's callbacks to its clients (Lustre's "ASTs"):
 *
 *   LDLM_BL_CALLBACK [body, ldlm_request] -> [body]
 *	a granted lock blocks another: lock_desc describes the blocker,
 *	lock_handle[0] is the client's handle of the lock to give up
 *   LDLM_CP_CALLBACK [body, ldlm_request] -> [body]
 *	a waiting lock was granted: lock_desc is the lock as granted
 *   LDLM_GL_CALLBACK [body, ldlm_request] -> [body, ost_lvb]
 *	glimpse: what the holder of a write lock knows of the object
 *
 * As Lustre's, they carry lock_count 0 and the client's handle in
 * lock_handle[0].  They go to LDLM_CB_REQUEST_PORTAL on the client through
 * a reverse import of the lock's export (made at the first callback, closed
 * when the export goes, freed with it), replies coming back on
 * LDLM_CB_REPLY_PORTAL.  The lock core calls the ops from threads that must
 * not wait for a client, so each callback is a work item on ldlm_ast_wq
 * holding the lock and the export, which sends the RPC once (no resend, no
 * delay).
 *
 * When a callback fails:
 *  - the client answers -EINVAL: it has no such lock (it gave up its
 *    enqueue, or its cancel is on the way), so the lock is cancelled here,
 *    as Lustre does; kept, it would block others until the lock timeout
 *    evicted a client that did nothing wrong;
 *  - a BL callback that gets no answer (or another error) is left to the
 *    lock timeout: the client is evicted unless it cancels in time, and its
 *    cancel may well be on the way already;
 *  - a CP callback that gets no answer, or another error, evicts the
 *    client, as Lustre does: it would wait for the grant forever while the
 *    lock blocks others.
 *
 * Lifetimes: the export of a lock stays alive while the lock is not
 * destroyed, because ldlm_export_cleanup() cancels an export's locks, under
 * their resource locks, before the export's last reference can go;
 * ldlm_lock_export_get() relies on that.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "ptlrpc_internal.h"
#include "ldlm_rpc_internal.h"

static struct workqueue_struct *ldlm_ast_wq;

/**
 * struct ldlm_gl_set - one ldlm_glimpse() call, on its caller's stack.
 * @lock: protects @lvb and @nanswers
 * @lvb: the answers merged so far
 * @nanswers: answers received
 * @pending: work items still to answer, plus one for the caller
 * @done: completed when @pending reaches 0
 */
struct ldlm_gl_set {
	spinlock_t lock;
	struct ost_lvb lvb;
	unsigned int nanswers;
	atomic_t pending;
	struct completion done;
};

/**
 * struct ldlm_ast - one callback to send.
 * @work: on ldlm_ast_wq
 * @opc: LDLM_BL_CALLBACK, LDLM_CP_CALLBACK or LDLM_GL_CALLBACK
 * @flags: the request's lock_flags
 * @lock: the lock called back (counted)
 * @exp: its export (counted)
 * @desc: the request's lock_desc
 * @gl: the glimpse this answers (GL only)
 */
struct ldlm_ast {
	struct work_struct work;
	u32 opc;
	__u32 flags;
	struct ldlm_lock *lock;
	struct obd_export *exp;
	struct ldlm_lock_desc desc;
	struct ldlm_gl_set *gl;
};

int ldlm_ast_start(void)
{
	ldlm_ast_wq = alloc_workqueue("ldlm_ast", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return ldlm_ast_wq ? 0 : -ENOMEM;
}

void ldlm_ast_flush(void)
{
	flush_workqueue(ldlm_ast_wq);
}

void ldlm_ast_stop(void)
{
	destroy_workqueue(ldlm_ast_wq);
	ldlm_ast_wq = NULL;
}

static void ldlm_export_get_cb(void *export)
{
	ptlrpc_export_get(export);
}

/* The export of @lock, counted, or NULL once the lock is destroyed. */
static struct obd_export *ldlm_lock_export_get(struct ldlm_lock *lock)
{
	return ldlm_lock_owner_get(lock, ldlm_export_get_cb);
}

/*
 * The reverse import of @exp, counted: made at the first callback, with the
 * export's own reference kept in exp->rev_imp.  None is made once the
 * export failed (see ldlm_export_cleanup()).
 */
static struct obd_import *ldlm_rev_imp_get(struct obd_export *exp)
{
	struct obd_import *imp, *fresh;
	char name[OBD_NAME_MAX];

	spin_lock(&exp->lock);
	imp = exp->failed ? ERR_PTR(-ENOTCONN) : exp->rev_imp;
	if (!IS_ERR_OR_NULL(imp)) {
		ptlrpc_import_get(imp);
		/* The client reconnected from another NID. */
		if (imp->peer_nid != exp->peer_nid)
			WRITE_ONCE(imp->peer_nid, exp->peer_nid);
	}
	spin_unlock(&exp->lock);
	if (imp)
		return imp;

	snprintf(name, sizeof(name), "%s-cb-%s", exp->tgt->name, exp->client_uuid.uuid);
	fresh = ptlrpc_reverse_import_new(name, READ_ONCE(exp->peer_nid),
					  LDLM_CB_REQUEST_PORTAL, LDLM_CB_REPLY_PORTAL,
					  LUSTRE_DLM_VERSION);
	if (IS_ERR(fresh))
		return fresh;
	/* Callbacks carry the client's connect handle, as Lustre's do: a
	 * Lustre client finds its side of the connection by it. */
	fresh->remote_handle = exp->client_handle;
	spin_lock(&exp->lock);
	if (exp->failed) {
		imp = ERR_PTR(-ENOTCONN);
	} else {
		if (!exp->rev_imp) {
			exp->rev_imp = fresh;
			fresh = NULL;
		}
		imp = exp->rev_imp;
		ptlrpc_import_get(imp);
	}
	spin_unlock(&exp->lock);
	ptlrpc_import_put(fresh);	/* lost the race, or too late */
	return imp;
}

/*
 * Send @ast and wait for the answer.  *@answered: the client replied (the
 * status is its answer, not a transport failure).  @lvb gets a glimpse
 * answer.  Return: the client's status, or why there was none.
 */
static int ldlm_ast_rpc(struct ldlm_ast *ast, bool *answered, struct ost_lvb *lvb)
{
	struct ptlrpc_request *req;
	struct ldlm_request *rq;
	struct obd_import *imp;
	struct ost_lvb *r;
	int rc;

	*answered = false;
	imp = ldlm_rev_imp_get(ast->exp);
	if (IS_ERR(imp))
		return PTR_ERR(imp);
	req = ptlrpc_request_new(imp, ast->opc, 2, (u32[]){ 0, sizeof(*rq) });
	ptlrpc_import_put(imp);		/* a request holds its own */
	if (IS_ERR(req))
		return PTR_ERR(req);
	rq = lustre_msg_buf(req->reqmsg, 1, sizeof(*rq));
	rq->lock_flags = ast->flags;
	rq->lock_desc = ast->desc;
	rq->lock_handle[0].cookie = ast->lock->remote_handle;
	if (lvb)
		ptlrpc_request_set_replen(req, 2, (u32[]){ 0, sizeof(*lvb) });
	else
		ptlrpc_request_set_replen(req, 1, (u32[]){ 0 });
	req->no_resend = true;
	req->no_delay = true;
	rc = ptlrpc_queue_wait(req);
	*answered = req->repmsg != NULL;
	if (rc > 0)		/* no positive status answers a callback */
		rc = -EPROTO;
	if (!rc && lvb) {
		r = lustre_msg_buf(req->repmsg, 1, sizeof(*r));
		if (r)
			*lvb = *r;
		else
			rc = -EPROTO;
	}
	ptlrpc_request_put(req);
	return rc;
}

static void ldlm_ast_failed(struct ldlm_ast *ast, int rc, bool answered)
{
	struct obd_export *exp = ast->exp;
	struct ldlm_lock *lock = ast->lock;
	const char *what = ast->opc == LDLM_BL_CALLBACK ? "blocking" : "completion";
	char nid[64], why[96];

	if (READ_ONCE(exp->failed))
		return;		/* its locks went with it */
	nid4_str(exp->peer_nid, nid, sizeof(nid));
	if (answered && rc == -EINVAL) {
		RPC_DLOG("%s: %s has no lock %#llx (%s callback): cancelled", exp->tgt->name,
			 nid, lock->cookie, what);
		ldlm_lock_cancel(lock);
		return;
	}
	if (ast->opc == LDLM_BL_CALLBACK) {
		pr_warn_ratelimited("%s: blocking callback for lock %#llx to %s failed: %d; left to the lock timeout\n",
				    exp->tgt->name, lock->cookie, nid, rc);
		return;
	}
	snprintf(why, sizeof(why), "completion callback for lock %#llx failed: %d",
		 lock->cookie, rc);
	ptlrpc_export_evict(exp, why);
}

/* Merge glimpse answers: the largest size, the latest times. */
static void ldlm_lvb_time_max(__s64 *t, __u32 *ns, __s64 t2, __u32 ns2)
{
	if (t2 > *t || (t2 == *t && ns2 > *ns)) {
		*t = t2;
		*ns = ns2;
	}
}

static void ldlm_lvb_merge(struct ost_lvb *to, const struct ost_lvb *from)
{
	to->lvb_size = max(to->lvb_size, from->lvb_size);
	to->lvb_blocks = max(to->lvb_blocks, from->lvb_blocks);
	ldlm_lvb_time_max(&to->lvb_mtime, &to->lvb_mtime_ns, from->lvb_mtime, from->lvb_mtime_ns);
	ldlm_lvb_time_max(&to->lvb_atime, &to->lvb_atime_ns, from->lvb_atime, from->lvb_atime_ns);
	ldlm_lvb_time_max(&to->lvb_ctime, &to->lvb_ctime_ns, from->lvb_ctime, from->lvb_ctime_ns);
}

/* The last access to @gl: its caller may return once pending reaches 0. */
static void ldlm_gl_answer(struct ldlm_gl_set *gl, int rc, const struct ost_lvb *lvb)
{
	if (!rc) {
		spin_lock(&gl->lock);
		if (gl->nanswers++)
			ldlm_lvb_merge(&gl->lvb, lvb);
		else
			gl->lvb = *lvb;
		spin_unlock(&gl->lock);
	}
	if (atomic_dec_and_test(&gl->pending))
		complete(&gl->done);
}

static void ldlm_ast_work(struct work_struct *work)
{
	struct ldlm_ast *ast = container_of(work, struct ldlm_ast, work);
	struct ost_lvb lvb;
	bool answered;
	int rc;

	rc = ldlm_ast_rpc(ast, &answered, ast->gl ? &lvb : NULL);
	if (ast->gl) {
		if (rc && rc != -ELDLM_NO_LOCK_DATA)
			RPC_DLOG("glimpse of lock %#llx: %d", ast->lock->cookie, rc);
		ldlm_gl_answer(ast->gl, rc, &lvb);
	} else if (rc) {
		ldlm_ast_failed(ast, rc, answered);
	}
	ldlm_lock_put(ast->lock);
	ptlrpc_export_put(ast->exp);
	kfree(ast);
}

static struct ldlm_ast *ldlm_ast_new(struct ldlm_lock *lock, struct obd_export *exp, u32 opc)
{
	struct ldlm_ast *ast = kzalloc(sizeof(*ast), GFP_NOFS);

	if (!ast)
		return NULL;
	INIT_WORK(&ast->work, ldlm_ast_work);
	ast->opc = opc;
	ast->lock = ldlm_lock_get(lock);
	ast->exp = exp;
	return ast;
}

static void ldlm_ast_queue(struct ldlm_lock *lock, u32 opc, const struct ldlm_lock_desc *desc,
			   __u32 flags)
{
	struct obd_export *exp = ldlm_lock_export_get(lock);
	struct ldlm_ast *ast;

	if (!exp)
		return;		/* destroyed meanwhile */
	ast = ldlm_ast_new(lock, exp, opc);
	if (!ast) {
		if (opc == LDLM_CP_CALLBACK)
			ptlrpc_export_evict(exp, "no memory for a completion callback");
		else
			pr_warn_ratelimited("%s: no memory for a blocking callback of lock %#llx\n",
					    exp->tgt->name, lock->cookie);
		ptlrpc_export_put(exp);
		return;
	}
	ast->flags = flags;
	ast->desc = *desc;
	queue_work(ldlm_ast_wq, &ast->work);
}

static void ldlm_srv_blocking_ast(struct ldlm_lock *lock, struct ldlm_lock *blocker)
{
	struct ldlm_lock_desc desc;

	ldlm_lock_to_desc(blocker, &desc);
	ldlm_ast_queue(lock, LDLM_BL_CALLBACK, &desc, 0);
}

static void ldlm_srv_completion_ast(struct ldlm_lock *lock)
{
	struct ldlm_lock_desc desc;
	__u32 flags = 0;

	ldlm_lock_to_desc(lock, &desc);
	/* Someone waits for it already (its blocking callback follows): the
	 * client may drop it as soon as it has used it. */
	if (test_bit(LDLM_LS_BL_AST, &lock->state))
		flags |= LDLM_FL_AST_SENT;
	ldlm_ast_queue(lock, LDLM_CP_CALLBACK, &desc, flags);
}

static void ldlm_srv_lock_timeout(struct ldlm_lock *lock)
{
	struct obd_export *exp = ldlm_lock_export_get(lock);
	char why[64];

	if (!exp)
		return;
	snprintf(why, sizeof(why), "lock callback timer expired after %us",
		 READ_ONCE(lock->res->ns->lock_timeout));
	ptlrpc_export_evict(exp, why);
	ptlrpc_export_put(exp);
}

const struct ldlm_ns_ops ldlm_srv_ns_ops = {
	.blocking_ast = ldlm_srv_blocking_ast,
	.completion_ast = ldlm_srv_completion_ast,
	.lock_timeout = ldlm_srv_lock_timeout,
};

/**
 * ldlm_glimpse() - ask the clients holding write locks on a resource what
 * they know of the object (size, blocks, times), all at once.
 * @ns: a server namespace
 * @res_id: the resource
 * @lvb: gets the answers merged: the largest size and blocks, the latest
 *	of each time
 *
 * The granted PW and EX locks (at most LDLM_GLIMPSE_MAX) are asked with
 * LDLM_GL_CALLBACK; a holder with nothing to say, or that does not answer
 * within the RPC timeout, is left out.
 *
 * Context: process context, sleeps until every holder answered or timed out.
 * Return: 0 with @lvb set; -ENOENT when no holder answered (or there is
 * none): the caller uses what it has.
 */
int ldlm_glimpse(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		 struct ost_lvb *lvb)
{
	struct ldlm_lock *locks[LDLM_GLIMPSE_MAX];
	struct ldlm_gl_set gl;
	struct ldlm_ast *ast;
	struct obd_export *exp;
	int i, n;

	might_sleep();
	if (WARN_ON_ONCE(ns->side != LDLM_NAMESPACE_SERVER))
		return -EINVAL;
	n = ldlm_resource_locks(ns, res_id, LCK_PW | LCK_EX, locks, ARRAY_SIZE(locks));
	if (!n)
		return -ENOENT;
	spin_lock_init(&gl.lock);
	gl.nanswers = 0;
	atomic_set(&gl.pending, 1);
	init_completion(&gl.done);
	for (i = 0; i < n; i++) {
		exp = ldlm_lock_export_get(locks[i]);
		ast = exp ? ldlm_ast_new(locks[i], exp, LDLM_GL_CALLBACK) : NULL;
		if (ast) {
			ldlm_lock_to_desc(locks[i], &ast->desc);
			ast->gl = &gl;
			atomic_inc(&gl.pending);
			queue_work(ldlm_ast_wq, &ast->work);
		} else {
			ptlrpc_export_put(exp);
		}
		ldlm_lock_put(locks[i]);
	}
	if (!atomic_dec_and_test(&gl.pending))
		wait_for_completion(&gl.done);
	if (!gl.nanswers)
		return -ENOENT;
	*lvb = gl.lvb;
	return 0;
}
EXPORT_SYMBOL(ldlm_glimpse);

/**
 * ldlm_export_cleanup() - @exp is going (disconnect or eviction): cancel
 * its locks, granting what they blocked, and close its reverse import.
 * @exp: the export, already marked failed (out of the export hash)
 *
 * Called by ptlrpc_export_destroy() before the target's disconnect op.
 *
 * Context: process context, may sleep.
 */
void ldlm_export_cleanup(struct obd_export *exp)
{
	struct ldlm_namespace *ns = exp->tgt->ns;
	struct obd_import *rev;
	unsigned int n;

	WARN_ON_ONCE(!READ_ONCE(exp->failed));
	/*
	 * After this section no reverse import is made for @exp
	 * (ldlm_rev_imp_get() sees failed), and an enqueue that adds a lock
	 * after the cancel below sees failed too (ldlm_export_gone()).
	 */
	spin_lock(&exp->lock);
	rev = exp->rev_imp;
	if (rev)
		ptlrpc_import_get(rev);
	spin_unlock(&exp->lock);
	if (ns) {
		n = ldlm_export_cancel_locks(ns, exp);
		if (n)
			RPC_DLOG("%s: %u locks of %s dropped", exp->tgt->name, n,
				 exp->client_uuid.uuid);
	}
	/* Callbacks still on their way to it fail now, not at their timeout. */
	if (rev) {
		ptlrpc_import_close(rev, 0);
		ptlrpc_import_put(rev);
	}
}
