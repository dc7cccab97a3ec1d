// SPDX-License-Identifier: GPL-2.0
// What the server sends on an lnet-poke connection after the handshake,
// split into socklnd messages: a NOOP (the 24-byte socklnd header alone) or
// an LNet message (socklnd header, 72-byte LNet header, payload).  Pure
// logic over lnet/wire.c's decoders; unit-tested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

extern "C" {
#include <lnet/wire.h>
}

#include "util/result.hpp"

namespace poke {

using Bytes = std::vector<std::uint8_t>;

// One socklnd message from the server.
struct Inbound {
	ksock_msg_hdr ksm{};
	bool lnet = false; // false: a NOOP (keepalive or zero-copy ACK)
	lnet_hdr hdr{};    // LNet messages only
	Bytes payload;     // LNet messages only: hdr.payload_length bytes
};

// The byte stream cut into messages.  The server is little-endian Nacre:
// its socklnd headers are decoded unswabbed.
class InboundStream {
public:
	// Append what arrived.
	void feed(std::span<const std::uint8_t> data);

	// The next whole message, or nullopt until one is complete; EPROTO when
	// the bytes are no socklnd message (the server is broken).
	util::Result<std::optional<Inbound>> next();

	// Bytes received that are not yet a whole message.
	std::size_t pending() const { return buf_.size() - start_; }

private:
	Bytes buf_;
	std::size_t start_ = 0; // first byte not yet taken
};

} // namespace poke
