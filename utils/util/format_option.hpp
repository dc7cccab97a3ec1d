// SPDX-License-Identifier: GPL-2.0
// The output-format options of the tools' commands, declared the same way
// everywhere (CLI11): lctl's commands print text unless -y/--yaml or --json
// is given; lnetctl prints YAML unless --json is given (Lustre's lnetctl has
// no -y).  -y and --json exclude each other.
#pragma once

#include <string>

#include "print.hpp"

namespace CLI {
class App;
}

namespace util {

struct FormatOption {
	bool yaml = false; // -y/--yaml
	bool json = false; // --json
	// The format chosen: --json, -y, or the tool's default.
	Format format(Format fallback) const { return json ? Format::Json : yaml ? Format::Yaml : fallback; }
};

// lctl: -y,--yaml and --json on `app`, with help "print WHAT as YAML" ("print
// YAML" when `what` is empty).
void add_format_option(CLI::App &app, FormatOption &o, const std::string &what = {});
// lnetctl: --json on `app` (YAML is the default), with `help`.
void add_json_option(CLI::App &app, FormatOption &o, const std::string &help);

} // namespace util
