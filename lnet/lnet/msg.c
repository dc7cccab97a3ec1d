// SPDX-License-Identifier: GPL-2.0
/*
 * Messages: sending PUT and GET, parsing what a driver received, answering
 * GETs with REPLYs and PUTs with ACKs, and finalizing, which delivers the
 * MD's event and releases what the message held.
 *
 * Every message is finalized exactly once: by the driver after send() or
 * recv() accepted it, or here when it never reached the driver.  Nothing in
 * this file holds a lock while calling a driver or an event handler, so
 * drivers may call back into lnet_parse() from their send (as lo does).
 *
 * A peer is not trusted:
 *  - the source NID of a message must be the NID its connection was
 *    established for, unless the source is on a network we are not on and
 *    the message legitimately came through a router: we route, or the
 *    peer is a router, some route's gateway (src_ok());
 *  - a REPLY or ACK only goes into a bound MD waiting for it from that
 *    source (md.c), never into an attached one;
 *  - the answers (REPLY, ACK) a peer's GETs and PUTs cost us wait for its
 *    credits in a bounded queue: beyond answer_queue_max messages waiting
 *    for that peer NI, answers are dropped (a peer that never reads would
 *    otherwise grow kernel memory without limit).
 * Each refusal is counted in drop_count and in a counter of its own
 * ("lnetctl stats show": drop_src_count, drop_unsolicited_count,
 * drop_answer_count).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <lnet/lib-lnet.h>

static unsigned int answer_queue_max = 256;
module_param(answer_queue_max, uint, 0644);
MODULE_PARM_DESC(answer_queue_max,
		 "messages that may wait for a peer NI's credits before answers to it are dropped");

static const struct lnet_handle_wire wire_none = { ~0ULL, ~0ULL };

struct lnet_msg *lnet_msg_alloc(gfp_t gfp)
{
	struct lnet_msg *msg = kzalloc(sizeof(*msg), gfp);
	int n;

	if (!msg)
		return NULL;
	INIT_LIST_HEAD(&msg->tx_list);
	n = atomic_inc_return(&the_lnet.nmsgs);
	if (n > READ_ONCE(the_lnet.msgs_max))
		WRITE_ONCE(the_lnet.msgs_max, n);
	return msg;
}

void lnet_msg_free(struct lnet_msg *msg)
{
	if (msg->ni)
		lnet_ni_put(msg->ni);
	if (msg->txlpni)
		lnet_peer_ni_put(msg->txlpni);
	kfree(msg);
	atomic_dec(&the_lnet.nmsgs);
}

static void hdr_init(struct lnet_hdr *hdr, struct lnet_ni *ni, __u32 type, __u64 dest_nid,
		     __u32 dest_pid)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->type = type;
	hdr->dest_nid = dest_nid;
	hdr->dest_pid = dest_pid;
	hdr->src_nid = lnet_nid_to_nid4(&ni->nid);
	hdr->src_pid = the_lnet.pid;
}

/* Hand a message that holds its credits to its NI's driver. */
static void lnd_send(struct lnet_msg *msg)
{
	struct lnet_ni *ni = msg->ni;
	int rc = ni->net->lnd->send(ni, msg);

	if (rc) {
		atomic64_inc(&ni->stats.drop_count);
		lnet_finalize(msg, rc);
	}
}

/*
 * Whether the answer @msg would wait behind too many messages for its peer
 * NI's credits (a negative txcredits counts those waiting).  Racy by a few
 * messages, which is fine for a bound on memory.
 */
static bool answer_over_bound(const struct lnet_msg *msg)
{
	bool over;

	if (!msg->txlpni)
		return false;	/* lo: answered at once */
	spin_lock(&the_lnet.res_lock);
	over = msg->txlpni->txcredits < 0 &&
	       (unsigned int)-msg->txlpni->txcredits >= READ_ONCE(answer_queue_max);
	spin_unlock(&the_lnet.res_lock);
	return over;
}

/**
 * lnet_msg_send() - send @msg (header built, msg->ni and msg->txpeer set)
 * once it has its credits; failures finalize it.
 */
void lnet_msg_send(struct lnet_msg *msg)
{
	bool lo = msg->ni->net->lnd->self;

	if (!lo) {
		msg->txlpni = lnet_peer_ni_get(msg->txpeer, true);
		if (!msg->txlpni) {
			atomic64_inc(&msg->ni->stats.drop_count);
			lnet_finalize(msg, -ENOMEM);
			return;
		}
		lnet_peer_select(msg);	/* Multi-Rail: the best pair of NIs */
	}
	if (msg->answer && answer_over_bound(msg)) {
		atomic64_inc(&msg->ni->stats.drop_count);
		atomic64_inc(&the_lnet.stats.drop_count);
		atomic64_inc(&the_lnet.stats.drop_answer_count);
		pr_debug("answer %u to %llx dropped: its queue is full\n", msg->hdr.type,
			 msg->hdr.dest_nid);
		/* Not a failed send: the peer NI's health stays as it is. */
		lnet_peer_ni_put(msg->txlpni);
		msg->txlpni = NULL;
		lnet_finalize(msg, -ENOBUFS);
		return;
	}
	if (msg->md && !msg->receiving && !msg->routing && !msg->answer &&
	    (msg->hdr.type == LNET_MSG_GET ||
	     (msg->hdr.type == LNET_MSG_PUT &&
	      msg->hdr.msg.put.ack_wmd.wh_object_cookie != wire_none.wh_object_cookie)))
		/* Registered before the driver sees it: the answer may come
		 * back before send() returns.  Over lo the answer comes from
		 * the lo NI. */
		lnet_md_expect_answer(msg->md, msg->hdr.type,
				      lo ? lnet_nid_to_nid4(&msg->ni->nid) : msg->hdr.dest_nid);
	atomic64_inc(&msg->ni->stats.send_count);
	atomic64_add(msg->hdr.payload_length, &msg->ni->stats.send_bytes);
	atomic64_inc(&the_lnet.stats.send_count);
	atomic64_add(msg->hdr.payload_length, &the_lnet.stats.send_length);
	if (lo || lnet_post_send(msg))
		lnd_send(msg);
}

/*
 * An operation counted in @md will not happen (@status says why).  If it
 * used the MD up, the MD goes and its owner gets the UNLINK event that
 * hands the buffer back.
 */
static void drop_md(struct lnet_md *md, int status)
{
	struct lnet_event ev = {
		.type = LNET_EVENT_UNLINK,
		.status = status,
		.user_ptr = md->desc.user_ptr,
	};

	lnet_md_event(md, &ev, true);
}

/* An outgoing PUT or GET from the MD behind @mdh to @target_nid. */
static int send_op(struct lnet_handle_md mdh, __u32 type, __u64 target_nid,
		   __u32 target_pid, struct lnet_msg **msgp)
{
	struct lnet_msg *msg;
	struct lnet_md *md;

	md = lnet_md_get_handle(mdh);
	if (!md)
		return -ENOENT;
	msg = lnet_msg_alloc(GFP_NOFS);
	if (!msg) {
		drop_md(md, -ENOMEM);
		return -ENOMEM;
	}
	msg->ni = lnet_ni_for_dest(target_nid, &msg->txpeer);
	if (!msg->ni) {
		lnet_msg_free(msg);
		drop_md(md, -EHOSTUNREACH);
		return -EHOSTUNREACH;
	}
	hdr_init(&msg->hdr, msg->ni, type, target_nid, target_pid);
	msg->md = md;
	msg->len = md->desc.length;
	msg->ev.type = LNET_EVENT_SEND;
	msg->ev.initiator_nid = target_nid;
	msg->ev.initiator_pid = target_pid;
	msg->ev.user_ptr = md->desc.user_ptr;
	*msgp = msg;
	return 0;
}

/**
 * lnet_put() - send the whole MD behind @mdh to @portal on the target.
 * @ack: ask the target for an ACK (an ACK event on this MD follows; the MD's
 *       threshold must allow for it)
 * Return: 0 (a SEND event follows, with the send's status), or -errno when
 * nothing was sent (if that used the MD's threshold up, its UNLINK event
 * has been delivered).
 */
int lnet_put(struct lnet_handle_md mdh, bool ack, __u64 target_nid, __u32 target_pid,
	     unsigned int portal, __u64 match_bits, __u64 hdr_data)
{
	struct lnet_msg *msg;
	int rc = send_op(mdh, LNET_MSG_PUT, target_nid, target_pid, &msg);

	if (rc)
		return rc;
	msg->hdr.payload_length = msg->len;
	msg->hdr.msg.put.ack_wmd = wire_none;
	if (ack) {
		msg->hdr.msg.put.ack_wmd.wh_interface_cookie = the_lnet.incarnation;
		msg->hdr.msg.put.ack_wmd.wh_object_cookie = msg->md->object;
	}
	msg->hdr.msg.put.match_bits = match_bits;
	msg->hdr.msg.put.hdr_data = hdr_data;
	msg->hdr.msg.put.ptl_index = portal;
	msg->ev.match_bits = match_bits;
	msg->ev.hdr_data = hdr_data;
	msg->ev.rlength = msg->len;
	msg->ev.mlength = msg->len;
	lnet_msg_send(msg);
	return 0;
}
EXPORT_SYMBOL(lnet_put);

/**
 * lnet_get() - ask the target for up to the MD's length from @portal; the
 * data arrives in the MD with a REPLY event (after or before the SEND event).
 */
int lnet_get(struct lnet_handle_md mdh, __u64 target_nid, __u32 target_pid,
	     unsigned int portal, __u64 match_bits)
{
	struct lnet_msg *msg;
	int rc = send_op(mdh, LNET_MSG_GET, target_nid, target_pid, &msg);

	if (rc)
		return rc;
	msg->hdr.msg.get.return_wmd.wh_interface_cookie = the_lnet.incarnation;
	msg->hdr.msg.get.return_wmd.wh_object_cookie = msg->md->object;
	msg->hdr.msg.get.match_bits = match_bits;
	msg->hdr.msg.get.ptl_index = portal;
	msg->hdr.msg.get.sink_length = msg->len;
	msg->ev.match_bits = match_bits;
	msg->ev.rlength = msg->len;
	msg->len = 0;	/* a GET carries no payload */
	lnet_msg_send(msg);
	return 0;
}
EXPORT_SYMBOL(lnet_get);

/* Fill the target-side event of an incoming operation. */
static void rx_event(struct lnet_msg *msg, enum lnet_event_type type, const struct lnet_hdr *hdr,
		     __u64 match_bits, unsigned int rlen)
{
	msg->ev.type = type;
	msg->ev.initiator_nid = hdr->src_nid;
	msg->ev.initiator_pid = hdr->src_pid;
	msg->ev.match_bits = match_bits;
	msg->ev.rlength = rlen;
	msg->ev.mlength = msg->len;
	msg->ev.user_ptr = msg->md->desc.user_ptr;
}

/* How much of @rlen fits in @md; -1 when it does not fit and may not be cut. */
static int fit(const struct lnet_md *md, unsigned int rlen)
{
	if (rlen <= md->desc.length)
		return rlen;
	return (md->desc.options & LNET_MD_TRUNCATE) ? (int)md->desc.length : -1;
}

/*
 * The NI (with a reference) and next hop for an answer (REPLY, ACK) to
 * @dest about a message that arrived on @in: back through @in when @dest
 * is on its network, else the way a route leads (the request came through
 * a router).  NULL: no way back.
 */
static struct lnet_ni *answer_ni(struct lnet_ni *in, __u64 dest, __u64 *txpeer)
{
	if (in->net->lnd->self || LNET_NIDNET(dest) == in->net->net_id) {
		atomic_inc(&in->refs);
		*txpeer = dest;
		return in;
	}
	return lnet_ni_for_dest(dest, txpeer);
}

/*
 * Whether @hdr's source NID may come from @from_nid, the NID the driver's
 * connection was established for.  On a network we are on, only the node
 * itself sends with its NID (so answers, and the connections they open,
 * cannot be misdirected to a third node); a source on another network is
 * an originator behind a router: legitimate when we route (a router takes
 * messages from other routers), or when @from_nid is a router, that is an
 * NI of a peer that a route goes through (any route: the way back to the
 * source need not be the way it came, and a multi-homed router may send
 * from an NI its route does not name).
 */
static bool src_ok(struct lnet_ni *ni, const struct lnet_hdr *hdr, __u64 from_nid)
{
	__u32 src_net = LNET_NIDNET(hdr->src_nid);
	bool ok;

	if (ni->net->lnd->self || hdr->src_nid == from_nid)
		return true;
	spin_lock(&the_lnet.res_lock);
	if (src_net == ni->net->net_id || lnet_ni_on_net_locked(src_net))
		ok = false;
	else
		ok = the_lnet.routing || lnet_nid_is_gateway_locked(from_nid);
	spin_unlock(&the_lnet.res_lock);
	return ok;
}

static int parse_get(struct lnet_ni *ni, const struct lnet_hdr *hdr)
{
	const unsigned int rlen = hdr->msg.get.sink_length;
	struct lnet_msg *reply;
	struct lnet_md *md;
	int len;

	md = lnet_md_match(hdr->msg.get.ptl_index, hdr->src_nid, hdr->src_pid,
			   hdr->msg.get.match_bits, LNET_MD_OP_GET);
	if (!md)
		return -ENOENT;
	len = rlen < md->desc.length ? rlen : md->desc.length;
	reply = lnet_msg_alloc(GFP_ATOMIC);
	if (!reply) {
		drop_md(md, -ENOMEM);
		return -ENOMEM;
	}
	reply->ni = answer_ni(ni, hdr->src_nid, &reply->txpeer);
	if (!reply->ni) {
		lnet_msg_free(reply);
		drop_md(md, -EHOSTUNREACH);
		return -EHOSTUNREACH;
	}
	hdr_init(&reply->hdr, ni, LNET_MSG_REPLY, hdr->src_nid, hdr->src_pid);
	reply->answer = true;
	reply->hdr.payload_length = len;
	reply->hdr.msg.reply.dst_wmd = hdr->msg.get.return_wmd;
	reply->md = md;
	reply->len = len;
	rx_event(reply, LNET_EVENT_GET, hdr, hdr->msg.get.match_bits, rlen);
	lnet_msg_send(reply);
	return 0;
}

/**
 * lnet_parse() - a driver received a message with header @hdr on @ni.
 * @from_nid: the peer the driver got it from
 * @private:  handed back to the driver's recv()
 *
 * For a PUT or REPLY that finds its MD the driver's recv() is called (and
 * then finalizes the message).  Return: 0 when the message was taken, or a
 * negative errno when it was dropped: the driver then discards the payload;
 * or, on a router, LNET_RECV_DELAYED: the message waits for a router
 * buffer, and the driver's recv() for it comes later from another context
 * (the driver reads nothing more from that connection meanwhile and keeps
 * @private valid until then; router.c).
 */
int lnet_parse(struct lnet_ni *ni, const struct lnet_hdr *hdr, __u64 from_nid, void *private)
{
	enum lnet_event_type type;
	struct lnet_msg *msg;
	struct lnet_md *md;
	__u64 mbits = 0;
	int len, rc;

	atomic64_inc(&ni->stats.recv_count);
	atomic64_add(hdr->payload_length, &ni->stats.recv_bytes);
	atomic64_inc(&the_lnet.stats.recv_count);
	atomic64_add(hdr->payload_length, &the_lnet.stats.recv_length);
	if (!ni->net->lnd->self)
		lnet_peer_ni_received(from_nid, hdr->payload_length);

	if (!src_ok(ni, hdr, from_nid)) {
		atomic64_inc(&the_lnet.stats.drop_src_count);
		pr_warn_ratelimited("message from %llx claims source %llx: dropped\n", from_nid,
				    hdr->src_nid);
		rc = -EPROTO;
		goto drop;
	}
	if (!lnet_nid_is_local(hdr->dest_nid)) {
		rc = lnet_parse_forward(ni, hdr, from_nid, private);
		if (rc < 0)
			goto drop;
		return rc;
	}
	if (hdr->dest_pid != the_lnet.pid) {
		rc = -EHOSTUNREACH;
		goto drop;
	}
	switch (hdr->type) {
	case LNET_MSG_GET:
		rc = parse_get(ni, hdr);
		if (rc)
			goto drop;
		return 0;
	case LNET_MSG_PUT:
		type = LNET_EVENT_PUT;
		mbits = hdr->msg.put.match_bits;
		md = lnet_md_match(hdr->msg.put.ptl_index, hdr->src_nid, hdr->src_pid, mbits,
				   LNET_MD_OP_PUT);
		break;
	case LNET_MSG_REPLY:
		type = LNET_EVENT_REPLY;
		md = lnet_md_lookup_answer(&hdr->msg.reply.dst_wmd, LNET_MSG_REPLY,
					   hdr->src_nid);
		if (!md)
			goto unsolicited;
		break;
	case LNET_MSG_ACK:
		type = LNET_EVENT_ACK;
		mbits = hdr->msg.ack.match_bits;
		md = lnet_md_lookup_answer(&hdr->msg.ack.dst_wmd, LNET_MSG_ACK, hdr->src_nid);
		if (!md)
			goto unsolicited;
		break;
	default:
		rc = -EPROTO;
		goto drop;
	}
	if (!md) {
		rc = -ENOENT;
		goto drop;
	}
	len = hdr->type == LNET_MSG_ACK ? 0 : fit(md, hdr->payload_length);
	if (len < 0) {
		rc = -EMSGSIZE;
		drop_md(md, rc);
		goto drop;
	}
	msg = lnet_msg_alloc(GFP_ATOMIC);
	if (!msg) {
		rc = -ENOMEM;
		drop_md(md, rc);
		goto drop;
	}
	atomic_inc(&ni->refs);
	msg->ni = ni;
	msg->hdr = *hdr;
	msg->md = md;
	msg->len = len;
	msg->receiving = true;
	rx_event(msg, type, hdr, mbits, hdr->payload_length);
	if (hdr->type == LNET_MSG_PUT)
		msg->ev.hdr_data = hdr->msg.put.hdr_data;
	if (hdr->type == LNET_MSG_ACK) {
		msg->ev.mlength = hdr->msg.ack.mlength;
		lnet_finalize(msg, 0);
		return 0;
	}
	ni->net->lnd->recv(ni, private, msg, len, hdr->payload_length);
	return 0;

unsolicited:
	/* Not an answer to anything we asked that peer: forged, or late. */
	atomic64_inc(&the_lnet.stats.drop_unsolicited_count);
	rc = -ENOENT;
drop:
	atomic64_inc(&ni->stats.drop_count);
	atomic64_inc(&the_lnet.stats.drop_count);
	atomic64_add(hdr->payload_length, &the_lnet.stats.drop_length);
	pr_debug("dropped %u from %llx: %d\n", hdr->type, from_nid, rc);
	return rc;
}
EXPORT_SYMBOL(lnet_parse);

static void send_ack(struct lnet_msg *put)
{
	struct lnet_msg *ack = lnet_msg_alloc(GFP_ATOMIC);

	if (!ack)
		return;	/* the initiator's ACK wait times out */
	ack->ni = answer_ni(put->ni, put->hdr.src_nid, &ack->txpeer);
	if (!ack->ni) {
		lnet_msg_free(ack);
		return;
	}
	hdr_init(&ack->hdr, put->ni, LNET_MSG_ACK, put->hdr.src_nid, put->hdr.src_pid);
	ack->answer = true;
	ack->hdr.msg.ack.dst_wmd = put->hdr.msg.put.ack_wmd;
	ack->hdr.msg.ack.match_bits = put->hdr.msg.put.match_bits;
	ack->hdr.msg.ack.mlength = put->len;
	lnet_msg_send(ack);
}

/**
 * lnet_finalize() - a message is done (@status 0 or -errno): deliver its
 * event, send the ACK a PUT asked for, release the MD and the NI.
 */
void lnet_finalize(struct lnet_msg *msg, int status)
{
	bool ack = msg->receiving && !status && msg->hdr.type == LNET_MSG_PUT &&
		   msg->hdr.msg.put.ack_wmd.wh_object_cookie != wire_none.wh_object_cookie;
	struct lnet_md *md = msg->md;
	struct lnet_msg *next, *tmp;
	LIST_HEAD(ready);

	if (status)
		atomic64_inc(&the_lnet.stats.errors);
	if (!msg->receiving && msg->txlpni) {
		lnet_peer_ni_sent(msg->txlpni, msg->hdr.payload_length, status);
		lnet_return_tx_credits(msg, &ready);
	}
	if (msg->routing) {
		lnet_forward_finalize(msg, status);
		goto send_ready;
	}

	if (ack)
		send_ack(msg);
	if (md) {
		msg->ev.status = status;
		lnet_md_event(md, &msg->ev, false);
	}
	lnet_msg_free(msg);
send_ready:
	/* Messages that waited for the credits this one returned. */
	list_for_each_entry_safe(next, tmp, &ready, tx_list) {
		list_del_init(&next->tx_list);
		lnd_send(next);
	}
}
EXPORT_SYMBOL(lnet_finalize);

/**
 * lnet_msg_iter() - an iterator over the @len bytes of @msg's MD region
 * (from msg->offset), for a driver to receive into (@dir READ) or send from
 * (WRITE).  @kv is storage for a kernel-buffer MD; a page-vector MD is
 * iterated in place.
 */
void lnet_msg_iter(const struct lnet_msg *msg, unsigned int dir, unsigned int len,
		   struct kvec *kv, struct iov_iter *it)
{
	const struct lnet_md_desc *d = &msg->md->desc;

	if (d->kiov) {
		iov_iter_bvec(it, dir, d->kiov, d->niov, msg->offset + len);
		iov_iter_advance(it, msg->offset);
	} else {
		kv->iov_base = (char *)d->start + msg->offset;
		kv->iov_len = len;
		iov_iter_kvec(it, dir, kv, 1, len);
	}
}
EXPORT_SYMBOL(lnet_msg_iter);

/**
 * lnet_copy_md() - copy @len bytes of @src's MD region into @dst's (the
 * loopback driver's receive).
 */
void lnet_copy_md(struct lnet_msg *dst, const struct lnet_msg *src, unsigned int len)
{
	const struct lnet_md_desc *s;
	struct iov_iter to;
	struct kvec kv;
	unsigned int off, i;

	if (!len || !dst->md || !src->md)
		return;
	lnet_msg_iter(dst, READ, len, &kv, &to);
	s = &src->md->desc;
	if (!s->kiov) {
		WARN_ON_ONCE(copy_to_iter((const char *)s->start + src->offset, len, &to) != len);
		return;
	}
	off = src->offset;
	for (i = 0; i < s->niov && len; i++) {
		const struct bio_vec *bv = &s->kiov[i];
		unsigned int n;
		void *p;

		if (off >= bv->bv_len) {
			off -= bv->bv_len;
			continue;
		}
		n = min(len, bv->bv_len - off);
		p = kmap_local_page(bv->bv_page);
		n = copy_to_iter(p + bv->bv_offset + off, n, &to);
		kunmap_local(p);
		if (WARN_ON_ONCE(!n))
			return;
		len -= n;
		off = 0;
	}
}
EXPORT_SYMBOL(lnet_copy_md);
