// SPDX-License-Identifier: GPL-2.0
// lnet-poke: connect to an LNet TCP acceptor, send it one scenario's bad
// input, and report whether the server closed the connection.  A test tool
// for the VM tests (run as root in a guest), never installed.
//
// Exit status: 0 the server closed within the timeout (for "valid": it
// answered with a correct HELLO; for "rpc-fuzz": it kept the connection and
// answered the final ping); 1 it stayed open, or answered when it must not,
// or (for "valid") gave no correct HELLO, or (for "rpc-fuzz") closed or did
// not answer; 2 a local error.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <netdb.h>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "conn.hpp"
#include "msg.hpp"
#include "rpc.hpp"
#include "scenarios.hpp"
#include "scenarios_forge.hpp"
#include "scenarios_lst.hpp"

namespace {

using namespace poke;
using util::Error;

constexpr int kExitExpected = 0;   // the server did what it must
constexpr int kExitUnexpected = 1; // it did not
constexpr int kExitLocal = 2;

struct Options {
	std::string host;
	std::string scenario;
	std::uint16_t port = LNET_ACCEPTOR_PORT;
	std::optional<std::uint16_t> src_port;
	double timeout = 15;
	bool list = false;
	FuzzOptions fuzz;
	ForgeOptions forge;
	LstOptions lst;
};

// HOST's IPv4 address, host byte order.
Result<std::uint32_t> resolve(const std::string &host)
{
	addrinfo hints{};
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	addrinfo *res = nullptr;
	int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
	if (rc)
		return Error{EINVAL, host + ": " + gai_strerror(rc)};
	std::uint32_t ip = ntohl(reinterpret_cast<const sockaddr_in *>(res->ai_addr)->sin_addr.s_addr);
	freeaddrinfo(res);
	return ip;
}

SourcePort source_port(const Options &o, const Scenario &sc)
{
	if (!o.src_port)
		return {sc.source, 0};
	if (*o.src_port == 0)
		return {SourcePort::Kind::Ephemeral, 0};
	return {SourcePort::Kind::Fixed, *o.src_port};
}

void list_scenarios()
{
	for (auto list : {scenarios(), forge_scenarios(), lst_scenarios()})
		for (const Scenario &sc : list)
			std::printf("%-18s %.*s\n", std::string(sc.name).c_str(),
			            static_cast<int>(sc.description.size()), sc.description.data());
}

int local_error(const std::string &what)
{
	std::cerr << "lnet-poke: " << what << "\n";
	return kExitLocal;
}

// The scenario's input is sent: how the server ended the connection.
int report_ending(Session &s, const Scenario &sc)
{
	Result<Ending> end = s.conn.wait_for_close(s.timeout);
	if (!end)
		return local_error(end.error().message);
	report_answer(end->answer);
	std::printf("%s after %.1fs\n", end->closed ? "closed" : "open", end->seconds);
	if (sc.expect == Expect::CloseSilently && !end->answer.empty()) {
		std::cerr << "lnet-poke: the server answered " << end->answer.size() << " bytes\n";
		return kExitUnexpected;
	}
	return end->closed ? kExitExpected : kExitUnexpected;
}

int run_scenario(const Options &o, const Scenario &sc)
{
	Result<std::uint32_t> ip = resolve(o.host);
	if (!ip)
		return local_error(ip.error().message);
	std::chrono::duration<double> timeout(o.timeout);
	Result<Conn> conn = Conn::open(*ip, o.port, source_port(o, sc), timeout);
	if (!conn)
		return local_error(conn.error().message);
	Session s{std::move(*conn), 0, tcp_nid(*ip), timeout};
	s.my_nid = tcp_nid(s.conn.local_ip());
	s.fuzz = &o.fuzz;
	s.forge = &o.forge;
	s.lst = &o.lst;

	// Scenarios that check the server's answers themselves.
	bool self_checked = sc.expect == Expect::Hello || sc.expect == Expect::Alive;
	Result<void> sent = sc.run(s);
	if (!sent && self_checked && sent.error().code == EPROTO) {
		std::cerr << "lnet-poke: " << sent.error().message << "\n";
		return kExitUnexpected;
	}
	if (!sent)
		return local_error(std::string(sc.name) + ": " + sent.error().message);
	if (self_checked)
		return kExitExpected;
	return report_ending(s, sc);
}

} // namespace

int main(int argc, char **argv)
{
	Options o;
	CLI::App app{"lnet-poke - send bad input to an LNet TCP acceptor and report what the server did.\n\n"
	             "Connects to HOST:PORT (from a privileged port unless the scenario or --src-port says\n"
	             "otherwise), sends SCENARIO's input, then waits for the server to close the connection\n"
	             "and prints \"closed after X.Ys\" or \"open after X.Ys\" (seconds since the input was\n"
	             "sent), preceded by \"hello: ...\" when the server answered with a HELLO.",
	             "lnet-poke"};
	app.add_option("host", o.host, "the server: IPv4 address or name; its NID is ADDR@tcp")
	        ->type_name("HOST");
	app.add_option("scenario", o.scenario, "what to send (--list)")->type_name("SCENARIO");
	app.add_option("--port", o.port, "the acceptor's TCP port")->capture_default_str();
	app.add_option(
	           "--src-port", o.src_port,
	           "connect from this port (0: any unprivileged one; default: a privileged one, 1023 down)")
	        ->type_name("N");
	app.add_option("--timeout", o.timeout, "seconds to wait for the server (to connect, answer, close)")
	        ->type_name("SEC")
	        ->check(CLI::Range(0.1, 3600.0))
	        ->capture_default_str();
	app.add_flag("--list", o.list, "list the scenarios and exit");
	app.add_option("--count", o.fuzz.count, "rpc-fuzz: requests to send")
	        ->type_name("N")
	        ->capture_default_str();
	app.add_option("--portal", o.fuzz.portal, "rpc-fuzz: the request portal to send them to")
	        ->type_name("N")
	        ->check(CLI::Range(0, 63))
	        ->capture_default_str();
	app.add_option("--seed", o.fuzz.seed, "rpc-fuzz: the same seed sends the same requests")
	        ->type_name("N")
	        ->capture_default_str();
	app.add_option("--target", o.fuzz.target, "rpc-fuzz: the target UUID to connect to")
	        ->type_name("UUID")
	        ->capture_default_str();
	app.add_option("--victim", o.forge.victim, "forge-src: the IPv4 address whose tcp0 NID to claim")
	        ->type_name("ADDR");
	app.add_option("--gets", o.forge.gets, "get-flood: GETs to send")->type_name("N")->capture_default_str();
	app.add_option("--hold", o.forge.hold, "get-flood: seconds to keep the connection unread")
	        ->type_name("SEC")
	        ->capture_default_str();
	app.add_option("--dest", o.lst.dest, "lst-*: the test's destination node (IPv4; default HOST)")
	        ->type_name("ADDR");
	app.add_option("--bad-dest", o.lst.bad_dest,
	               "lst-ping: also ping this address, which never answers (ours: a black hole)")
	        ->type_name("ADDR");
	app.add_option("--loop", o.lst.loop, "lst-*: RPCs per unit")
	        ->type_name("N")
	        ->check(CLI::Range(1, 1000000))
	        ->capture_default_str();
	app.add_option("--concur", o.lst.concur, "lst-*: units (RPCs in flight) per destination")
	        ->type_name("N")
	        ->check(CLI::Range(1, LST_MAX_CONCUR))
	        ->capture_default_str();
	app.add_option("--size", o.lst.size, "lst-brw: bytes per brw RPC")
	        ->type_name("N")
	        ->check(CLI::Range(1, SRPC_MAX_BULK))
	        ->capture_default_str();
	app.footer("Exit status: 0 the server closed the connection in time (\"valid\": it answered with a\n"
	           "correct HELLO); 1 it stayed open or answered when it must not (\"valid\": no correct\n"
	           "HELLO); 2 a local error (usage, cannot connect, a handshake the scenario needs failed).\n"
	           "rpc-fuzz: 0 the server kept the connection and answered the final ping (\"sent N,\n"
	           "replies M, alive\"); 1 it closed, stopped reading, sent bad replies or no ping answer.\n"
	           "lst-ping, lst-brw: 0 every answer was the right one, 1 one was not (it is named).\n"
	           "Examples: lnet-poke --timeout 20 10.99.0.1 stall-mid-message\n"
	           "          lnet-poke --count 500 --seed 7 --portal 6 10.99.0.1 rpc-fuzz\n"
	           "          lnet-poke --dest 10.99.0.3 --loop 100 10.99.0.1 lst-ping");

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		return app.exit(e) ? kExitLocal : 0;
	}
	if (o.list) {
		list_scenarios();
		return 0;
	}
	if (o.host.empty() || o.scenario.empty())
		return local_error("expected HOST SCENARIO (see --help, --list)");
	const Scenario *sc = find_scenario(o.scenario);
	if (!sc)
		return local_error("unknown scenario \"" + o.scenario + "\" (see --list)");
	try {
		return run_scenario(o, *sc);
	} catch (const util::Fatal &e) {
		return local_error(e.what());
	}
}
