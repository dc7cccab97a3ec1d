// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for what lctl reads as text: the input is one line of an
 * lctl script or of the interactive mode, split into words by split_line;
 * then each word as a parameter name or pattern (split_pattern,
 * pattern_path, param_name, and the search of a small fake parameter tree
 * with ParamTree::find), the words after the first as set_param's
 * assignments, and each word through the number, size, lock option and
 * cookie parsers.  The input is copied into an exact-size heap buffer, not
 * NUL-terminated: the splitter must keep to its length.
 *
 * Beyond "no crash":
 * - a refused line is EINVAL, "unterminated single quote" or "unterminated
 *   double quote", and has a quote; a line whose first word starts with '#'
 *   has no words; a line without quotes is its blank-separated words;
 * - the words, each quoted back ("..." with \" and \\) and joined by blanks,
 *   split to the same words: the splitter and its documented quoting agree;
 * - a pattern's parts and their separators give the pattern back; no part
 *   holds a '/' or an unescaped '.'; pattern_path has one '/' per
 *   separator, and param_name turns it into a name without '/';
 * - every entry find() returns is below one of the roots, through no empty,
 *   "." or ".." component (set_param writes what it finds, as root: a name
 *   must never reach outside the parameter trees), its name is its path
 *   under that root with '/' as '.', and none is returned twice for a root;
 *   a pattern with a NUL finds nothing (the system calls would stop at it);
 * - assignments are "name=value" words or "name value" pairs, names never
 *   empty; a refusal is EINVAL;
 * - numbers and sizes accepted are in range and, for plain digits, the
 *   number written; a lock's extent has start <= end; a cookie accepted is
 *   not 0 and reads back from its hexadecimal form.
 */
#include <cerrno>
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "param.hpp"
#include "param_ops.hpp"
#include "parse.hpp"

#include "fuzz.h"

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The words of a line without quotes: what is between blanks. */
std::vector<std::string> blank_split(std::string_view line)
{
	std::vector<std::string> words;
	std::string word;
	for (char c : line) {
		if (blank(c)) {
			if (!word.empty())
				words.push_back(std::move(word));
			word.clear();
		} else {
			word += c;
		}
	}
	if (!word.empty())
		words.push_back(std::move(word));
	return words;
}

/* A word as lctl(8) says to quote it: "...", with \" and \\. */
std::string quoted(const std::string &w)
{
	std::string out = "\"";
	for (char c : w) {
		if (c == '"' || c == '\\')
			out += '\\';
		out += c;
	}
	return out + "\"";
}

void check_split(std::string_view line, const util::Result<std::vector<std::string>> &r)
{
	const bool has_quote = line.find_first_of("'\"") != std::string_view::npos;
	if (!r) {
		CHECK(r.error().code == EINVAL);
		CHECK(r.error().message == "unterminated single quote" ||
		      r.error().message == "unterminated double quote");
		CHECK(has_quote);
		return;
	}
	const auto first = line.find_first_not_of(" \t\n\r");
	if (first != std::string_view::npos && line[first] == '#') {
		CHECK(r->empty());
		return;
	}
	std::size_t chars = 0;
	for (const auto &w : *r)
		chars += w.size();
	CHECK(chars <= line.size());
	if (!has_quote)
		CHECK(*r == blank_split(line));

	std::string again;
	for (const auto &w : *r)
		again += (again.empty() ? "" : " ") + quoted(w);
	auto back = lctl::split_line(again);
	if (!back || *back != *r)
		fprintf(stderr, "quoted back as: [%s]\n", again.c_str());
	CHECK(back.ok() && *back == *r);
}

void check_pattern(const std::string &p)
{
	const auto parts = lctl::split_pattern(p);
	CHECK(!parts.empty());
	CHECK(!parts.back().dot_after);
	std::string back;
	for (std::size_t i = 0; i < parts.size(); i++) {
		const std::string &t = parts[i].text;
		CHECK(t.find('/') == std::string::npos);
		for (std::size_t k = 0; k < t.size(); k++)
			if (t[k] == '.')
				CHECK(k > 0 && t[k - 1] == '\\');
		back += t;
		if (i + 1 < parts.size())
			back += parts[i].dot_after ? '.' : '/';
	}
	CHECK(back == p);

	const std::string path = lctl::pattern_path(p);
	std::size_t slashes = 0;
	for (char c : path)
		slashes += c == '/';
	CHECK(slashes + 1 == parts.size());
	const std::string name = lctl::param_name(path);
	CHECK(name.size() == path.size() && name.find('/') == std::string::npos);
	if (p.find('\\') == std::string::npos)
		CHECK(lctl::param_name(p) == name);
}

/* ---- the fake parameter tree ---------------------------------------------- */

struct Tree {
	std::string base;
	std::vector<std::string> roots;
};

void put(const std::string &path, const std::string &content)
{
	std::filesystem::create_directories(std::filesystem::path(path).parent_path());
	std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

/* Two roots as lctl searches them, Lustre-like names (dotted directories, a
 * NID, a hidden file, a link within a root), and beside them what must
 * never be found: a file next to the roots and one above them. */
Tree *make_tree()
{
	static Tree t;
	char tmpl[] = "/tmp/fuzz-lctl-XXXXXX";
	CHECK(::mkdtemp(tmpl) != nullptr);
	t.base = tmpl;
	const std::string sys = t.base + "/roots/sysfs", dbg = t.base + "/roots/debugfs";
	t.roots = {sys, dbg};
	put(sys + "/version", "2.16.0-nacre\n");
	put(sys + "/ldlm/namespaces/ns1/lru_size", "100\n");
	put(sys + "/ldlm/namespaces/ns2/lru_size", "200\n");
	put(sys + "/obdecho/echo.1/uuid", "echo.1_UUID\n");
	put(sys + "/obdecho/echo.1.x/uuid", "x\n");
	put(sys + "/mgc/MGC10.0.0.1@tcp/import", "import:\n");
	put(sys + "/a/b.c/d", "1\n");
	put(sys + "/a/b/c.d", "2\n");
	put(sys + "/.hidden", "1\n");
	put(sys + "/*", "star\n");
	put(sys + "/back\\slash", "1\n");
	std::filesystem::create_symlink("ldlm", sys + "/dlm");
	put(dbg + "/ldlm/namespaces/ns1/pool/stats", "granted 1\n");
	put(dbg + "/debug", "net\n");
	put(t.base + "/roots/secret", "beside the roots\n");
	put(t.base + "/secret", "above the roots\n");
	return &t;
}

Tree *tree;

void check_find(const lctl::ParamTree &params, const std::string &pattern)
{
	std::set<std::string> seen;
	const auto found = params.find(pattern);
	/* no file name has a NUL */
	if (pattern.find('\0') != std::string::npos)
		CHECK(found.empty());
	for (const auto &e : found) {
		const std::string *root = nullptr;
		for (const auto &r : tree->roots)
			if (e.path.size() > r.size() + 1 && e.path.compare(0, r.size(), r) == 0 &&
			    e.path[r.size()] == '/')
				root = &r;
		if (!root)
			fprintf(stderr, "pattern '%s' found '%s'\n", pattern.c_str(), e.path.c_str());
		CHECK(root != nullptr);
		const std::string rel = e.path.substr(root->size() + 1);
		std::size_t at = 0;
		for (;;) {
			const std::size_t slash = rel.find('/', at);
			const std::string comp =
			        rel.substr(at, slash == std::string::npos ? slash : slash - at);
			CHECK(!comp.empty() && comp != "." && comp != "..");
			if (slash == std::string::npos)
				break;
			at = slash + 1;
		}
		CHECK(e.name == lctl::param_name(rel));
		CHECK(seen.insert(e.path).second);
	}
}

void check_assignments(const std::vector<std::string> &words)
{
	auto r = lctl::assignments(words);
	if (!r) {
		CHECK(r.error().code == EINVAL);
		return;
	}
	std::size_t i = 0;
	for (const auto &[name, value] : *r) {
		CHECK(!name.empty());
		CHECK(i < words.size());
		const auto eq = words[i].find('=');
		if (eq != std::string::npos) {
			CHECK(name == words[i].substr(0, eq) && value == words[i].substr(eq + 1));
			i++;
		} else {
			CHECK(i + 1 < words.size() && name == words[i] && value == words[i + 1]);
			i += 2;
		}
	}
	CHECK(i == words.size());
}

bool all_digits(const std::string &s)
{
	return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

void check_numbers(const std::string &w)
{
	auto n = lctl::parse_number(w, 1, 120, "timeout");
	if (n)
		CHECK(*n >= 1 && *n <= 120 && all_digits(w) && std::stoull(w) == *n);
	else
		CHECK(n.error().code == EINVAL || n.error().code == ERANGE);

	auto s = lctl::parse_size(w, 4U << 20, "--size");
	if (s) {
		CHECK(*s <= (4U << 20));
		if (all_digits(w))
			CHECK(std::to_string(*s) == std::to_string(std::stoull(w)));
	} else {
		CHECK(s.error().code == EINVAL || s.error().code == ERANGE);
	}
	auto big = lctl::parse_size(w, UINT64_MAX, "--offset");
	if (big && s)
		CHECK(*big == *s);

	auto c = lctl::parse_cookie(w);
	if (c) {
		CHECK(*c != 0);
		char hex[24];
		snprintf(hex, sizeof(hex), "0x%" PRIx64, *c);
		auto back = lctl::parse_cookie(hex);
		CHECK(back.ok() && *back == *c);
	} else {
		CHECK(c.error().code == EINVAL || c.error().code == ERANGE);
	}
}

void check_lock(const std::vector<std::string> &w)
{
	lctl::LockArgs a;
	a.mode = w[0];
	if (w.size() > 1)
		a.oid = w[1];
	if (w.size() > 2)
		a.start = w[2];
	if (w.size() > 3)
		a.end = w[3];
	auto p = lctl::lock_params(a);
	if (!p) {
		CHECK(p.error().code == EINVAL || p.error().code == ERANGE);
		CHECK(!p.error().message.empty() && p.error().message.starts_with("--"));
		return;
	}
	CHECK(p->start <= p->end);
	CHECK(std::string(lctl::lock_mode_name(p->mode)) != "??");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	tree = make_tree();
	/* the tree goes when the fuzzer exits */
	std::atexit([] {
		std::error_code ec;
		std::filesystem::remove_all(tree->base, ec);
	});
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::unique_ptr<char[]> copy(new char[size]);
	if (size)
		memcpy(copy.get(), data, size);
	const std::string_view line(copy.get(), size);

	auto words = lctl::split_line(line);
	check_split(line, words);
	/* Bytes of a refused line as the words of one the splitter took. */
	const std::vector<std::string> ws = words ? *words : blank_split(line);
	if (ws.empty())
		return 0;

	const lctl::ParamTree params(tree->roots);
	std::size_t searched = 0;
	for (const auto &w : ws) {
		check_pattern(w);
		check_numbers(w);
		/* the search touches the file system: a few short words */
		if (searched < 4 && w.size() <= 128) {
			check_find(params, w);
			searched++;
		}
	}
	check_assignments(std::vector<std::string>(ws.begin() + 1, ws.end()));
	check_lock(ws);
	return 0;
}
