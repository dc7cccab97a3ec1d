// SPDX-License-Identifier: GPL-2.0
// The "lnet" generic netlink family (<linux/lnet_genl.h>), one method per
// command.  Kernel refusals are Error values carrying its extended-ack text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "util/genl.hpp"
#include "util/result.hpp"

struct nlmsghdr;

namespace lnetctl {

class Lnet {
public:
	// Throws util::Fatal when LNet's family is missing (module not loaded)
	// or netlink itself is unusable: no command can run then.
	static Lnet open();

	util::Result<void> configure(bool load_modparams);
	util::Result<void> unconfigure();
	util::Result<void> net_add(const std::string &net, const std::vector<std::string> &ifaces);
	util::Result<void> net_del(const std::string &net);
	util::Result<std::vector<NiInfo>> net_get(const std::optional<std::string> &net);
	util::Result<PingInfo> ping(const std::string &nid, std::optional<std::uint32_t> timeout_ms);

	// Peers, all or the one that has `nid` among its NIs.
	util::Result<std::vector<PeerInfo>> peer_get(const std::optional<std::string> &nid);
	// A peer with these NIs besides the primary (or more NIs for one that
	// exists); `mr`: Multi-Rail.
	util::Result<void> peer_add(const std::string &primary, const std::vector<std::string> &nids,
	                            bool mr);
	// These NIs of the peer, or the whole peer when there are none.
	util::Result<void> peer_del(const std::string &primary, const std::vector<std::string> &nids);
	// Ping `nid` and record the peer with every NI it reports.
	util::Result<PeerInfo> discover(const std::string &nid, std::optional<std::uint32_t> timeout_ms);
	util::Result<void> route_add(const std::string &net, const std::string &gateway,
	                             std::optional<std::uint32_t> hops,
	                             std::optional<std::uint32_t> priority);
	// Every route to `net`, or the one through `gateway`.
	util::Result<void> route_del(const std::string &net, const std::optional<std::string> &gateway);
	util::Result<std::vector<RouteInfo>> route_get();
	util::Result<Counters> stats_get();
	util::Result<GlobalInfo> global_get();
	// Sets what `g` holds; absent fields are left as they are.
	util::Result<void> global_set(const GlobalInfo &g);

private:
	explicit Lnet(util::GenlSocket sk) : sk_(std::move(sk)) {}
	util::GenlSocket sk_;
};

// Decoding one reply message of PEER_GET (or DISCOVER), ROUTE_GET,
// STATS_GET and GLOBAL_GET; exposed for the unit tests.
namespace decode {
util::Result<PeerInfo> peer(const nlmsghdr *h);
util::Result<RouteInfo> route(const nlmsghdr *h);
util::Result<Counters> stats(const nlmsghdr *h);
util::Result<GlobalInfo> global(const nlmsghdr *h);
} // namespace decode

} // namespace lnetctl
