// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk data.  The client posts the pages of an RPC as LNet MDs on the bulk
 * portal, one MD per LNET_MAX_IOV pages matched by mbits + i, before it
 * sends the request; the server then pulls them (GET, for a write) or
 * pushes into them (PUT with an ACK, for a read) from its own pages.  On
 * either side a bulk is finished when every MD has delivered its last
 * event (md_busy reaches 0): only then do the pages belong to the caller
 * again, whatever happened on the network.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/slab.h>
#include <nacre/obd_cksum.h>
#include <nacre/ptlrpc.h>
#include "ptlrpc_internal.h"

struct ptlrpc_bulk *ptlrpc_bulk_new(enum ptlrpc_bulk_dir dir, unsigned int portal,
				    struct bio_vec *kiov, unsigned int niov)
{
	struct ptlrpc_bulk *bulk;
	unsigned int i, nob = 0;

	/* Every page of the largest bulk has a place in mdh[]. */
	BUILD_BUG_ON(PTLRPC_BULK_OPS_MAX < 1);
	BUILD_BUG_ON(PTLRPC_BULK_OPS_MAX * LNET_MAX_IOV < PTLRPC_MAX_BRW_PAGES);
	if (!niov || niov > PTLRPC_MAX_BRW_PAGES)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < niov; i++)
		nob += kiov[i].bv_len;
	bulk = kzalloc(sizeof(*bulk), GFP_NOFS);
	if (!bulk)
		return ERR_PTR(-ENOMEM);
	bulk->dir = dir;
	bulk->portal = portal;
	bulk->kiov = kiov;
	bulk->niov = niov;
	bulk->nob = nob;
	bulk->nmd = DIV_ROUND_UP(niov, LNET_MAX_IOV);
	if (WARN_ON_ONCE(bulk->nmd > ARRAY_SIZE(bulk->mdh))) {
		kfree(bulk);
		return ERR_PTR(-EINVAL);
	}
	spin_lock_init(&bulk->lock);
	init_waitqueue_head(&bulk->wq);
	return bulk;
}

void ptlrpc_bulk_free(struct ptlrpc_bulk *bulk)
{
	if (!bulk)
		return;
	WARN_ON_ONCE(bulk->md_busy);
	kfree(bulk);
}

static void bulk_event(const struct lnet_event *ev)
{
	struct ptlrpc_bulk *bulk = ev->user_ptr;
	bool wake = false;

	spin_lock(&bulk->lock);
	if (ev->status && !bulk->status)
		bulk->status = ev->status;
	switch (ev->type) {
	case LNET_EVENT_GET:	/* client: the server pulled our pages */
	case LNET_EVENT_PUT:	/* client: the server pushed into them */
	case LNET_EVENT_REPLY:	/* server: our GET brought the data */
		if (!ev->status)
			bulk->nob_done += ev->mlength;
		break;
	case LNET_EVENT_ACK:	/* server: the client has our PUT */
		if (!ev->status)
			bulk->nob_done += ev->mlength;
		break;
	case LNET_EVENT_UNLINK:
		if (!bulk->status)
			bulk->status = -ECONNABORTED;
		break;
	default:
		break;
	}
	if (ev->unlinked) {
		bulk->md_busy--;
		wake = true;
	}
	spin_unlock(&bulk->lock);
	if (wake)
		wake_up(&bulk->wq);
}

static void bulk_chunk(const struct ptlrpc_bulk *bulk, unsigned int i, struct lnet_md_desc *desc)
{
	unsigned int first = i * LNET_MAX_IOV;

	memset(desc, 0, sizeof(*desc));
	desc->kiov = bulk->kiov + first;
	desc->niov = min_t(unsigned int, bulk->niov - first, LNET_MAX_IOV);
	desc->handler = bulk_event;
	desc->user_ptr = (void *)bulk;
}

/* Unlink every MD still there; their last events follow (maybe at once). */
void ptlrpc_bulk_unlink(struct ptlrpc_bulk *bulk)
{
	unsigned int i;

	for (i = 0; i < bulk->nmd; i++)
		lnet_md_unlink(bulk->mdh[i]);
}

bool ptlrpc_bulk_idle(struct ptlrpc_bulk *bulk)
{
	bool idle;

	spin_lock(&bulk->lock);
	idle = bulk->md_busy == 0;
	spin_unlock(&bulk->lock);
	return idle;
}

/**
 * ptlrpc_bulk_post() - client: put the pages on the bulk portal for the
 * server to GET from or PUT into, matched by @mbits + i.
 */
int ptlrpc_bulk_post(struct ptlrpc_bulk *bulk, u64 mbits)
{
	struct lnet_md_desc desc;
	struct lnet_match match = {
		.portal = bulk->portal,
		.nid = LNET_NID_ANY,	/* Multi-Rail: any NID of the server */
		.pid = LNET_PID_ANY,
	};
	unsigned int i;
	int rc;

	bulk->mbits = mbits;
	bulk->status = 0;
	bulk->nob_done = 0;
	for (i = 0; i < bulk->nmd; i++) {
		bulk_chunk(bulk, i, &desc);
		desc.threshold = 1;
		desc.options = bulk->dir == BULK_GET_SOURCE ? LNET_MD_OP_GET : LNET_MD_OP_PUT;
		match.match_bits = mbits + i;
		spin_lock(&bulk->lock);
		bulk->md_busy++;
		spin_unlock(&bulk->lock);
		rc = lnet_md_attach(&match, &desc, &bulk->mdh[i]);
		if (rc) {
			spin_lock(&bulk->lock);
			bulk->md_busy--;
			spin_unlock(&bulk->lock);
			bulk->nmd = i;
			ptlrpc_bulk_unlink(bulk);
			wait_event(bulk->wq, ptlrpc_bulk_idle(bulk));
			return rc;
		}
	}
	return 0;
}

/**
 * ptlrpc_server_bulk() - server: move @nob bytes of @kiov with the client
 * that sent @req: GET them (a write) or PUT them with an ACK (a read).
 * Waits up to obd_timeout; a bulk that does not finish in time is
 * unlinked (the wait for its last events is bounded by LNet's own send
 * timeouts).
 */
int ptlrpc_server_bulk(struct ptlrpc_request *req, enum ptlrpc_bulk_dir dir,
		       struct bio_vec *kiov, unsigned int niov, unsigned int nob)
{
	struct ptlrpc_body *body = lustre_msg_body(req->reqmsg);
	unsigned int portal = req->svc->conf.bulk_portal;
	struct ptlrpc_bulk *bulk;
	struct lnet_md_desc desc;
	unsigned int issued;
	long left;
	int rc = 0;

	bulk = ptlrpc_bulk_new(dir, portal, kiov, niov);
	if (IS_ERR(bulk))
		return PTR_ERR(bulk);
	if (bulk->nob != nob) {
		ptlrpc_bulk_free(bulk);
		return -EINVAL;
	}
	/* Clients that know BULK_MBITS say where the bulk is; older ones
	 * match it by the request's xid. */
	bulk->mbits = body->pb_mbits ?: req->xid;
	for (issued = 0; issued < bulk->nmd; issued++) {
		bulk_chunk(bulk, issued, &desc);
		desc.threshold = 2;	/* SEND, then ACK or REPLY */
		rc = lnet_md_bind(&desc, &bulk->mdh[issued]);
		if (rc)
			break;
		spin_lock(&bulk->lock);
		bulk->md_busy++;
		spin_unlock(&bulk->lock);
		if (dir == BULK_GET_SINK)
			rc = lnet_get(bulk->mdh[issued], req->peer_nid, req->peer_pid, portal,
				      bulk->mbits + issued);
		else
			rc = lnet_put(bulk->mdh[issued], true, req->peer_nid, req->peer_pid,
				      portal, bulk->mbits + issued, 0);
		if (rc) {
			lnet_md_unlink(bulk->mdh[issued]);
			issued++;
			break;
		}
	}
	bulk->nmd = issued;
	if (!rc) {
		left = wait_event_timeout(bulk->wq, ptlrpc_bulk_idle(bulk),
					  (long)obd_timeout * HZ);
		if (!left)
			rc = -ETIMEDOUT;
	}
	if (rc)
		ptlrpc_bulk_unlink(bulk);
	wait_event(bulk->wq, ptlrpc_bulk_idle(bulk));
	if (!rc)
		rc = bulk->status;
	if (!rc && bulk->nob_done != nob)
		rc = -EIO;
	if (rc) {
		char nid[64];

		RPC_DLOG("bulk %s of %u bytes with %s (xid %llu) failed: %d",
			 dir == BULK_GET_SINK ? "GET" : "PUT", nob,
			 nid4_str(req->peer_nid, nid, sizeof(nid)), req->xid, rc);
	}
	ptlrpc_bulk_free(bulk);
	return rc;
}
EXPORT_SYMBOL(ptlrpc_server_bulk);

u32 ptlrpc_bulk_cksum_type(u32 type, const struct bio_vec *kiov, unsigned int niov,
			  unsigned int nob)
{
	u32 state = obd_cksum_init(type);
	unsigned int i;

	for (i = 0; i < niov && nob; i++) {
		unsigned int len = min(kiov[i].bv_len, nob);
		void *p = kmap_local_page(kiov[i].bv_page);

		state = obd_cksum_update_page(type, state, p + kiov[i].bv_offset,
					      kiov[i].bv_offset % PAGE_SIZE, len);
		kunmap_local(p);
		nob -= len;
	}
	return obd_cksum_final(type, state);
}
EXPORT_SYMBOL(ptlrpc_bulk_cksum_type);

u32 ptlrpc_bulk_cksum(const struct bio_vec *kiov, unsigned int niov, unsigned int nob)
{
	return ptlrpc_bulk_cksum_type(OBD_CKSUM_CRC32C, kiov, niov, nob);
}
EXPORT_SYMBOL(ptlrpc_bulk_cksum);
