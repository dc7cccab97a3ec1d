// SPDX-License-Identifier: GPL-2.0
// An LNet configuration file (/etc/lnet.conf, what 'lnetctl export' prints) as
// Lustre's lnetctl reads it, checked whole into the networks to configure.
//
//   net:
//       - net type: tcp                  required; tcp, tcp1, o2ib0 ...
//         local NI(s):                   optional list of NIs
//           - interfaces:                index: name, index 0..15
//                 0: eth0
//             tunables:                  peer_timeout, peer_credits,
//                 credits: 256           peer_buffer_credits, credits
//   route:
//       - net: tcp1                      required: the remote network
//         gateway: 10.0.0.9@tcp          required: a router's NID
//         hop: 1                         optional, 1..255 (-1: default)
//         priority: 0                    optional (-1: default)
//   routing:
//       enable: 1                        0 or 1
//   peer:
//       - primary nid: 10.0.0.2@tcp      required (or the first NI's NID)
//         Multi-Rail: True               optional, True by default
//         peer ni:                       the peer's NIDs, primary included
//           - nid: 10.0.0.2@tcp
//           - nid: 10.0.1.2@tcp
//   global:
//       health_sensitivity: 100          0..1000
//       routing: 1                       0 or 1 (as 'global show' prints it)
//
// What the kernel reports rather than configures (nid, status, statistics
// ...) is read past, so a plain 'lnetctl export' imports too.  The loopback
// net is implicit and skipped.  Lustre keys and sections Nacre does not
// support yet become warnings; anything else is an error naming its line,
// and an error anywhere rejects the whole file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.hpp"
#include "util/result.hpp"
#include "util/value.hpp"

namespace lnetctl {

struct NetConf {
	std::string net; // as the kernel prints it: "tcp" for tcp0
	std::size_t line = 0;
	std::vector<std::string> ifaces; // in index order, all NIs together
	std::vector<std::pair<std::string, std::uint32_t>> tunables;
};

// NIDs and network names below are in the kernel's printed form
// (lnet_nid_format, lnet_net_format), so they compare as text with what the
// kernel reports.
struct RouteConf {
	std::string net; // the remote network
	std::string gateway;
	std::optional<std::uint32_t> hops;     // absent: the kernel's default
	std::optional<std::uint32_t> priority; // absent: the kernel's default
	std::size_t line = 0;
};

struct PeerConf {
	std::string primary;
	bool mr = true;
	std::vector<std::string> nids; // its other NIs, in file order
	std::size_t line = 0;
};

struct LnetConf {
	std::vector<NetConf> nets;         // in file order, lo left out
	std::vector<RouteConf> routes;     // in file order
	std::vector<PeerConf> peers;       // in file order
	GlobalInfo global;                 // what the file sets
	std::vector<std::string> warnings; // one sentence each, no prefix
};

// The tree util::read_yaml made of the file.  Errors are
// Error{EINVAL, "line N: ..."}.
util::Result<LnetConf> lnet_conf(const util::Value &root);

// The checks of the file's values, for the command line too.  Each returns
// the value in canonical form or Error{EINVAL, "<sentence>"} naming the text.
//
// A NID such as 10.0.0.1@tcp0, printed back as 10.0.0.1@tcp.
util::Result<std::string> check_nid(std::string_view text);
// A peer's or a gateway's NID: also not 0@lo.
util::Result<std::string> check_remote_nid(std::string_view text);
// A network a route leads to: tcp1, o2ib ...; not lo.
util::Result<std::string> check_route_net(std::string_view text);
// Hops to the network, 1..255.
util::Result<std::uint32_t> check_hops(std::string_view text);
// A route's priority, 0 (preferred) .. 4294967295.
util::Result<std::uint32_t> check_priority(std::string_view text);
// A route whose parts passed the checks above: the gateway is not on the
// network it leads to.
util::Result<void> check_route(const RouteConf &route);
// A peer's primary NID and its other NIDs: checked, canonical, none twice
// (the primary among the others is dropped, as 'peer show' lists it).
util::Result<PeerConf> check_peer(std::string_view primary, const std::vector<std::string> &nids, bool mr);
// 'lnetctl set NAME VALUE': health_sensitivity 0..1000 or routing 0|1.
util::Result<GlobalInfo> check_setting(std::string_view name, std::string_view value);

} // namespace lnetctl
