// SPDX-License-Identifier: GPL-2.0
// rpc-fuzz (rpc.hpp).  Our end plays a minimal LNet peer: it sends requests
// as PUTs, reads whatever the server sends between them without waiting,
// and answers what a bulk transfer needs (a REPLY to the server's GET for a
// write, an ACK to its PUT for a read, the zero-copy ACK socklnd asks for),
// so that no server thread waits for a peer that will never answer.
//
// Requests go in bursts of kBurst, each followed by a pause until the
// server has been quiet for kQuiet: the service's request buffers are not
// all used up at once, so most requests reach the handlers instead of being
// dropped by LNet for want of a buffer.
#include "rpc.hpp"

#include <array>
#include <cerrno>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

extern "C" {
#include <nacre/lustre_msg.h>
#include <nacre/ptlrpc_pack.h>
}

#include "inbound.hpp"
#include "msg.hpp"
#include "rpc_mutate.hpp"

namespace poke {

using util::Error;

namespace {

constexpr std::uint64_t kBurst = 32;                   // requests between pauses
constexpr auto kQuiet = std::chrono::milliseconds(20); // a pause ends after this without input
constexpr auto kMaxPause = std::chrono::seconds(2);    // ... or after this
constexpr std::size_t kRecvChunk = 64 * 1024;

Error server_fault(const std::string &what)
{
	return Error{EPROTO, what};
}

// Where the xids of a seed start: a region of its own, far from those of a
// real client (which start at the boot time in microseconds).
std::uint64_t first_xid(std::uint64_t seed)
{
	return 0x4000000000000000ULL | (Rng(~seed).next() & 0x00ffffffff000000ULL);
}

struct Tally {
	std::uint64_t sent = 0;
	std::uint64_t replies = 0;                      // reply PUTs to fuzz requests
	std::uint64_t bad_replies = 0;                  // ... that lustre_msg_check() refused
	std::map<std::int32_t, std::uint64_t> statuses; // pb_status of the good ones
	std::uint64_t gets = 0;                         // bulk GETs answered (writes)
	std::uint64_t puts = 0;                         // bulk PUTs received (reads)
	std::uint64_t other = 0;                        // ACKs, REPLYs, GETs not for bulk
	std::array<std::uint64_t, kMutationCount> mutations{};
};

// Our end of the connection, seen by the server as an LNet peer.
class Peer {
public:
	explicit Peer(Session &s) : s_(s) {}

	// Send @payload as a PUT to @portal with match bits @xid.
	Result<void> put(std::uint32_t portal, std::uint64_t xid, const Bytes &payload);

	// Handle everything the server has sent, waiting until @deadline for
	// the first bytes (a deadline already past: only what is there).
	Result<void> pump(Clock::time_point deadline);

	// Pump until the server has been quiet for kQuiet, at most kMaxPause.
	Result<void> settle();

	// Send @msg to @portal as @xid and pump until its reply comes (within
	// the session's timeout).
	Result<Bytes> call(std::uint32_t portal, std::uint64_t xid, const Bytes &msg);

	// Replies to xids in [@first, @last] are counted in the tally.
	void count_replies(std::uint64_t first, std::uint64_t last)
	{
		first_counted_ = first;
		last_counted_ = last;
	}

	// The last export handle a connect reply gave us, 0 for none.
	std::uint64_t export_handle() const { return export_; }
	Tally &tally() { return tally_; }

private:
	Result<void> handle(Inbound &in);
	Result<void> on_reply(Inbound &in);
	Result<void> answer_get(const Inbound &in);
	Result<void> answer_put(const Inbound &in);
	Result<void> zc_ack(std::uint64_t cookie);
	Result<void> send(const Bytes &b);

	Session &s_;
	InboundStream in_;
	Tally tally_;
	std::uint64_t received_ = 0; // bytes, for settle()
	std::uint64_t export_ = 0;
	std::uint64_t first_counted_ = 1, last_counted_ = 0;
	std::uint64_t awaited_xid_ = 0; // call()'s
	std::optional<Bytes> awaited_reply_;
};

Result<void> Peer::send(const Bytes &b)
{
	Result<void> r = s_.conn.send(b);
	if (!r && r.error().code == ETIMEDOUT)
		return server_fault("the server stopped reading (" + r.error().message + ")");
	return r;
}

Result<void> Peer::put(std::uint32_t portal, std::uint64_t xid, const Bytes &payload)
{
	lnet_hdr h =
	        put_header(s_.my_nid, s_.server_nid, static_cast<std::uint32_t>(payload.size()), portal, xid);
	return send(ksock_header(KSOCK_MSG_LNET) + encode(h) + payload);
}

Result<void> Peer::pump(Clock::time_point deadline)
{
	for (;;) {
		Result<Bytes> got = s_.conn.recv_some(kRecvChunk, deadline);
		if (!got && got.error().code == ETIMEDOUT)
			return {};
		if (!got)
			return got.error();
		if (got->empty())
			return server_fault("the server closed the connection");
		received_ += got->size();
		in_.feed(*got);
		for (;;) {
			Result<std::optional<Inbound>> m = in_.next();
			if (!m)
				return m.error();
			if (!*m)
				break;
			Result<void> r = handle(**m);
			if (!r)
				return r;
		}
		deadline = Clock::now(); // the rest: only what is already there
	}
}

Result<void> Peer::settle()
{
	const Clock::time_point end = Clock::now() + kMaxPause;

	for (;;) {
		std::uint64_t before = received_;
		Result<void> r = pump(std::min(Clock::now() + kQuiet, end));
		if (!r || received_ == before || Clock::now() >= end)
			return r;
	}
}

Result<Bytes> Peer::call(std::uint32_t portal, std::uint64_t xid, const Bytes &msg)
{
	const Clock::time_point deadline =
	        Clock::now() + std::chrono::duration_cast<Clock::duration>(s_.timeout);

	awaited_xid_ = xid;
	awaited_reply_.reset();
	Result<void> r = put(portal, xid, msg);
	while (r && !awaited_reply_ && Clock::now() < deadline)
		r = pump(deadline);
	if (!r)
		return r.error();
	if (!awaited_reply_) {
		std::ostringstream what;
		what << "no reply in " << s_.timeout.count() << " s";
		return Error{ETIMEDOUT, what.str()};
	}
	return std::move(*awaited_reply_);
}

Result<void> Peer::handle(Inbound &in)
{
	// socklnd keeps the pages of a large PUT until we say we have them.
	if (in.ksm.zc_cookies[0]) {
		Result<void> r = zc_ack(in.ksm.zc_cookies[0]);
		if (!r)
			return r;
	}
	if (!in.lnet)
		return {}; // a keepalive, or a zero-copy ACK we never asked for
	switch (in.hdr.type) {
	case LNET_MSG_GET:
		// Only bulk: a GET for anything else (an LNet ping) stays
		// unanswered, since we are no LNet node.
		if (in.hdr.msg.get.ptl_index == OST_BULK_PORTAL)
			return answer_get(in);
		break;
	case LNET_MSG_PUT:
		if (in.hdr.msg.put.ptl_index == OST_BULK_PORTAL)
			return answer_put(in);
		return on_reply(in);
	}
	tally_.other++;
	return {};
}

Result<void> Peer::on_reply(Inbound &in)
{
	const std::uint64_t xid = in.hdr.msg.put.match_bits;
	Bytes &msg = in.payload; // vector storage: aligned for pack.c
	bool counted = xid >= first_counted_ && xid <= last_counted_;

	if (counted)
		tally_.replies++;
	if (lustre_msg_check(msg.data(), static_cast<std::uint32_t>(msg.size()))) {
		tally_.bad_replies++;
		return {};
	}
	const ptlrpc_body *pb = lustre_msg_body(reinterpret_cast<lustre_msg_v2 *>(msg.data()));
	if (counted)
		tally_.statuses[static_cast<std::int32_t>(pb->pb_status)]++;
	if (pb->pb_type == PTL_RPC_MSG_REPLY && pb->pb_opc == OST_CONNECT && pb->pb_status == 0 &&
	    pb->pb_handle.cookie)
		export_ = pb->pb_handle.cookie;
	if (xid == awaited_xid_)
		awaited_reply_ = std::move(msg);
	return {};
}

// A write: the server GETs the data from us.  Zeros, as many as it asks.
Result<void> Peer::answer_get(const Inbound &in)
{
	lnet_hdr r{};

	r.dest_nid = in.hdr.src_nid;
	r.src_nid = s_.my_nid;
	r.dest_pid = in.hdr.src_pid;
	r.src_pid = LNET_PID_LUSTRE;
	r.type = LNET_MSG_REPLY;
	r.payload_length = in.hdr.msg.get.sink_length;
	r.msg.reply.dst_wmd = in.hdr.msg.get.return_wmd;
	tally_.gets++;
	return send(ksock_header(KSOCK_MSG_LNET) + encode(r) + Bytes(r.payload_length));
}

// A read: the server PUTs the data to us and waits for the ACK, which says
// how much arrived.
Result<void> Peer::answer_put(const Inbound &in)
{
	tally_.puts++;
	if (in.hdr.msg.put.ack_wmd.wh_object_cookie == ~0ULL)
		return {};
	lnet_hdr a{};
	a.dest_nid = in.hdr.src_nid;
	a.src_nid = s_.my_nid;
	a.dest_pid = in.hdr.src_pid;
	a.src_pid = LNET_PID_LUSTRE;
	a.type = LNET_MSG_ACK;
	a.msg.ack.dst_wmd = in.hdr.msg.put.ack_wmd;
	a.msg.ack.match_bits = in.hdr.msg.put.match_bits;
	a.msg.ack.mlength = in.hdr.payload_length;
	return send(ksock_header(KSOCK_MSG_LNET) + encode(a));
}

Result<void> Peer::zc_ack(std::uint64_t cookie)
{
	ksock_msg_hdr m{};
	Bytes b(KSOCK_MSG_HDR_SIZE);

	m.type = KSOCK_MSG_NOOP;
	m.zc_cookies[1] = cookie;
	ksock_msg_hdr_encode(&m, b.data());
	return send(b);
}

std::string hex(std::uint64_t v)
{
	std::ostringstream s;
	s << "0x" << std::hex << v;
	return s.str();
}

// Connect to the target first: with its export handle, requests get past
// "not connected" to the handlers (and their bulk transfers).
void connect_export(Peer &peer, const FuzzOptions &o, const std::string &client, std::uint64_t xid)
{
	Result<Bytes> reply = peer.call(OST_REQUEST_PORTAL, xid, connect_request(o.target, client));
	if (!reply) {
		std::cout << "export: none (connect: " << reply.error().message << ")" << std::endl;
		return;
	}
	if (!peer.export_handle()) {
		auto *pb = lustre_msg_body(reinterpret_cast<lustre_msg_v2 *>(reply->data()));
		std::cout << "export: none (connect to " << o.target << " answered with status "
		          << static_cast<std::int32_t>(pb->pb_status) << ")" << std::endl;
		return;
	}
	std::cout << "export: " << hex(peer.export_handle()) << " (" << client << " connected to " << o.target
	          << ")" << std::endl;
}

void report(const Tally &t)
{
	std::cout << "mutations:";
	const char *sep = " ";
	for (std::size_t i = 0; i < kMutationCount; i++) {
		if (!t.mutations[i])
			continue;
		std::cout << sep << mutation_name(static_cast<Mutation>(i)) << ' ' << t.mutations[i];
		sep = ", ";
	}
	std::cout << "\nreplies: " << t.replies;
	if (!t.replies)
		std::cout << " (none came on this connection)";
	std::cout << "\n";
	if (!t.statuses.empty()) {
		std::cout << "statuses:";
		sep = " ";
		for (const auto &[status, n] : t.statuses) {
			std::cout << sep << status << " x" << n;
			sep = ", ";
		}
		std::cout << "\n";
	}
	std::cout << "bulk: " << t.gets << " GETs answered, " << t.puts << " PUTs received\n";
	if (t.other)
		std::cout << "unexpected: " << t.other << " ACKs, REPLYs or GETs not for bulk, ignored\n";
	std::cout << std::flush;
}

} // namespace

Result<void> rpc_fuzz(Session &s)
{
	static const FuzzOptions defaults;
	const FuzzOptions &o = s.fuzz ? *s.fuzz : defaults;
	const std::string client = "lnet-poke-" + std::to_string(o.seed);
	std::uint64_t xid = first_xid(o.seed);
	Peer peer(s);

	connect_export(peer, o, client, xid++);
	std::cout << "rpc-fuzz: seed " << o.seed << ", portal " << o.portal << ", " << o.count
	          << " messages, xids from " << hex(xid) << std::endl;

	Mutator gen(o.seed, o.target, client);
	Tally &t = peer.tally();
	peer.count_replies(xid, xid + o.count - 1);
	for (std::uint64_t i = 0; i < o.count; i++) {
		FuzzMessage m = gen.next(peer.export_handle());
		t.mutations[static_cast<std::size_t>(m.mutation)]++;
		Result<void> r = peer.put(o.portal, xid++, m.bytes);
		if (r) {
			t.sent++;
			r = (i + 1) % kBurst ? peer.pump(Clock::now()) : peer.settle();
		}
		if (!r) {
			report(t);
			std::ostringstream where;
			where << r.error().message << " after " << i + 1 << " of " << o.count
			      << " messages (the last: " << base_name(m.base) << ", "
			      << mutation_name(m.mutation) << ")";
			return Error{r.error().code, where.str()};
		}
	}
	Result<void> r = peer.settle();
	if (!r) {
		report(t);
		return Error{r.error().code, r.error().message + " after the last message"};
	}

	// Alive: a valid ping, no connection needed, on the connect portal.
	Result<Bytes> pong = peer.call(OST_REQUEST_PORTAL, xid, ping_request(0));
	report(t);
	if (!pong)
		return server_fault("the final ping (xid " + hex(xid) + "): " + pong.error().message);
	if (t.bad_replies)
		return server_fault(std::to_string(t.bad_replies) + " of the server's replies are malformed");
	const ptlrpc_body *pb = lustre_msg_body(reinterpret_cast<lustre_msg_v2 *>(pong->data()));
	if (pb->pb_type != PTL_RPC_MSG_REPLY || pb->pb_status)
		return server_fault("the final ping was answered with status " +
		                    std::to_string(static_cast<std::int32_t>(pb->pb_status)));
	// Serve the bulk transfers still under way before we go: a server
	// thread would otherwise wait a whole obd_timeout for them.
	(void)peer.settle();
	std::cout << "sent " << t.sent << ", replies " << t.replies << ", alive" << std::endl;
	return {};
}

} // namespace poke
