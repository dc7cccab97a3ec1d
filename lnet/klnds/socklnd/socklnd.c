// SPDX-License-Identifier: GPL-2.0
/*
 * ksocklnd: module, tunables, NI start and stop, peers, and the driver's
 * send and receive entry points.  See socklnd.h for the design.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inetdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include "socklnd.h"

int ksock_timeout = 50;
module_param_named(sock_timeout, ksock_timeout, int, 0644);
MODULE_PARM_DESC(sock_timeout, "seconds a connection may make no progress before it is closed");

int ksock_keepalive = 30;
module_param_named(keepalive, ksock_keepalive, int, 0644);
MODULE_PARM_DESC(keepalive, "seconds of silence before a keepalive NOOP is sent (0: never)");

int ksock_credits = 256;
module_param_named(credits, ksock_credits, int, 0444);
MODULE_PARM_DESC(credits, "messages in flight per NI");

int ksock_peer_credits = 8;
module_param_named(peer_credits, ksock_peer_credits, int, 0444);
MODULE_PARM_DESC(peer_credits, "messages in flight per peer");

int ksock_conns_per_peer = 1;
module_param_named(conns_per_peer, ksock_conns_per_peer, int, 0444);
MODULE_PARM_DESC(conns_per_peer, "bulk connections of each direction per peer (1-16)");

int ksock_typed_conns = 1;
module_param_named(typed_conns, ksock_typed_conns, int, 0444);
MODULE_PARM_DESC(typed_conns, "separate control and bulk connections (1) or one connection (0)");

int ksock_min_bulk = 1024;
module_param_named(min_bulk, ksock_min_bulk, int, 0644);
MODULE_PARM_DESC(min_bulk, "message size from which the bulk connection is used");

int ksock_zc_min_payload = 16384;
module_param_named(zc_min_payload, ksock_zc_min_payload, int, 0644);
MODULE_PARM_DESC(zc_min_payload, "payload size from which pages are sent by reference");

int ksock_tx_inline_enabled = 1;
module_param_named(tx_inline, ksock_tx_inline_enabled, int, 0644);
MODULE_PARM_DESC(tx_inline, "a message finding its connection idle is sent by its sender (0: by the transmit work)");

int ksock_min_reconnectms = 1000;
module_param_named(min_reconnectms, ksock_min_reconnectms, int, 0644);
MODULE_PARM_DESC(min_reconnectms, "first reconnect back-off (ms)");

int ksock_max_reconnectms = 60000;
module_param_named(max_reconnectms, ksock_max_reconnectms, int, 0644);
MODULE_PARM_DESC(max_reconnectms, "longest reconnect back-off (ms)");

int ksock_nonblk_hello_timeout = 5;
module_param_named(hello_timeout, ksock_nonblk_hello_timeout, int, 0644);
MODULE_PARM_DESC(hello_timeout, "seconds an accepted connection has to send its HELLO");

static struct kmem_cache *tx_cache;

/* --- transmit descriptors -------------------------------------------------- */

/* Complete @tx: its LNet message (if any) is finalized with @status. */
void ksock_tx_done(struct ksock_tx *tx, int status)
{
	if (tx->msg)
		lnet_finalize(tx->msg, status);
	kmem_cache_free(tx_cache, tx);
}

void ksock_txlist_done(struct list_head *list, int status)
{
	struct ksock_tx *tx, *tmp;

	list_for_each_entry_safe(tx, tmp, list, list) {
		list_del(&tx->list);
		ksock_tx_done(tx, status);
	}
}

static struct ksock_tx *tx_alloc(void)
{
	struct ksock_tx *tx = kmem_cache_zalloc(tx_cache, GFP_ATOMIC);

	if (tx) {
		INIT_LIST_HEAD(&tx->list);
		INIT_LIST_HEAD(&tx->zc_list);
	}
	return tx;
}

/* A NOOP: a zero-copy ACK for @ack_cookie, or a keepalive. */
struct ksock_tx *ksock_noop_alloc(__u64 ack_cookie)
{
	struct ksock_tx *tx = tx_alloc();

	if (!tx)
		return NULL;
	tx->ksm.type = KSOCK_MSG_NOOP;
	tx->ksm.zc_cookies[1] = ack_cookie;
	tx->hdr_len = ksock_msg_hdr_encode(&tx->ksm, tx->hdr);
	return tx;
}

/*
 * Put @tx on @conn's queue and make sure it gets sent: by the sender that
 * owns the connection's send side already, by the caller when @may_inline
 * and nobody does (true returned: the caller owns it now, holds a
 * reference, and must call ksock_tx_inline() once net->lock is dropped),
 * or by the transmit work.  A large page payload asks the peer for a
 * zero-copy ACK: its pages stay ours until the peer says it has them
 * (net->lock held).
 */
bool ksock_queue_tx_locked(struct ksock_conn *conn, struct ksock_tx *tx, bool may_inline)
{
	struct ksock_peer *peer = conn->peer;

	lockdep_assert_held(&peer->net->lock);
	if (tx->zc) {
		tx->ksm.zc_cookies[0] = peer->zc_next_cookie++;
		list_add_tail(&tx->zc_list, &conn->zcq);
	}
	ksock_msg_hdr_encode(&tx->ksm, tx->hdr);
	tx->deadline = jiffies + ksock_timeout * HZ;
	if (list_empty(&conn->txq))
		conn->tx_deadline = tx->deadline;
	list_add_tail(&tx->list, &conn->txq);
	conn->tx_bytes += tx->hdr_len + tx->payload_len;
	conn->last_tx = jiffies;
	if (conn->tx_running)
		return false;	/* its owner sends it before letting go */
	if (may_inline) {
		conn->tx_running = true;
		refcount_inc(&conn->refs);
		return true;
	}
	queue_work(peer->net->wq, &conn->tx_work);
	return false;
}

/* --- peers ------------------------------------------------------------------- */

void ksock_peer_put(struct ksock_peer *peer)
{
	struct ksock_net *net = peer->net;

	if (!refcount_dec_and_test(&peer->refs))
		return;
	WARN_ON(!list_empty(&peer->conns) || !list_empty(&peer->txq));
	kfree(peer);
	if (atomic_dec_and_test(&net->npeers))
		wake_up_var(&net->npeers);
}

static struct ksock_peer *peer_find_locked(struct ksock_net *net, __u64 nid)
{
	struct ksock_peer *peer;

	list_for_each_entry(peer, &net->peers, list)
		if (peer->nid == nid)
			return peer;
	return NULL;
}

/* The peer for @nid, with a reference; NULL when draining or out of memory. */
struct ksock_peer *ksock_peer_find_or_create(struct ksock_net *net, __u64 nid)
{
	struct ksock_peer *peer, *fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC);

	spin_lock_bh(&net->lock);
	peer = net->draining ? NULL : peer_find_locked(net, nid);
	if (!peer && fresh && !net->draining) {
		peer = fresh;
		fresh = NULL;
		peer->net = net;
		peer->nid = nid;
		refcount_set(&peer->refs, 1);	/* the list's */
		INIT_LIST_HEAD(&peer->conns);
		INIT_LIST_HEAD(&peer->txq);
		INIT_DELAYED_WORK(&peer->connect_work, ksock_connect_work);
		peer->zc_next_cookie = KSOCK_KEEPALIVE_PING + 1;
		peer->retry_ms = ksock_min_reconnectms;
		peer->last_alive = jiffies;
		atomic_inc(&net->npeers);
		list_add_tail(&peer->list, &net->peers);
	}
	if (peer)
		refcount_inc(&peer->refs);
	spin_unlock_bh(&net->lock);
	kfree(fresh);
	return peer;
}

/* How well @conn suits @tx: 2 yes, 1 may, 0 no (as Lustre's choice). */
static int conn_match(const struct ksock_conn *conn, unsigned int nob)
{
	switch (conn->type) {
	case SOCKLND_CONN_ANY:
		return 2;
	case SOCKLND_CONN_BULK_IN:
		return 1;
	case SOCKLND_CONN_BULK_OUT:
		return nob < (unsigned int)ksock_min_bulk ? 1 : 2;
	case SOCKLND_CONN_CONTROL:
		return nob >= (unsigned int)ksock_min_bulk ? 1 : 2;
	}
	return 0;
}

static struct ksock_conn *choose_conn_locked(struct ksock_peer *peer, unsigned int nob)
{
	struct ksock_conn *conn, *best = NULL;
	int best_match = 0;

	list_for_each_entry(conn, &peer->conns, list) {
		int m = conn_match(conn, nob);

		if (conn->closing || !m)
			continue;
		if (m > best_match || (m == best_match && conn->tx_bytes < best->tx_bytes)) {
			best = conn;
			best_match = m;
		}
	}
	return best;
}

/* Whether @peer lacks a connection type it should have. */
static bool peer_incomplete_locked(const struct ksock_peer *peer)
{
	unsigned int count[KSOCK_NTYPES] = { 0 };
	const struct ksock_conn *conn;

	list_for_each_entry(conn, &peer->conns, list)
		if (!conn->closing && conn->type >= 0 && conn->type < KSOCK_NTYPES)
			count[conn->type]++;
	if (!ksock_typed_conns)
		return !count[SOCKLND_CONN_ANY];
	return !count[SOCKLND_CONN_CONTROL] || !count[SOCKLND_CONN_BULK_IN] ||
	       !count[SOCKLND_CONN_BULK_OUT];
}

/*
 * Start connecting to @peer if it is missing connections and not already
 * connecting: now, or when its back-off ends (net->lock held).
 */
static void peer_connect_locked(struct ksock_peer *peer)
{
	long delay;

	lockdep_assert_held(&peer->net->lock);
	if (peer->connecting || peer->net->draining || !peer_incomplete_locked(peer))
		return;
	delay = time_after(peer->retry_at, jiffies) ? (long)(peer->retry_at - jiffies) : 0;
	peer->connecting = true;
	refcount_inc(&peer->refs);	/* the connect work's */
	queue_delayed_work(peer->net->hs_wq, &peer->connect_work, delay);
}

/* Move the peer's waiting messages onto its connections (net->lock held). */
void ksock_peer_launch(struct ksock_peer *peer)
{
	struct ksock_tx *tx, *tmp;
	struct ksock_conn *conn;

	list_for_each_entry_safe(tx, tmp, &peer->txq, list) {
		conn = choose_conn_locked(peer, tx->hdr_len + tx->payload_len);
		if (!conn)
			break;
		list_del(&tx->list);
		ksock_queue_tx_locked(conn, tx, false);
	}
}

/* --- the driver's entry points -------------------------------------------------- */

/* Pages may go by reference only when the network stack may hold them. */
static bool kiov_sendpage_ok(const struct lnet_md_desc *d)
{
	unsigned int i;

	for (i = 0; i < d->niov; i++)
		if (!sendpage_ok(d->kiov[i].bv_page))
			return false;
	return true;
}

static int ksock_send(struct lnet_ni *ni, struct lnet_msg *msg)
{
	struct ksock_net *net = ni->lnd_data;
	bool may_inline = ksock_tx_inline_ok(), inline_send = false;
	struct ksock_peer *peer;
	struct ksock_conn *conn;
	struct ksock_tx *tx;

	if (msg->len > LNET_MAX_PAYLOAD)
		return -EMSGSIZE;
	tx = tx_alloc();
	if (!tx)
		return -ENOMEM;
	tx->msg = msg;
	tx->ksm.type = KSOCK_MSG_LNET;
	tx->hdr_len = KSOCK_MSG_HDR_SIZE + lnet_hdr_encode(&msg->hdr, tx->hdr + KSOCK_MSG_HDR_SIZE);
	tx->payload_len = msg->len;
	tx->zc = msg->md && msg->md->desc.kiov && msg->len >= (unsigned int)ksock_zc_min_payload &&
		 kiov_sendpage_ok(&msg->md->desc);

	peer = ksock_peer_find_or_create(net, msg->txpeer);
	if (!peer) {
		tx->msg = NULL;
		ksock_tx_done(tx, 0);
		return net->draining ? -ESHUTDOWN : -ENOMEM;
	}
	spin_lock_bh(&net->lock);
	if (net->draining) {
		spin_unlock_bh(&net->lock);
		ksock_peer_put(peer);
		tx->msg = NULL;
		ksock_tx_done(tx, 0);
		return -ESHUTDOWN;
	}
	/* Connect only when nothing reaches the peer: a node that was
	 * connected to answers on the connections its peer opened, as
	 * Lustre's passive side does.
	 */
	conn = choose_conn_locked(peer, tx->hdr_len + tx->payload_len);
	if (conn) {
		inline_send = ksock_queue_tx_locked(conn, tx, may_inline);
	} else {
		tx->deadline = jiffies + ksock_timeout * HZ;
		list_add_tail(&tx->list, &peer->txq);
		peer_connect_locked(peer);
	}
	spin_unlock_bh(&net->lock);
	if (inline_send)
		ksock_tx_inline(conn);
	ksock_peer_put(peer);
	return 0;
}

static void rx_expect_payload(struct ksock_conn *conn, struct lnet_msg *msg, unsigned int mlen,
			      unsigned int rlen)
{
	conn->rx_msg = msg;
	conn->rx_discard = rlen - mlen;
	if (mlen)
		lnet_msg_iter(msg, READ, mlen, &conn->rx_kvec, &conn->rx_iter);
	else
		iov_iter_kvec(&conn->rx_iter, READ, NULL, 0, 0);
	conn->rx_state = KSOCK_RX_PAYLOAD;
}

/*
 * lnet_parse() matched the message whose header the receive work just read
 * (@private is that connection): receive @mlen bytes into the MD, drop the
 * rest of @rlen.  The receive work carries on from here: at once when
 * called within lnet_parse(), or requeued for a delayed message (a router
 * buffer or credit came later, from another thread).
 */
int ksock_recv(struct lnet_ni *ni, void *private, struct lnet_msg *msg, unsigned int mlen,
	       unsigned int rlen)
{
	struct ksock_conn *conn = private;
	struct ksock_net *net = conn->peer->net;
	bool delayed;

	if (READ_ONCE(conn->rx_parser) == current) {
		/* Within lnet_parse() in this connection's receive work:
		 * nothing else touches the receive state. */
		rx_expect_payload(conn, msg, mlen, rlen);
		return 0;
	}
	spin_lock_bh(&net->lock);
	delayed = conn->rx_state == KSOCK_RX_DELAYED;
	if (delayed && conn->closing) {
		/* Closed while the message waited: nothing left to read it from. */
		spin_unlock_bh(&net->lock);
		lnet_finalize(msg, -EIO);
		ksock_conn_put(conn);
		return 0;
	}
	rx_expect_payload(conn, msg, mlen, rlen);
	if (delayed) {
		conn->rx_deadline = jiffies + ksock_timeout * HZ;
		queue_work(net->wq, &conn->rx_work);
	}
	spin_unlock_bh(&net->lock);
	if (delayed)
		ksock_conn_put(conn);
	return 0;
}

/* The IPv4 address of @ifname; or of the first interface up when empty. */
static int find_interface(char *ifname, __be32 *ip, struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;
	struct in_device *in_dev;
	struct in_ifaddr *ifa;
	int rc = 0;

	rtnl_lock();
	if (*ifname) {
		dev = __dev_get_by_name(&init_net, ifname);
		if (!dev) {
			NL_SET_ERR_MSG(extack, "no such interface");
			rc = -ENODEV;
			goto out;
		}
	} else {
		for_each_netdev(&init_net, dev) {
			if (!(dev->flags & IFF_LOOPBACK) && (dev->flags & IFF_UP) &&
			    __in_dev_get_rtnl(dev) && rtnl_dereference(__in_dev_get_rtnl(dev)->ifa_list))
				break;
		}
		if (!dev || (dev->flags & IFF_LOOPBACK) || !(dev->flags & IFF_UP)) {
			NL_SET_ERR_MSG(extack, "no interface is up with an IPv4 address");
			rc = -ENODEV;
			goto out;
		}
		strscpy(ifname, dev->name, IFNAMSIZ);
	}
	if (!(dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG(extack, "the interface is down");
		rc = -ENETDOWN;
		goto out;
	}
	in_dev = __in_dev_get_rtnl(dev);
	ifa = in_dev ? rtnl_dereference(in_dev->ifa_list) : NULL;
	if (!ifa) {
		NL_SET_ERR_MSG(extack, "the interface has no IPv4 address");
		rc = -EADDRNOTAVAIL;
		goto out;
	}
	*ip = ifa->ifa_local;
out:
	rtnl_unlock();
	return rc;
}

static int ksock_startup(struct lnet_ni *ni, struct netlink_ext_ack *extack)
{
	struct ksock_net *net;
	int rc;

	if (ni->nifaces > 1) {
		NL_SET_ERR_MSG(extack, "a tcp NI takes one interface");
		return -EINVAL;
	}
	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net)
		return -ENOMEM;
	if (ni->nifaces)
		strscpy(net->ifname, ni->ifaces[0], sizeof(net->ifname));
	rc = find_interface(net->ifname, &net->ip, extack);
	if (rc)
		goto free;
	net->wq = alloc_workqueue("ksocklnd_%s", WQ_UNBOUND | WQ_MEM_RECLAIM, 0, net->ifname);
	/* HELLO exchanges block (with timeouts): they get their own threads
	 * so that slow or hostile peers cannot hold up established traffic.
	 */
	net->hs_wq = alloc_workqueue("ksocklnd_hs_%s", WQ_UNBOUND, 0, net->ifname);
	if (!net->wq || !net->hs_wq) {
		if (net->wq)
			destroy_workqueue(net->wq);
		if (net->hs_wq)
			destroy_workqueue(net->hs_wq);
		rc = -ENOMEM;
		goto free;
	}
	net->ni = ni;
	spin_lock_init(&net->lock);
	INIT_LIST_HEAD(&net->peers);
	mutex_init(&net->hs_mutex);
	INIT_LIST_HEAD(&net->handshakes);
	INIT_DELAYED_WORK(&net->watch, ksock_watch);
	atomic_set(&net->npeers, 0);
	atomic_set(&net->nconns, 0);
	if (!ni->nifaces) {
		strscpy(ni->ifaces[0], net->ifname, sizeof(ni->ifaces[0]));
		ni->nifaces = 1;
	}
	ni->nid.nid_addr[0] = net->ip;
	ni->net->peer_credits = ksock_peer_credits;
	ni->net->credits = ksock_credits;
	ni->net->peer_timeout = ksock_timeout * 180 / 50;
	ni->lnd_data = net;
	queue_delayed_work(net->wq, &net->watch, HZ);
	return 0;
free:
	kfree(net);
	return rc;
}

/*
 * The NI left the data path: close every connection, fail every waiting
 * message, stop connecting; peers go as their last references drop.
 */
static void ksock_drain(struct lnet_ni *ni)
{
	struct ksock_net *net = ni->lnd_data;
	struct ksock_peer *peer, *tmp;
	struct ksock_conn *conn, *ctmp;
	LIST_HEAD(zombies);
	LIST_HEAD(gone);

	spin_lock_bh(&net->lock);
	net->draining = true;
	list_for_each_entry_safe(peer, tmp, &net->peers, list) {
		list_splice_init(&peer->txq, &zombies);
		list_for_each_entry_safe(conn, ctmp, &peer->conns, list)
			ksock_conn_close_locked(conn, -ESHUTDOWN);
		list_move(&peer->list, &gone);
	}
	spin_unlock_bh(&net->lock);
	ksock_abort_handshakes(net);
	ksock_txlist_done(&zombies, -ESHUTDOWN);
	list_for_each_entry_safe(peer, tmp, &gone, list) {
		list_del_init(&peer->list);
		if (cancel_delayed_work(&peer->connect_work))
			ksock_peer_put(peer);	/* the work's */
		ksock_peer_put(peer);		/* the list's */
	}
}

static void ksock_shutdown(struct lnet_ni *ni)
{
	struct ksock_net *net = ni->lnd_data;

	if (!net)
		return;
	if (!net->draining)
		ksock_drain(ni);
	cancel_delayed_work_sync(&net->watch);
	/* Close and connect works finish; nothing queues new ones now. */
	wait_var_event(&net->npeers, atomic_read(&net->npeers) == 0);
	destroy_workqueue(net->hs_wq);
	destroy_workqueue(net->wq);
	WARN_ON(atomic_read(&net->nconns));
	ni->lnd_data = NULL;
	kfree(net);
}

static struct lnet_lnd ksock_lnd = {
	.owner = THIS_MODULE,
	.type = LNET_LND_SOCK,
	.name = "tcp",
	.startup = ksock_startup,
	.drain = ksock_drain,
	.shutdown = ksock_shutdown,
	.send = ksock_send,
	.recv = ksock_recv,
	.accept = ksock_accept,
};

static int __init ksock_init(void)
{
	int rc;

	if (ksock_conns_per_peer < 1 || ksock_conns_per_peer > KSOCK_MAX_CONNS_PER_TYPE) {
		pr_err("conns_per_peer=%d: expected 1 to %d\n", ksock_conns_per_peer,
		       KSOCK_MAX_CONNS_PER_TYPE);
		return -EINVAL;
	}
	tx_cache = KMEM_CACHE(ksock_tx, 0);
	if (!tx_cache)
		return -ENOMEM;
	rc = lnet_register_lnd(&ksock_lnd);
	if (rc)
		kmem_cache_destroy(tx_cache);
	return rc;
}

static void __exit ksock_exit(void)
{
	lnet_unregister_lnd(&ksock_lnd);
	kmem_cache_destroy(tx_cache);
}

module_init(ksock_init);
module_exit(ksock_exit);
MODULE_DESCRIPTION("Nacre LNet TCP driver (socklnd protocol V3)");
MODULE_LICENSE("GPL");
