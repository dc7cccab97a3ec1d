// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: every remote NID we send to or hear from has a peer NI with its
 * send credits, a queue of messages waiting for one, a health value and
 * counters; peer NIs belong to a peer (one node), which discovery or
 * "peer add" can give several NIs (Multi-Rail).
 *
 * Credits (flow control, as Lustre's): each peer NI allows peer_credits
 * messages in flight and each local NI allows credits; a message takes one
 * of each before the driver sees it, and waits on the peer NI's or the
 * NI's queue while the count is exhausted (the counts then go negative by
 * the number waiting).  Finalizing a sent message returns its credits and
 * sends the next waiting message.
 *
 * Health: 1000 is healthy; every failed send costs health_sensitivity,
 * every message received from the peer NI (the answers to recovery pings,
 * recovery.c, among them) gives it back, up to 1000.
 *
 * All of it is under the_lnet.res_lock; peers live until LNet goes down or
 * "peer del" removes them, peer NIs until their last message finishes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/slab.h>
#include <lnet/lib-lnet.h>

#define LNET_HEALTH_MAX		1000

unsigned int lnet_health_sensitivity = 100;

static unsigned int nid_hash(__u64 nid)
{
	return hash_64(nid, LNET_PEER_HASH_BITS);
}

struct lnet_peer_ni *lnet_peer_ni_find_locked(__u64 nid)
{
	struct lnet_peer_ni *lpni;

	lockdep_assert_held(&the_lnet.res_lock);
	hlist_for_each_entry(lpni, &the_lnet.peer_hash[nid_hash(nid)], hash)
		if (lpni->nid == nid)
			return lpni;
	return NULL;
}

static void lpni_init(struct lnet_peer_ni *lpni, __u64 nid, int credits)
{
	lpni->nid = nid;
	refcount_set(&lpni->refs, 1);	/* the table's */
	lpni->maxtxcredits = credits;
	lpni->txcredits = credits;
	lpni->mintxcredits = credits;
	lpni->health = LNET_HEALTH_MAX;
	INIT_LIST_HEAD(&lpni->txq);
	INIT_LIST_HEAD(&lpni->peer_list);
}

/* Credits a new peer NI of @nid gets: its network's peer_credits. */
static int peer_credits_locked(__u64 nid)
{
	struct lnet_net *net;

	list_for_each_entry(net, &the_lnet.nets, list)
		if (net->net_id == LNET_NIDNET(nid))
			return net->peer_credits ?: 1;
	return LNET_DEF_PEER_CREDITS;
}

/* Add @lpni to @peer, or to a new peer of its own (res_lock held). */
static void lpni_attach_locked(struct lnet_peer_ni *lpni, struct lnet_peer *peer)
{
	lpni->peer = peer;
	list_add_tail(&lpni->peer_list, &peer->nis);
	peer->nnis++;
}

static struct lnet_peer *peer_new(__u64 primary, gfp_t gfp)
{
	struct lnet_peer *peer = kzalloc(sizeof(*peer), gfp);

	if (!peer)
		return NULL;
	peer->primary = primary;
	INIT_LIST_HEAD(&peer->nis);
	INIT_LIST_HEAD(&peer->list);
	return peer;
}

/**
 * lnet_peer_ni_get() - the peer NI of @nid with a reference, created (in
 * a peer of its own) when new.  NULL when out of memory or LNet is down.
 */
struct lnet_peer_ni *lnet_peer_ni_get(__u64 nid)
{
	struct lnet_peer_ni *lpni, *fresh;
	struct lnet_peer *peer;

	spin_lock(&the_lnet.res_lock);
	lpni = the_lnet.up ? lnet_peer_ni_find_locked(nid) : NULL;
	if (lpni)
		refcount_inc(&lpni->refs);
	spin_unlock(&the_lnet.res_lock);
	if (lpni)
		return lpni;

	fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC);
	peer = peer_new(nid, GFP_ATOMIC);
	if (!fresh || !peer)
		goto out;
	spin_lock(&the_lnet.res_lock);
	if (the_lnet.up) {
		lpni = lnet_peer_ni_find_locked(nid);
		if (!lpni) {
			lpni = fresh;
			fresh = NULL;
			lpni_init(lpni, nid, peer_credits_locked(nid));
			hlist_add_head(&lpni->hash, &the_lnet.peer_hash[nid_hash(nid)]);
			lpni_attach_locked(lpni, peer);
			list_add_tail(&peer->list, &the_lnet.peers);
			peer = NULL;
		}
		refcount_inc(&lpni->refs);
	}
	spin_unlock(&the_lnet.res_lock);
out:
	kfree(fresh);
	kfree(peer);
	return lpni;
}

void lnet_peer_ni_put(struct lnet_peer_ni *lpni)
{
	if (refcount_dec_and_test(&lpni->refs)) {
		WARN_ON(!list_empty(&lpni->txq));
		kfree(lpni);
	}
}

/* Take @lpni out of the table and its peer (res_lock held); the caller
 * drops the table's reference after unlocking.
 */
static void lpni_unlink_locked(struct lnet_peer_ni *lpni)
{
	hlist_del_init(&lpni->hash);
	list_del_init(&lpni->peer_list);
	lpni->peer->nnis--;
	lpni->peer = NULL;
}

/**
 * lnet_peer_tables_cleanup() - LNet went down: every message has finished,
 * so every queue is empty; free all peers (api_mutex held).
 */
void lnet_peer_tables_cleanup(void)
{
	struct lnet_peer_ni *lpni, *ltmp;
	struct lnet_peer *peer, *ptmp;
	LIST_HEAD(peers);

	spin_lock(&the_lnet.res_lock);
	list_splice_init(&the_lnet.peers, &peers);
	spin_unlock(&the_lnet.res_lock);
	list_for_each_entry_safe(peer, ptmp, &peers, list) {
		list_for_each_entry_safe(lpni, ltmp, &peer->nis, peer_list) {
			spin_lock(&the_lnet.res_lock);
			lpni_unlink_locked(lpni);
			spin_unlock(&the_lnet.res_lock);
			lnet_peer_ni_put(lpni);
		}
		kfree(peer);
	}
}

/* --- credits --------------------------------------------------------------------- */

/**
 * lnet_post_send() - take the credits @msg needs to go out of its NI to
 * msg->txpeer.  Return: true when it may be sent now; false when it was
 * queued (lnet_return_tx_credits() sends it later).
 */
bool lnet_post_send(struct lnet_msg *msg)
{
	struct lnet_peer_ni *lpni = msg->txlpni;
	struct lnet_ni *ni = msg->ni;
	bool now = true;

	spin_lock(&the_lnet.res_lock);
	if (!msg->tx_peercredit) {
		msg->tx_peercredit = true;
		lpni->txcredits--;
		if (lpni->txcredits < lpni->mintxcredits)
			lpni->mintxcredits = lpni->txcredits;
		if (lpni->txcredits < 0) {
			list_add_tail(&msg->tx_list, &lpni->txq);
			now = false;
			goto out;
		}
	}
	if (!msg->tx_nicredit) {
		msg->tx_nicredit = true;
		ni->txcredits--;
		if (ni->txcredits < ni->mintxcredits)
			ni->mintxcredits = ni->txcredits;
		if (ni->txcredits < 0) {
			list_add_tail(&msg->tx_list, &ni->txq);
			now = false;
		}
	}
out:
	spin_unlock(&the_lnet.res_lock);
	return now;
}

/**
 * lnet_return_tx_credits() - a sent message finished: give its credits
 * back and move waiting messages that can go now onto @ready (their
 * credits taken), for the caller to send without the lock.
 */
void lnet_return_tx_credits(struct lnet_msg *msg, struct list_head *ready)
{
	struct lnet_peer_ni *lpni = msg->txlpni;
	struct lnet_ni *ni = msg->ni;
	struct lnet_msg *next;

	spin_lock(&the_lnet.res_lock);
	if (msg->tx_nicredit) {
		msg->tx_nicredit = false;
		ni->txcredits++;
		if (ni->txcredits <= 0) {
			next = list_first_entry(&ni->txq, struct lnet_msg, tx_list);
			list_move_tail(&next->tx_list, ready);
		}
	}
	if (msg->tx_peercredit) {
		msg->tx_peercredit = false;
		lpni->txcredits++;
		if (lpni->txcredits <= 0) {
			next = list_first_entry(&lpni->txq, struct lnet_msg, tx_list);
			list_del_init(&next->tx_list);
			/* It holds a peer credit now; it may still wait for the NI's. */
			next->tx_nicredit = true;
			ni = next->ni;
			ni->txcredits--;
			if (ni->txcredits < ni->mintxcredits)
				ni->mintxcredits = ni->txcredits;
			if (ni->txcredits < 0)
				list_add_tail(&next->tx_list, &ni->txq);
			else
				list_add_tail(&next->tx_list, ready);
		}
	}
	spin_unlock(&the_lnet.res_lock);
}

/* --- Multi-Rail ------------------------------------------------------------------ */

/* Whether peer NI @a is a better way to its node than @b (res_lock held). */
static bool lpni_better(const struct lnet_peer_ni *a, const struct lnet_peer_ni *b)
{
	if (a->health != b->health)
		return a->health > b->health;
	return a->txcredits > b->txcredits;
}

/**
 * lnet_peer_select() - Multi-Rail: when @msg goes straight to a peer known
 * to have several NIs (discovery, "peer add"), send it to the healthiest
 * of those we have a network to, the one with most credits among equals,
 * in turn among ties, from our NI on that network.  The header names the
 * NIs chosen.
 */
void lnet_peer_select(struct lnet_msg *msg)
{
	struct lnet_peer_ni *cur = msg->txlpni, *lpni, *best = NULL;
	struct lnet_ni *ni, *best_ni = NULL, *old_ni = msg->ni;
	struct lnet_peer *peer;
	unsigned int ties = 0;

	if (msg->routing || msg->txpeer != msg->hdr.dest_nid ||
	    (msg->md && (msg->md->desc.options & LNET_MD_NO_MR)))
		return;	/* forwarded, through a gateway, or pinned to its NID */
	spin_lock(&the_lnet.res_lock);
	peer = cur->peer;
	if (!peer || !peer->mr || peer->nnis < 2)
		goto out;
	list_for_each_entry(lpni, &peer->nis, peer_list) {
		ni = lnet_ni_on_net_locked(LNET_NIDNET(lpni->nid));
		if (!ni)
			continue;
		if (best && !lpni_better(lpni, best)) {
			if (lpni_better(best, lpni) || (peer->rr % ++ties))
				continue;
		} else {
			ties = 1;
		}
		best = lpni;
		best_ni = ni;
	}
	peer->rr++;
	if (!best || best == cur)
		goto out;
	refcount_inc(&best->refs);
	atomic_inc(&best_ni->refs);
	msg->txlpni = best;
	msg->ni = best_ni;
	msg->txpeer = best->nid;
	msg->hdr.dest_nid = best->nid;
	msg->hdr.src_nid = lnet_nid_to_nid4(&best_ni->nid);
	spin_unlock(&the_lnet.res_lock);
	lnet_peer_ni_put(cur);
	lnet_ni_put(old_ni);
	return;
out:
	spin_unlock(&the_lnet.res_lock);
}

/**
 * lnet_peer_ni_unhealthy() - up to @max peer NIs below full health, for
 * the recovery pings.
 */
unsigned int lnet_peer_ni_unhealthy(__u64 *nids, unsigned int max)
{
	struct lnet_peer_ni *lpni;
	struct lnet_peer *peer;
	unsigned int n = 0;

	spin_lock(&the_lnet.res_lock);
	list_for_each_entry(peer, &the_lnet.peers, list) {
		list_for_each_entry(lpni, &peer->nis, peer_list) {
			if (lpni->health >= LNET_HEALTH_MAX)
				continue;
			if (n == max)
				goto out;
			nids[n++] = lpni->nid;
		}
	}
out:
	spin_unlock(&the_lnet.res_lock);
	return n;
}

/* --- health and counters ---------------------------------------------------------- */

/** lnet_peer_ni_sent() - a send to @lpni finished with @status. */
void lnet_peer_ni_sent(struct lnet_peer_ni *lpni, unsigned int bytes, int status)
{
	spin_lock(&the_lnet.res_lock);
	if (status) {
		lpni->health -= min_t(int, lpni->health, READ_ONCE(lnet_health_sensitivity));
		lpni->errors++;
		lpni->stats.drop_count++;
	} else {
		/* A send done only means the driver let go of it: health
		 * comes back when the peer NI is heard from.
		 */
		lpni->stats.send_count++;
		lpni->stats.send_bytes += bytes;
	}
	spin_unlock(&the_lnet.res_lock);
}

/** lnet_peer_ni_received() - a message from @nid arrived (it becomes a peer). */
void lnet_peer_ni_received(__u64 nid, unsigned int bytes)
{
	struct lnet_peer_ni *lpni = lnet_peer_ni_get(nid);

	if (!lpni)
		return;
	spin_lock(&the_lnet.res_lock);
	lpni->stats.recv_count++;
	lpni->stats.recv_bytes += bytes;
	lpni->last_alive = ktime_get_seconds();
	lpni->health = min(lpni->health + (int)READ_ONCE(lnet_health_sensitivity), LNET_HEALTH_MAX);
	spin_unlock(&the_lnet.res_lock);
	lnet_peer_ni_put(lpni);
}

/* --- configured peers and discovery -------------------------------------------------- */

/*
 * Make @nids[0..n) one peer with primary @nids[0] (api_mutex held): NIs
 * already known move into it; peers left without NIs go.
 */
static int peer_merge(const __u64 *nids, unsigned int n, bool mr, bool configured)
{
	struct lnet_peer_ni **fresh;
	struct lnet_peer *peer, *old;
	unsigned int i;
	int rc = 0;

	fresh = kcalloc(n, sizeof(*fresh), GFP_KERNEL);
	peer = peer_new(nids[0], GFP_KERNEL);
	if (!fresh || !peer) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		fresh[i] = kzalloc(sizeof(**fresh), GFP_KERNEL);
		if (!fresh[i]) {
			rc = -ENOMEM;
			goto out;
		}
	}
	spin_lock(&the_lnet.res_lock);
	if (!the_lnet.up) {
		spin_unlock(&the_lnet.res_lock);
		rc = -ENETDOWN;
		goto out;
	}
	/* An existing peer whose primary is ours is reused. */
	list_for_each_entry(old, &the_lnet.peers, list) {
		if (old->primary == nids[0]) {
			kfree(peer);
			peer = old;
			list_del_init(&peer->list);
			break;
		}
	}
	for (i = 0; i < n; i++) {
		struct lnet_peer_ni *lpni = lnet_peer_ni_find_locked(nids[i]);

		if (lpni && lpni->peer == peer)
			continue;
		if (lpni) {
			old = lpni->peer;
			list_del(&lpni->peer_list);
			old->nnis--;
			if (!old->nnis) {
				list_del(&old->list);
				kfree(old);
			}
		} else {
			lpni = fresh[i];
			fresh[i] = NULL;
			lpni_init(lpni, nids[i], peer_credits_locked(nids[i]));
			hlist_add_head(&lpni->hash, &the_lnet.peer_hash[nid_hash(nids[i])]);
		}
		lpni_attach_locked(lpni, peer);
	}
	peer->mr = mr;
	peer->configured |= configured;
	list_add_tail(&peer->list, &the_lnet.peers);
	spin_unlock(&the_lnet.res_lock);
	peer = NULL;
out:
	if (fresh)
		for (i = 0; i < n; i++)
			kfree(fresh[i]);
	kfree(fresh);
	kfree(peer);
	return rc;
}

/** lnet_peer_add() - "peer add": a peer with these NIDs, primary first. */
int lnet_peer_add(const __u64 *nids, unsigned int n, bool mr, struct netlink_ext_ack *extack)
{
	unsigned int i, j;
	int rc;

	for (i = 0; i < n; i++) {
		if (LNET_NETTYP(LNET_NIDNET(nids[i])) == LNET_LND_LO) {
			NL_SET_ERR_MSG(extack, "a peer cannot have a loopback NID");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (nids[i] == nids[j]) {
				NL_SET_ERR_MSG(extack, "a NID is listed twice");
				return -EINVAL;
			}
		}
	}
	mutex_lock(&the_lnet.api_mutex);
	if (!the_lnet.up) {
		NL_SET_ERR_MSG(extack, "LNet is not configured (lnetctl lnet configure)");
		rc = -ENETDOWN;
	} else {
		rc = peer_merge(nids, n, mr, true);
	}
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}

/**
 * lnet_peer_del() - "peer del": remove NIs @nids[0..n) of the peer whose
 * primary NID is @primary, or the whole peer when @n is 0.  Messages in
 * flight keep their peer NIs until they finish.
 */
int lnet_peer_del(__u64 primary, const __u64 *nids, unsigned int n,
		  struct netlink_ext_ack *extack)
{
	struct lnet_peer_ni *lpni, *tmp;
	struct lnet_peer *peer = NULL, *p;
	LIST_HEAD(gone);
	unsigned int i;
	int rc = 0;

	mutex_lock(&the_lnet.api_mutex);
	spin_lock(&the_lnet.res_lock);
	list_for_each_entry(p, &the_lnet.peers, list)
		if (p->primary == primary)
			peer = p;
	if (!peer) {
		NL_SET_ERR_MSG(extack, "no peer has this primary NID");
		rc = -ENOENT;
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		lpni = lnet_peer_ni_find_locked(nids[i]);
		if (!lpni || lpni->peer != peer) {
			NL_SET_ERR_MSG(extack, "a NID listed is not one of the peer's");
			rc = -ENOENT;
			goto unlock;
		}
	}
	list_for_each_entry_safe(lpni, tmp, &peer->nis, peer_list) {
		bool listed = !n;

		for (i = 0; i < n; i++)
			listed |= lpni->nid == nids[i];
		if (!listed)
			continue;
		lpni_unlink_locked(lpni);
		list_add_tail(&lpni->peer_list, &gone);
	}
	if (!peer->nnis) {
		list_del(&peer->list);
		kfree(peer);
	}
unlock:
	spin_unlock(&the_lnet.res_lock);
	mutex_unlock(&the_lnet.api_mutex);
	list_for_each_entry_safe(lpni, tmp, &gone, peer_list) {
		list_del_init(&lpni->peer_list);
		lnet_peer_ni_put(lpni);
	}
	return rc;
}

/**
 * lnet_discover() - ping @nid and record its node as one peer with every
 * NI it reports (loopback aside).  Return: 0 with *@primary set, or -errno.
 */
int lnet_discover(__u64 nid, unsigned int timeout_ms, __u64 *primary,
		  struct netlink_ext_ack *extack)
{
	struct lnet_ping_result *res = kzalloc(sizeof(*res), GFP_KERNEL);
	__u64 *nids;
	unsigned int i, n = 0;
	int rc;

	nids = kcalloc(LNET_PING_MAX_NIS, sizeof(*nids), GFP_KERNEL);
	if (!res || !nids) {
		rc = -ENOMEM;
		goto out;
	}
	rc = lnet_ping(nid, timeout_ms, res, extack);
	if (rc)
		goto out;
	for (i = 0; i < res->nnis; i++) {
		__u64 ni = res->nis[i].ns_nid;

		if (LNET_NETTYP(LNET_NIDNET(ni)) != LNET_LND_LO)
			nids[n++] = ni;
	}
	if (!n) {
		NL_SET_ERR_MSG(extack, "the peer reported no NI beside loopback");
		rc = -EPROTO;
		goto out;
	}
	mutex_lock(&the_lnet.api_mutex);
	rc = the_lnet.up ? peer_merge(nids, n, n > 1, false) : -ENETDOWN;
	mutex_unlock(&the_lnet.api_mutex);
	if (!rc)
		*primary = nids[0];
out:
	kfree(nids);
	kfree(res);
	return rc;
}
