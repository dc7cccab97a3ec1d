// SPDX-License-Identifier: GPL-2.0
// lnetctl's peer, discover, route, stats, global and set commands, with
// Lustre 2.16's grammar and output; main.cpp keeps lnet, net, ping, export
// and import.
#pragma once

#include <functional>
#include <optional>

#include "util/format_option.hpp"

namespace CLI {
class App;
}

namespace lnetctl {

// Adds the commands to `app`.  The function returned runs the one the parsed
// command line chose and gives lnetctl's exit status, or nullopt when the
// command is none of these.  `format` (lnetctl's --json) is read when it runs.
std::function<std::optional<int>()> add_commands(CLI::App &app, const util::FormatOption &format);

} // namespace lnetctl
