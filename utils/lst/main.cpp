// SPDX-License-Identifier: GPL-2.0
// lst: Lustre's self-test console, on this node's lnet_selftest.ko.  The
// commands and their syntax are Lustre's ("export LST_SESSION=$$; lst
// new_session NAME; lst add_group ..."); the kernel does the work and talks
// to the test nodes, lst only asks it and prints what the nodes answered.
// Errors go to stderr as "lst <command>: <cause>", the cause being the
// kernel's extended-ack text when it gave one; a command some node failed
// exits 1 after printing which.
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <linux/lnet_selftest_genl.h>

#include "console.hpp"
#include "nidlist.hpp"
#include "stat.hpp"
#include "test_args.hpp"
#include "view.hpp"

namespace {

using lst::Console;
using util::Error;
using util::Result;

Result<std::uint32_t> session_key()
{
	const char *env = std::getenv("LST_SESSION");
	if (!env || !*env)
		return Error{EINVAL, "LST_SESSION is not set (export LST_SESSION=$$ first)"};
	char *end = nullptr;
	errno = 0;
	unsigned long v = std::strtoul(env, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return Error{EINVAL, "LST_SESSION is not a number"};
	return static_cast<std::uint32_t>(v);
}

Result<Console> open_console(bool need_key)
{
	std::uint32_t key = 0;
	if (need_key) {
		auto k = session_key();
		if (!k)
			return k.error();
		key = *k;
	}
	return Console::open(key);
}

// Runs one command; the exit status of lst.
int run(const char *what, const std::function<Result<bool>()> &body)
{
	Result<bool> r = body();
	if (!r) {
		std::cerr << "lst " << what << ": " << r.error().message << "\n";
		return 1;
	}
	return *r ? 0 : 1;
}

Result<std::vector<std::string>> expand_all(const std::vector<std::string> &args)
{
	std::vector<std::string> nids;
	for (const std::string &a : args) {
		auto e = lst::expand_nids(a, LST_CON_MAX_NODES - nids.size());
		if (!e)
			return e.error();
		nids.insert(nids.end(), e->begin(), e->end());
	}
	return nids;
}

// run() with the console open (and LST_SESSION read if @keyed).
int with_console(const char *what, bool keyed, const std::function<Result<bool>(Console &)> &body)
{
	return run(what, [&]() -> Result<bool> {
		auto c = open_console(keyed);
		if (!c)
			return c.error();
		return body(*c);
	});
}

} // namespace

int main(int argc, char **argv)
{
	CLI::App app{"lst: LNet self-test console"};
	app.require_subcommand(1);
	app.footer("Every command but show_session needs LST_SESSION set to the session's key:\n"
	           "  export LST_SESSION=$$\n"
	           "  lst new_session rw; lst add_group servers 192.168.1.[10-12]@tcp\n"
	           "  lst add_group clients 192.168.1.20@tcp; lst add_batch bulk\n"
	           "  lst add_test --batch bulk --from clients --to servers brw write size=1M\n"
	           "  lst run bulk; lst stat servers; lst end_session\n");
	std::function<int()> action;

	std::string name, batch, from, to, dist = "1:1";
	std::vector<std::string> words, groups;
	std::uint32_t timeout = 300, concurrency = 1, loop = 0, test_idx = 0;
	int count = -1;
	double delay = 5;
	bool force = false, server = false;
	lst::StatShow show;
	bool f_active = false, f_busy = false, f_down = false, f_unknown = false, f_all = false;

	auto *ns = app.add_subcommand("new_session", "start a console session on this node");
	ns->add_option("--timeout", timeout, "seconds without an lst command before it ends")
	        ->capture_default_str();
	ns->add_flag("--force", force, "end a session in the way, here and on the nodes");
	ns->add_option("name", name, "the session's name")->required();
	ns->callback([&] {
		action = [&] {
			return with_console("new_session", true, [&](Console &c) -> Result<bool> {
				auto r = c.session_new(name, timeout, force);
				if (!r)
					return r.error();
				lst::print_new_session(std::cout, name, timeout, force);
				return true;
			});
		};
	});

	auto *es = app.add_subcommand("end_session", "end the session (on every node too)");
	es->callback([&] {
		action = [&] {
			return with_console("end_session", true, [&](Console &c) -> Result<bool> {
				auto r = c.session_end();
				if (!r)
					return r.error();
				bool ok = lst::print_failures(std::cout, r->nodes, "end session");
				std::cout << "session is ended\n";
				return ok;
			});
		};
	});

	auto *ss = app.add_subcommand("show_session", "the session of this node's console");
	ss->callback([&] {
		action = [&] {
			return with_console("show_session", false, [&](Console &c) -> Result<bool> {
				auto s = c.session_info();
				if (!s)
					return s.error();
				lst::print_session(std::cout, *s);
				return true;
			});
		};
	});

	auto *ag = app.add_subcommand("add_group", "add a group of nodes and join them to the session");
	ag->add_option("name", name, "the group's name")->required();
	ag->add_option("nids", words, "NIDs, with ranges: 192.168.1.[10-12,20]@tcp")->required();
	ag->callback([&] {
		action = [&] {
			return with_console("add_group", true, [&](Console &c) -> Result<bool> {
				auto nids = expand_all(words);
				if (!nids)
					return nids.error();
				auto r = c.group_add(name, *nids);
				if (!r)
					return r.error();
				return lst::print_failures(std::cout, r->nodes, "create session");
			});
		};
	});

	auto *dg = app.add_subcommand("del_group", "delete a group (its nodes leave the session)");
	dg->add_option("name", name, "the group's name")->required();
	dg->callback([&] {
		action = [&] {
			return with_console("del_group", true, [&](Console &c) -> Result<bool> {
				auto r = c.group_del(name);
				if (!r)
					return r.error();
				return lst::print_failures(std::cout, r->nodes, "end session");
			});
		};
	});

	auto *lg = app.add_subcommand("list_group", "groups, or one group's nodes and states");
	lg->add_option("name", name, "a group");
	lg->add_flag("--active", f_active, "list the active nodes");
	lg->add_flag("--busy", f_busy, "list the busy nodes");
	lg->add_flag("--down", f_down, "list the down nodes");
	lg->add_flag("--unknown", f_unknown, "list the nodes of unknown state");
	lg->add_flag("--all", f_all, "list every node");
	lg->callback([&] {
		action = [&] {
			return with_console("list_group", true, [&](Console &c) -> Result<bool> {
				auto g = c.group_list(name);
				if (!g)
					return g.error();
				unsigned int mask = (f_active || f_all ? LST_NODE_ACTIVE : 0) |
				                    (f_busy || f_all ? LST_NODE_BUSY : 0) |
				                    (f_down || f_all ? LST_NODE_DOWN : 0) |
				                    (f_unknown || f_all ? LST_NODE_UNKNOWN : 0);
				lst::print_groups(std::cout, *g, !name.empty(), mask);
				return true;
			});
		};
	});

	auto *ab = app.add_subcommand("add_batch", "add a batch of tests");
	ab->add_option("name", name, "the batch's name")->required();
	ab->callback([&] {
		action = [&] {
			return with_console("add_batch", true, [&](Console &c) -> Result<bool> {
				auto r = c.batch_add(name);
				if (!r)
					return r.error();
				return true;
			});
		};
	});

	auto *lb = app.add_subcommand("list_batch", "batches, or one batch's tests");
	lb->add_option("name", name, "a batch");
	lb->callback([&] {
		action = [&] {
			return with_console("list_batch", true, [&](Console &c) -> Result<bool> {
				auto b = c.batch_list(name);
				if (!b)
					return b.error();
				lst::print_batches(std::cout, *b, !name.empty());
				return true;
			});
		};
	});

	auto *at = app.add_subcommand("add_test", "add a test to a batch (sent to its nodes)");
	at->add_option("--batch", batch, "the batch")->required();
	at->add_option("--loop", loop, "RPCs each client unit sends (default: until stopped)");
	at->add_option("--concurrency", concurrency, "RPCs in flight per destination (1-1024)")
	        ->check(CLI::Range(1, 1024));
	at->add_option("--distribute", dist, "DIST:SPAN, clients per server set and its size")
	        ->capture_default_str();
	at->add_option("--from", from, "the clients' group")->required();
	at->add_option("--to", to, "the servers' group")->required();
	at->add_option("test", words, "ping | brw read|write [size=N[k|M]] [check=none|simple|full] [off=N]")
	        ->required();
	at->callback([&] {
		action = [&] {
			return with_console("add_test", true, [&](Console &c) -> Result<bool> {
				auto spec = lst::parse_test(words, dist);
				if (!spec)
					return spec.error();
				spec->batch = batch;
				spec->from = from;
				spec->to = to;
				spec->concur = concurrency;
				if (loop)
					spec->loop = loop;
				auto r = c.test_add(*spec);
				if (!r)
					return r.error();
				bool ok = lst::print_failures(std::cout, r->nodes, "add test");
				if (r->test_idx && ok)
					std::cout << "Test was added successfully\n";
				return r->test_idx && ok;
			});
		};
	});

	auto *rb = app.add_subcommand("run", "run a batch on its clients");
	rb->add_option("name", name, "the batch")->required();
	rb->callback([&] {
		action = [&] {
			return with_console("run", true, [&](Console &c) -> Result<bool> {
				auto r = c.batch_run(name);
				if (!r)
					return r.error();
				bool ok = lst::print_failures(std::cout, r->nodes, "run batch");
				if (ok)
					std::cout << name << " is running now\n";
				return ok;
			});
		};
	});

	auto *sb = app.add_subcommand("stop", "stop a batch");
	sb->add_option("name", name, "the batch")->required();
	sb->add_flag("--force", force, "give up the RPCs in flight too");
	sb->callback([&] {
		action = [&] {
			return with_console("stop", true, [&](Console &c) -> Result<bool> {
				auto r = c.batch_stop(name, force);
				if (!r)
					return r.error();
				bool ok = lst::print_failures(std::cout, r->nodes, "stop batch");
				if (ok)
					std::cout << name << " is stopped\n";
				return ok;
			});
		};
	});

	auto *qb = app.add_subcommand("query", "whether a batch (or one test) still runs");
	qb->add_option("name", name, "the batch")->required();
	qb->add_option("--test", test_idx, "a test's number in the batch (default: the batch)");
	qb->add_flag("--server", server, "ask the servers, not the clients");
	qb->add_flag("--all", f_all, "list every node's state");
	qb->callback([&] {
		action = [&] {
			return with_console("query", true, [&](Console &c) -> Result<bool> {
				auto r = c.batch_query(name, test_idx, server);
				if (!r)
					return r.error();
				lst::print_query(std::cout, name, test_idx, r->nodes, f_all);
				return true;
			});
		};
	});

	auto *st = app.add_subcommand("stat", "LNet rates and bandwidth of groups' nodes");
	st->add_option("--count", count, "reports to print (default: until interrupted)");
	st->add_option("--delay", delay, "seconds between samples")->check(CLI::Range(0.1, 3600.0))
	        ->capture_default_str();
	st->add_flag("--rate", show.rate, "RPC rates only");
	st->add_flag("--bw", show.bw, "bandwidth only");
	st->add_flag("--read", show.read, "what the nodes received only");
	st->add_flag("--write", show.write, "what the nodes sent only");
	st->add_flag("--avg", show.avg, "averages");
	st->add_flag("--min", show.min, "minima");
	st->add_flag("--max", show.max, "maxima");
	st->add_option("groups", groups, "groups")->required();
	st->callback([&] {
		action = [&] {
			return with_console("stat", true, [&](Console &c) -> Result<bool> {
				return lst::stat_loop(std::cout, c, groups, count,
				                      std::chrono::duration<double>(delay), show);
			});
		};
	});

	auto *se = app.add_subcommand("show_error", "the nodes of groups that counted errors");
	se->add_option("groups", groups, "groups")->required();
	se->callback([&] {
		action = [&] {
			return with_console("show_error", true, [&](Console &c) -> Result<bool> {
				for (const std::string &g : groups) {
					auto r = c.stat(g);
					if (!r)
						return r.error();
					lst::print_errors(std::cout, g, r->nodes);
				}
				return true;
			});
		};
	});

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		return app.exit(e);
	}
	try {
		return action ? action() : 1;
	} catch (const util::Fatal &e) {
		std::cerr << "lst: " << e.what() << "\n";
		return 2;
	}
}
