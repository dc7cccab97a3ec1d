// SPDX-License-Identifier: GPL-2.0
/*
 * Server replies.  A handler builds its reply in req->rep_buf
 * (ptlrpc_reply_new + ptlrpc_reply_buf), then ptlrpc_reply() fills the
 * body and sends it as a PUT to the client's reply portal matched by the
 * request's xid.  The sent bytes live in a reply state, counted: LNet holds
 * it until the PUT is done, and the export's reply cache holds it so that a
 * resend of the same xid gets the same answer without running the request
 * again.
 *
 * req->rep_buf is the message inside its reply state from the start (the
 * request holds one reference), so sending is not a second allocation and
 * a copy per RPC.  Once sent the message is read-only (LNet may still be
 * reading it, a resend may send it again): a second ptlrpc_reply() of the
 * same request sends a copy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/slab.h>
#include "ptlrpc_internal.h"

static void rs_free(struct kref *ref)
{
	kvfree(container_of(ref, struct ptlrpc_reply_state, ref));
}

void ptlrpc_rs_put(struct ptlrpc_reply_state *rs)
{
	if (rs)
		kref_put(&rs->ref, rs_free);
}

static void reply_out_event(const struct lnet_event *ev)
{
	if (ev->unlinked)
		ptlrpc_rs_put(ev->user_ptr);
}

/* Send @rs to the client of @req; the reply state is held until sent. */
int ptlrpc_rs_send(struct ptlrpc_reply_state *rs, struct ptlrpc_request *req)
{
	struct lnet_md_desc desc = {
		.start = rs->buf,
		.length = rs->len,
		.threshold = 1,
		.handler = reply_out_event,
		.user_ptr = rs,
	};
	struct lnet_handle_md mdh;
	int rc;

	kref_get(&rs->ref);
	rc = lnet_md_bind(&desc, &mdh);
	if (rc) {
		ptlrpc_rs_put(rs);
		return rc;
	}
	rc = lnet_put(mdh, false, req->peer_nid, req->peer_pid, req->svc->conf.rep_portal,
		      req->xid, 0);
	pr_debug("%s: reply to xid %llu (%u bytes): %d\n", req->svc->conf.name, req->xid,
		 rs->len, rc);
	if (rc)
		lnet_md_unlink(mdh);	/* its event drops the reference */
	return rc;
}

static struct ptlrpc_reply_state *rs_of(struct ptlrpc_request *req)
{
	return container_of(req->rep_buf, struct ptlrpc_reply_state, buf);
}

static struct ptlrpc_reply_state *rs_alloc(u32 size)
{
	struct ptlrpc_reply_state *rs = kvzalloc(struct_size(rs, buf, size), GFP_NOFS);

	if (!rs)
		return NULL;
	kref_init(&rs->ref);
	rs->len = size;
	return rs;
}

void ptlrpc_reply_release(struct ptlrpc_request *req)
{
	if (req->rep_buf)
		ptlrpc_rs_put(rs_of(req));
	req->rep_buf = NULL;
	req->rep_buflen = 0;
}

int ptlrpc_reply_new(struct ptlrpc_request *req, u32 count, const u32 *lens)
{
	struct ptlrpc_reply_state *rs;
	u32 l[PTLRPC_MAX_BUFCOUNT];
	u32 size;

	if (!count || count > PTLRPC_MAX_BUFCOUNT || req->rep_buf)
		return -EINVAL;
	memcpy(l, lens, count * sizeof(*l));
	l[0] = sizeof(struct ptlrpc_body);
	size = lustre_msg_size(count, l);
	rs = rs_alloc(size);
	if (!rs)
		return -ENOMEM;
	req->rep_buf = rs->buf;
	req->rep_buflen = size;
	lustre_msg_init(req->rep_buf, count, l);
	return 0;
}
EXPORT_SYMBOL(ptlrpc_reply_new);

void *ptlrpc_reply_buf(struct ptlrpc_request *req, u32 n, u32 min_size)
{
	return req->rep_buf ? lustre_msg_buf(req->rep_buf, n, min_size) : NULL;
}
EXPORT_SYMBOL(ptlrpc_reply_buf);

static int reply_send(struct ptlrpc_request *req, u32 type)
{
	struct ptlrpc_reply_state *rs = rs_of(req);
	struct ptlrpc_body *rb;
	int rc;

	if (rs->sent) {
		/* Sent before: LNet or the reply cache may still read it. */
		struct ptlrpc_reply_state *copy = rs_alloc(rs->len);

		if (!copy)
			return -ENOMEM;
		memcpy(copy->buf, rs->buf, rs->len);
		ptlrpc_reply_release(req);
		req->rep_buf = copy->buf;
		req->rep_buflen = copy->len;
		rs = copy;
	}
	rb = lustre_msg_body(req->rep_buf);
	rb->pb_type = type;
	rb->pb_version = PTLRPC_MSG_VERSION;
	if (req->reqlen && !lustre_msg_check(req->reqmsg, req->reqlen))
		rb->pb_version |= lustre_msg_body(req->reqmsg)->pb_version & ~0xffffU;
	rb->pb_opc = req->opc;
	rb->pb_status = req->status;
	rb->pb_transno = req->transno;
	if (req->exp)
		rb->pb_last_committed = req->exp->tgt->last_committed;
	rb->pb_timeout = max(obd_timeout / 20, 1U);
	rb->pb_service_time = DIV_ROUND_UP(ktime_us_delta(ktime_get(), req->arrival), USEC_PER_SEC);

	rs->sent = true;
	req->reply_sent = true;
	rc = ptlrpc_rs_send(rs, req);
	/* A request of an export keeps its answer (an error too) for a resend. */
	if (req->exp && req->opc != OBD_PING)
		ptlrpc_export_saved(req->exp, req->xid, rs);
	return rc;
}

int ptlrpc_reply(struct ptlrpc_request *req)
{
	if (!req->rep_buf) {
		int rc = ptlrpc_reply_new(req, 1, (u32[]){ 0 });

		if (rc)
			return rc;
	}
	return reply_send(req, PTL_RPC_MSG_REPLY);
}
EXPORT_SYMBOL(ptlrpc_reply);

/* An error reply: just a body with the status. */
int ptlrpc_error(struct ptlrpc_request *req, int rc)
{
	ptlrpc_reply_release(req);
	req->status = rc;
	rc = ptlrpc_reply_new(req, 1, (u32[]){ 0 });
	if (rc)
		return rc;
	return reply_send(req, PTL_RPC_MSG_ERR);
}
EXPORT_SYMBOL(ptlrpc_error);
