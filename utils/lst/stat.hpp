// SPDX-License-Identifier: GPL-2.0
// lst stat: samples the counters of every node of some groups, and prints
// for each interval what Lustre's lst prints, computed from two samples of
// a node over its own clock: LNet RPC rates and bandwidth (receive and
// send, average, minimum and maximum over the group's nodes), then the
// group's srpc totals and errors.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "console.hpp"

namespace lst {

struct Rates {
	double rpc_r = 0, rpc_w = 0, mib_r = 0, mib_w = 0;
};

// The rates of one node between two samples (nullopt: its clock did not move).
std::optional<Rates> node_rates(const Stat &before, const Stat &after);

// What to print, Lustre's options: --rate/--bw, --read/--write,
// --avg/--min/--max; none of a pair (or of the three) means all of them.
struct StatShow {
	bool rate = false, bw = false, read = false, write = false;
	bool avg = false, min = false, max = false;

	StatShow resolved() const;
};

void print_group_stat(std::ostream &os, const std::string &group, const std::vector<Rates> &rates,
                      const std::vector<Node> &now, const StatShow &show);

// @count reports (negative: until interrupted), @delay apart.
util::Result<bool> stat_loop(std::ostream &os, Console &c, const std::vector<std::string> &groups,
                             int count, std::chrono::duration<double> delay, const StatShow &show);

} // namespace lst
