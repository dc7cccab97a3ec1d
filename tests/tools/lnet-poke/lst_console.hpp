// SPDX-License-Identifier: GPL-2.0
// A minimal Lustre self-test console on an lnet-poke connection: it sends
// srpc framework requests to a test node as a Lustre "lst" console does
// (one PUT of a 160-byte frame to portal 51, the service id as match bits,
// the reply awaited on our "portal 52" under the request's reply match
// bits), and serves the node's GET of a test's destination list.  Frames
// are built and read with the kernel's own codec (lnet/srpc_wire.h).
//
// Our end runs no LNet: everything goes over the one connection we opened,
// as the node answers on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

extern "C" {
#include <lnet/srpc_wire.h>
}

#include "inbound.hpp"
#include "scenarios.hpp"

namespace poke {

// A test destination: a NID and pid.
struct LstDest {
	std::uint64_t nid;
	std::uint32_t pid;
};

class Console {
public:
	explicit Console(Session &s) : s_(s) {}

	// The console's session id: our NID and the time we started.
	lst_sid sid() const { return sid_; }
	void set_sid(lst_sid sid) { sid_ = sid; }
	std::uint32_t feats() const { return feats_; }
	void set_feats(std::uint32_t f) { feats_ = f; }

	// Send @req (type, body; its rpyid, bulkid and features are filled
	// in) to @service and wait up to @wait for the reply.
	// @dests: the destination list the node may GET (test add).
	// nullopt: no reply came (ETIMEDOUT is not an error here); EPROTO: the
	// connection broke or the reply is malformed.
	Result<std::optional<srpc_msg>> call(std::uint32_t service, srpc_msg req,
	                                     std::chrono::duration<double> wait,
	                                     const std::vector<LstDest> &dests = {});

	// Send raw frame bytes to @service on its portal (forged frames).
	Result<void> send_frame(std::uint32_t service, const Bytes &frame, std::uint64_t rpyid);

	// Wait up to @wait for the reply to @rpyid (nullopt: none came).
	Result<std::optional<srpc_msg>> await(std::uint64_t rpyid, std::chrono::duration<double> wait);

	// Handle what the node sends for @d (fuzzing: replies to nothing we
	// await are ignored).
	Result<void> drain(std::chrono::duration<double> d);

	// Lenient (fuzzing): a GET of any bulk is answered with the last list,
	// a PUT that is no srpc frame (a brw read's bulk) is ignored; strict
	// (default): only the last test add's bulk may be fetched, and every
	// PUT must be a reply.
	void set_lenient(bool on) { lenient_ = on; }

	// Destination-list GETs served.
	unsigned int gets_served() const { return gets_; }
	// Test RPCs the node sent to us (never answered: we are no test node).
	unsigned int test_requests() const { return test_requests_; }
	std::uint64_t next_id() { return ++ids_; }

private:
	Result<void> pump(Clock::time_point deadline);
	Result<void> handle(const Inbound &in);
	Result<void> send(const Bytes &b);

	Session &s_;
	InboundStream in_;
	lst_sid sid_{};
	std::uint32_t feats_ = 0;
	std::uint64_t ids_ = 0x10000;
	std::vector<LstDest> dests_; // what the next GET is answered with
	std::uint64_t bulkid_ = 0;   // ... and its match bits
	std::uint64_t awaited_ = 0;  // reply match bits
	std::optional<srpc_msg> reply_;
	unsigned int gets_ = 0;
	unsigned int test_requests_ = 0;
	bool lenient_ = false;
};

} // namespace poke
