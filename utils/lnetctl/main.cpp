// SPDX-License-Identifier: GPL-2.0
// lnetctl: configure and query LNet through its generic netlink family.
// Object-verb grammar as in Lustre ("lnetctl net add ..."); every command
// prints Lustre-shaped YAML, or JSON with --json.  Errors go to stderr as
// "lnetctl <object> <verb>: <cause>", the cause being the kernel's own
// extended-ack text when it gave one.
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "lnet.hpp"
#include "model.hpp"
#include "util/print.hpp"

namespace {

using util::Result;

struct Options {
	bool json = false;
	bool all = false;
	bool verbose = false;
	std::string net;
	std::vector<std::string> ifaces;
	std::string nid;
	std::uint32_t timeout_ms = 0;
};

void print(const util::Value &v, const Options &o)
{
	std::cout << util::render(v, o.json ? util::Format::Json : util::Format::Yaml);
}

// Runs one command; the exit status of lnetctl.
template <typename F>
int run(const char *what, F &&body)
{
	Result<void> r = body();
	if (r)
		return 0;
	std::cerr << "lnetctl " << what << ": " << r.error().message << "\n";
	return 1;
}

} // namespace

int main(int argc, char **argv)
{
	Options o;
	CLI::App app{"lnetctl - configure and query LNet, the Lustre network layer.\n\n"
	             "Commands are OBJECT VERB [OPTIONS]; results are YAML (or JSON with --json).\n"
	             "Changing the configuration needs CAP_NET_ADMIN.",
	             "lnetctl"};
	app.require_subcommand(1);
	app.fallthrough();
	app.add_flag("--json", o.json, "print JSON instead of YAML");
	app.footer("Examples:\n"
	           "  lnetctl lnet configure\n"
	           "  lnetctl net add --net tcp0 --if eth0\n"
	           "  lnetctl net show -v\n"
	           "  lnetctl ping 10.0.0.2@tcp\n\n"
	           "See 'lnetctl OBJECT --help' and 'lnetctl OBJECT VERB --help'.");

	// lnet
	auto *lnet = app.add_subcommand("lnet", "bring LNet up or down on this node");
	lnet->require_subcommand(1);
	auto *configure = lnet->add_subcommand("configure", "bring LNet up with the loopback network 0@lo");
	configure->add_flag("-a,--all", o.all,
	                    "also configure the networks of the lnet module's \"networks=\" parameter");
	configure->footer("Without --all only 0@lo exists afterwards; add networks with 'lnetctl net add'.");
	auto *unconfigure = lnet->add_subcommand("unconfigure", "take LNet down, removing every network");

	// net
	auto *net = app.add_subcommand("net", "local networks (NIs): add, delete, show");
	net->require_subcommand(1);
	auto *net_add = net->add_subcommand("add", "add a network on one or more interfaces");
	net_add->add_option("--net", o.net, "network name: tcp, tcp1, o2ib0 ... (tcp = tcp0)")->required();
	net_add->add_option("--if", o.ifaces, "interfaces, comma-separated: eth0[,eth1...]")
	        ->delimiter(',')
	        ->type_name("IF[,IF...]");
	net_add->footer("Example: lnetctl net add --net tcp0 --if eth0,eth1\n"
	                "Each interface gives the node one NID on the network (its IPv4 address@net).");
	auto *net_del = net->add_subcommand("del", "remove a network and its NIs");
	net_del->add_option("--net", o.net, "network name, as given to 'net add'")->required();
	auto *net_show = net->add_subcommand("show", "list the local NIs, grouped by network");
	net_show->add_option("--net", o.net, "show only this network");
	net_show->add_flag("-v,--verbose", o.verbose, "add each NI's statistics and tunables");

	// ping
	auto *ping = app.add_subcommand("ping", "ask a peer for its NIs (an LNet ping)");
	ping->add_option("nid", o.nid, "the peer's NID, such as 10.0.0.2@tcp")->required();
	auto *timeout = ping->add_option("--timeout", o.timeout_ms,
	                                 "give up after this many milliseconds (kernel default 3000)")
	                        ->type_name("MS");
	ping->footer("Prints the peer's primary NID and every NID it reported.");

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		return app.exit(e);
	}

	try {
		if (configure->parsed())
			return run("lnet configure", [&] { return lnetctl::Lnet::open().configure(o.all); });
		if (unconfigure->parsed())
			return run("lnet unconfigure", [&] { return lnetctl::Lnet::open().unconfigure(); });
		if (net_add->parsed())
			return run("net add", [&] { return lnetctl::Lnet::open().net_add(o.net, o.ifaces); });
		if (net_del->parsed())
			return run("net del", [&] { return lnetctl::Lnet::open().net_del(o.net); });
		if (net_show->parsed())
			return run("net show", [&]() -> Result<void> {
				auto filter =
				        o.net.empty() ? std::nullopt : std::optional<std::string>(o.net);
				auto nis = lnetctl::Lnet::open().net_get(filter);
				if (!nis)
					return nis.error();
				print(lnetctl::net_show_view(*nis, o.verbose), o);
				return {};
			});
		if (ping->parsed())
			return run("ping", [&]() -> Result<void> {
				std::optional<std::uint32_t> t;
				if (timeout->count())
					t = o.timeout_ms;
				auto info = lnetctl::Lnet::open().ping(o.nid, t);
				if (!info)
					return info.error();
				print(lnetctl::ping_view(*info), o);
				return {};
			});
	} catch (const util::Fatal &e) {
		std::cerr << "lnetctl: " << e.what() << "\n";
		return 1;
	}
	return 1; // unreachable: CLI11 requires a verb
}
