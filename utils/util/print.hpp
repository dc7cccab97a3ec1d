// SPDX-License-Identifier: GPL-2.0
// The one print path: a Value tree rendered as Lustre-style YAML (what lnetctl
// and lctl print) or as JSON (--json).
//
// YAML layout follows Lustre's tools: a map nests 4 columns deeper than its
// key; a sequence's "- " sits 4 columns in at the top level and 2 columns in
// below it, with the item's keys aligned after the dash; booleans print as
// True/False.  Strings are quoted only when YAML would otherwise misread them.
#pragma once

#include <string>

#include "value.hpp"

namespace util {

enum class Format { Yaml, Json };

std::string to_yaml(const Value &v);
std::string to_json(const Value &v);
std::string render(const Value &v, Format f);

// A string as a YAML scalar (quoted and escaped when needed) and as a JSON
// string literal (always quoted); exposed for tests.
std::string yaml_scalar(const std::string &s);
std::string json_string(const std::string &s);

} // namespace util
