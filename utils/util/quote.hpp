// SPDX-License-Identifier: GPL-2.0
// Double-quoted strings with backslash escapes, shared by the JSON and YAML
// printers: the two differ only in how other control characters are written.
#pragma once

#include <cstddef>
#include <string>

namespace util {

enum class QuoteStyle {
	Json, // \b \f short; other controls as \u00XX
	Yaml, // other controls as \xXX (\uXXXX above U+00FF)
};

std::string double_quoted(const std::string &s, QuoteStyle style);

// A character at s[i] that must be escaped, not written raw, for a YAML
// reader (libyaml) to read it back, even within quotes: besides the ASCII
// controls and DEL, the C1 controls (NEL among them), the separators U+2028
// and U+2029 (read as line breaks), the byte-order mark U+FEFF and U+FFFE,
// U+FFFF.  Returns the UTF-8 length of that character and sets `cp`; 0 for
// anything else, invalid UTF-8 included (passed through).
std::size_t unprintable_at(const std::string &s, std::size_t i, char32_t &cp);

} // namespace util
