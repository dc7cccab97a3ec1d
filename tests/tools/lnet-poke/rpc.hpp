// SPDX-License-Identifier: GPL-2.0
// The rpc-fuzz scenario: after a correct handshake, --count ptlrpc requests
// broken in every way (rpc_mutate.hpp) go as LNet PUTs to one request
// portal; the server's answers are read on the same connection (a Nacre
// node answers on the connections its peer opened; the poking guest runs
// no LNet, so connecting back would fail), and the bulk transfers of the
// requests that get that far are served.  At the end one valid ping must be
// answered: the service survived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {
#include <nacre/lustre_msg.h>
}

#include "scenarios.hpp"

namespace poke {

struct FuzzOptions {
	std::uint64_t count = 2000; // messages
	std::uint32_t portal = OST_REQUEST_PORTAL;
	std::uint64_t seed = 1;               // the same seed, the same messages
	std::string target = "echo_srv_UUID"; // the target connects name
};

// Run rpc-fuzz on @s after its handshake, with *s.fuzz (defaults when
// null).  Errors with code EPROTO are the server's fault: it closed the
// connection, stopped reading, sent something malformed, or did not answer
// the final ping.
Result<void> rpc_fuzz(Session &s);

} // namespace poke
