// SPDX-License-Identifier: GPL-2.0
// lnetctl: configure and query LNet through its generic netlink family.
// Object-verb grammar as in Lustre ("lnetctl net add ..."); every command
// prints Lustre-shaped YAML, or JSON with --json.  Errors go to stderr as
// "lnetctl <object> <verb>: <cause>", the cause being the kernel's own
// extended-ack text when it gave one.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "conf.hpp"
#include "import.hpp"
#include "lnet.hpp"
#include "model.hpp"
#include "selftest.hpp"
#include "util/format_option.hpp"
#include "util/print.hpp"
#include "util/yaml_read.hpp"

namespace {

using util::Result;

struct Options {
	util::FormatOption format; // --json
	bool all = false;
	bool verbose = false;
	std::string net;
	std::vector<std::string> ifaces;
	std::string nid;
	std::uint32_t timeout_ms = 0;
	std::string file;
	bool backup = false;
	bool add = false; // import's default, accepted as Lustre's lnetctl does
	bool del = false;
};

void print(const util::Value &v, const Options &o)
{
	std::cout << util::render(v, o.format.format(util::Format::Yaml));
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

// The whole of FILE, or of stdin for "" and "-".
Result<std::string> read_input(const std::string &file)
{
	std::ostringstream text;
	if (file.empty() || file == "-") {
		text << std::cin.rdbuf();
		if (std::cin.bad())
			return util::Error{EIO, "cannot read standard input"};
		return text.str();
	}
	std::error_code ec;
	if (std::filesystem::is_directory(file, ec))
		return util::Error::from_errno(EISDIR);
	std::ifstream in(file, std::ios::binary);
	if (!in)
		return util::Error::from_errno(errno);
	text << in.rdbuf();
	if (in.bad())
		return util::Error::from_errno(EIO);
	return text.str();
}

// Nets, routes, peers and global settings, as 'lnetctl export' prints them.
Result<lnetctl::LnetState> running_state()
{
	auto lnet = lnetctl::Lnet::open();
	lnetctl::LnetState state;
	auto nis = lnet.net_get(std::nullopt);
	if (!nis)
		return nis.error();
	state.nis = std::move(nis).value();
	auto routes = lnet.route_get();
	if (!routes)
		return routes.error();
	state.routes = std::move(routes).value();
	auto peers = lnet.peer_get(std::nullopt);
	if (!peers)
		return peers.error();
	state.peers = std::move(peers).value();
	auto global = lnet.global_get();
	if (!global)
		return global.error();
	state.global = *global;
	return state;
}

Result<void> export_config(const Options &o)
{
	auto state = running_state();
	if (!state)
		return state.error();
	std::string out =
	        util::render(lnetctl::export_view(*state, o.backup), o.format.format(util::Format::Yaml));
	if (o.file.empty() || o.file == "-") {
		std::cout << out;
		return {};
	}
	std::ofstream f(o.file, std::ios::binary | std::ios::trunc);
	if (!f)
		return util::Error{errno, o.file + ": " + std::strerror(errno)};
	f << out;
	f.close();
	if (!f)
		return util::Error{EIO, o.file + ": write failed"};
	return {};
}

// Check the whole file, then apply it: global settings, nets, peers, routes
// (a route needs its gateway's net); with --del routes, peers, nets, global
// settings left as they are.  See import.hpp for what happens to what
// already exists.  The exit status of lnetctl.
int import_config(const Options &o)
{
	const std::string name = o.file.empty() || o.file == "-" ? "<stdin>" : o.file;
	auto fail = [&](const std::string &why) {
		std::cerr << "lnetctl import: " << why << "\n";
		return 1;
	};
	auto text = read_input(o.file);
	if (!text)
		return fail(name + ": " + text.error().message);
	auto tree = util::read_yaml(*text);
	if (!tree)
		return fail(name + ": " + tree.error().message + "; nothing imported");
	auto conf = lnetctl::lnet_conf(*tree);
	if (!conf)
		return fail(name + ": " + conf.error().message + "; nothing imported");
	for (const auto &w : conf->warnings)
		std::cerr << "lnetctl import: " << w << "\n";

	using Kind = lnetctl::ImportStep::Kind;
	auto lnet = lnetctl::Lnet::open();
	auto running = lnet.net_get(std::nullopt);
	if (!running)
		return fail(running.error().message);
	// Routes and peers are read only when the file has some, so that a
	// file of nets imports whatever else the kernel supports.
	std::vector<lnetctl::RouteInfo> routes;
	if (!conf->routes.empty()) {
		auto r = lnet.route_get();
		if (!r)
			return fail(r.error().message);
		routes = std::move(r).value();
	}
	std::vector<lnetctl::PeerInfo> peers;
	if (!conf->peers.empty()) {
		auto p = lnet.peer_get(std::nullopt);
		if (!p)
			return fail(p.error().message);
		peers = std::move(p).value();
	}

	int status = 0;
	// One step's outcome: a note, a conflict, or what the kernel said.
	auto outcome = [&](Kind kind, const std::string &note, const std::string &what,
	                   const Result<void> &r) {
		if (kind == Kind::Skip)
			std::cerr << "lnetctl import: " << note << "\n";
		else if (kind == Kind::Conflict)
			status = fail(note);
		else if (!r)
			status = fail(what + ": " + r.error().message);
	};
	auto apply_nets = [&] {
		for (const auto &step : lnetctl::import_steps(*conf, *running, o.del)) {
			Result<void> r;
			if (step.kind == Kind::Add)
				r = lnet.net_add(step.net->net, step.net->ifaces);
			else if (step.kind == Kind::Del)
				r = lnet.net_del(step.net->net);
			outcome(step.kind, step.note, "net " + step.net->net, r);
		}
	};
	auto apply_peers = [&] {
		for (const auto &step : lnetctl::peer_steps(*conf, peers, o.del)) {
			Result<void> r;
			if (step.kind == Kind::Add)
				r = lnet.peer_add(step.peer->primary, step.nids, step.peer->mr);
			else if (step.kind == Kind::Del)
				r = lnet.peer_del(step.peer->primary, {});
			outcome(step.kind, step.note, "peer " + step.peer->primary, r);
		}
	};
	auto apply_routes = [&] {
		for (const auto &step : lnetctl::route_steps(*conf, routes, o.del)) {
			const auto &rt = *step.route;
			Result<void> r;
			if (step.kind == Kind::Add)
				r = lnet.route_add(rt.net, rt.gateway, rt.hops, rt.priority);
			else if (step.kind == Kind::Del)
				r = lnet.route_del(rt.net, rt.gateway);
			outcome(step.kind, step.note, "route to " + rt.net + " via " + rt.gateway, r);
		}
	};
	if (o.del) {
		apply_routes();
		apply_peers();
		apply_nets();
		return status;
	}
	if (conf->global.health_sensitivity || conf->global.routing)
		outcome(Kind::Add, {}, "global", lnet.global_set(conf->global));
	apply_nets();
	apply_peers();
	apply_routes();
	auto after = lnet.net_get(std::nullopt);
	if (!after)
		return fail(after.error().message);
	for (const auto &w : lnetctl::tunable_differences(*conf, *after))
		std::cerr << "lnetctl import: " << w << "\n";
	return status;
}

} // namespace

int main(int argc, char **argv)
{
	Options o;
	CLI::App app{"lnetctl - configure and query LNet, the Lustre network layer.\n\n"
	             "Commands are OBJECT VERB [OPTIONS]; results are YAML, or JSON with --json.\n"
	             "Changing the configuration, and ping, need CAP_NET_ADMIN.\n",
	             "lnetctl"};
	app.require_subcommand(1);
	app.fallthrough();
	util::add_json_option(app, o.format, "print JSON instead of YAML (also after the command)");

	// Every command gets its own footer: CLI11 copies the parent's into
	// subcommands added after it, so the top-level one is set last.

	// lnet
	auto *lnet = app.add_subcommand("lnet", "bring LNet up or down on this node");
	lnet->require_subcommand(1);
	lnet->footer("Examples:\n"
	             "  lnetctl lnet configure\n"
	             "  lnetctl lnet configure --all\n"
	             "  lnetctl lnet unconfigure");
	auto *configure = lnet->add_subcommand("configure", "bring LNet up with the loopback network 0@lo");
	configure->add_flag("-a,--all", o.all, "also bring up the lnet module's \"networks=\" networks");
	configure->footer(
	        "Without --all only 0@lo exists afterwards: add networks with 'lnetctl net add' or\n"
	        "'lnetctl import'.  --all also brings up the networks set in /etc/modprobe.d,\n"
	        "all of them or none:\n"
	        "  options lnet networks=\"tcp0(eth0)\"\n"
	        "LNet that is already up is left as it is; the lnet module is loaded if needed.\n"
	        "Examples:\n"
	        "  lnetctl lnet configure\n"
	        "  lnetctl lnet configure --all");
	auto *unconfigure = lnet->add_subcommand("unconfigure", "take LNet down, removing every network");
	unconfigure->footer(
	        "LNet must be down before its modules can be unloaded; LNet that is already down\n"
	        "is left as it is.  It is refused while a module using LNet is loaded\n"
	        "(lnet_selftest): unload that first.\n"
	        "Example: lnetctl lnet unconfigure && modprobe -r ksocklnd lnet");

	// net
	auto *net = app.add_subcommand("net", "local networks (NIs): add, delete, show");
	net->require_subcommand(1);
	net->footer("A network is a driver and a number: tcp (= tcp0), tcp1 ..., o2ib ...  Each\n"
	            "interface gives the node one NI on it, whose NID is the interface's IPv4\n"
	            "address@network, such as 10.0.0.1@tcp.\n"
	            "Examples:\n"
	            "  lnetctl net add --net tcp0 --if eth0\n"
	            "  lnetctl net show --net tcp -v\n"
	            "  lnetctl net del --net tcp0");
	auto *net_add = net->add_subcommand("add", "add a network on one or more interfaces");
	net_add->add_option("--net", o.net, "network name: tcp, tcp1, o2ib0 ... (tcp = tcp0)")
	        ->required()
	        ->type_name("NET");
	net_add->add_option("--if", o.ifaces, "interfaces, comma-separated: eth0[,eth1...]")
	        ->delimiter(',')
	        ->type_name("IF[,IF...]");
	net_add->footer("LNet must be configured first ('lnetctl lnet configure').  Each interface gives\n"
	                "the node one NI, whose NID is the interface's IPv4 address@net; without --if the\n"
	                "first interface that is up with an IPv4 address is used.  The network's driver\n"
	                "(ksocklnd for tcp) is loaded if needed.\n"
	                "Examples:\n"
	                "  lnetctl net add --net tcp0 --if eth0\n"
	                "  lnetctl net add --net tcp1 --if eth1,eth2");
	auto *net_del = net->add_subcommand("del", "remove a network and its NIs");
	net_del->add_option("--net", o.net, "network name, as given to 'net add'")
	        ->required()
	        ->type_name("NET");
	net_del->footer("Messages in flight on the network's NIs finish first.\n"
	                "Example: lnetctl net del --net tcp0");
	auto *net_show = net->add_subcommand("show", "list the local NIs, grouped by network");
	net_show->add_option("--net", o.net, "show only this network")->type_name("NET");
	net_show->add_flag("-v,--verbose", o.verbose, "add each NI's statistics and tunables");
	net_show->footer("Prints Lustre's \"net:\" YAML: for each network its NIs with NID, status and\n"
	                 "interfaces.  The loopback network 0@lo is always there.\n"
	                 "Examples:\n"
	                 "  lnetctl net show\n"
	                 "  lnetctl net show --net tcp -v\n"
	                 "  lnetctl net show --json");

	// ping
	auto *ping = app.add_subcommand("ping", "ask a peer for its NIs (an LNet ping)");
	ping->add_option("nid", o.nid, "the peer's NID, such as 10.0.0.2@tcp")->required()->type_name("NID");
	auto *timeout = ping->add_option("--timeout", o.timeout_ms,
	                                 "give up after this many milliseconds (kernel default 3000)")
	                        ->type_name("MS");
	ping->footer("Prints the peer's primary NID and every NID it reported.\n"
	             "Examples:\n"
	             "  lnetctl ping 10.0.0.2@tcp\n"
	             "  lnetctl ping 0@lo --timeout 1000");

	// export, import
	auto *exp = app.add_subcommand("export", "print the LNet configuration as YAML that 'import' reads");
	exp->add_option("file", o.file, "write to FILE instead of standard output ('-' = stdout)")
	        ->type_name("FILE");
	exp->add_flag("-b,--backup", o.backup,
	              "only what import sets (interfaces, tunables, routes, peer NIDs, settings): no "
	              "status or statistics");
	exp->footer("Prints Lustre's sections: \"net:\", one entry per network with its local NIs (the\n"
	            "loopback network, always there, is left out); \"route:\" and \"peer:\" when there\n"
	            "are routes or peers; \"routing:\" (enable: 0|1) and \"global:\"\n"
	            "(health_sensitivity).  --backup gives the form to keep in /etc/lnet.conf, which\n"
	            "lnet.service imports at boot.\n"
	            "Examples:\n"
	            "  lnetctl export --backup > /etc/lnet.conf\n"
	            "  lnetctl export --backup /etc/lnet.conf\n"
	            "  lnetctl export --json");
	auto *imp = app.add_subcommand("import", "configure LNet from a YAML file (such as /etc/lnet.conf)");
	imp->add_option("file", o.file, "the YAML file; standard input if absent or '-'")->type_name("FILE");
	auto *imp_add =
	        imp->add_flag("--add", o.add, "add the file's networks, peers and routes (the default)");
	imp->add_flag("--del", o.del, "delete the file's networks, peers and routes instead")
	        ->excludes(imp_add);
	imp->footer("Reads what 'lnetctl export' prints (Lustre's format):\n"
	            "  net:\n"
	            "      - net type: tcp\n"
	            "        local NI(s):\n"
	            "          - interfaces:\n"
	            "                0: eth0\n"
	            "  route:\n"
	            "      - net: tcp1\n"
	            "        gateway: 10.0.0.9@tcp\n"
	            "  peer:\n"
	            "      - primary nid: 10.0.0.2@tcp\n"
	            "        peer ni:\n"
	            "          - nid: 10.0.1.2@tcp\n"
	            "  global:\n"
	            "      health_sensitivity: 100\n"
	            "LNet must be configured.  The whole file is checked before anything is applied:\n"
	            "malformed YAML, a net without \"net type\", an unknown key, a bad interface,\n"
	            "tunable, NID, hop count or setting stop the import with the line at fault.  Then\n"
	            "the global settings (global:, routing:) are set, each net is added with its\n"
	            "interfaces (NIs of one net together; the loopback net is implicit and skipped),\n"
	            "then the peers, then the routes (a gateway must be on a net by then).\n"
	            "What already exists as the file says is skipped with a note, so the boot-time\n"
	            "import can run again; a peer that exists gets the NIDs it lacks.  A net on other\n"
	            "interfaces, a route with another hop count or priority, a peer with the other\n"
	            "Multi-Rail setting are left unchanged and reported, the rest is still imported,\n"
	            "and the exit status is 1.\n"
	            "--del deletes the file's routes, then its peers (whole), then its nets; what is\n"
	            "not configured is skipped with a note; global settings are left as they are.\n"
	            "Not supported yet, skipped with a warning: the buffers, numa and discovery\n"
	            "sections, other global settings, \"lnd tunables\" and \"CPT\".  Tunables cannot\n"
	            "be set yet: a value that differs from the kernel's is warned about.  Only real\n"
	            "errors (bad file, what the kernel refused or what conflicts) make the exit status\n"
	            "non-zero.\n"
	            "Examples:\n"
	            "  lnetctl import /etc/lnet.conf\n"
	            "  lnetctl import --del /etc/lnet.conf");

	// peer, discover, route, stats, global, set (commands.cpp)
	auto run_more = lnetctl::add_commands(app, o.format);
	auto run_selftest = lnetctl::add_selftest_command(app, o.format.json);

	app.footer("Examples:\n"
	           "  lnetctl lnet configure\n"
	           "  lnetctl net add --net tcp0 --if eth0\n"
	           "  lnetctl net show -v\n"
	           "  lnetctl ping 10.0.0.2@tcp\n"
	           "  lnetctl export --backup > /etc/lnet.conf\n"
	           "  lnetctl import /etc/lnet.conf\n\n"
	           "At boot, lnet.service configures LNet and imports /etc/lnet.conf when it exists\n"
	           "(systemctl enable lnet).\n"
	           "See 'lnetctl OBJECT --help', 'lnetctl OBJECT VERB --help' and lnetctl(8).");

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		// --help exits 0; a wrong command line 2, as most tools do, rather
		// than one of CLI11's own codes (106, 109 ...).
		return app.exit(e) ? 2 : 0;
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
		if (auto status = run_more())
			return *status;
		if (auto status = run_selftest())
			return *status;
		if (exp->parsed())
			return run("export", [&] { return export_config(o); });
		if (imp->parsed())
			return import_config(o);
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
