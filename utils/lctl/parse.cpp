// SPDX-License-Identifier: GPL-2.0
#include "parse.hpp"

#include <cerrno>
#include <charconv>

namespace lctl {

using util::Error;
using util::Result;

Result<std::vector<std::string>> split_line(std::string_view line)
{
	std::vector<std::string> words;
	std::string word;
	bool in_word = false;
	for (std::size_t i = 0; i < line.size(); i++) {
		const char c = line[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (in_word)
				words.push_back(std::move(word));
			word.clear();
			in_word = false;
			continue;
		}
		if (!in_word && words.empty() && c == '#')
			return std::vector<std::string>{};
		in_word = true;
		if (c != '\'' && c != '"') {
			word += c;
			continue;
		}
		const char quote = c;
		bool closed = false;
		for (i++; i < line.size(); i++) {
			if (line[i] == quote) {
				closed = true;
				break;
			}
			if (quote == '"' && line[i] == '\\' && i + 1 < line.size() &&
			    (line[i + 1] == '"' || line[i + 1] == '\\'))
				i++;
			word += line[i];
		}
		if (!closed)
			return Error{EINVAL, std::string("unterminated ") +
			                             (quote == '"' ? "double" : "single") + " quote"};
	}
	if (in_word)
		words.push_back(std::move(word));
	return words;
}

namespace {

Result<std::uint64_t> digits(std::string_view text, std::string_view &rest, const char *what)
{
	std::uint64_t n = 0;
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n, 10);
	if (ec == std::errc::result_out_of_range)
		return Error{ERANGE, std::string(what) + " \"" + std::string(text) + "\": too large"};
	if (ec != std::errc() || text.empty() || text[0] == '+')
		return Error{EINVAL, std::string(what) + " \"" + std::string(text) + "\": not a number"};
	rest = text.substr(static_cast<std::size_t>(end - text.data()));
	return n;
}

} // namespace

Result<std::uint64_t> parse_size(std::string_view text, std::uint64_t max, const char *what)
{
	std::string_view rest;
	auto n = digits(text, rest, what);
	if (!n)
		return n;
	int shift = 0;
	if (rest == "k" || rest == "K")
		shift = 10;
	else if (rest == "m" || rest == "M")
		shift = 20;
	else if (rest == "g" || rest == "G")
		shift = 30;
	else if (!rest.empty())
		return Error{EINVAL,
		             std::string(what) + " \"" + std::string(text) +
		                     "\": expected bytes with an optional K, M or G, like 4096, 64K, 1M"};
	if (*n > (max >> shift))
		return Error{ERANGE, std::string(what) + " \"" + std::string(text) + "\": at most " +
		                             std::to_string(max) + " bytes"};
	return *n << shift;
}

Result<std::uint64_t> parse_number(std::string_view text, std::uint64_t min, std::uint64_t max,
                                   const char *what)
{
	std::string_view rest;
	auto n = digits(text, rest, what);
	if (!n)
		return n;
	if (!rest.empty())
		return Error{EINVAL, std::string(what) + " \"" + std::string(text) + "\": not a number"};
	if (*n < min || *n > max)
		return Error{ERANGE, std::string(what) + " \"" + std::string(text) + "\": expected " +
		                             std::to_string(min) + " to " + std::to_string(max)};
	return *n;
}

Result<LockParams> lock_params(const LockArgs &a)
{
	LockParams p;
	auto mode = lock_mode(a.mode);
	if (!mode)
		return Error{EINVAL, "--mode \"" + a.mode + "\": expected EX, PW, PR, CW or CR"};
	p.mode = *mode;
	auto oid = parse_number(a.oid, 0, UINT64_MAX, "--oid");
	if (!oid)
		return oid.error();
	p.oid = *oid;
	auto start = parse_size(a.start, UINT64_MAX, "--start");
	if (!start)
		return start.error();
	p.start = *start;
	auto is_eof = [](std::string_view t) {
		return t.size() == 3 && (t[0] | 0x20) == 'e' && (t[1] | 0x20) == 'o' && (t[2] | 0x20) == 'f';
	};
	if (is_eof(a.end)) {
		p.end = extent_eof;
	} else {
		auto end = parse_size(a.end, UINT64_MAX, "--end");
		if (!end)
			return end.error();
		p.end = *end;
	}
	if (p.end < p.start)
		return Error{EINVAL, "--end " + a.end + " is before --start " + a.start +
		                             " (the extent is [start, end], both included)"};
	return p;
}

Result<std::uint64_t> parse_cookie(std::string_view text)
{
	const std::string what = "cookie \"" + std::string(text) + "\"";
	std::string_view digits = text;
	if (digits.starts_with("0x") || digits.starts_with("0X"))
		digits.remove_prefix(2);
	std::uint64_t n = 0;
	auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, 16);
	if (ec == std::errc::result_out_of_range)
		return Error{ERANGE, what + ": more than 64 bits"};
	if (ec != std::errc() || digits.empty() || end != digits.data() + digits.size() || digits[0] == '-' ||
	    digits[0] == '+')
		return Error{EINVAL,
		             what + ": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"};
	if (n == 0)
		return Error{EINVAL, what + ": no lock has cookie 0"};
	return n;
}

} // namespace lctl
