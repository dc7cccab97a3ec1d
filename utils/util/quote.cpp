// SPDX-License-Identifier: GPL-2.0
#include "quote.hpp"

#include <cstdio>

namespace util {

std::string double_quoted(const std::string &s, QuoteStyle style)
{
	const bool json = style == QuoteStyle::Json;
	std::string out = "\"";
	for (unsigned char c : s) {
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
		if (c < 0x20 || c == 0x7f) {
			char buf[8];
			std::snprintf(buf, sizeof(buf), json ? "\\u%04x" : "\\x%02x", c);
			out += buf;
		} else {
			out += static_cast<char>(c);
		}
	}
	return out + "\"";
}

} // namespace util
