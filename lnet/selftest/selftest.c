// SPDX-License-Identifier: GPL-2.0
/*
 * lnet_selftest.ko: module, test target and the "lnet_selftest" generic
 * netlink family; and the Lustre srpc test node (srpc.h), whose services
 * start with the module.  Loading it needs LNet up; while it is loaded LNet
 * stays up (it is an LNet user, so "lnetctl lnet unconfigure" is refused
 * until it is unloaded, as with Lustre's lnet_selftest).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/lnet_selftest_genl.h>
#include "selftest.h"
#include "srpc.h"
#include "console.h"

static struct bio_vec *target_kiov;
static unsigned int target_niov;
static struct lnet_handle_md target_mdh;
static DECLARE_COMPLETION(target_gone);

struct bio_vec *lst_pages_alloc(unsigned int size, unsigned int *niov)
{
	unsigned int i, n = DIV_ROUND_UP(size, PAGE_SIZE);
	struct bio_vec *kiov = kcalloc(n, sizeof(*kiov), GFP_KERNEL);

	if (!kiov)
		return NULL;
	for (i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page) {
			lst_pages_free(kiov, i);
			return NULL;
		}
		/* A pattern a reader can recognise: the byte offset's low bits. */
		memset(page_address(page), i & 0xff, PAGE_SIZE);
		kiov[i].bv_page = page;
		kiov[i].bv_offset = 0;
		kiov[i].bv_len = min_t(unsigned int, PAGE_SIZE, size - i * PAGE_SIZE);
	}
	*niov = n;
	return kiov;
}

void lst_pages_free(struct bio_vec *kiov, unsigned int niov)
{
	unsigned int i;

	for (i = 0; i < niov; i++)
		__free_page(kiov[i].bv_page);
	kfree(kiov);
}

static void target_event(const struct lnet_event *ev)
{
	if (ev->unlinked)
		complete(&target_gone);
}

static int target_attach(void)
{
	struct lnet_match match = {
		.portal = LST_PORTAL,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
		.match_bits = LST_MATCH_BITS,
	};
	struct lnet_md_desc desc = {
		.threshold = LNET_MD_THRESH_INF,
		.options = LNET_MD_OP_PUT | LNET_MD_OP_GET | LNET_MD_TRUNCATE,
		.handler = target_event,
	};
	int rc;

	target_kiov = lst_pages_alloc(LST_MAX_SIZE, &target_niov);
	if (!target_kiov)
		return -ENOMEM;
	desc.kiov = target_kiov;
	desc.niov = target_niov;
	rc = lnet_md_attach(&match, &desc, &target_mdh);
	if (rc)
		lst_pages_free(target_kiov, target_niov);
	return rc;
}

static int parse_nid(struct genl_info *info, __u64 *nid4)
{
	if (!info->attrs[LST_A_NID]) {
		NL_SET_ERR_MSG(info->extack, "a target NID is required (LST_A_NID)");
		return -EINVAL;
	}
	return lnet_nl_nid4(info->attrs[LST_A_NID], nid4, info->extack);
}

static u32 attr_u32(struct genl_info *info, int attr, u32 def)
{
	return info->attrs[attr] ? nla_get_u32(info->attrs[attr]) : def;
}


static int lst_nl_run(struct sk_buff *skb, struct genl_info *info)
{
	struct lst_params p = {
		.op = info->attrs[LST_A_OP] ? nla_get_u8(info->attrs[LST_A_OP]) : LST_OP_PUT,
		.size = attr_u32(info, LST_A_SIZE, LST_MAX_SIZE),
		.concurrency = attr_u32(info, LST_A_CONCURRENCY, 8),
		.duration_ms = attr_u32(info, LST_A_DURATION_MS, 10000),
	};
	struct lst_result res = { 0 };
	struct sk_buff *msg;
	void *hdr;
	int rc = parse_nid(info, &p.nid);

	if (rc)
		return rc;
	rc = lst_run(&p, &res);
	if (rc == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack, "no local network reaches that NID");
	if (rc)
		return rc;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lst_family, 0, LST_CMD_RUN);
	if (!hdr || nla_put_u64_64bit(msg, LST_A_OPS, res.ops, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_ERRORS, res.errors, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_BYTES, res.bytes, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_ELAPSED_NS, res.elapsed_ns, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_LAT_MIN_NS, res.ops ? res.lat_min_ns : 0, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_LAT_AVG_NS,
			      res.ops ? div64_u64(res.lat_sum_ns, res.ops) : 0, LST_A_PAD) ||
	    nla_put_u64_64bit(msg, LST_A_LAT_MAX_NS, res.lat_max_ns, LST_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static struct netlink_range_validation size_range = { .min = 0, .max = LST_MAX_SIZE };
static struct netlink_range_validation conc_range = { .min = 1, .max = LST_MAX_CONCURRENCY };
static struct netlink_range_validation duration_range = { .min = 100, .max = 600000 };

static struct netlink_range_validation concur_range = { .min = 1, .max = LST_MAX_CONCUR };
static struct netlink_range_validation span_range = { .min = 1, .max = LST_CON_MAX_NODES };
static struct netlink_range_validation brw_size_range = { .min = 1, .max = SRPC_MAX_BULK };

static const struct nla_policy lst_policy[LST_A_MAX + 1] = {
	[LST_A_NID] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
	[LST_A_OP] = NLA_POLICY_RANGE(NLA_U8, LST_OP_PUT, LST_OP_GET),
	[LST_A_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, &size_range),
	[LST_A_CONCURRENCY] = NLA_POLICY_FULL_RANGE(NLA_U32, &conc_range),
	[LST_A_DURATION_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &duration_range),
	/* The console (con_netlink.c). */
	[LST_A_KEY] = { .type = NLA_U32 },
	[LST_A_NAME] = { .type = NLA_NUL_STRING, .len = LST_NAME_SIZE - 1 },
	[LST_A_TIMEOUT] = { .type = NLA_U32 },
	[LST_A_FORCE] = { .type = NLA_FLAG },
	[LST_A_FEATS] = { .type = NLA_U32 },
	[LST_A_NODE_NID] = { .type = NLA_NUL_STRING, .len = LNET_NIDSTR_SIZE - 1 },
	[LST_A_TEST_IDX] = { .type = NLA_U32 },
	[LST_A_TEST_TYPE] = NLA_POLICY_RANGE(NLA_U8, LST_TEST_PING, LST_TEST_BRW),
	[LST_A_FROM] = { .type = NLA_NUL_STRING, .len = LST_NAME_SIZE - 1 },
	[LST_A_TO] = { .type = NLA_NUL_STRING, .len = LST_NAME_SIZE - 1 },
	[LST_A_LOOP] = NLA_POLICY_MIN(NLA_U32, 1),
	[LST_A_CONCUR] = NLA_POLICY_FULL_RANGE(NLA_U32, &concur_range),
	[LST_A_DIST] = NLA_POLICY_FULL_RANGE(NLA_U32, &span_range),
	[LST_A_SPAN] = NLA_POLICY_FULL_RANGE(NLA_U32, &span_range),
	[LST_A_BRW_OP] = NLA_POLICY_RANGE(NLA_U8, LST_BRW_READ, LST_BRW_WRITE),
	[LST_A_BRW_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, &brw_size_range),
	[LST_A_BRW_CHECK] = NLA_POLICY_RANGE(NLA_U8, LST_BRW_CHECK_NONE, LST_BRW_CHECK_FULL),
	[LST_A_BRW_OFFSET] = NLA_POLICY_MAX(NLA_U32, SRPC_PAGE_SIZE - 1),
	[LST_A_SERVER] = { .type = NLA_FLAG },
};

static const struct genl_small_ops lst_ops[] = {
	{ .cmd = LST_CMD_RUN, .doit = lst_nl_run, .flags = GENL_ADMIN_PERM },
};

struct genl_family lst_family __ro_after_init = {
	.name = LST_GENL_NAME,
	.version = LST_GENL_VERSION,
	.maxattr = LST_A_MAX,
	.policy = lst_policy,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = lst_ops,
	.n_small_ops = ARRAY_SIZE(lst_ops),
	.ops = con_genl_ops,
	.n_ops = ARRAY_SIZE(con_genl_ops),
	.resv_start_op = LST_CMD_RUN + 1,
};

static int __init lst_init(void)
{
	int rc = lnet_user_get();

	if (rc) {
		pr_err("LNet is not configured: run \"lnetctl lnet configure\" first\n");
		return rc;
	}
	rc = target_attach();
	if (rc)
		goto put;
	rc = srpc_services_start();
	if (rc)
		goto detach;
	rc = genl_register_family(&lst_family);
	if (rc)
		goto srpc_stop;
	return 0;
srpc_stop:
	srpc_services_stop();
	sfw_shutdown();
detach:
	lnet_md_unlink(target_mdh);
	wait_for_completion(&target_gone);
	lst_pages_free(target_kiov, target_niov);
put:
	lnet_user_put();
	return rc;
}

static void __exit lst_exit(void)
{
	/*
	 * Unregistering waits for running commands holding genl's cb_lock
	 * for write (all generic netlink on the host waits too): have them
	 * give up their RPCs first, and later ones not start.
	 */
	con_stop();
	/* No run is in progress once the family is gone. */
	genl_unregister_family(&lst_family);
	/* Our console session: its nodes told (con_unstop), while LNet is up. */
	con_shutdown();
	/* Requests first, so that none makes a session again. */
	srpc_services_stop();
	sfw_shutdown();
	lnet_md_unlink(target_mdh);
	wait_for_completion(&target_gone);
	lst_pages_free(target_kiov, target_niov);
	lnet_user_put();
}

module_init(lst_init);
module_exit(lst_exit);
MODULE_DESCRIPTION("Nacre LNet self-test");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(LST_GENL_NAME);
