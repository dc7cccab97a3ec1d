// SPDX-License-Identifier: GPL-2.0
// lnet-poke's forgery and flood scenarios (scenarios_forge.cpp): after a
// correct handshake our end plays an LNet peer that lies in its headers
// (a source NID that is not its own, REPLYs and ACKs nobody asked for) or
// never reads what it asked for.  Each one checks the server's behaviour
// itself (Expect::Alive).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "scenarios.hpp"

namespace poke {

struct ForgeOptions {
	std::string victim;          // forge-src: the third node whose NID we claim (IPv4)
	std::uint64_t gets = 30000;  // get-flood: GETs to send without reading
	double hold = 20;            // get-flood: seconds to keep the connection unread
};

std::span<const Scenario> forge_scenarios();

} // namespace poke
