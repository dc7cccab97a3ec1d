// SPDX-License-Identifier: GPL-2.0
// The decisions of 'lnetctl import' (import.hpp).
#include "import.hpp"

#include <algorithm>

namespace lnetctl {

namespace {

// The NIs of `net` in the dump, in order.
std::vector<const NiInfo *> nis_of(const std::vector<NiInfo> &running, const std::string &net)
{
	std::vector<const NiInfo *> out;
	for (const auto &ni : running)
		if (ni.net == net)
			out.push_back(&ni);
	return out;
}

std::string join(std::vector<std::string> list)
{
	std::string out;
	for (const auto &s : list)
		out += (out.empty() ? "" : ",") + s;
	return out.empty() ? "its default interface" : out;
}

} // namespace

std::vector<ImportStep> import_steps(const LnetConf &conf, const std::vector<NiInfo> &running, bool del)
{
	std::vector<ImportStep> steps;
	for (const auto &net : conf.nets) {
		auto nis = nis_of(running, net.net);
		if (del) {
			if (nis.empty())
				steps.push_back({ImportStep::Kind::Skip, &net,
				                 "net " + net.net + " is not configured; skipped"});
			else
				steps.push_back({ImportStep::Kind::Del, &net, {}});
			continue;
		}
		if (nis.empty()) {
			steps.push_back({ImportStep::Kind::Add, &net, {}});
			continue;
		}
		std::vector<std::string> have;
		for (const NiInfo *ni : nis)
			have.insert(have.end(), ni->ifaces.begin(), ni->ifaces.end());
		std::vector<std::string> want = net.ifaces;
		std::sort(have.begin(), have.end());
		std::sort(want.begin(), want.end());
		if (want.empty() || want == have)
			steps.push_back({ImportStep::Kind::Skip, &net,
			                 "net " + net.net + " is already configured; skipped"});
		else
			steps.push_back(
			        {ImportStep::Kind::Conflict, &net,
			         "net " + net.net + " already exists on " + join(have) + ", not on " +
			                 join(net.ifaces) +
			                 " as the file says; left unchanged ('lnetctl net del --net " +
			                 net.net + "' first to replace it)"});
	}
	return steps;
}

std::vector<std::string> tunable_differences(const LnetConf &conf, const std::vector<NiInfo> &running)
{
	std::vector<std::string> out;
	for (const auto &net : conf.nets) {
		auto nis = nis_of(running, net.net);
		if (nis.empty())
			continue; // not added: already reported
		for (const auto &[name, want] : net.tunables) {
			const auto &tun = nis.front()->tunables; // per net: every NI has the same
			// Not [&]: clang before 16 cannot capture a structured binding.
			auto have = std::find_if(tun.begin(), tun.end(),
			                         [&name = name](const auto &t) { return t.first == name; });
			if (have == tun.end())
				out.push_back("net " + net.net + ": tunable " + name +
				              " is not reported by the kernel; " + std::to_string(want) +
				              " not applied");
			else if (have->second != want)
				out.push_back("net " + net.net + ": tunable " + name + " stays " +
				              std::to_string(have->second) + ", not " + std::to_string(want) +
				              " (setting tunables is not supported yet)");
		}
	}
	return out;
}

namespace {

std::string route_name(const RouteConf &r)
{
	return "route to " + r.net + " via " + r.gateway;
}

bool has_ni(const PeerInfo &p, const std::string &nid)
{
	return std::any_of(p.nis.begin(), p.nis.end(), [&](const PeerNiInfo &ni) { return ni.nid == nid; });
}

} // namespace

std::vector<RouteStep> route_steps(const LnetConf &conf, const std::vector<RouteInfo> &running, bool del)
{
	std::vector<RouteStep> steps;
	for (const auto &route : conf.routes) {
		auto have = std::find_if(running.begin(), running.end(), [&](const RouteInfo &r) {
			return r.net == route.net && r.gateway == route.gateway;
		});
		const std::string name = route_name(route);
		if (del) {
			if (have == running.end())
				steps.push_back({ImportStep::Kind::Skip, &route,
				                 name + " is not configured; skipped"});
			else
				steps.push_back({ImportStep::Kind::Del, &route, {}});
			continue;
		}
		if (have == running.end()) {
			steps.push_back({ImportStep::Kind::Add, &route, {}});
			continue;
		}
		bool same = (!route.hops || route.hops == have->hops) &&
		            (!route.priority || route.priority == have->priority);
		if (same) {
			steps.push_back(
			        {ImportStep::Kind::Skip, &route, name + " is already configured; skipped"});
			continue;
		}
		// "hop 3, priority 7": what is known of each side.
		auto shown = [](const std::optional<std::uint32_t> &hops,
		                const std::optional<std::uint32_t> &prio) {
			std::string s = hops ? "hop " + std::to_string(*hops) : "";
			if (prio)
				s += (s.empty() ? "" : ", ") + ("priority " + std::to_string(*prio));
			return s;
		};
		steps.push_back({ImportStep::Kind::Conflict, &route,
		                 name + " already exists with " + shown(have->hops, have->priority) +
		                         ", not " + shown(route.hops, route.priority) +
		                         " as the file says; left unchanged ('lnetctl route del --net " +
		                         route.net + " --gateway " + route.gateway +
		                         "' first to replace it)"});
	}
	return steps;
}

std::vector<PeerStep> peer_steps(const LnetConf &conf, const std::vector<PeerInfo> &running, bool del)
{
	std::vector<PeerStep> steps;
	for (const auto &peer : conf.peers) {
		const std::string name = "peer " + peer.primary;
		auto have = std::find_if(running.begin(), running.end(),
		                         [&](const PeerInfo &p) { return p.primary == peer.primary; });
		if (del) {
			if (have == running.end())
				steps.push_back({ImportStep::Kind::Skip,
				                 &peer,
				                 {},
				                 name + " does not exist; skipped"});
			else
				steps.push_back({ImportStep::Kind::Del, &peer, {}, {}});
			continue;
		}
		if (have == running.end()) {
			auto other = std::find_if(running.begin(), running.end(),
			                          [&](const PeerInfo &p) { return has_ni(p, peer.primary); });
			if (other != running.end())
				steps.push_back({ImportStep::Kind::Conflict,
				                 &peer,
				                 {},
				                 name + ": " + peer.primary + " is already a NID of peer " +
				                         other->primary + "; left unchanged"});
			else
				steps.push_back({ImportStep::Kind::Add, &peer, peer.nids, {}});
			continue;
		}
		if (have->mr != peer.mr) {
			steps.push_back(
			        {ImportStep::Kind::Conflict,
			         &peer,
			         {},
			         name + " exists as " + (have->mr ? "" : "non-") + "Multi-Rail, not " +
			                 (peer.mr ? "" : "non-") +
			                 "Multi-Rail as the file says; left unchanged ('lnetctl peer del "
			                 "--prim_nid " +
			                 peer.primary + "' first to replace it)"});
			continue;
		}
		std::vector<std::string> missing;
		for (const auto &nid : peer.nids)
			if (!has_ni(*have, nid))
				missing.push_back(nid);
		if (missing.empty())
			steps.push_back({ImportStep::Kind::Skip,
			                 &peer,
			                 {},
			                 name + " is already configured; skipped"});
		else
			steps.push_back({ImportStep::Kind::Add, &peer, std::move(missing), {}});
	}
	return steps;
}

} // namespace lnetctl
