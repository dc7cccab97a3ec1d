// SPDX-License-Identifier: GPL-2.0
#include "test_args.hpp"

#include <cerrno>
#include <charconv>

#include <linux/lnet_selftest_genl.h>

namespace lst {

using util::Error;
using util::Result;

namespace {

constexpr std::uint32_t max_bulk = 1U << 20;

Result<std::uint32_t> number(const std::string &what, const std::string &s, bool units)
{
	unsigned long long v = 0;
	auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
	std::string unit(end, s.data() + s.size());
	if (s.empty() || ec != std::errc())
		return Error{EINVAL, what + " \"" + s + "\": not a number"};
	if (units && (unit == "k" || unit == "K"))
		v <<= 10;
	else if (units && (unit == "m" || unit == "M"))
		v <<= 20;
	else if (!unit.empty())
		return Error{EINVAL, what + " \"" + s + "\": not a number" +
		                             (units ? " (k and M suffixes only)" : "")};
	if (v > UINT32_MAX)
		return Error{ERANGE, what + " \"" + s + "\": too large"};
	return static_cast<std::uint32_t>(v);
}

} // namespace

Result<TestSpec> parse_test(const std::vector<std::string> &words, const std::string &dist)
{
	TestSpec t;
	std::size_t colon = dist.find(':');
	if (colon == std::string::npos)
		return Error{EINVAL, "--distribute \"" + dist + "\": expected DIST:SPAN, like 1:1"};
	auto d = number("--distribute", dist.substr(0, colon), false);
	auto s = number("--distribute", dist.substr(colon + 1), false);
	if (!d)
		return d.error();
	if (!s)
		return s.error();
	if (!*d || !*s)
		return Error{EINVAL, "--distribute \"" + dist + "\": both numbers are at least 1"};
	t.dist = *d;
	t.span = *s;

	if (words.empty())
		return Error{EINVAL, "a test is required: ping or brw"};
	if (words[0] == "ping") {
		if (words.size() > 1)
			return Error{EINVAL, "ping takes no parameter (\"" + words[1] + "\")"};
		t.type = LST_TEST_PING;
		return t;
	}
	if (words[0] != "brw")
		return Error{EINVAL, "unknown test \"" + words[0] + "\": ping or brw"};
	t.type = LST_TEST_BRW;
	t.brw_op = 0;
	t.brw_check = 1; // LST_BRW_CHECK_NONE
	t.brw_size = 4096;
	for (std::size_t i = 1; i < words.size(); i++) {
		const std::string &w = words[i];
		std::size_t eq = w.find('=');
		std::string key = w.substr(0, eq), val = eq == std::string::npos ? "" : w.substr(eq + 1);
		if (w == "read" || w == "write") {
			t.brw_op = w == "read" ? 1 : 2;
		} else if (key == "size" && eq != std::string::npos) {
			auto n = number("size", val, true);
			if (!n)
				return n.error();
			if (!*n || *n > max_bulk)
				return Error{ERANGE, "size \"" + val + "\": 1 byte to 1M"};
			t.brw_size = *n;
		} else if (key == "check" && eq != std::string::npos) {
			if (val == "none")
				t.brw_check = 1;
			else if (val == "simple")
				t.brw_check = 2;
			else if (val == "full")
				t.brw_check = 3;
			else
				return Error{EINVAL, "check \"" + val + "\": none, simple or full"};
		} else if (key == "off" && eq != std::string::npos) {
			auto n = number("off", val, false);
			if (!n)
				return n.error();
			if (*n >= 4096)
				return Error{ERANGE, "off \"" + val + "\": below 4096 (in the first page)"};
			t.brw_offset = *n;
		} else {
			return Error{EINVAL, "unknown brw parameter \"" + w + "\""};
		}
	}
	if (!t.brw_op)
		return Error{EINVAL, "brw needs read or write"};
	if (t.brw_size + t.brw_offset > max_bulk)
		return Error{ERANGE, "size and off: at most 1M in all"};
	return t;
}

} // namespace lst
