// SPDX-License-Identifier: GPL-2.0
#include "session.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

namespace lctl {

using util::Error;
using util::Result;

namespace {

#ifndef NACRE_VERSION
#define NACRE_VERSION "unknown"
#endif

// "lctl help": the commands, one line each.
void overview(const Session &s)
{
	s.out() << "lctl - Lustre's administration tool (Nacre " NACRE_VERSION ")\n\n"
	           "usage: lctl [--device DEV] [--ignore_errors] COMMAND [ARGS]\n"
	           "       lctl [--device DEV]     (commands from standard input)\n\n"
	           "Commands:\n";
	for (const auto &c : s.commands()) {
		std::string names = c.name;
		if (c.alias)
			names += ", " + std::string(c.alias);
		names.resize(std::max<std::size_t>(names.size(), 22), ' ');
		s.out() << "  " << names << " " << c.summary << "\n";
	}
	s.out() << "\n'lctl help COMMAND' or 'lctl COMMAND --help' describes one command; see lctl(8).\n";
}

std::function<int()> declare_help(CLI::App &app, Session &s)
{
	auto name = std::make_shared<std::string>();
	app.add_option("command", *name, "the command to describe")->type_name("COMMAND");
	app.footer("Examples:\n"
	           "  lctl help\n"
	           "  lctl help get_param");
	return [name, &s] {
		if (name->empty()) {
			overview(s);
			return exit_ok;
		}
		const Command *c = s.find(*name);
		if (!c)
			return s.usage("help", "no command '" + *name + "'");
		s.out() << s.help(*c);
		return exit_ok;
	};
}

std::function<int()> declare_quit(CLI::App &app, Session &s)
{
	app.footer("Ends the interactive mode, or a script read from standard input.");
	return [&s] {
		s.set_done();
		return exit_ok;
	};
}

std::function<int()> declare_ignore_errors(CLI::App &app, Session &s)
{
	app.footer("Commands read from standard input that is not a terminal stop at the first one\n"
	           "that fails, unless this ran (or lctl --ignore_errors).  The exit status is the\n"
	           "last failed command's.");
	return [&s] {
		s.set_ignore_errors();
		return exit_ok;
	};
}

void add_session_commands(std::vector<Command> &table)
{
	table.push_back({"help", nullptr, "list the commands, or describe one", declare_help});
	table.push_back({"quit", nullptr, "leave the interactive mode", declare_quit});
	table.push_back({"exit", nullptr, "leave the interactive mode", declare_quit});
	table.push_back({"ignore_errors", nullptr, "go on with a script after a command fails",
	                 declare_ignore_errors});
}

bool all_digits(const std::string &s)
{
	return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

} // namespace

Session::Session(Env env) : env_(std::move(env))
{
	add_device_commands(commands_);
	add_test_commands(commands_);
	add_param_commands(commands_);
	add_lnet_commands(commands_);
	add_session_commands(commands_);
}

std::ostream &Session::out() const
{
	return env_.out ? *env_.out : std::cout;
}

std::ostream &Session::err() const
{
	return env_.err ? *env_.err : std::cerr;
}

int Session::fail(const std::string &cmd, const std::string &message) const
{
	err() << "error: " << cmd << ": " << message << "\n";
	return exit_failed;
}

int Session::usage(const std::string &cmd, const std::string &message) const
{
	err() << "error: " << cmd << ": " << message << "\n";
	return exit_usage;
}

const Command *Session::find(const std::string &name) const
{
	for (const auto &c : commands_)
		if (name == c.name || (c.alias && name == c.alias))
			return &c;
	return nullptr;
}

namespace {

std::unique_ptr<CLI::App> make_app(const Command &c)
{
	std::string description = c.summary;
	if (c.alias)
		description += " (also '" + std::string(c.alias) + "')";
	return std::make_unique<CLI::App>(description, std::string("lctl ") + c.name);
}

} // namespace

std::string Session::help(const Command &c)
{
	auto app = make_app(c);
	(void)c.declare(*app, *this);
	return app->help();
}

int Session::run(const std::vector<std::string> &words)
{
	if (words.empty())
		return exit_ok;
	const Command *c = find(words[0]);
	if (!c) {
		err() << "lctl: unknown command '" << words[0] << "'; 'lctl help' lists them\n";
		return exit_usage;
	}
	auto app = make_app(*c);
	auto body = c->declare(*app, *this);
	// CLI11 takes the arguments last first.
	std::vector<std::string> args(words.rbegin(), words.rend() - 1);
	try {
		app->parse(args);
	} catch (const CLI::CallForHelp &) {
		out() << app->help();
		return exit_ok;
	} catch (const CLI::CallForAllHelp &) {
		out() << app->help();
		return exit_ok;
	} catch (const CLI::ParseError &e) {
		err() << "error: " << c->name << ": " << e.what() << "\n"
		      << "usage: see 'lctl help " << c->name << "'\n";
		return exit_usage;
	}
	return body();
}

Globals Session::globals(const std::vector<std::string> &args)
{
	Globals g;
	for (std::size_t i = 0; i < args.size(); i++) {
		const std::string &a = args[i];
		if (a == "--device" || a.starts_with("--device=")) {
			std::string dev;
			if (a != "--device")
				dev = a.substr(9);
			else if (i + 1 < args.size())
				dev = args[++i];
			if (dev.empty()) {
				g.exit = usage("lctl", "--device needs a device name or index");
				return g;
			}
			select(dev, true);
		} else if (a == "--ignore_errors" || a == "--ignore-errors") {
			set_ignore_errors();
		} else if (a == "--version") {
			out() << "lctl " NACRE_VERSION "\n";
			g.exit = exit_ok;
			return g;
		} else if (a == "-h" || a == "--help") {
			g.exit = run({"help"});
			return g;
		} else if (a.starts_with("-")) {
			g.exit = usage("lctl", "unknown option '" + a + "'; 'lctl help' lists the commands");
			return g;
		} else {
			g.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
			return g;
		}
	}
	return g;
}

void Session::select(std::string text, bool check)
{
	device_ = Selection{std::move(text), !check};
}

Result<std::string> Session::resolve(const std::string &text) const
{
	std::string want = text;
	bool by_index = all_digits(want);
	if (want.starts_with("%")) {
		want.erase(0, 1);
		by_index = true;
	} else if (want.starts_with("$")) {
		want.erase(0, 1);
		by_index = false;
	}
	auto ctl = obd();
	if (!ctl)
		return ctl.error();
	auto devs = ctl->devices();
	if (!devs)
		return devs.error();
	for (const auto &d : *devs)
		if (by_index ? std::to_string(d.index) == want : d.name == want)
			return d.name;
	return Error{ENODEV, "'" + text + "': " + std::strerror(ENODEV)};
}

Result<std::string> Session::device()
{
	if (!device_)
		return Error{ENODEV, "no device selected: use 'device NAME' first, or lctl --device NAME"};
	if (device_->resolved)
		return device_->text;
	auto name = resolve(device_->text);
	if (name)
		device_ = Selection{*name, true};
	return name;
}

std::string Session::current_device()
{
	if (!device_)
		return "current device is not set";
	auto name = device();
	if (!name)
		return "current device is " + device_->text;
	if (auto ctl = obd(); ctl.ok())
		if (auto devs = ctl->devices(); devs.ok())
			for (const auto &d : *devs)
				if (d.name == *name)
					return "current device is " + std::to_string(d.index) + " - " +
					       d.name;
	return "current device is " + *name;
}

} // namespace lctl
