// SPDX-License-Identifier: GPL-2.0
/*
 * Imports: a client's connection to one target, and its state machine.
 *
 *   NEW ──connect──► CONNECTING ──reply──► FULL ──timeout/-ENOTCONN──► DISCONN
 *                        ▲  └──failure──► DISCONN ──pinger/request──────┘
 *                        └──────────────────────────────────────────────┘
 *   FULL ◄── EVICTED (requests failed with -EIO, owner told) ◄── reconnect
 *   that found the same server instance but a new export handle
 *   any ──close──► CLOSED
 *
 * The connect RPC carries the target UUID, our client UUID, the export
 * handle of the previous connection (a reconnect) and the connect data
 * (version, feature flags, limits); its reply the new export handle and the
 * agreed connect data, including the server's instance number: a new one
 * means the server restarted, and our unreplied requests are simply resent
 * to it; replied-but-uncommitted ones are replayed when the server says it
 * is recovering (MSG_CONNECT_RECOVERING).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <nacre/obd.h>
#include <nacre/obd_stats.h>
#include "ptlrpc_internal.h"

static const char *const imp_state_names[] = {
	[LUSTRE_IMP_NEW] = "NEW",
	[LUSTRE_IMP_CONNECTING] = "CONNECTING",
	[LUSTRE_IMP_FULL] = "FULL",
	[LUSTRE_IMP_DISCONN] = "DISCONN",
	[LUSTRE_IMP_EVICTED] = "EVICTED",
	[LUSTRE_IMP_CLOSED] = "CLOSED",
};

const char *ptlrpc_import_state_name(enum lustre_imp_state s)
{
	return s < ARRAY_SIZE(imp_state_names) ? imp_state_names[s] : "?";
}
EXPORT_SYMBOL(ptlrpc_import_state_name);

static void import_set_state(struct obd_import *imp, enum lustre_imp_state s)
{
	lockdep_assert_held(&imp->lock);
	if (imp->state == s)
		return;
	RPC_DLOG("%s: %s -> %s", imp->name, imp_state_names[imp->state], imp_state_names[s]);
	imp->state = s;
	wake_up_all(&imp->wq);
}

static void import_connect_work(struct work_struct *work);

struct obd_import *ptlrpc_import_new(const char *name, const char *target_uuid, u64 peer_nid,
				     unsigned int req_portal, unsigned int rep_portal,
				     u32 connect_op, u32 msg_version,
				     const struct obd_connect_data *offer)
{
	struct obd_import *imp;
	uuid_t uu;

	if (strlen(target_uuid) >= OBD_UUID_WIRE_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp)
		return ERR_PTR(-ENOMEM);
	kref_init(&imp->ref);
	spin_lock_init(&imp->lock);
	init_waitqueue_head(&imp->wq);
	mutex_init(&imp->connect_mutex);
	INIT_LIST_HEAD(&imp->sending);
	INIT_LIST_HEAD(&imp->delayed);
	INIT_LIST_HEAD(&imp->unreplied);
	INIT_LIST_HEAD(&imp->replay);
	INIT_LIST_HEAD(&imp->pinger_list);
	INIT_WORK(&imp->reconnect_work, import_connect_work);
	strscpy(imp->name, name, sizeof(imp->name));
	strscpy(imp->target_uuid.uuid, target_uuid, sizeof(imp->target_uuid.uuid));
	uuid_gen(&uu);
	snprintf(imp->client_uuid.uuid, sizeof(imp->client_uuid.uuid), "%pUb", &uu);
	imp->peer_nid = peer_nid;
	imp->req_portal = req_portal;
	imp->rep_portal = rep_portal;
	imp->connect_op = connect_op;
	imp->msg_version = msg_version;
	imp->ocd_offer = *offer;
	imp->ocd_offer.ocd_connect_flags |= OBD_CONNECT_VERSION | OBD_CONNECT_AT |
					    OBD_CONNECT_FULL20 | OBD_CONNECT_BULK_MBITS;
	imp->ocd_offer.ocd_version = NACRE_OCD_VERSION;
	do {
		imp->conn_handle.cookie = get_random_u64();
	} while (!imp->conn_handle.cookie);
	imp->state = LUSTRE_IMP_NEW;
	imp->pingable = true;
	at_init(&imp->at_net, 0);
	at_init(&imp->at_svc, 0);
	imp->stats = ptlrpc_stats_new();
	if (IS_ERR(imp->stats))
		imp->stats = NULL;
	return imp;
}
EXPORT_SYMBOL(ptlrpc_import_new);

struct obd_import *ptlrpc_reverse_import_new(const char *name, u64 peer_nid,
					     unsigned int req_portal, unsigned int rep_portal,
					     u32 msg_version)
{
	struct obd_connect_data none = { 0 };
	struct obd_import *imp;

	imp = ptlrpc_import_new(name, "", peer_nid, req_portal, rep_portal, 0, msg_version, &none);
	if (IS_ERR(imp))
		return imp;
	imp->reverse = true;
	imp->pingable = false;
	imp->state = LUSTRE_IMP_FULL;
	return imp;
}
EXPORT_SYMBOL(ptlrpc_reverse_import_new);

static void import_free(struct kref *ref)
{
	struct obd_import *imp = container_of(ref, struct obd_import, ref);

	WARN_ON_ONCE(!list_empty(&imp->sending) || !list_empty(&imp->replay));
	obd_stats_free(imp->stats);
	kfree(imp);
}

void ptlrpc_import_put(struct obd_import *imp)
{
	if (imp)
		kref_put(&imp->ref, import_free);
}
EXPORT_SYMBOL(ptlrpc_import_put);

/* Replay replied-but-uncommitted requests, in transno order. */
static void import_replay(struct obd_import *imp)
{
	struct ptlrpc_request *req;
	int rc;

	for (;;) {
		spin_lock(&imp->lock);
		req = list_first_entry_or_null(&imp->replay, struct ptlrpc_request, list);
		if (req)
			list_del_init(&req->list);
		spin_unlock(&imp->lock);
		if (!req)
			return;
		req->is_replay = true;
		req->no_resend = true;
		lustre_msg_body(req->reqmsg)->pb_flags |= MSG_REPLAY;
		rc = ptlrpc_queue_wait(req);
		if (rc < 0)
			RPC_DLOG("%s: replay of xid %llu transno %llu: %d", imp->name, req->xid,
				 req->transno, rc);
		ptlrpc_request_put(req);
	}
}

static int import_do_connect(struct obd_import *imp)
{
	u32 lens[5] = { 0, OBD_UUID_WIRE_LEN, OBD_UUID_WIRE_LEN,
			sizeof(struct lustre_handle), sizeof(struct obd_connect_data) };
	u32 replens[2] = { 0, sizeof(struct obd_connect_data) };
	struct obd_connect_data *ocd;
	struct lustre_handle *h, old;
	struct ptlrpc_request *req;
	struct ptlrpc_body *body;
	bool reconnect, evicted, restarted, recovering;
	char nid[64];
	int rc;

	req = ptlrpc_request_new(imp, imp->connect_op, 5, lens);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ptlrpc_request_set_replen(req, 2, replens);
	req->is_connect = true;
	req->no_resend = true;
	strscpy(lustre_msg_buf(req->reqmsg, 1, 0), imp->target_uuid.uuid, OBD_UUID_WIRE_LEN);
	strscpy(lustre_msg_buf(req->reqmsg, 2, 0), imp->client_uuid.uuid, OBD_UUID_WIRE_LEN);
	spin_lock(&imp->lock);
	old = imp->remote_handle;
	reconnect = old.cookie != 0;	/* ever connected */
	imp->conn_cnt++;
	spin_unlock(&imp->lock);
	/* Buffer 3 is our own handle (as Lustre's), not the server's: the
	 * server keeps it for its callbacks and to recognize a reconnect. */
	h = lustre_msg_buf(req->reqmsg, 3, sizeof(*h));
	*h = imp->conn_handle;
	ocd = lustre_msg_buf(req->reqmsg, 4, sizeof(*ocd));
	*ocd = imp->ocd_offer;
	body = lustre_msg_body(req->reqmsg);
	body->pb_op_flags = reconnect ? MSG_CONNECT_RECONNECT : MSG_CONNECT_INITIAL;

	rc = ptlrpc_queue_wait(req);
	if (rc < 0)
		goto out;
	ocd = lustre_msg_buf(req->repmsg, 1, sizeof(*ocd));
	if (!ocd) {
		rc = -EPROTO;
		goto out;
	}
	body = lustre_msg_body(req->repmsg);
	if (!body->pb_handle.cookie) {
		rc = -EPROTO;
		goto out;
	}
	recovering = body->pb_op_flags & MSG_CONNECT_RECOVERING;
	spin_lock(&imp->lock);
	restarted = reconnect && ocd->ocd_instance != imp->instance;
	/* The same server instance gave us another export than the one we
	 * had (old stays until a connect succeeds, so this holds even when
	 * the reply that created the new export was lost), or says it did
	 * not keep ours: we were evicted. */
	evicted = reconnect && !restarted &&
		  (body->pb_handle.cookie != old.cookie ||
		   !(body->pb_op_flags & MSG_CONNECT_RECONNECT));
	imp->remote_handle = body->pb_handle;
	imp->ocd = *ocd;
	imp->instance = ocd->ocd_instance;
	if (reconnect)
		imp->reconnects++;
	if (evicted) {
		imp->evictions++;
		import_set_state(imp, LUSTRE_IMP_EVICTED);
	}
	spin_unlock(&imp->lock);
	nid4_str(imp->peer_nid, nid, sizeof(nid));
	if (evicted) {
		pr_warn("%s: this client was evicted by %s at %s; in-progress operations failed\n",
			imp->name, imp->target_uuid.uuid, nid);
		ptlrpc_fail_all(imp);
		if (imp->evicted_cb)
			imp->evicted_cb(imp, imp->cb_arg);
	} else if (reconnect) {
		pr_info("%s: connection restored to %s (at %s)%s\n", imp->name,
			imp->target_uuid.uuid, nid, restarted ? ", server restarted" : "");
		/* A restarted server lost our locks (no lock replay yet): the
		 * owner drops what it cached under them, as after an eviction;
		 * unreplied requests are simply resent. */
		if (restarted && imp->evicted_cb)
			imp->evicted_cb(imp, imp->cb_arg);
	}
	RPC_DLOG("%s: connected to %s at %s, handle %#llx, instance %u", imp->name,
		 imp->target_uuid.uuid, nid, body->pb_handle.cookie, ocd->ocd_instance);
	if (recovering)
		import_replay(imp);
	rc = 0;
out:
	ptlrpc_request_put(req);
	return rc;
}

static void import_connect_work(struct work_struct *work)
{
	struct obd_import *imp = container_of(work, struct obd_import, reconnect_work);
	int rc;

	mutex_lock(&imp->connect_mutex);
	spin_lock(&imp->lock);
	if (imp->state != LUSTRE_IMP_CONNECTING) {
		spin_unlock(&imp->lock);
		goto out;
	}
	spin_unlock(&imp->lock);
	rc = import_do_connect(imp);
	spin_lock(&imp->lock);
	if (imp->state == LUSTRE_IMP_CONNECTING || imp->state == LUSTRE_IMP_EVICTED)
		import_set_state(imp, rc ? LUSTRE_IMP_DISCONN : LUSTRE_IMP_FULL);
	spin_unlock(&imp->lock);
	if (rc)
		RPC_DLOG("%s: connect to %s failed: %d", imp->name, imp->target_uuid.uuid, rc);
out:
	mutex_unlock(&imp->connect_mutex);
	ptlrpc_import_put(imp);
}

/**
 * ptlrpc_import_connect() - start connecting @imp unless it is FULL,
 * CONNECTING or CLOSED; with @wait, wait for the outcome.
 * Return: 0 when FULL, -ENOTCONN when the connect failed, -EIO when closed,
 * -EINTR.
 */
int ptlrpc_import_connect(struct obd_import *imp, bool wait)
{
	int rc;

	spin_lock(&imp->lock);
	if (imp->state == LUSTRE_IMP_NEW || imp->state == LUSTRE_IMP_DISCONN) {
		import_set_state(imp, LUSTRE_IMP_CONNECTING);
		ptlrpc_import_get(imp);
		if (!queue_work(ptlrpc_wq, &imp->reconnect_work))
			kref_put(&imp->ref, import_free);	/* never the last */
	}
	spin_unlock(&imp->lock);
	if (!wait)
		return 0;
	rc = wait_event_interruptible(imp->wq, READ_ONCE(imp->state) != LUSTRE_IMP_CONNECTING);
	if (rc)
		return -EINTR;
	switch (READ_ONCE(imp->state)) {
	case LUSTRE_IMP_FULL:
		return 0;
	case LUSTRE_IMP_CLOSED:
		return -EIO;
	default:
		return -ENOTCONN;
	}
}
EXPORT_SYMBOL(ptlrpc_import_connect);

/**
 * ptlrpc_import_fail() - a request sent on connection @conn_cnt found the
 * connection dead (timeout, send failure, -ENOTCONN).  Unless a newer
 * connection exists already, the import goes DISCONN, its in-flight
 * requests are told to resend, and a reconnect starts.
 */
void ptlrpc_import_fail(struct obd_import *imp, u32 conn_cnt)
{
	char nid[64];

	if (imp->reverse)
		return;
	spin_lock(&imp->lock);
	if (imp->state != LUSTRE_IMP_FULL || imp->conn_cnt != conn_cnt) {
		spin_unlock(&imp->lock);
		return;
	}
	import_set_state(imp, LUSTRE_IMP_DISCONN);
	spin_unlock(&imp->lock);
	pr_info("%s: connection to %s (at %s) was lost; in-progress operations will wait for recovery\n",
		imp->name, imp->target_uuid.uuid, nid4_str(imp->peer_nid, nid, sizeof(nid)));
	ptlrpc_abort_inflight(imp, conn_cnt);
	ptlrpc_import_connect(imp, false);
}
EXPORT_SYMBOL(ptlrpc_import_fail);

void ptlrpc_import_close(struct obd_import *imp, u32 disconnect_op)
{
	struct ptlrpc_request *req;
	bool full;

	ptlrpc_pinger_del(imp);
	spin_lock(&imp->lock);
	full = imp->state == LUSTRE_IMP_FULL;
	spin_unlock(&imp->lock);
	if (full && disconnect_op) {
		req = ptlrpc_request_new(imp, disconnect_op, 1, (u32[]){ 0 });
		if (!IS_ERR(req)) {
			ptlrpc_request_set_replen(req, 1, (u32[]){ 0 });
			req->no_resend = true;
			ptlrpc_queue_wait(req);
			ptlrpc_request_put(req);
		}
	}
	spin_lock(&imp->lock);
	import_set_state(imp, LUSTRE_IMP_CLOSED);
	spin_unlock(&imp->lock);
	if (cancel_work_sync(&imp->reconnect_work))
		ptlrpc_import_put(imp);	/* the queued work's reference */
	ptlrpc_fail_all(imp);
	/* Requests still running belong to their threads, which see CLOSED. */
	wait_event(imp->wq, ({
		bool idle;

		spin_lock(&imp->lock);
		idle = list_empty(&imp->sending) && list_empty(&imp->delayed);
		spin_unlock(&imp->lock);
		idle;
	}));
}
EXPORT_SYMBOL(ptlrpc_import_close);

void ptlrpc_import_deactivate(struct obd_import *imp)
{
	spin_lock(&imp->lock);
	imp->deactivated = true;
	import_set_state(imp, LUSTRE_IMP_CLOSED);
	spin_unlock(&imp->lock);
	ptlrpc_fail_all(imp);
}
EXPORT_SYMBOL(ptlrpc_import_deactivate);

int ptlrpc_import_show(struct obd_import *imp, struct seq_file *m)
{
	char nid[64];
	unsigned int inflight = 0, delayed = 0, replay = 0;
	struct ptlrpc_request *req;

	spin_lock(&imp->lock);
	list_for_each_entry(req, &imp->sending, list)
		inflight++;
	list_for_each_entry(req, &imp->delayed, list)
		delayed++;
	list_for_each_entry(req, &imp->replay, list)
		replay++;
	seq_printf(m, "import:\n    name: %s\n    target: %s\n    state: %s\n",
		   imp->name, imp->target_uuid.uuid, imp_state_names[imp->state]);
	seq_printf(m, "    connect_flags: %#llx\n    connect_data:\n       flags: %#llx\n"
		   "       instance: %u\n       target_version: %u.%u.%u.%u\n",
		   imp->ocd.ocd_connect_flags, imp->ocd.ocd_connect_flags, imp->ocd.ocd_instance,
		   (imp->ocd.ocd_version >> 24) & 255, (imp->ocd.ocd_version >> 16) & 255,
		   (imp->ocd.ocd_version >> 8) & 255, imp->ocd.ocd_version & 255);
	seq_printf(m, "    connection:\n       current_connection: %s\n       connection_attempts: %u\n"
		   "       reconnects: %u\n       evictions: %u\n       conn_cnt: %u\n",
		   nid4_str(imp->peer_nid, nid, sizeof(nid)), imp->conn_cnt, imp->reconnects,
		   imp->evictions, imp->conn_cnt);
	seq_printf(m, "    rpcs:\n       inflight: %u\n       delayed: %u\n       unreplied_replay: %u\n"
		   "       last_committed: %llu\n", inflight, delayed, replay, imp->last_committed);
	seq_printf(m, "    service_estimates:\n       services: %u sec\n       network: %u sec\n",
		   at_get(&imp->at_svc), at_get(&imp->at_net));
	spin_unlock(&imp->lock);
	return 0;
}
EXPORT_SYMBOL(ptlrpc_import_show);
