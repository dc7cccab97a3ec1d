// SPDX-License-Identifier: GPL-2.0
// lctl: Lustre's administration tool, with Lustre's command names, grammar
// and output: parameters (get_param ...), devices (dl, attach, setup ...),
// LNet (ping, list_nids, network), the debug log (dk), echo_test,
// echo_lock/echo_unlock and the echo object commands (create, destroy,
// getattr, setattr, test_getattr, echo_statfs).
//
//   lctl [--device DEV] COMMAND [ARGS]   one command
//   lctl [--device DEV]                  commands from standard input: a
//                                        prompt on a terminal, or a script
//
// The commands are in session.hpp's table; this file runs them and catches
// the one fatal error type (util::Fatal: no netlink, LNet not loaded).
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include "parse.hpp"
#include "session.hpp"

namespace {

int guarded(lctl::Session &s, const std::vector<std::string> &words)
{
	try {
		return s.run(words);
	} catch (const util::Fatal &e) {
		std::cerr << "lctl: " << e.what() << "\n";
		return lctl::exit_failed;
	}
}

// A terminal gets a prompt and goes on after errors; a script stops at the
// first command that fails unless errors are ignored.  The exit status is
// the last failed command's.
int interactive(lctl::Session &s)
{
	const bool tty = ::isatty(STDIN_FILENO);
	int status = lctl::exit_ok;
	std::string line;
	for (;;) {
		if (tty)
			std::cout << "lctl > " << std::flush;
		if (!std::getline(std::cin, line)) {
			if (tty)
				std::cout << "\n";
			break;
		}
		auto words = lctl::split_line(line);
		int rc;
		if (!words) {
			std::cerr << "lctl: " << words.error().message << "\n";
			rc = lctl::exit_usage;
		} else {
			rc = guarded(s, *words);
		}
		if (rc != lctl::exit_ok) {
			status = rc;
			if (!tty && !s.ignore_errors())
				break;
		}
		if (s.done())
			break;
	}
	return status;
}

} // namespace

int main(int argc, char **argv)
{
	lctl::Session s;
	auto g = s.globals(std::vector<std::string>(argv + 1, argv + argc));
	if (g.exit)
		return *g.exit;
	if (!g.command.empty())
		return guarded(s, g.command);
	return interactive(s);
}
