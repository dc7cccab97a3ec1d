// SPDX-License-Identifier: GPL-2.0
// ping, list_nids and network: LNet through lnetctl's netlink client
// (lnetctl_core), with Lustre lctl's words and output.
#include <cctype>
#include <memory>

#include <CLI/CLI.hpp>

#include "conf.hpp"
#include "lnet.hpp"
#include "parse.hpp"
#include "session.hpp"
#include "util/format_option.hpp"
#include "view.hpp"

extern "C" {
#include <lnet/wire.h>
}

namespace lctl {

namespace {

// Lustre's lctl takes "12345-NID" too: the process id is dropped (ping
// always reaches the peer's LNet).
std::string strip_pid(const std::string &text)
{
	std::size_t i = text.starts_with("U") ? 1 : 0;
	const std::size_t start = i;
	while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
		i++;
	if (i > start && i < text.size() && text[i] == '-')
		return text.substr(i + 1);
	return text;
}

std::function<int()> declare_ping(CLI::App &app, Session &s)
{
	auto nid = std::make_shared<std::string>();
	auto timeout = std::make_shared<std::string>();
	auto format = std::make_shared<util::FormatOption>();
	app.add_option("nid", *nid, "the peer's NID, such as 10.0.0.2@tcp")->required()->type_name("NID");
	app.add_option("timeout", *timeout, "seconds to wait, 1 to 120 (default: LNet's, 3 s)")
	        ->type_name("SECONDS");
	util::add_format_option(app, *format, "the NIDs");
	app.footer("Prints one line per NID the peer reported, after its process id:\n"
	           "  12345-0@lo\n"
	           "  12345-10.0.0.2@tcp\n"
	           "-y and --json print \"ping:\", one entry per NID: nid, pid, and user_space:\n"
	           "True for a user-space process.\n"
	           "Examples:\n"
	           "  lctl ping 10.0.0.2@tcp\n"
	           "  lctl ping 10.0.0.2@tcp 10");
	return [&s, nid, timeout, format] {
		auto canonical = lnetctl::check_nid(strip_pid(*nid));
		if (!canonical)
			return s.usage("ping", canonical.error().message);
		std::optional<std::uint32_t> timeout_ms;
		if (!timeout->empty()) {
			auto secs = parse_number(*timeout, 1, 120, "timeout");
			if (!secs)
				return s.usage("ping", secs.error().message);
			timeout_ms = static_cast<std::uint32_t>(*secs * 1000);
		}
		auto info = lnetctl::Lnet::open().ping(*canonical, timeout_ms);
		if (!info) {
			s.err() << "failed to ping " << *nid << ": " << info.error().message << "\n";
			return exit_failed;
		}
		std::vector<PingNid> nids;
		for (const auto &ni : info->nis)
			nids.push_back({info->pid.value_or(LNET_PID_LUSTRE), ni.nid});
		s.out() << util::print(format->format(util::Format::Text),
		                       [&](util::Printer &p) { print_ping(p, nids); });
		return exit_ok;
	};
}

std::function<int()> declare_list_nids(CLI::App &app, Session &s)
{
	app.footer("The NIDs of this node's NIs, one per line; the loopback NID 0@lo is left out.\n"
	           "Example: lctl list_nids");
	return [&s] {
		auto nis = lnetctl::Lnet::open().net_get(std::nullopt);
		if (!nis)
			return s.fail("list_nids", nis.error().message);
		for (const auto &ni : *nis)
			if (ni.net != "lo")
				s.out() << ni.nid << "\n";
		return exit_ok;
	};
}

std::function<int()> declare_network(CLI::App &app, Session &s)
{
	auto what = std::make_shared<std::string>();
	app.add_option("state", *what, "up (also configure) or down (also unconfigure)")
	        ->required()
	        ->check(CLI::IsMember({"up", "down", "configure", "unconfigure"}))
	        ->type_name("up|down");
	app.footer("up brings LNet up with the networks of the lnet module's \"networks=\"\n"
	           "parameter (as 'lnetctl lnet configure --all'); down takes it down, which is\n"
	           "refused while a module uses it.\n"
	           "Examples:\n"
	           "  lctl network up\n"
	           "  lctl network down");
	return [&s, what] {
		auto lnet = lnetctl::Lnet::open();
		if (*what == "up" || *what == "configure") {
			auto r = lnet.configure(true);
			if (!r) {
				s.err() << "LNET configure error " << r.error().code << ": "
				        << r.error().message << "\n";
				return exit_failed;
			}
			s.out() << "LNET configured\n";
			return exit_ok;
		}
		auto r = lnet.unconfigure();
		if (!r) {
			s.err() << "LNET unconfigure error " << r.error().code << ": " << r.error().message
			        << "\n";
			return exit_failed;
		}
		s.out() << "LNET ready to unload\n";
		return exit_ok;
	};
}

} // namespace

void add_lnet_commands(std::vector<Command> &table)
{
	table.push_back({"ping", nullptr, "ask a peer's LNet for its NIDs", declare_ping});
	table.push_back({"list_nids", nullptr, "print this node's NIDs", declare_list_nids});
	table.push_back({"network", nullptr, "bring LNet up or down", declare_network});
}

} // namespace lctl
