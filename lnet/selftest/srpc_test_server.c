// SPDX-License-Identifier: GPL-2.0
/*
 * The test services on SRPC_REQUEST_PORTAL: ping (answer with the magic and
 * the request's sequence) and brw (move the requester's bulk: GET what it
 * writes and check the pattern, PUT what it reads with the pattern).  They
 * serve any peer, with or without a session, as Lustre's do once loaded;
 * a brw whose bulk fails is not answered (the requester's RPC times out, as
 * with Lustre).  The brw pattern is checked with the magic in the
 * requester's byte order and written in ours.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/swab.h>
#include "srpc.h"
#include "selftest.h"

int srpc_ping_serve(struct srpc_server_rpc *rpc)
{
	struct srpc_ping_reply *r = &rpc->reply.body.ping_reply;

	r->magic = LST_PING_TEST_MAGIC;
	r->seq = rpc->req.body.ping_reqst.seq;
	r->status = srpc_check_feats(rpc->req.ses_feats);
	if (r->status)
		rpc->reply.ses_feats = LST_FEATS_MASK;
	return 0;
}

void srpc_bulk_fill(struct bio_vec *kiov, unsigned int niov, __u32 flags, __u64 magic)
{
	unsigned int i;

	for (i = 0; i < niov; i++) {
		void *p = kmap_local_page(kiov[i].bv_page);

		srpc_brw_fill(p + kiov[i].bv_offset, kiov[i].bv_len, flags, magic);
		kunmap_local(p);
	}
}

int srpc_bulk_check(struct bio_vec *kiov, unsigned int niov, __u32 flags, __u64 magic)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < niov && !rc; i++) {
		void *p = kmap_local_page(kiov[i].bv_page);

		rc = srpc_brw_check(p + kiov[i].bv_offset, kiov[i].bv_len, flags, magic);
		kunmap_local(p);
	}
	return rc;
}

int srpc_brw_serve(struct srpc_server_rpc *rpc)
{
	const struct srpc_brw_reqst *req = &rpc->req.body.brw_reqst;
	struct srpc_brw_reply *r = &rpc->reply.body.brw_reply;
	__u32 feats = rpc->req.ses_feats;
	struct bio_vec *kiov;
	unsigned int niov, len;
	bool write = req->rw == LST_BRW_WRITE;
	int rc;

	r->status = srpc_check_brw(req, feats);
	if (r->status) {
		if (r->status == EPROTO)
			rpc->reply.ses_feats = LST_FEATS_MASK;
		return 0;
	}
	len = srpc_brw_bulk_len(req, feats);
	kiov = lst_pages_alloc(len, &niov);
	if (!kiov) {
		r->status = ENOMEM;
		return 0;
	}
	if (!write)
		srpc_bulk_fill(kiov, niov, req->flags, LST_BRW_MAGIC);
	rc = srpc_server_bulk(rpc, req->bulkid, kiov, niov, len, write);
	if (rc) {
		pr_warn_ratelimited("brw bulk with 0x%llx failed: %d\n", rpc->nid, rc);
		atomic_inc(&srpc_stats.errors);
		lst_pages_free(kiov, niov);
		return -EPROTO;
	}
	if (write && srpc_bulk_check(kiov, niov, req->flags,
				     rpc->swab ? __swab64(LST_BRW_MAGIC) : LST_BRW_MAGIC)) {
		pr_warn_ratelimited("brw write from 0x%llx: bad data pattern\n", rpc->nid);
		r->status = EBADMSG;
	}
	lst_pages_free(kiov, niov);
	return 0;
}
