// SPDX-License-Identifier: GPL-2.0
#include "console.hpp"

#include <cerrno>

#include <linux/lnet_selftest_genl.h>
#include <netlink/genl/genl.h>

#include "util/attr.hpp"

namespace lst {

using util::Attrs;
using util::Error;
using util::Policy;
using util::Result;

namespace {

Policy node_policy()
{
	Policy p(LST_A_MAX);
	p.set(LST_A_NODE_NID, NLA_STRING).set(LST_A_NODE_STATE, NLA_U8);
	for (int a : {LST_A_NODE_RPC_ERRNO, LST_A_NODE_STATUS, LST_A_NODE_ACTIVE, LST_A_ST_RUNNING_MS,
	              LST_A_ST_ACTIVE_BATCHES, LST_A_ST_BRW_ERRORS, LST_A_ST_PING_ERRORS,
	              LST_A_ST_RPC_ERRORS, LST_A_ST_RPCS_SENT, LST_A_ST_RPCS_RCVD,
	              LST_A_ST_RPCS_DROPPED, LST_A_ST_RPCS_EXPIRED, LST_A_ST_LNET_ERRORS,
	              LST_A_ST_LNET_SEND_COUNT, LST_A_ST_LNET_RECV_COUNT, LST_A_ST_LNET_DROP_COUNT})
		p.set(a, NLA_U32);
	for (int a : {LST_A_ST_BULK_GET, LST_A_ST_BULK_PUT, LST_A_ST_LNET_SEND_LENGTH,
	              LST_A_ST_LNET_RECV_LENGTH})
		p.set(a, NLA_U64);
	return p;
}

Result<Node> parse_node(const nlattr *nest)
{
	auto a = Attrs::parse(nest, node_policy());
	if (!a)
		return a.error();
	const Attrs &t = *a;
	Node n;
	n.nid = t.str(LST_A_NODE_NID).value_or("?");
	n.state = t.u8(LST_A_NODE_STATE).value_or(LST_NODE_UNKNOWN);
	n.rpc_errno = t.u32(LST_A_NODE_RPC_ERRNO).value_or(0);
	n.status = t.u32(LST_A_NODE_STATUS).value_or(0);
	n.active = t.u32(LST_A_NODE_ACTIVE);
	if (t.has(LST_A_ST_RPCS_SENT)) {
		Stat s;
		auto u = [&](int attr) { return t.u32(attr).value_or(0); };
		auto l = [&](int attr) { return t.u64(attr).value_or(0); };
		s.running_ms = u(LST_A_ST_RUNNING_MS);
		s.active_batches = u(LST_A_ST_ACTIVE_BATCHES);
		s.brw_errors = u(LST_A_ST_BRW_ERRORS);
		s.ping_errors = u(LST_A_ST_PING_ERRORS);
		s.rpc_errors = u(LST_A_ST_RPC_ERRORS);
		s.rpcs_sent = u(LST_A_ST_RPCS_SENT);
		s.rpcs_rcvd = u(LST_A_ST_RPCS_RCVD);
		s.rpcs_dropped = u(LST_A_ST_RPCS_DROPPED);
		s.rpcs_expired = u(LST_A_ST_RPCS_EXPIRED);
		s.bulk_get = l(LST_A_ST_BULK_GET);
		s.bulk_put = l(LST_A_ST_BULK_PUT);
		s.lnet_errors = u(LST_A_ST_LNET_ERRORS);
		s.send_count = u(LST_A_ST_LNET_SEND_COUNT);
		s.recv_count = u(LST_A_ST_LNET_RECV_COUNT);
		s.drop_count = u(LST_A_ST_LNET_DROP_COUNT);
		s.send_length = l(LST_A_ST_LNET_SEND_LENGTH);
		s.recv_length = l(LST_A_ST_LNET_RECV_LENGTH);
		n.stat = s;
	}
	return n;
}

// The repeated top-level attributes of type @type of a reply.
std::vector<const nlattr *> top_all(const nlmsghdr *h, int type)
{
	std::vector<const nlattr *> out;
	nlattr *a;
	int rem;
	nla_for_each_attr(a, genlmsg_attrdata(static_cast<genlmsghdr *>(nlmsg_data(h)), 0),
	                  genlmsg_attrlen(static_cast<genlmsghdr *>(nlmsg_data(h)), 0), rem)
	{
		if (nla_type(a) == type)
			out.push_back(a);
	}
	return out;
}

} // namespace

Result<Console> Console::open(std::uint32_t key)
{
	auto sk = util::GenlSocket::open(LST_GENL_NAME, LST_GENL_VERSION);
	if (!sk && sk.error().code == ENOENT)
		return Error{ENOENT, "LNet self-test is not loaded (modprobe lnet_selftest)"};
	if (!sk)
		return sk.error();
	return Console(std::move(sk.value()), key);
}

util::GenlRequest Console::keyed(std::uint8_t cmd, const std::string &name) const
{
	auto req = sk_.request(cmd);
	req.put_u32(LST_A_KEY, key_);
	if (!name.empty())
		req.put_string(LST_A_NAME, name);
	return req;
}

Result<void> Console::each(const util::GenlRequest &req, int type,
                           const std::function<Result<void>(const nlattr *)> &fn)
{
	return sk_.call(req, [&](const nlmsghdr *h) -> Result<void> {
		for (const nlattr *a : top_all(h, type)) {
			Result<void> r = fn(a);
			if (!r)
				return r;
		}
		return {};
	});
}

Result<Nodes> Console::nodes_call(const util::GenlRequest &req)
{
	Nodes out;
	Policy top(LST_A_MAX);
	top.set(LST_A_TEST_IDX, NLA_U32);
	auto r = sk_.call(req, [&](const nlmsghdr *h) -> Result<void> {
		auto a = Attrs::parse(h, top);
		if (!a)
			return a.error();
		out.test_idx = a->u32(LST_A_TEST_IDX).value_or(0);
		for (const nlattr *n : top_all(h, LST_A_NODE)) {
			auto node = parse_node(n);
			if (!node)
				return node.error();
			out.nodes.push_back(std::move(*node));
		}
		return {};
	});
	if (!r)
		return r.error();
	return out;
}

Result<void> Console::session_new(const std::string &name, std::uint32_t timeout, bool force)
{
	auto req = keyed(LST_CMD_SESSION_NEW, name);
	req.put_u32(LST_A_TIMEOUT, timeout);
	if (force)
		req.put_flag(LST_A_FORCE);
	return sk_.call(req);
}

Result<Nodes> Console::session_end()
{
	return nodes_call(keyed(LST_CMD_SESSION_END, ""));
}

Result<SessionInfo> Console::session_info()
{
	SessionInfo s;
	Policy p(LST_A_MAX);
	p.set(LST_A_NAME, NLA_STRING).set(LST_A_SID_NID, NLA_STRING).set(LST_A_SID_STAMP, NLA_U64);
	for (int a : {LST_A_KEY, LST_A_TIMEOUT, LST_A_FEATS, LST_A_NGROUPS, LST_A_NBATCHES,
	              LST_A_NNODES})
		p.set(a, NLA_U32);
	auto r = sk_.call(sk_.request(LST_CMD_SESSION_INFO), [&](const nlmsghdr *h) -> Result<void> {
		auto a = Attrs::parse(h, p);
		if (!a)
			return a.error();
		s.name = a->str(LST_A_NAME).value_or("");
		s.nid = a->str(LST_A_SID_NID).value_or("");
		s.stamp = a->u64(LST_A_SID_STAMP).value_or(0);
		s.key = a->u32(LST_A_KEY).value_or(0);
		s.timeout = a->u32(LST_A_TIMEOUT).value_or(0);
		s.feats = a->u32(LST_A_FEATS).value_or(0);
		s.ngroups = a->u32(LST_A_NGROUPS).value_or(0);
		s.nbatches = a->u32(LST_A_NBATCHES).value_or(0);
		s.nnodes = a->u32(LST_A_NNODES).value_or(0);
		return {};
	});
	if (!r)
		return r.error();
	return s;
}

Result<Nodes> Console::group_add(const std::string &name, const std::vector<std::string> &nids)
{
	auto req = keyed(LST_CMD_GROUP_ADD, name);
	for (const std::string &n : nids)
		req.put_string(LST_A_NODE_NID, n);
	return nodes_call(req);
}

Result<Nodes> Console::group_del(const std::string &name)
{
	return nodes_call(keyed(LST_CMD_GROUP_DEL, name));
}

Result<std::vector<Group>> Console::group_list(const std::string &name)
{
	std::vector<Group> out;
	Policy gp(LST_A_MAX);
	gp.set(LST_A_NAME, NLA_STRING).set(LST_A_NNODES, NLA_U32);
	auto r = each(keyed(LST_CMD_GROUP_LIST, name), LST_A_GROUP, [&](const nlattr *g) -> Result<void> {
		auto a = Attrs::parse(g, gp);
		if (!a)
			return a.error();
		Group grp;
		grp.name = a->str(LST_A_NAME).value_or("");
		grp.nnodes = a->u32(LST_A_NNODES).value_or(0);
		for (const nlattr *n : util::nested_all(g, LST_A_NODE)) {
			auto node = parse_node(n);
			if (!node)
				return node.error();
			grp.nodes.push_back(std::move(*node));
		}
		out.push_back(std::move(grp));
		return {};
	});
	if (!r)
		return r.error();
	return out;
}

Result<void> Console::batch_add(const std::string &name)
{
	return sk_.call(keyed(LST_CMD_BATCH_ADD, name));
}

Result<std::vector<Batch>> Console::batch_list(const std::string &name)
{
	std::vector<Batch> out;
	Policy bp(LST_A_MAX), tp(LST_A_MAX);
	bp.set(LST_A_NAME, NLA_STRING).set(LST_A_BID, NLA_U64).set(LST_A_STATE, NLA_U8);
	tp.set(LST_A_FROM, NLA_STRING).set(LST_A_TO, NLA_STRING);
	for (int a : {LST_A_TEST_IDX, LST_A_LOOP, LST_A_CONCUR, LST_A_DIST, LST_A_SPAN,
	              LST_A_BRW_SIZE, LST_A_BRW_OFFSET})
		tp.set(a, NLA_U32);
	for (int a : {LST_A_TEST_TYPE, LST_A_BRW_OP, LST_A_BRW_CHECK})
		tp.set(a, NLA_U8);
	auto r = each(keyed(LST_CMD_BATCH_LIST, name), LST_A_BATCH, [&](const nlattr *b) -> Result<void> {
		auto a = Attrs::parse(b, bp);
		if (!a)
			return a.error();
		Batch bat;
		bat.name = a->str(LST_A_NAME).value_or("");
		bat.bid = a->u64(LST_A_BID).value_or(0);
		bat.state = a->u8(LST_A_STATE).value_or(0);
		for (const nlattr *tn : util::nested_all(b, LST_A_TEST)) {
			auto t = Attrs::parse(tn, tp);
			if (!t)
				return t.error();
			Test test;
			test.idx = t->u32(LST_A_TEST_IDX).value_or(0);
			test.type = t->u8(LST_A_TEST_TYPE).value_or(0);
			test.from = t->str(LST_A_FROM).value_or("");
			test.to = t->str(LST_A_TO).value_or("");
			test.loop = t->u32(LST_A_LOOP).value_or(0);
			test.concur = t->u32(LST_A_CONCUR).value_or(0);
			test.dist = t->u32(LST_A_DIST).value_or(0);
			test.span = t->u32(LST_A_SPAN).value_or(0);
			test.brw_op = t->u8(LST_A_BRW_OP).value_or(0);
			test.brw_check = t->u8(LST_A_BRW_CHECK).value_or(0);
			test.brw_size = t->u32(LST_A_BRW_SIZE).value_or(0);
			test.brw_offset = t->u32(LST_A_BRW_OFFSET).value_or(0);
			bat.tests.push_back(std::move(test));
		}
		out.push_back(std::move(bat));
		return {};
	});
	if (!r)
		return r.error();
	return out;
}

Result<Nodes> Console::test_add(const TestSpec &t)
{
	auto req = keyed(LST_CMD_TEST_ADD, t.batch);
	req.put_string(LST_A_FROM, t.from);
	req.put_string(LST_A_TO, t.to);
	req.put_u8(LST_A_TEST_TYPE, t.type);
	if (t.loop)
		req.put_u32(LST_A_LOOP, *t.loop);
	req.put_u32(LST_A_CONCUR, t.concur);
	req.put_u32(LST_A_DIST, t.dist);
	req.put_u32(LST_A_SPAN, t.span);
	if (t.type == LST_TEST_BRW) {
		req.put_u8(LST_A_BRW_OP, t.brw_op);
		req.put_u8(LST_A_BRW_CHECK, t.brw_check);
		req.put_u32(LST_A_BRW_SIZE, t.brw_size);
		req.put_u32(LST_A_BRW_OFFSET, t.brw_offset);
	}
	return nodes_call(req);
}

Result<Nodes> Console::batch_run(const std::string &name)
{
	return nodes_call(keyed(LST_CMD_BATCH_RUN, name));
}

Result<Nodes> Console::batch_stop(const std::string &name, bool force)
{
	auto req = keyed(LST_CMD_BATCH_STOP, name);
	if (force)
		req.put_flag(LST_A_FORCE);
	return nodes_call(req);
}

Result<Nodes> Console::batch_query(const std::string &name, std::uint32_t test, bool servers)
{
	auto req = keyed(LST_CMD_BATCH_QUERY, name);
	req.put_u32(LST_A_TEST_IDX, test);
	if (servers)
		req.put_flag(LST_A_SERVER);
	return nodes_call(req);
}

Result<Nodes> Console::stat(const std::string &group)
{
	return nodes_call(keyed(LST_CMD_STAT, group));
}

} // namespace lst
