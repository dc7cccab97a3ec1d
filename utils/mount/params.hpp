// SPDX-License-Identifier: GPL-2.0
// The parameter words of CONFIGS/mountdata ("mgsnode=10.0.0.1@tcp
// failover.node=10.0.0.3@tcp:10.0.0.4@tcp sys.timeout=40") and the NID lists
// that --mgsnode, --servicenode and --failnode add to them.
//
// A node is one or more NIDs separated by ','; the nodes of one key are
// separated by ':' in one word, as Lustre writes them.  Each option
// occurrence is one node.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace tgt {

// "10.0.0.1@tcp0,10.0.1.1@o2ib" → "10.0.0.1@tcp,10.0.1.1@o2ib": each NID
// parsed and written back canonically; an address without "@NET" is on
// tcp, as Lustre assumes; a host name is resolved to its IPv4 address.
// "A:B" (two nodes in one option) stays two nodes; an IPv6 NID is refused
// (':' separates nodes).
util::Result<std::string> node_nids(std::string_view arg);

// A word of mountdata's params: KEY=VALUE of printable ASCII, KEY not empty
// (the rule ldd_check() applies on disk).
util::Result<void> check_word(std::string_view word);

class Params {
public:
	Params() = default;
	// Blank-separated words, as stored, kept in order (each checked).
	static util::Result<Params> parse(std::string_view text);

	// The value of the first word with this key.
	std::optional<std::string> get(std::string_view key) const;
	// Drops every word with this key.
	void erase(std::string_view key);
	// Sets the first word with this key (others dropped), or appends one.
	void set(std::string_view key, std::string_view value);
	// Appends a node to the key's ':'-separated list, or a new word.
	void add_node(std::string_view key, std::string_view nids);
	// Appends a "key=value" word, checked; a key already present is
	// replaced (the last --param for a key wins).
	util::Result<void> add_word(std::string_view word);

	bool empty() const { return words_.empty(); }
	const std::vector<std::string> &words() const { return words_; }
	// As Lustre stores them: each word after one blank (" a=1 b=2").
	std::string str() const;

private:
	std::vector<std::string> words_;
};

} // namespace tgt
