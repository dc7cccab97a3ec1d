// SPDX-License-Identifier: GPL-2.0
#include "param.hpp"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fd.hpp"

namespace lctl {

using util::Fd;

using util::Error;
using util::Result;

const std::vector<std::string> &default_param_roots()
{
	static const std::vector<std::string> roots = {
	        "/sys/fs/lustre", "/sys/kernel/debug/lustre", "/proc/fs/lustre",
	        "/sys/fs/lnet",   "/sys/kernel/debug/lnet",   "/proc/sys/lnet",
	};
	return roots;
}

std::vector<PatternPart> split_pattern(std::string_view pattern)
{
	std::vector<PatternPart> parts(1);
	for (std::size_t i = 0; i < pattern.size(); i++) {
		const char c = pattern[i];
		if (c == '\\' && i + 1 < pattern.size() && pattern[i + 1] == '.') {
			parts.back().text += "\\.";
			i++;
		} else if (c == '.' || c == '/') {
			parts.back().dot_after = c == '.';
			parts.emplace_back();
		} else {
			parts.back().text += c;
		}
	}
	return parts;
}

namespace {

std::string unescape_dots(std::string_view s)
{
	std::string out;
	for (std::size_t i = 0; i < s.size(); i++) {
		if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '.')
			continue;
		out += s[i];
	}
	return out;
}

bool is_glob(const std::string &s)
{
	return s.find_first_of("*?[") != std::string::npos;
}

// A component without wildcards as the name it stands for: a backslash
// escapes the next character, as it does for fnmatch.
std::string unescape(std::string_view s)
{
	std::string out;
	for (std::size_t i = 0; i < s.size(); i++) {
		if (s[i] == '\\' && i + 1 < s.size())
			i++;
		out += s[i];
	}
	return out;
}

// The names in `dir` that one path component of a pattern matches, sorted.
std::vector<std::string> matching_names(const std::string &dir, const std::string &component)
{
	std::vector<std::string> names;
	if (!is_glob(component)) {
		struct stat st;
		const std::string name = unescape(component);
		if (!name.empty() && name != "." && name != ".." &&
		    ::lstat((dir + "/" + name).c_str(), &st) == 0)
			names.push_back(name);
		return names;
	}
	DIR *d = ::opendir(dir.c_str());
	if (!d)
		return names;
	while (const dirent *de = ::readdir(d)) {
		const std::string name = de->d_name;
		if (name == "." || name == "..")
			continue;
		if (::fnmatch(component.c_str(), name.c_str(), FNM_PERIOD) == 0)
			names.push_back(name);
	}
	::closedir(d);
	std::sort(names.begin(), names.end());
	return names;
}

ParamEntry make_entry(const std::string &path, const std::string &name)
{
	ParamEntry e;
	e.path = path;
	e.name = name;
	struct stat lst, st;
	if (::lstat(path.c_str(), &lst) != 0)
		return e;
	e.link = S_ISLNK(lst.st_mode);
	if (::stat(path.c_str(), &st) != 0)
		st = lst; // a dangling link
	e.dir = S_ISDIR(st.st_mode);
	e.file = S_ISREG(st.st_mode);
	e.readable = (st.st_mode & (S_IRUSR | S_IRGRP | S_IROTH)) != 0;
	e.writable = (st.st_mode & S_IWUSR) != 0;
	return e;
}

struct Walk {
	const std::vector<PatternPart> &parts;
	bool join;
	std::vector<ParamEntry> &out;

	// Match parts[i..] below `dir` (`rel`: its path under the root).
	void below(const std::string &dir, const std::string &rel, std::size_t i)
	{
		std::string component;
		for (std::size_t j = i; j < parts.size(); j++) {
			component += parts[j].text;
			for (const auto &name : matching_names(dir, component)) {
				const std::string path = dir + "/" + name;
				const std::string r = rel.empty() ? name : rel + "/" + name;
				if (j + 1 == parts.size()) {
					out.push_back(make_entry(path, param_name(r)));
					continue;
				}
				struct stat st;
				if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
					below(path, r, j + 1);
			}
			if (!join || !parts[j].dot_after)
				break;
			component += "."; // the next part joins this one
		}
	}
};

} // namespace

std::string pattern_path(std::string_view pattern)
{
	std::string out;
	const auto parts = split_pattern(pattern);
	for (std::size_t i = 0; i < parts.size(); i++) {
		if (i)
			out += "/";
		out += unescape_dots(parts[i].text);
	}
	return out;
}

std::string param_name(std::string_view rel)
{
	std::string name(rel);
	std::replace(name.begin(), name.end(), '/', '.');
	return name;
}

ParamTree::ParamTree(std::vector<std::string> roots) : roots_(std::move(roots))
{
}

std::vector<ParamEntry> ParamTree::find(std::string_view pattern) const
{
	std::vector<ParamEntry> all;
	// No file name has a NUL, and the system calls would take the path
	// only up to it: every name after one would "exist" (a script line
	// can hold a NUL; a command line cannot).
	if (pattern.empty() || pattern.find('\0') != std::string_view::npos)
		return all;
	const auto parts = split_pattern(pattern);
	for (bool join : {false, true}) {
		for (const auto &root : roots_) {
			std::vector<ParamEntry> found;
			Walk{parts, join, found}.below(root, "", 0);
			std::sort(found.begin(), found.end(),
			          [](const ParamEntry &a, const ParamEntry &b) { return a.path < b.path; });
			auto same = [](const ParamEntry &a, const ParamEntry &b) { return a.path == b.path; };
			found.erase(std::unique(found.begin(), found.end(), same), found.end());
			all.insert(all.end(), found.begin(), found.end());
		}
		if (!all.empty())
			break;
	}
	return all;
}

namespace {

void descend_into(const ParamEntry &dir, std::vector<ParamEntry> &out)
{
	std::vector<std::string> names;
	if (DIR *d = ::opendir(dir.path.c_str())) {
		while (const dirent *de = ::readdir(d)) {
			std::string name = de->d_name;
			if (name != "." && name != "..")
				names.push_back(std::move(name));
		}
		::closedir(d);
	}
	std::sort(names.begin(), names.end());
	for (const auto &name : names) {
		out.push_back(make_entry(dir.path + "/" + name, dir.name + "." + name));
		// Copied: push_back may move the vector's elements.
		const ParamEntry child = out.back();
		if (child.dir && !child.link)
			descend_into(child, out);
	}
}

} // namespace

std::vector<ParamEntry> ParamTree::descend(const ParamEntry &dir) const
{
	std::vector<ParamEntry> out;
	descend_into(dir, out);
	return out;
}

Result<std::string> read_text(const std::string &path)
{
	Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (!fd)
		return Error::from_errno(errno);
	std::string text;
	char buf[65536];
	for (;;) {
		ssize_t n = ::read(fd.get(), buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return Error::from_errno(errno);
		if (n == 0)
			break;
		text.append(buf, static_cast<std::size_t>(n));
	}
	return text;
}

Result<std::string> ParamTree::read(const ParamEntry &e)
{
	if (!e.readable)
		return Error::from_errno(EACCES); // a write-only parameter
	return read_text(e.path);
}

Result<void> ParamTree::write(const ParamEntry &e, std::string_view value)
{
	Fd fd(::open(e.path.c_str(), O_WRONLY | O_CLOEXEC));
	if (!fd)
		return Error::from_errno(errno);
	ssize_t n;
	do
		n = ::write(fd.get(), value.data(), value.size());
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return Error::from_errno(errno);
	if (static_cast<std::size_t>(n) < value.size())
		return Error{EINVAL, "wrote only " + std::to_string(n)};
	return {};
}

std::string format_param(const std::string &name, const std::string &value, bool show_name)
{
	if (value.empty())
		return "";
	std::string v = value;
	if (v.back() != '\n')
		v += '\n';
	if (!show_name)
		return v;
	const bool multiline = v.find('\n') + 1 < v.size();
	return name + "=" + (multiline ? "\n" : "") + v;
}

std::string classified_name(const ParamEntry &e)
{
	if (e.link)
		return e.name + "@";
	if (e.dir)
		return e.name + "/";
	if (e.writable)
		return e.name + "=";
	return e.name;
}

} // namespace lctl
