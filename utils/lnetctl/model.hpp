// SPDX-License-Identifier: GPL-2.0
// What the kernel reports, decoded from netlink (lnet.cpp), and its rendering
// as the trees lnetctl prints (view.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/value.hpp"

namespace lnetctl {

// One local NI, as one LNET_CMD_NET_GET dump message reports it.  Counters
// and tunables keep the kernel's order and only the ones it sent.
struct NiInfo {
	std::string net; // "tcp", "lo": the net type lnetctl groups by
	std::string nid;
	std::optional<std::uint8_t> status; // enum lnet_ni_state
	std::vector<std::string> ifaces;
	std::vector<std::pair<std::string, std::uint64_t>> stats;
	std::vector<std::pair<std::string, std::uint64_t>> tunables;
};

struct PeerNi {
	std::string nid;
	std::optional<std::uint8_t> status;
};

struct PingInfo {
	std::string target; // the NID given on the command line
	std::optional<std::uint32_t> pid;
	std::vector<PeerNi> nis;
};

using Counters = std::vector<std::pair<std::string, std::uint64_t>>;

// One NI of a peer (LNET_A_PEER_NI); what the kernel did not send is absent.
struct PeerNiInfo {
	std::string nid;
	std::optional<std::uint8_t> state; // enum lnet_ni_state
	std::optional<std::uint32_t> max_tx_credits;
	std::optional<std::int32_t> tx_credits; // negative: messages queued
	std::optional<std::int32_t> min_tx_credits;
	std::optional<std::uint32_t> txq;
	std::optional<std::uint32_t> refcount;
	std::optional<std::uint32_t> health;     // 0..1000
	Counters stats;                          // send_count, recv_count, drop_count
	std::optional<std::uint64_t> errors;     // failed sends
	std::optional<std::int32_t> rtr_credits; // router credits; negative: messages waiting
	std::optional<std::int32_t> min_rtr_credits;
};

// One LNET_CMD_PEER_GET dump message (or the DISCOVER reply).
struct PeerInfo {
	std::string primary;
	bool mr = false;
	std::vector<PeerNiInfo> nis; // the kernel's order (the primary first)
};

// One LNET_CMD_ROUTE_GET dump message.
struct RouteInfo {
	std::string net; // the remote net, as the kernel prints it
	std::string gateway;
	std::optional<std::uint32_t> hops;
	std::optional<std::uint32_t> priority;
	std::optional<std::uint8_t> state; // the gateway's enum lnet_ni_state
};

// A router buffer pool (LNET_A_RTR_POOL).
struct RtrPoolInfo {
	std::uint32_t npages = 0;
	std::uint32_t nbuffers = 0;
	std::int32_t credits = 0; // negative: messages waiting
	std::int32_t min_credits = 0;
};

// LNET_CMD_GLOBAL_GET, and what LNET_CMD_GLOBAL_SET changes (absent: kept).
struct GlobalInfo {
	std::optional<std::uint32_t> health_sensitivity; // 0..1000
	std::optional<bool> routing;
	std::vector<RtrPoolInfo> rtr_pools; // tiny, small, large (GET only)
};

// Everything 'lnetctl export' prints.
struct LnetState {
	std::vector<NiInfo> nis;
	std::vector<RouteInfo> routes;
	std::vector<PeerInfo> peers;
	GlobalInfo global;
};

// "net:" - NIs grouped by net type in the order the kernel listed them;
// verbose adds statistics and tunables.
util::Value net_show_view(const std::vector<NiInfo> &nis, bool verbose);
// What 'lnetctl export' prints: the "net:" of 'net show -v' without the
// loopback net (always there); `backup` keeps only what 'import' configures
// (interfaces and tunables), so the file suits another node too.
util::Value export_view(const std::vector<NiInfo> &nis, bool backup);
// What 'lnetctl export' prints with routes, peers and global settings too:
// "net:" as above, then Lustre's "route:", "routing:", "peer:" and "global:"
// (route and peer only when there are some).  `backup` keeps only what
// 'import' configures.
util::Value export_view(const LnetState &state, bool backup);
// "ping:" - the peer's primary NID and its NIs.
util::Value ping_view(const PingInfo &ping);
// "peer:" - each peer with its NIs and their state; verbose adds credits,
// queue, refcount, "statistics" and "health stats".
util::Value peer_show_view(const std::vector<PeerInfo> &peers, bool verbose);
// "discover:" - the peers discovery recorded, as 'peer show' prints them.
util::Value discover_view(const std::vector<PeerInfo> &peers);
// "route:" - net and gateway; verbose adds hop, priority and state.
util::Value route_show_view(const std::vector<RouteInfo> &routes, bool verbose);
// "statistics:" - LNet's global counters.
util::Value stats_view(const Counters &stats);
// "global:" - the global settings the kernel reported.
util::Value global_view(const GlobalInfo &global);
// Lustre's 'routing show': the router buffer pools (one "cpt[0]") and enable.
util::Value routing_view(const GlobalInfo &global);

} // namespace lnetctl
