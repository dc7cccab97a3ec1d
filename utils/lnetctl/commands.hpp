// SPDX-License-Identifier: GPL-2.0
// lnetctl's peer, discover, route, stats, global and set commands, with
// Lustre 2.16's grammar and output; main.cpp keeps lnet, net, ping, export
// and import.
#pragma once

#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace lnetctl {

// Adds the commands to `app`.  The function returned runs the one the parsed
// command line chose and gives lnetctl's exit status, or nullopt when the
// command is none of these.  `json` is read when it runs (--json).
std::function<std::optional<int>()> add_commands(CLI::App &app, const bool &json);

} // namespace lnetctl
