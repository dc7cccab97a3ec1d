// SPDX-License-Identifier: GPL-2.0
/*
 * The "lnet" family's peer, route, statistics and global-tunable commands
 * (uapi: linux/lnet_genl.h; the family itself is in netlink.c).
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/lnet_genl.h>
#include <lnet/lib-lnet.h>
#include "netlink.h"

static const struct nla_policy peer_ni_policy[LNET_A_PEER_NI_MAX + 1] = {
	[LNET_A_PEER_NI_NID] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
};

static int put_nid(struct sk_buff *skb, int attr, __u64 nid4)
{
	char text[LNET_NIDSTR_SIZE];
	struct lnet_nid nid;

	lnet_nid4_to_nid(nid4, &nid);
	if (lnet_nid_format(&nid, text, sizeof(text)) < 0)
		return -EINVAL;
	return nla_put_string(skb, attr, text);
}

/* The NIDs listed in LNET_A_PEER_NIS (at most @max). */
static int peer_nids(struct genl_info *info, __u64 *nids, unsigned int max, unsigned int *n)
{
	struct nlattr *tb[LNET_A_PEER_NI_MAX + 1];
	struct nlattr *a;
	int rem, rc;

	*n = 0;
	if (!info->attrs[LNET_A_PEER_NIS])
		return 0;
	nla_for_each_nested(a, info->attrs[LNET_A_PEER_NIS], rem) {
		if (nla_type(a) != LNET_A_PEER_NI) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "expected a peer NI");
			return -EINVAL;
		}
		rc = nla_parse_nested(tb, LNET_A_PEER_NI_MAX, a, peer_ni_policy, info->extack);
		if (rc)
			return rc;
		if (!tb[LNET_A_PEER_NI_NID]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "a peer NI needs a NID");
			return -EINVAL;
		}
		if (*n == max) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "too many NIDs");
			return -E2BIG;
		}
		rc = lnet_nl_nid4(tb[LNET_A_PEER_NI_NID], &nids[(*n)++], info->extack);
		if (rc)
			return rc;
	}
	return 0;
}

/* One peer's message body, from a copy made under the lock. */
static int put_peer(struct sk_buff *skb, const struct lnet_peer_snap *peer)
{
	const struct lnet_peer_ni_snap *lpni;
	struct nlattr *nis, *ni, *st;
	unsigned int i;

	if (put_nid(skb, LNET_A_PEER_PRIMARY, peer->primary) ||
	    nla_put_u8(skb, LNET_A_PEER_MR, peer->mr))
		return -EMSGSIZE;
	nis = nla_nest_start(skb, LNET_A_PEER_NIS);
	if (!nis)
		return -EMSGSIZE;
	for (i = 0; i < peer->nnis; i++) {
		lpni = &peer->nis[i];
		ni = nla_nest_start(skb, LNET_A_PEER_NI);
		if (!ni || put_nid(skb, LNET_A_PEER_NI_NID, lpni->nid) ||
		    nla_put_u8(skb, LNET_A_PEER_NI_STATE,
			       lpni->health > 0 ? LNET_NI_STATE_UP : LNET_NI_STATE_DOWN) ||
		    nla_put_u32(skb, LNET_A_PEER_NI_MAX_TX_CREDITS, lpni->maxtxcredits) ||
		    nla_put_s32(skb, LNET_A_PEER_NI_TX_CREDITS, lpni->txcredits) ||
		    nla_put_s32(skb, LNET_A_PEER_NI_MIN_TX_CREDITS, lpni->mintxcredits) ||
		    nla_put_u32(skb, LNET_A_PEER_NI_TXQ,
				lpni->txcredits < 0 ? -lpni->txcredits : 0) ||
		    nla_put_u32(skb, LNET_A_PEER_NI_REFCOUNT, lpni->refs) ||
		    nla_put_u32(skb, LNET_A_PEER_NI_HEALTH, lpni->health) ||
		    nla_put_u64_64bit(skb, LNET_A_PEER_NI_ERRORS, lpni->errors, LNET_A_PEER_NI_PAD) ||
		    nla_put_s32(skb, LNET_A_PEER_NI_RTR_CREDITS, lpni->rtrcredits) ||
		    nla_put_s32(skb, LNET_A_PEER_NI_MIN_RTR_CREDITS, lpni->minrtrcredits))
			return -EMSGSIZE;
		st = nla_nest_start(skb, LNET_A_PEER_NI_STATS);
		if (!st ||
		    nla_put_u64_64bit(skb, LNET_A_STATS_SEND_COUNT, lpni->stats.send_count,
				      LNET_A_STATS_PAD) ||
		    nla_put_u64_64bit(skb, LNET_A_STATS_RECV_COUNT, lpni->stats.recv_count,
				      LNET_A_STATS_PAD) ||
		    nla_put_u64_64bit(skb, LNET_A_STATS_DROP_COUNT, lpni->stats.drop_count,
				      LNET_A_STATS_PAD) ||
		    nla_put_u64_64bit(skb, LNET_A_STATS_SEND_BYTES, lpni->stats.send_bytes,
				      LNET_A_STATS_PAD) ||
		    nla_put_u64_64bit(skb, LNET_A_STATS_RECV_BYTES, lpni->stats.recv_bytes,
				      LNET_A_STATS_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, st);
		nla_nest_end(skb, ni);
	}
	nla_nest_end(skb, nis);
	return 0;
}

/* Peers (and their NIs) copied per lock hold: a bounded time under it. */
#define PEER_DUMP_CHUNK		16
#define PEER_DUMP_NIS		128

struct peer_dump_buf {
	struct lnet_peer_snap peers[PEER_DUMP_CHUNK];
	struct lnet_peer_ni_snap nis[PEER_DUMP_NIS];
};

/*
 * Dump: one message per peer, copied a chunk at a time
 * (lnet_peer_snapshot()) and written without the lock; cb->args[0..1] is
 * the table cursor, so each call resumes where the last stopped.
 */
int lnet_nl_peer_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long cursor[2] = { cb->args[0], cb->args[1] };
	struct peer_dump_buf *buf;
	unsigned int n, i;
	bool full = false;

	buf = kvmalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (!full) {
		n = lnet_peer_snapshot(cursor, buf->peers, PEER_DUMP_CHUNK, buf->nis,
				       PEER_DUMP_NIS);
		if (!n)
			break;
		for (i = 0; i < n; i++) {
			void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq, &lnet_family, NLM_F_MULTI,
						LNET_CMD_PEER_GET);

			if (!hdr || put_peer(skb, &buf->peers[i])) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
				/* Resume at this peer in the next message. */
				cursor[0] = buf->peers[i].cursor[0];
				cursor[1] = buf->peers[i].cursor[1];
				full = true;
				break;
			}
			genlmsg_end(skb, hdr);
		}
	}
	kvfree(buf);
	cb->args[0] = cursor[0];
	cb->args[1] = cursor[1];
	return skb->len;
}

#define PEER_MAX_NIDS 16

int lnet_nl_peer_add(struct sk_buff *skb, struct genl_info *info)
{
	__u64 nids[PEER_MAX_NIDS + 1];
	unsigned int n, i;
	bool mr = true;
	int rc;

	if (!info->attrs[LNET_A_PEER_PRIMARY]) {
		NL_SET_ERR_MSG(info->extack, "a primary NID is required (LNET_A_PEER_PRIMARY)");
		return -EINVAL;
	}
	rc = lnet_nl_nid4(info->attrs[LNET_A_PEER_PRIMARY], &nids[0], info->extack);
	if (!rc)
		rc = peer_nids(info, nids + 1, PEER_MAX_NIDS, &n);
	if (rc)
		return rc;
	/* The primary may be listed again among the NIs: once is enough. */
	for (i = 1; i <= n; i++) {
		if (nids[i] == nids[0]) {
			nids[i] = nids[n--];
			break;
		}
	}
	if (info->attrs[LNET_A_PEER_MR])
		mr = nla_get_u8(info->attrs[LNET_A_PEER_MR]);
	return lnet_peer_add(nids, n + 1, mr, info->extack);
}

int lnet_nl_peer_del(struct sk_buff *skb, struct genl_info *info)
{
	__u64 primary, nids[PEER_MAX_NIDS];
	unsigned int n;
	int rc;

	if (!info->attrs[LNET_A_PEER_PRIMARY]) {
		NL_SET_ERR_MSG(info->extack, "a primary NID is required (LNET_A_PEER_PRIMARY)");
		return -EINVAL;
	}
	rc = lnet_nl_nid4(info->attrs[LNET_A_PEER_PRIMARY], &primary, info->extack);
	if (!rc)
		rc = peer_nids(info, nids, PEER_MAX_NIDS, &n);
	return rc ?: lnet_peer_del(primary, nids, n, info->extack);
}

int lnet_nl_discover(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int timeout = 3000;
	struct lnet_peer_ni_snap *nis;
	struct lnet_peer_snap peer;
	struct sk_buff *msg;
	__u64 nid, primary;
	void *hdr;
	int rc;

	if (!info->attrs[LNET_A_NID]) {
		NL_SET_ERR_MSG(info->extack, "a NID is required (LNET_A_NID)");
		return -EINVAL;
	}
	rc = lnet_nl_nid4(info->attrs[LNET_A_NID], &nid, info->extack);
	if (rc)
		return rc;
	if (info->attrs[LNET_A_TIMEOUT_MS])
		timeout = nla_get_u32(info->attrs[LNET_A_TIMEOUT_MS]);
	rc = lnet_discover(nid, timeout, &primary, info->extack);
	if (rc)
		return rc;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnet_family, 0, LNET_CMD_DISCOVER);
	rc = hdr ? 0 : -EMSGSIZE;
	nis = kcalloc(LNET_PING_MAX_NIS, sizeof(*nis), GFP_KERNEL);
	if (!rc && !nis)
		rc = -ENOMEM;
	if (!rc)
		rc = lnet_peer_snapshot_one(primary, &peer, nis, LNET_PING_MAX_NIS);
	if (!rc)
		rc = put_peer(msg, &peer);
	kfree(nis);
	if (rc) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "the peer went away during discovery");
		return rc;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* --- routes -------------------------------------------------------------------------- */

int lnet_nl_route_add(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int hops = 1, priority = 0;
	__u64 gateway;
	__u32 net;
	int rc = lnet_nl_parse_net(info, &net);

	if (rc)
		return rc;
	if (!info->attrs[LNET_A_GATEWAY]) {
		NL_SET_ERR_MSG(info->extack, "a gateway NID is required (LNET_A_GATEWAY)");
		return -EINVAL;
	}
	rc = lnet_nl_nid4(info->attrs[LNET_A_GATEWAY], &gateway, info->extack);
	if (rc)
		return rc;
	if (info->attrs[LNET_A_HOPS])
		hops = nla_get_u32(info->attrs[LNET_A_HOPS]);
	if (info->attrs[LNET_A_PRIORITY])
		priority = nla_get_u32(info->attrs[LNET_A_PRIORITY]);
	return lnet_route_add(net, gateway, hops, priority, info->extack);
}

int lnet_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	__u64 gateway = 0;
	__u32 net;
	int rc = lnet_nl_parse_net(info, &net);

	if (!rc && info->attrs[LNET_A_GATEWAY])
		rc = lnet_nl_nid4(info->attrs[LNET_A_GATEWAY], &gateway, info->extack);
	return rc ?: lnet_route_del(net, gateway, info->extack);
}

/* Dump: one message per route; cb->args[0] counts the routes already sent. */
int lnet_nl_route_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	char text[LNET_NETSTR_SIZE];
	struct lnet_route r;
	bool alive;
	void *hdr;

	while (lnet_route_snapshot(cb->args[0], &r, &alive, 1)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &lnet_family, NLM_F_MULTI, LNET_CMD_ROUTE_GET);
		if (!hdr)
			break;
		if (lnet_net_format(r.net, text, sizeof(text)) < 0 ||
		    nla_put_string(skb, LNET_A_NET_NAME, text) ||
		    put_nid(skb, LNET_A_GATEWAY, r.gateway) ||
		    nla_put_u32(skb, LNET_A_HOPS, r.hops) ||
		    nla_put_u32(skb, LNET_A_PRIORITY, r.priority) ||
		    nla_put_u8(skb, LNET_A_ROUTE_STATE,
			       alive ? LNET_NI_STATE_UP : LNET_NI_STATE_DOWN)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0]++;
	}
	return skb->len;
}

/* --- statistics and global tunables ------------------------------------------------------- */

static int put_u64(struct sk_buff *skb, int attr, const atomic64_t *v)
{
	return nla_put_u64_64bit(skb, attr, atomic64_read(v), LNET_A_GSTATS_PAD);
}

int lnet_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lnet_counters *c = &the_lnet.stats;
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	struct nlattr *nest;
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnet_family, 0, LNET_CMD_STATS_GET);
	if (!hdr)
		goto nospace;
	nest = nla_nest_start(msg, LNET_A_GLOBAL_STATS);
	if (!nest ||
	    nla_put_u64_64bit(msg, LNET_A_GSTATS_MSGS_ALLOC, atomic_read(&the_lnet.nmsgs),
			      LNET_A_GSTATS_PAD) ||
	    nla_put_u64_64bit(msg, LNET_A_GSTATS_MSGS_MAX, READ_ONCE(the_lnet.msgs_max),
			      LNET_A_GSTATS_PAD) ||
	    put_u64(msg, LNET_A_GSTATS_ERRORS, &c->errors) ||
	    put_u64(msg, LNET_A_GSTATS_SEND_COUNT, &c->send_count) ||
	    put_u64(msg, LNET_A_GSTATS_RECV_COUNT, &c->recv_count) ||
	    put_u64(msg, LNET_A_GSTATS_ROUTE_COUNT, &c->route_count) ||
	    put_u64(msg, LNET_A_GSTATS_DROP_COUNT, &c->drop_count) ||
	    put_u64(msg, LNET_A_GSTATS_SEND_LENGTH, &c->send_length) ||
	    put_u64(msg, LNET_A_GSTATS_RECV_LENGTH, &c->recv_length) ||
	    put_u64(msg, LNET_A_GSTATS_ROUTE_LENGTH, &c->route_length) ||
	    put_u64(msg, LNET_A_GSTATS_DROP_LENGTH, &c->drop_length) ||
	    put_u64(msg, LNET_A_GSTATS_DROP_SRC_COUNT, &c->drop_src_count) ||
	    put_u64(msg, LNET_A_GSTATS_DROP_UNSOLICITED_COUNT, &c->drop_unsolicited_count) ||
	    put_u64(msg, LNET_A_GSTATS_DROP_ANSWER_COUNT, &c->drop_answer_count) ||
	    put_u64(msg, LNET_A_GSTATS_ROUTE_WAIT_COUNT, &c->route_wait_count))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* The router buffer pools, as LNET_A_RTR_POOLS. */
static int put_rtr_pools(struct sk_buff *skb)
{
	struct lnet_rtrpool_snap pools[LNET_RTR_NPOOLS];
	struct nlattr *all, *one;
	unsigned int i;

	lnet_rtrpools_snapshot(pools);
	all = nla_nest_start(skb, LNET_A_RTR_POOLS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; i < LNET_RTR_NPOOLS; i++) {
		one = nla_nest_start(skb, LNET_A_RTR_POOL);
		if (!one || nla_put_u32(skb, LNET_A_RTR_POOL_NPAGES, pools[i].npages) ||
		    nla_put_u32(skb, LNET_A_RTR_POOL_NBUFFERS, pools[i].nbuffers) ||
		    nla_put_s32(skb, LNET_A_RTR_POOL_CREDITS, pools[i].credits) ||
		    nla_put_s32(skb, LNET_A_RTR_POOL_MIN_CREDITS, pools[i].mincredits))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, all);
	return 0;
}

int lnet_nl_global_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnet_family, 0, LNET_CMD_GLOBAL_GET);
	if (!hdr ||
	    nla_put_u32(msg, LNET_A_HEALTH_SENSITIVITY, READ_ONCE(lnet_health_sensitivity)) ||
	    nla_put_u8(msg, LNET_A_ROUTING, READ_ONCE(the_lnet.routing)) ||
	    nla_put_u8(msg, LNET_A_STATE, READ_ONCE(the_lnet.up) ? LNET_STATE_UP : LNET_STATE_DOWN) ||
	    put_rtr_pools(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int lnet_nl_global_set(struct sk_buff *skb, struct genl_info *info)
{
	if (!info->attrs[LNET_A_HEALTH_SENSITIVITY] && !info->attrs[LNET_A_ROUTING]) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	if (info->attrs[LNET_A_ROUTING] && !READ_ONCE(the_lnet.up)) {
		NL_SET_ERR_MSG(info->extack, "LNet is not configured (lnetctl lnet configure)");
		return -ENETDOWN;
	}
	if (info->attrs[LNET_A_HEALTH_SENSITIVITY])
		WRITE_ONCE(lnet_health_sensitivity,
			   nla_get_u32(info->attrs[LNET_A_HEALTH_SENSITIVITY]));
	if (info->attrs[LNET_A_ROUTING])
		return lnet_set_routing(nla_get_u8(info->attrs[LNET_A_ROUTING]));
	return 0;
}
