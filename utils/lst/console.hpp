// SPDX-License-Identifier: GPL-2.0
// The kernel console (lnet_selftest.ko, family "lnet_selftest") seen from
// lst: one method per command of <linux/lnet_selftest_genl.h>, the nodes'
// answers decoded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/genl.hpp"
#include "util/result.hpp"

namespace lst {

// A node's counters (a stat reply).
struct Stat {
	std::uint32_t running_ms = 0, active_batches = 0, brw_errors = 0, ping_errors = 0;
	std::uint32_t rpc_errors = 0, rpcs_sent = 0, rpcs_rcvd = 0, rpcs_dropped = 0,
	              rpcs_expired = 0;
	std::uint64_t bulk_get = 0, bulk_put = 0;
	std::uint32_t lnet_errors = 0, send_count = 0, recv_count = 0, drop_count = 0;
	std::uint64_t send_length = 0, recv_length = 0;
};

// One node's answer to a command.
struct Node {
	std::string nid;
	std::uint8_t state = 0;      // enum lst_node_state
	std::uint32_t rpc_errno = 0; // no reply: why
	std::uint32_t status = 0;    // the node's reply status
	std::optional<std::uint32_t> active;
	std::optional<Stat> stat;

	bool ok() const { return !rpc_errno && !status; }
};

struct SessionInfo {
	std::string name, nid;
	std::uint64_t stamp = 0;
	std::uint32_t key = 0, timeout = 0, feats = 0, ngroups = 0, nbatches = 0, nnodes = 0;
};

struct Group {
	std::string name;
	std::uint32_t nnodes = 0;
	std::vector<Node> nodes; // when listed by name
};

struct Test {
	std::uint32_t idx = 0, loop = 0, concur = 0, dist = 0, span = 0;
	std::uint8_t type = 0; // enum lst_test_type
	std::string from, to;
	std::uint8_t brw_op = 0, brw_check = 0;
	std::uint32_t brw_size = 0, brw_offset = 0;
};

struct Batch {
	std::string name;
	std::uint64_t bid = 0;
	std::uint8_t state = 0; // enum lst_batch_state
	std::vector<Test> tests;
};

// What add_test sends (types of <linux/lnet_selftest_genl.h>).
struct TestSpec {
	std::string batch, from, to;
	std::uint8_t type = 0;
	std::optional<std::uint32_t> loop;
	std::uint32_t concur = 1, dist = 1, span = 1;
	std::uint8_t brw_op = 0, brw_check = 0;
	std::uint32_t brw_size = 0, brw_offset = 0;
};

struct Nodes {
	std::vector<Node> nodes;
	std::uint32_t test_idx = 0; // add_test: the test's number, 0 if not added
};

class Console {
public:
	// ENOENT with a hint when lnet_selftest is not loaded.
	static util::Result<Console> open(std::uint32_t key);

	util::Result<void> session_new(const std::string &name, std::uint32_t timeout, bool force);
	util::Result<Nodes> session_end();
	util::Result<SessionInfo> session_info();
	util::Result<Nodes> group_add(const std::string &name, const std::vector<std::string> &nids);
	util::Result<Nodes> group_del(const std::string &name);
	util::Result<std::vector<Group>> group_list(const std::string &name);
	util::Result<void> batch_add(const std::string &name);
	util::Result<std::vector<Batch>> batch_list(const std::string &name);
	util::Result<Nodes> test_add(const TestSpec &t);
	util::Result<Nodes> batch_run(const std::string &name);
	util::Result<Nodes> batch_stop(const std::string &name, bool force);
	util::Result<Nodes> batch_query(const std::string &name, std::uint32_t test, bool servers);
	util::Result<Nodes> stat(const std::string &group);

private:
	Console(util::GenlSocket sk, std::uint32_t key) : sk_(std::move(sk)), key_(key) {}
	// A request of @cmd with the key, and @name unless empty.
	util::GenlRequest keyed(std::uint8_t cmd, const std::string &name) const;
	// Send @req and call @fn for each top-level attribute of @type of the reply.
	util::Result<void> each(const util::GenlRequest &req, int type,
	                        const std::function<util::Result<void>(const nlattr *)> &fn);
	util::Result<Nodes> nodes_call(const util::GenlRequest &req);

	util::GenlSocket sk_;
	std::uint32_t key_;
};

} // namespace lst
