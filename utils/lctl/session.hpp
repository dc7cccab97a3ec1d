// SPDX-License-Identifier: GPL-2.0
// An lctl session: the command table, the device the commands work on, and
// one command line at a time.  lctl runs one session for the command on its
// command line, or for every line of its standard input (interactive mode,
// scripts).  Each command parses its own arguments with CLI11, so every one
// has --help; errors are printed as Lustre's lctl prints them,
// "error: COMMAND: reason", on the session's error stream.
//
// Exit statuses: 0 success, 1 the operation failed, 2 a bad command line.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <linux/lustre/lustre_ioctl.h>

#include "obd.hpp"
#include "param.hpp"
#include "util/result.hpp"

namespace CLI {
class App;
}

namespace lctl {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

// What a session touches: the tests give it their own streams, parameter
// roots and device file.
struct Env {
	std::vector<std::string> param_roots = default_param_roots();
	std::string obd_path = OBD_DEV_PATH;
	// The size of the kernel debug log (obdclass's module parameter).
	std::string dlog_size_path = "/sys/module/obdclass/parameters/dlog_size_kb";
	std::ostream *out = nullptr; // nullptr: std::cout
	std::ostream *err = nullptr; // nullptr: std::cerr
};

class Session;

struct Command {
	const char *name;
	const char *alias; // nullptr if none
	const char *summary;
	// Declares the options and arguments on `app`; returns what runs the
	// command once its command line parsed, giving the exit status.
	std::function<std::function<int()>(CLI::App &app, Session &s)> declare;
};

// What comes before the command on lctl's command line.
struct Globals {
	std::vector<std::string> command; // empty: read commands from stdin
	std::optional<int> exit;          // --help, --version or an error: exit now
};

class Session {
public:
	explicit Session(Env env = {});

	// lctl's arguments after the program name: [--device DEV]
	// [--ignore_errors] [--version] [-h|--help] [COMMAND ARGS...].
	Globals globals(const std::vector<std::string> &args);
	// One command and its arguments.
	int run(const std::vector<std::string> &words);

	// quit or exit ran.
	bool done() const { return done_; }
	// Scripts go on after a failed command (--ignore_errors, ignore_errors).
	bool ignore_errors() const { return ignore_errors_; }

	// For the commands.
	std::ostream &out() const;
	std::ostream &err() const;
	// "error: CMD: message" on the error stream; exit_failed, exit_usage.
	int fail(const std::string &cmd, const std::string &message) const;
	int usage(const std::string &cmd, const std::string &message) const;
	ParamTree params() const { return ParamTree(env_.param_roots); }
	util::Result<ObdCtl> obd() const { return ObdCtl::open(env_.obd_path); }
	const std::string &dlog_size_path() const { return env_.dlog_size_path; }
	// Select a device: by name or index, checked with the kernel when a
	// command needs it (--device), or taken as it is (cfg_device, attach,
	// and device, which resolves it first).
	void select(std::string text, bool check);
	void deselect() { device_.reset(); }
	bool has_device() const { return device_.has_value(); }
	// The name of the device the kernel knows by `text`: Lustre's %INDEX,
	// $NAME, INDEX or NAME.  ENODEV when it has none.
	util::Result<std::string> resolve(const std::string &text) const;
	// The selected device's name, resolved when that is still to be done.
	util::Result<std::string> device();
	// What 'device' without an argument prints.
	std::string current_device();
	void set_ignore_errors() { ignore_errors_ = true; }
	void set_done() { done_ = true; }

	const std::vector<Command> &commands() const { return commands_; }
	const Command *find(const std::string &name) const;
	// The command's --help text.
	std::string help(const Command &c);

private:
	struct Selection {
		std::string text;
		bool resolved; // the kernel knows it by this name (or it was not to be checked)
	};
	Env env_;
	std::vector<Command> commands_;
	std::optional<Selection> device_;
	bool ignore_errors_ = false;
	bool done_ = false;
};

// Runs `f(ObdCtl &, const std::string &device)` on the selected device, or
// reports why it cannot: none selected (exit_usage), no such device or no
// /dev/obd (exit_failed).
template <typename F>
int with_device(Session &s, const char *cmd, F f)
{
	if (!s.has_device())
		return s.usage(cmd, "no device selected: use 'device NAME' or 'cfg_device NAME' first, or "
		                    "lctl --device NAME");
	auto dev = s.device();
	if (!dev)
		return s.fail(cmd, dev.error().message);
	auto ctl = s.obd();
	if (!ctl)
		return s.fail(cmd, ctl.error().message);
	return f(*ctl, *dev);
}

// The command tables, one per file.
void add_param_commands(std::vector<Command> &table);
void add_device_commands(std::vector<Command> &table);
void add_test_commands(std::vector<Command> &table);
void add_lnet_commands(std::vector<Command> &table);

} // namespace lctl
