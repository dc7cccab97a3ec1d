// SPDX-License-Identifier: GPL-2.0
#include "view.hpp"

#include <cstring>

#include <linux/lnet_selftest_genl.h>

namespace lst {

namespace {

struct Counts {
	unsigned int active = 0, busy = 0, down = 0, unknown = 0, total = 0;

	void add(std::uint8_t state)
	{
		total++;
		if (state == LST_NODE_ACTIVE)
			active++;
		else if (state == LST_NODE_BUSY)
			busy++;
		else if (state == LST_NODE_DOWN)
			down++;
		else
			unknown++;
	}
};

void print_counts(std::ostream &os, const std::string &label, const Counts &c)
{
	os << label << "\t" << c.active << "\t" << c.busy << "\t" << c.down << "\t" << c.unknown
	   << "\t" << c.total << "\n";
}

const char *const nodes_title = "\tACTIVE\tBUSY\tDOWN\tUNKNOWN\tTOTAL\n";

// "1) name" lines, then "Total N <what>".
template <typename T>
void print_names(std::ostream &os, const std::vector<T> &items, const char *what)
{
	unsigned int i = 0;
	for (const T &item : items)
		os << ++i << ") " << item.name << "\n";
	os << "Total " << items.size() << " " << what << "\n";
}

} // namespace

const char *state_name(std::uint8_t state)
{
	switch (state) {
	case LST_NODE_ACTIVE:
		return "Active";
	case LST_NODE_BUSY:
		return "Busy";
	case LST_NODE_DOWN:
		return "Down";
	default:
		return "Unknown";
	}
}

void print_new_session(std::ostream &os, const std::string &name, std::uint32_t timeout, bool force)
{
	// The features a Nacre console offers: LST_FEAT_BULK_LEN.
	os << "SESSION: " << name << " FEATURES: 1 TIMEOUT: " << timeout
	   << " FORCE: " << (force ? "Yes" : "No") << "\n";
}

void print_session(std::ostream &os, const SessionInfo &s)
{
	os << s.name << " ID: " << s.stamp << "@" << s.nid << ", KEY: " << s.key
	   << " FEATURES: " << std::hex << s.feats << std::dec << " NODES: " << s.nnodes << "\n";
}

bool print_failures(std::ostream &os, const std::vector<Node> &nodes, const std::string &what)
{
	bool ok = true;
	for (const Node &n : nodes) {
		if (n.ok())
			continue;
		ok = false;
		if (n.rpc_errno)
			os << n.nid << ": " << what << " failed: " << std::strerror(n.rpc_errno)
			   << " (" << state_name(n.state) << ")\n";
		else
			os << n.nid << ": " << what << " refused: " << std::strerror(n.status) << " ("
			   << state_name(n.state) << ")\n";
	}
	return ok;
}

void print_groups(std::ostream &os, const std::vector<Group> &groups, bool one, unsigned int mask)
{
	if (!one) {
		print_names(os, groups, "groups");
		return;
	}
	for (const Group &g : groups) {
		Counts c;
		for (const Node &n : g.nodes)
			c.add(n.state);
		os << nodes_title;
		print_counts(os, g.name, c);
		if (!mask)
			continue;
		unsigned int listed = 0;
		for (const Node &n : g.nodes) {
			if (!(n.state & mask))
				continue;
			os << "\t" << n.nid << ": " << state_name(n.state) << "\n";
			listed++;
		}
		os << "Total " << listed << " nodes\n";
	}
}

void print_batches(std::ostream &os, const std::vector<Batch> &batches, bool one)
{
	if (!one) {
		print_names(os, batches, "batches");
		return;
	}
	for (const Batch &b : batches) {
		os << "Batch: " << b.name << " Tests: " << b.tests.size()
		   << " State: " << (b.state == LST_BATCH_RUNNING ? "Running" : "Idle") << "\n";
		for (const Test &t : b.tests) {
			os << "\tTest " << t.idx << "(" << (t.type == LST_TEST_PING ? "ping" : "brw")
			   << ") (loop: ";
			if (t.loop == UINT32_MAX)
				os << "-1";
			else
				os << t.loop;
			os << ", concurrency: " << t.concur << ", distribute: " << t.dist << ":"
			   << t.span << ")\n";
			os << "\t\tfrom: " << t.from << " to: " << t.to;
			if (t.type == LST_TEST_BRW) {
				static const char *const checks[] = {"", "none", "simple", "full"};
				os << " " << (t.brw_op == 1 ? "read" : "write") << " size=" << t.brw_size
				   << " check=" << (t.brw_check <= 3 ? checks[t.brw_check] : "?");
				if (t.brw_offset)
					os << " off=" << t.brw_offset;
			}
			os << "\n";
		}
	}
}

void print_query(std::ostream &os, const std::string &batch, std::uint32_t test,
                 const std::vector<Node> &nodes, bool all)
{
	unsigned int running = 0, idle = 0, failed = 0;
	for (const Node &n : nodes) {
		if (!n.ok())
			failed++;
		else if (n.active.value_or(0))
			running++;
		else
			idle++;
	}
	if (all) {
		for (const Node &n : nodes) {
			const char *s = !n.ok() ? (n.rpc_errno ? "Down" : "Unknown")
			                        : n.active.value_or(0) ? "Running" : "Idle";
			os << "\t" << n.nid << ": " << s << "\n";
		}
	}
	os << (test ? "Test " + std::to_string(test) + " of " + batch : batch) << " is "
	   << (running ? "running" : "idle") << ": " << running << " running, " << idle << " idle, "
	   << failed << " not answering, of " << nodes.size() << " nodes\n";
}

void print_errors(std::ostream &os, const std::string &group, const std::vector<Node> &nodes)
{
	unsigned int bad = 0;
	for (const Node &n : nodes) {
		if (!n.ok() || !n.stat) {
			os << n.nid << ": RPC failure ("
			   << std::strerror(n.rpc_errno ? n.rpc_errno : n.status) << ")\n";
			bad++;
			continue;
		}
		const Stat &s = *n.stat;
		if (!s.brw_errors && !s.ping_errors && !s.rpc_errors && !s.rpcs_dropped &&
		    !s.rpcs_expired)
			continue;
		os << n.nid << ": [Session " << s.brw_errors << " brw errors, " << s.ping_errors
		   << " ping errors] [RPC: " << s.rpc_errors << " errors, " << s.rpcs_dropped
		   << " dropped, " << s.rpcs_expired << " expired]\n";
		bad++;
	}
	os << "Total " << bad << " error nodes in " << group << "\n";
}

} // namespace lst
