// SPDX-License-Identifier: GPL-2.0
/*
 * Targets: what clients connect to.  A service whose handler is
 * tgt_request_handle() serves every registered target: a connect names its
 * target by UUID; every later request names its export by pb_handle, and
 * the export its target, whose handler slices (opcode-indexed tables) take
 * the request.  CONNECT, DISCONNECT and PING are common to all targets and
 * handled here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include "ptlrpc_internal.h"

static LIST_HEAD(targets);
static DEFINE_SPINLOCK(targets_lock);

static struct ptlrpc_target *target_find_locked(const char *uuid)
{
	struct ptlrpc_target *tgt;

	lockdep_assert_held(&targets_lock);
	list_for_each_entry(tgt, &targets, list)
		if (!strcmp(tgt->uuid.uuid, uuid))
			return tgt;
	return NULL;
}

int ptlrpc_target_register(struct ptlrpc_target *tgt)
{
	spin_lock_init(&tgt->lock);
	mutex_init(&tgt->connect_mutex);
	INIT_LIST_HEAD(&tgt->exports);
	init_waitqueue_head(&tgt->waitq);
	/* A new instance each start: clients tell a restart from an eviction. */
	tgt->instance = get_random_u32() | 1;
	spin_lock(&targets_lock);
	if (target_find_locked(tgt->uuid.uuid)) {
		spin_unlock(&targets_lock);
		return -EEXIST;
	}
	list_add_tail(&tgt->list, &targets);
	spin_unlock(&targets_lock);
	return 0;
}
EXPORT_SYMBOL(ptlrpc_target_register);

void ptlrpc_target_unregister(struct ptlrpc_target *tgt)
{
	struct obd_export *exp;

	spin_lock(&targets_lock);
	list_del_init(&tgt->list);
	spin_unlock(&targets_lock);
	/* New connects no longer find it; wait for those in progress, then
	 * destroy every export (no request finds them after that) and wait
	 * for the requests that still use the target. */
	wait_event(tgt->waitq, atomic_read(&tgt->active) == 0);
	for (;;) {
		spin_lock(&tgt->lock);
		exp = list_first_entry_or_null(&tgt->exports, struct obd_export, tgt_list);
		if (exp)
			ptlrpc_export_get(exp);
		spin_unlock(&tgt->lock);
		if (!exp)
			break;
		ptlrpc_export_destroy(exp, false);
		ptlrpc_export_put(exp);
	}
	wait_event(tgt->waitq, atomic_read(&tgt->active) == 0);
}
EXPORT_SYMBOL(ptlrpc_target_unregister);

/* A (re)connect: find or make the client's export, agree on connect data. */
static int tgt_connect(struct ptlrpc_request *req)
{
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	const char *tgtuuid, *cluuid;
	struct obd_connect_data *ocd, *rocd;
	struct lustre_handle *old;
	struct ptlrpc_target *tgt;
	struct obd_export *exp = NULL, *e;
	struct obd_uuid cl;
	bool reconnect = false;
	char nid[64];
	int rc;

	tgtuuid = lustre_msg_string(req->reqmsg, 1, sizeof(struct obd_uuid));
	cluuid = lustre_msg_string(req->reqmsg, 2, sizeof(struct obd_uuid));
	old = lustre_msg_buf(req->reqmsg, 3, sizeof(*old));
	ocd = lustre_msg_buf(req->reqmsg, 4, sizeof(*ocd));
	if (!tgtuuid || !cluuid || !old || !ocd || !*cluuid)
		return ptlrpc_error(req, -EPROTO);
	memset(&cl, 0, sizeof(cl));
	strscpy(cl.uuid, cluuid, sizeof(cl.uuid));

	spin_lock(&targets_lock);
	tgt = target_find_locked(tgtuuid);
	if (tgt)
		atomic_inc(&tgt->active);
	spin_unlock(&targets_lock);
	if (!tgt) {
		pr_info_ratelimited("connect from %s to unknown target %s\n",
				    nid4_str(req->peer_nid, nid, sizeof(nid)), tgtuuid);
		return ptlrpc_error(req, -ENODEV);
	}

	/* Our export of that client: a reconnect keeps it; a fresh connect
	 * from a client UUID we know replaces the old export (the client
	 * restarted, or thinks it was evicted).  Connects to one target are
	 * serialized from here to the export's creation: two connects with
	 * one UUID (a resent connect, say) must not both find none and make
	 * two, and the count checked against max_exports must be the one the
	 * new export is added to. */
	mutex_lock(&tgt->connect_mutex);
	spin_lock(&tgt->lock);
	list_for_each_entry(e, &tgt->exports, tgt_list) {
		if (!strcmp(e->client_uuid.uuid, cl.uuid)) {
			exp = e;
			ptlrpc_export_get(exp);
			break;
		}
	}
	spin_unlock(&tgt->lock);
	if (exp && (body->pb_op_flags & MSG_CONNECT_RECONNECT) &&
	    old->cookie == exp->client_handle.cookie) {
		reconnect = true;
	} else if (exp && exp->peer_nid != req->peer_nid) {
		/* Someone else with a UUID in use: refused, as Lustre does. */
		pr_warn_ratelimited("%s: refusing connect of %s from %s: it is connected from another NID\n",
				    tgt->name, cl.uuid, nid4_str(req->peer_nid, nid, sizeof(nid)));
		ptlrpc_export_put(exp);
		rc = -EALREADY;
		goto out_unlock;
	} else if (exp) {
		ptlrpc_export_destroy(exp, false);
		ptlrpc_export_put(exp);
		exp = NULL;
	}
	if (!exp) {
		unsigned int limit = READ_ONCE(max_exports);

		if (READ_ONCE(tgt->nexports) >= limit) {
			pr_warn_ratelimited("%s: refusing connect of %s from %s: %u clients connected, the most max_exports allows\n",
					    tgt->name, cl.uuid, nid4_str(req->peer_nid, nid, sizeof(nid)),
					    limit);
			rc = -EUSERS;
			goto out_unlock;
		}
		exp = ptlrpc_export_new(tgt, &cl, req->peer_nid);
		if (!exp) {
			rc = -ENOMEM;
			goto out_unlock;
		}
		ptlrpc_export_get(exp);
	}
	exp->peer_nid = req->peer_nid;
	exp->client_handle = *old;
	exp->conn_cnt = body->pb_conn_cnt;
	ptlrpc_export_touch(exp);

	rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*rocd) });
	if (rc)
		goto out_exp_unlock;
	rocd = ptlrpc_reply_buf(req, 1, sizeof(*rocd));
	*rocd = *ocd;
	rocd->ocd_connect_flags &= NACRE_CONNECT_SUPPORTED;
	rocd->ocd_connect_flags2 = 0;
	rocd->ocd_version = NACRE_OCD_VERSION;
	rocd->ocd_instance = tgt->instance;
	if (rocd->ocd_connect_flags & OBD_CONNECT_BRW_SIZE)
		rocd->ocd_brw_size = clamp_t(u32, ocd->ocd_brw_size, PAGE_SIZE,
					     PTLRPC_MAX_BRW_SIZE);
	if (!reconnect && tgt->ops && tgt->ops->connect) {
		rc = tgt->ops->connect(tgt, exp, rocd);
		if (rc) {
			ptlrpc_export_destroy(exp, false);
			goto out_exp_unlock;
		}
	}
	exp->ocd = *rocd;
	mutex_unlock(&tgt->connect_mutex);
	lustre_msg_body(req->rep_buf)->pb_handle = exp->handle;
	lustre_msg_body(req->rep_buf)->pb_op_flags = reconnect ? MSG_CONNECT_RECONNECT : 0;
	RPC_DLOG("%s: %s from %s at %s, export %#llx", tgt->name,
		 reconnect ? "reconnect" : "connect", cl.uuid,
		 nid4_str(req->peer_nid, nid, sizeof(nid)), exp->handle.cookie);
	req->exp = exp;		/* dropped with the request */
	exp = NULL;
	rc = ptlrpc_reply(req);
	goto out;

out_exp_unlock:
	ptlrpc_export_put(exp);
out_unlock:
	mutex_unlock(&tgt->connect_mutex);
out:
	if (rc && !req->reply_sent)
		ptlrpc_error(req, rc);
	tgt_active_put(tgt);
	return 0;
}

static const struct tgt_handler *tgt_handler_find(const struct ptlrpc_target *tgt, u32 opc)
{
	const struct tgt_slice *s;

	for (s = tgt->slices; s && s->handlers; s++) {
		if (opc >= s->first && opc <= s->last) {
			const struct tgt_handler *h = &s->handlers[opc - s->first];

			return h->fn && h->opc == opc ? h : NULL;
		}
	}
	return NULL;
}

void tgt_active_put(struct ptlrpc_target *tgt)
{
	if (atomic_dec_and_test(&tgt->active))
		wake_up_all(&tgt->waitq);
}

static int tgt_dispatch(struct ptlrpc_request *req, struct obd_export *exp)
{
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	struct ptlrpc_target *tgt = exp->tgt;
	const struct tgt_handler *h;

	ptlrpc_export_touch(exp);
	if (body->pb_conn_cnt < exp->conn_cnt) {
		/* Sent on a connection that has since been replaced. */
		RPC_DLOG("%s: dropping xid %llu from an old connection (%u < %u)", tgt->name,
			 req->xid, body->pb_conn_cnt, exp->conn_cnt);
		req->reply_sent = true;
		return 0;
	}
	switch (req->opc) {
	case OBD_PING:
		return ptlrpc_reply(req);
	case OST_DISCONNECT:
	case MDS_DISCONNECT:
	case MGS_DISCONNECT:
		ptlrpc_export_destroy(exp, false);
		return ptlrpc_reply(req);
	}
	if (ptlrpc_export_resend(exp, req))
		return 0;
	h = tgt_handler_find(tgt, req->opc);
	if (!h)
		return ptlrpc_error(req, -EOPNOTSUPP);
	ptlrpc_export_begin(exp, req);
	return h->fn(req);
}

int tgt_request_handle(struct ptlrpc_request *req)
{
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	struct obd_export *exp;
	int rc;

	switch (req->opc) {
	case OST_CONNECT:
	case MDS_CONNECT:
	case MGS_CONNECT:
		return tgt_connect(req);
	}
	exp = ptlrpc_export_find(body->pb_handle.cookie);
	if (!exp) {
		/* A ping without a connection is answered (Lustre does). */
		if (req->opc == OBD_PING && !body->pb_handle.cookie)
			return ptlrpc_reply(req);
		return ptlrpc_error(req, -ENOTCONN);
	}
	req->exp = exp;		/* put with the request */
	rc = tgt_dispatch(req, exp);
	if (!req->reply_sent)
		ptlrpc_error(req, -EPROTO);	/* while the target is held */
	tgt_active_put(exp->tgt);
	return rc;
}
EXPORT_SYMBOL(tgt_request_handle);
