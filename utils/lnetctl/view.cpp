// SPDX-License-Identifier: GPL-2.0
// The shapes Lustre's lnetctl prints, so that admins (and their scripts)
// find what they know.
#include <string_view>

#include "model.hpp"

namespace lnetctl {

using util::Value;

static const char *status_name(std::optional<std::uint8_t> s)
{
	if (!s)
		return "unknown";
	switch (*s) {
	case 0: // LNET_NI_STATE_DOWN
		return "down";
	case 1: // LNET_NI_STATE_UP
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
