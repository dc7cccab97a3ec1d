// SPDX-License-Identifier: GPL-2.0
/*
 * The "lnet" generic netlink family (uapi: linux/lnet_genl.h).
 *
 * Typed attributes, one policy, extended-ack text on every error, and
 * GENL_ADMIN_PERM on everything that changes state or sends traffic.  The
 * family runs with parallel_ops: a ping may wait for seconds, and the
 * configuration is serialized by the_lnet.api_mutex, not by genl_mutex.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/lnet_genl.h>
#include <lnet/lib-lnet.h>
#include "netlink.h"

static const struct nla_policy lnet_iface_policy[LNET_A_IFACE_MAX + 1] = {
	[LNET_A_IFACE_NAME] = { .type = NLA_NUL_STRING, .len = LNET_IFNAME_SIZE - 1 },
};

/* Not const: 6.1 declares the policy's range pointer non-const. */
static struct netlink_range_validation lnet_timeout_range = {
	.min = 1, .max = LNET_PING_TIMEOUT_MAX_MS
};
static struct netlink_range_validation lnet_hops_range = { .min = 1, .max = LNET_ROUTE_HOPS_MAX };
static struct netlink_range_validation lnet_sensitivity_range = {
	.min = 0, .max = LNET_HEALTH_SENSITIVITY_MAX
};

static const struct nla_policy lnet_peer_nis_policy[LNET_A_PEER_NI_MAX + 1] = {
	[LNET_A_PEER_NI] = { .type = NLA_NESTED },
};

static const struct nla_policy lnet_policy[LNET_A_MAX + 1] = {
	[LNET_A_LOAD_MODPARAMS] = { .type = NLA_FLAG },
	[LNET_A_NET_NAME] = { .type = NLA_NUL_STRING, .len = LNET_NETSTR_SIZE - 1 },
	[LNET_A_NID] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
	[LNET_A_IFACES] = NLA_POLICY_NESTED(lnet_iface_policy),
	[LNET_A_TIMEOUT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnet_timeout_range),
	[LNET_A_PEER_PRIMARY] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
	[LNET_A_PEER_MR] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNET_A_PEER_NIS] = NLA_POLICY_NESTED(lnet_peer_nis_policy),
	[LNET_A_GATEWAY] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
	[LNET_A_HOPS] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnet_hops_range),
	[LNET_A_PRIORITY] = { .type = NLA_U32 },
	[LNET_A_HEALTH_SENSITIVITY] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnet_sensitivity_range),
	[LNET_A_ROUTING] = NLA_POLICY_MAX(NLA_U8, 1),
};

static int need(struct genl_info *info, int attr, const char *msg)
{
	if (info->attrs[attr])
		return 0;
	lnet_extack(info->extack, NULL, msg);
	return -EINVAL;
}

int lnet_nl_parse_net(struct genl_info *info, __u32 *net)
{
	const char *why = NULL;
	int rc = need(info, LNET_A_NET_NAME, "a network name is required (LNET_A_NET_NAME)");

	if (rc)
		return rc;
	rc = lnet_net_parse(nla_data(info->attrs[LNET_A_NET_NAME]), net, &why);
	if (rc)
		lnet_extack(info->extack, info->attrs[LNET_A_NET_NAME], why);
	return rc;
}

/**
 * lnet_nl_nid4() - the classic NID in a string attribute @a ("10.0.0.1@tcp"),
 * with the parser's reason in @extack when it is not one.
 */
int lnet_nl_nid4(const struct nlattr *a, __u64 *nid4, struct netlink_ext_ack *extack)
{
	const char *why = NULL;
	struct lnet_nid nid;

	if (lnet_nid_parse(nla_data(a), &nid, &why)) {
		lnet_extack(extack, a, why);
		return -EINVAL;
	}
	if (!lnet_nid_is_nid4(&nid)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "IPv6 NIDs cannot be reached yet");
		return -EAFNOSUPPORT;
	}
	*nid4 = lnet_nid_to_nid4(&nid);
	return 0;
}
EXPORT_SYMBOL(lnet_nl_nid4);

static int lnet_nl_configure(struct sk_buff *skb, struct genl_info *info)
{
	return lnet_configure(nla_get_flag(info->attrs[LNET_A_LOAD_MODPARAMS]), info->extack);
}

static int lnet_nl_unconfigure(struct sk_buff *skb, struct genl_info *info)
{
	return lnet_unconfigure(info->extack);
}

static int lnet_nl_net_add(struct sk_buff *skb, struct genl_info *info)
{
	struct lnet_netspec *spec;
	struct nlattr *a;
	unsigned int i;
	int rem, rc;

	spec = kzalloc(sizeof(*spec), GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	rc = lnet_nl_parse_net(info, &spec->net);
	if (rc)
		goto out;
	if (info->attrs[LNET_A_IFACES]) {
		nla_for_each_nested(a, info->attrs[LNET_A_IFACES], rem) {
			const char *name = nla_data(a);

			rc = -EINVAL;
			if (nla_type(a) != LNET_A_IFACE_NAME || !nla_len(a) || !name[0]) {
				NL_SET_ERR_MSG_ATTR(info->extack, a, "expected an interface name");
				goto out;
			}
			if (spec->nifaces == LNET_NETSPEC_MAX_IFACES) {
				NL_SET_ERR_MSG_ATTR(info->extack, a, "more than 16 interfaces");
				goto out;
			}
			for (i = 0; i < spec->nifaces; i++) {
				if (!strcmp(spec->ifaces[i], name)) {
					NL_SET_ERR_MSG_ATTR(info->extack, a,
							    "an interface is listed twice");
					goto out;
				}
			}
			/* The policy bounded and NUL-terminated it. */
			strscpy(spec->ifaces[spec->nifaces++], name, LNET_IFNAME_SIZE);
		}
	}
	rc = lnet_net_add(spec, info->extack);
out:
	kfree(spec);
	return rc;
}

static int lnet_nl_net_del(struct sk_buff *skb, struct genl_info *info)
{
	__u32 net;
	int rc = lnet_nl_parse_net(info, &net);

	return rc ?: lnet_net_del(net, info->extack);
}

static int put_ni(struct sk_buff *skb, const struct lnet_ni *ni)
{
	char text[LNET_NIDSTR_SIZE];
	struct nlattr *nest;
	unsigned int i;

	if (lnet_net_format(ni->net->net_id, text, sizeof(text)) < 0 ||
	    nla_put_string(skb, LNET_A_NET_NAME, text))
		return -EMSGSIZE;
	if (lnet_nid_format(&ni->nid, text, sizeof(text)) < 0 ||
	    nla_put_string(skb, LNET_A_NID, text) ||
	    nla_put_u8(skb, LNET_A_NI_STATUS, ni->up ? LNET_NI_STATE_UP : LNET_NI_STATE_DOWN))
		return -EMSGSIZE;
	if (ni->nifaces) {
		nest = nla_nest_start(skb, LNET_A_IFACES);
		if (!nest)
			return -EMSGSIZE;
		for (i = 0; i < ni->nifaces; i++)
			if (nla_put_string(skb, LNET_A_IFACE_NAME, ni->ifaces[i]))
				return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nest = nla_nest_start(skb, LNET_A_NI_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, LNET_A_STATS_SEND_COUNT, atomic64_read(&ni->stats.send_count),
			      LNET_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, LNET_A_STATS_RECV_COUNT, atomic64_read(&ni->stats.recv_count),
			      LNET_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, LNET_A_STATS_DROP_COUNT, atomic64_read(&ni->stats.drop_count),
			      LNET_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, LNET_A_STATS_SEND_BYTES, atomic64_read(&ni->stats.send_bytes),
			      LNET_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, LNET_A_STATS_RECV_BYTES, atomic64_read(&ni->stats.recv_bytes),
			      LNET_A_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	nest = nla_nest_start(skb, LNET_A_NI_TUNABLES);
	if (!nest || nla_put_u32(skb, LNET_A_TUN_PEER_TIMEOUT, ni->net->peer_timeout) ||
	    nla_put_u32(skb, LNET_A_TUN_PEER_CREDITS, ni->net->peer_credits) ||
	    nla_put_u32(skb, LNET_A_TUN_PEER_BUFFER_CREDITS, ni->net->peer_buffer_credits) ||
	    nla_put_u32(skb, LNET_A_TUN_CREDITS, ni->net->credits))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Dump: one message per NI, all of them (a tool filters by network);
 * cb->args[0] counts the NIs already sent.
 */
static int lnet_nl_net_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	long idx = 0;
	struct lnet_net *net;
	struct lnet_ni *ni;

	mutex_lock(&the_lnet.api_mutex);
	if (!the_lnet.up)
		goto out;
	list_for_each_entry(net, &the_lnet.nets, list) {
		list_for_each_entry(ni, &net->nis, list) {
			void *hdr;

			if (idx++ < cb->args[0])
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					  &lnet_family, NLM_F_MULTI, LNET_CMD_NET_GET);
			if (!hdr || put_ni(skb, ni)) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
				idx--;
				goto out;
			}
			genlmsg_end(skb, hdr);
		}
	}
out:
	mutex_unlock(&the_lnet.api_mutex);
	cb->args[0] = idx;
	return skb->len;
}

static int lnet_nl_ping(struct sk_buff *skb, struct genl_info *info)
{
	struct lnet_ping_result *res;
	char text[LNET_NIDSTR_SIZE];
	struct nlattr *nest, *ni_nest;
	struct sk_buff *msg;
	unsigned int i, timeout = 3000;
	__u64 nid;
	void *hdr;
	int rc;

	rc = need(info, LNET_A_NID, "a NID is required (LNET_A_NID)");
	if (!rc)
		rc = lnet_nl_nid4(info->attrs[LNET_A_NID], &nid, info->extack);
	if (rc)
		return rc;
	if (info->attrs[LNET_A_TIMEOUT_MS])
		timeout = nla_get_u32(info->attrs[LNET_A_TIMEOUT_MS]);

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	rc = lnet_ping(nid, timeout, res, info->extack);
	if (rc)
		goto out;

	rc = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &lnet_family, 0, LNET_CMD_PING);
	if (!hdr)
		goto nospace;
	if (nla_put_u32(msg, LNET_A_PING_PID, res->pid))
		goto nospace;
	nest = nla_nest_start(msg, LNET_A_PING_NIS);
	if (!nest)
		goto nospace;
	for (i = 0; i < res->nnis; i++) {
		struct lnet_nid n;

		lnet_nid4_to_nid(res->nis[i].ns_nid, &n);
		/* A NID of an LND we do not know cannot be printed: skip it. */
		if (lnet_nid_format(&n, text, sizeof(text)) < 0)
			continue;
		ni_nest = nla_nest_start(msg, LNET_A_PING_NI);
		if (!ni_nest || nla_put_string(msg, LNET_A_PING_NI_NID, text) ||
		    nla_put_u8(msg, LNET_A_PING_NI_STATUS,
			       res->nis[i].ns_status == LNET_NI_STATUS_UP ? LNET_NI_STATE_UP :
									    LNET_NI_STATE_DOWN))
			goto nospace;
		nla_nest_end(msg, ni_nest);
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	rc = genlmsg_reply(msg, info);
	goto out;
nospace:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "ping reply too large for one message");
	rc = -EMSGSIZE;
out:
	kfree(res);
	return rc;
}

static int lnet_nl_state_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnet_family, 0, LNET_CMD_STATE_GET);
	if (!hdr || nla_put_u8(msg, LNET_A_STATE,
			       READ_ONCE(the_lnet.up) ? LNET_STATE_UP : LNET_STATE_DOWN)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_small_ops lnet_ops[] = {
	{ .cmd = LNET_CMD_CONFIGURE, .doit = lnet_nl_configure, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_UNCONFIGURE, .doit = lnet_nl_unconfigure, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_NET_ADD, .doit = lnet_nl_net_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_NET_DEL, .doit = lnet_nl_net_del, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_NET_GET, .dumpit = lnet_nl_net_get },
	{ .cmd = LNET_CMD_PING, .doit = lnet_nl_ping, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_STATE_GET, .doit = lnet_nl_state_get },
	{ .cmd = LNET_CMD_PEER_GET, .dumpit = lnet_nl_peer_get },
	{ .cmd = LNET_CMD_PEER_ADD, .doit = lnet_nl_peer_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_PEER_DEL, .doit = lnet_nl_peer_del, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_DISCOVER, .doit = lnet_nl_discover, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_ROUTE_ADD, .doit = lnet_nl_route_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_ROUTE_DEL, .doit = lnet_nl_route_del, .flags = GENL_ADMIN_PERM },
	{ .cmd = LNET_CMD_ROUTE_GET, .dumpit = lnet_nl_route_get },
	{ .cmd = LNET_CMD_STATS_GET, .doit = lnet_nl_stats_get },
	{ .cmd = LNET_CMD_GLOBAL_GET, .doit = lnet_nl_global_get },
	{ .cmd = LNET_CMD_GLOBAL_SET, .doit = lnet_nl_global_set, .flags = GENL_ADMIN_PERM },
};

struct genl_family lnet_family __ro_after_init = {
	.name = LNET_GENL_NAME,
	.version = LNET_GENL_VERSION,
	.maxattr = LNET_A_MAX,
	.policy = lnet_policy,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = lnet_ops,
	.n_small_ops = ARRAY_SIZE(lnet_ops),
	.resv_start_op = LNET_CMD_STATE_GET + 1,
};

int lnet_genl_init(void)
{
	return genl_register_family(&lnet_family);
}

void lnet_genl_fini(void)
{
	genl_unregister_family(&lnet_family);
}

/* Resolving the family by name loads lnet.ko: "lnetctl lnet configure"
 * needs no modprobe first, as with Lustre.
 */
MODULE_ALIAS_GENL_FAMILY(LNET_GENL_NAME);
