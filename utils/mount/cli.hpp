// SPDX-License-Identifier: GPL-2.0
// What mkfs.lustre and tunefs.lustre share: the options that edit a target
// (--mgsnode ... --param), command-line errors, and the end of a failed
// run ("mkfs.lustre: MESSAGE", the errno value as exit status, as Lustre's
// tools exit).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "target.hpp"

namespace tgt {

// Each of --mgsnode, --servicenode, --failnode and --param takes one value
// per occurrence and may be repeated.
void add_edit_options(CLI::App &app, TargetEdits &e);

// CLI11's parse: true to go on; false with @status the exit status (0
// after --help, EINVAL after "PROG: MESSAGE" for a command-line error).
bool parse_args(CLI::App &app, int argc, char **argv, const char *prog, int &status);

// Prints "PROG: MESSAGE" and gives the exit status (the errno, EINVAL if 0).
int fail(const char *prog, const util::Error &e);

} // namespace tgt
