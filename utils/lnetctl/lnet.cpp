// SPDX-License-Identifier: GPL-2.0
#include "lnet.hpp"

#include <cerrno>
#include <linux/lnet_genl.h>
#include <net/if.h>
#include <netlink/attr.h>

#include "util/attr.hpp"

namespace lnetctl {

using util::Attrs;
using util::Error;
using util::Policy;
using util::Result;

namespace {

const Policy &top_policy()
{
	static const Policy p = Policy(LNET_A_MAX)
	                                .set(LNET_A_NET_NAME, NLA_STRING)
	                                .set(LNET_A_NID, NLA_STRING)
	                                .set(LNET_A_IFACES, NLA_NESTED)
	                                .set(LNET_A_NI_STATUS, NLA_U8)
	                                .set(LNET_A_NI_STATS, NLA_NESTED)
	                                .set(LNET_A_NI_TUNABLES, NLA_NESTED)
	                                .set(LNET_A_PING_PID, NLA_U32)
	                                .set(LNET_A_PING_NIS, NLA_NESTED)
	                                .set(LNET_A_STATE, NLA_U8)
	                                .set(LNET_A_PEER_PRIMARY, NLA_STRING)
	                                .set(LNET_A_PEER_MR, NLA_U8)
	                                .set(LNET_A_PEER_NIS, NLA_NESTED)
	                                .set(LNET_A_GATEWAY, NLA_STRING)
	                                .set(LNET_A_HOPS, NLA_U32)
	                                .set(LNET_A_PRIORITY, NLA_U32)
	                                .set(LNET_A_ROUTE_STATE, NLA_U8)
	                                .set(LNET_A_GLOBAL_STATS, NLA_NESTED)
	                                .set(LNET_A_HEALTH_SENSITIVITY, NLA_U32)
	                                .set(LNET_A_ROUTING, NLA_U8)
	                                .set(LNET_A_RTR_POOLS, NLA_NESTED);
	return p;
}

// The s32 credits are checked as NLA_U32: the same four bytes.
const Policy &rtr_pool_policy()
{
	static const Policy p = Policy(LNET_A_RTR_POOL_MAX)
	                                .set(LNET_A_RTR_POOL, NLA_NESTED)
	                                .set(LNET_A_RTR_POOL_NPAGES, NLA_U32)
	                                .set(LNET_A_RTR_POOL_NBUFFERS, NLA_U32)
	                                .set(LNET_A_RTR_POOL_CREDITS, NLA_U32)
	                                .set(LNET_A_RTR_POOL_MIN_CREDITS, NLA_U32);
	return p;
}

// The s32 credits are checked as NLA_U32: the same four bytes.
const Policy &peer_ni_policy()
{
	static const Policy p = Policy(LNET_A_PEER_NI_MAX)
	                                .set(LNET_A_PEER_NI_NID, NLA_STRING)
	                                .set(LNET_A_PEER_NI_STATE, NLA_U8)
	                                .set(LNET_A_PEER_NI_MAX_TX_CREDITS, NLA_U32)
	                                .set(LNET_A_PEER_NI_TX_CREDITS, NLA_U32)
	                                .set(LNET_A_PEER_NI_MIN_TX_CREDITS, NLA_U32)
	                                .set(LNET_A_PEER_NI_TXQ, NLA_U32)
	                                .set(LNET_A_PEER_NI_REFCOUNT, NLA_U32)
	                                .set(LNET_A_PEER_NI_HEALTH, NLA_U32)
	                                .set(LNET_A_PEER_NI_STATS, NLA_NESTED)
	                                .set(LNET_A_PEER_NI_ERRORS, NLA_U64)
	                                .set(LNET_A_PEER_NI_RTR_CREDITS, NLA_U32)
	                                .set(LNET_A_PEER_NI_MIN_RTR_CREDITS, NLA_U32);
	return p;
}

const Policy &ping_policy()
{
	static const Policy p = Policy(LNET_A_PING_MAX)
	                                .set(LNET_A_PING_NI, NLA_NESTED)
	                                .set(LNET_A_PING_NI_NID, NLA_STRING)
	                                .set(LNET_A_PING_NI_STATUS, NLA_U8);
	return p;
}

struct Field {
	int type;
	const char *name; // as Lustre's lnetctl prints it
};

const Field stats_fields[] = {
        {LNET_A_STATS_SEND_COUNT, "send_count"},
        {LNET_A_STATS_RECV_COUNT, "recv_count"},
        {LNET_A_STATS_DROP_COUNT, "drop_count"},
};

const Field gstats_fields[] = {
        {LNET_A_GSTATS_MSGS_ALLOC, "msgs_alloc"},
        {LNET_A_GSTATS_MSGS_MAX, "msgs_max"},
        {LNET_A_GSTATS_ERRORS, "errors"},
        {LNET_A_GSTATS_SEND_COUNT, "send_count"},
        {LNET_A_GSTATS_RECV_COUNT, "recv_count"},
        {LNET_A_GSTATS_ROUTE_COUNT, "route_count"},
        {LNET_A_GSTATS_DROP_COUNT, "drop_count"},
        {LNET_A_GSTATS_SEND_LENGTH, "send_length"},
        {LNET_A_GSTATS_RECV_LENGTH, "recv_length"},
        {LNET_A_GSTATS_ROUTE_LENGTH, "route_length"},
        {LNET_A_GSTATS_DROP_LENGTH, "drop_length"},
        // Nacre's own: what the drops above were for (lnet/lnet/msg.c)
        {LNET_A_GSTATS_DROP_SRC_COUNT, "drop_src_count"},
        {LNET_A_GSTATS_DROP_UNSOLICITED_COUNT, "drop_unsolicited_count"},
        {LNET_A_GSTATS_DROP_ANSWER_COUNT, "drop_answer_count"},
        {LNET_A_GSTATS_ROUTE_WAIT_COUNT, "route_wait_count"},
};

const Field tunable_fields[] = {
        {LNET_A_TUN_PEER_TIMEOUT, "peer_timeout"},
        {LNET_A_TUN_PEER_CREDITS, "peer_credits"},
        {LNET_A_TUN_PEER_BUFFER_CREDITS, "peer_buffer_credits"},
        {LNET_A_TUN_CREDITS, "credits"},
};

Error missing(const char *what)
{
	return Error{EPROTO, std::string("kernel reply without ") + what};
}

// The u64 counters of a nest, in the table's order, the ones present only.
template <std::size_t N>
Result<void> read_counters(const nlattr *nest, int maxtype, const Field (&fields)[N], Counters &out)
{
	Policy p(maxtype);
	for (const auto &f : fields)
		p.set(f.type, NLA_U64);
	auto s = Attrs::parse(nest, p);
	if (!s)
		return s.error();
	for (const auto &f : fields)
		if (auto v = s->u64(f.type))
			out.emplace_back(f.name, *v);
	return {};
}

Result<void> read_ni(const nlmsghdr *h, std::vector<NiInfo> &out)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	NiInfo ni;
	auto net = top->str(LNET_A_NET_NAME);
	auto nid = top->str(LNET_A_NID);
	if (!net || !nid)
		return missing("a network name or NID");
	ni.net = *net;
	ni.nid = *nid;
	ni.status = top->u8(LNET_A_NI_STATUS);

	if (auto *ifaces = top->get(LNET_A_IFACES)) {
		for (const nlattr *a : util::nested_all(ifaces, LNET_A_IFACE_NAME)) {
			if (nla_len(a) < 1 || static_cast<const char *>(nla_data(a))[nla_len(a) - 1] != '\0')
				return missing("a terminated interface name");
			ni.ifaces.emplace_back(static_cast<const char *>(nla_data(a)));
		}
	}
	if (auto *stats = top->get(LNET_A_NI_STATS)) {
		auto r = read_counters(stats, LNET_A_STATS_MAX, stats_fields, ni.stats);
		if (!r)
			return r;
	}
	if (auto *tun = top->get(LNET_A_NI_TUNABLES)) {
		Policy p(LNET_A_TUN_MAX);
		for (const auto &f : tunable_fields)
			p.set(f.type, NLA_U32);
		auto t = Attrs::parse(tun, p);
		if (!t)
			return t.error();
		for (const auto &f : tunable_fields)
			if (auto v = t->u32(f.type))
				ni.tunables.emplace_back(f.name, *v);
	}
	out.push_back(std::move(ni));
	return {};
}

Result<void> read_ping(const nlmsghdr *h, PingInfo &out)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	out.pid = top->u32(LNET_A_PING_PID);
	const nlattr *nis = top->get(LNET_A_PING_NIS);
	if (!nis)
		return missing("the peer's NIs");
	for (const nlattr *a : util::nested_all(nis, LNET_A_PING_NI)) {
		auto ni = Attrs::parse(a, ping_policy());
		if (!ni)
			return ni.error();
		auto nid = ni->str(LNET_A_PING_NI_NID);
		if (!nid)
			return missing("a peer NID");
		out.nis.push_back(PeerNi{*nid, ni->u8(LNET_A_PING_NI_STATUS)});
	}
	return {};
}

Result<PeerNiInfo> read_peer_ni(const nlattr *a)
{
	auto at = Attrs::parse(a, peer_ni_policy());
	if (!at)
		return at.error();
	PeerNiInfo ni;
	auto nid = at->str(LNET_A_PEER_NI_NID);
	if (!nid)
		return missing("a peer NI's NID");
	ni.nid = *nid;
	ni.state = at->u8(LNET_A_PEER_NI_STATE);
	ni.max_tx_credits = at->u32(LNET_A_PEER_NI_MAX_TX_CREDITS);
	ni.tx_credits = at->s32(LNET_A_PEER_NI_TX_CREDITS);
	ni.min_tx_credits = at->s32(LNET_A_PEER_NI_MIN_TX_CREDITS);
	ni.txq = at->u32(LNET_A_PEER_NI_TXQ);
	ni.refcount = at->u32(LNET_A_PEER_NI_REFCOUNT);
	ni.health = at->u32(LNET_A_PEER_NI_HEALTH);
	if (auto *stats = at->get(LNET_A_PEER_NI_STATS)) {
		auto r = read_counters(stats, LNET_A_STATS_MAX, stats_fields, ni.stats);
		if (!r)
			return r.error();
	}
	ni.errors = at->u64(LNET_A_PEER_NI_ERRORS);
	ni.rtr_credits = at->s32(LNET_A_PEER_NI_RTR_CREDITS);
	ni.min_rtr_credits = at->s32(LNET_A_PEER_NI_MIN_RTR_CREDITS);
	return ni;
}

// Requests carry NIs as LNET_A_PEER_NIS { LNET_A_PEER_NI { NID } ... }.
void put_peer_nis(util::GenlRequest &req, const std::vector<std::string> &nids)
{
	if (nids.empty())
		return;
	auto list = req.nest(LNET_A_PEER_NIS);
	for (const auto &nid : nids) {
		auto ni = req.nest(LNET_A_PEER_NI);
		req.put_string(LNET_A_PEER_NI_NID, nid);
	}
}

} // namespace

namespace decode {

Result<PeerInfo> peer(const nlmsghdr *h)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	PeerInfo p;
	auto primary = top->str(LNET_A_PEER_PRIMARY);
	if (!primary)
		return missing("a peer's primary NID");
	p.primary = *primary;
	p.mr = top->u8(LNET_A_PEER_MR).value_or(0) != 0;
	if (auto *nis = top->get(LNET_A_PEER_NIS)) {
		for (const nlattr *a : util::nested_all(nis, LNET_A_PEER_NI)) {
			auto ni = read_peer_ni(a);
			if (!ni)
				return ni.error();
			p.nis.push_back(std::move(ni).value());
		}
	}
	return p;
}

Result<RouteInfo> route(const nlmsghdr *h)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	auto net = top->str(LNET_A_NET_NAME);
	auto gw = top->str(LNET_A_GATEWAY);
	if (!net || !gw)
		return missing("a route's network or gateway");
	return RouteInfo{*net, *gw, top->u32(LNET_A_HOPS), top->u32(LNET_A_PRIORITY),
	                 top->u8(LNET_A_ROUTE_STATE)};
}

Result<Counters> stats(const nlmsghdr *h)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	const nlattr *nest = top->get(LNET_A_GLOBAL_STATS);
	if (!nest)
		return missing("the statistics");
	Counters out;
	auto r = read_counters(nest, LNET_A_GSTATS_MAX, gstats_fields, out);
	if (!r)
		return r.error();
	return out;
}

Result<GlobalInfo> global(const nlmsghdr *h)
{
	auto top = Attrs::parse(h, top_policy());
	if (!top)
		return top.error();
	GlobalInfo g;
	g.health_sensitivity = top->u32(LNET_A_HEALTH_SENSITIVITY);
	if (auto r = top->u8(LNET_A_ROUTING))
		g.routing = *r != 0;
	if (auto *pools = top->get(LNET_A_RTR_POOLS)) {
		for (const nlattr *a : util::nested_all(pools, LNET_A_RTR_POOL)) {
			auto at = Attrs::parse(a, rtr_pool_policy());
			if (!at)
				return at.error();
			RtrPoolInfo pool;
			pool.npages = at->u32(LNET_A_RTR_POOL_NPAGES).value_or(0);
			pool.nbuffers = at->u32(LNET_A_RTR_POOL_NBUFFERS).value_or(0);
			pool.credits = at->s32(LNET_A_RTR_POOL_CREDITS).value_or(0);
			pool.min_credits = at->s32(LNET_A_RTR_POOL_MIN_CREDITS).value_or(0);
			g.rtr_pools.push_back(pool);
		}
	}
	return g;
}

} // namespace decode

namespace {

// A "do" whose one reply message `read` decodes.
template <typename T, typename F>
Result<T> one_reply(util::GenlSocket &sk, const util::GenlRequest &req, const char *what, F read)
{
	std::optional<T> out;
	auto r = sk.call(req, [&](const nlmsghdr *h) -> Result<void> {
		auto v = read(h);
		if (!v)
			return v.error();
		out = std::move(v).value();
		return {};
	});
	if (!r)
		return r.error();
	if (!out)
		return missing(what);
	return std::move(*out);
}

} // namespace

Lnet Lnet::open()
{
	auto sk = util::GenlSocket::open(LNET_GENL_NAME, LNET_GENL_VERSION);
	if (!sk && sk.error().code == ENOENT)
		throw util::Fatal("LNet is not loaded (modprobe lnet)");
	if (!sk)
		throw util::Fatal(sk.error().message);
	return Lnet(std::move(sk).value());
}

Result<void> Lnet::configure(bool load_modparams)
{
	auto req = sk_.request(LNET_CMD_CONFIGURE);
	if (load_modparams)
		req.put_flag(LNET_A_LOAD_MODPARAMS);
	return sk_.call(req);
}

Result<void> Lnet::unconfigure()
{
	return sk_.call(sk_.request(LNET_CMD_UNCONFIGURE));
}

Result<void> Lnet::net_add(const std::string &net, const std::vector<std::string> &ifaces)
{
	auto req = sk_.request(LNET_CMD_NET_ADD);
	req.put_string(LNET_A_NET_NAME, net);
	if (!ifaces.empty()) {
		auto nest = req.nest(LNET_A_IFACES);
		for (const auto &ifname : ifaces)
			req.put_string(LNET_A_IFACE_NAME, ifname);
	}
	auto r = sk_.call(req);
	// The kernel cannot always format the name into its message (6.1 has
	// static extack texts only): name the interface that does not exist.
	if (!r && r.error().code == ENODEV) {
		for (const auto &ifname : ifaces)
			if (!if_nametoindex(ifname.c_str()))
				return util::Error{ENODEV, "no interface \"" + ifname + "\""};
	}
	return r;
}

Result<void> Lnet::net_del(const std::string &net)
{
	auto req = sk_.request(LNET_CMD_NET_DEL);
	req.put_string(LNET_A_NET_NAME, net);
	return sk_.call(req);
}

Result<std::vector<NiInfo>> Lnet::net_get(const std::optional<std::string> &net)
{
	auto req = sk_.request(LNET_CMD_NET_GET, true);
	if (net)
		req.put_string(LNET_A_NET_NAME, *net);
	std::vector<NiInfo> nis;
	auto r = sk_.call(req, [&](const nlmsghdr *h) { return read_ni(h, nis); });
	if (!r)
		return r.error();
	return nis;
}

Result<PingInfo> Lnet::ping(const std::string &nid, std::optional<std::uint32_t> timeout_ms)
{
	auto req = sk_.request(LNET_CMD_PING);
	req.put_string(LNET_A_NID, nid);
	if (timeout_ms)
		req.put_u32(LNET_A_TIMEOUT_MS, *timeout_ms);
	PingInfo info{nid, std::nullopt, {}};
	bool replied = false;
	auto r = sk_.call(req, [&](const nlmsghdr *h) {
		replied = true;
		return read_ping(h, info);
	});
	if (!r)
		return r.error();
	if (!replied)
		return missing("a ping reply");
	return info;
}

Result<std::vector<PeerInfo>> Lnet::peer_get(const std::optional<std::string> &nid)
{
	auto req = sk_.request(LNET_CMD_PEER_GET, true);
	if (nid)
		req.put_string(LNET_A_NID, *nid);
	std::vector<PeerInfo> peers;
	auto r = sk_.call(req, [&](const nlmsghdr *h) -> Result<void> {
		auto p = decode::peer(h);
		if (!p)
			return p.error();
		peers.push_back(std::move(p).value());
		return {};
	});
	if (!r)
		return r.error();
	return peers;
}

Result<void> Lnet::peer_add(const std::string &primary, const std::vector<std::string> &nids, bool mr)
{
	auto req = sk_.request(LNET_CMD_PEER_ADD);
	req.put_string(LNET_A_PEER_PRIMARY, primary);
	put_peer_nis(req, nids);
	req.put_u8(LNET_A_PEER_MR, mr ? 1 : 0);
	return sk_.call(req);
}

Result<void> Lnet::peer_del(const std::string &primary, const std::vector<std::string> &nids)
{
	auto req = sk_.request(LNET_CMD_PEER_DEL);
	req.put_string(LNET_A_PEER_PRIMARY, primary);
	put_peer_nis(req, nids);
	return sk_.call(req);
}

Result<PeerInfo> Lnet::discover(const std::string &nid, std::optional<std::uint32_t> timeout_ms)
{
	auto req = sk_.request(LNET_CMD_DISCOVER);
	req.put_string(LNET_A_NID, nid);
	if (timeout_ms)
		req.put_u32(LNET_A_TIMEOUT_MS, *timeout_ms);
	return one_reply<PeerInfo>(sk_, req, "the discovered peer", decode::peer);
}

Result<void> Lnet::route_add(const std::string &net, const std::string &gateway,
                             std::optional<std::uint32_t> hops, std::optional<std::uint32_t> priority)
{
	auto req = sk_.request(LNET_CMD_ROUTE_ADD);
	req.put_string(LNET_A_NET_NAME, net);
	req.put_string(LNET_A_GATEWAY, gateway);
	if (hops)
		req.put_u32(LNET_A_HOPS, *hops);
	if (priority)
		req.put_u32(LNET_A_PRIORITY, *priority);
	return sk_.call(req);
}

Result<void> Lnet::route_del(const std::string &net, const std::optional<std::string> &gateway)
{
	auto req = sk_.request(LNET_CMD_ROUTE_DEL);
	req.put_string(LNET_A_NET_NAME, net);
	if (gateway)
		req.put_string(LNET_A_GATEWAY, *gateway);
	return sk_.call(req);
}

Result<std::vector<RouteInfo>> Lnet::route_get()
{
	std::vector<RouteInfo> routes;
	auto r = sk_.call(sk_.request(LNET_CMD_ROUTE_GET, true), [&](const nlmsghdr *h) -> Result<void> {
		auto route = decode::route(h);
		if (!route)
			return route.error();
		routes.push_back(std::move(route).value());
		return {};
	});
	if (!r)
		return r.error();
	return routes;
}

Result<Counters> Lnet::stats_get()
{
	return one_reply<Counters>(sk_, sk_.request(LNET_CMD_STATS_GET), "the statistics", decode::stats);
}

Result<GlobalInfo> Lnet::global_get()
{
	return one_reply<GlobalInfo>(sk_, sk_.request(LNET_CMD_GLOBAL_GET), "the global settings",
	                             decode::global);
}

Result<void> Lnet::global_set(const GlobalInfo &g)
{
	auto req = sk_.request(LNET_CMD_GLOBAL_SET);
	if (g.health_sensitivity)
		req.put_u32(LNET_A_HEALTH_SENSITIVITY, *g.health_sensitivity);
	if (g.routing)
		req.put_u8(LNET_A_ROUTING, *g.routing ? 1 : 0);
	return sk_.call(req);
}

} // namespace lnetctl
