// SPDX-License-Identifier: GPL-2.0
// Reading YAML (libyaml underneath) into the Value tree the tools print, so a
// file a tool wrote reads back into the same shape.  Every value records the
// line it started on (Value::line) for the caller's error messages.
//
// Plain scalars resolve as YAML 1.2's core schema, narrowed to what the tools
// print: decimal integers without leading zeros become Numbers, true/false
// (any of the three casings) Bools, null, "~" and nothing the empty String;
// everything else, and every quoted or tagged scalar, is a String.  Anchors
// and aliases, non-scalar keys, duplicate keys, more than one document and
// nesting deeper than 64 levels are rejected.  A stream with no document
// reads as an empty map.
#pragma once

#include <string_view>

#include "result.hpp"
#include "value.hpp"

namespace util {

// Errors are Error{EINVAL, "line N: <what is wrong>"}.
Result<Value> read_yaml(std::string_view text);

} // namespace util
