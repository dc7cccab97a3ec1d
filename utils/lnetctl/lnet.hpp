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

private:
	explicit Lnet(util::GenlSocket sk) : sk_(std::move(sk)) {}
	util::GenlSocket sk_;
};

} // namespace lnetctl
