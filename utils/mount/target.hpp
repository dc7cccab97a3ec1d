// SPDX-License-Identifier: GPL-2.0
// What mkfs.lustre and tunefs.lustre make of their options: the new
// CONFIGS/mountdata, with the checks that give an administrator a message
// to act on.  No I/O here (but for resolving host names in NIDs), so the
// unit tests drive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

extern "C" {
#include <nacre/ldd.h>
}

namespace tgt {

// Options both tools take.
struct TargetEdits {
	std::vector<std::string> mgsnodes;     // --mgsnode, one node each
	std::vector<std::string> servicenodes; // --servicenode
	std::vector<std::string> failnodes;    // --failnode
	std::vector<std::string> params;       // --param KEY=VALUE
	std::optional<std::string> mountfsoptions;
	std::optional<std::string> comment;
};

struct MkfsOptions {
	std::string fsname = "lustre"; // Lustre's default
	bool mgs = false, mdt = false, ost = false;
	std::optional<std::string> index; // as typed: checked by make_ldd()
	std::string backfstype = "ldiskfs";
	TargetEdits edits;
};

struct TunefsOptions {
	bool erase_params = false;
	bool writeconf = false;
	std::optional<std::string> fsname;
	std::optional<std::string> index;
	TargetEdits edits;
};

// "ext4" and "ldiskfs" are the one back end; zfs is refused by name.
util::Result<void> check_backfstype(const std::string &type);

// --index: decimal (or 0x hex), 0..0xfffe.
util::Result<std::uint32_t> parse_index(const std::string &text);

// The default backing mount options of a target (Lustre's).
std::string default_mount_opts(std::uint32_t flags);

util::Result<nacre_ldd> make_ldd(const MkfsOptions &o);
util::Result<nacre_ldd> tune_ldd(const nacre_ldd &old, const TunefsOptions &o);

} // namespace tgt
