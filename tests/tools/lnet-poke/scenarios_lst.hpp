// SPDX-License-Identifier: GPL-2.0
// lnet-poke's self-test console scenarios (scenarios_lst.cpp): our end
// plays a Lustre "lst" console against a test node, with correct requests
// whose answers it checks and forged ones that must be refused without
// disturbing the session.  Each checks the node's behaviour itself
// (Expect::Alive).
#pragma once

#include <cstdint>
#include <span>
#include <string>

extern "C" {
#include <lnet/srpc_wire.h>
}

#include "scenarios.hpp"

namespace poke {

struct LstOptions {
	std::string dest;           // the test's destination node (IPv4); default the node itself
	std::string bad_dest;       // lst-ping: also 4 pings to this address, which never answers
	std::uint32_t loop = 200;   // RPCs per unit
	std::uint32_t concur = 4;   // units per destination
	std::uint32_t size = 65536; // lst-brw: bytes per RPC
};

std::span<const Scenario> lst_scenarios();

} // namespace poke
