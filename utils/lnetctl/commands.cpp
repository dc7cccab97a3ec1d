// SPDX-License-Identifier: GPL-2.0
// The commands of commands.hpp.  Each checks its arguments with conf.hpp's
// checks (the ones 'import' applies to a file) before it opens netlink, so a
// bad NID or number is refused with a sentence naming it, and sends NIDs and
// network names in the kernel's printed form.
#include "commands.hpp"

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <linux/lnet_genl.h>

#include "conf.hpp"
#include "lnet.hpp"
#include "model.hpp"
#include "util/print.hpp"

namespace lnetctl {

using util::Error;
using util::Result;

namespace {

// What the command line gave; strings are checked when the command runs.
struct Args {
	explicit Args(const util::FormatOption &format) : format(format) {}

	const util::FormatOption &format;
	bool verbose = false;
	std::string prim_nid;
	std::vector<std::string> nids; // peer add/del --nid, discover's NIDs
	std::string nid;               // peer show --nid
	bool non_mr = false;
	std::string net;
	std::string gateway;
	std::string hop;
	std::string priority;
	std::uint32_t timeout_ms = 0;
	std::string tunable;
	std::string value;
};

void print(const util::Value &v, const Args &a)
{
	std::cout << util::render(v, a.format.format(util::Format::Yaml));
}

int report(const char *what, const Result<void> &r)
{
	if (r)
		return 0;
	std::cerr << "lnetctl " << what << ": " << r.error().message << "\n";
	return 1;
}

Result<void> peer_add(const Args &a)
{
	auto peer = check_peer(a.prim_nid, a.nids, !a.non_mr);
	if (!peer)
		return peer.error();
	return Lnet::open().peer_add(peer->primary, peer->nids, peer->mr);
}

Result<void> peer_del(const Args &a)
{
	auto peer = check_peer(a.prim_nid, a.nids, true);
	if (!peer)
		return peer.error();
	return Lnet::open().peer_del(peer->primary, peer->nids);
}

bool has_nid(const PeerInfo &p, const std::string &nid)
{
	if (p.primary == nid)
		return true;
	for (const auto &ni : p.nis)
		if (ni.nid == nid)
			return true;
	return false;
}

Result<void> peer_show(const Args &a)
{
	std::optional<std::string> nid;
	if (!a.nid.empty()) {
		auto n = check_nid(a.nid);
		if (!n)
			return n.error();
		nid = *n;
	}
	auto peers = Lnet::open().peer_get(nid);
	if (!peers)
		return peers.error();
	if (nid) {
		// The kernel filters already; this keeps the promise if it did not.
		std::erase_if(*peers, [&](const PeerInfo &p) { return !has_nid(p, *nid); });
		if (peers->empty())
			return Error{ENOENT, "no peer has NID " + *nid};
	}
	print(peer_show_view(*peers, a.verbose), a);
	return {};
}

// Every NID is tried; the peers found are printed, each failure reported.
int discover(const Args &a, bool timeout_given)
{
	std::vector<std::string> nids;
	for (const auto &text : a.nids) {
		auto nid = check_remote_nid(text);
		if (!nid)
			return report("discover", nid.error());
		nids.push_back(*nid);
	}
	auto lnet = Lnet::open();
	std::optional<std::uint32_t> timeout;
	if (timeout_given)
		timeout = a.timeout_ms;
	std::vector<PeerInfo> found;
	int status = 0;
	for (const auto &nid : nids) {
		auto peer = lnet.discover(nid, timeout);
		if (peer)
			found.push_back(std::move(peer).value());
		else
			status = report("discover",
			                Error{peer.error().code, nid + ": " + peer.error().message});
	}
	if (!found.empty())
		print(discover_view(found), a);
	return status;
}

Result<void> route_add(const Args &a)
{
	RouteConf route;
	auto net = check_route_net(a.net);
	if (!net)
		return net.error();
	route.net = *net;
	auto gw = check_remote_nid(a.gateway);
	if (!gw)
		return gw.error();
	route.gateway = *gw;
	if (!a.hop.empty()) {
		auto hops = check_hops(a.hop);
		if (!hops)
			return hops.error();
		route.hops = *hops;
	}
	if (!a.priority.empty()) {
		auto prio = check_priority(a.priority);
		if (!prio)
			return prio.error();
		route.priority = *prio;
	}
	if (auto r = check_route(route); !r)
		return r;
	return Lnet::open().route_add(route.net, route.gateway, route.hops, route.priority);
}

Result<void> route_del(const Args &a)
{
	auto net = check_route_net(a.net);
	if (!net)
		return net.error();
	std::optional<std::string> gw;
	if (!a.gateway.empty()) {
		auto g = check_remote_nid(a.gateway);
		if (!g)
			return g.error();
		gw = *g;
	}
	return Lnet::open().route_del(*net, gw);
}

Result<void> route_show(const Args &a)
{
	std::optional<std::string> net, gw;
	if (!a.net.empty()) {
		auto n = check_route_net(a.net);
		if (!n)
			return n.error();
		net = *n;
	}
	if (!a.gateway.empty()) {
		auto g = check_nid(a.gateway);
		if (!g)
			return g.error();
		gw = *g;
	}
	auto routes = Lnet::open().route_get();
	if (!routes)
		return routes.error();
	std::erase_if(*routes,
	              [&](const RouteInfo &r) { return (net && r.net != *net) || (gw && r.gateway != *gw); });
	print(route_show_view(*routes, a.verbose), a);
	return {};
}

Result<void> stats_show(const Args &a)
{
	auto stats = Lnet::open().stats_get();
	if (!stats)
		return stats.error();
	print(stats_view(*stats), a);
	return {};
}

Result<void> global_show(const Args &a)
{
	auto g = Lnet::open().global_get();
	if (!g)
		return g.error();
	print(global_view(*g), a);
	return {};
}

Result<void> routing_show(const Args &a)
{
	auto g = Lnet::open().global_get();
	if (!g)
		return g.error();
	print(routing_view(*g), a);
	return {};
}

Result<void> set(const Args &a)
{
	auto g = check_setting(a.tunable, a.value);
	if (!g)
		return g.error();
	return Lnet::open().global_set(*g);
}

} // namespace

std::function<std::optional<int>()> add_commands(CLI::App &app, const util::FormatOption &format)
{
	auto a = std::make_shared<Args>(format);

	// peer
	auto *peer = app.add_subcommand("peer", "remote nodes LNet knows (peers): add, delete, show");
	peer->require_subcommand(1);
	peer->footer("A peer is another node, known by its primary NID, with one NI per NID it has;\n"
	             "a Multi-Rail peer's messages may use any of them.  LNet also learns peers as it\n"
	             "talks to them ('lnetctl discover').\n"
	             "Examples:\n"
	             "  lnetctl peer add --prim_nid 10.0.0.2@tcp --nid 10.0.1.2@tcp\n"
	             "  lnetctl peer show -v\n"
	             "  lnetctl peer del --prim_nid 10.0.0.2@tcp");
	auto *peer_add_cmd = peer->add_subcommand("add", "add a peer, or NIs to a peer");
	peer_add_cmd->add_option("--prim_nid", a->prim_nid, "the peer's primary NID")
	        ->required()
	        ->type_name("NID");
	peer_add_cmd->add_option("--nid", a->nids, "its other NIDs, comma-separated")
	        ->delimiter(',')
	        ->type_name("NID[,NID...]");
	peer_add_cmd->add_flag("--non_mr", a->non_mr,
	                       "the peer is not Multi-Rail (uses its primary NID only)");
	peer_add_cmd->footer("A peer that exists gets the NIDs it does not have yet.  A NID that is another\n"
	                     "peer's is refused.\n"
	                     "Examples:\n"
	                     "  lnetctl peer add --prim_nid 10.0.0.2@tcp --nid 10.0.1.2@tcp,10.0.2.2@tcp\n"
	                     "  lnetctl peer add --prim_nid 10.0.0.3@tcp --non_mr");
	auto *peer_del_cmd = peer->add_subcommand("del", "remove a peer, or some of its NIs");
	peer_del_cmd->add_option("--prim_nid", a->prim_nid, "the peer's primary NID")
	        ->required()
	        ->type_name("NID");
	peer_del_cmd->add_option("--nid", a->nids, "remove only these NIDs, comma-separated")
	        ->delimiter(',')
	        ->type_name("NID[,NID...]");
	peer_del_cmd->footer("Without --nid the whole peer is removed.\n"
	                     "Examples:\n"
	                     "  lnetctl peer del --prim_nid 10.0.0.2@tcp --nid 10.0.2.2@tcp\n"
	                     "  lnetctl peer del --prim_nid 10.0.0.2@tcp");
	auto *peer_show_cmd = peer->add_subcommand("show", "list the peers and their NIs");
	peer_show_cmd->add_option("--nid", a->nid, "show only the peer that has this NID")->type_name("NID");
	peer_show_cmd->add_flag("-v,--verbose", a->verbose,
	                        "add each NI's credits, queue, statistics and health");
	peer_show_cmd->footer("Prints Lustre's \"peer:\" YAML: each peer's primary NID, whether it is\n"
	                      "Multi-Rail, and its NIs (\"peer ni\") with their state.\n"
	                      "Examples:\n"
	                      "  lnetctl peer show\n"
	                      "  lnetctl peer show --nid 10.0.1.2@tcp -v\n"
	                      "  lnetctl peer show --json");

	// discover
	auto *disc = app.add_subcommand("discover", "ping peers and record them with all their NIs");
	disc->add_option("nid", a->nids, "the peers' NIDs, space- or comma-separated")
	        ->required()
	        ->delimiter(',')
	        ->type_name("NID");
	auto *disc_timeout = disc->add_option("--timeout", a->timeout_ms,
	                                      "give up on a peer after this many milliseconds "
	                                      "(kernel default 3000)")
	                             ->type_name("MS")
	                             ->check(CLI::Range(1, LNET_PING_TIMEOUT_MAX_MS));
	disc->footer("Prints Lustre's \"discover:\" YAML: each peer as 'lnetctl peer show' lists it.\n"
	             "A peer that does not answer is reported and the others are still discovered.\n"
	             "Examples:\n"
	             "  lnetctl discover 10.0.0.2@tcp\n"
	             "  lnetctl discover 10.0.0.2@tcp,10.0.0.3@tcp --timeout 1000");

	// route
	auto *route = app.add_subcommand("route", "routes to remote networks: add, delete, show");
	route->require_subcommand(1);
	route->footer("A route sends the messages for a network this node is not on through a gateway,\n"
	              "a router on one of this node's networks.\n"
	              "Examples:\n"
	              "  lnetctl route add --net tcp1 --gateway 10.0.0.9@tcp\n"
	              "  lnetctl route show -v\n"
	              "  lnetctl route del --net tcp1");
	auto *route_add_cmd = route->add_subcommand("add", "add a route to a network through a gateway");
	route_add_cmd->add_option("-n,--net", a->net, "the remote network: tcp1, o2ib ...")
	        ->required()
	        ->type_name("NET");
	route_add_cmd->add_option("-g,--gateway", a->gateway, "the router's NID, on a local network")
	        ->required()
	        ->type_name("NID");
	route_add_cmd
	        ->add_option("-c,--hop,--hop-count", a->hop,
	                     "hops to the network, 1 to " + std::to_string(LNET_ROUTE_HOPS_MAX) +
	                             " (default 1)")
	        ->type_name("N");
	route_add_cmd
	        ->add_option("-p,--priority", a->priority,
	                     "lower is preferred among routes to the network (default 0)")
	        ->type_name("N");
	route_add_cmd->footer("Several routes to one network share its traffic by priority, then hops.\n"
	                      "Examples:\n"
	                      "  lnetctl route add --net tcp1 --gateway 10.0.0.9@tcp\n"
	                      "  lnetctl route add --net o2ib --gateway 10.0.0.8@tcp --hop 2 --priority 1");
	auto *route_del_cmd = route->add_subcommand("del", "remove the routes to a network, or one of them");
	route_del_cmd->add_option("-n,--net", a->net, "the remote network")->required()->type_name("NET");
	route_del_cmd->add_option("-g,--gateway", a->gateway, "remove only the route through this gateway")
	        ->type_name("NID");
	route_del_cmd->footer("Examples:\n"
	                      "  lnetctl route del --net tcp1 --gateway 10.0.0.9@tcp\n"
	                      "  lnetctl route del --net tcp1");
	auto *route_show_cmd = route->add_subcommand("show", "list the routes");
	route_show_cmd->add_option("-n,--net", a->net, "show only the routes to this network")
	        ->type_name("NET");
	route_show_cmd->add_option("-g,--gateway", a->gateway, "show only the routes through this gateway")
	        ->type_name("NID");
	route_show_cmd->add_flag("-v,--verbose", a->verbose, "add each route's hops, priority and state");
	route_show_cmd->footer(
	        "Prints Lustre's \"route:\" YAML: each route's network and gateway; the state\n"
	        "is the gateway's, up when LNet can reach it.\n"
	        "Examples:\n"
	        "  lnetctl route show\n"
	        "  lnetctl route show --net tcp1 -v");

	// stats, global, set
	auto *stats = app.add_subcommand("stats", "LNet's message counters");
	stats->require_subcommand(1);
	stats->footer("Example: lnetctl stats show");
	auto *stats_show_cmd = stats->add_subcommand("show", "print LNet's message counters");
	stats_show_cmd->footer(
	        "Prints Lustre's \"statistics:\" YAML: messages in flight now (msgs_alloc) and\n"
	        "at most (msgs_max), errors, and messages and bytes sent, received, routed\n"
	        "and dropped since LNet came up.\n"
	        "Example: lnetctl stats show");
	auto *global = app.add_subcommand("global", "LNet's global settings");
	global->require_subcommand(1);
	global->footer("Example: lnetctl global show");
	auto *global_show_cmd = global->add_subcommand("show", "print LNet's global settings");
	global_show_cmd->footer("Prints \"global:\" YAML: health_sensitivity (the health an NI loses per\n"
	                        "failed send, 0 to 1000, 0: health is not tracked) and routing (1 when this\n"
	                        "node forwards messages between its networks).  Change them with\n"
	                        "'lnetctl set'.\n"
	                        "Example: lnetctl global show");
	auto *routing = app.add_subcommand("routing", "this node's forwarding: its router buffers");
	routing->require_subcommand(1);
	routing->footer("Example: lnetctl routing show");
	auto *routing_show_cmd = routing->add_subcommand("show", "print the router buffer pools");
	routing_show_cmd->footer(
	        "Prints Lustre's \"routing:\" YAML: for each pool of router buffers (tiny: no\n"
	        "payload, small: one page, large: 1 MiB) its pages per buffer, buffers, free\n"
	        "buffers (credits; negative: messages waiting for one) and the lowest that\n"
	        "reached (mincredits), then enable (1 when this node forwards).  The pools are\n"
	        "allocated when forwarding is first turned on ('lnetctl set routing 1'); their\n"
	        "sizes are the lnet module parameters tiny_router_buffers, small_router_buffers\n"
	        "and large_router_buffers.\n"
	        "Example: lnetctl routing show");
	auto *set_cmd = app.add_subcommand("set", "change a global setting");
	set_cmd->add_option("tunable", a->tunable, "health_sensitivity or routing")
	        ->required()
	        ->type_name("TUNABLE");
	set_cmd->add_option("value", a->value, "its new value")->required()->type_name("VALUE");
	set_cmd->footer("Tunables:\n"
	                "  health_sensitivity 0..1000  health an NI loses per failed send (0: off)\n"
	                "  routing 0|1                 forward messages between this node's networks\n"
	                "Examples:\n"
	                "  lnetctl set routing 1\n"
	                "  lnetctl set health_sensitivity 100");

	return [=]() -> std::optional<int> {
		if (peer_add_cmd->parsed())
			return report("peer add", peer_add(*a));
		if (peer_del_cmd->parsed())
			return report("peer del", peer_del(*a));
		if (peer_show_cmd->parsed())
			return report("peer show", peer_show(*a));
		if (disc->parsed())
			return discover(*a, disc_timeout->count() > 0);
		if (route_add_cmd->parsed())
			return report("route add", route_add(*a));
		if (route_del_cmd->parsed())
			return report("route del", route_del(*a));
		if (route_show_cmd->parsed())
			return report("route show", route_show(*a));
		if (stats_show_cmd->parsed())
			return report("stats show", stats_show(*a));
		if (global_show_cmd->parsed())
			return report("global show", global_show(*a));
		if (routing_show_cmd->parsed())
			return report("routing show", routing_show(*a));
		if (set_cmd->parsed())
			return report("set", set(*a));
		return std::nullopt;
	};
}

} // namespace lnetctl
