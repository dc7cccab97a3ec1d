// SPDX-License-Identifier: GPL-2.0
// list_param, get_param and set_param over a ParamTree, printing what
// Lustre's lctl prints; each returns the command's exit status.  Errors go
// to `err` as Lustre words them:
//
//   error: get_param: param_path 'x.y': No such file or directory
//   error: read_param: '/sys/fs/lustre/x/y': Permission denied
//   error: set_param: setting /sys/fs/lustre/x/y=1: Invalid argument
#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "param.hpp"
#include "util/result.hpp"

namespace lctl {

struct ListOptions {
	bool recursive = false; // -R: what is below the directories matched
	bool classify = false;  // -F: '/', '@', '=' after the names
	bool dir_only = false;  // -D: directories only
};

struct GetOptions {
	bool no_name = false;   // -n: values only
	bool only_name = false; // -N: names only (as list_param, files and directories)
	bool recursive = false; // -R: the files below the directories matched
	bool classify = false;  // -F: with -N, as list_param -F
};

using Assignment = std::pair<std::string, std::string>;

// "name=value" words, or "name value" pairs (Lustre's older form).
util::Result<std::vector<Assignment>> assignments(const std::vector<std::string> &words);

int list_param(const ParamTree &tree, const std::vector<std::string> &patterns, const ListOptions &o,
               std::ostream &out, std::ostream &err);
int get_param(const ParamTree &tree, const std::vector<std::string> &patterns, const GetOptions &o,
              std::ostream &out, std::ostream &err);
// Writes every regular file each name matches; prints "name=value" for
// each unless `no_name`.
int set_param(const ParamTree &tree, const std::vector<Assignment> &values, bool no_name, std::ostream &out,
              std::ostream &err);

} // namespace lctl
