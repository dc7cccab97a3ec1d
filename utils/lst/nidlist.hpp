// SPDX-License-Identifier: GPL-2.0
// NID lists as lst takes them: "192.168.1.[10-12,20]@tcp" expands to one
// NID per address; each dotted field of an IPv4 address may be a number or
// a bracketed list of numbers, ranges A-B and strided ranges A-B/S.
// Pure logic (unit-tested).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace lst {

// The NIDs of @text, in order, at most @max of them (E2BIG beyond).
util::Result<std::vector<std::string>> expand_nids(const std::string &text, std::size_t max);

} // namespace lst
