// SPDX-License-Identifier: GPL-2.0
// The text lctl reads besides its options: the lines of the interactive mode
// and of scripts, sizes and numbers.  Errors are Error{EINVAL, sentence}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "obd.hpp"
#include "util/result.hpp"

namespace lctl {

// One line of commands into words: separated by blanks, '...' and "..."
// quote (a backslash escapes " and \ inside "..."), a backslash elsewhere is
// kept as it is (parameter patterns use "\.").  A line whose first word
// starts with '#' is a comment: no words.
util::Result<std::vector<std::string>> split_line(std::string_view line);

// A decimal number with an optional K, M or G (binary) suffix, upper or
// lower case, at most `max`; `what` names the value in the refusal.
util::Result<std::uint64_t> parse_size(std::string_view text, std::uint64_t max, const char *what);

// A decimal number (no suffix) in [min, max].
util::Result<std::uint64_t> parse_number(std::string_view text, std::uint64_t min, std::uint64_t max,
                                         const char *what);

// echo_lock's options as typed: --mode EX|PW|PR|CW|CR (either case),
// --oid N, --start N[KMG], --end N[KMG]|EOF (inclusive; EOF, either case,
// is the end of the object).  Refusals name the option.
struct LockArgs {
	std::string mode;
	std::string oid = "1";
	std::string start = "0";
	std::string end = "EOF";
};
util::Result<LockParams> lock_params(const LockArgs &a);

// A lock cookie as echo_lock prints it: hexadecimal, "0x" optional (either
// case), not 0 (no lock has it).
util::Result<std::uint64_t> parse_cookie(std::string_view text);

} // namespace lctl
