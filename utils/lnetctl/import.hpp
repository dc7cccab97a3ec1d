// SPDX-License-Identifier: GPL-2.0
// What 'lnetctl import' does with a checked configuration (conf.hpp) on a node
// whose networks, routes and peers are `running` (NET_GET, ROUTE_GET and
// PEER_GET dumps): pure decisions, so they are unit-tested without a kernel;
// main.cpp carries them out (global settings first, then nets, peers,
// routes; with --del routes, peers, nets).
//
// Adding is idempotent, as a boot-time 'lnetctl import /etc/lnet.conf' must
// be: a net that is already up on the same interfaces is skipped with a note;
// one that is up on other interfaces is left alone and reported as an error
// (LNet cannot change a net's interfaces in place).  Deleting skips, with a
// note, a net that is not configured.
#pragma once

#include <string>
#include <vector>

#include "conf.hpp"
#include "model.hpp"

namespace lnetctl {

struct ImportStep {
	enum class Kind {
		Add,      // NET_ADD net with its interfaces
		Del,      // NET_DEL net
		Skip,     // nothing to do; `note` says why
		Conflict, // not applied; `note` says why; the import fails
	};
	Kind kind;
	const NetConf *net;
	std::string note; // for Skip and Conflict, without "lnetctl import: "
};

std::vector<ImportStep> import_steps(const LnetConf &conf, const std::vector<NiInfo> &running, bool del);

// Tunables the file asks for that the kernel does not have (it cannot set
// them yet): one warning each.  `running` is the state after the import.
std::vector<std::string> tunable_differences(const LnetConf &conf, const std::vector<NiInfo> &running);

// Routes the same way against a ROUTE_GET dump: one that exists (same net and
// gateway) is skipped, or a conflict if the file gives it another hop count
// or priority.  With --del: Del, or Skip if it does not exist.
struct RouteStep {
	ImportStep::Kind kind;
	const RouteConf *route;
	std::string note;
};
std::vector<RouteStep> route_steps(const LnetConf &conf, const std::vector<RouteInfo> &running, bool del);

// Peers against a PEER_GET dump: a new peer is added with all its NIDs; one
// that exists (same primary NID) gets the NIDs it lacks, or is skipped when
// it lacks none.  A conflict: the primary NID is another peer's NI, or the
// peer exists with the other Multi-Rail setting.  With --del: the whole peer
// is deleted, or skipped if it does not exist.
struct PeerStep {
	ImportStep::Kind kind;
	const PeerConf *peer;
	std::vector<std::string> nids; // Add: the NIDs to send besides the primary
	std::string note;
};
std::vector<PeerStep> peer_steps(const LnetConf &conf, const std::vector<PeerInfo> &running, bool del);

} // namespace lnetctl
