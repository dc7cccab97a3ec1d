// SPDX-License-Identifier: GPL-2.0
// debug_kernel (dk), echo_test, echo_lock and echo_unlock: the kernel debug
// log, and RPC traffic and extent locks through an echo_client device.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/lustre/lustre_ioctl.h>
#include <memory>

#include <CLI/CLI.hpp>

#include "util/fd.hpp"
#include "param.hpp"
#include "parse.hpp"
#include "session.hpp"
#include "util/format_option.hpp"
#include "view.hpp"

namespace lctl {

using util::Fd;

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
	std::string cksum_type;
	bool fail_cksum = false;
};

// Lustre's checksum names (osc's checksum_type) and their OBD_CKSUM_* bits.
struct CksumName {
	const char *name;
	std::uint32_t bit;
};
constexpr CksumName cksum_names[] = {{"crc32", 0x1},     {"adler", 0x2},     {"crc32c", 0x4},
                                     {"t10ip512", 0x10}, {"t10ip4K", 0x20},  {"t10crc512", 0x40},
                                     {"t10crc4K", 0x80}};

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
	auto oid = parse_number(a.oid, 1, UINT64_MAX, "--oid");
	if (!oid)
		return oid.error();
	p.oid = *oid;
	auto offset = parse_size(a.offset, UINT64_MAX, "--offset");
	if (!offset)
		return offset.error();
	p.offset = *offset;
	p.verify = a.verify;
	p.checksum = a.checksum || !a.cksum_type.empty() || a.fail_cksum;
	for (const auto &c : cksum_names)
		if (a.cksum_type == c.name)
			p.cksum_type = c.bit;
	if (!a.cksum_type.empty() && !p.cksum_type)
		return util::Error{EINVAL, "--checksum-type: one of crc32, adler, crc32c, t10ip512, t10ip4K, "
		                   "t10crc512, t10crc4K"};
	p.fail_cksum = a.fail_cksum;
	if (p.fail_cksum && p.op != EchoOp::Write)
		return util::Error{EINVAL, "--fail-checksum: only for --op write"};
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
	app.add_flag("--checksum", a->checksum, "checksum the bulk (the best algorithm the connect granted)");
	app.add_option("--checksum-type", a->cksum_type,
	               "checksum the bulk with this algorithm: crc32, adler, crc32c, t10ip512, "
	               "t10ip4K, t10crc512 or t10crc4K (as osc's "
	               "checksum_type; the connect must have granted it)")
	        ->type_name("TYPE");
	app.add_flag("--fail-checksum", a->fail_cksum,
	             "fault injection: send each write first with a wrong checksum (the server "
	             "answers EAGAIN, the write is resent)");
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

// OBD_MD_* bits of an echo object's attributes (Lustre's o_valid).
constexpr std::uint64_t md_size = 0x10, md_blocks = 0x20, md_mtime = 0x4, md_atime = 0x2, md_ctime = 0x8,
                        md_mode = 0x80, md_uid = 0x200, md_gid = 0x400;
constexpr std::uint64_t echo_oid_max = 0xffffffffULL; // echo FIDs' 32-bit object numbers

// An object id: decimal, or hexadecimal with 0x.
util::Result<std::uint64_t> parse_oid(const std::string &text, const char *what)
{
	if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		auto v = parse_cookie(text);
		if (!v || *v > echo_oid_max)
			return util::Error{EINVAL, std::string(what) + ": an object id, 1 to 0xffffffff"};
		return *v;
	}
	return parse_number(text, 1, echo_oid_max, what);
}

std::string hex(std::uint64_t v)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "%#llx", static_cast<unsigned long long>(v));
	return buf;
}

std::function<int()> declare_create(CLI::App &app, Session &s)
{
	auto count = std::make_shared<std::string>("1");
	app.add_option("count", *count, "objects to create (default 1)")->type_name("N");
	app.footer("Creates objects on the echo target of the selected echo_client device\n"
	           "(OST_CREATE), one line each:\n"
	           "  create: #1 is object id 0x10000001\n"
	           "Examples:\n"
	           "  lctl --device ec create 1");
	return [&s, count] {
		auto n = parse_number(*count, 1, 1U << 20, "count");
		if (!n)
			return s.usage("create", n.error().message);
		return with_device(s, "create", [&](ObdCtl &ctl, const std::string &dev) {
			for (std::uint64_t i = 0; i < *n; i++) {
				EchoObject o;
				o.mode = 0644;
				if (auto r = ctl.echo_md(dev, EchoMdCmd::Create, o); !r)
					return s.fail("create", r.error().message);
				s.out() << "create: #" << i + 1 << " is object id " << hex(o.oid) << "\n";
			}
			return exit_ok;
		});
	};
}

std::function<int()> declare_destroy(CLI::App &app, Session &s)
{
	auto oid = std::make_shared<std::string>();
	auto count = std::make_shared<std::string>("1");
	app.add_option("objid", *oid, "the first object destroyed")->required()->type_name("OID");
	app.add_option("count", *count, "objects objid, objid + 1, ... to destroy (default 1)")
	        ->type_name("N");
	app.footer("Destroys objects of the echo target (OST_DESTROY); one that does not exist\n"
	           "fails with \"No such file or directory\".\n"
	           "Examples:\n"
	           "  lctl --device ec destroy 0x10000001");
	return [&s, oid, count] {
		auto id = parse_oid(*oid, "objid");
		if (!id)
			return s.usage("destroy", id.error().message);
		auto n = parse_number(*count, 1, echo_oid_max - *id + 1, "count");
		if (!n)
			return s.usage("destroy", n.error().message);
		return with_device(s, "destroy", [&](ObdCtl &ctl, const std::string &dev) {
			for (std::uint64_t i = 0; i < *n; i++) {
				EchoObject o;
				o.oid = *id + i;
				if (auto r = ctl.echo_md(dev, EchoMdCmd::Destroy, o); !r)
					return s.fail("destroy", hex(*id + i) + ": " + r.error().message);
				s.out() << "destroy: object " << hex(*id + i) << "\n";
			}
			return exit_ok;
		});
	};
}

std::string object_line(const EchoObject &o)
{
	char mode[16];
	std::snprintf(mode, sizeof(mode), "%#o", o.mode);
	return "object " + hex(o.oid) + ": size " + std::to_string(o.size) + " blocks " +
	       std::to_string(o.blocks) + " mode " + mode + " uid " + std::to_string(o.uid) + " gid " +
	       std::to_string(o.gid) + " mtime " + std::to_string(o.mtime) + " atime " +
	       std::to_string(o.atime) + " ctime " + std::to_string(o.ctime);
}

std::function<int()> declare_getattr(CLI::App &app, Session &s)
{
	auto oid = std::make_shared<std::string>();
	app.add_option("objid", *oid, "the object")->required()->type_name("OID");
	app.footer("Prints an object's attributes (OST_GETATTR):\n"
	           "  object 0x10000001: size 0 blocks 0 mode 0100644 uid 0 gid 0 mtime ... atime ...\n"
	           "  ctime ...\n"
	           "Examples:\n"
	           "  lctl --device ec getattr 0x10000001");
	return [&s, oid] {
		auto id = parse_oid(*oid, "objid");
		if (!id)
			return s.usage("getattr", id.error().message);
		return with_device(s, "getattr", [&](ObdCtl &ctl, const std::string &dev) {
			EchoObject o;
			o.oid = *id;
			if (auto r = ctl.echo_md(dev, EchoMdCmd::Getattr, o); !r)
				return s.fail("getattr", hex(*id) + ": " + r.error().message);
			s.out() << object_line(o) << "\n";
			return exit_ok;
		});
	};
}

struct SetattrArgs {
	std::string oid, mode, size, uid, gid, mtime, atime, ctime;
};

std::function<int()> declare_setattr(CLI::App &app, Session &s)
{
	auto a = std::make_shared<SetattrArgs>();
	app.add_option("objid", a->oid, "the object")->required()->type_name("OID");
	app.add_option("mode", a->mode, "permission bits, octal (as Lustre's setattr)")->type_name("MODE");
	app.add_option("--size", a->size, "the object's size, K/M/G suffixes")->type_name("N[KMG]");
	app.add_option("--uid", a->uid, "owner")->type_name("N");
	app.add_option("--gid", a->gid, "group")->type_name("N");
	app.add_option("--mtime", a->mtime, "modification time, seconds since the epoch")->type_name("N");
	app.add_option("--atime", a->atime, "access time")->type_name("N");
	app.add_option("--ctime", a->ctime, "change time")->type_name("N");
	app.footer("Sets attributes of an object (OST_SETATTR) and prints them as getattr does.\n"
	           "Examples:\n"
	           "  lctl --device ec setattr 0x10000001 0600\n"
	           "  lctl --device ec setattr 0x10000001 --size 1M --uid 500 --mtime 1700000000");
	return [&s, a] {
		auto id = parse_oid(a->oid, "objid");
		if (!id)
			return s.usage("setattr", id.error().message);
		EchoObject o;
		o.oid = *id;
		if (!a->mode.empty()) {
			char *end = nullptr;
			errno = 0;
			unsigned long m = std::strtoul(a->mode.c_str(), &end, 8);
			if (errno || *end || m > 07777)
				return s.usage("setattr", "mode: octal permission bits, at most 07777");
			o.mode = static_cast<std::uint32_t>(m);
			o.valid |= md_mode;
		}
		struct Num {
			const std::string &text;
			std::uint64_t bit;
			std::uint64_t max;
			const char *what;
		};
		const Num nums[] = {{a->size, md_size, 16ULL << 40, "--size"},
		                    {a->uid, md_uid, UINT32_MAX, "--uid"},
		                    {a->gid, md_gid, UINT32_MAX, "--gid"},
		                    {a->mtime, md_mtime, INT64_MAX, "--mtime"},
		                    {a->atime, md_atime, INT64_MAX, "--atime"},
		                    {a->ctime, md_ctime, INT64_MAX, "--ctime"}};
		for (const auto &n : nums) {
			if (n.text.empty())
				continue;
			auto v = n.bit == md_size ? parse_size(n.text, n.max, n.what)
			                          : parse_number(n.text, 0, n.max, n.what);
			if (!v)
				return s.usage("setattr", v.error().message);
			o.valid |= n.bit;
			if (n.bit == md_size)
				o.size = *v;
			else if (n.bit == md_uid)
				o.uid = static_cast<std::uint32_t>(*v);
			else if (n.bit == md_gid)
				o.gid = static_cast<std::uint32_t>(*v);
			else if (n.bit == md_mtime)
				o.mtime = static_cast<std::int64_t>(*v);
			else if (n.bit == md_atime)
				o.atime = static_cast<std::int64_t>(*v);
			else
				o.ctime = static_cast<std::int64_t>(*v);
		}
		if (!o.valid)
			return s.usage("setattr", "nothing to set: give a mode or an option");
		return with_device(s, "setattr", [&](ObdCtl &ctl, const std::string &dev) {
			if (auto r = ctl.echo_md(dev, EchoMdCmd::Setattr, o); !r)
				return s.fail("setattr", hex(*id) + ": " + r.error().message);
			s.out() << object_line(o) << "\n";
			return exit_ok;
		});
	};
}

std::function<int()> declare_test_getattr(CLI::App &app, Session &s)
{
	auto count = std::make_shared<std::string>();
	auto verbose = std::make_shared<std::string>("0");
	auto oid = std::make_shared<std::string>();
	app.add_option("count", *count, "getattr RPCs to run")->required()->type_name("N");
	app.add_option("verbose", *verbose, "accepted for Lustre's scripts")->type_name("V");
	app.add_option("objid", *oid, "the object (default: create one, destroy it after)")->type_name("OID");
	app.footer("Runs COUNT OST_GETATTR RPCs on one object and prints their rate:\n"
	           "  test_getattr: 100 getattrs in 0.5 s (200 RPC/s)\n"
	           "Examples:\n"
	           "  lctl --device ec test_getattr 100");
	return [&s, count, oid] {
		auto n = parse_number(*count, 1, UINT32_MAX, "count");
		if (!n)
			return s.usage("test_getattr", n.error().message);
		std::uint64_t id = 0;
		if (!oid->empty()) {
			auto v = parse_oid(*oid, "objid");
			if (!v)
				return s.usage("test_getattr", v.error().message);
			id = *v;
		}
		return with_device(s, "test_getattr", [&](ObdCtl &ctl, const std::string &dev) {
			EchoObject o;
			bool made = !id;
			if (made) {
				o.mode = 0644;
				if (auto r = ctl.echo_md(dev, EchoMdCmd::Create, o); !r)
					return s.fail("test_getattr", "create: " + r.error().message);
				id = o.oid;
			}
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			int rc = exit_ok;
			for (std::uint64_t i = 0; i < *n && rc == exit_ok; i++) {
				o = EchoObject{};
				o.oid = id;
				if (auto r = ctl.echo_md(dev, EchoMdCmd::Getattr, o); !r)
					rc = s.fail("test_getattr", hex(id) + ": " + r.error().message);
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (made) {
				o = EchoObject{};
				o.oid = id;
				(void)ctl.echo_md(dev, EchoMdCmd::Destroy, o);
			}
			if (rc != exit_ok)
				return rc;
			double secs = static_cast<double>(t1.tv_sec - t0.tv_sec) +
			              static_cast<double>(t1.tv_nsec - t0.tv_nsec) / 1e9;
			char line[128];
			std::snprintf(line, sizeof(line),
			              "test_getattr: %llu getattrs in %.3f s (%.0f RPC/s)",
			              static_cast<unsigned long long>(*n), secs,
			              secs > 0 ? static_cast<double>(*n) / secs : 0.0);
			s.out() << line << "\n";
			return exit_ok;
		});
	};
}

std::function<int()> declare_echo_statfs(CLI::App &app, Session &s)
{
	app.footer("Asks the echo target for its space and objects (OST_STATFS, on the create\n"
	           "portal as Lustre's osc sends it) and prints one line:\n"
	           "  statfs: bsize 4096 blocks N bfree N bavail N files N ffree N namelen 255\n"
	           "  maxbytes N\n"
	           "Examples:\n"
	           "  lctl --device ec echo_statfs");
	return [&s] {
		return with_device(s, "echo_statfs", [&](ObdCtl &ctl, const std::string &dev) {
			auto r = ctl.echo_statfs(dev);
			if (!r)
				return s.fail("echo_statfs", r.error().message);
			s.out() << "statfs: bsize " << r->bsize << " blocks " << r->blocks << " bfree "
			        << r->bfree << " bavail " << r->bavail << " files " << r->files << " ffree "
			        << r->ffree << " namelen " << r->namelen << " maxbytes " << r->maxbytes
			        << "\n";
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
	table.push_back({"create", nullptr, "create objects through an echo_client device", declare_create});
	table.push_back(
	        {"destroy", nullptr, "destroy objects through an echo_client device", declare_destroy});
	table.push_back({"getattr", nullptr, "print an echo object's attributes", declare_getattr});
	table.push_back({"setattr", nullptr, "set an echo object's attributes", declare_setattr});
	table.push_back(
	        {"test_getattr", nullptr, "run getattr RPCs on an echo object", declare_test_getattr});
	table.push_back({"echo_statfs", nullptr, "statfs of the echo target", declare_echo_statfs});
}

} // namespace lctl
