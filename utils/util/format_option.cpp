// SPDX-License-Identifier: GPL-2.0
#include "format_option.hpp"

#include <CLI/CLI.hpp>

namespace util {

void add_format_option(CLI::App &app, FormatOption &o, const std::string &what)
{
	const std::string as = what.empty() ? "" : what + " as ";
	auto *yaml = app.add_flag("-y,--yaml", o.yaml, "print " + as + "YAML");
	app.add_flag("--json", o.json, "print " + as + "JSON")->excludes(yaml);
}

void add_json_option(CLI::App &app, FormatOption &o, const std::string &help)
{
	app.add_flag("--json", o.json, help);
}

} // namespace util
