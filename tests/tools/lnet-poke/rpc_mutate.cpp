// SPDX-License-Identifier: GPL-2.0
// rpc-fuzz's requests and their mutations (rpc_mutate.hpp).  Every request
// is laid out by pack.c (lustre_msg_size, lustre_msg_init, lustre_msg_buf),
// as the kernel's own client lays out its requests, so a mutation is the
// only thing wrong with a message.
#include "rpc_mutate.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <utility>

extern "C" {
#include <lnet/wire.h>
#include <nacre/lustre_dlm_wire.h>
#include <nacre/lustre_msg.h>
#include <nacre/lustre_ost_wire.h>
#include <nacre/ptlrpc_pack.h>
}

namespace poke {

namespace {

constexpr std::uint32_t kPid = LNET_PID_LUSTRE; // pb_status of a request: the sender's pid
constexpr std::uint32_t kRequestTimeout = 20;   // pb_timeout, seconds
constexpr std::size_t kHugeSize = 64 * 1024;    // RandomHuge: four service buffers
constexpr std::uint32_t kPage = 4096;
constexpr std::size_t kUuidText = OBD_UUID_WIRE_LEN - 1; // room for the text before the NUL

// How often each mutation is drawn, in table order (Mutation's values).
// Byte flips, which find what nobody thought of, come most often.
constexpr std::array<unsigned, kMutationCount> kWeights = {
        2, // None
        3, // Truncate
        6, // FlipBytes
        1, // BufcountZero
        1, // BufcountTwenty
        1, // BufcountHuge
        2, // BuflenOverflow
        1, // BadMagic
        1, // SwabbedMagic
        1, // BadType
        1, // NotRequest
        1, // BadVersion
        2, // RandomHandle
        4, // LockCountHuge (enqueues only)
        4, // StringNoNul (connects only)
        2, // EmptyBuffer
        1, // Empty
        1, // RandomHuge
};

lustre_msg_v2 *msg_of(Bytes &b)
{
	return reinterpret_cast<lustre_msg_v2 *>(b.data());
}

ptlrpc_body *body_of(Bytes &b)
{
	return lustre_msg_body(msg_of(b));
}

template <typename T>
T *buffer(Bytes &b, std::uint32_t n, std::uint32_t size = sizeof(T))
{
	return static_cast<T *>(lustre_msg_buf(msg_of(b), n, size));
}

std::uint32_t message_size(std::initializer_list<std::uint32_t> lens)
{
	std::vector<__u32> l(lens);
	return lustre_msg_size(static_cast<__u32>(l.size()), l.data());
}

// A zeroed message with these buffer lengths, its header set up.
Bytes new_message(std::initializer_list<std::uint32_t> lens)
{
	std::vector<__u32> l(lens);
	Bytes b(message_size(lens));
	lustre_msg_init(msg_of(b), static_cast<__u32>(l.size()), l.data());
	msg_of(b)->lm_flags = MSGHDR_AT_SUPPORT;
	return b;
}

// Buffer 0 of a request, and the reply size the sender says it posted.
void set_request(Bytes &b, std::uint32_t opc, std::uint32_t service_version, std::uint64_t handle,
                 std::uint32_t reply_size)
{
	ptlrpc_body *pb = body_of(b);

	pb->pb_handle.cookie = handle;
	pb->pb_type = PTL_RPC_MSG_REQUEST;
	pb->pb_version = PTLRPC_MSG_VERSION | service_version;
	pb->pb_opc = opc;
	pb->pb_status = kPid;
	pb->pb_conn_cnt = 1;
	pb->pb_timeout = kRequestTimeout;
	msg_of(b)->lm_repsize = reply_size;
}

void put_uuid(Bytes &b, std::uint32_t n, const std::string &text)
{
	char *dst = buffer<char>(b, n, OBD_UUID_WIRE_LEN);
	std::memcpy(dst, text.data(), std::min(text.size(), kUuidText));
}

// A connect as import.c sends it: target UUID, client UUID, the handle of
// the previous connection (zero on a first connect), connect data.
Bytes connect_message(const std::string &target, const std::string &client, std::uint64_t old_handle,
                      bool reconnect)
{
	Bytes b = new_message({sizeof(ptlrpc_body), OBD_UUID_WIRE_LEN, OBD_UUID_WIRE_LEN,
	                       sizeof(lustre_handle), sizeof(obd_connect_data)});
	set_request(b, OST_CONNECT, LUSTRE_OBD_VERSION, 0,
	            message_size({sizeof(ptlrpc_body), sizeof(obd_connect_data)}));
	body_of(b)->pb_op_flags = reconnect ? MSG_CONNECT_RECONNECT : MSG_CONNECT_INITIAL;
	put_uuid(b, 1, target);
	put_uuid(b, 2, client);
	buffer<lustre_handle>(b, 3)->cookie = old_handle;
	obd_connect_data *ocd = buffer<obd_connect_data>(b, 4);
	ocd->ocd_connect_flags = OBD_CONNECT_VERSION | OBD_CONNECT_AT | OBD_CONNECT_FULL20 |
	                         OBD_CONNECT_BRW_SIZE | OBD_CONNECT_CKSUM | OBD_CONNECT_BULK_MBITS;
	ocd->ocd_version = OBD_OCD_VERSION(2, 16, 1, 0);
	ocd->ocd_brw_size = 1 << 20;
	ocd->ocd_cksum_types = OBD_CKSUM_CRC32C;
	return b;
}

// An OST_WRITE or OST_READ of 1 to 4 contiguous niobufs of 1 to 4 pages
// each, as the echo client sends them.  pb_mbits stays 0: the server then
// matches the bulk by the request's xid.
Bytes brw_message(Rng &rng, std::uint32_t opc, std::uint64_t handle)
{
	std::uint32_t n = 1 + static_cast<std::uint32_t>(rng.below(4));
	Bytes b = new_message({sizeof(ptlrpc_body), sizeof(ost_body), sizeof(obd_ioobj),
	                       n * static_cast<std::uint32_t>(sizeof(niobuf_remote))});
	set_request(b, opc, LUSTRE_OST_VERSION, handle,
	            message_size({sizeof(ptlrpc_body), sizeof(ost_body), n * 4}));
	ost_body *ob = buffer<ost_body>(b, 1);
	obd_ioobj *ioo = buffer<obd_ioobj>(b, 2);
	niobuf_remote *rnb = buffer<niobuf_remote>(b, 3, n * sizeof(niobuf_remote));

	ob->oa.o_valid = OBD_MD_FLID | OBD_MD_FLFLAGS;
	ob->oa.o_oi.oi.oi_id = 1 + rng.below(1000);
	switch (rng.below(4)) {
	case 0: // the server checks the data pattern (ours is zeros: -EIO)
		ob->oa.o_flags = OBD_FL_DEBUG_CHECK;
		break;
	case 1: // a checksum that will not match
		ob->oa.o_valid |= OBD_MD_FLCKSUM;
		ob->oa.o_flags = OBD_FL_CKSUM_CRC32C;
		ob->oa.o_cksum = static_cast<std::uint32_t>(rng.next());
		break;
	}
	ioo->ioo_oid = ob->oa.o_oi;
	ioo->ioo_bufcnt = n;
	ioobj_max_brw_set(ioo, 1);
	std::uint64_t offset = kPage * rng.below(1024);
	for (std::uint32_t i = 0; i < n; i++) {
		rnb[i].rnb_offset = offset;
		rnb[i].rnb_len = kPage * (1 + static_cast<std::uint32_t>(rng.below(4)));
		rnb[i].rnb_flags = opc == OST_WRITE ? OBD_BRW_WRITE : OBD_BRW_READ;
		offset += rnb[i].rnb_len;
	}
	return b;
}

// An extent lock enqueue on an object, as an OSC sends it.
Bytes enqueue_message(Rng &rng, std::uint64_t handle)
{
	Bytes b = new_message({sizeof(ptlrpc_body), sizeof(ldlm_request)});
	set_request(b, LDLM_ENQUEUE, LUSTRE_DLM_VERSION, handle,
	            message_size({sizeof(ptlrpc_body), sizeof(ldlm_reply)}));
	ldlm_request *rq = buffer<ldlm_request>(b, 1);
	rq->lock_count = 1;
	rq->lock_desc.l_resource.lr_type = LDLM_EXTENT;
	rq->lock_desc.l_resource.lr_name.name[0] = 1 + rng.below(1000);
	rq->lock_desc.l_req_mode = rng.below(2) ? LCK_PW : LCK_PR;
	rq->lock_desc.l_policy_data.l_extent.start = 0;
	rq->lock_desc.l_policy_data.l_extent.end = LDLM_EOF;
	rq->lock_handle[0].cookie = rng.next();
	return b;
}

std::uint32_t random_not(Rng &rng, std::initializer_list<std::uint32_t> avoid)
{
	for (;;) {
		auto v = static_cast<std::uint32_t>(rng.next());
		if (std::find(avoid.begin(), avoid.end(), v) == avoid.end())
			return v;
	}
}

bool applies(Mutation m, Base base)
{
	if (m == Mutation::LockCountHuge)
		return base == Base::Enqueue;
	if (m == Mutation::StringNoNul)
		return base == Base::Connect;
	return true;
}

} // namespace

std::uint64_t Rng::next()
{
	std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

std::string_view base_name(Base b)
{
	switch (b) {
	case Base::Ping:
		return "ping";
	case Base::Connect:
		return "connect";
	case Base::Write:
		return "write";
	case Base::Read:
		return "read";
	case Base::Enqueue:
		return "enqueue";
	}
	return "?";
}

std::string_view mutation_name(Mutation m)
{
	static constexpr std::array<std::string_view, kMutationCount> names = {
	        "none",          "truncate",    "flip-bytes",    "bufcount-zero", "bufcount-20",
	        "bufcount-huge", "buflen-wrap", "bad-magic",     "swabbed-magic", "bad-type",
	        "not-request",   "bad-version", "random-handle", "lock-count",    "no-nul",
	        "empty-buffer",  "empty",       "random-64k",
	};
	auto i = static_cast<std::size_t>(m);
	return i < names.size() ? names[i] : "?";
}

Bytes ping_request(std::uint64_t handle)
{
	Bytes b = new_message({sizeof(ptlrpc_body)});
	set_request(b, OBD_PING, LUSTRE_OBD_VERSION, handle, message_size({sizeof(ptlrpc_body)}));
	return b;
}

Bytes connect_request(const std::string &target, const std::string &client)
{
	return connect_message(target, client, 0, false);
}

Mutator::Mutator(std::uint64_t seed, std::string target, std::string client)
    : rng_(seed), target_(std::move(target)), client_(std::move(client))
{
}

FuzzMessage Mutator::next(std::uint64_t export_handle)
{
	FuzzMessage m{};

	m.base = static_cast<Base>(rng_.below(kBaseCount));
	// Drawn whatever is used, so that the export handle changes no choice.
	std::uint64_t which = rng_.below(3), random_handle = rng_.next();
	std::uint64_t handle = which == 0 ? 0 : which == 1 ? random_handle : export_handle;
	m.bytes = build(m.base, handle, export_handle);
	m.mutation = pick(m.base);
	m.verdict = mutate(m);
	return m;
}

Bytes Mutator::build(Base base, std::uint64_t handle, std::uint64_t export_handle)
{
	switch (base) {
	case Base::Ping:
		return ping_request(handle);
	case Base::Connect:
		// Half are reconnects of the export (which keep it), half first
		// connects (which replace it).
		if (rng_.below(2))
			return connect_message(target_, client_, export_handle, true);
		return connect_message(target_, client_, 0, false);
	case Base::Write:
		return brw_message(rng_, OST_WRITE, handle);
	case Base::Read:
		return brw_message(rng_, OST_READ, handle);
	case Base::Enqueue:
		return enqueue_message(rng_, handle);
	}
	return ping_request(handle);
}

Mutation Mutator::pick(Base base)
{
	unsigned total = 0;
	for (std::size_t i = 0; i < kMutationCount; i++)
		if (applies(static_cast<Mutation>(i), base))
			total += kWeights[i];
	auto r = static_cast<unsigned>(rng_.below(total));
	for (std::size_t i = 0; i < kMutationCount; i++) {
		auto m = static_cast<Mutation>(i);
		if (!applies(m, base))
			continue;
		if (r < kWeights[i])
			return m;
		r -= kWeights[i];
	}
	return Mutation::None;
}

Verdict Mutator::mutate(FuzzMessage &m)
{
	Bytes &b = m.bytes;
	lustre_msg_v2 *msg = msg_of(b);
	ptlrpc_body *pb = body_of(b);
	const std::uint32_t count = msg->lm_bufcount;

	switch (m.mutation) {
	case Mutation::None:
		return Verdict::Accepted;
	case Mutation::Truncate:
		// Every buffer, padding included, must be there.
		b.resize(rng_.below(b.size()));
		return Verdict::Rejected;
	case Mutation::FlipBytes: {
		auto flips = 1 + rng_.below(8);
		for (std::uint64_t i = 0; i < flips; i++) {
			auto at = rng_.below(b.size());
			b[at] ^= static_cast<std::uint8_t>(1 + rng_.below(255));
		}
		return Verdict::Either;
	}
	case Mutation::BufcountZero:
		msg->lm_bufcount = 0;
		return Verdict::Rejected;
	case Mutation::BufcountTwenty:
		msg->lm_bufcount = PTLRPC_MAX_BUFCOUNT + 1;
		return Verdict::Rejected;
	case Mutation::BufcountHuge: {
		static constexpr std::array<std::uint32_t, 3> huge = {0x10000, 0x7fffffff, 0xffffffff};
		msg->lm_bufcount = huge[rng_.below(huge.size())];
		return Verdict::Rejected;
	}
	case Mutation::BuflenOverflow: {
		// 0xfffffff8 + 0x10 is 8 in 32 bits: a check that sums in 32 bits
		// would accept a message promising 4 GiB.
		auto a = static_cast<std::uint32_t>(rng_.below(count));
		auto c = static_cast<std::uint32_t>(rng_.below(count));
		msg->lm_buflens[a] = 0xfffffff8;
		if (c != a)
			msg->lm_buflens[c] = 0x10;
		return Verdict::Rejected;
	}
	case Mutation::BadMagic:
		msg->lm_magic = random_not(rng_, {LUSTRE_MSG_MAGIC_V2, LUSTRE_MSG_MAGIC_V2_SWABBED});
		return Verdict::Rejected;
	case Mutation::SwabbedMagic:
		msg->lm_magic = LUSTRE_MSG_MAGIC_V2_SWABBED;
		return Verdict::Rejected;
	case Mutation::BadType:
		pb->pb_type = random_not(rng_, {PTL_RPC_MSG_REQUEST, PTL_RPC_MSG_REPLY, PTL_RPC_MSG_ERR});
		return Verdict::Rejected;
	case Mutation::NotRequest:
		pb->pb_type = rng_.below(2) ? PTL_RPC_MSG_REPLY : PTL_RPC_MSG_ERR;
		return Verdict::Accepted;
	case Mutation::BadVersion: {
		auto v = static_cast<std::uint32_t>(rng_.below(0x10000));
		if (v == PTLRPC_MSG_VERSION)
			v = 0;
		pb->pb_version = (pb->pb_version & LUSTRE_VERSION_MASK) | v;
		return Verdict::Rejected;
	}
	case Mutation::RandomHandle:
		pb->pb_handle.cookie = rng_.next();
		return Verdict::Accepted;
	case Mutation::LockCountHuge: {
		// 3 is one handle more than the buffer holds; the others would
		// make a careless loop walk far past it.
		static constexpr std::array<std::uint32_t, 4> counts = {3, 0x1000, 0x10000000, 0xffffffff};
		buffer<ldlm_request>(b, 1)->lock_count = counts[rng_.below(counts.size())];
		return Verdict::Accepted;
	}
	case Mutation::StringNoNul:
		for (std::uint32_t n = 1; n <= 2; n++) {
			char *text = buffer<char>(b, n, OBD_UUID_WIRE_LEN);
			for (std::uint32_t i = 0; i < OBD_UUID_WIRE_LEN; i++)
				text[i] = static_cast<char>('a' + rng_.below(26));
		}
		return Verdict::Accepted;
	case Mutation::EmptyBuffer: {
		// The later buffers move up by the removed length; the message is
		// then longer than its header says, which is allowed.
		auto n = static_cast<std::uint32_t>(rng_.below(count));
		msg->lm_buflens[n] = 0;
		return n == 0 ? Verdict::Rejected : Verdict::Accepted;
	}
	case Mutation::Empty:
		b.clear();
		return Verdict::Rejected;
	case Mutation::RandomHuge: {
		b.assign(kHugeSize, 0);
		for (std::size_t i = 0; i < b.size(); i += 8) {
			std::uint64_t r = rng_.next();
			std::memcpy(&b[i], &r, sizeof(r));
		}
		// Random bytes might, once in 2^31, carry a V2 magic: never.
		msg_of(b)->lm_magic = random_not(rng_, {LUSTRE_MSG_MAGIC_V2});
		return Verdict::Rejected;
	}
	}
	return Verdict::Either;
}

} // namespace poke
