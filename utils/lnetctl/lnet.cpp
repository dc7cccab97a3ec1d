// SPDX-License-Identifier: GPL-2.0
#include <net/if.h>
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
	                                .set(LNET_A_STATE, NLA_U8);
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
		Policy p(LNET_A_STATS_MAX);
		for (const auto &f : stats_fields)
			p.set(f.type, NLA_U64);
		auto s = Attrs::parse(stats, p);
		if (!s)
			return s.error();
		for (const auto &f : stats_fields)
			if (auto v = s->u64(f.type))
				ni.stats.emplace_back(f.name, *v);
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

} // namespace lnetctl
