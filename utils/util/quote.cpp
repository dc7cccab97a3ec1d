// SPDX-License-Identifier: GPL-2.0
#include "quote.hpp"

#include <cstdio>

namespace util {

std::size_t unprintable_at(const std::string &s, std::size_t i, char32_t &cp)
{
	auto byte = [&](std::size_t k) {
		return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
	};
	const unsigned char c = byte(0);
	if (c < 0x20 || c == 0x7f) {
		cp = c;
		return 1;
	}
	if (c == 0xc2 && byte(1) >= 0x80 && byte(1) <= 0x9f) { // U+0080..U+009F
		cp = byte(1);
		return 2;
	}
	if (c == 0xe2 && byte(1) == 0x80 && (byte(2) == 0xa8 || byte(2) == 0xa9)) {
		cp = byte(2) == 0xa8 ? 0x2028 : 0x2029;
		return 3;
	}
	if (c == 0xef && ((byte(1) == 0xbb && byte(2) == 0xbf) ||
	                  (byte(1) == 0xbf && (byte(2) == 0xbe || byte(2) == 0xbf)))) {
		cp = byte(1) == 0xbb ? 0xfeff : 0xfffe + (byte(2) - 0xbe);
		return 3;
	}
	return 0;
}

std::string double_quoted(const std::string &s, QuoteStyle style)
{
	const bool json = style == QuoteStyle::Json;
	std::string out = "\"";
	for (std::size_t i = 0; i < s.size(); i++) {
		const unsigned char c = static_cast<unsigned char>(s[i]);
		switch (c) {
		case '"':
			out += "\\\"";
			continue;
		case '\\':
			out += "\\\\";
			continue;
		case '\n':
			out += "\\n";
			continue;
		case '\r':
			out += "\\r";
			continue;
		case '\t':
			out += "\\t";
			continue;
		case '\b':
		case '\f':
			if (json) {
				out += c == '\b' ? "\\b" : "\\f";
				continue;
			}
			break;
		}
		char32_t cp;
		if (std::size_t len = unprintable_at(s, i, cp)) {
			char buf[8];
			std::snprintf(buf, sizeof(buf), json || cp > 0xff ? "\\u%04x" : "\\x%02x",
			              static_cast<unsigned>(cp));
			out += buf;
			i += len - 1;
		} else {
			out += static_cast<char>(c);
		}
	}
	return out + "\"";
}

} // namespace util
