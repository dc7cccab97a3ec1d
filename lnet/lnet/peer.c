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
 * Aging: any message from a NID makes it a peer, so a node flooded with
 * hellos and messages from made-up NIDs would keep them all.  A peer that
 * nobody configured ("peer add" or "discover"), that is no route's gateway
 * and none of whose NIs a message holds is dropped once it has been idle
 * (no send, no receive) for peer_idle_timeout seconds (lnet_peer_age(),
 * once a second from recovery.c).  the_lnet.peers is kept in order of last
 * use, so aging and reclaiming look at its head only.  At most
 * peer_max_unconfigured unconfigured peers are made for messages received:
 * a new one beyond that takes the place of the least recently used one if
 * that has been idle PEER_RECLAIM_IDLE seconds, or is not made (its
 * message is delivered, not counted per peer), so a flood neither grows
 * the table nor evicts peers in use.  A send always gets its peer, up to
 * twice the bound (beyond that, which only a flood of sends to made-up
 * NIDs reaches, it fails with -ENOMEM).
 *
 * Dumps (lnet_peer_snapshot()) copy a bounded chunk of peers under the
 * lock and resume from a cursor into the hash table (bucket, position), so
 * a whole dump is linear in the number of peers and holds the lock only
 * for one chunk at a time.
 *
 * All of it is under the_lnet.res_lock; peers live until LNet goes down,
 * "peer del" removes them or they age out; peer NIs until their last
 * message finishes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <lnet/lib-lnet.h>

#define LNET_HEALTH_MAX		1000

unsigned int lnet_health_sensitivity = 100;

static unsigned int peer_max_unconfigured = 65536;
module_param(peer_max_unconfigured, uint, 0644);
MODULE_PARM_DESC(peer_max_unconfigured,
		 "peers that were not configured (\"peer add\") kept at most at once");

static unsigned int peer_idle_timeout = 300;
module_param(peer_idle_timeout, uint, 0644);
MODULE_PARM_DESC(peer_idle_timeout,
		 "seconds an idle unconfigured peer is kept (0: until LNet goes down)");

/* A peer idle this long may make room for a new one (see above). */
#define PEER_RECLAIM_IDLE	10
/* Peers looked at per reclaim or aging pass, at most (bounds lock hold). */
#define PEER_SCAN_MAX		256

/* Peers on the_lnet.peers that are not configured (res_lock). */
static unsigned int npeers_unconfigured;

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

/* A new peer NI of @nid, with its network's peer_credits and router
 * credits (peer_buffer_credits, or peer_credits when that is 0).
 */
static void lpni_init(struct lnet_peer_ni *lpni, __u64 nid)
{
	int credits = LNET_DEF_PEER_CREDITS, rtrcredits = 0;
	struct lnet_net *net;

	list_for_each_entry(net, &the_lnet.nets, list) {
		if (net->net_id == LNET_NIDNET(nid)) {
			credits = net->peer_credits ?: 1;
			rtrcredits = net->peer_buffer_credits;
			break;
		}
	}
	lpni->nid = nid;
	refcount_set(&lpni->refs, 1);	/* the table's */
	lpni->maxtxcredits = credits;
	lpni->txcredits = credits;
	lpni->mintxcredits = credits;
	lpni->rtrcredits = rtrcredits ?: credits;
	lpni->minrtrcredits = lpni->rtrcredits;
	lpni->health = LNET_HEALTH_MAX;
	lpni->last_used = ktime_get_seconds();
	INIT_LIST_HEAD(&lpni->txq);
	INIT_LIST_HEAD(&lpni->rtrq);
	INIT_LIST_HEAD(&lpni->peer_list);
}

/* Add @lpni to @peer, or to a new peer of its own (res_lock held). */
static void lpni_attach_locked(struct lnet_peer_ni *lpni, struct lnet_peer *peer)
{
	lpni->peer = peer;
	list_add_tail(&lpni->peer_list, &peer->nis);
	peer->nnis++;
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

static void peer_list_add_locked(struct lnet_peer *peer)
{
	lockdep_assert_held(&the_lnet.res_lock);
	list_add_tail(&peer->list, &the_lnet.peers);
	if (!peer->configured)
		npeers_unconfigured++;
}

static void peer_list_del_locked(struct lnet_peer *peer)
{
	lockdep_assert_held(&the_lnet.res_lock);
	list_del_init(&peer->list);
	if (!peer->configured && !WARN_ON_ONCE(!npeers_unconfigured))
		npeers_unconfigured--;
}

static bool peer_is_gateway_locked(const struct lnet_peer *peer)
{
	const struct lnet_peer_ni *lpni;
	const struct lnet_route *r;

	list_for_each_entry(r, &the_lnet.routes, list)
		list_for_each_entry(lpni, &peer->nis, peer_list)
			if (lpni->nid == r->gateway)
				return true;
	return false;
}

/**
 * lnet_nid_is_gateway_locked() - whether @nid is an NI of a peer that is a
 * route's gateway (res_lock held): a router, whichever of its NIs the
 * route names.
 */
bool lnet_nid_is_gateway_locked(__u64 nid)
{
	const struct lnet_peer_ni *lpni = lnet_peer_ni_find_locked(nid);
	const struct lnet_route *r;

	lockdep_assert_held(&the_lnet.res_lock);
	if (lpni && lpni->peer)
		return peer_is_gateway_locked(lpni->peer);
	list_for_each_entry(r, &the_lnet.routes, list)
		if (r->gateway == nid)
			return true;
	return false;
}

/*
 * Whether @peer may go: not configured, no gateway, no NI held by a
 * message, and not used since @idle_since.
 */
static bool peer_reclaimable_locked(const struct lnet_peer *peer, time64_t idle_since)
{
	const struct lnet_peer_ni *lpni;

	if (peer->configured || peer->last_used > idle_since)
		return false;
	list_for_each_entry(lpni, &peer->nis, peer_list)
		if (refcount_read(&lpni->refs) != 1 || !list_empty(&lpni->txq))
			return false;
	return !peer_is_gateway_locked(peer);
}

/* Take @peer out of the tables; its NIs go onto @gone for the caller to
 * put after unlocking, and the peer is freed.
 */
static void peer_remove_locked(struct lnet_peer *peer, struct list_head *gone)
{
	struct lnet_peer_ni *lpni, *tmp;

	list_for_each_entry_safe(lpni, tmp, &peer->nis, peer_list) {
		lpni_unlink_locked(lpni);
		list_add_tail(&lpni->peer_list, gone);
	}
	peer_list_del_locked(peer);
	kfree(peer);
}

static void put_gone(struct list_head *gone)
{
	struct lnet_peer_ni *lpni, *tmp;

	list_for_each_entry_safe(lpni, tmp, gone, peer_list) {
		list_del_init(&lpni->peer_list);
		lnet_peer_ni_put(lpni);
	}
}

/*
 * Room for one more unconfigured peer (@for_send: one a send needs): true
 * below the bound, when the least recently used peer was idle long enough
 * to be removed for it, or for a send below twice the bound.
 */
static bool peer_make_room_locked(bool for_send, struct list_head *gone)
{
	unsigned int max = READ_ONCE(peer_max_unconfigured), scanned = 0;
	time64_t idle_since = ktime_get_seconds() - PEER_RECLAIM_IDLE;
	struct lnet_peer *peer, *tmp;

	if (npeers_unconfigured < max)
		return true;
	list_for_each_entry_safe(peer, tmp, &the_lnet.peers, list) {
		/* In order of use: the rest are busier still. */
		if (peer->last_used > idle_since || ++scanned > PEER_SCAN_MAX)
			break;
		if (peer_reclaimable_locked(peer, idle_since)) {
			peer_remove_locked(peer, gone);
			return true;
		}
		/* Idle but kept (configured, a gateway, held): out of the way. */
		list_move_tail(&peer->list, &the_lnet.peers);
	}
	return for_send && npeers_unconfigured / 2 < max;
}

/* @peer was used now: to the tail of the_lnet.peers (res_lock held). */
static void peer_touch_locked(struct lnet_peer *peer, time64_t now)
{
	if (!peer)
		return;	/* its NI was removed while a message held it */
	peer->last_used = now;
	list_move_tail(&peer->list, &the_lnet.peers);
}

static struct lnet_peer *peer_new(__u64 primary, gfp_t gfp)
{
	struct lnet_peer *peer = kzalloc(sizeof(*peer), gfp);

	if (!peer)
		return NULL;
	peer->primary = primary;
	peer->last_used = ktime_get_seconds();
	INIT_LIST_HEAD(&peer->nis);
	INIT_LIST_HEAD(&peer->list);
	return peer;
}

/**
 * lnet_peer_ni_get() - the peer NI of @nid with a reference, created (in
 * a peer of its own) when new and there is room (@for_send: a send needs
 * it; see the top of this file).  NULL when out of memory, out of room or
 * LNet is down.
 */
struct lnet_peer_ni *lnet_peer_ni_get(__u64 nid, bool for_send)
{
	struct lnet_peer_ni *lpni, *fresh;
	struct lnet_peer *peer;
	LIST_HEAD(gone);

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
		if (!lpni && peer_make_room_locked(for_send, &gone)) {
			lpni = fresh;
			fresh = NULL;
			lpni_init(lpni, nid);
			hlist_add_head(&lpni->hash, &the_lnet.peer_hash[nid_hash(nid)]);
			lpni_attach_locked(lpni, peer);
			peer_list_add_locked(peer);
			peer = NULL;
		} else if (!lpni) {
			pr_warn_ratelimited("%u unconfigured peers, none idle: no peer made for %llx\n",
					    npeers_unconfigured, nid);
		}
		if (lpni)
			refcount_inc(&lpni->refs);
	}
	spin_unlock(&the_lnet.res_lock);
	put_gone(&gone);
out:
	kfree(fresh);
	kfree(peer);
	return lpni;
}

void lnet_peer_ni_put(struct lnet_peer_ni *lpni)
{
	if (refcount_dec_and_test(&lpni->refs)) {
		WARN_ON(!list_empty(&lpni->txq) || !list_empty(&lpni->rtrq));
		kfree(lpni);
	}
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
	npeers_unconfigured = 0;
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
		if (!lnet_credit_take(&lpni->txcredits, &lpni->mintxcredits)) {
			list_add_tail(&msg->tx_list, &lpni->txq);
			now = false;
			goto out;
		}
	}
	if (!msg->tx_nicredit) {
		msg->tx_nicredit = true;
		if (!lnet_credit_take(&ni->txcredits, &ni->mintxcredits)) {
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
			if (!lnet_credit_take(&ni->txcredits, &ni->mintxcredits))
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
 * NIs chosen.  NIs learned from a push (unverified) take no part until a
 * ping ("discover") confirms them.
 */
void lnet_peer_select(struct lnet_msg *msg)
{
	struct lnet_peer_ni *cur = msg->txlpni, *lpni, *best = NULL;
	struct lnet_ni *ni, *best_ni = NULL, *old_ni = msg->ni;
	struct lnet_peer *peer;
	unsigned int ties = 0;

	/* Forwarded, through a gateway, or pinned to its NID; or an answer
	 * (REPLY, ACK), which goes back over the pair of NIs its request came
	 * by, as Lustre's: that path just worked, while another of the
	 * peer's NIs may be down without our knowing (a dead link's socket
	 * takes bytes for a long time before anything fails).
	 */
	if (msg->routing || msg->answer || msg->txpeer != msg->hdr.dest_nid ||
	    (msg->md && (msg->md->desc.options & LNET_MD_NO_MR)))
		return;
	spin_lock(&the_lnet.res_lock);
	peer = cur->peer;
	/* A NID only a push put here may be anybody's: never trade it. */
	if (!peer || !peer->mr || peer->nnis < 2 || cur->unverified)
		goto out;
	list_for_each_entry(lpni, &peer->nis, peer_list) {
		if (lpni->unverified)
			continue;
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
	lpni->last_used = ktime_get_seconds();
	peer_touch_locked(lpni->peer, lpni->last_used);
	spin_unlock(&the_lnet.res_lock);
}

/** lnet_peer_ni_received() - a message from @nid arrived (it becomes a peer). */
void lnet_peer_ni_received(__u64 nid, unsigned int bytes)
{
	struct lnet_peer_ni *lpni = lnet_peer_ni_get(nid, false);

	if (!lpni)
		return;
	spin_lock(&the_lnet.res_lock);
	lpni->stats.recv_count++;
	lpni->stats.recv_bytes += bytes;
	lpni->last_alive = ktime_get_seconds();
	lpni->last_used = lpni->last_alive;
	peer_touch_locked(lpni->peer, lpni->last_used);
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
	bool reused = false;
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
			reused = true;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		struct lnet_peer_ni *lpni = lnet_peer_ni_find_locked(nids[i]);

		if (lpni && lpni->peer == peer) {
			lpni->unverified = false;
			continue;
		}
		if (lpni) {
			lpni->unverified = false;
			old = lpni->peer;
			list_del(&lpni->peer_list);
			old->nnis--;
			if (!old->nnis) {
				peer_list_del_locked(old);
				kfree(old);
			}
		} else {
			lpni = fresh[i];
			fresh[i] = NULL;
			lpni_init(lpni, nids[i]);
			hlist_add_head(&lpni->hash, &the_lnet.peer_hash[nid_hash(nids[i])]);
		}
		lpni_attach_locked(lpni, peer);
	}
	peer->mr = mr;
	if (!reused) {
		peer->configured = configured;
		peer_list_add_locked(peer);
	} else if (configured && !peer->configured) {
		peer->configured = true;
		npeers_unconfigured--;
	}
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
		if (lnet_nid4_is_lo(nids[i])) {
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
		peer_list_del_locked(peer);
		kfree(peer);
	}
unlock:
	spin_unlock(&the_lnet.res_lock);
	mutex_unlock(&the_lnet.api_mutex);
	put_gone(&gone);
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

		if (!lnet_nid4_is_lo(ni))
			nids[n++] = ni;
	}
	if (!n) {
		NL_SET_ERR_MSG(extack, "the peer reported no NI beside loopback");
		rc = -EPROTO;
		goto out;
	}
	mutex_lock(&the_lnet.api_mutex);
	/* Asked for by the administrator, as "peer add" is: it does not age. */
	rc = the_lnet.up ? peer_merge(nids, n, n > 1, true) : -ENETDOWN;
	mutex_unlock(&the_lnet.api_mutex);
	if (!rc)
		*primary = nids[0];
out:
	kfree(nids);
	kfree(res);
	return rc;
}

/* --- aging ----------------------------------------------------------------------------- */

/**
 * lnet_peer_age() - drop the unconfigured peers idle for peer_idle_timeout
 * (see the top of this file); called once a second while LNet is up.
 */
void lnet_peer_age(void)
{
	unsigned int timeout = READ_ONCE(peer_idle_timeout), scanned = 0;
	struct lnet_peer *peer, *tmp;
	time64_t idle_since;
	LIST_HEAD(gone);

	if (!timeout)
		return;
	idle_since = ktime_get_seconds() - timeout;
	spin_lock(&the_lnet.res_lock);
	list_for_each_entry_safe(peer, tmp, &the_lnet.peers, list) {
		/* In order of use: the rest are busier still; a long run of
		 * peers that must stay is left for the next second.
		 */
		if (peer->last_used > idle_since || ++scanned > PEER_SCAN_MAX)
			break;
		if (peer_reclaimable_locked(peer, idle_since))
			peer_remove_locked(peer, &gone);
		else
			list_move_tail(&peer->list, &the_lnet.peers);
	}
	spin_unlock(&the_lnet.res_lock);
	put_gone(&gone);
}

/** lnet_peer_count_unconfigured() - how many peers nobody configured. */
unsigned int lnet_peer_count_unconfigured(void)
{
	unsigned int n;

	spin_lock(&the_lnet.res_lock);
	n = npeers_unconfigured;
	spin_unlock(&the_lnet.res_lock);
	return n;
}

/* --- dumps ------------------------------------------------------------------------------ */

/* Copy @peer into @snap, with up to @max_nis of its NIs into @nis. */
static void peer_copy_locked(const struct lnet_peer *peer, struct lnet_peer_snap *snap,
			     struct lnet_peer_ni_snap *nis, unsigned int max_nis)
{
	const struct lnet_peer_ni *lpni;

	snap->primary = peer->primary;
	snap->mr = peer->mr;
	snap->nis = nis;
	snap->nnis = 0;
	list_for_each_entry(lpni, &peer->nis, peer_list) {
		struct lnet_peer_ni_snap *n = &nis[snap->nnis];

		if (snap->nnis == max_nis)
			break;
		n->nid = lpni->nid;
		n->health = lpni->health;
		n->txcredits = lpni->txcredits;
		n->mintxcredits = lpni->mintxcredits;
		n->maxtxcredits = lpni->maxtxcredits;
		n->rtrcredits = lpni->rtrcredits;
		n->minrtrcredits = lpni->minrtrcredits;
		n->refs = refcount_read(&lpni->refs);
		n->errors = lpni->errors;
		n->stats = lpni->stats;
		snap->nnis++;
	}
}

/**
 * lnet_peer_snapshot() - copy the peers from @cursor on into @peers (at
 * most @max_peers, their NIs into @nis, at most @max_nis in all; a peer
 * with more NIs than that is copied alone with its first @max_nis) and
 * move @cursor past them.  Each copy's own cursor is where to resume to
 * copy it again (when it did not fit in the caller's message).  A peer
 * is visited at its first NI's place in the hash table; peers added or
 * removed meanwhile may be missed or seen twice, as in any netlink dump.
 * Return: the number of peers copied; 0 at the end.
 */
unsigned int lnet_peer_snapshot(unsigned long cursor[2], struct lnet_peer_snap *peers,
				unsigned int max_peers, struct lnet_peer_ni_snap *nis,
				unsigned int max_nis)
{
	unsigned long b = cursor[0], pos = cursor[1];
	unsigned int n = 0, used = 0;

	spin_lock(&the_lnet.res_lock);
	for (; b < ARRAY_SIZE(the_lnet.peer_hash); b++, pos = 0) {
		struct lnet_peer_ni *lpni;
		unsigned long i = 0;

		hlist_for_each_entry(lpni, &the_lnet.peer_hash[b], hash) {
			const struct lnet_peer *peer = lpni->peer;

			if (i++ < pos)
				continue;
			if (!peer || list_first_entry(&peer->nis, struct lnet_peer_ni,
						      peer_list) != lpni)
				continue;
			if (n == max_peers || (n && used + peer->nnis > max_nis))
				goto out;
			peers[n].cursor[0] = b;
			peers[n].cursor[1] = i - 1;
			peer_copy_locked(peer, &peers[n], nis + used, max_nis - used);
			used += peers[n].nnis;
			n++;
			pos = i;
		}
	}
out:
	spin_unlock(&the_lnet.res_lock);
	cursor[0] = b;
	cursor[1] = pos;
	return n;
}

/** lnet_peer_snapshot_one() - copy the peer whose primary NID is @primary. */
int lnet_peer_snapshot_one(__u64 primary, struct lnet_peer_snap *snap,
			   struct lnet_peer_ni_snap *nis, unsigned int max_nis)
{
	struct lnet_peer_ni *lpni;
	int rc = -ENOENT;

	spin_lock(&the_lnet.res_lock);
	lpni = lnet_peer_ni_find_locked(primary);
	if (lpni && lpni->peer && lpni->peer->primary == primary) {
		peer_copy_locked(lpni->peer, snap, nis, max_nis);
		rc = 0;
	}
	spin_unlock(&the_lnet.res_lock);
	return rc;
}

/* --- discovery pushes ---------------------------------------------------------------- */

/**
 * lnet_peer_push_received() - the node behind @from pushed its NI list
 * @nids[0..n) (loopback and our own NIs already left out; ping.c): add to
 * its peer the NIs we do not know yet, and take its Multi-Rail flag when
 * it has more than one NI.  Never taken from a push: a NID that belongs
 * to another peer (that would let a node claim, and so draw, another
 * node's traffic), NIs beyond LNET_PING_MAX_NIS per peer, or anything at
 * all when @from is not among the NIDs pushed, is not a peer yet (it
 * just sent us the push, so it normally is) or is a peer the administrator
 * configured or a gateway (their NIs and Multi-Rail flag are what "peer
 * add", "discover" and the routes say).  The NIs added are unverified: a
 * push can name anybody's NID, so Multi-Rail does not send to them (nor
 * instead of them) until a ping confirms them (lnet_discover()).  NIs the
 * push no longer lists are kept; they age with the peer.  Never sleeps.
 * Return: the number of NIs added, or -errno.
 */
int lnet_peer_push_received(__u64 from, const __u64 *nids, unsigned int n, bool mr)
{
	struct lnet_peer_ni *fresh[LNET_PUSH_MAX_NEW] = { NULL };
	struct lnet_peer_ni *lpni;
	struct lnet_peer *peer;
	unsigned int i, k, used = 0;
	int added = 0;

	for (i = 0; i < n && nids[i] != from; i++)
		;
	if (i == n)
		return -EPERM;
	for (k = 0; k < ARRAY_SIZE(fresh) && k < n - 1; k++) {
		fresh[k] = kzalloc(sizeof(*fresh[k]), GFP_ATOMIC);
		if (!fresh[k])
			break;
	}
	spin_lock(&the_lnet.res_lock);
	lpni = the_lnet.up ? lnet_peer_ni_find_locked(from) : NULL;
	peer = lpni ? lpni->peer : NULL;
	if (!peer) {
		added = -ENOENT;
		goto unlock;
	}
	if (peer->configured || peer_is_gateway_locked(peer)) {
		added = -EPERM;
		goto unlock;
	}
	for (i = 0; i < n && used < k && peer->nnis < LNET_PING_MAX_NIS; i++) {
		if (lnet_peer_ni_find_locked(nids[i]))
			continue;	/* ours already, or another peer's */
		lpni = fresh[used];
		fresh[used++] = NULL;
		lpni_init(lpni, nids[i]);
		lpni->unverified = true;
		hlist_add_head(&lpni->hash, &the_lnet.peer_hash[nid_hash(nids[i])]);
		lpni_attach_locked(lpni, peer);
		added++;
	}
	if (peer->nnis > 1)
		peer->mr = mr;
unlock:
	spin_unlock(&the_lnet.res_lock);
	for (i = 0; i < ARRAY_SIZE(fresh); i++)
		kfree(fresh[i]);
	return added;
}
