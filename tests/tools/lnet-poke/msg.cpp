// SPDX-License-Identifier: GPL-2.0
// Building lnet-poke's messages (msg.hpp).
#include "msg.hpp"

#include <ctime>
#include <sstream>

namespace poke {

namespace {

static_assert(kHelloNipsOffset + 4 == KSOCK_HELLO_V3_SIZE);

std::uint64_t now_ns()
{
	timespec ts{};
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		throw util::Fatal("clock_gettime(CLOCK_REALTIME) failed");
	return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

} // namespace

std::string nid_str(std::uint64_t nid)
{
	struct lnet_nid n;
	char text[LNET_NIDSTR_SIZE];

	lnet_nid4_to_nid(nid, &n);
	if (lnet_nid_format(&n, text, sizeof(text)) < 0) {
		std::ostringstream hex;
		hex << "0x" << std::hex << nid;
		return hex.str();
	}
	return text;
}

Bytes acceptor_request(std::uint64_t nid, std::uint32_t magic)
{
	lnet_acceptor_req req{};
	req.magic = magic;
	req.version = LNET_PROTO_ACCEPTOR_VERSION;
	req.nid = nid;
	Bytes b(LNET_ACCEPTOR_REQ_SIZE);
	b.resize(lnet_acceptor_req_encode(&req, b.data()));
	return b;
}

ksock_hello connector_hello(std::uint64_t src, std::uint64_t dst, std::uint32_t ctype)
{
	ksock_hello h{};
	h.magic = LNET_PROTO_MAGIC;
	h.version = KSOCK_PROTO_V3;
	h.src_nid = src;
	h.dst_nid = dst;
	h.src_pid = LNET_PID_LUSTRE;
	h.src_incarnation = now_ns();
	h.ctype = ctype;
	return h;
}

Bytes encode(const ksock_hello &h)
{
	Bytes b(KSOCK_HELLO_V3_SIZE + 4 * KSOCK_HELLO_MAX_IPS);
	b.resize(ksock_hello_encode(&h, b.data(), b.size()));
	return b;
}

Bytes ksock_header(std::uint32_t type)
{
	ksock_msg_hdr m{};
	m.type = type;
	Bytes b(KSOCK_MSG_HDR_SIZE);
	b.resize(ksock_msg_hdr_encode(&m, b.data()));
	return b;
}

lnet_hdr put_header(std::uint64_t src, std::uint64_t dst, std::uint32_t payload_length, std::uint32_t portal,
                    std::uint64_t match_bits)
{
	lnet_hdr h{};
	h.dest_nid = dst;
	h.src_nid = src;
	h.dest_pid = LNET_PID_LUSTRE;
	h.src_pid = LNET_PID_LUSTRE;
	h.type = LNET_MSG_PUT;
	h.payload_length = payload_length;
	h.msg.put.ack_wmd = {~0ULL, ~0ULL}; // LNet's "no ACK"
	h.msg.put.match_bits = match_bits;
	h.msg.put.ptl_index = portal;
	return h;
}

Bytes encode(const lnet_hdr &h)
{
	Bytes b(LNET_HDR_SIZE);
	b.resize(lnet_hdr_encode(&h, b.data()));
	return b;
}

void put_le32(Bytes &b, std::size_t offset, std::uint32_t v)
{
	for (std::size_t i = 0; i < 4; i++)
		b.at(offset + i) = static_cast<std::uint8_t>(v >> (8 * i));
}

std::string describe(const ksock_hello &h)
{
	std::ostringstream s;
	s << "version=" << h.version << " ctype=" << h.ctype << " src=" << nid_str(h.src_nid)
	  << " src_pid=" << h.src_pid << " dst=" << nid_str(h.dst_nid) << " dst_pid=" << h.dst_pid << std::hex
	  << " src_incarnation=0x" << h.src_incarnation << " dst_incarnation=0x" << h.dst_incarnation
	  << std::dec << " nips=" << h.nips;
	for (std::uint32_t i = 0; i < h.nips && i < KSOCK_HELLO_MAX_IPS; i++)
		s << (i ? "," : " ips=") << (h.ips[i] >> 24) << '.' << ((h.ips[i] >> 16) & 0xff) << '.'
		  << ((h.ips[i] >> 8) & 0xff) << '.' << (h.ips[i] & 0xff);
	return s.str();
}

Bytes operator+(Bytes a, const Bytes &b)
{
	a.insert(a.end(), b.begin(), b.end());
	return a;
}

} // namespace poke
