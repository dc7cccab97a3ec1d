// SPDX-License-Identifier: GPL-2.0
// The connection handshake a correct peer makes before its scenario lies.
#pragma once

#include "msg.hpp"
#include "scenarios.hpp"
#include "util/result.hpp"

namespace poke {

// The acceptor request and a CONTROL HELLO to the server, then the
// server's HELLO (its incarnation names its MDs), which must be to our NID.
// EPROTO when the server answers anything else or closes.
util::Result<ksock_hello> handshake(Session &s);

} // namespace poke
