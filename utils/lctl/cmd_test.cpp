// SPDX-License-Identifier: GPL-2.0
// debug_kernel (dk), echo_test, echo_lock and echo_unlock: the kernel debug
// log, and RPC traffic and extent locks through an echo_client device.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/lustre/lustre_ioctl.h>
#include <memory>

#include <CLI/CLI.hpp>

#include "fd.hpp"
#include "param.hpp"
#include "parse.hpp"
#include "session.hpp"
#include "util/format_option.hpp"
#include "view.hpp"

namespace lctl {

namespace {

constexpr std::uint64_t echo_max_size = ECHO_MAX_SIZE;
constexpr std::uint64_t echo_max_concurrency = ECHO_MAX_CONCURRENCY;

util::Result<void> write_file(const std::string &path, const std::string &text)
{
	Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	if (!fd)
		return util::Error::from_errno(errno);
	for (std::size_t done = 0; done < text.size();) {
		ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return util::Error::from_errno(errno);
		done += static_cast<std::size_t>(n);
	}
	// close() reports what a delayed write-back could not store.
	if (::close(fd.release()) != 0)
		return util::Error::from_errno(errno);
	return {};
}

std::function<int()> declare_dk(CLI::App &app, Session &s)
{
	auto file = std::make_shared<std::string>();
	auto raw = std::make_shared<std::string>();
	app.add_option("file", *file, "write the log to FILE instead of standard output")->type_name("FILE");
	app.add_option("raw", *raw, "accepted for Lustre's scripts: the log is always as the kernel wrote it")
	        ->check(CLI::IsMember({"raw"}))
	        ->type_name("raw");
	app.footer("Copies the kernel debug log, oldest line first, and empties it.  Prints\n"
	           "\"Debug log: N lines, K kept, D dropped.\" on standard error: the lines copied\n"
	           "(kept) and those the kernel overwrote since the last copy (dropped).\n"
	           "Examples:\n"
	           "  lctl dk /tmp/debug.log\n"
	           "  lctl debug_kernel > /tmp/debug.log");
	return [&s, file] {
		auto ctl = s.obd();
		if (!ctl)
			return s.fail("debug_kernel", ctl.error().message);
		// Too small a buffer would lose the rest of the log.
		auto size_kb = read_text(s.dlog_size_path());
		auto log = ctl->debug_log(dk_buffer_size(size_kb ? *size_kb : ""), true);
		if (!log)
			return s.fail("debug_kernel", log.error().message);
		if (file->empty() || *file == "-") {
			s.out() << log->text;
		} else if (auto r = write_file(*file, log->text); !r) {
			return s.fail("debug_kernel", *file + ": " + r.error().message);
		}
		s.err() << util::print(util::Format::Text, [&](util::Printer &p) {
			print_dk_summary(p, count_lines(log->text), log->lost);
		});
		return exit_ok;
	};
}

struct EchoArgs {
	std::string op = "ping";
	std::string size = "1M";
	std::string count = "100";
	std::string concurrency = "1";
	std::string oid = "1";
	std::string offset = "0";
	bool verify = false;
	bool checksum = false;
	util::FormatOption format;
};

util::Result<EchoParams> echo_params(const EchoArgs &a)
{
	EchoParams p;
	p.op = a.op == "write" ? EchoOp::Write : a.op == "read" ? EchoOp::Read : EchoOp::Ping;
	auto size = parse_size(a.size, echo_max_size, "--size");
	if (!size)
		return size.error();
	if (p.op != EchoOp::Ping && *size == 0)
		return util::Error{EINVAL, "--size: write and read move 1 byte to 4M per RPC"};
	p.size = static_cast<std::uint32_t>(*size);
	auto count = parse_number(a.count, 1, UINT64_MAX, "--count");
	if (!count)
		return count.error();
	p.count = *count;
	auto conc = parse_number(a.concurrency, 1, echo_max_concurrency, "--concurrency");
	if (!conc)
		return conc.error();
	p.concurrency = static_cast<std::uint32_t>(*conc);
	auto oid = parse_number(a.oid, 0, UINT64_MAX, "--oid");
	if (!oid)
		return oid.error();
	p.oid = *oid;
	auto offset = parse_size(a.offset, UINT64_MAX, "--offset");
	if (!offset)
		return offset.error();
	p.offset = *offset;
	p.verify = a.verify;
	p.checksum = a.checksum;
	return p;
}

std::function<int()> declare_echo_test(CLI::App &app, Session &s)
{
	auto a = std::make_shared<EchoArgs>();
	app.add_option("--op", a->op, "ping (no bulk), write or read (default ping)")
	        ->check(CLI::IsMember({"ping", "write", "read"}))
	        ->type_name("OP");
	app.add_option("--size", a->size, "bulk bytes per RPC, K/M/G suffixes, at most 4M (default 1M)")
	        ->type_name("N[KMG]");
	app.add_option("--count", a->count, "RPCs to run (default 100)")->type_name("N");
	app.add_option("--concurrency", a->concurrency, "RPCs in flight, 1 to 256 (default 1)")
	        ->type_name("N");
	app.add_option("--oid", a->oid, "the object written or read (default 1)")->type_name("N");
	app.add_option("--offset", a->offset, "where in the object the first RPC's bulk goes (default 0)")
	        ->type_name("N[KMG]");
	app.add_flag("--verify", a->verify, "write a pattern of object and offset, or check it on read");
	app.add_flag("--checksum", a->checksum, "checksum the bulk");
	util::add_format_option(app, a->format, "the result");
	app.footer("Runs on the selected device, an echo_client set up against an echo target.\n"
	           "RPC i moves its bulk at offset + i * size.  Prints one line:\n"
	           "  echo_test: op write, 1000 RPCs (16 in flight), 1048576 bytes each: 1000 done,\n"
	           "  0 errors, 12.3 s, 81.3 MiB/s, 81.3 RPC/s, latency min/avg/max 1.0/12.0/45.0 ms\n"
	           "The exit status is 1 when an RPC failed; the first failure is reported.\n"
	           "Examples:\n"
	           "  lctl --device ec echo_test --op ping --count 10000 --concurrency 8\n"
	           "  lctl --device ec echo_test --op write --size 1M --count 1000 --concurrency 16");
	return [&s, a] {
		auto p = echo_params(*a);
		if (!p)
			return s.usage("echo_test", p.error().message);
		return with_device(s, "echo_test", [&](ObdCtl &ctl, const std::string &dev) {
			auto r = ctl.echo_test(dev, *p);
			if (!r)
				return s.fail("echo_test", r.error().message);
			s.out() << util::print(a->format.format(util::Format::Text),
			                       [&](util::Printer &out) { print_echo(out, dev, *p, *r); });
			if (r->errors == 0)
				return exit_ok;
			return s.fail(
			        "echo_test",
			        std::to_string(r->errors) + " of " + std::to_string(p->count) +
			                " RPCs failed, the first with: " +
			                (r->first_error ? std::strerror(r->first_error) : "unknown error"));
		});
	};
}

struct LockCmdArgs {
	LockArgs lock;
	util::FormatOption format;
};

std::function<int()> declare_echo_lock(CLI::App &app, Session &s)
{
	auto a = std::make_shared<LockCmdArgs>();
	app.add_option("--mode", a->lock.mode, "the lock mode: EX, PW, PR, CW or CR")
	        ->required()
	        ->type_name("MODE");
	app.add_option("--oid", a->lock.oid, "the object locked (default 1)")->type_name("N");
	app.add_option("--start", a->lock.start, "the extent's first byte, K/M/G suffixes (default 0)")
	        ->type_name("N[KMG]");
	app.add_option("--end", a->lock.end,
	               "the extent's last byte (included), or EOF for the end of the object (default EOF)")
	        ->type_name("N[KMG]|EOF");
	util::add_format_option(app, a->format, "the lock");
	app.footer("Takes an extent lock on an object through the selected device, an echo_client\n"
	           "set up against an echo target, and waits until the server grants it: as long\n"
	           "as the holder of a conflicting lock keeps that one.  Ctrl-C gives up (\"error:\n"
	           "echo_lock: interrupted\", exit status 1).  Prints one line:\n"
	           "  lock 0x1a2b3c PW [0, EOF] granted after 0.000250 s\n"
	           "the lock's cookie, its mode and the extent granted (the server may grow the\n"
	           "one asked for).  The device holds the lock until 'echo_unlock COOKIE' or its\n"
	           "cleanup.  --json and --yaml print cookie (a \"0x...\" string), mode,\n"
	           "granted_start, granted_end (18446744073709551615 for EOF) and wait_usec.\n"
	           "Examples:\n"
	           "  lctl --device ec echo_lock --mode PW --oid 5 --start 0 --end EOF\n"
	           "  lctl --device ec echo_lock --mode PR --oid 5 --start 1M --end 2097151 --json");
	return [&s, a] {
		auto p = lock_params(a->lock);
		if (!p)
			return s.usage("echo_lock", p.error().message);
		return with_device(s, "echo_lock", [&](ObdCtl &ctl, const std::string &dev) {
			auto g = [&] {
				InterruptibleBySigint interruptible; // Ctrl-C: EINTR
				return ctl.echo_lock(dev, *p);
			}();
			if (!g && g.error().code == EINTR)
				return s.fail("echo_lock", "interrupted");
			if (!g)
				return s.fail("echo_lock", g.error().message);
			s.out() << util::print(a->format.format(util::Format::Text),
			                       [&](util::Printer &p) { print_echo_lock(p, *g); });
			s.out().flush();
			return exit_ok;
		});
	};
}

std::function<int()> declare_echo_unlock(CLI::App &app, Session &s)
{
	auto cookie = std::make_shared<std::string>();
	app.add_option("cookie", *cookie, "the lock's cookie, as echo_lock printed it")
	        ->required()
	        ->type_name("COOKIE");
	app.footer("Releases a lock that echo_lock took through the selected device.  Prints\n"
	           "nothing when it is released.\n"
	           "Examples:\n"
	           "  lctl --device ec echo_unlock 0x1a2b3c");
	return [&s, cookie] {
		auto c = parse_cookie(*cookie);
		if (!c)
			return s.usage("echo_unlock", c.error().message);
		return with_device(s, "echo_unlock", [&](ObdCtl &ctl, const std::string &dev) {
			if (auto r = ctl.echo_unlock(dev, *c); !r)
				return s.fail("echo_unlock", r.error().message);
			return exit_ok;
		});
	};
}

} // namespace

void add_test_commands(std::vector<Command> &table)
{
	table.push_back({"debug_kernel", "dk", "copy out and clear the kernel debug log", declare_dk});
	table.push_back(
	        {"echo_test", nullptr, "RPC traffic through an echo_client device", declare_echo_test});
	table.push_back({"echo_lock", nullptr, "take an extent lock through an echo_client device",
	                 declare_echo_lock});
	table.push_back({"echo_unlock", nullptr, "release a lock that echo_lock took", declare_echo_unlock});
}

} // namespace lctl
