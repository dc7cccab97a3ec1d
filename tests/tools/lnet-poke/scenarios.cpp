// SPDX-License-Identifier: GPL-2.0
// lnet-poke's scenarios (scenarios.hpp).  Every bad input is one correct
// message with one thing wrong, so that the server's refusal names that
// thing: the acceptor request (16 bytes), the HELLO V3 (56), or, after a
// correct handshake, the socklnd header (24) and LNet header (72).
#include "scenarios.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <sys/random.h>

#include "msg.hpp"
#include "rpc.hpp"
#include "scenarios_forge.hpp"
#include "scenarios_flood.hpp"
#include "scenarios_lst.hpp"

namespace poke {

using util::Error;

namespace {

// A tcp0 NID the server does not have: 10.99.0.250@tcp.
constexpr std::uint64_t kForeignNid = tcp_nid(0x0a6300fa);

Error server_fault(const std::string &what)
{
	return Error{EPROTO, what};
}

// --- building blocks --------------------------------------------------------------

ksock_hello my_hello(const Session &s)
{
	return connector_hello(s.my_nid, s.server_nid, SOCKLND_CONN_CONTROL);
}

// The acceptor request for the server's NID followed by @hello.
Result<void> send_opening(Session &s, const ksock_hello &hello)
{
	return s.conn.send(acceptor_request(s.server_nid) + encode(hello));
}

// Read the server's HELLO, as many bytes as its own fields announce.
Result<ksock_hello> read_hello(Session &s)
{
	auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(s.timeout);
	Bytes buf;
	std::size_t need = 8;
	ksock_hello h{};
	bool swab = false;
	const char *why = nullptr;

	for (;;) {
		while (buf.size() < need) {
			Result<Bytes> got = s.conn.recv_some(need - buf.size(), deadline);
			if (!got && got.error().code == ETIMEDOUT)
				return server_fault("no HELLO from the server in time");
			if (!got)
				return got.error();
			if (got->empty())
				return server_fault(
				        "the server closed the connection instead of answering a HELLO");
			buf = std::move(buf) + *got;
		}
		int rc = ksock_hello_decode(buf.data(), buf.size(), &h, &swab, &need, &why);
		if (rc == 0)
			return h;
		if (rc != -EAGAIN || need <= buf.size())
			return server_fault(std::string("the server's HELLO: ") + (why ? why : "malformed"));
	}
}

// The server's answer to my_hello(): V3 (the decoder checks), CONTROL, to us.
Result<void> check_answer(const Session &s, const ksock_hello &h)
{
	if (h.ctype != SOCKLND_CONN_CONTROL)
		return server_fault("the server's HELLO has connection type " + std::to_string(h.ctype) +
		                    ", expected 1 (CONTROL)");
	if (h.dst_nid != s.my_nid)
		return server_fault("the server's HELLO is to " + nid_str(h.dst_nid) + ", expected " +
		                    nid_str(s.my_nid));
	return {};
}

// A correct acceptor request and HELLO exchange, the server's HELLO printed.
Result<void> handshake(Session &s)
{
	Result<void> sent = send_opening(s, my_hello(s));
	if (!sent)
		return sent;
	Result<ksock_hello> h = read_hello(s);
	if (!h)
		return h.error();
	std::cout << "hello: " << describe(*h) << std::endl;
	return check_answer(s, *h);
}

// After a correct handshake, send @after.
Result<void> after_handshake(Session &s, const Bytes &after)
{
	Result<void> r = handshake(s);
	if (!r)
		return r;
	return s.conn.send(after);
}

Result<void> fill_random(Bytes &b)
{
	std::size_t have = 0;
	while (have < b.size()) {
		ssize_t n = getrandom(b.data() + have, b.size() - have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return Error{errno, std::string("getrandom: ") + std::strerror(errno)};
		have += static_cast<std::size_t>(n);
	}
	return {};
}

Bytes first(Bytes b, std::size_t n)
{
	b.resize(n);
	return b;
}

// --- the acceptor request ------------------------------------------------------------

Result<void> send_garbage(Session &s)
{
	Bytes b(256);
	Result<void> r = fill_random(b);
	if (!r)
		return r;
	b[0] = 0x00; // never an acceptor magic, in either byte order
	return s.conn.send(b);
}

Result<void> send_short_acceptor(Session &s)
{
	return s.conn.send(first(acceptor_request(s.server_nid), 10));
}

Result<void> send_bad_magic(Session &s)
{
	return s.conn.send(acceptor_request(s.server_nid, 0xdeadbeef));
}

Result<void> send_wrong_nid(Session &s)
{
	return s.conn.send(acceptor_request(kForeignNid));
}

// --- the HELLO -------------------------------------------------------------------------

Result<void> send_short_hello(Session &s)
{
	return s.conn.send(acceptor_request(s.server_nid) + first(encode(my_hello(s)), 30));
}

Result<void> send_hello_version(Session &s, std::uint32_t version)
{
	ksock_hello h = my_hello(s);
	h.version = version;
	return send_opening(s, h);
}

Result<void> send_hello_v1(Session &s)
{
	return send_hello_version(s, 1);
}

Result<void> send_hello_v4(Session &s)
{
	return send_hello_version(s, 4);
}

Result<void> send_hello_bad_type(Session &s)
{
	ksock_hello h = my_hello(s);
	h.ctype = 7;
	return send_opening(s, h);
}

// The codec refuses to encode more than 16 IPs: the count is forged.
Result<void> send_hello_many_ips(Session &s)
{
	Bytes hello = encode(my_hello(s));
	put_le32(hello, kHelloNipsOffset, 1000);
	return s.conn.send(acceptor_request(s.server_nid) + hello);
}

Result<void> send_hello_wrong_dst(Session &s)
{
	ksock_hello h = my_hello(s);
	h.dst_nid = kForeignNid;
	return send_opening(s, h);
}

Result<void> send_valid(Session &s)
{
	return handshake(s);
}

Result<void> send_unprivileged(Session &s)
{
	return send_opening(s, my_hello(s));
}

// --- after the handshake ------------------------------------------------------------------

Result<void> stall_mid_message(Session &s)
{
	lnet_hdr put = put_header(s.my_nid, s.server_nid, 0, 0, 0);
	return after_handshake(s, ksock_header(KSOCK_MSG_LNET) + first(encode(put), 40));
}

Result<void> send_bad_ksock_type(Session &s)
{
	return after_handshake(s, ksock_header(0x77));
}

Result<void> send_huge_payload(Session &s)
{
	lnet_hdr put = put_header(s.my_nid, s.server_nid, 0x7fffffff, 0, 0);
	return after_handshake(s, ksock_header(KSOCK_MSG_LNET) + encode(put));
}

Result<void> send_truncated_payload(Session &s)
{
	lnet_hdr put = put_header(s.my_nid, s.server_nid, 4096, 63, 1);
	Bytes payload(100, 0x5a);
	return after_handshake(s, ksock_header(KSOCK_MSG_LNET) + encode(put) + payload);
}

Result<void> send_rpc_fuzz(Session &s)
{
	Result<void> r = handshake(s);
	if (!r)
		return r;
	return rpc_fuzz(s);
}

using K = SourcePort::Kind;

constexpr Scenario kScenarios[] = {
        {"valid", "correct acceptor request + HELLO V3; the server must answer with its HELLO", send_valid,
         Expect::Hello},
        {"garbage", "256 random bytes instead of an acceptor request", send_garbage},
        {"short-acceptor", "10 of the 16 bytes of an acceptor request, then nothing", send_short_acceptor},
        {"bad-magic", "acceptor request with magic 0xdeadbeef", send_bad_magic},
        {"wrong-nid", "acceptor request for 10.99.0.250@tcp, not the server's NID", send_wrong_nid},
        {"short-hello", "acceptor request + 30 of the 56 bytes of a HELLO, then nothing", send_short_hello},
        {"hello-v1", "HELLO with version 1", send_hello_v1},
        {"hello-v4", "HELLO with version 4", send_hello_v4},
        {"hello-bad-type", "HELLO with connection type 7", send_hello_bad_type},
        {"hello-many-ips", "HELLO claiming 1000 IP addresses", send_hello_many_ips},
        {"hello-wrong-dst", "HELLO to 10.99.0.250@tcp, not the server's NID", send_hello_wrong_dst},
        {"stall-mid-message",
         "handshake, socklnd header + 40 of the 72 bytes of an LNet header, then nothing", stall_mid_message},
        {"bad-ksock-type", "handshake, socklnd header with message type 0x77", send_bad_ksock_type},
        {"huge-payload", "handshake, LNet PUT header announcing 0x7fffffff payload bytes", send_huge_payload},
        {"truncated-payload", "handshake, PUT of 4096 bytes (portal 63, match bits 1) with 100, then nothing",
         send_truncated_payload},
        {"unprivileged", "as valid, from an unprivileged port; the server must close without answering",
         send_unprivileged, Expect::CloseSilently, K::Ephemeral},
        {"rpc-fuzz",
         "handshake, --count ptlrpc requests broken every way (--seed) to --portal, then a ping that must be "
         "answered",
         send_rpc_fuzz, Expect::Alive},
        {"peer-flood",
         "--count connections, each a handshake + PUT from its own made-up NID (10.98.x.y@tcp) and a "
         "bad socklnd message; the server must close every one",
         send_peer_flood, Expect::Alive},
        {"push",
         "handshake, a discovery PUSH listing our NID, 10.98.200.1@tcp, the server's NID and a down NI, "
         "then a bad socklnd message",
         send_push},
};

} // namespace

std::span<const Scenario> scenarios()
{
	return kScenarios;
}

const Scenario *find_scenario(std::string_view name)
{
	for (const Scenario &sc : kScenarios)
		if (sc.name == name)
			return &sc;
	for (const Scenario &sc : forge_scenarios())
		if (sc.name == name)
			return &sc;
	for (const Scenario &sc : lst_scenarios())
		if (sc.name == name)
			return &sc;
	return nullptr;
}

void report_answer(const Bytes &answer)
{
	ksock_hello h{};
	bool swab = false;
	std::size_t need = 0;

	if (answer.empty())
		return;
	if (ksock_hello_decode(answer.data(), answer.size(), &h, &swab, &need, nullptr) == 0)
		std::cout << "hello: " << describe(h) << "\n";
	else
		std::cout << "answer: " << answer.size() << " bytes\n";
}

} // namespace poke
