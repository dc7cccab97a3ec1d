// SPDX-License-Identifier: GPL-2.0
// Double-quoted strings with backslash escapes, shared by the JSON and YAML
// printers: the two differ only in how other control characters are written.
#pragma once

#include <string>

namespace util {

enum class QuoteStyle {
	Json, // \b \f short; other controls as \u00XX
	Yaml, // other controls as \xXX
};

std::string double_quoted(const std::string &s, QuoteStyle style);

} // namespace util
