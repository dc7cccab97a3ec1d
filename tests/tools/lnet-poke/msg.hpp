// SPDX-License-Identifier: GPL-2.0
// The messages lnet-poke sends, built with the kernel's own wire codec
// (lnet/wire.c through nacre_pure) so that only the field a scenario breaks
// is wrong.  NIDs are classic 64-bit tcp0 NIDs; IPv4 addresses in host order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {
#include <lnet/nid.h>
#include <lnet/wire.h>
}

#include "conn.hpp"

namespace poke {

// tcp0 = (LND type 2 << 16) | 0.
inline constexpr std::uint32_t kTcp0 = LNET_MKNET(LNET_LND_SOCK, 0);

inline constexpr std::uint64_t tcp_nid(std::uint32_t ip)
{
	return LNET_MKNID(kTcp0, ip);
}

// "10.99.0.1@tcp"
std::string nid_str(std::uint64_t nid);

// A 16-byte acceptor request for @nid (with @magic, normally the right one).
Bytes acceptor_request(std::uint64_t nid, std::uint32_t magic = LNET_PROTO_ACCEPTOR_MAGIC);

// The HELLO V3 a connecting node sends: to @dst from @src, pid 12345, an
// incarnation that is the current time in ns, no IP addresses.
ksock_hello connector_hello(std::uint64_t src, std::uint64_t dst, std::uint32_t ctype);

// Its 56 + 4 * nips bytes (nips <= 16, as the codec allows).
Bytes encode(const ksock_hello &h);

// A 24-byte socklnd message header of @type, checksums and ZC cookies 0.
Bytes ksock_header(std::uint32_t type);

// An LNet PUT header from @src to @dst (pid 12345 both) announcing
// @payload_length bytes for @portal / @match_bits, no ACK wanted.
lnet_hdr put_header(std::uint64_t src, std::uint64_t dst, std::uint32_t payload_length, std::uint32_t portal,
                    std::uint64_t match_bits);

// Its 72 bytes.
Bytes encode(const lnet_hdr &h);

// Offset of the IP count in a HELLO V3: the last field of its fixed part
// (wire.h: struct ksock_hello).
inline constexpr std::size_t kHelloNipsOffset = KSOCK_HELLO_V3_SIZE - 4;

// Overwrite the little-endian 32-bit field at @offset: for values the
// encoders refuse to write.
void put_le32(Bytes &b, std::size_t offset, std::uint32_t v);

// "version=3 ctype=1 src=... dst=..." for the report.
std::string describe(const ksock_hello &h);

// @a followed by @b.
Bytes operator+(Bytes a, const Bytes &b);

} // namespace poke
