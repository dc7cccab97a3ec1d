// SPDX-License-Identifier: GPL-2.0
#include "param_ops.hpp"

#include <cerrno>
#include <cstring>
#include <ostream>
#include <set>

namespace lctl {

using util::Error;
using util::Result;

Result<std::vector<Assignment>> assignments(const std::vector<std::string> &words)
{
	std::vector<Assignment> out;
	for (std::size_t i = 0; i < words.size(); i++) {
		const std::string &w = words[i];
		const auto eq = w.find('=');
		if (eq == 0)
			return Error{EINVAL, "'" + w + "': no parameter name before '='"};
		if (w.empty()) // "name value" with '' as the name
			return Error{EINVAL, "'': no parameter name"};
		if (eq != std::string::npos) {
			out.emplace_back(w.substr(0, eq), w.substr(eq + 1));
		} else if (i + 1 < words.size()) {
			out.emplace_back(w, words[i + 1]);
			i++;
		} else {
			return Error{EINVAL, "'" + w + "': no value (expected name=value)"};
		}
	}
	return out;
}

namespace {

void no_match(std::ostream &err, const char *cmd, const std::string &pattern)
{
	err << "error: " << cmd << ": param_path '" << pattern << "': " << std::strerror(ENOENT) << "\n";
}

// The names list_param (and get_param -N) prints for one pattern.
int list_names(const ParamTree &tree, const char *cmd, const std::string &pattern, const ListOptions &o,
               std::ostream &out, std::ostream &err)
{
	const auto matches = tree.find(pattern);
	if (matches.empty()) {
		no_match(err, cmd, pattern);
		return 1;
	}
	// A directory in two trees (sysfs and debugfs) is listed once.
	std::set<std::string> seen;
	auto print = [&](const ParamEntry &e) {
		if (o.dir_only && !e.dir)
			return;
		if (seen.insert(e.name).second)
			out << (o.classify ? classified_name(e) : e.name) << "\n";
	};
	for (const auto &m : matches) {
		print(m);
		if (m.dir && o.recursive)
			for (const auto &below : tree.descend(m))
				print(below);
	}
	return 0;
}

int show_value(const ParamEntry &e, const GetOptions &o, std::ostream &out, std::ostream &err)
{
	auto value = ParamTree::read(e);
	if (!value) {
		err << "error: read_param: '" << e.path << "': " << value.error().message << "\n";
		return 1;
	}
	out << format_param(e.name, *value, !o.no_name);
	return 0;
}

} // namespace

int list_param(const ParamTree &tree, const std::vector<std::string> &patterns, const ListOptions &o,
               std::ostream &out, std::ostream &err)
{
	int status = 0;
	for (const auto &p : patterns)
		if (list_names(tree, "list_param", p, o, out, err))
			status = 1;
	return status;
}

int get_param(const ParamTree &tree, const std::vector<std::string> &patterns, const GetOptions &o,
              std::ostream &out, std::ostream &err)
{
	int status = 0;
	for (const auto &p : patterns) {
		if (o.only_name) {
			ListOptions lo;
			lo.recursive = o.recursive;
			lo.classify = o.classify;
			if (list_names(tree, "get_param", p, lo, out, err))
				status = 1;
			continue;
		}
		const auto matches = tree.find(p);
		if (matches.empty()) {
			no_match(err, "get_param", p);
			status = 1;
			continue;
		}
		// Directories are not read: with -R, the files below them are.
		for (const auto &m : matches) {
			if (m.file && show_value(m, o, out, err))
				status = 1;
			if (!m.dir || !o.recursive)
				continue;
			for (const auto &below : tree.descend(m))
				if (below.file && show_value(below, o, out, err))
					status = 1;
		}
	}
	return status;
}

int set_param(const ParamTree &tree, const std::vector<Assignment> &values, bool no_name, std::ostream &out,
              std::ostream &err)
{
	int status = 0;
	for (const auto &[name, value] : values) {
		const auto matches = tree.find(name);
		if (matches.empty()) {
			no_match(err, "set_param", name);
			status = 1;
			continue;
		}
		bool any_file = false;
		for (const auto &m : matches) {
			if (!m.file)
				continue;
			any_file = true;
			auto r = ParamTree::write(m, value);
			if (!r) {
				err << "error: set_param: setting " << m.path << "=" << value << ": "
				    << r.error().message << "\n";
				status = 1;
			} else if (!no_name) {
				out << m.name << "=" << value << "\n";
			}
		}
		if (!any_file) {
			err << "error: set_param: param_path '" << name
			    << "': no file to set (directories are not "
			       "written)\n";
			status = 1;
		}
	}
	return status;
}

} // namespace lctl
