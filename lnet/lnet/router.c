// SPDX-License-Identifier: GPL-2.0
/*
 * Routing: the route table ("route add --net tcp1 --gateway 10.0.0.2@tcp"),
 * choosing the next hop for a NID on a network we are not on, and, on a
 * router ("set routing 1"), forwarding messages that are not for us.
 *
 * Route choice among the routes to a network: gateways not known to be
 * down first, then the lowest priority, then the fewest hops, then in
 * turn.  A gateway is down when its peer NI's health reached 0 (its sends
 * failed); a successful send brings it back.
 *
 * Forwarding: the whole payload is received into a buffer of pages, then
 * the same message (header unchanged: the source stays the originator) is
 * sent towards its destination, through the usual credits.  Drivers call
 * lnet_parse() from process context, which forwarding needs (it may
 * allocate that buffer).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <lnet/lib-lnet.h>

/* Whether the routes' gateways are reachable (res_lock held). */
static bool gateway_alive_locked(__u64 gw)
{
	struct lnet_peer_ni *lpni = lnet_peer_ni_find_locked(gw);

	return !lpni || lpni->health > 0;
}

/**
 * lnet_route_nexthop_locked() - the gateway to reach network @net through,
 * or 0 when no route leads there (res_lock held).
 */
__u64 lnet_route_nexthop_locked(__u32 net)
{
	struct lnet_route *r, *best = NULL;
	bool best_alive = false;
	unsigned int ties = 0;

	lockdep_assert_held(&the_lnet.res_lock);
	list_for_each_entry(r, &the_lnet.routes, list) {
		bool alive;

		if (r->net != net)
			continue;
		alive = gateway_alive_locked(r->gateway);
		if (best && best_alive != alive) {
			if (!alive)
				continue;
		} else if (best && (r->priority > best->priority ||
				    (r->priority == best->priority && r->hops > best->hops))) {
			continue;
		} else if (best && r->priority == best->priority && r->hops == best->hops) {
			/* Equal: take each with the same chance, in turn. */
			if ((the_lnet.route_seq % ++ties) != 0)
				continue;
			best = r;
			continue;
		}
		best = r;
		best_alive = alive;
		ties = 1;
	}
	if (!best)
		return 0;
	the_lnet.route_seq++;
	return best->gateway;
}

static bool on_local_net_locked(__u64 nid)
{
	struct lnet_net *net;

	list_for_each_entry(net, &the_lnet.nets, list)
		if (net->net_id == LNET_NIDNET(nid) && LNET_NETTYP(net->net_id) != LNET_LND_LO)
			return true;
	return false;
}

/** lnet_route_add() - a route to network @net through @gateway. */
int lnet_route_add(__u32 net, __u64 gateway, unsigned int hops, unsigned int priority,
		   struct netlink_ext_ack *extack)
{
	struct lnet_route *r, *fresh;
	int rc = 0;

	if (LNET_NETTYP(net) == LNET_LND_LO) {
		NL_SET_ERR_MSG(extack, "there is no route to the loopback network");
		return -EINVAL;
	}
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	fresh->net = net;
	fresh->gateway = gateway;
	fresh->hops = hops;
	fresh->priority = priority;

	mutex_lock(&the_lnet.api_mutex);
	spin_lock(&the_lnet.res_lock);
	if (!the_lnet.up) {
		NL_SET_ERR_MSG(extack, "LNet is not configured (lnetctl lnet configure)");
		rc = -ENETDOWN;
	} else if (!on_local_net_locked(gateway)) {
		NL_SET_ERR_MSG(extack, "the gateway is not on a local network");
		rc = -EHOSTUNREACH;
	} else if (lnet_nid_is_local_locked(gateway)) {
		NL_SET_ERR_MSG(extack, "the gateway is this node");
		rc = -EINVAL;
	} else {
		list_for_each_entry(r, &the_lnet.routes, list) {
			if (r->net == net && r->gateway == gateway) {
				NL_SET_ERR_MSG(extack, "this route already exists");
				rc = -EEXIST;
				break;
			}
		}
		if (!rc) {
			list_add_tail(&fresh->list, &the_lnet.routes);
			fresh = NULL;
		}
	}
	spin_unlock(&the_lnet.res_lock);
	mutex_unlock(&the_lnet.api_mutex);
	kfree(fresh);
	return rc;
}

/** lnet_route_del() - routes to @net (through @gateway, or all if 0). */
int lnet_route_del(__u32 net, __u64 gateway, struct netlink_ext_ack *extack)
{
	struct lnet_route *r, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&the_lnet.api_mutex);
	spin_lock(&the_lnet.res_lock);
	list_for_each_entry_safe(r, tmp, &the_lnet.routes, list)
		if (r->net == net && (!gateway || r->gateway == gateway))
			list_move(&r->list, &gone);
	spin_unlock(&the_lnet.res_lock);
	mutex_unlock(&the_lnet.api_mutex);
	if (list_empty(&gone)) {
		NL_SET_ERR_MSG(extack, "no such route");
		return -ENOENT;
	}
	list_for_each_entry_safe(r, tmp, &gone, list)
		kfree(r);
	return 0;
}

/* LNet went down: the routes go with it (api_mutex held). */
void lnet_routes_cleanup(void)
{
	struct lnet_route *r, *tmp;
	LIST_HEAD(gone);

	spin_lock(&the_lnet.res_lock);
	list_splice_init(&the_lnet.routes, &gone);
	spin_unlock(&the_lnet.res_lock);
	list_for_each_entry_safe(r, tmp, &gone, list)
		kfree(r);
}

/**
 * lnet_route_snapshot() - copy up to @max routes from index @start into
 * @out (with whether each gateway looks alive), for a dump.
 */
unsigned int lnet_route_snapshot(unsigned int start, struct lnet_route *out, bool *alive,
				 unsigned int max)
{
	struct lnet_route *r;
	unsigned int i = 0, n = 0;

	spin_lock(&the_lnet.res_lock);
	list_for_each_entry(r, &the_lnet.routes, list) {
		if (i++ < start)
			continue;
		if (n == max)
			break;
		out[n] = *r;
		alive[n] = gateway_alive_locked(r->gateway);
		n++;
	}
	spin_unlock(&the_lnet.res_lock);
	return n;
}

/**
 * lnet_set_routing() - start or stop forwarding for other nodes; the ping
 * reply tells peers whether we route.
 */
int lnet_set_routing(bool on)
{
	mutex_lock(&the_lnet.api_mutex);
	if (the_lnet.up && the_lnet.routing != on) {
		WRITE_ONCE(the_lnet.routing, on);
		lnet_ping_target_update();
	}
	mutex_unlock(&the_lnet.api_mutex);
	return 0;
}

/* --- forwarding ------------------------------------------------------------------------ */

static void fwd_buffer_free(struct lnet_md *md)
{
	unsigned int i;

	if (!md)
		return;
	for (i = 0; i < md->desc.niov; i++)
		__free_page(md->desc.kiov[i].bv_page);
	kfree(md->desc.kiov);
	kfree(md);
}

/* A buffer of pages for @len bytes, described as an (unregistered) MD. */
static struct lnet_md *fwd_buffer_alloc(unsigned int len)
{
	unsigned int i, n = DIV_ROUND_UP(len, PAGE_SIZE);
	struct lnet_md *md = kzalloc(sizeof(*md), GFP_NOFS);

	if (!md)
		return NULL;
	md->desc.kiov = kcalloc(n, sizeof(*md->desc.kiov), GFP_NOFS);
	if (!md->desc.kiov)
		goto fail;
	for (i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_NOFS);

		if (!page)
			goto fail;
		md->desc.kiov[i].bv_page = page;
		md->desc.kiov[i].bv_offset = 0;
		md->desc.kiov[i].bv_len = min_t(unsigned int, PAGE_SIZE, len - i * PAGE_SIZE);
		md->desc.niov++;
	}
	md->desc.length = len;
	return md;
fail:
	fwd_buffer_free(md);
	return NULL;
}

/**
 * lnet_parse_forward() - a message for another node arrived on @ni on a
 * router: receive it and send it on.  Return as lnet_parse().
 */
int lnet_parse_forward(struct lnet_ni *ni, const struct lnet_hdr *hdr, void *private)
{
	unsigned int len = hdr->payload_length;
	struct lnet_ni *out;
	struct lnet_msg *msg;
	__u64 txpeer;

	if (!READ_ONCE(the_lnet.routing))
		return -EHOSTUNREACH;
	out = lnet_ni_for_dest(hdr->dest_nid, &txpeer);
	if (!out)
		return -EHOSTUNREACH;
	if (out == ni && txpeer == hdr->src_nid) {
		lnet_ni_put(out);	/* it would go back where it came from */
		return -EHOSTUNREACH;
	}
	msg = lnet_msg_alloc(GFP_NOFS);
	if (!msg) {
		lnet_ni_put(out);
		return -ENOMEM;
	}
	if (len) {
		msg->md = fwd_buffer_alloc(len);
		if (!msg->md) {
			lnet_ni_put(out);
			lnet_msg_free(msg);
			return -ENOMEM;
		}
	}
	atomic_inc(&ni->refs);
	msg->ni = ni;
	msg->fwd_ni = out;
	msg->txpeer = txpeer;
	msg->hdr = *hdr;
	msg->len = len;
	msg->routing = true;
	msg->receiving = true;
	atomic64_inc(&the_lnet.stats.route_count);
	atomic64_add(len, &the_lnet.stats.route_length);
	if (!len)
		lnet_finalize(msg, 0);	/* nothing to receive: send it on */
	else
		ni->net->lnd->recv(ni, private, msg, len, len);
	return 0;
}

/*
 * lnet_finalize() of a forwarded message: received, it goes out; sent (or
 * failed), it is freed.
 */
void lnet_forward_finalize(struct lnet_msg *msg, int status)
{
	if (msg->receiving && !status) {
		msg->receiving = false;
		lnet_ni_put(msg->ni);
		msg->ni = msg->fwd_ni;
		msg->fwd_ni = NULL;
		lnet_msg_send(msg);
		return;
	}
	if (status)
		atomic64_inc(&the_lnet.stats.drop_count);
	if (msg->fwd_ni)
		lnet_ni_put(msg->fwd_ni);
	fwd_buffer_free(msg->md);
	msg->md = NULL;
	lnet_msg_free(msg);
}
