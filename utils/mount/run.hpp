// SPDX-License-Identifier: GPL-2.0
// Running the e2fsprogs commands (mke2fs, debugfs): fork + execvp, no shell.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace tgt {

struct RunOutput {
	int status = 0;  // exit status (128 + signal if killed)
	std::string out; // standard output
	std::string err; // standard error
};

// Runs argv[0] from PATH with standard input from /dev/null and both
// outputs captured.  An Error only when it could not be started.
util::Result<RunOutput> run_capture(const std::vector<std::string> &argv);

// Runs it with the caller's standard output and error; an Error naming the
// command unless it exits 0.
util::Result<void> run(const std::vector<std::string> &argv);

// The command as a shell would show it ("mke2fs -j -b 4096 ...").
std::string command_line(const std::vector<std::string> &argv);

} // namespace tgt
