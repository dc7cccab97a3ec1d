// SPDX-License-Identifier: GPL-2.0
// Self-test console scenarios (scenarios_lst.hpp):
//
//   lst-ping  make a session (twice with our id: two references; unknown
//             features EPROTO; another console is told EBUSY with our id
//             and name), refused test adds
//             (another session id, concurrency 5000, 10^6 destinations,
//             service 99, loop 0, other features), a ping test of --loop x
//             --concur RPCs to --dest, run; while it runs, forged requests
//             (another session id for batch, stat and remove session, an
//             unknown service, a bad magic, a ping frame to make session)
//             are refused or dropped; query
//             until done; the stat counts every RPC, no ping error, and the
//             drops; with --bad-dest a second batch of 4 pings to a node
//             that never answers (us, or one without LNet) counts every one
//             as an error; remove the session
//             (two references) and debug says there is none.
//   lst-brw   a brw write test (full pattern check) and a read test (simple
//             check) of --size bytes to --dest in one batch: no brw error,
//             the RPCs counted; brw parameters out of range refused; a
//             forced take-over by another console without LST_FEAT_BULK_LEN
//             ends our session, and its brw test sized in pages runs.
//   lst-fuzz  --count random requests of every service, mutated: bytes
//             flipped, cut short, sent to another service's match bits;
//             then a forced session must be made, answered and removed.
//   lst-leave an endless ping test: a test add to its running batch is
//             EBUSY, batch stop ends it, run again it is left running.
#include "scenarios_lst.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <iostream>
#include <sstream>
#include <thread>

#include "lst_console.hpp"
#include "hello.hpp"
#include "msg.hpp"
#include "rpc.hpp"
#include "rpc_mutate.hpp"

namespace poke {

using util::Error;

namespace {

using Seconds = std::chrono::duration<double>;
constexpr Seconds kReplyWait{10};
constexpr Seconds kNoReplyWait{2};
constexpr std::uint64_t kBatch = 1;

Error server_fault(const std::string &what)
{
	return Error{EPROTO, what};
}

// --- building blocks ---------------------------------------------------------------------

Result<std::uint64_t> parse_nid(const std::string &ip, std::uint64_t dflt)
{
	if (ip.empty())
		return dflt;
	in_addr a{};
	if (inet_pton(AF_INET, ip.c_str(), &a) != 1)
		return Error{EINVAL, "not an IPv4 address: " + ip};
	return tcp_nid(ntohl(a.s_addr));
}

const LstOptions &options(const Session &s)
{
	static const LstOptions defaults;
	return s.lst ? *s.lst : defaults;
}

std::int64_t now_ms()
{
	timespec ts{};
	clock_gettime(CLOCK_REALTIME, &ts);
	return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

bool same(const lst_sid &a, const lst_sid &b)
{
	return a.nid == b.nid && a.stamp == b.stamp;
}

// The reply's status: every reply body starts with it.
std::uint32_t status_of(const srpc_msg &m)
{
	return m.body.rmsn_reply.status;
}

// One step: call, require a reply, and its status @want.
Result<srpc_msg> expect(Console &c, const char *what, std::uint32_t service, const srpc_msg &req,
                        std::uint32_t want, const std::vector<LstDest> &dests = {})
{
	Result<std::optional<srpc_msg>> r = c.call(service, req, kReplyWait, dests);
	if (!r)
		return r.error();
	if (!*r)
		return server_fault(std::string(what) + ": no reply");
	if ((*r)->type != req.type + 1)
		return server_fault(std::string(what) + ": reply of type " + std::to_string((*r)->type));
	std::uint32_t got = status_of(**r);
	std::cout << what << ": status " << got << (got == want ? "" : " (WRONG)") << std::endl;
	if (got != want)
		return server_fault(std::string(what) + ": status " + std::to_string(got) + ", expected " +
		                    std::to_string(want));
	return **r;
}

// A frame that must be dropped: no reply within kNoReplyWait.
Result<void> expect_drop(Console &c, const char *what, std::uint32_t service, const Bytes &frame,
                         std::uint64_t rpyid)
{
	Result<void> r = c.send_frame(service, frame, rpyid);
	if (!r)
		return r;
	Result<std::optional<srpc_msg>> got = c.await(rpyid, kNoReplyWait);
	if (!got)
		return got.error();
	if (*got)
		return server_fault(std::string(what) + ": answered (status " +
		                    std::to_string(status_of(**got)) + "), must be dropped");
	std::cout << what << ": dropped" << std::endl;
	return {};
}

srpc_msg mksn(const lst_sid &sid, const char *name, bool force)
{
	srpc_msg m{};
	m.type = SRPC_MSG_MKSN_REQST;
	m.body.mksn_reqst.sid = sid;
	m.body.mksn_reqst.force = force;
	std::strncpy(m.body.mksn_reqst.name, name, LST_NAME_SIZE - 1);
	return m;
}

srpc_msg rmsn(const lst_sid &sid)
{
	srpc_msg m{};
	m.type = SRPC_MSG_RMSN_REQST;
	m.body.rmsn_reqst.sid = sid;
	return m;
}

srpc_msg debug_req(const lst_sid &sid)
{
	srpc_msg m{};
	m.type = SRPC_MSG_DEBUG_REQST;
	m.body.dbg_reqst.sid = sid;
	return m;
}

srpc_msg batch(const lst_sid &sid, std::uint64_t bid, std::uint32_t opc, std::uint32_t idx = 0)
{
	srpc_msg m{};
	m.type = SRPC_MSG_BATCH_REQST;
	m.body.bat_reqst.sid = sid;
	m.body.bat_reqst.bid = bid;
	m.body.bat_reqst.opc = opc;
	m.body.bat_reqst.testidx = idx;
	return m;
}

srpc_msg stat_req(const lst_sid &sid)
{
	srpc_msg m{};
	m.type = SRPC_MSG_STAT_REQST;
	m.body.stat_reqst.sid = sid;
	return m;
}

srpc_msg ping_test(const lst_sid &sid, std::uint64_t bid, std::uint32_t loop, std::uint32_t concur,
                   std::uint32_t ndest)
{
	srpc_msg m{};
	m.type = SRPC_MSG_TEST_REQST;
	srpc_test_reqst &t = m.body.tes_reqst;
	t.sid = sid;
	t.bid = bid;
	t.service = SRPC_SERVICE_PING;
	t.loop = loop;
	t.concur = concur;
	t.is_client = 1;
	t.ndest = ndest;
	return m;
}

srpc_msg brw_test(const lst_sid &sid, std::uint64_t bid, const LstOptions &o, std::uint32_t opc,
                  std::uint32_t flags)
{
	srpc_msg m = ping_test(sid, bid, o.loop, o.concur, 1);
	m.body.tes_reqst.service = SRPC_SERVICE_BRW;
	m.body.tes_reqst.u.bulk.opc = opc;
	m.body.tes_reqst.u.bulk.flags = flags;
	m.body.tes_reqst.u.bulk.len = o.size;
	return m;
}

Bytes frame_of(srpc_msg m, std::uint64_t rpyid, std::uint32_t feats)
{
	m.body.mksn_reqst.rpyid = rpyid; // the first field of every request
	m.ses_feats = feats;
	Bytes f(SRPC_MSG_SIZE);
	srpc_msg_encode(&m, f.data(), false);
	return f;
}

// Query batch @bid until no test is active; the seconds it took.
Result<double> wait_batch(Console &c, std::uint64_t bid, Seconds limit)
{
	const auto start = Clock::now();
	for (;;) {
		Result<std::optional<srpc_msg>> r =
		        c.call(SRPC_SERVICE_BATCH, batch(c.sid(), bid, SRPC_BATCH_OPC_QUERY), kReplyWait);
		if (!r)
			return r.error();
		if (!*r)
			return server_fault("batch query: no reply");
		if (status_of(**r))
			return server_fault("batch query: status " + std::to_string(status_of(**r)));
		Seconds took = Clock::now() - start;
		if (!(*r)->body.bat_reply.active)
			return took.count();
		if (took > limit)
			return server_fault("the batch is still active after " +
			                    std::to_string(took.count()) + " s");
		std::this_thread::sleep_for(std::chrono::milliseconds(250));
	}
}

Result<srpc_stat_reply> stats(Console &c, const char *what)
{
	Result<srpc_msg> r = expect(c, what, SRPC_SERVICE_QUERY_STAT, stat_req(c.sid()), 0);
	if (!r)
		return r.error();
	const srpc_stat_reply &st = r->body.stat_reply;
	std::cout << "  running_ms " << st.fw.running_ms << ", active_batches " << st.fw.active_batches
	          << ", ping_errors " << st.fw.ping_errors << ", brw_errors " << st.fw.brw_errors
	          << "; rpcs_sent " << st.rpc.rpcs_sent << ", rpcs_rcvd " << st.rpc.rpcs_rcvd
	          << ", rpcs_dropped " << st.rpc.rpcs_dropped << ", rpcs_expired " << st.rpc.rpcs_expired
	          << ", errors " << st.rpc.errors << ", bulk_get " << st.rpc.bulk_get << ", bulk_put "
	          << st.rpc.bulk_put << std::endl;
	return st;
}

Result<void> check(bool ok, const std::string &what)
{
	if (ok)
		return {};
	return server_fault(what);
}

#define TRY(expr)                                                                                            \
	do {                                                                                                 \
		auto try_r_ = (expr);                                                                        \
		if (!try_r_)                                                                                 \
			return try_r_.error();                                                               \
	} while (0)

// A session of ours: made, with @feats.
Result<void> make_session(Console &c, Session &s, std::uint32_t feats)
{
	c.set_sid({s.my_nid, now_ms()});
	c.set_feats(feats);
	Result<srpc_msg> r =
	        expect(c, "make session", SRPC_SERVICE_MAKE_SESSION, mksn(c.sid(), "poke", false), 0);
	if (!r)
		return r.error();
	TRY(check(same(r->body.mksn_reply.sid, c.sid()), "make session: the reply names another session"));
	TRY(check(r->body.mksn_reply.timeout > 0, "make session: no timeout"));
	return {};
}

// --- the scenarios -----------------------------------------------------------------------

Result<void> lst_ping(Session &s)
{
	const LstOptions &o = options(s);
	Result<std::uint64_t> dest = parse_nid(o.dest, s.server_nid);
	if (!dest)
		return dest.error();
	TRY(handshake(s));
	Console c(s);
	const std::vector<LstDest> dests{{*dest, LNET_PID_LUSTRE}};

	TRY(make_session(c, s, LST_FEAT_BULK_LEN));
	TRY(expect(c, "make session again (same id)", SRPC_SERVICE_MAKE_SESSION, mksn(c.sid(), "poke", false),
	           0));
	c.set_feats(LST_FEAT_BULK_LEN | 0x80);
	TRY(expect(c, "make session, unknown features", SRPC_SERVICE_MAKE_SESSION,
	           mksn(c.sid(), "poke", false), EPROTO));
	c.set_feats(LST_FEAT_BULK_LEN);
	lst_sid other{s.my_nid ^ 1, c.sid().stamp};
	Result<srpc_msg> busy = expect(c, "make session by another console", SRPC_SERVICE_MAKE_SESSION,
	                               mksn(other, "thief", false), EBUSY);
	if (!busy)
		return busy.error();
	TRY(check(same(busy->body.mksn_reply.sid, c.sid()) &&
	                  !std::strcmp(busy->body.mksn_reply.name, "poke"),
	          "EBUSY does not name the session holder"));
	Result<srpc_msg> dbg = expect(c, "debug", SRPC_SERVICE_DEBUG, debug_req(c.sid()), 0);
	if (!dbg)
		return dbg.error();
	TRY(check(!std::strcmp(dbg->body.dbg_reply.name, "poke") && dbg->body.dbg_reply.nbatch == 0,
	          "debug: wrong name or active batches"));

	// Refused test adds.
	TRY(expect(c, "test add, another session id", SRPC_SERVICE_TEST,
	           ping_test(other, kBatch, o.loop, o.concur, 1), ENOENT, dests));
	TRY(expect(c, "test add, concurrency 5000", SRPC_SERVICE_TEST, ping_test(c.sid(), kBatch, 1, 5000, 1),
	           EINVAL, dests));
	TRY(expect(c, "test add, 10^6 destinations", SRPC_SERVICE_TEST,
	           ping_test(c.sid(), kBatch, 1, 1, 1000000), EINVAL, dests));
	srpc_msg svc99 = ping_test(c.sid(), kBatch, 1, 1, 1);
	svc99.body.tes_reqst.service = 99;
	TRY(expect(c, "test add, service 99", SRPC_SERVICE_TEST, svc99, EINVAL, dests));
	TRY(expect(c, "test add, loop 0", SRPC_SERVICE_TEST, ping_test(c.sid(), kBatch, 0, 1, 1), EINVAL,
	           dests));
	c.set_feats(0);
	TRY(expect(c, "test add, other features", SRPC_SERVICE_TEST, ping_test(c.sid(), kBatch, 1, 1, 1),
	           EPROTO, dests));
	c.set_feats(LST_FEAT_BULK_LEN);
	TRY(expect(c, "batch run, no such batch", SRPC_SERVICE_BATCH, batch(c.sid(), 7, SRPC_BATCH_OPC_RUN),
	           ENOENT));
	TRY(check(c.gets_served() == 0, "the node fetched a destination list for a refused test"));

	// The test.
	TRY(expect(c, "test add, ping", SRPC_SERVICE_TEST, ping_test(c.sid(), kBatch, o.loop, o.concur, 1), 0,
	           dests));
	TRY(check(c.gets_served() == 1, "the node did not fetch the destination list"));
	Result<srpc_stat_reply> before = stats(c, "stat before");
	if (!before)
		return before.error();
	const auto run_start = Clock::now();
	TRY(expect(c, "batch run", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch, SRPC_BATCH_OPC_RUN), 0));

	// Forged requests while it runs (lst-leave checks a test add to a
	// running batch: this one may be over already).
	TRY(expect(c, "batch run, another session id", SRPC_SERVICE_BATCH,
	           batch(other, kBatch, SRPC_BATCH_OPC_RUN), ESRCH));
	TRY(expect(c, "stat, another session id", SRPC_SERVICE_QUERY_STAT, stat_req(other), ESRCH));
	TRY(expect(c, "stat, no session id", SRPC_SERVICE_QUERY_STAT, stat_req({~0ULL, -1}), EINVAL));
	TRY(expect(c, "remove session, another session id", SRPC_SERVICE_REMOVE_SESSION, rmsn(other), EBUSY));
	std::uint64_t id = c.next_id();
	TRY(expect_drop(c, "service 9 (none)", 9, frame_of(stat_req(c.sid()), id, c.feats()), id));
	id = c.next_id();
	Bytes bad = frame_of(stat_req(c.sid()), id, c.feats());
	bad[0] ^= 0xff;
	TRY(expect_drop(c, "bad magic", SRPC_SERVICE_QUERY_STAT, bad, id));
	id = c.next_id();
	srpc_msg ping{};
	ping.type = SRPC_MSG_PING_REQST;
	ping.body.ping_reqst.magic = LST_PING_TEST_MAGIC;
	TRY(expect_drop(c, "ping frame to make session", SRPC_SERVICE_MAKE_SESSION,
	                frame_of(ping, id, c.feats()), id));

	Result<double> waited = wait_batch(c, kBatch, Seconds(120));
	if (!waited)
		return waited.error();
	const double took = Seconds(Clock::now() - run_start).count();
	TRY(expect(c, "batch query, test 1", SRPC_SERVICE_BATCH,
	           batch(c.sid(), kBatch, SRPC_BATCH_OPC_QUERY, 1), 0));
	TRY(expect(c, "batch query, test 5", SRPC_SERVICE_BATCH,
	           batch(c.sid(), kBatch, SRPC_BATCH_OPC_QUERY, 5), ENOENT));
	Result<srpc_stat_reply> after = stats(c, "stat after");
	if (!after)
		return after.error();
	std::uint64_t want = static_cast<std::uint64_t>(o.loop) * o.concur;
	std::uint64_t sent = after->rpc.rpcs_sent - before->rpc.rpcs_sent;
	std::uint64_t dropped = after->rpc.rpcs_dropped - before->rpc.rpcs_dropped;
	std::cout << "ping test: " << sent << " RPCs to " << nid_str(*dest) << " within " << took << " s, "
	          << after->fw.ping_errors << " errors; " << dropped << " forged requests dropped"
	          << std::endl;
	TRY(check(sent == want,
	          "the node sent " + std::to_string(sent) + " ping RPCs, expected " + std::to_string(want)));
	TRY(check(after->fw.ping_errors == 0, "ping errors"));
	TRY(check(after->rpc.rpcs_expired == before->rpc.rpcs_expired, "expired RPCs"));
	TRY(check(dropped >= 3, "the node did not count the dropped frames"));
	TRY(check(after->fw.active_batches == 0, "a batch still active"));

	if (!o.bad_dest.empty()) {
		Result<std::uint64_t> bad_nid = parse_nid(o.bad_dest, 0);
		if (!bad_nid)
			return bad_nid.error();
		TRY(expect(c, "test add, ping to a node without LNet", SRPC_SERVICE_TEST,
		           ping_test(c.sid(), kBatch + 1, 2, 2, 1), 0, {{*bad_nid, LNET_PID_LUSTRE}}));
		TRY(expect(c, "batch run", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch + 1, SRPC_BATCH_OPC_RUN),
		           0));
		Result<double> t2 = wait_batch(c, kBatch + 1, Seconds(120));
		if (!t2)
			return t2.error();
		Result<srpc_stat_reply> st = stats(c, "stat after the failing test");
		if (!st)
			return st.error();
		std::cout << "failing ping test: " << st->fw.ping_errors << " errors, "
		          << st->rpc.rpcs_expired - after->rpc.rpcs_expired << " expired, in " << *t2
		          << " s; " << c.test_requests() << " reached us" << std::endl;
		TRY(check(st->fw.ping_errors == 4, "expected 4 ping errors to " + o.bad_dest));
	}

	Result<srpc_msg> rm =
	        expect(c, "remove session (1 of 2)", SRPC_SERVICE_REMOVE_SESSION, rmsn(c.sid()), 0);
	if (!rm)
		return rm.error();
	TRY(check(same(rm->body.rmsn_reply.sid, c.sid()), "the first remove ended the session"));
	rm = expect(c, "remove session (2 of 2)", SRPC_SERVICE_REMOVE_SESSION, rmsn(c.sid()), 0);
	if (!rm)
		return rm.error();
	TRY(check(rm->body.rmsn_reply.sid.nid == ~0ULL, "the session is still there"));
	TRY(expect(c, "debug, no session", SRPC_SERVICE_DEBUG, debug_req(c.sid()), ESRCH));
	std::cout << "lst-ping: ok" << std::endl;
	return {};
}

Result<void> lst_brw(Session &s)
{
	const LstOptions &o = options(s);
	Result<std::uint64_t> dest = parse_nid(o.dest, s.server_nid);
	if (!dest)
		return dest.error();
	TRY(handshake(s));
	Console c(s);
	const std::vector<LstDest> dests{{*dest, LNET_PID_LUSTRE}};

	TRY(make_session(c, s, LST_FEAT_BULK_LEN));
	LstOptions big = o;
	big.size = 2u << 20;
	TRY(expect(c, "test add, brw of 2 MiB", SRPC_SERVICE_TEST,
	           brw_test(c.sid(), kBatch, big, LST_BRW_WRITE, LST_BRW_CHECK_FULL), EINVAL, dests));
	TRY(expect(c, "test add, brw operation 7", SRPC_SERVICE_TEST,
	           brw_test(c.sid(), kBatch, o, 7, LST_BRW_CHECK_FULL), EINVAL, dests));
	TRY(expect(c, "test add, brw check 9", SRPC_SERVICE_TEST,
	           brw_test(c.sid(), kBatch, o, LST_BRW_READ, 9), EINVAL, dests));
	TRY(expect(c, "test add, brw write (full check)", SRPC_SERVICE_TEST,
	           brw_test(c.sid(), kBatch, o, LST_BRW_WRITE, LST_BRW_CHECK_FULL), 0, dests));
	TRY(expect(c, "test add, brw read (simple check)", SRPC_SERVICE_TEST,
	           brw_test(c.sid(), kBatch, o, LST_BRW_READ, LST_BRW_CHECK_SIMPLE), 0, dests));
	Result<srpc_stat_reply> before = stats(c, "stat before");
	if (!before)
		return before.error();
	const auto run_start = Clock::now();
	TRY(expect(c, "batch run", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch, SRPC_BATCH_OPC_RUN), 0));
	Result<srpc_msg> dbg = expect(c, "debug", SRPC_SERVICE_DEBUG, debug_req(c.sid()), 0);
	if (!dbg)
		return dbg.error();
	Result<double> waited = wait_batch(c, kBatch, Seconds(300));
	if (!waited)
		return waited.error();
	const double took = Seconds(Clock::now() - run_start).count();
	Result<srpc_stat_reply> after = stats(c, "stat after");
	if (!after)
		return after.error();
	std::uint64_t want = 2ULL * o.loop * o.concur;
	std::uint64_t sent = after->rpc.rpcs_sent - before->rpc.rpcs_sent;
	double mib = static_cast<double>(sent) * o.size / (1 << 20);
	std::cout << "brw test: " << sent << " RPCs of " << o.size << " bytes to " << nid_str(*dest) << " in "
	          << took << " s (" << mib / took << " MiB/s), " << after->fw.brw_errors << " errors"
	          << std::endl;
	TRY(check(sent == want,
	          "the node sent " + std::to_string(sent) + " brw RPCs, expected " + std::to_string(want)));
	TRY(check(after->fw.brw_errors == 0, "brw errors"));
	TRY(check(dbg->body.dbg_reply.nbatch <= 1, "debug: more than one active batch"));

	// Another console, without LST_FEAT_BULK_LEN (sizes in pages), forces
	// its way in: ours is gone.
	lst_sid mine = c.sid();
	lst_sid other{s.my_nid ^ 1, mine.stamp + 1};
	c.set_feats(0);
	Result<srpc_msg> r = expect(c, "make session by another console, forced, no features",
	                            SRPC_SERVICE_MAKE_SESSION, mksn(other, "thief", true), 0);
	if (!r)
		return r.error();
	TRY(check(same(r->body.mksn_reply.sid, other), "the forced session is not the new console's"));
	TRY(expect(c, "stat, the old session", SRPC_SERVICE_QUERY_STAT, stat_req(mine), ESRCH));
	TRY(expect(c, "remove session, the old one", SRPC_SERVICE_REMOVE_SESSION, rmsn(mine), EBUSY));
	c.set_sid(other);
	srpc_msg pages = brw_test(other, kBatch, o, LST_BRW_WRITE, LST_BRW_CHECK_FULL);
	pages.body.tes_reqst.u.bulk.npg = 2;
	TRY(expect(c, "test add, brw write of 2 pages (full check)", SRPC_SERVICE_TEST, pages, 0, dests));
	TRY(expect(c, "batch run", SRPC_SERVICE_BATCH, batch(other, kBatch, SRPC_BATCH_OPC_RUN), 0));
	waited = wait_batch(c, kBatch, Seconds(300));
	if (!waited)
		return waited.error();
	Result<srpc_stat_reply> paged = stats(c, "stat, page-sized brw");
	if (!paged)
		return paged.error();
	sent = paged->rpc.rpcs_sent - after->rpc.rpcs_sent;
	std::cout << "page-sized brw test: " << sent << " RPCs of 8192 bytes, " << paged->fw.brw_errors
	          << " errors" << std::endl;
	TRY(check(sent == std::uint64_t{o.loop} * o.concur && paged->fw.brw_errors == 0,
	          "the page-sized brw test did not run cleanly"));
	TRY(expect(c, "remove session, the new one", SRPC_SERVICE_REMOVE_SESSION, rmsn(other), 0));
	std::cout << "lst-brw: ok" << std::endl;
	return {};
}

// A session left behind with a test that runs until stopped: the node must
// still unload cleanly.
Result<void> lst_leave(Session &s)
{
	const LstOptions &o = options(s);
	Result<std::uint64_t> dest = parse_nid(o.dest, s.server_nid);
	if (!dest)
		return dest.error();
	TRY(handshake(s));
	Console c(s);
	TRY(make_session(c, s, LST_FEAT_BULK_LEN));
	TRY(expect(c, "test add, endless ping", SRPC_SERVICE_TEST,
	           ping_test(c.sid(), kBatch, ~0U, o.concur, 1), 0, {{*dest, LNET_PID_LUSTRE}}));
	TRY(expect(c, "batch run", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch, SRPC_BATCH_OPC_RUN), 0));
	TRY(expect(c, "test add to the running batch", SRPC_SERVICE_TEST, ping_test(c.sid(), kBatch, 1, 1, 1),
	           EBUSY, {{*dest, LNET_PID_LUSTRE}}));
	// Stopped (RPCs in flight aborted), then run again.
	srpc_msg stop = batch(c.sid(), kBatch, SRPC_BATCH_OPC_STOP);
	stop.body.bat_reqst.arg = 1;
	TRY(expect(c, "batch stop", SRPC_SERVICE_BATCH, stop, 0));
	Result<double> stopped = wait_batch(c, kBatch, Seconds(30));
	if (!stopped)
		return stopped.error();
	std::cout << "stopped within " << *stopped << " s" << std::endl;
	TRY(expect(c, "batch run again", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch, SRPC_BATCH_OPC_RUN), 0));
	std::this_thread::sleep_for(std::chrono::seconds(1));
	Result<srpc_msg> q =
	        expect(c, "batch query", SRPC_SERVICE_BATCH, batch(c.sid(), kBatch, SRPC_BATCH_OPC_QUERY), 0);
	if (!q)
		return q.error();
	TRY(check(q->body.bat_reply.active == 1, "the endless test is not running"));
	std::cout << "lst-leave: session left running" << std::endl;
	return {};
}

// A valid request of a random framework or test service, random fields.
srpc_msg random_request(Rng &rng, const lst_sid &sid, std::uint32_t &service)
{
	static constexpr std::uint32_t kServices[] = {
	        SRPC_SERVICE_DEBUG, SRPC_SERVICE_MAKE_SESSION, SRPC_SERVICE_REMOVE_SESSION,
	        SRPC_SERVICE_BATCH, SRPC_SERVICE_TEST,         SRPC_SERVICE_QUERY_STAT,
	        SRPC_SERVICE_JOIN,  SRPC_SERVICE_BRW,          SRPC_SERVICE_PING};
	service = kServices[rng.below(std::size(kServices))];
	lst_sid id = rng.below(4) ? sid : lst_sid{rng.next(), static_cast<std::int64_t>(rng.next())};
	srpc_msg m{};
	switch (service) {
	case SRPC_SERVICE_DEBUG:
		return debug_req(id);
	case SRPC_SERVICE_MAKE_SESSION:
		return mksn(id, "fuzz", rng.below(8) == 0);
	case SRPC_SERVICE_REMOVE_SESSION:
		return rmsn(id);
	case SRPC_SERVICE_BATCH:
		m = batch(id, rng.below(4), 1 + static_cast<std::uint32_t>(rng.below(3)),
		          static_cast<std::uint32_t>(rng.below(4)));
		m.body.bat_reqst.arg = static_cast<std::uint32_t>(rng.below(2));
		return m;
	case SRPC_SERVICE_TEST:
		m = ping_test(id, rng.below(4), static_cast<std::uint32_t>(rng.below(4)),
		              static_cast<std::uint32_t>(rng.below(3)),
		              static_cast<std::uint32_t>(rng.below(3)));
		m.body.tes_reqst.is_client = static_cast<std::uint8_t>(rng.below(3));
		if (rng.below(2)) {
			m.body.tes_reqst.service = SRPC_SERVICE_BRW;
			m.body.tes_reqst.u.bulk = {static_cast<std::uint32_t>(rng.below(4)),
			                           static_cast<std::uint32_t>(rng.below(5)), 0,
			                           static_cast<std::uint32_t>(rng.below(1 << 21)), 0};
		}
		return m;
	case SRPC_SERVICE_QUERY_STAT:
		return stat_req(id);
	case SRPC_SERVICE_JOIN:
		m.type = SRPC_MSG_JOIN_REQST;
		m.body.join_reqst.sid = id;
		return m;
	case SRPC_SERVICE_BRW:
		m.type = SRPC_MSG_BRW_REQST;
		m.body.brw_reqst.bulkid = rng.next();
		m.body.brw_reqst.rw = static_cast<std::uint32_t>(rng.below(4));
		m.body.brw_reqst.len = static_cast<std::uint32_t>(rng.below(1 << 21));
		m.body.brw_reqst.flags = static_cast<std::uint32_t>(rng.below(5));
		return m;
	}
	m.type = SRPC_MSG_PING_REQST;
	m.body.ping_reqst.magic = LST_PING_TEST_MAGIC;
	m.body.ping_reqst.seq = static_cast<std::uint32_t>(rng.next());
	return m;
}

// --count random requests, each mutated (bytes flipped, cut short, another
// service's match bits), then the node must still make a session, answer
// and remove it, having counted what it dropped.
Result<void> lst_fuzz(Session &s)
{
	static const FuzzOptions defaults;
	const FuzzOptions &fo = s.fuzz ? *s.fuzz : defaults;
	TRY(handshake(s));
	Console c(s);
	c.set_lenient(true);
	TRY(make_session(c, s, LST_FEAT_BULK_LEN));
	Result<srpc_stat_reply> before = stats(c, "stat before");
	if (!before)
		return before.error();

	Rng rng(fo.seed);
	unsigned int flipped = 0, cut = 0, misrouted = 0;
	for (std::uint64_t i = 0; i < fo.count; i++) {
		std::uint32_t service = 0;
		srpc_msg m = random_request(rng, c.sid(), service);
		std::uint64_t id = c.next_id();
		Bytes f = frame_of(m, id, rng.below(16) ? c.feats() : static_cast<std::uint32_t>(rng.next()));
		if (m.type == SRPC_MSG_TEST_REQST)
			put_le32(f, SRPC_HDR_SIZE + 8, static_cast<std::uint32_t>(id)); // bulkid: low half
		switch (rng.below(4)) {
		case 0:
			for (std::uint64_t n = 1 + rng.below(4); n; n--)
				f[rng.below(f.size())] ^= static_cast<std::uint8_t>(1 + rng.below(255));
			flipped++;
			break;
		case 1:
			f.resize(rng.below(f.size()));
			cut++;
			break;
		case 2:
			service = static_cast<std::uint32_t>(rng.below(20));
			misrouted++;
			break;
		}
		TRY(c.send_frame(service, f, 0));
		if (i % 32 == 31)
			TRY(c.drain(std::chrono::milliseconds(50)));
	}
	TRY(c.drain(std::chrono::seconds(3)));
	std::cout << "lst-fuzz: seed " << fo.seed << ", " << fo.count << " requests (" << flipped
	          << " flipped, " << cut << " cut short, " << misrouted << " to another service)"
	          << std::endl;

	// A fresh session by force: whatever the fuzz left is ended.
	c.set_feats(LST_FEAT_BULK_LEN);
	c.set_sid({s.my_nid, now_ms() + 1});
	TRY(expect(c, "make session, forced", SRPC_SERVICE_MAKE_SESSION, mksn(c.sid(), "poke", true), 0));
	Result<srpc_stat_reply> after = stats(c, "stat after");
	if (!after)
		return after.error();
	std::uint64_t rcvd = after->rpc.rpcs_rcvd - before->rpc.rpcs_rcvd;
	std::uint64_t dropped = after->rpc.rpcs_dropped - before->rpc.rpcs_dropped;
	std::cout << "lst-fuzz: the node received " << rcvd << ", dropped " << dropped << std::endl;
	TRY(check(dropped >= cut / 2, "the node dropped fewer than half the frames cut short"));
	TRY(check(rcvd >= fo.count / 2, "the node received fewer than half the requests"));
	TRY(expect(c, "remove session", SRPC_SERVICE_REMOVE_SESSION, rmsn(c.sid()), 0));
	std::cout << "lst-fuzz: alive" << std::endl;
	return {};
}

constexpr Scenario kLst[] = {
        {"lst-ping",
         "as an lst console: session, refused and forged requests, a ping test of --loop x --concur RPCs to "
         "--dest (default the node), its stats",
         lst_ping, Expect::Alive},
        {"lst-brw",
         "as an lst console: brw write (full check) and read (simple check) tests of --size bytes to --dest, "
         "refused brw parameters, a forced take-over without LST_FEAT_BULK_LEN and its page-sized brw test",
         lst_brw, Expect::Alive},
        {"lst-fuzz",
         "as an lst console: --count random srpc requests (--seed) mutated every way; then the node must "
         "make, "
         "answer and remove a session",
         lst_fuzz, Expect::Alive},
        {"lst-leave",
         "as an lst console: an endless ping test to --dest, stopped, run again and left running", lst_leave,
         Expect::Alive},
};

} // namespace

std::span<const Scenario> lst_scenarios()
{
	return kLst;
}

} // namespace poke
