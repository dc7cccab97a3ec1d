// SPDX-License-Identifier: GPL-2.0
// The shapes Lustre's lnetctl prints, so that admins (and their scripts)
// find what they know.
#include <string_view>

#include <linux/lnet_genl.h>

#include "model.hpp"

namespace lnetctl {

using util::Value;

static const char *status_name(std::optional<std::uint8_t> s)
{
	if (!s)
		return "unknown";
	switch (*s) {
	case LNET_NI_STATE_DOWN:
		return "down";
	case LNET_NI_STATE_UP:
		return "up";
	default:
		return "unknown";
	}
}

static Value counters(const std::vector<std::pair<std::string, std::uint64_t>> &list)
{
	Value m = Value::map();
	for (const auto &[name, n] : list)
		m.add(name, n);
	return m;
}

namespace {

enum class Detail {
	Show,    // nid, status, interfaces
	Verbose, // and statistics, tunables
	Backup,  // interfaces and tunables: what import configures
};

Value ifaces_map(const std::vector<std::string> &ifaces)
{
	Value ifs = Value::map();
	for (std::size_t i = 0; i < ifaces.size(); i++)
		ifs.add(std::to_string(i), ifaces[i]);
	return ifs;
}

Value ni_entry(const NiInfo &ni, Detail detail)
{
	Value v = Value::map();
	if (detail != Detail::Backup) {
		v.add("nid", ni.nid);
		v.add("status", status_name(ni.status));
	}
	if (!ni.ifaces.empty())
		v.add("interfaces", ifaces_map(ni.ifaces));
	if (detail == Detail::Verbose)
		v.add("statistics", counters(ni.stats));
	if (detail != Detail::Show)
		v.add("tunables", counters(ni.tunables));
	return v;
}

// "net:" - NIs grouped by net type in first-seen order.
Value nets_view(const std::vector<NiInfo> &nis, Detail detail, bool with_lo)
{
	std::vector<std::pair<std::string, Value>> groups;
	for (const auto &ni : nis) {
		if (!with_lo && ni.net == "lo")
			continue;
		auto g = groups.begin();
		while (g != groups.end() && g->first != ni.net)
			++g;
		if (g == groups.end()) {
			groups.emplace_back(ni.net, Value::seq());
			g = groups.end() - 1;
		}
		g->second.push(ni_entry(ni, detail));
	}

	Value nets = Value::seq();
	for (auto &[type, list] : groups) {
		Value net = Value::map();
		net.add("net type", type);
		net.add("local NI(s)", std::move(list));
		nets.push(std::move(net));
	}
	Value root = Value::map();
	root.add("net", std::move(nets));
	return root;
}

} // namespace

Value net_show_view(const std::vector<NiInfo> &nis, bool verbose)
{
	return nets_view(nis, verbose ? Detail::Verbose : Detail::Show, true);
}

Value export_view(const std::vector<NiInfo> &nis, bool backup)
{
	return nets_view(nis, backup ? Detail::Backup : Detail::Verbose, false);
}

namespace {

// A peer NI's or gateway's state as Lustre prints it; "NA" when not known.
const char *peer_state(std::optional<std::uint8_t> s)
{
	return s && (*s == LNET_NI_STATE_DOWN || *s == LNET_NI_STATE_UP) ? status_name(s) : "NA";
}

Value peer_ni_entry(const PeerNiInfo &ni, Detail detail)
{
	Value v = Value::map();
	v.add("nid", ni.nid);
	if (detail == Detail::Backup)
		return v;
	v.add("state", peer_state(ni.state));
	if (detail == Detail::Show)
		return v;
	if (ni.max_tx_credits)
		v.add("max_ni_tx_credits", *ni.max_tx_credits);
	if (ni.tx_credits)
		v.add("available_tx_credits", *ni.tx_credits);
	if (ni.min_tx_credits)
		v.add("min_tx_credits", *ni.min_tx_credits);
	if (ni.txq)
		v.add("tx_q_num_of_buf", *ni.txq);
	if (ni.rtr_credits)
		v.add("available_rtr_credits", *ni.rtr_credits);
	if (ni.min_rtr_credits)
		v.add("min_rtr_credits", *ni.min_rtr_credits);
	if (ni.refcount)
		v.add("refcount", *ni.refcount);
	v.add("statistics", counters(ni.stats));
	Value health = Value::map();
	if (ni.health)
		health.add("health value", *ni.health);
	if (ni.errors)
		health.add("error", *ni.errors);
	v.add("health stats", std::move(health));
	return v;
}

Value peers_list(const std::vector<PeerInfo> &peers, Detail detail)
{
	Value list = Value::seq();
	for (const auto &p : peers) {
		Value entry = Value::map();
		entry.add("primary nid", p.primary);
		entry.add("Multi-Rail", p.mr);
		Value nis = Value::seq();
		for (const auto &ni : p.nis)
			nis.push(peer_ni_entry(ni, detail));
		entry.add("peer ni", std::move(nis));
		list.push(std::move(entry));
	}
	return list;
}

Value routes_list(const std::vector<RouteInfo> &routes, Detail detail)
{
	Value list = Value::seq();
	for (const auto &r : routes) {
		Value v = Value::map();
		v.add("net", r.net);
		v.add("gateway", r.gateway);
		if (detail != Detail::Show) {
			if (r.hops)
				v.add("hop", *r.hops);
			if (r.priority)
				v.add("priority", *r.priority);
		}
		if (detail == Detail::Verbose && r.state)
			v.add("state", peer_state(r.state));
		list.push(std::move(v));
	}
	return list;
}

Value with_root(const char *key, Value v)
{
	Value root = Value::map();
	root.add(key, std::move(v));
	return root;
}

} // namespace

// Lustre's order: net, route, routing, peer, global.  Empty route and peer
// lists are left out as Lustre leaves them out; "net:" is always there.
Value export_view(const LnetState &state, bool backup)
{
	const Detail detail = backup ? Detail::Backup : Detail::Verbose;
	Value root = nets_view(state.nis, detail, false);
	if (!state.routes.empty())
		root.add("route", routes_list(state.routes, detail));
	if (state.global.routing) {
		Value routing = Value::map();
		routing.add("enable", *state.global.routing ? 1 : 0);
		root.add("routing", std::move(routing));
	}
	if (!state.peers.empty())
		root.add("peer", peers_list(state.peers, detail));
	if (state.global.health_sensitivity) {
		Value global = Value::map();
		global.add("health_sensitivity", *state.global.health_sensitivity);
		root.add("global", std::move(global));
	}
	return root;
}

Value peer_show_view(const std::vector<PeerInfo> &peers, bool verbose)
{
	return with_root("peer", peers_list(peers, verbose ? Detail::Verbose : Detail::Show));
}

Value discover_view(const std::vector<PeerInfo> &peers)
{
	return with_root("discover", peers_list(peers, Detail::Show));
}

Value route_show_view(const std::vector<RouteInfo> &routes, bool verbose)
{
	return with_root("route", routes_list(routes, verbose ? Detail::Verbose : Detail::Show));
}

Value stats_view(const Counters &stats)
{
	return with_root("statistics", counters(stats));
}

// Lustre's "global:" has no routing (that is 'routing show'); Nacre's kernel
// reports both together, so both are here.
Value global_view(const GlobalInfo &global)
{
	Value v = Value::map();
	if (global.health_sensitivity)
		v.add("health_sensitivity", *global.health_sensitivity);
	if (global.routing)
		v.add("routing", *global.routing ? 1 : 0);
	return with_root("global", std::move(v));
}

Value routing_view(const GlobalInfo &global)
{
	static constexpr const char *names[] = {"tiny", "small", "large"};
	Value cpt = Value::map();
	for (std::size_t i = 0; i < global.rtr_pools.size() && i < std::size(names); i++) {
		const RtrPoolInfo &p = global.rtr_pools[i];
		Value pool = Value::map();
		pool.add("npages", p.npages);
		pool.add("nbuffers", p.nbuffers);
		pool.add("credits", p.credits);
		pool.add("mincredits", p.min_credits);
		cpt.add(names[i], std::move(pool));
	}
	Value first = Value::map();
	first.add("cpt[0]", std::move(cpt));
	Value enable = Value::map();
	enable.add("enable", global.routing.value_or(false) ? 1 : 0);
	Value list = Value::seq();
	list.push(std::move(first));
	list.push(std::move(enable));
	return with_root("routing", std::move(list));
}

// The peer's primary NID is its first NI off the loopback network (a ping
// reply lists 0@lo first); a peer with nothing else is known by the NID we
// pinged.  As in Lustre's output, the loopback NI is not listed among the
// peer's NIs.  One reply cannot tell Multi-Rail peers apart: the uapi has no
// attribute for it, so this says False as Lustre does for a non-MR peer.
Value ping_view(const PingInfo &ping)
{
	std::string primary = ping.target;
	for (const auto &ni : ping.nis) {
		if (!std::string_view(ni.nid).ends_with("@lo")) {
			primary = ni.nid;
			break;
		}
	}

	Value peers = Value::seq();
	for (const auto &ni : ping.nis) {
		if (std::string_view(ni.nid).ends_with("@lo"))
			continue;
		Value v = Value::map();
		v.add("nid", ni.nid);
		peers.push(std::move(v));
	}
	Value entry = Value::map();
	entry.add("primary nid", primary);
	entry.add("Multi-Rail", false);
	entry.add("peer_ni", std::move(peers));

	Value list = Value::seq();
	list.push(std::move(entry));
	Value root = Value::map();
	root.add("ping", std::move(list));
	return root;
}

} // namespace lnetctl
