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
 * Forwarding: the whole payload is received into a router buffer (below),
 * then the same message (header unchanged: the source stays the
 * originator) is sent towards its destination, through the usual credits.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
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
		if (net->net_id == LNET_NIDNET(nid) && !net->lnd->self)
			return true;
	return false;
}

/** lnet_route_add() - a route to network @net through @gateway. */
int lnet_route_add(__u32 net, __u64 gateway, unsigned int hops, unsigned int priority,
		   struct netlink_ext_ack *extack)
{
	struct lnet_route *r, *fresh;
	int rc = 0;

	if (lnet_lnd_implicit(LNET_NETTYP(net))) {
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

/* --- router buffers ----------------------------------------------------------------- */

/*
 * Forwarded payloads go into buffers of three fixed pools, allocated when
 * forwarding is first turned on and freed when LNet goes down: tiny (no
 * payload: a credit only), small (one page) and large (1 MiB), as
 * Lustre's tiny_router_buffers, small_router_buffers and
 * large_router_buffers.  Each forwarded message also takes one router
 * credit of the peer NI it came from (peer_buffer_credits of its network,
 * or its peer_credits when that is 0), so one peer cannot hold every
 * buffer.  A message that finds no credit or no buffer waits in order (on
 * its peer NI's queue, then its pool's) without being read: the driver
 * reads nothing more from that connection until lnet_parse()'s
 * LNET_RECV_DELAYED turns into the driver's recv(), called from the
 * router's work when a credit and a buffer come back.  Back-pressure then
 * reaches the sender through its socket and its own credits; memory stays
 * what the pools hold.
 */
static int tiny_router_buffers;
module_param(tiny_router_buffers, int, 0444);
MODULE_PARM_DESC(tiny_router_buffers, "router buffers for messages without payload (0: 512)");
static int small_router_buffers;
module_param(small_router_buffers, int, 0444);
MODULE_PARM_DESC(small_router_buffers, "router buffers of one page (0: 1024)");
static int large_router_buffers;
module_param(large_router_buffers, int, 0444);
MODULE_PARM_DESC(large_router_buffers,
		 "router buffers of 1 MiB (0: one per 32 MiB of memory, 8 to 512)");

enum { RTR_TINY, RTR_SMALL, RTR_LARGE, RTR_NPOOLS };
static_assert(RTR_NPOOLS == LNET_RTR_NPOOLS);

struct rtr_buffer {
	struct list_head list;		/* on its pool's free list */
	struct lnet_md md;		/* unregistered: desc.kiov, the pages */
};

struct rtr_pool {
	unsigned int npages;		/* per buffer */
	unsigned int nbuffers;
	int credits;			/* free buffers; < 0: messages waiting */
	int mincredits;
	struct list_head free;		/* struct rtr_buffer (not for tiny) */
	struct list_head waitq;		/* struct lnet_msg, on rtr_list */
};

static struct rtr_pool rtr_pools[RTR_NPOOLS];	/* res_lock */
static bool rtr_pools_up;			/* api_mutex to change, res_lock to read */
static LIST_HEAD(rtr_ready);			/* granted, for rtr_recv_work (res_lock) */

static void rtr_recv_work_fn(struct work_struct *w);
static DECLARE_WORK(rtr_recv_work, rtr_recv_work_fn);

static struct rtr_pool *rtr_pool_for(unsigned int len)
{
	if (!len)
		return &rtr_pools[RTR_TINY];
	if (len <= PAGE_SIZE)
		return &rtr_pools[RTR_SMALL];
	return &rtr_pools[RTR_LARGE];
}

static void rtr_buffer_free(struct rtr_buffer *rb)
{
	unsigned int i;

	for (i = 0; i < rb->md.desc.niov; i++)
		__free_page(rb->md.desc.kiov[i].bv_page);
	kfree(rb->md.desc.kiov);
	kfree(rb);
}

static struct rtr_buffer *rtr_buffer_alloc(unsigned int npages)
{
	struct rtr_buffer *rb = kzalloc(sizeof(*rb), GFP_KERNEL);
	unsigned int i;

	if (!rb)
		return NULL;
	rb->md.desc.kiov = kcalloc(npages, sizeof(*rb->md.desc.kiov), GFP_KERNEL);
	if (!rb->md.desc.kiov)
		goto fail;
	for (i = 0; i < npages; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			goto fail;
		bvec_set_page(&rb->md.desc.kiov[i], page, PAGE_SIZE, 0);
		rb->md.desc.niov++;
	}
	rb->md.desc.length = npages * PAGE_SIZE;
	return rb;
fail:
	rtr_buffer_free(rb);
	return NULL;
}

/* Free the pools (api_mutex held; no message uses a buffer). */
static void rtr_pools_free(void)
{
	struct rtr_buffer *rb, *tmp;
	unsigned int i;

	for (i = 0; i < RTR_NPOOLS; i++) {
		struct rtr_pool *pool = &rtr_pools[i];

		WARN_ON(!list_empty(&pool->waitq) || pool->credits != pool->nbuffers);
		list_for_each_entry_safe(rb, tmp, &pool->free, list) {
			list_del(&rb->list);
			rtr_buffer_free(rb);
		}
		pool->nbuffers = 0;
		pool->credits = 0;
	}
}

static unsigned int rtr_count(int param, unsigned int dflt)
{
	return param > 0 ? param : dflt;
}

/* Allocate the pools (api_mutex held, LNet up, pools down). */
static int rtr_pools_alloc(void)
{
	unsigned int large = clamp_t(unsigned long, totalram_pages() >> (25 - PAGE_SHIFT), 8, 512);
	const unsigned int want[RTR_NPOOLS] = {
		rtr_count(tiny_router_buffers, 512),
		rtr_count(small_router_buffers, 1024),
		rtr_count(large_router_buffers, large),
	};
	const unsigned int npages[RTR_NPOOLS] = { 0, 1, DIV_ROUND_UP(LNET_MAX_PAYLOAD, PAGE_SIZE) };
	unsigned int i, n;

	for (i = 0; i < RTR_NPOOLS; i++) {
		struct rtr_pool *pool = &rtr_pools[i];

		pool->npages = npages[i];
		INIT_LIST_HEAD(&pool->free);
		INIT_LIST_HEAD(&pool->waitq);
		for (n = 0; n < want[i]; n++) {
			if (npages[i]) {
				struct rtr_buffer *rb = rtr_buffer_alloc(npages[i]);

				if (!rb) {
					pr_err("cannot allocate %u router buffers of %u pages\n",
					       want[i], npages[i]);
					rtr_pools_free();
					return -ENOMEM;
				}
				list_add(&rb->list, &pool->free);
			}
			pool->nbuffers++;
			pool->credits++;
		}
		pool->mincredits = pool->credits;
	}
	return 0;
}

/*
 * @msg holds its peer NI's router credit: give it a buffer of its pool, or
 * queue it for one.  True when it has one (or needs none).  res_lock held.
 */
static bool rtr_take_buffer_locked(struct lnet_msg *msg)
{
	struct rtr_pool *pool = rtr_pool_for(msg->len);
	struct rtr_buffer *rb;

	msg->rtr_buffered = true;
	if (!lnet_credit_take(&pool->credits, &pool->mincredits)) {
		list_add_tail(&msg->rtr_list, &pool->waitq);
		return false;
	}
	if (pool->npages) {
		rb = list_first_entry(&pool->free, struct rtr_buffer, list);
		list_del_init(&rb->list);
		msg->md = &rb->md;
	}
	return true;
}

/* Take @lpni's router credit for @msg, then a buffer; as above. */
static bool rtr_take_locked(struct lnet_msg *msg)
{
	struct lnet_peer_ni *lpni = msg->rxlpni;

	msg->rtr_credit = true;
	if (!lnet_credit_take(&lpni->rtrcredits, &lpni->minrtrcredits)) {
		list_add_tail(&msg->rtr_list, &lpni->rtrq);
		return false;
	}
	return rtr_take_buffer_locked(msg);
}

/* Grant @msg, which waited: its recv() is called from the work. */
static void rtr_grant_locked(struct lnet_msg *msg)
{
	atomic64_inc(&the_lnet.stats.route_wait_count);
	list_add_tail(&msg->rtr_list, &rtr_ready);
	queue_work(system_unbound_wq, &rtr_recv_work);
}

/* A forwarded message is done with its buffer and credit: pass them on. */
static void rtr_release(struct lnet_msg *msg)
{
	struct lnet_peer_ni *lpni = msg->rxlpni;
	struct lnet_msg *next;

	spin_lock(&the_lnet.res_lock);
	if (msg->rtr_buffered) {
		struct rtr_pool *pool = rtr_pool_for(msg->len);
		struct rtr_buffer *rb = pool->npages ? container_of(msg->md, struct rtr_buffer, md) : NULL;

		msg->rtr_buffered = false;
		msg->md = NULL;
		if (++pool->credits <= 0) {
			next = list_first_entry(&pool->waitq, struct lnet_msg, rtr_list);
			list_del_init(&next->rtr_list);
			if (rb)
				next->md = &rb->md;
			rtr_grant_locked(next);
		} else if (rb) {
			list_add(&rb->list, &pool->free);
		}
	}
	if (msg->rtr_credit) {
		msg->rtr_credit = false;
		if (++lpni->rtrcredits <= 0) {
			next = list_first_entry(&lpni->rtrq, struct lnet_msg, rtr_list);
			list_del_init(&next->rtr_list);
			if (rtr_take_buffer_locked(next))
				rtr_grant_locked(next);
		}
	}
	spin_unlock(&the_lnet.res_lock);
}

/* Receive the messages granted a buffer after waiting (see above). */
static void rtr_recv_work_fn(struct work_struct *w)
{
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(ready);

	spin_lock(&the_lnet.res_lock);
	list_splice_init(&rtr_ready, &ready);
	spin_unlock(&the_lnet.res_lock);
	list_for_each_entry_safe(msg, tmp, &ready, rtr_list) {
		list_del_init(&msg->rtr_list);
		msg->ni->net->lnd->recv(msg->ni, msg->rx_private, msg, msg->len, msg->len);
	}
}

/**
 * lnet_rtrpools_cleanup() - LNet went down, every message finished: free
 * the router buffers (api_mutex held).
 */
void lnet_rtrpools_cleanup(void)
{
	flush_work(&rtr_recv_work);
	if (rtr_pools_up)
		rtr_pools_free();
	rtr_pools_up = false;
}

/** lnet_rtrpools_snapshot() - the pools' state: tiny, small, large. */
void lnet_rtrpools_snapshot(struct lnet_rtrpool_snap *snap)
{
	unsigned int i;

	spin_lock(&the_lnet.res_lock);
	for (i = 0; i < RTR_NPOOLS; i++) {
		snap[i].npages = rtr_pools[i].npages;
		snap[i].nbuffers = rtr_pools[i].nbuffers;
		snap[i].credits = rtr_pools[i].credits;
		snap[i].mincredits = rtr_pools[i].mincredits;
	}
	spin_unlock(&the_lnet.res_lock);
}

/**
 * lnet_set_routing() - start or stop forwarding for other nodes; the ping
 * reply tells peers whether we route.  The router buffers are allocated
 * the first time; they stay until LNet goes down.
 */
int lnet_set_routing(bool on)
{
	int rc = 0;

	mutex_lock(&the_lnet.api_mutex);
	if (on && the_lnet.up && !rtr_pools_up) {
		rc = rtr_pools_alloc();
		if (!rc) {
			spin_lock(&the_lnet.res_lock);
			rtr_pools_up = true;
			spin_unlock(&the_lnet.res_lock);
		}
	}
	if (!rc && the_lnet.up && the_lnet.routing != on) {
		WRITE_ONCE(the_lnet.routing, on);
		lnet_ping_target_update();
	}
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}

/* --- forwarding ------------------------------------------------------------------------ */

/**
 * lnet_parse_forward() - a message for another node arrived on @ni from
 * @from_nid on a router: receive it into a router buffer and send it on.
 * Return as lnet_parse(): LNET_RECV_DELAYED when it waits for a credit or
 * a buffer.
 */
int lnet_parse_forward(struct lnet_ni *ni, const struct lnet_hdr *hdr, __u64 from_nid,
		       void *private)
{
	unsigned int len = hdr->payload_length;
	struct lnet_peer_ni *lpni;
	struct lnet_ni *out;
	struct lnet_msg *msg;
	__u64 txpeer;
	bool now;

	if (!READ_ONCE(the_lnet.routing))
		return -EHOSTUNREACH;
	out = lnet_ni_for_dest(hdr->dest_nid, &txpeer);
	if (!out)
		return -EHOSTUNREACH;
	if (out == ni && txpeer == hdr->src_nid) {
		lnet_ni_put(out);	/* it would go back where it came from */
		return -EHOSTUNREACH;
	}
	/* The sender's peer NI exists (lnet_parse() counted the message to it)
	 * unless the table is full: then its credits cannot be counted.
	 */
	lpni = lnet_peer_ni_get(from_nid, true);
	msg = lpni ? lnet_msg_alloc(GFP_NOFS) : NULL;
	if (!msg) {
		if (lpni)
			lnet_peer_ni_put(lpni);
		lnet_ni_put(out);
		return -ENOMEM;
	}
	atomic_inc(&ni->refs);
	msg->ni = ni;
	msg->fwd_ni = out;
	msg->txpeer = txpeer;
	msg->hdr = *hdr;
	msg->len = len;
	msg->routing = true;
	msg->receiving = true;
	msg->rxlpni = lpni;
	msg->rx_private = private;
	INIT_LIST_HEAD(&msg->rtr_list);
	spin_lock(&the_lnet.res_lock);
	if (!rtr_pools_up) {
		spin_unlock(&the_lnet.res_lock);
		lnet_forward_finalize(msg, -EHOSTUNREACH);
		return 0;	/* finalized: taken, as far as the driver is concerned */
	}
	now = rtr_take_locked(msg);
	spin_unlock(&the_lnet.res_lock);
	atomic64_inc(&the_lnet.stats.route_count);
	atomic64_add(len, &the_lnet.stats.route_length);
	if (!now)
		return LNET_RECV_DELAYED;
	if (!len)
		lnet_finalize(msg, 0);	/* nothing to receive: send it on */
	else
		ni->net->lnd->recv(ni, private, msg, len, len);
	return 0;
}

/*
 * lnet_finalize() of a forwarded message: received, it goes out; sent (or
 * failed), it gives back its buffer and credit and is freed.
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
	rtr_release(msg);
	lnet_peer_ni_put(msg->rxlpni);
	msg->rxlpni = NULL;
	lnet_msg_free(msg);
}
