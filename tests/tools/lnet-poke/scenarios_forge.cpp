// SPDX-License-Identifier: GPL-2.0
// Forgery and flood scenarios (scenarios_forge.hpp).  Each message is a
// correct LNet message built with the kernel's codec, with exactly the lie
// the scenario is about:
//
//   forge-src         GETs and a PUT asking for an ACK whose source NID is
//                     a third node's: the server must answer nobody (the
//                     third node checks it received nothing), and still
//                     answer our own GET
//   forge-reply-ping  REPLYs to every small MD handle of the server's
//                     incarnation, the ping list's MD among them: the ping
//                     answer must not change
//   forge-answer      waits for the server's GET (its "lnetctl ping" of us),
//                     then answers it with an ACK, REPLYs to wrong handles
//                     and a REPLY from a forged source, each carrying a
//                     ping list that names 10.99.0.250@tcp, and last the
//                     true REPLY: the ping must report our NID
//   get-flood         --gets GETs of the ping list, never reading the
//                     answers, then holds the connection for --hold seconds
//   trickle-read      GETs of 1 MiB of self-test data, read 1 KiB every
//                     200 ms: the server must give up within the timeout
#include "scenarios_forge.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <iostream>
#include <sys/socket.h>
#include <thread>

#include "inbound.hpp"
#include "hello.hpp"
#include "msg.hpp"

extern "C" {
#include <uapi/linux/lnet_selftest_genl.h>
}

namespace poke {

using util::Error;

namespace {

constexpr std::uint64_t kForgedNid = tcp_nid(0x0a6300fa); // 10.99.0.250@tcp
constexpr lnet_handle_wire kNoWmd = {~0ULL, ~0ULL};
constexpr int kSmallRcvbuf = 4096;

Error server_fault(const std::string &what)
{
	return Error{EPROTO, what};
}

Clock::time_point after(std::chrono::duration<double> d)
{
	return Clock::now() + std::chrono::duration_cast<Clock::duration>(d);
}

// --- our end of the connection ------------------------------------------------------

Bytes lnet_message(const lnet_hdr &h, const Bytes &payload = {})
{
	return ksock_header(KSOCK_MSG_LNET) + encode(h) + payload;
}

lnet_hdr header(std::uint64_t src, std::uint64_t dst, std::uint32_t type, std::uint32_t len)
{
	lnet_hdr h{};
	h.dest_nid = dst;
	h.src_nid = src;
	h.dest_pid = LNET_PID_LUSTRE;
	h.src_pid = LNET_PID_LUSTRE;
	h.type = type;
	h.payload_length = len;
	return h;
}

lnet_hdr get_header(std::uint64_t src, std::uint64_t dst, std::uint32_t portal, std::uint64_t bits,
                    std::uint32_t sink, lnet_handle_wire ret)
{
	lnet_hdr h = header(src, dst, LNET_MSG_GET, 0);
	h.msg.get.return_wmd = ret;
	h.msg.get.match_bits = bits;
	h.msg.get.ptl_index = portal;
	h.msg.get.sink_length = sink;
	return h;
}

lnet_hdr reply_header(std::uint64_t src, std::uint64_t dst, lnet_handle_wire wmd, std::uint32_t len)
{
	lnet_hdr h = header(src, dst, LNET_MSG_REPLY, len);
	h.msg.reply.dst_wmd = wmd;
	return h;
}

// A ping list naming one NI, @nid.
Bytes ping_info(std::uint64_t nid)
{
	lnet_ping_info_hdr pi{LNET_PROTO_PING_MAGIC, 0x2, LNET_PID_LUSTRE, 1};
	lnet_ni_status ns{nid, LNET_NI_STATUS_UP, 0};
	Bytes b(LNET_PING_INFO_HDR_SIZE + LNET_NI_STATUS_SIZE);
	b.resize(lnet_ping_info_encode(&pi, &ns, b.data(), b.size()));
	return b;
}

// What the server sent us, cut into messages.
class Inbox {
public:
	explicit Inbox(Session &s) : s_(s) {}

	// The next LNet message, waiting until @deadline; nullopt when none
	// came (NOOPs are skipped); EPROTO when the server closed.
	Result<std::optional<Inbound>> next(Clock::time_point deadline)
	{
		for (;;) {
			Result<std::optional<Inbound>> m = in_.next();
			if (!m)
				return m.error();
			if (*m && (*m)->lnet)
				return m;
			if (*m)
				continue; // a NOOP
			Result<Bytes> got = s_.conn.recv_some(64 * 1024, deadline);
			if (!got && got.error().code == ETIMEDOUT)
				return std::optional<Inbound>{};
			if (!got)
				return got.error();
			if (got->empty())
				return server_fault("the server closed the connection");
			in_.feed(*got);
		}
	}

private:
	Session &s_;
	InboundStream in_;
};

// Our own GET of the server's ping list, and the REPLY's payload.
Result<Bytes> ping(Session &s, Inbox &in)
{
	const lnet_handle_wire ret = {0x6e616372, 0x70696e67};
	Result<void> r = s.conn.send(lnet_message(
	        get_header(s.my_nid, s.server_nid, LNET_RESERVED_PORTAL, LNET_PROTO_PING_MATCHBITS, 4096, ret)));
	if (!r)
		return r.error();
	auto deadline = after(s.timeout);
	for (;;) {
		Result<std::optional<Inbound>> m = in.next(deadline);
		if (!m)
			return m.error();
		if (!*m)
			return server_fault("no REPLY to our GET of the ping list");
		const lnet_hdr &h = (*m)->hdr;
		if (h.type == LNET_MSG_REPLY && h.msg.reply.dst_wmd.wh_object_cookie == ret.wh_object_cookie)
			return (*m)->payload;
	}
}

// Any LNet message the server sends within @d: it must send none.
Result<void> expect_silence(Inbox &in, std::chrono::duration<double> d, const char *after_what)
{
	Result<std::optional<Inbound>> m = in.next(after(d));
	if (!m)
		return m.error();
	if (*m)
		return server_fault(std::string("the server answered ") + after_what + " (message type " +
		                    std::to_string((*m)->hdr.type) + ")");
	return {};
}

void small_receive_buffer(Session &s)
{
	int v = kSmallRcvbuf;
	::setsockopt(s.conn.fd(), SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
}

// --- the scenarios ------------------------------------------------------------------------

Result<void> forge_src(Session &s)
{
	std::uint64_t victim = kForgedNid;
	if (s.forge && !s.forge->victim.empty()) {
		in_addr a{};
		if (inet_pton(AF_INET, s.forge->victim.c_str(), &a) != 1)
			return Error{EINVAL, "--victim: not an IPv4 address: " + s.forge->victim};
		victim = tcp_nid(ntohl(a.s_addr));
	}
	Result<ksock_hello> h = handshake(s);
	if (!h)
		return h.error();
	Inbox in(s);
	Bytes out;
	const lnet_handle_wire ret = {1, 1};
	for (int i = 0; i < 8; i++) {
		out = std::move(out) + lnet_message(get_header(victim, s.server_nid, LNET_RESERVED_PORTAL,
		                                               LNET_PROTO_PING_MATCHBITS, 4096, ret));
		out = std::move(out) + lnet_message(get_header(victim, s.server_nid, LST_PORTAL, LST_MATCH_BITS,
		                                               LNET_MAX_PAYLOAD, ret));
	}
	lnet_hdr put = put_header(victim, s.server_nid, 64, LST_PORTAL, LST_MATCH_BITS);
	put.msg.put.ack_wmd = ret;
	out = std::move(out) + lnet_message(put, Bytes(64, 0x5a));
	if (Result<void> r = s.conn.send(out); !r)
		return r;
	std::cout << "forged 17 messages from " << nid_str(victim) << std::endl;
	if (Result<void> r = expect_silence(in, std::chrono::seconds(1), "forged messages"); !r)
		return r;
	Result<Bytes> p = ping(s, in);
	if (!p)
		return p.error();
	std::cout << "our own GET answered: " << p->size() << " bytes" << std::endl;
	return {};
}

Result<void> forge_reply_ping(Session &s)
{
	Result<ksock_hello> h = handshake(s);
	if (!h)
		return h.error();
	Inbox in(s);
	Result<Bytes> before = ping(s, in);
	if (!before)
		return before.error();
	Bytes forged(before->size(), 0xee);
	Bytes out;
	unsigned int n = 0;
	for (std::uint64_t gen = 1; gen <= 128; gen++)
		for (std::uint64_t id = 0; id < 16; id++, n++)
			out = std::move(out) + lnet_message(reply_header(s.my_nid, s.server_nid,
			                                                 {h->src_incarnation, gen << 32 | id},
			                                                 static_cast<std::uint32_t>(forged.size())),
			                                    forged);
	if (Result<void> r = s.conn.send(out); !r)
		return r;
	std::cout << "forged " << n << " REPLYs of " << forged.size() << " bytes" << std::endl;
	Result<Bytes> now = ping(s, in);
	if (!now)
		return now.error();
	if (*now != *before)
		return server_fault("the server's ping answer changed after the forged REPLYs");
	std::cout << "ping answer unchanged (" << now->size() << " bytes)" << std::endl;
	return {};
}

Result<void> forge_answer(Session &s)
{
	Result<ksock_hello> hello = handshake(s);
	if (!hello)
		return hello.error();
	Inbox in(s);
	std::cout << "waiting for the server's GET" << std::endl;
	std::optional<Inbound> get;
	auto deadline = after(s.timeout);
	while (!get) {
		Result<std::optional<Inbound>> m = in.next(deadline);
		if (!m)
			return m.error();
		if (!*m)
			return Error{ETIMEDOUT, "the server sent no GET in time"};
		if ((*m)->hdr.type == LNET_MSG_GET)
			get = std::move(*m);
	}
	const lnet_handle_wire w = get->hdr.msg.get.return_wmd;
	const Bytes lie = ping_info(kForgedNid);
	lnet_hdr ack = header(s.my_nid, s.server_nid, LNET_MSG_ACK, 0);
	ack.msg.ack.dst_wmd = w;
	ack.msg.ack.match_bits = get->hdr.msg.get.match_bits;
	const auto len = static_cast<std::uint32_t>(lie.size());
	Bytes out = lnet_message(ack) +
	            lnet_message(reply_header(s.my_nid, s.server_nid, {w.wh_interface_cookie ^ 1, w.wh_object_cookie},
	                                      len),
	                         lie) +
	            lnet_message(reply_header(s.my_nid, s.server_nid,
	                                      {w.wh_interface_cookie, w.wh_object_cookie + (1ULL << 32)}, len),
	                         lie) +
	            lnet_message(reply_header(s.my_nid, s.server_nid, {w.wh_interface_cookie, w.wh_object_cookie ^ 1},
	                                      len),
	                         lie) +
	            lnet_message(reply_header(kForgedNid, s.server_nid, w, len), lie);
	if (Result<void> r = s.conn.send(out); !r)
		return r;
	// Give the forgeries time to do their damage before the true answer.
	std::this_thread::sleep_for(std::chrono::milliseconds(500));
	const Bytes truth = ping_info(s.my_nid);
	if (Result<void> r = s.conn.send(lnet_message(
	            reply_header(s.my_nid, s.server_nid, w, static_cast<std::uint32_t>(truth.size())), truth));
	    !r)
		return r;
	std::cout << "sent an ACK and 4 forged REPLYs, then the true REPLY" << std::endl;
	// Stay connected while the server takes the REPLY.
	Result<std::optional<Inbound>> m = in.next(after(std::chrono::seconds(1)));
	return m ? Result<void>{} : Result<void>{m.error()};
}

Result<void> get_flood(Session &s)
{
	const std::uint64_t count = s.forge ? s.forge->gets : ForgeOptions{}.gets;
	const double hold = s.forge ? s.forge->hold : ForgeOptions{}.hold;
	Result<ksock_hello> h = handshake(s);
	if (!h)
		return h.error();
	small_receive_buffer(s);
	const Bytes one = lnet_message(get_header(s.my_nid, s.server_nid, LNET_RESERVED_PORTAL,
	                                          LNET_PROTO_PING_MATCHBITS, LNET_MAX_PAYLOAD, {1, 1}));
	Bytes batch;
	for (int i = 0; i < 1000; i++)
		batch = std::move(batch) + one;
	std::uint64_t sent = 0;
	while (sent < count) {
		std::uint64_t n = std::min<std::uint64_t>(1000, count - sent);
		Result<void> r = s.conn.send(std::span(batch).first(n * one.size()));
		if (!r)
			return server_fault("the server stopped reading after " + std::to_string(sent) +
			                    " GETs: " + r.error().message);
		sent += n;
	}
	std::cout << "sent " << sent << " GETs of " << one.size() << " bytes, reading nothing" << std::endl;
	std::this_thread::sleep_for(std::chrono::duration<double>(hold));
	std::cout << "held " << hold << "s" << std::endl;
	return {};
}

Result<void> trickle_read(Session &s)
{
	Result<ksock_hello> h = handshake(s);
	if (!h)
		return h.error();
	small_receive_buffer(s);
	Bytes out;
	for (int i = 0; i < 4; i++)
		out = std::move(out) + lnet_message(get_header(s.my_nid, s.server_nid, LST_PORTAL, LST_MATCH_BITS,
		                                               LNET_MAX_PAYLOAD, {1, 1}));
	if (Result<void> r = s.conn.send(out); !r)
		return r;
	auto start = Clock::now();
	auto deadline = after(s.timeout);
	std::uint64_t got_bytes = 0;
	while (Clock::now() < deadline) {
		std::this_thread::sleep_for(std::chrono::milliseconds(200));
		Result<Bytes> got = s.conn.recv_some(1024, Clock::now() + std::chrono::milliseconds(1));
		if (!got && got.error().code == ETIMEDOUT)
			continue;
		if (!got)
			return got.error();
		if (got->empty()) {
			std::chrono::duration<double> t = Clock::now() - start;
			std::cout << "read " << got_bytes << " bytes; closed after " << t.count() << " s" << std::endl;
			return {};
		}
		got_bytes += got->size();
	}
	return server_fault("the server still sends after " + std::to_string(got_bytes) +
	                    " bytes trickled out: its send timeout never fired");
}

constexpr Scenario kForge[] = {
        {"forge-src", "handshake, GETs and an ACK-asking PUT whose source NID is --victim's (default .250)",
         forge_src, Expect::Alive},
        {"forge-reply-ping", "handshake, 2048 REPLYs to guessed MD handles; the ping answer must not change",
         forge_reply_ping, Expect::Alive},
        {"forge-answer", "wait for the server's GET, answer with an ACK and forged REPLYs, then the true one",
         forge_answer, Expect::Alive},
        {"get-flood", "handshake, --gets GETs never read, connection held --hold s", get_flood, Expect::Alive},
        {"trickle-read", "handshake, 4 GETs of 1 MiB read at 5 KiB/s; the server must close in --timeout",
         trickle_read, Expect::Alive},
};

} // namespace

std::span<const Scenario> forge_scenarios()
{
	return kForge;
}

} // namespace poke
