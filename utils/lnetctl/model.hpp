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

// "net:" - NIs grouped by net type in the order the kernel listed them;
// verbose adds statistics and tunables.
util::Value net_show_view(const std::vector<NiInfo> &nis, bool verbose);
// What 'lnetctl export' prints: the "net:" of 'net show -v' without the
// loopback net (always there); `backup` keeps only what 'import' configures
// (interfaces and tunables), so the file suits another node too.
util::Value export_view(const std::vector<NiInfo> &nis, bool backup);
// "ping:" - the peer's primary NID and its NIs.
util::Value ping_view(const PingInfo &ping);

} // namespace lnetctl
