// SPDX-License-Identifier: GPL-2.0
// The parameter tree as lctl names it.  A parameter "a.b.c" is the file
// a/b/c under one of the roots, searched in order (Lustre's order):
//
//   /sys/fs/lustre  /sys/kernel/debug/lustre  /proc/fs/lustre
//   /sys/fs/lnet    /sys/kernel/debug/lnet    /proc/sys/lnet
//
// A name is its path under its root with '/' turned into '.', so LNet's
// parameters have bare names ("debug"), as in Lustre.
//
// Patterns: components are separated by '.' (or '/', which is always a
// separator); "\." is a dot inside a component.  Each component may be a
// glob (fnmatch(3): *, ?, [...]; a leading '.' is matched only explicitly).
// Directory names may contain dots themselves (echo.1, MGC10.0.0.1@tcp):
// when splitting at every dot matches nothing under any root, the search is
// done again letting adjacent dot-separated components stand for one name
// ("mgc.MGC10.0.0.1@tcp.import" finds mgc/MGC10.0.0.1@tcp/import).  "." and
// ".." never match.  Matches come root by root, each root's in path order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace lctl {

// The roots above.
const std::vector<std::string> &default_param_roots();

// One component of a pattern, and whether a dot (joinable) or a '/' or the
// end follows it.
struct PatternPart {
	std::string text; // "\." kept: fnmatch reads it as a dot
	bool dot_after = false;
};
std::vector<PatternPart> split_pattern(std::string_view pattern);

// The pattern with "\." unescaped and every separator a '/': the path
// pattern of the plain (no joining) search.
std::string pattern_path(std::string_view pattern);

// A path under a root (relative, '/'-separated) as a parameter name.
std::string param_name(std::string_view rel);

struct ParamEntry {
	std::string path;  // the full path
	std::string name;  // the parameter name
	bool dir = false;  // after following a symlink
	bool file = false; // a regular file, after following a symlink
	bool link = false;
	bool readable = false; // any read bit
	bool writable = false; // the owner's write bit, as Lustre's -F says
};

class ParamTree {
public:
	// The tests point `roots` at a temporary directory.
	explicit ParamTree(std::vector<std::string> roots = default_param_roots());

	// Every entry that matches; empty when none does (or the pattern is
	// empty, or holds a NUL).
	std::vector<ParamEntry> find(std::string_view pattern) const;
	// Everything below a directory entry, depth first, each directory's
	// entries in name order; symbolic links are listed, not followed.
	std::vector<ParamEntry> descend(const ParamEntry &dir) const;

	// The whole content of a file.  Errors are Error{errno, strerror}.
	static util::Result<std::string> read(const ParamEntry &e);
	// One write(2) of `value`; a short write is Error{EINVAL, "wrote only N"}.
	static util::Result<void> write(const ParamEntry &e, std::string_view value);

	const std::vector<std::string> &roots() const { return roots_; }

private:
	std::vector<std::string> roots_;
};

// The whole content of a file (sysfs, debugfs and procfs files report no
// useful size: read to the end).  Errors are Error{errno, strerror}.
util::Result<std::string> read_text(const std::string &path);

// What get_param prints for one file: "name=value" for a one-line value,
// "name=" and the lines for a longer one, the value alone without
// `show_name`; nothing for an empty file.  Always ends with a newline.
std::string format_param(const std::string &name, const std::string &value, bool show_name);

// The name with list_param -F's suffix: '@' symbolic link, '/' directory,
// '=' writable file.
std::string classified_name(const ParamEntry &e);

} // namespace lctl
