// SPDX-License-Identifier: GPL-2.0
/*
 * ksocklnd transmit: each connection's transmit work sends the head of its
 * queue without blocking (the socket's write_space callback requeues it),
 * header first, then the payload from the MD.  The message at the head must
 * be sent whole within sock_timeout of reaching the head (the watch closes
 * the connection otherwise): partial progress does not extend that, so a
 * peer that reads a few bytes now and then cannot hold us forever.
 *
 * Zero-copy: a payload of pages at least zc_min_payload long goes by
 * reference (kernel_sendpage() where the kernel has it, MSG_SPLICE_PAGES
 * otherwise), so TCP may still read those pages after the send returns.
 * Such a message asks the peer for a zero-copy ACK (a cookie in
 * zc_cookies[0], as Lustre's socklnd V3 does) and completes only when the
 * ACK arrives: then the peer holds every byte and the pages are the
 * owner's again.  The cookie is registered when the message is queued,
 * so an ACK that overtakes the end of our send is not lost.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/socket.h>
#include <nacre/compat.h>
#include "socklnd.h"

#define KSOCK_TX_BUDGET 32

static int send_kvec(struct ksock_conn *conn, void *buf, size_t len, int flags)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_flags = flags };

	return kernel_sendmsg(conn->sock, &mh, &kv, 1, len);
}

/* Send up to @n payload bytes from @off by copying. */
static int send_copy(struct ksock_conn *conn, struct lnet_msg *msg, unsigned int off,
		     unsigned int n, int flags)
{
	struct msghdr mh = { .msg_flags = flags };
	struct kvec kv;

	lnet_msg_iter(msg, WRITE, off + n, &kv, &mh.msg_iter);
	iov_iter_advance(&mh.msg_iter, off);
	return sock_sendmsg(conn->sock, &mh);
}

/* Send up to @n payload bytes from @off by page reference. */
static int send_zc(struct ksock_conn *conn, struct lnet_msg *msg, unsigned int off,
		   unsigned int n, int flags)
{
#ifdef HAVE_KERNEL_SENDPAGE
	const struct lnet_md_desc *d = &msg->md->desc;
	unsigned int i, pos = msg->offset + off;

	for (i = 0; i < d->niov; i++) {
		const struct bio_vec *bv = &d->kiov[i];
		unsigned int len;

		if (pos >= bv->bv_len) {
			pos -= bv->bv_len;
			continue;
		}
		len = min(bv->bv_len - pos, n);
		if (len < n)
			flags |= MSG_MORE;
		return kernel_sendpage(conn->sock, bv->bv_page, bv->bv_offset + pos, len, flags);
	}
	return -EINVAL;
#else
	struct msghdr mh = { .msg_flags = flags | MSG_SPLICE_PAGES };
	struct kvec kv;

	lnet_msg_iter(msg, WRITE, off + n, &kv, &mh.msg_iter);
	iov_iter_advance(&mh.msg_iter, off);
	return sock_sendmsg(conn->sock, &mh);
#endif
}

/* Send what the socket takes of @tx: 0 when all of it went, -EAGAIN when
 * the socket is full, or -errno.  @more: another message follows at once,
 * so TCP may fill a segment with the end of this one and the next (as
 * Lustre's socklnd does: fewer segments when messages queue up).
 */
static int tx_send(struct ksock_conn *conn, struct ksock_tx *tx, bool more)
{
	unsigned int total = tx->hdr_len + tx->payload_len;
	int flags, rc;

	while (tx->sent < total) {
		flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0);
		if (tx->sent < tx->hdr_len) {
			if (tx->payload_len)
				flags |= MSG_MORE;
			rc = send_kvec(conn, tx->hdr + tx->sent, tx->hdr_len - tx->sent, flags);
		} else {
			unsigned int off = tx->sent - tx->hdr_len;

			rc = tx->zc ? send_zc(conn, tx->msg, off, tx->payload_len - off, flags) :
				      send_copy(conn, tx->msg, off, tx->payload_len - off, flags);
		}
		if (rc == 0)
			return -EAGAIN;
		if (rc < 0)
			return rc;
		/* No deadline renewal here: a peer that takes a trickle of
		 * bytes must not keep a message (and those queued behind it)
		 * alive forever.  The head message has sock_timeout to go.
		 */
		tx->sent += rc;
	}
	return 0;
}

/*
 * Send the queue's messages while this sender owns @conn's send side, at
 * most @budget of them, then let go: the transmit work is queued again if
 * the budget ran out with messages left, or a work run found the side
 * owned meanwhile (its reason, e.g. write space, may still hold).
 */
static void tx_run(struct ksock_conn *conn, unsigned int budget)
{
	struct ksock_net *net = conn->peer->net;
	struct ksock_tx *tx;
	bool more, again;
	int rc = 0;

	for (;;) {
		spin_lock_bh(&net->lock);
		tx = conn->closing ? NULL :
				     list_first_entry_or_null(&conn->txq, struct ksock_tx, list);
		if (!tx || !budget) {
			again = tx || conn->tx_kick;
			break;
		}
		budget--;
		/* The next one goes in this loop, or in the requeued work. */
		more = !list_is_last(&tx->list, &conn->txq);
		spin_unlock_bh(&net->lock);
		rc = tx_send(conn, tx, more);
		spin_lock_bh(&net->lock);
		if (rc) {
			/* Full: the socket's write_space queues the work. */
			again = rc == -EAGAIN && conn->tx_kick;
			break;
		}
		list_del_init(&tx->list);
		conn->tx_bytes -= tx->hdr_len + tx->payload_len;
		tx->sent_all = true;
		tx->deadline = jiffies + ksock_timeout * HZ;
		/* The next message's turn starts now. */
		WRITE_ONCE(conn->tx_deadline, tx->deadline);
		if (!list_empty(&tx->zc_list))
			tx = NULL;	/* completes on the peer's ACK */
		spin_unlock_bh(&net->lock);
		if (tx)
			ksock_tx_done(tx, 0);
	}
	conn->tx_running = false;
	conn->tx_kick = false;
	if (again && !conn->closing)
		queue_work(net->wq, &conn->tx_work);
	spin_unlock_bh(&net->lock);
	/* The close work waits for the owner to let go. */
	wake_up_var(&conn->tx_running);
	if (rc && rc != -EAGAIN)
		ksock_conn_close(conn, rc);
}

void ksock_tx_work(struct work_struct *w)
{
	struct ksock_conn *conn = container_of(w, struct ksock_conn, tx_work);
	struct ksock_net *net = conn->peer->net;

	spin_lock_bh(&net->lock);
	if (conn->tx_running) {
		conn->tx_kick = true;
		spin_unlock_bh(&net->lock);
		return;
	}
	conn->tx_running = true;
	spin_unlock_bh(&net->lock);
	tx_run(conn, KSOCK_TX_BUDGET);
}

/*
 * Inline sends: a thread whose message finds its connection idle sends it
 * itself, which spares a hand-off to the transmit work (a wake-up and two
 * context switches per message; a small RPC is one message each way).
 * Only from a context that may sleep (lock_sock() can), and not within
 * another inline send on this CPU: a send's completion may start more
 * sends (LNet's queued messages, event handlers), which then go through
 * the work rather than deeper into this stack.
 */
static DEFINE_PER_CPU(unsigned int, tx_inline_busy);

bool ksock_tx_inline_ok(void)
{
	return READ_ONCE(ksock_tx_inline_enabled) && preemptible() &&
	       !this_cpu_read(tx_inline_busy);
}

/* Send @conn's queue as its owner (ksock_queue_tx_locked() said so). */
void ksock_tx_inline(struct ksock_conn *conn)
{
	migrate_disable();
	this_cpu_inc(tx_inline_busy);
	tx_run(conn, KSOCK_TX_BUDGET);
	this_cpu_dec(tx_inline_busy);
	migrate_enable();
	ksock_conn_put(conn);
}

/* Whether an ACK of (@c1, @c2) covers @c (Lustre's V3 rules; c1 != 0). */
static bool zc_covers(__u64 c1, __u64 c2, __u64 c)
{
	if (c1 > c2)
		return c == c1 || c == c2;	/* two cookies */
	return c >= c1 && c <= c2;		/* a range */
}

/**
 * ksock_zc_acked() - the peer acknowledged zero-copy cookies: @c2 alone
 * when @c1 is 0, @c1 and @c2 when @c1 > @c2, the range [@c1, @c2]
 * otherwise.  A lone cookie KSOCK_KEEPALIVE_PING is a keepalive.
 */
void ksock_zc_acked(struct ksock_peer *peer, __u64 c1, __u64 c2)
{
	struct ksock_net *net = peer->net;
	struct ksock_tx *tx, *tmp;
	struct ksock_conn *conn;
	LIST_HEAD(done);
	__u64 count;

	if (!c1)
		c1 = c2;
	if (c1 == c2 && c2 == KSOCK_KEEPALIVE_PING)
		return;
	count = c1 > c2 ? 2 : c2 - c1 + 1;
	spin_lock_bh(&net->lock);
	list_for_each_entry(conn, &peer->conns, list) {
		list_for_each_entry_safe(tx, tmp, &conn->zcq, zc_list) {
			if (!zc_covers(c1, c2, tx->ksm.zc_cookies[0]))
				continue;
			list_del_init(&tx->zc_list);
			if (tx->sent_all)
				list_add_tail(&tx->list, &done);
			if (!--count)
				goto out;
		}
	}
out:
	spin_unlock_bh(&net->lock);
	ksock_txlist_done(&done, 0);
}
