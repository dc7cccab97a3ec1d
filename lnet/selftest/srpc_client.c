// SPDX-License-Identifier: GPL-2.0
/*
 * One RPC this node sends to a test service, as Lustre's srpc client does:
 * the reply buffer (and for brw the bulk buffer) is attached on
 * SRPC_RDMA_PORTAL under fresh match bits, accepting only the destination;
 * the request frame names them and goes as a PUT (no ACK) to the service's
 * portal.  The server moves the bulk (GETs what we write, PUTs what we
 * read), then PUTs the reply.
 *
 * A console's test add has a bulk too: the destination list, which the node
 * GETs before it replies.
 *
 * The RPC is over when all its MDs are unlinked; the event handlers (which
 * may not sleep) only record and wake the owner, which polls: at the
 * deadline it unlinks whatever is left (expired), and after a reply with an
 * error status it gives the bulk up (the server will not move it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/string.h>
#include "srpc.h"

/*
 * @which: 0 the request, 1 the reply, 2 the bulk.  Everything happens under
 * the owner's wait queue lock: once the owner has seen the last MD gone,
 * taking that lock once tells it no handler still looks at @wq or @events.
 * The owner may reuse @rpc as soon as it sees the MD count reach zero (a
 * slot of the next node), so after the last decrement the handler touches
 * only what it loaded before it: @wq and @events.
 */
static void client_event(const struct lnet_event *ev, struct srpc_client_rpc *rpc, int which)
{
	wait_queue_head_t *wq = rpc->wq;
	atomic_t *events = rpc->events;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (ev->status && !rpc->status)
		rpc->status = ev->status;
	if (!ev->status) {
		if (which == 1 && ev->type == LNET_EVENT_PUT) {
			rpc->rpl_len = ev->mlength;
			/* Seen by the owner after the MD count (release below). */
			WRITE_ONCE(rpc->replied, true);
		}
		if (which == 2 && (ev->type == LNET_EVENT_PUT || ev->type == LNET_EVENT_GET)) {
			rpc->bulk_len = ev->mlength;
			WRITE_ONCE(rpc->bulk_done, true);
		}
	}
	/* Release: the owner that sees the count drop (acquire) sees the above. */
	if (ev->unlinked)
		atomic_dec_return_release(&rpc->mds);
	/* @rpc may be reused from here on. */
	atomic_inc(events);
	wake_up_locked(wq);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void req_event(const struct lnet_event *ev)
{
	client_event(ev, ev->user_ptr, 0);
}

static void rpl_event(const struct lnet_event *ev)
{
	client_event(ev, ev->user_ptr, 1);
}

static void bulk_event(const struct lnet_event *ev)
{
	client_event(ev, ev->user_ptr, 2);
}

static int attach(struct srpc_client_rpc *rpc, __u64 bits, void *start, unsigned int len,
		  unsigned int op, void (*handler)(const struct lnet_event *),
		  struct lnet_handle_md *mdh)
{
	/* Only the destination may answer; but over lo our own answers come
	 * from another of our NIDs.
	 */
	struct lnet_match match = {
		.portal = SRPC_RDMA_PORTAL,
		.nid = lnet_nid_is_local(rpc->nid) ? LNET_NID_ANY : rpc->nid,
		.pid = LNET_PID_ANY,
		.match_bits = bits,
	};
	struct lnet_md_desc desc = {
		.start = start,
		.length = len,
		.kiov = start ? NULL : rpc->kiov,
		.niov = start ? 0 : rpc->niov,
		.threshold = 1,
		.options = op,
		.handler = handler,
		.user_ptr = rpc,
	};
	int rc = lnet_md_attach(&match, &desc, mdh);

	if (!rc)
		atomic_inc(&rpc->mds);
	return rc;
}

/* brw moves data; a test add with a list (@kiov) lets the node fetch it. */
static bool has_bulk(const struct srpc_client_rpc *rpc)
{
	return rpc->service == SRPC_SERVICE_BRW || (rpc->service == SRPC_SERVICE_TEST && rpc->kiov);
}

/**
 * srpc_client_start() - send @rpc.
 * Return: 0 (the RPC is under way: wait for srpc_client_idle()), or -errno
 * and nothing is left in flight.
 */
int srpc_client_start(struct srpc_client_rpc *rpc)
{
	struct lnet_md_desc desc = {
		.start = rpc->reqbuf,
		.length = SRPC_MSG_SIZE,
		.threshold = 1,
		.handler = req_event,
		.user_ptr = rpc,
	};
	__u64 rpyid = srpc_next_id(), bulkid = 0;
	int rc;

	atomic_set(&rpc->mds, 0);
	rpc->status = 0;
	rpc->replied = false;
	rpc->bulk_done = false;
	rpc->expired = false;
	rpc->rpl_len = 0;
	rpc->bulk_len = 0;
	rpc->req.type = srpc_service_reqst_type(rpc->service);
	rpc->req.ses_feats = rpc->feats;
	if (rpc->service == SRPC_SERVICE_BRW) {
		bulkid = srpc_next_id();
		rpc->req.body.brw_reqst.rpyid = rpyid;
		rpc->req.body.brw_reqst.bulkid = bulkid;
	} else if (rpc->service == SRPC_SERVICE_TEST) {
		bulkid = has_bulk(rpc) ? srpc_next_id() : 0;
		rpc->req.body.tes_reqst.rpyid = rpyid;
		rpc->req.body.tes_reqst.bulkid = bulkid;
	} else {
		rpc->req.body.ping_reqst.rpyid = rpyid;
	}
	if (srpc_msg_encode(&rpc->req, rpc->reqbuf, false) < 0)
		return -EINVAL;

	rc = attach(rpc, rpyid, rpc->rplbuf, SRPC_MSG_SIZE, LNET_MD_OP_PUT, rpl_event,
		    &rpc->rpl_mdh);
	if (rc)
		return rc;
	if (bulkid) {
		rc = attach(rpc, bulkid, NULL, rpc->len,
			    rpc->sink ? LNET_MD_OP_PUT : LNET_MD_OP_GET, bulk_event, &rpc->bulk_mdh);
		if (rc)
			goto unlink_rpl;
	}
	rc = lnet_md_bind(&desc, &rpc->req_mdh);
	if (rc)
		goto unlink_bulk;
	atomic_inc(&rpc->mds);
	rpc->deadline = jiffies + srpc_rpc_timeout * HZ;
	atomic_inc(&srpc_stats.rpcs_sent);
	rc = lnet_put(rpc->req_mdh, false, rpc->nid, rpc->pid, srpc_service_portal(rpc->service),
		      rpc->service, 0);
	if (rc) {
		/* Under way as far as the MDs go: unlinked, they end it. */
		rpc->status = rc;
		srpc_client_poll(rpc, true);
	}
	return 0;
unlink_bulk:
	if (bulkid)
		lnet_md_unlink(rpc->bulk_mdh);
unlink_rpl:
	lnet_md_unlink(rpc->rpl_mdh);
	/* Nothing was sent: the unlinks were immediate. */
	WARN_ON_ONCE(atomic_read(&rpc->mds));
	return rc;
}

bool srpc_client_idle(struct srpc_client_rpc *rpc)
{
	/* Acquire: pairs with the handlers' release, for @replied, @status... */
	return !atomic_read_acquire(&rpc->mds);
}

/* The status of the reply received, if it decodes. */
static int reply_status(struct srpc_client_rpc *rpc, struct srpc_msg *m, bool *swab)
{
	if (srpc_msg_decode(rpc->rplbuf, rpc->rpl_len, m, swab, NULL) ||
	    m->type != srpc_service_reqst_type(rpc->service) + 1)
		return -EPROTO;
	/* Every reply's first field is its status. */
	return m->type == SRPC_MSG_BRW_REPLY ? m->body.brw_reply.status
					     : m->body.ping_reply.status;
}

void srpc_client_poll(struct srpc_client_rpc *rpc, bool abort)
{
	struct srpc_msg m;
	bool swab;

	if (srpc_client_idle(rpc))
		return;
	if (abort || time_after(jiffies, rpc->deadline)) {
		if (!abort && !rpc->expired) {
			rpc->expired = true;
			atomic_inc(&srpc_stats.rpcs_expired);
		}
		/* Unlinking an MD already gone is -ENOENT: handles never alias. */
		lnet_md_unlink(rpc->req_mdh);
		lnet_md_unlink(rpc->rpl_mdh);
		if (has_bulk(rpc))
			lnet_md_unlink(rpc->bulk_mdh);
		return;
	}
	/* A test add's list is fetched before the reply, or never. */
	if (has_bulk(rpc) && READ_ONCE(rpc->replied) && !READ_ONCE(rpc->bulk_done) &&
	    (rpc->service == SRPC_SERVICE_TEST || reply_status(rpc, &m, &swab) != 0))
		lnet_md_unlink(rpc->bulk_mdh);
}

/**
 * srpc_client_finish() - the result of an idle @rpc.
 * Return: 0 with @reply decoded (its status may still be an error);
 * -ETIMEDOUT, a transport error, or -EPROTO (no reply, or a malformed one,
 * or a bulk that did not move all of @len).
 */
int srpc_client_finish(struct srpc_client_rpc *rpc, struct srpc_msg *reply, bool *swab)
{
	int status;

	if (rpc->expired)
		return -ETIMEDOUT;
	if (rpc->status)
		return rpc->status;
	if (!rpc->replied)
		return -EPROTO;
	status = reply_status(rpc, reply, swab);
	if (status < 0)
		return status;
	if (rpc->service == SRPC_SERVICE_BRW && !status &&
	    (!rpc->bulk_done || rpc->bulk_len != rpc->len))
		return -EPROTO;
	return 0;
}
