// SPDX-License-Identifier: GPL-2.0
// "lnetctl selftest": drive LNet self-test traffic (lnet_selftest.ko's
// "lnet_selftest" family) against one target and report bandwidth, message
// rate and round-trip latency.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "util/result.hpp"
#include "util/value.hpp"

namespace CLI {
class App;
}

namespace lnetctl {

struct SelftestParams {
	std::string nid;
	std::string op = "put"; // put | get
	std::uint32_t size = 1U << 20;
	std::uint32_t concurrency = 8;
	std::uint32_t duration_ms = 10000;
};

struct SelftestResult {
	std::uint64_t ops = 0;
	std::uint64_t errors = 0;
	std::uint64_t bytes = 0;
	std::uint64_t elapsed_ns = 0;
	std::uint64_t lat_min_ns = 0;
	std::uint64_t lat_avg_ns = 0;
	std::uint64_t lat_max_ns = 0;
};

// "1M", "64k", "4096" -> bytes (at most 1 MiB, LNet's largest message).
util::Result<std::uint32_t> parse_size(const std::string &text);

util::Result<SelftestResult> selftest_run(const SelftestParams &p);
util::Value selftest_view(const SelftestParams &p, const SelftestResult &r);

// Adds "selftest" to `app`; the function returned runs it when the command
// line chose it (lnetctl's exit status), else gives nullopt.
std::function<std::optional<int>()> add_selftest_command(CLI::App &app, const bool &json);

} // namespace lnetctl
