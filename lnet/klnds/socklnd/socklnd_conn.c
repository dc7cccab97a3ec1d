// SPDX-License-Identifier: GPL-2.0
/*
 * ksocklnd connections: connecting (acceptor request, then HELLO), being
 * accepted (HELLO, then ours back), turning the socket over to the
 * callback-driven receive and transmit works, closing, and the once-a-
 * second watch (timeouts, keepalives, idle peers).
 *
 * The HELLO exchange blocks (socket timeouts) in a work item.  Each socket
 * in an exchange is on net->handshakes so that draining the NI can shut it
 * down and the exchange fails at once instead of waiting for its timeout.
 *
 * Connection types follow Lustre: the connecting side opens CONTROL,
 * BULK_IN and BULK_OUT; the accepting side sees them as CONTROL, BULK_OUT
 * and BULK_IN.  A HELLO carrying a new incarnation of a peer means it
 * restarted: the connections to its old incarnation are closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "socklnd.h"

struct ksock_hs {
	struct list_head list;		/* on net->handshakes */
	struct ksock_net *net;
	struct socket *sock;		/* NULL until created */
};

struct ksock_accept {
	struct work_struct work;
	struct ksock_hs hs;
};

/*
 * net->hs_mutex orders the handshakes list against draining: a socket is
 * shut down under it, and released by its owner only after hs_end().
 */
static void hs_track(void *arg, struct socket *sock)
{
	struct ksock_hs *hs = arg;

	mutex_lock(&hs->net->hs_mutex);
	hs->sock = sock;
	if (sock && READ_ONCE(hs->net->draining))
		kernel_sock_shutdown(sock, SHUT_RDWR);
	mutex_unlock(&hs->net->hs_mutex);
}

static bool hs_begin(struct ksock_net *net, struct ksock_hs *hs, struct socket *sock)
{
	bool ok;

	hs->net = net;
	hs->sock = sock;
	mutex_lock(&net->hs_mutex);
	ok = !READ_ONCE(net->draining);
	if (ok)
		list_add_tail(&hs->list, &net->handshakes);
	mutex_unlock(&net->hs_mutex);
	return ok;
}

static void hs_end(struct ksock_hs *hs)
{
	mutex_lock(&hs->net->hs_mutex);
	list_del(&hs->list);
	mutex_unlock(&hs->net->hs_mutex);
}

/* Draining (already set): every HELLO exchange in progress fails now. */
void ksock_abort_handshakes(struct ksock_net *net)
{
	struct ksock_hs *hs;

	mutex_lock(&net->hs_mutex);
	list_for_each_entry(hs, &net->handshakes, list)
		if (hs->sock)
			kernel_sock_shutdown(hs->sock, SHUT_RDWR);
	mutex_unlock(&net->hs_mutex);
}

static int sock_io(struct socket *sock, void *buf, size_t len, bool send)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_flags = MSG_NOSIGNAL };
	int rc;

	if (send)
		rc = kernel_sendmsg(sock, &mh, &kv, 1, len);
	else
		rc = kernel_recvmsg(sock, &mh, &kv, 1, len, MSG_WAITALL);
	if (rc < 0)
		return rc;
	return rc == len ? 0 : -ECONNABORTED;
}

static int hello_send(struct ksock_net *net, struct socket *sock, __u64 peer_nid,
		      __u32 peer_pid, __u64 peer_incarnation, int type)
{
	struct ksock_hello h = {
		.magic = LNET_PROTO_MAGIC,
		.version = KSOCK_PROTO_V3,
		.src_nid = lnet_nid_to_nid4(&net->ni->nid),
		.dst_nid = peer_nid,
		.src_pid = the_lnet.pid,
		.dst_pid = peer_pid,
		.src_incarnation = the_lnet.incarnation,
		.dst_incarnation = peer_incarnation,
		.ctype = type,
	};
	u8 buf[KSOCK_HELLO_V3_SIZE];
	size_t n = ksock_hello_encode(&h, buf, sizeof(buf));

	return sock_io(sock, buf, n, true);
}

/*
 * Read and decode the peer's HELLO within @timeout_s in all (a peer that
 * trickles bytes gains nothing); @why names a protocol fault.
 */
static int hello_recv(struct socket *sock, struct ksock_hello *h, bool *swab, const char **why,
		      int timeout_s)
{
	u8 buf[KSOCK_HELLO_V3_SIZE + 4 * KSOCK_HELLO_MAX_IPS];
	unsigned long deadline = jiffies + timeout_s * HZ;
	size_t have = 0, need = 8;
	int rc;

	*why = NULL;
	for (;;) {
		if (time_after_eq(jiffies, deadline))
			return -ETIMEDOUT;
		sock->sk->sk_rcvtimeo = deadline - jiffies;
		rc = sock_io(sock, buf + have, need - have, false);
		if (rc)
			return rc;
		have = need;
		rc = ksock_hello_decode(buf, have, h, swab, &need, why);
		if (rc != -EAGAIN)
			return rc;
		if (need <= have || need > sizeof(buf))
			return -EPROTO;
	}
}

/* The type the other side gives a connection it sees as @type. */
static int peer_view(int type)
{
	switch (type) {
	case SOCKLND_CONN_BULK_IN:
		return SOCKLND_CONN_BULK_OUT;
	case SOCKLND_CONN_BULK_OUT:
		return SOCKLND_CONN_BULK_IN;
	default:
		return type;
	}
}

/* --- socket callbacks ---------------------------------------------------------------- */

static void ksock_data_ready(struct sock *sk)
{
	struct ksock_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn)
		queue_work(conn->peer->net->wq, &conn->rx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ksock_write_space(struct sock *sk)
{
	struct ksock_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && sk_stream_is_writeable(sk) && sk->sk_socket &&
	    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		queue_work(conn->peer->net->wq, &conn->tx_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ksock_state_change(struct sock *sk)
{
	struct ksock_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		/* The receive work sees the end of the stream or the error. */
		queue_work(conn->peer->net->wq, &conn->rx_work);
		if (conn->saved_state_change)
			conn->saved_state_change(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void callbacks_install(struct ksock_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	conn->saved_data_ready = sk->sk_data_ready;
	conn->saved_write_space = sk->sk_write_space;
	conn->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = conn;
	sk->sk_data_ready = ksock_data_ready;
	sk->sk_write_space = ksock_write_space;
	sk->sk_state_change = ksock_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
}

static void callbacks_restore(struct ksock_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->saved_data_ready;
		sk->sk_write_space = conn->saved_write_space;
		sk->sk_state_change = conn->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

/* --- closing --------------------------------------------------------------------------- */

static void conn_close_work(struct work_struct *w)
{
	struct ksock_conn *conn = container_of(w, struct ksock_conn, close_work);
	struct ksock_peer *peer = conn->peer;
	struct ksock_net *net = peer->net;
	struct ksock_tx *tx, *tmp;
	LIST_HEAD(zombies);

	/* A connection closed for a fault is reset, its unsent bytes
	 * dropped: a peer that trickles them out must not go on getting
	 * them after its timeout (a shutdown alone sends them all first).
	 */
	if (conn->error && conn->error != -ESHUTDOWN)
		sock_no_linger(conn->sock->sk);
	kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	cancel_work_sync(&conn->rx_work);
	cancel_work_sync(&conn->tx_work);
	/* An inline sender sees the shut socket or @closing and lets go. */
	wait_var_event(&conn->tx_running, !READ_ONCE(conn->tx_running));

	/* Only this work touches the connection now. */
	spin_lock_bh(&net->lock);
	list_for_each_entry_safe(tx, tmp, &conn->zcq, zc_list) {
		list_del_init(&tx->zc_list);
		if (tx->sent_all)
			list_add_tail(&tx->list, &zombies);
	}
	list_splice_init(&conn->txq, &zombies);
	spin_unlock_bh(&net->lock);
	ksock_txlist_done(&zombies, -EIO);
	if (conn->rx_msg)
		lnet_finalize(conn->rx_msg, -EIO);
	ksock_conn_put(conn);
}

/**
 * ksock_conn_put() - drop a reference to @conn; the last one (the close
 * work's, or a delayed recv()'s after it) frees it.
 */
void ksock_conn_put(struct ksock_conn *conn)
{
	struct ksock_peer *peer = conn->peer;
	struct ksock_net *net = peer->net;

	if (!refcount_dec_and_test(&conn->refs))
		return;
	sock_release(conn->sock);
	kfree(conn);
	if (atomic_dec_and_test(&net->nconns))
		wake_up_var(&net->nconns);
	ksock_peer_put(peer);
}

/**
 * ksock_conn_close_locked() - take @conn out of use (net->lock held): no
 * new message goes to it; the close work shuts the socket, stops the
 * connection's works and fails what it still held.
 */
void ksock_conn_close_locked(struct ksock_conn *conn, int error)
{
	lockdep_assert_held(&conn->peer->net->lock);
	if (conn->closing)
		return;
	conn->closing = true;
	conn->error = error;
	list_del_init(&conn->list);
	callbacks_restore(conn);
	queue_work(conn->peer->net->wq, &conn->close_work);
	if (error && error != -ESHUTDOWN)
		pr_info_ratelimited("closed connection to %pI4:%u (%s): %d\n", &conn->peer_ip,
				    conn->peer_port, conn->type == SOCKLND_CONN_CONTROL ? "control" :
				    conn->type == SOCKLND_CONN_ANY ? "any" : "bulk", error);
}

void ksock_conn_close(struct ksock_conn *conn, int error)
{
	spinlock_t *lock = &conn->peer->net->lock;

	spin_lock_bh(lock);
	ksock_conn_close_locked(conn, error);
	spin_unlock_bh(lock);
}

/* --- a new connection ---------------------------------------------------------------- */

static void sock_setup(struct socket *sock)
{
	struct sock *sk = sock->sk;

	sk->sk_allocation = GFP_NOFS;
	sk->sk_rcvtimeo = 0;
	sk->sk_sndtimeo = 0;
	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, 30);
	tcp_sock_set_keepintvl(sk, 5);
	tcp_sock_set_keepcnt(sk, 5);
}

/*
 * Turn a socket whose HELLO exchange succeeded into a connection of @peer
 * (which the caller holds a reference to).  Takes over @sock.
 */
static int conn_create(struct ksock_peer *peer, struct socket *sock, int type,
		       const struct ksock_hello *h, bool swab)
{
	struct ksock_net *net = peer->net;
	struct ksock_conn *conn, *old, *tmp;
	struct sockaddr_in sin;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return -ENOMEM;
	conn->peer = peer;
	conn->sock = sock;
	conn->type = type;
	conn->swab = swab;
	refcount_set(&conn->refs, 1);
	INIT_LIST_HEAD(&conn->txq);
	INIT_LIST_HEAD(&conn->zcq);
	INIT_WORK(&conn->rx_work, ksock_rx_work);
	INIT_WORK(&conn->tx_work, ksock_tx_work);
	INIT_WORK(&conn->close_work, conn_close_work);
	if (kernel_getpeername(sock, (struct sockaddr *)&sin) >= 0) {
		conn->peer_ip = sin.sin_addr.s_addr;
		conn->peer_port = ntohs(sin.sin_port);
	}
	sock_setup(sock);

	spin_lock_bh(&net->lock);
	if (net->draining) {
		spin_unlock_bh(&net->lock);
		kfree(conn);
		return -ESHUTDOWN;
	}
	if (peer->incarnation != h->src_incarnation) {
		if (peer->incarnation)
			pr_info("%pI4: peer restarted, closing its old connections\n",
				&conn->peer_ip);
		list_for_each_entry_safe(old, tmp, &peer->conns, list)
			ksock_conn_close_locked(old, -ECONNRESET);
		peer->incarnation = h->src_incarnation;
	}
	peer->pid = h->src_pid;
	peer->retry_ms = ksock_min_reconnectms;
	peer->retry_at = 0;
	peer->last_error = 0;
	peer->last_alive = jiffies;
	refcount_inc(&peer->refs);
	atomic_inc(&net->nconns);
	list_add_tail(&conn->list, &peer->conns);
	callbacks_install(conn);
	ksock_peer_launch(peer);
	spin_unlock_bh(&net->lock);
	/* Bytes may have arrived before the callbacks were in place. */
	queue_work(net->wq, &conn->rx_work);
	return 0;
}

/* --- connecting ------------------------------------------------------------------------ */

/* The next connection type @peer should open, or -1 (net->lock held). */
static int wanted_type_locked(const struct ksock_peer *peer)
{
	static const int typed[] = { SOCKLND_CONN_CONTROL, SOCKLND_CONN_BULK_IN,
				     SOCKLND_CONN_BULK_OUT };
	unsigned int count[KSOCK_NTYPES] = { 0 };
	const struct ksock_conn *conn;
	size_t i;

	list_for_each_entry(conn, &peer->conns, list)
		if (conn->type >= 0 && conn->type < KSOCK_NTYPES)
			count[conn->type]++;
	if (!ksock_typed_conns)
		return count[SOCKLND_CONN_ANY] ? -1 : SOCKLND_CONN_ANY;
	for (i = 0; i < ARRAY_SIZE(typed); i++) {
		unsigned int want = typed[i] == SOCKLND_CONN_CONTROL ? 1 : ksock_conns_per_peer;

		if (count[typed[i]] < want)
			return typed[i];
	}
	return -1;
}

static int connect_one(struct ksock_peer *peer, int type)
{
	struct ksock_net *net = peer->net;
	__u64 my_nid = lnet_nid_to_nid4(&net->ni->nid);
	struct ksock_hs hs;
	struct ksock_hello h;
	struct socket *sock;
	const char *why;
	bool swab;
	int rc;

	if (!hs_begin(net, &hs, NULL))
		return -ESHUTDOWN;
	rc = lnet_connect(&sock, peer->nid, net->ip, htonl(LNET_NIDADDR(peer->nid)),
			  lnet_accept_port, ksock_timeout, hs_track, &hs);
	if (rc) {
		hs_end(&hs);
		return rc;
	}
	rc = hello_send(net, sock, peer->nid, 0, 0, type);
	if (!rc)
		rc = hello_recv(sock, &h, &swab, &why, ksock_timeout);
	if (rc == -EPROTO) {
		pr_warn_ratelimited("%pI4: bad HELLO: %s\n", &sock->sk->sk_daddr,
				    why ?: "malformed");
	} else if (!rc && (h.src_nid != peer->nid || h.dst_nid != my_nid)) {
		pr_warn_ratelimited("%pI4: HELLO is from %llx to %llx, expected %llx to %llx\n",
				    &sock->sk->sk_daddr, h.src_nid, h.dst_nid, peer->nid, my_nid);
		rc = -EPROTO;
	} else if (!rc && (int)h.ctype != peer_view(type)) {
		pr_warn_ratelimited("%pI4: HELLO answers connection type %u to %d\n",
				    &sock->sk->sk_daddr, h.ctype, type);
		rc = -EPROTO;
	}
	hs_end(&hs);
	if (!rc)
		rc = conn_create(peer, sock, type, &h, swab);
	if (rc)
		sock_release(sock);
	return rc;
}

/*
 * Open the connections @peer lacks, one type at a time.  On failure, the
 * messages waiting for a connection fail and the next attempt waits for a
 * back-off that doubles up to max_reconnectms.
 */
void ksock_connect_work(struct work_struct *w)
{
	struct ksock_peer *peer = container_of(to_delayed_work(w), struct ksock_peer,
					       connect_work);
	struct ksock_net *net = peer->net;
	LIST_HEAD(zombies);
	int type, rc;

	for (;;) {
		spin_lock_bh(&net->lock);
		type = net->draining ? -1 : wanted_type_locked(peer);
		if (type < 0) {
			peer->connecting = false;
			spin_unlock_bh(&net->lock);
			break;
		}
		spin_unlock_bh(&net->lock);

		rc = connect_one(peer, type);
		if (!rc)
			continue;
		spin_lock_bh(&net->lock);
		peer->connecting = false;
		peer->last_error = rc;
		peer->retry_at = jiffies + msecs_to_jiffies(peer->retry_ms);
		peer->retry_ms = min(peer->retry_ms * 2, (unsigned int)ksock_max_reconnectms);
		if (list_empty(&peer->conns))
			list_splice_init(&peer->txq, &zombies);
		spin_unlock_bh(&net->lock);
		if (rc != -ESHUTDOWN)
			pr_info_ratelimited("cannot connect to %pI4: %d\n", &(__be32){
					    htonl(LNET_NIDADDR(peer->nid)) }, rc);
		ksock_txlist_done(&zombies, -EHOSTUNREACH);
		break;
	}
	ksock_peer_put(peer);
}

/* --- being connected to ----------------------------------------------------------------- */

static void accept_work(struct work_struct *w)
{
	struct ksock_accept *a = container_of(w, struct ksock_accept, work);
	struct ksock_net *net = a->hs.net;
	struct socket *sock = a->hs.sock;
	__u64 my_nid = lnet_nid_to_nid4(&net->ni->nid);
	struct ksock_peer *peer;
	struct ksock_hello h;
	const char *why;
	bool swab;
	int rc, type;

	sock->sk->sk_sndtimeo = ksock_timeout * HZ;
	rc = hello_recv(sock, &h, &swab, &why, ksock_nonblk_hello_timeout);
	if (rc) {
		pr_warn_ratelimited("connection from %pI4: %s\n", &sock->sk->sk_daddr,
				    rc == -EPROTO && why ? why : "no HELLO");
		goto fail;
	}
	if ((h.dst_nid != my_nid && h.dst_nid != LNET_NID_ANY) ||
	    LNET_NIDNET(h.src_nid) != LNET_NIDNET(my_nid) || h.src_nid == my_nid ||
	    h.src_pid & LNET_PID_USERFLAG) {
		pr_warn_ratelimited("connection from %pI4: HELLO from %llx to %llx refused\n",
				    &sock->sk->sk_daddr, h.src_nid, h.dst_nid);
		goto fail;
	}
	type = peer_view(h.ctype);
	peer = ksock_peer_find_or_create(net, h.src_nid);
	if (!peer)
		goto fail;
	/* As Lustre's passive side: dst_pid and dst_incarnation echo what
	 * the connector sent there (0), as in the 2.16 reference capture.
	 */
	rc = hello_send(net, sock, h.src_nid, h.dst_pid, h.dst_incarnation, type);
	hs_end(&a->hs);
	if (!rc)
		rc = conn_create(peer, sock, type, &h, swab);
	ksock_peer_put(peer);
	if (rc)
		sock_release(sock);
	kfree(a);
	return;
fail:
	hs_end(&a->hs);
	sock_release(sock);
	kfree(a);
}

/* The acceptor hands over a socket for our NI: exchange HELLOs in a work. */
int ksock_accept(struct lnet_ni *ni, struct socket *sock)
{
	struct ksock_net *net = ni->lnd_data;
	struct ksock_accept *a = kzalloc(sizeof(*a), GFP_KERNEL);
	int rc = 0;

	if (!a)
		rc = -ENOMEM;
	else if (!hs_begin(net, &a->hs, sock))
		rc = -ESHUTDOWN;
	if (rc) {
		kfree(a);
		sock_release(sock);
		return rc;
	}
	INIT_WORK(&a->work, accept_work);
	queue_work(net->hs_wq, &a->work);
	return 0;
}

/* --- the watch ------------------------------------------------------------------------------ */

static const char *conn_timed_out_locked(struct ksock_conn *conn, unsigned long now)
{
	struct ksock_tx *tx;

	if (!list_empty(&conn->txq) && time_after(now, READ_ONCE(conn->tx_deadline)))
		return "sending stalled";
	if (conn->rx_deadline && time_after(now, READ_ONCE(conn->rx_deadline)))
		return "peer stalled mid-message";
	tx = list_first_entry_or_null(&conn->zcq, struct ksock_tx, zc_list);
	if (tx && tx->sent_all && time_after(now, tx->deadline))
		return "no zero-copy ACK";
	return NULL;
}

/* Keepalive: when we have not heard from a connected peer for a while. */
static void keepalive_locked(struct ksock_peer *peer, unsigned long now)
{
	struct ksock_conn *conn;
	struct ksock_tx *tx;

	if (ksock_keepalive <= 0 || list_empty(&peer->conns) ||
	    time_before(now, peer->last_alive + ksock_keepalive * HZ))
		return;
	list_for_each_entry(conn, &peer->conns, list) {
		if (conn->type != SOCKLND_CONN_CONTROL && conn->type != SOCKLND_CONN_ANY)
			continue;
		if (!list_empty(&conn->txq) ||
		    time_before(now, conn->last_tx + ksock_keepalive * HZ))
			return;
		tx = ksock_noop_alloc(KSOCK_KEEPALIVE_PING);
		if (tx)
			ksock_queue_tx_locked(conn, tx, false);
		return;
	}
}

void ksock_watch(struct work_struct *w)
{
	struct ksock_net *net = container_of(to_delayed_work(w), struct ksock_net, watch);
	struct ksock_peer *peer, *ptmp;
	struct ksock_conn *conn, *ctmp;
	struct ksock_tx *tx, *ttmp;
	unsigned long now = jiffies;
	LIST_HEAD(zombies);
	LIST_HEAD(idle);
	const char *why;

	spin_lock_bh(&net->lock);
	list_for_each_entry_safe(peer, ptmp, &net->peers, list) {
		list_for_each_entry_safe(conn, ctmp, &peer->conns, list) {
			why = conn_timed_out_locked(conn, now);
			if (why) {
				pr_warn_ratelimited("%pI4:%u: %s for %ds, closing\n",
						    &conn->peer_ip, conn->peer_port, why,
						    ksock_timeout);
				ksock_conn_close_locked(conn, -ETIMEDOUT);
			}
		}
		list_for_each_entry_safe(tx, ttmp, &peer->txq, list)
			if (time_after(now, tx->deadline))
				list_move_tail(&tx->list, &zombies);
		keepalive_locked(peer, now);
		/* A peer with nothing going on goes after a while.  Only the
		 * list holds it (every other reference is taken under this
		 * lock), so nobody is about to queue to it.
		 */
		if (refcount_read(&peer->refs) == 1 && list_empty(&peer->conns) &&
		    list_empty(&peer->txq) && !peer->connecting &&
		    time_after(now, peer->last_alive + 2 * ksock_timeout * HZ) &&
		    time_after(now, peer->retry_at))
			list_move(&peer->list, &idle);
	}
	spin_unlock_bh(&net->lock);
	ksock_txlist_done(&zombies, -ETIMEDOUT);
	list_for_each_entry_safe(peer, ptmp, &idle, list) {
		list_del_init(&peer->list);
		ksock_peer_put(peer);
	}
	if (!READ_ONCE(net->draining))
		queue_delayed_work(net->wq, &net->watch, HZ);
}
