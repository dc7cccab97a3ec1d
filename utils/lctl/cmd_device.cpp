// SPDX-License-Identifier: GPL-2.0
// The device commands: dl, device, cfg_device, attach, setup, cleanup and
// detach, over /dev/obd.  attach selects the device it made, so that setup,
// cleanup and detach follow it as in Lustre's configuration scripts.
#include <cerrno>
#include <memory>

#include <CLI/CLI.hpp>

#include "session.hpp"
#include "util/format_option.hpp"
#include "view.hpp"

namespace lctl {

namespace {

std::function<int()> declare_dl(CLI::App &app, Session &s)
{
	auto targets = std::make_shared<bool>(false);
	auto format = std::make_shared<util::FormatOption>();
	app.add_flag("-t,--target", *targets, "accepted for Lustre's scripts; no target NIDs are known yet");
	util::add_format_option(app, *format);
	app.footer("One line per device: index, state (AT attached, UP set up, ST stopping), type,\n"
	           "name, UUID and reference count.\n"
	           "Examples:\n"
	           "  lctl dl\n"
	           "  lctl dl -y");
	return [&s, format] {
		auto ctl = s.obd();
		if (!ctl)
			return s.fail("dl", ctl.error().message);
		auto devs = ctl->devices();
		if (!devs)
			return s.fail("dl", devs.error().message);
		s.out() << util::print(format->format(util::Format::Text),
		                       [&](util::Printer &p) { print_devices(p, *devs); });
		return exit_ok;
	};
}

std::function<int()> declare_device(CLI::App &app, Session &s)
{
	auto dev = std::make_shared<std::string>();
	app.add_option("device", *dev, "the device's name or index (also %INDEX, $NAME)")
	        ->type_name("DEVICE");
	app.footer("The following commands (setup, cleanup, detach, echo_test ...) work on this\n"
	           "device, in interactive mode and scripts; without an argument, prints it.\n"
	           "On the command line: lctl --device DEVICE COMMAND ...\n"
	           "Examples:\n"
	           "  lctl > device ec\n"
	           "  lctl > device %3");
	return [&s, dev] {
		if (dev->empty()) {
			s.out() << s.current_device() << "\n";
			return exit_ok;
		}
		auto name = s.resolve(*dev);
		if (!name)
			return s.fail("device", name.error().message);
		s.select(*name, false);
		return exit_ok;
	};
}

std::function<int()> declare_cfg_device(CLI::App &app, Session &s)
{
	auto dev = std::make_shared<std::string>();
	app.add_option("device", *dev, "the device's name")->required()->type_name("NAME");
	app.footer("As 'device', without asking the kernel whether the device exists yet.\n"
	           "Example: lctl > cfg_device ec");
	return [&s, dev] {
		std::string name = *dev;
		if (name.starts_with("$"))
			name.erase(0, 1);
		s.select(name, false);
		return exit_ok;
	};
}

std::function<int()> declare_attach(CLI::App &app, Session &s)
{
	auto type = std::make_shared<std::string>();
	auto name = std::make_shared<std::string>();
	auto uuid = std::make_shared<std::string>();
	app.add_option("type", *type, "the device type: obdecho (echo target), echo_client ...")
	        ->required()
	        ->type_name("TYPE");
	app.add_option("name", *name, "the new device's name")->required()->type_name("NAME");
	app.add_option("uuid", *uuid, "its UUID (default NAME_UUID)")->type_name("UUID");
	app.footer("The device is then the selected one (see 'device').\n"
	           "Example: lctl attach echo_client ec ec_UUID");
	return [&s, type, name, uuid] {
		auto ctl = s.obd();
		if (!ctl)
			return s.fail("attach", ctl.error().message);
		auto r = ctl->attach(*type, *name, *uuid);
		if (!r)
			return s.fail("attach", r.error().message);
		s.select(*name, false);
		return exit_ok;
	};
}

std::function<int()> declare_setup(CLI::App &app, Session &s)
{
	auto args = std::make_shared<std::vector<std::string>>();
	app.add_option("args", *args, "the device type's setup arguments")->type_name("ARG");
	app.footer("Sets up the selected device, which goes UP; what the arguments mean depends on\n"
	           "its type (an echo_client's: the echo target's UUID and its server's NID).\n"
	           "Examples:\n"
	           "  lctl --device echo_srv setup\n"
	           "  lctl --device ec setup echo_srv_UUID 10.0.0.1@tcp");
	return [&s, args] {
		std::string joined;
		for (const auto &a : *args)
			joined += (joined.empty() ? "" : " ") + a;
		return with_device(s, "setup", [&](ObdCtl &ctl, const std::string &dev) {
			auto r = ctl.setup(dev, joined);
			if (r)
				return exit_ok;
			// The device type says which argument it refused in the kernel log.
			std::string why = r.error().message;
			if (r.error().code == EINVAL)
				why += " (the kernel log says why: dmesg)";
			return s.fail("setup", why);
		});
	};
}

std::function<int()> declare_cleanup(CLI::App &app, Session &s)
{
	auto flags = std::make_shared<std::vector<std::string>>();
	app.add_option("flags", *flags, "force: even while the device is in use")->type_name("force");
	app.footer("Takes the selected device down (back to AT); refused while it is in use unless\n"
	           "forced.\n"
	           "Example: lctl --device ec cleanup force");
	return [&s, flags] {
		bool force = false;
		for (const auto &f : *flags) {
			if (f == "force")
				force = true;
			else if (f == "failover")
				return s.usage("cleanup", "'failover' is not supported");
			else
				return s.usage("cleanup", "unknown flag '" + f + "' (expected force)");
		}
		return with_device(s, "cleanup", [&](ObdCtl &ctl, const std::string &dev) {
			auto r = ctl.cleanup(dev, force);
			return r ? exit_ok : s.fail("cleanup", r.error().message);
		});
	};
}

std::function<int()> declare_detach(CLI::App &app, Session &s)
{
	app.footer("Removes the selected device, which must have been cleaned up; no device is\n"
	           "selected afterwards.\n"
	           "Example: lctl --device ec detach");
	return [&s] {
		return with_device(s, "detach", [&](ObdCtl &ctl, const std::string &dev) {
			auto r = ctl.detach(dev);
			if (!r)
				return s.fail("detach", r.error().message);
			s.deselect();
			return exit_ok;
		});
	};
}

} // namespace

void add_device_commands(std::vector<Command> &table)
{
	table.push_back({"dl", nullptr, "list the local devices", declare_dl});
	table.push_back({"device", nullptr, "select the device the next commands work on", declare_device});
	table.push_back({"cfg_device", nullptr, "select a device by name, unchecked", declare_cfg_device});
	table.push_back({"attach", nullptr, "create a device of a type", declare_attach});
	table.push_back({"setup", nullptr, "set up the selected device", declare_setup});
	table.push_back({"cleanup", nullptr, "take the selected device down", declare_cleanup});
	table.push_back({"detach", nullptr, "remove the selected device", declare_detach});
}

} // namespace lctl
