// SPDX-License-Identifier: GPL-2.0
// The self-test console (lst_console.hpp).
#include "lst_console.hpp"

#include <cerrno>
#include <string>

#include "msg.hpp"

namespace poke {

using util::Error;

namespace {

Error server_fault(const std::string &what)
{
	return Error{EPROTO, what};
}

lnet_hdr answer_header(const Session &s, const lnet_hdr &in, std::uint32_t type, std::uint32_t len)
{
	lnet_hdr r{};
	r.dest_nid = in.src_nid;
	r.src_nid = s.my_nid;
	r.dest_pid = in.src_pid;
	r.src_pid = LNET_PID_LUSTRE;
	r.type = type;
	r.payload_length = len;
	return r;
}

// Every request's first body field is the reply's match bits, and test
// add's second the bulk's: set them (and the features) in @m.
void set_ids(srpc_msg &m, std::uint64_t rpyid, std::uint64_t bulkid)
{
	switch (m.type) {
	case SRPC_MSG_MKSN_REQST:
		m.body.mksn_reqst.rpyid = rpyid;
		break;
	case SRPC_MSG_RMSN_REQST:
		m.body.rmsn_reqst.rpyid = rpyid;
		break;
	case SRPC_MSG_BATCH_REQST:
		m.body.bat_reqst.rpyid = rpyid;
		break;
	case SRPC_MSG_STAT_REQST:
		m.body.stat_reqst.rpyid = rpyid;
		break;
	case SRPC_MSG_TEST_REQST:
		m.body.tes_reqst.rpyid = rpyid;
		m.body.tes_reqst.bulkid = bulkid;
		break;
	case SRPC_MSG_DEBUG_REQST:
		m.body.dbg_reqst.rpyid = rpyid;
		break;
	case SRPC_MSG_JOIN_REQST:
		m.body.join_reqst.rpyid = rpyid;
		break;
	}
}

} // namespace

Result<void> Console::send(const Bytes &b)
{
	Result<void> r = s_.conn.send(b);
	if (!r && r.error().code == ETIMEDOUT)
		return server_fault("the node stopped reading (" + r.error().message + ")");
	return r;
}

Result<void> Console::send_frame(std::uint32_t service, const Bytes &frame, std::uint64_t rpyid)
{
	lnet_hdr h = put_header(s_.my_nid, s_.server_nid, static_cast<std::uint32_t>(frame.size()),
	                        srpc_service_portal(service), service);
	awaited_ = rpyid;
	reply_.reset();
	return send(ksock_header(KSOCK_MSG_LNET) + encode(h) + frame);
}

Result<std::optional<srpc_msg>> Console::call(std::uint32_t service, srpc_msg req,
                                              std::chrono::duration<double> wait,
                                              const std::vector<LstDest> &dests)
{
	std::uint64_t rpyid = next_id();

	bulkid_ = next_id();
	set_ids(req, rpyid, bulkid_);
	req.ses_feats = feats_;
	dests_ = dests;
	Bytes frame(SRPC_MSG_SIZE);
	if (srpc_msg_encode(&req, frame.data(), false) < 0)
		return Error{EINVAL, "cannot encode an srpc message of type " + std::to_string(req.type)};
	Result<void> r = send_frame(service, frame, rpyid);
	if (!r)
		return r.error();
	return await(rpyid, wait);
}

Result<std::optional<srpc_msg>> Console::await(std::uint64_t rpyid, std::chrono::duration<double> wait)
{
	const Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(wait);

	awaited_ = rpyid;
	while (!reply_ && Clock::now() < deadline) {
		Result<void> r = pump(deadline);
		if (!r)
			return r.error();
	}
	std::optional<srpc_msg> got = std::move(reply_);
	reply_.reset();
	return got;
}

Result<void> Console::drain(std::chrono::duration<double> d)
{
	const Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(d);

	while (Clock::now() < deadline) {
		Result<void> r = pump(deadline);
		if (!r)
			return r;
	}
	return {};
}

Result<void> Console::pump(Clock::time_point deadline)
{
	Result<Bytes> got = s_.conn.recv_some(64 * 1024, deadline);
	if (!got && got.error().code == ETIMEDOUT)
		return {};
	if (!got)
		return got.error();
	if (got->empty())
		return server_fault("the node closed the connection");
	in_.feed(*got);
	for (;;) {
		Result<std::optional<Inbound>> m = in_.next();
		if (!m)
			return m.error();
		if (!*m)
			return {};
		Result<void> r = handle(**m);
		if (!r)
			return r;
	}
}

Result<void> Console::handle(const Inbound &in)
{
	if (in.ksm.zc_cookies[0]) {
		// socklnd keeps a large message's pages until we ACK them.
		ksock_msg_hdr m{};
		Bytes b(KSOCK_MSG_HDR_SIZE);
		m.type = KSOCK_MSG_NOOP;
		m.zc_cookies[1] = in.ksm.zc_cookies[0];
		ksock_msg_hdr_encode(&m, b.data());
		Result<void> r = send(b);
		if (!r)
			return r;
	}
	if (!in.lnet)
		return {};
	const lnet_hdr &h = in.hdr;
	if (h.type == LNET_MSG_GET && h.msg.get.ptl_index == SRPC_RDMA_PORTAL) {
		// The node fetches a test's destination list.
		if (h.msg.get.match_bits != bulkid_ && !lenient_)
			return server_fault("the node GETs match bits " +
			                    std::to_string(h.msg.get.match_bits) +
			                    ", not the test add's bulk " + std::to_string(bulkid_));
		std::uint32_t n = static_cast<std::uint32_t>(dests_.size());
		Bytes list(srpc_dest_bulk_len(n, feats_));
		for (std::uint32_t i = 0; i < n; i++)
			srpc_dest_encode(list.data(), i, dests_[i].nid, dests_[i].pid);
		list.resize(std::min<std::size_t>(list.size(), h.msg.get.sink_length));
		lnet_hdr r = answer_header(s_, h, LNET_MSG_REPLY, static_cast<std::uint32_t>(list.size()));
		r.msg.reply.dst_wmd = h.msg.get.return_wmd;
		gets_++;
		return send(ksock_header(KSOCK_MSG_LNET) + encode(r) + list);
	}
	if (h.type == LNET_MSG_PUT && h.msg.put.ptl_index == SRPC_RDMA_PORTAL) {
		srpc_msg m{};
		bool swab = false;
		const char *why = nullptr;
		if (srpc_msg_decode(in.payload.data(), in.payload.size(), &m, &swab, &why)) {
			if (lenient_)
				return {}; // the bulk of a brw read we sent
			return server_fault(std::string("the node's reply: ") + why);
		}
		if (h.msg.put.match_bits == awaited_)
			reply_ = m;
		return {};
	}
	if (h.type == LNET_MSG_PUT && h.msg.put.ptl_index == SRPC_REQUEST_PORTAL) {
		// A test RPC to us as a destination: a black hole.
		test_requests_++;
		return {};
	}
	return server_fault(
	        "the node sent an LNet message of type " + std::to_string(h.type) + " to portal " +
	        std::to_string(h.type == LNET_MSG_GET ? h.msg.get.ptl_index : h.msg.put.ptl_index));
}

} // namespace poke
