// SPDX-License-Identifier: GPL-2.0
// lnet-poke's flood scenarios (scenarios_flood.hpp).
#include "scenarios_flood.hpp"

#include <cerrno>
#include <iostream>
#include <string>

#include "msg.hpp"
#include "rpc.hpp"

namespace poke {

using util::Error;

namespace {

// 10.98.0.0/16: not an address of the test networks, so no real node.
constexpr std::uint32_t kFloodBase = 0x0a620000;

// One connection's input: a handshake from @from, a PUT from it, and a
// socklnd message of unknown type (the server closes on that).
Bytes flood_input(std::uint64_t from, std::uint64_t server)
{
	lnet_hdr put = put_header(from, server, 0, 63, 1);
	return acceptor_request(server) + encode(connector_hello(from, server, SOCKLND_CONN_CONTROL)) +
	       ksock_header(KSOCK_MSG_LNET) + encode(put) + ksock_header(0x77);
}

// Send the input on @c and wait for the server to close it.
Result<bool> flood_one(Conn &c, std::uint64_t from, const Session &s)
{
	Result<void> sent = c.send(flood_input(from, s.server_nid));
	if (!sent)
		return sent.error();
	Result<Ending> end = c.wait_for_close(s.timeout);
	if (!end)
		return end.error();
	return end->closed;
}

} // namespace

Result<void> send_peer_flood(Session &s)
{
	std::uint64_t count = s.fuzz ? s.fuzz->count : 100;
	std::uint32_t server_ip = static_cast<std::uint32_t>(s.server_nid & 0xffffffff);
	std::uint64_t closed = 0;

	if (count == 0 || count > 0xfffe)
		return Error{EINVAL, "peer-flood: --count must be 1 to 65534"};
	for (std::uint64_t i = 0; i < count; i++) {
		std::uint64_t from = tcp_nid(kFloodBase + static_cast<std::uint32_t>(i) + 1);
		Result<bool> ok = false;

		if (i == 0) {
			ok = flood_one(s.conn, from, s);
		} else {
			Result<Conn> c = Conn::open(server_ip, LNET_ACCEPTOR_PORT, {}, s.timeout);
			if (!c)
				return c.error();
			ok = flood_one(*c, from, s);
		}
		if (!ok)
			return ok.error();
		closed += *ok;
	}
	std::cout << "flood: " << count << " connections from made-up NIDs, " << closed
	          << " closed by the server" << std::endl;
	if (closed != count)
		return Error{EPROTO,
		             "the server left " + std::to_string(count - closed) + " connections open"};
	return {};
}

Result<void> send_push(Session &s)
{
	const lnet_ni_status nis[] = {
	        {s.my_nid, LNET_NI_STATUS_UP, 0},
	        {tcp_nid(kFloodBase | 0xc801), LNET_NI_STATUS_UP, 0}, // 10.98.200.1
	        {s.server_nid, LNET_NI_STATUS_UP, 0},
	        {tcp_nid(kFloodBase | 0xc802), LNET_NI_STATUS_DOWN, 0}, // 10.98.200.2
	};
	lnet_ping_info_hdr pi{};
	pi.pi_magic = LNET_PROTO_PING_MAGIC;
	pi.pi_features = LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_RTE_DISABLED | LNET_PING_FEAT_MULTI_RAIL |
	                 LNET_PING_FEAT_DISCOVERY;
	pi.pi_pid = LNET_PID_LUSTRE;
	pi.pi_nnis = std::size(nis);
	Bytes info(LNET_PING_INFO_HDR_SIZE + std::size(nis) * LNET_NI_STATUS_SIZE);
	if (lnet_ping_info_encode(&pi, nis, info.data(), info.size()) != info.size())
		return Error{EINVAL, "push: cannot encode the ping info"};
	lnet_hdr put = put_header(s.my_nid, s.server_nid, static_cast<std::uint32_t>(info.size()),
	                          LNET_RESERVED_PORTAL, LNET_PROTO_PING_MATCHBITS);
	return s.conn.send(acceptor_request(s.server_nid) +
	                   encode(connector_hello(s.my_nid, s.server_nid, SOCKLND_CONN_CONTROL)) +
	                   ksock_header(KSOCK_MSG_LNET) + encode(put) + info + ksock_header(0x77));
}

} // namespace poke
