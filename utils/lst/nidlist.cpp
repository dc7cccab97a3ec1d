// SPDX-License-Identifier: GPL-2.0
#include "nidlist.hpp"

#include <cerrno>
#include <charconv>

namespace lst {

using util::Error;
using util::Result;

namespace {

Error bad(const std::string &text, const std::string &why)
{
	return Error{EINVAL, "NID \"" + text + "\": " + why};
}

Result<unsigned long> number(const std::string &text, const std::string &s)
{
	unsigned long v = 0;
	auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
	if (s.empty() || ec != std::errc() || end != s.data() + s.size())
		return bad(text, "\"" + s + "\" is not a number");
	return v;
}

// The values of one dotted field: "7" or "[1-3,9,10-20/5]".
Result<std::vector<unsigned long>> field(const std::string &text, const std::string &f,
                                         std::size_t max)
{
	if (f.empty() || f.front() != '[') {
		auto n = number(text, f);
		if (!n)
			return n.error();
		return std::vector<unsigned long>{*n};
	}
	if (f.back() != ']' || f.size() < 3)
		return bad(text, "a range is written [A-B] or [A,B,...]");
	std::vector<unsigned long> out;
	std::string body = f.substr(1, f.size() - 2);
	std::size_t pos = 0;
	while (pos <= body.size()) {
		std::size_t comma = body.find(',', pos);
		std::string item = body.substr(pos, comma == std::string::npos ? std::string::npos
		                                                                : comma - pos);
		pos = comma == std::string::npos ? body.size() + 1 : comma + 1;
		unsigned long step = 1;
		std::size_t slash = item.find('/');
		if (slash != std::string::npos) {
			auto s = number(text, item.substr(slash + 1));
			if (!s)
				return s.error();
			if (*s == 0)
				return bad(text, "a range's step must not be 0");
			step = *s;
			item.resize(slash);
		}
		std::size_t dash = item.find('-');
		auto lo = number(text, item.substr(0, dash));
		if (!lo)
			return lo.error();
		unsigned long hi = *lo;
		if (dash != std::string::npos) {
			auto h = number(text, item.substr(dash + 1));
			if (!h)
				return h.error();
			hi = *h;
		}
		if (hi < *lo)
			return bad(text, "a range goes from low to high");
		for (unsigned long v = *lo; v <= hi; v += step) {
			if (out.size() >= max)
				return Error{E2BIG, "NID \"" + text + "\": more than " +
				                            std::to_string(max) + " NIDs"};
			out.push_back(v);
		}
	}
	return out;
}

} // namespace

Result<std::vector<std::string>> expand_nids(const std::string &text, std::size_t max)
{
	std::size_t at = text.rfind('@');
	if (at == std::string::npos || at == 0 || at + 1 == text.size())
		return bad(text, "expected ADDRESS@NETWORK, like 192.168.1.[10-12]@tcp");
	std::string addr = text.substr(0, at), net = text.substr(at);
	if (addr.find('[') == std::string::npos)
		return std::vector<std::string>{text};

	std::vector<std::vector<unsigned long>> fields;
	std::size_t pos = 0;
	while (pos <= addr.size()) {
		std::size_t dot = addr.find('.', pos);
		auto f = field(text, addr.substr(pos, dot == std::string::npos ? std::string::npos
		                                                             : dot - pos), max);
		if (!f)
			return f.error();
		for (unsigned long v : *f)
			if (v > 255)
				return bad(text, "an address field is at most 255");
		fields.push_back(std::move(*f));
		pos = dot == std::string::npos ? addr.size() + 1 : dot + 1;
	}
	if (fields.size() != 4)
		return bad(text, "ranges are for IPv4 addresses (four fields)");

	std::vector<std::string> out{""};
	for (std::size_t i = 0; i < fields.size(); i++) {
		std::vector<std::string> next;
		for (const std::string &prefix : out) {
			for (unsigned long v : fields[i]) {
				if (next.size() >= max)
					return Error{E2BIG, "NID \"" + text + "\": more than " +
					                            std::to_string(max) + " NIDs"};
				next.push_back(prefix + (i ? "." : "") + std::to_string(v));
			}
		}
		out = std::move(next);
	}
	for (std::string &s : out)
		s += net;
	return out;
}

} // namespace lst
