// SPDX-License-Identifier: GPL-2.0
/*
 * ksocklnd receive: a state machine per connection, run by the
 * connection's receive work whenever the socket has data.  It reads the
 * socklnd header, then for an LNet message the LNet header, hands that to
 * lnet_parse(), and reads the payload straight into the MD that matched
 * (ksock_recv() set the iterator) or discards it.  Reads never block: on
 * -EAGAIN the work ends and the socket's data_ready callback requeues it.
 * A router may delay a message (LNET_RECV_DELAYED: no router buffer yet):
 * the connection then reads nothing until LNet calls ksock_recv() from
 * elsewhere, which requeues the work; a reference keeps the connection
 * until that call, even once it is closed.
 *
 * Every byte from the peer is checked by the wire decoders before use; a
 * malformed header closes the connection.  A message that starts must
 * finish within sock_timeout of its first byte, however slowly its bytes
 * trickle in (the watch closes a stalled connection).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <linux/socket.h>
#include "socklnd.h"

/* Messages handled per run before the work yields to others. */
#define KSOCK_RX_BUDGET 32

/* Read into @it without blocking: bytes read, 0 at end of stream, -errno. */
static int rx_read(struct ksock_conn *conn, struct iov_iter *it)
{
	struct msghdr mh = { .msg_flags = MSG_DONTWAIT };
	int rc;

	mh.msg_iter = *it;
	rc = sock_recvmsg(conn->sock, &mh, MSG_DONTWAIT);
	if (rc > 0)
		*it = mh.msg_iter;
	return rc;
}

/* Fill rx_buf up to @want bytes (from @base); 1 when complete. */
static int rx_fill(struct ksock_conn *conn, unsigned int base, unsigned int want)
{
	struct kvec kv = {
		.iov_base = conn->rx_buf + base + conn->rx_have,
		.iov_len = want - conn->rx_have,
	};
	struct iov_iter it;
	int rc;

	iov_iter_kvec(&it, READ, &kv, 1, kv.iov_len);
	rc = rx_read(conn, &it);
	if (rc <= 0)
		return rc ?: -ECONNRESET;
	if (!conn->rx_deadline)
		conn->rx_deadline = jiffies + ksock_timeout * HZ;
	conn->rx_have += rc;
	return conn->rx_have == want;
}

/* The peer asked for a zero-copy ACK of the message just received. */
static void send_zc_ack(struct ksock_conn *conn, __u64 cookie)
{
	struct ksock_net *net = conn->peer->net;
	struct ksock_tx *tx = ksock_noop_alloc(cookie);

	if (!tx)
		return;		/* the peer times the connection out */
	spin_lock_bh(&net->lock);
	if (conn->closing) {
		spin_unlock_bh(&net->lock);
		ksock_tx_done(tx, 0);
		return;
	}
	ksock_queue_tx_locked(conn, tx, false);
	spin_unlock_bh(&net->lock);
}

static void rx_message_done(struct ksock_conn *conn)
{
	struct lnet_msg *msg = conn->rx_msg;

	conn->rx_msg = NULL;
	conn->rx_state = KSOCK_RX_KSM;
	conn->rx_have = 0;
	conn->rx_deadline = 0;
	if (msg)
		lnet_finalize(msg, 0);
	if (conn->rx_ksm.type == KSOCK_MSG_LNET && conn->rx_ksm.zc_cookies[0])
		send_zc_ack(conn, conn->rx_ksm.zc_cookies[0]);
}

/* A socklnd header arrived: 0 to go on, or -EPROTO. */
static int rx_ksm(struct ksock_conn *conn)
{
	struct ksock_msg_hdr *ksm = &conn->rx_ksm;
	const char *why;

	if (ksock_msg_hdr_decode(conn->rx_buf, KSOCK_MSG_HDR_SIZE, conn->swab, ksm, &why)) {
		pr_warn_ratelimited("%pI4: %s\n", &conn->peer_ip, why);
		return -EPROTO;
	}
	/* An ACK rides in zc_cookies[1]: alone in a NOOP (a range with
	 * zc_cookies[0]), or on an LNet message.
	 */
	if (ksm->zc_cookies[1])
		ksock_zc_acked(conn->peer, ksm->type == KSOCK_MSG_NOOP ? ksm->zc_cookies[0] : 0,
			       ksm->zc_cookies[1]);
	if (ksm->type == KSOCK_MSG_NOOP) {
		conn->rx_have = 0;
		conn->rx_deadline = 0;
		return 0;
	}
	conn->rx_state = KSOCK_RX_LNET_HDR;
	conn->rx_have = 0;
	return 0;
}

/* An LNet header arrived: parse it; 0 to go on, or -EPROTO. */
static int rx_lnet_hdr(struct ksock_conn *conn)
{
	struct ksock_net *net = conn->peer->net;
	struct lnet_ni *ni = net->ni;
	struct lnet_hdr hdr;
	const char *why;
	int rc;

	/* Lustre writes the LNet header little-endian whatever its CPU (only
	 * the HELLO and the socklnd header are in the sender's order).
	 */
	if (lnet_hdr_decode(conn->rx_buf + KSOCK_MSG_HDR_SIZE, LNET_HDR_SIZE, false, &hdr, &why)) {
		pr_warn_ratelimited("%pI4: %s\n", &conn->peer_ip, why);
		return -EPROTO;
	}
	conn->rx_state = KSOCK_RX_PARSING;
	conn->rx_msg = NULL;
	WRITE_ONCE(conn->rx_parser, current);
	rc = lnet_parse(ni, &hdr, conn->peer->nid, conn);
	WRITE_ONCE(conn->rx_parser, NULL);
	if (rc == LNET_RECV_DELAYED) {
		/* recv() may come from another thread at any time now. */
		spin_lock_bh(&net->lock);
		if (conn->rx_state == KSOCK_RX_PARSING) {
			/* Nothing more is read until ksock_recv(), which
			 * drops this reference; no deadline meanwhile. */
			refcount_inc(&conn->refs);
			conn->rx_state = KSOCK_RX_DELAYED;
			conn->rx_deadline = 0;
		}
		spin_unlock_bh(&net->lock);
		return 0;	/* or received already: read on */
	}
	/* Received within lnet_parse() (this thread), or dropped, or taken
	 * without a payload (GET, ACK): nobody else looks at it. */
	if (conn->rx_state == KSOCK_RX_PARSING) {
		conn->rx_state = KSOCK_RX_DISCARD;
		conn->rx_discard = hdr.payload_length;
		iov_iter_kvec(&conn->rx_iter, READ, NULL, 0, 0);
	}
	return 0;
}

/* Read payload (into the MD) and then the bytes to drop; 1 when done. */
static int rx_payload(struct ksock_conn *conn)
{
	struct iov_iter drop;
	int rc;

	while (iov_iter_count(&conn->rx_iter)) {
		rc = rx_read(conn, &conn->rx_iter);
		if (rc <= 0)
			return rc ?: -ECONNRESET;
	}
	while (conn->rx_discard) {
		iov_iter_discard(&drop, READ, conn->rx_discard);
		rc = rx_read(conn, &drop);
		if (rc <= 0)
			return rc ?: -ECONNRESET;
		conn->rx_discard -= rc;
	}
	return 1;
}

void ksock_rx_work(struct work_struct *w)
{
	struct ksock_conn *conn = container_of(w, struct ksock_conn, rx_work);
	unsigned int budget = KSOCK_RX_BUDGET;
	int rc = 0;

	while (!READ_ONCE(conn->closing)) {
		switch (conn->rx_state) {
		case KSOCK_RX_KSM:
			if (!budget--) {
				queue_work(conn->peer->net->wq, &conn->rx_work);
				return;
			}
			rc = rx_fill(conn, 0, KSOCK_MSG_HDR_SIZE);
			if (rc == 1)
				rc = rx_ksm(conn);
			break;
		case KSOCK_RX_LNET_HDR:
			rc = rx_fill(conn, KSOCK_MSG_HDR_SIZE, LNET_HDR_SIZE);
			if (rc == 1)
				rc = rx_lnet_hdr(conn);
			break;
		case KSOCK_RX_PARSING:
		case KSOCK_RX_DELAYED:
			return;	/* waiting for ksock_recv() */
		case KSOCK_RX_PAYLOAD:
		case KSOCK_RX_DISCARD:
			rc = rx_payload(conn);
			if (rc == 1) {
				rx_message_done(conn);
				rc = 0;
			}
			break;
		}
		if (rc > 0)
			rc = 0;
		if (rc == -EAGAIN)
			return;
		if (rc < 0)
			break;
		WRITE_ONCE(conn->peer->last_alive, jiffies);
	}
	if (rc < 0) {
		/* The end of the stream between messages is an orderly close. */
		if (rc == -ECONNRESET && conn->rx_state == KSOCK_RX_KSM && !conn->rx_have)
			rc = 0;
		ksock_conn_close(conn, rc);
	}
}
