// SPDX-License-Identifier: GPL-2.0
// What lst prints, shaped after Lustre's lst.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "console.hpp"

namespace lst {

const char *state_name(std::uint8_t state);

void print_new_session(std::ostream &os, const std::string &name, std::uint32_t timeout,
                       bool force);
void print_session(std::ostream &os, const SessionInfo &s);

// One line per node that failed @what (no reply, or an error status);
// true if none did.
bool print_failures(std::ostream &os, const std::vector<Node> &nodes, const std::string &what);

// Without @one: the groups' names; with: each group's counts by state, and
// the nodes whose state is in @mask (LST_NODE_* bits).
void print_groups(std::ostream &os, const std::vector<Group> &groups, bool one, unsigned int mask);
void print_batches(std::ostream &os, const std::vector<Batch> &batches, bool one);
void print_query(std::ostream &os, const std::string &batch, std::uint32_t test,
                 const std::vector<Node> &nodes, bool all);
// show_error: the nodes of @group that counted errors, or did not answer.
void print_errors(std::ostream &os, const std::string &group, const std::vector<Node> &nodes);

} // namespace lst
