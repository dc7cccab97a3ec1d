// SPDX-License-Identifier: GPL-2.0
/*
 * The console's commands of the "lnet_selftest" family (the uapi header
 * lists them).  Each takes con_mutex for its whole run, RPCs included; a
 * command's reply is built after its RPCs, sized for its nodes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/genetlink.h>
#include "console.h"

/* Room for one NODE nest with every counter. */
#define NODE_ROOM	320

enum node_extra { NODE_PLAIN, NODE_QUERY, NODE_STAT };

static int put_nid(struct sk_buff *msg, int attr, __u64 nid4)
{
	char buf[LNET_NIDSTR_SIZE];
	struct lnet_nid nid;

	lnet_nid4_to_nid(nid4, &nid);
	if (lnet_nid_format(&nid, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "0x%llx", nid4);
	return nla_put_string(msg, attr, buf);
}

static int put_stat(struct sk_buff *msg, const struct srpc_stat_reply *s)
{
	return nla_put_u32(msg, LST_A_ST_RUNNING_MS, s->fw.running_ms) ||
	       nla_put_u32(msg, LST_A_ST_ACTIVE_BATCHES, s->fw.active_batches) ||
	       nla_put_u32(msg, LST_A_ST_BRW_ERRORS, s->fw.brw_errors) ||
	       nla_put_u32(msg, LST_A_ST_PING_ERRORS, s->fw.ping_errors) ||
	       nla_put_u32(msg, LST_A_ST_RPC_ERRORS, s->rpc.errors) ||
	       nla_put_u32(msg, LST_A_ST_RPCS_SENT, s->rpc.rpcs_sent) ||
	       nla_put_u32(msg, LST_A_ST_RPCS_RCVD, s->rpc.rpcs_rcvd) ||
	       nla_put_u32(msg, LST_A_ST_RPCS_DROPPED, s->rpc.rpcs_dropped) ||
	       nla_put_u32(msg, LST_A_ST_RPCS_EXPIRED, s->rpc.rpcs_expired) ||
	       nla_put_u64_64bit(msg, LST_A_ST_BULK_GET, s->rpc.bulk_get, LST_A_PAD) ||
	       nla_put_u64_64bit(msg, LST_A_ST_BULK_PUT, s->rpc.bulk_put, LST_A_PAD) ||
	       nla_put_u32(msg, LST_A_ST_LNET_ERRORS, s->lnet.errors) ||
	       nla_put_u32(msg, LST_A_ST_LNET_SEND_COUNT, s->lnet.send_count) ||
	       nla_put_u32(msg, LST_A_ST_LNET_RECV_COUNT, s->lnet.recv_count) ||
	       nla_put_u32(msg, LST_A_ST_LNET_DROP_COUNT, s->lnet.drop_count) ||
	       nla_put_u64_64bit(msg, LST_A_ST_LNET_SEND_LENGTH, s->lnet.send_length, LST_A_PAD) ||
	       nla_put_u64_64bit(msg, LST_A_ST_LNET_RECV_LENGTH, s->lnet.recv_length, LST_A_PAD);
}

static int put_node(struct sk_buff *msg, const struct con_result *r, enum node_extra extra)
{
	struct nlattr *nest = nla_nest_start(msg, LST_A_NODE);
	__u32 status = r->rc ? 0 : con_reply_status(r);

	if (!nest || put_nid(msg, LST_A_NODE_NID, r->nid) ||
	    nla_put_u8(msg, LST_A_NODE_STATE, r->state) ||
	    nla_put_u32(msg, LST_A_NODE_RPC_ERRNO, r->rc < 0 ? -r->rc : 0) ||
	    nla_put_u32(msg, LST_A_NODE_STATUS, status))
		return -EMSGSIZE;
	if (!r->rc && !status) {
		if (extra == NODE_QUERY &&
		    nla_put_u32(msg, LST_A_NODE_ACTIVE, r->reply.body.bat_reply.active))
			return -EMSGSIZE;
		if (extra == NODE_STAT && put_stat(msg, &r->reply.body.stat_reply))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Reply with @n node results (and @idx, a test's, if not 0). */
static int reply_nodes(struct genl_info *info, const struct con_result *r, unsigned int n,
		       enum node_extra extra, __u32 idx)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_HDRLEN + 64 + (size_t)n * NODE_ROOM, GFP_KERNEL);
	unsigned int i;
	void *hdr = NULL;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lst_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto toobig;
	if (idx && nla_put_u32(msg, LST_A_TEST_IDX, idx))
		goto toobig;
	for (i = 0; i < n; i++)
		if (put_node(msg, &r[i], extra))
			goto toobig;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
toobig:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const char *need_str(struct genl_info *info, int attr, const char *what)
{
	if (info->attrs[attr])
		return nla_data(info->attrs[attr]);
	lnet_extack(info->extack, NULL, what);
	return NULL;
}

static __u32 get_u32(struct genl_info *info, int attr, __u32 def)
{
	return info->attrs[attr] ? nla_get_u32(info->attrs[attr]) : def;
}

static __u8 get_u8(struct genl_info *info, int attr, __u8 def)
{
	return info->attrs[attr] ? nla_get_u8(info->attrs[attr]) : def;
}

/*
 * Take con_mutex: another command may hold it for minutes (its RPCs), so
 * a signal (Ctrl-C on lst) gives up the wait; and none starts once the
 * module is going (it would hold the family's unregistering up).
 */
static int lock_console(void)
{
	if (mutex_lock_interruptible(&con_mutex))
		return -EINTR;
	if (con_stopped()) {
		mutex_unlock(&con_mutex);
		return -ESHUTDOWN;
	}
	return 0;
}

/* Take con_mutex and check the session's key. */
static int lock_session(struct genl_info *info)
{
	int rc;

	if (!info->attrs[LST_A_KEY]) {
		NL_SET_ERR_MSG(info->extack, "the session key (LST_SESSION) is required");
		return -EINVAL;
	}
	rc = lock_console();
	if (rc)
		return rc;
	rc = con_session_check(nla_get_u32(info->attrs[LST_A_KEY]), info->extack);
	if (rc)
		mutex_unlock(&con_mutex);
	return rc;
}

/* Drop con_mutex (the reply was built under it), then send @msg or free it on @rc. */
static int reply_unlock(struct genl_info *info, struct sk_buff *msg, void *hdr, int rc)
{
	mutex_unlock(&con_mutex);
	if (rc) {
		nlmsg_free(msg);
		return rc;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int con_nl_session_new(struct sk_buff *skb, struct genl_info *info)
{
	const char *name = need_str(info, LST_A_NAME, "a session name is required");
	__u32 timeout = get_u32(info, LST_A_TIMEOUT, CON_DEF_TIMEOUT);
	__u32 feats = get_u32(info, LST_A_FEATS, LST_FEATS_MASK);
	int rc;

	if (!name)
		return -EINVAL;
	if (!info->attrs[LST_A_KEY]) {
		NL_SET_ERR_MSG(info->extack, "the session key (LST_SESSION) is required");
		return -EINVAL;
	}
	rc = lock_console();
	if (rc)
		return rc;
	rc = con_session_new(name, nla_get_u32(info->attrs[LST_A_KEY]), timeout, feats,
			     nla_get_flag(info->attrs[LST_A_FORCE]), info->extack);
	mutex_unlock(&con_mutex);
	return rc;
}

static int con_nl_session_end(struct sk_buff *skb, struct genl_info *info)
{
	struct con_result *r;
	unsigned int n = 0;
	int rc = lock_session(info);

	if (rc)
		return rc;
	r = kcalloc(max(con_session->nnodes, 1U), sizeof(*r), GFP_KERNEL);
	if (!r) {
		mutex_unlock(&con_mutex);
		return -ENOMEM;
	}
	con_session_end(r, &n);
	mutex_unlock(&con_mutex);
	rc = reply_nodes(info, r, n, NODE_PLAIN, 0);
	kfree(r);
	return rc;
}

static int con_nl_session_info(struct sk_buff *skb, struct genl_info *info)
{
	struct con_session *sn;
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr = NULL;
	int rc = -EMSGSIZE;

	if (!msg)
		return -ENOMEM;
	rc = lock_console();
	if (rc) {
		nlmsg_free(msg);
		return rc;
	}
	rc = -EMSGSIZE;
	sn = con_session;
	if (!sn) {
		NL_SET_ERR_MSG(info->extack, "no console session on this node");
		rc = -ESRCH;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &lst_family, 0, LST_CMD_SESSION_INFO);
	if (!hdr || nla_put_string(msg, LST_A_NAME, sn->name) ||
	    nla_put_u32(msg, LST_A_KEY, sn->key) || put_nid(msg, LST_A_SID_NID, sn->sid.nid) ||
	    nla_put_u64_64bit(msg, LST_A_SID_STAMP, sn->sid.stamp, LST_A_PAD) ||
	    nla_put_u32(msg, LST_A_TIMEOUT, sn->timeout) ||
	    nla_put_u32(msg, LST_A_FEATS, sn->feats) ||
	    nla_put_u32(msg, LST_A_NGROUPS, sn->ngroups) ||
	    nla_put_u32(msg, LST_A_NBATCHES, sn->nbatches) ||
	    nla_put_u32(msg, LST_A_NNODES, sn->nnodes))
		goto out;
	rc = 0;
out:
	return reply_unlock(info, msg, hdr, rc);
}

static int con_nl_group_add(struct sk_buff *skb, struct genl_info *info)
{
	const char *name = need_str(info, LST_A_NAME, "a group name is required");
	struct con_result *r = NULL;
	struct nlattr *a;
	unsigned int n = 0;
	__u64 *nids;
	int rem, rc;

	if (!name)
		return -EINVAL;
	nids = kcalloc(LST_CON_MAX_NODES, sizeof(*nids), GFP_KERNEL);
	if (!nids)
		return -ENOMEM;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != LST_A_NODE_NID)
			continue;
		if (n >= LST_CON_MAX_NODES) {
			NL_SET_ERR_MSG(info->extack, "too many NIDs in a group");
			rc = -E2BIG;
			goto out;
		}
		rc = lnet_nl_nid4(a, &nids[n++], info->extack);
		if (rc)
			goto out;
	}
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "a group needs at least one NID");
		rc = -EINVAL;
		goto out;
	}
	rc = lock_session(info);
	if (rc)
		goto out;
	rc = con_group_add(name, nids, n, &r, info->extack);
	mutex_unlock(&con_mutex);
	if (!rc)
		rc = reply_nodes(info, r, n, NODE_PLAIN, 0);
	kfree(r);
out:
	kfree(nids);
	return rc;
}

/*
 * A command on one named object answered by its nodes: @op runs under
 * con_mutex, the session checked, and leaves @n results in @r (kfree()).
 */
typedef int (*named_op_t)(struct genl_info *info, const char *name, struct con_result **r,
			  unsigned int *n);

static int named_cmd(struct genl_info *info, const char *what, named_op_t op,
		     enum node_extra extra)
{
	const char *name = need_str(info, LST_A_NAME, what);
	struct con_result *r = NULL;
	unsigned int n = 0;
	int rc;

	if (!name)
		return -EINVAL;
	rc = lock_session(info);
	if (rc)
		return rc;
	rc = op(info, name, &r, &n);
	mutex_unlock(&con_mutex);
	if (!rc)
		rc = reply_nodes(info, r, n, extra, 0);
	kfree(r);
	return rc;
}

static int group_del_op(struct genl_info *info, const char *name, struct con_result **r,
			unsigned int *n)
{
	return con_group_del(name, r, n, info->extack);
}

static int con_nl_group_del(struct sk_buff *skb, struct genl_info *info)
{
	return named_cmd(info, "a group name is required", group_del_op, NODE_PLAIN);
}

static int put_group(struct sk_buff *msg, const struct con_group *g, bool nodes)
{
	struct nlattr *nest = nla_nest_start(msg, LST_A_GROUP);
	unsigned int i;

	if (!nest || nla_put_string(msg, LST_A_NAME, g->name) ||
	    nla_put_u32(msg, LST_A_NNODES, g->nnodes))
		return -EMSGSIZE;
	for (i = 0; nodes && i < g->nnodes; i++) {
		struct nlattr *nn = nla_nest_start(msg, LST_A_NODE);

		if (!nn || put_nid(msg, LST_A_NODE_NID, g->nodes[i]->nid) ||
		    nla_put_u8(msg, LST_A_NODE_STATE, g->nodes[i]->state))
			return -EMSGSIZE;
		nla_nest_end(msg, nn);
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Every group (name, size), or one with its nodes. */
static int con_nl_group_list(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *na = info->attrs[LST_A_NAME];
	struct sk_buff *msg = NULL;
	struct con_group *g;
	void *hdr = NULL;
	int rc = lock_session(info);

	if (rc)
		return rc;
	rc = -EMSGSIZE;
	msg = genlmsg_new(NLMSG_GOODSIZE + LST_CON_MAX_NODES * 48, GFP_KERNEL);
	if (!msg) {
		rc = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &lst_family, 0, LST_CMD_GROUP_LIST);
	if (!hdr)
		goto out;
	if (na) {
		g = con_group_find(nla_data(na));
		if (!g) {
			NL_SET_ERR_MSG_ATTR(info->extack, na, "no group of that name");
			rc = -ENOENT;
			goto out;
		}
		if (put_group(msg, g, true))
			goto out;
	} else {
		list_for_each_entry(g, &con_session->groups, list)
			if (put_group(msg, g, false))
				goto out;
	}
	rc = 0;
out:
	return reply_unlock(info, msg, hdr, rc);
}

static int con_nl_batch_add(struct sk_buff *skb, struct genl_info *info)
{
	const char *name = need_str(info, LST_A_NAME, "a batch name is required");
	int rc;

	if (!name)
		return -EINVAL;
	rc = lock_session(info);
	if (rc)
		return rc;
	rc = con_batch_add(name, info->extack);
	mutex_unlock(&con_mutex);
	return rc;
}

static int put_test(struct sk_buff *msg, const struct con_test *t)
{
	struct nlattr *nest = nla_nest_start(msg, LST_A_TEST);

	if (!nest || nla_put_u32(msg, LST_A_TEST_IDX, t->idx) ||
	    nla_put_u8(msg, LST_A_TEST_TYPE,
		       t->service == SRPC_SERVICE_PING ? LST_TEST_PING : LST_TEST_BRW) ||
	    nla_put_string(msg, LST_A_FROM, t->from->name) ||
	    nla_put_string(msg, LST_A_TO, t->to->name) || nla_put_u32(msg, LST_A_LOOP, t->loop) ||
	    nla_put_u32(msg, LST_A_CONCUR, t->concur) || nla_put_u32(msg, LST_A_DIST, t->dist) ||
	    nla_put_u32(msg, LST_A_SPAN, t->span))
		return -EMSGSIZE;
	if (t->service == SRPC_SERVICE_BRW &&
	    (nla_put_u8(msg, LST_A_BRW_OP, t->bulk.opc) ||
	     nla_put_u32(msg, LST_A_BRW_SIZE, t->bulk.len) ||
	     nla_put_u8(msg, LST_A_BRW_CHECK, t->bulk.flags) ||
	     nla_put_u32(msg, LST_A_BRW_OFFSET, t->bulk.offset)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_batch(struct sk_buff *msg, const struct con_batch *b)
{
	struct nlattr *nest = nla_nest_start(msg, LST_A_BATCH);
	const struct con_test *t;

	if (!nest || nla_put_string(msg, LST_A_NAME, b->name) ||
	    nla_put_u64_64bit(msg, LST_A_BID, b->bid, LST_A_PAD) ||
	    nla_put_u8(msg, LST_A_STATE, b->running ? LST_BATCH_RUNNING : LST_BATCH_IDLE))
		return -EMSGSIZE;
	list_for_each_entry(t, &b->tests, list)
		if (put_test(msg, t))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int con_nl_batch_list(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *na = info->attrs[LST_A_NAME];
	struct sk_buff *msg;
	struct con_batch *b;
	void *hdr = NULL;
	int rc = -EMSGSIZE;

	/* At most CON_MAX_BATCHES names and CON_MAX_TESTS tests. */
	msg = genlmsg_new(NLMSG_GOODSIZE * 4, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rc = lock_session(info);
	if (rc) {
		nlmsg_free(msg);
		return rc;
	}
	rc = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &lst_family, 0, LST_CMD_BATCH_LIST);
	if (!hdr)
		goto out;
	list_for_each_entry(b, &con_session->batches, list) {
		if (na && strcmp(b->name, nla_data(na)))
			continue;
		if (put_batch(msg, b))
			goto out;
		if (na)
			break;
	}
	if (na && !con_batch_find(nla_data(na))) {
		NL_SET_ERR_MSG_ATTR(info->extack, na, "no batch of that name");
		rc = -ENOENT;
		goto out;
	}
	rc = 0;
out:
	return reply_unlock(info, msg, hdr, rc);
}

/* The test's parameters from the request (groups looked up later). */
static int test_params(struct genl_info *info, struct con_test *t)
{
	__u8 type = get_u8(info, LST_A_TEST_TYPE, 0);

	if (!type) {
		NL_SET_ERR_MSG(info->extack, "a test type (ping or brw) is required");
		return -EINVAL;
	}
	t->service = type == LST_TEST_PING ? SRPC_SERVICE_PING : SRPC_SERVICE_BRW;
	t->loop = get_u32(info, LST_A_LOOP, ~0U);
	t->concur = get_u32(info, LST_A_CONCUR, 1);
	t->dist = get_u32(info, LST_A_DIST, 1);
	t->span = get_u32(info, LST_A_SPAN, 1);
	if (t->service != SRPC_SERVICE_BRW)
		return 0;
	t->bulk.opc = get_u8(info, LST_A_BRW_OP, LST_BRW_READ);
	t->bulk.flags = get_u8(info, LST_A_BRW_CHECK, LST_BRW_CHECK_NONE);
	t->bulk.len = get_u32(info, LST_A_BRW_SIZE, SRPC_PAGE_SIZE);
	t->bulk.offset = get_u32(info, LST_A_BRW_OFFSET, 0);
	if (t->bulk.len + t->bulk.offset > SRPC_MAX_BULK) {
		NL_SET_ERR_MSG(info->extack, "brw size and offset: at most 1 MiB in all");
		return -EINVAL;
	}
	return 0;
}

static int con_nl_test_add(struct sk_buff *skb, struct genl_info *info)
{
	const char *bname = need_str(info, LST_A_NAME, "a batch (--batch) is required");
	const char *from = need_str(info, LST_A_FROM, "a client group (--from) is required");
	const char *to = need_str(info, LST_A_TO, "a server group (--to) is required");
	struct con_result *r = NULL;
	struct con_test *t;
	struct con_batch *b;
	unsigned int n = 0;
	__u32 idx = 0;
	int rc;

	if (!bname || !from || !to)
		return -EINVAL;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	rc = test_params(info, t);
	if (rc)
		goto free;
	rc = lock_session(info);
	if (rc)
		goto free;
	b = con_batch_find(bname);
	t->from = con_group_find(from);
	t->to = con_group_find(to);
	if (!b || !t->from || !t->to) {
		if (!b)
			NL_SET_ERR_MSG(info->extack, "no batch of that name");
		else
			NL_SET_ERR_MSG(info->extack, "no group of that name");
		rc = -ENOENT;
		goto unlock;
	}
	rc = con_test_add(b, t, &r, &n, info->extack);
	if (rc < 0)
		goto unlock;
	if (!rc)
		idx = t->idx;
	else
		kfree(t);
	t = NULL;
	mutex_unlock(&con_mutex);
	rc = reply_nodes(info, r, n, NODE_PLAIN, idx);
	kfree(r);
	return rc;
unlock:
	mutex_unlock(&con_mutex);
free:
	kfree(t);
	return rc;
}

static int batch_op(struct genl_info *info, const char *name, __u32 opc, struct con_result **r,
		    unsigned int *n)
{
	struct con_batch *b = con_batch_find(name);
	__u32 idx = get_u32(info, LST_A_TEST_IDX, 0);

	if (!b) {
		NL_SET_ERR_MSG(info->extack, "no batch of that name");
		return -ENOENT;
	}
	if (!b->ntests) {
		NL_SET_ERR_MSG(info->extack, "the batch has no test");
		return -EINVAL;
	}
	if (idx > b->ntests) {
		NL_SET_ERR_MSG(info->extack, "the batch has no test of that number");
		return -ENOENT;
	}
	return con_batch_op(b, opc, idx,
			    opc == SRPC_BATCH_OPC_QUERY && nla_get_flag(info->attrs[LST_A_SERVER]),
			    nla_get_flag(info->attrs[LST_A_FORCE]), r, n);
}

static int run_op(struct genl_info *info, const char *name, struct con_result **r,
		  unsigned int *n)
{
	return batch_op(info, name, SRPC_BATCH_OPC_RUN, r, n);
}

static int stop_op(struct genl_info *info, const char *name, struct con_result **r,
		   unsigned int *n)
{
	return batch_op(info, name, SRPC_BATCH_OPC_STOP, r, n);
}

static int query_op(struct genl_info *info, const char *name, struct con_result **r,
		    unsigned int *n)
{
	return batch_op(info, name, SRPC_BATCH_OPC_QUERY, r, n);
}

static int con_nl_batch_run(struct sk_buff *skb, struct genl_info *info)
{
	return named_cmd(info, "a batch name is required", run_op, NODE_PLAIN);
}

static int con_nl_batch_stop(struct sk_buff *skb, struct genl_info *info)
{
	return named_cmd(info, "a batch name is required", stop_op, NODE_PLAIN);
}

static int con_nl_batch_query(struct sk_buff *skb, struct genl_info *info)
{
	return named_cmd(info, "a batch name is required", query_op, NODE_QUERY);
}

static int stat_op(struct genl_info *info, const char *name, struct con_result **r,
		   unsigned int *n)
{
	struct con_group *g = con_group_find(name);

	if (!g) {
		NL_SET_ERR_MSG(info->extack, "no group of that name");
		return -ENOENT;
	}
	*n = g->nnodes;
	return con_stat(g, r);
}

static int con_nl_stat(struct sk_buff *skb, struct genl_info *info)
{
	return named_cmd(info, "a group name is required", stat_op, NODE_STAT);
}

const struct genl_ops con_genl_ops[CON_N_GENL_OPS] = {
	{ .cmd = LST_CMD_SESSION_NEW, .doit = con_nl_session_new, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_SESSION_END, .doit = con_nl_session_end, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_SESSION_INFO, .doit = con_nl_session_info, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_GROUP_ADD, .doit = con_nl_group_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_GROUP_DEL, .doit = con_nl_group_del, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_GROUP_LIST, .doit = con_nl_group_list, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_BATCH_ADD, .doit = con_nl_batch_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_BATCH_LIST, .doit = con_nl_batch_list, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_TEST_ADD, .doit = con_nl_test_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_BATCH_RUN, .doit = con_nl_batch_run, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_BATCH_STOP, .doit = con_nl_batch_stop, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_BATCH_QUERY, .doit = con_nl_batch_query, .flags = GENL_ADMIN_PERM },
	{ .cmd = LST_CMD_STAT, .doit = con_nl_stat, .flags = GENL_ADMIN_PERM },
};
