// SPDX-License-Identifier: GPL-2.0
// lnet-poke's flood and discovery scenarios: many connections from made-up
// NIDs, and a discovery PUSH.
#pragma once

#include "scenarios.hpp"

namespace poke {

// peer-flood: --count connections (the session's first, then new ones to
// the same server on port 988), each a handshake from its own made-up tcp0
// NID (10.98.x.y), one LNet PUT of no payload to portal 63 (which makes
// that NID a peer of the server, then is dropped) and a socklnd message of
// an unknown type, which the server must answer by closing.  Succeeds when
// the server closed every one in time.
Result<void> send_peer_flood(Session &s);

// push: a handshake from our own NID and a discovery PUSH (a PUT of ping
// info to portal 0 with the ping match bits) listing our NID, 10.98.200.1@tcp
// (new to the server), the server's own NID and a NID marked down
// (10.98.200.2@tcp), then a socklnd message of an unknown type (the server
// closes).  The test then looks at the server's peer table: only
// 10.98.200.1@tcp may have been added to our peer.
Result<void> send_push(Session &s);

} // namespace poke
