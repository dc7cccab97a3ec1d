// SPDX-License-Identifier: GPL-2.0
// add_test's words, as Lustre's lst takes them: "ping", or "brw read|write"
// with size=N (bytes, k or M suffix; default 4k), check=none|simple|full
// and off=N (offset in the first page); and --distribute DIST:SPAN.
// Pure logic (unit-tested).
#pragma once

#include <string>
#include <vector>

#include "console.hpp"
#include "util/result.hpp"

namespace lst {

util::Result<TestSpec> parse_test(const std::vector<std::string> &words, const std::string &dist);

} // namespace lst
