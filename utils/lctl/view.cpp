// SPDX-License-Identifier: GPL-2.0
#include "view.hpp"

#include <cstdio>
#include <cstring>

extern "C" {
#include <lnet/wire.h>
}

namespace lctl {

void print_devices(util::Printer &p, const std::vector<DeviceInfo> &devs)
{
	p.open_seq("devices");
	for (const auto &d : devs) {
		char index[16];
		std::snprintf(index, sizeof(index), "%3u", d.index);
		p.open_map();
		p.field("index", d.index, index);
		p.text(" ");
		p.field("status", d.state);
		p.text(" ");
		p.field("type", d.type);
		p.text(" ");
		p.field("name", d.name);
		p.text(" ");
		p.field("uuid", d.uuid);
		p.text(" ");
		p.field("refcount", d.refcount);
		p.text("\n");
		p.close();
	}
	p.close();
}

void print_ping(util::Printer &p, const std::vector<PingNid> &nids)
{
	p.open_seq("ping");
	for (const auto &n : nids) {
		const bool user = n.pid & LNET_PID_USERFLAG;
		const std::uint32_t pid = n.pid & ~LNET_PID_USERFLAG;
		p.open_map();
		p.text(user ? "U" : "");
		p.text(std::to_string(pid) + "-");
		p.field("nid", n.nid);
		p.tree("pid", pid);
		if (user)
			p.tree("user_space", true);
		p.text("\n");
		p.close();
	}
	p.close();
}

std::uint64_t count_lines(const std::string &text)
{
	std::uint64_t n = 0;
	for (char c : text)
		n += c == '\n';
	if (!text.empty() && text.back() != '\n')
		n++;
	return n;
}

void print_dk_summary(util::Printer &p, std::uint64_t kept, std::uint64_t dropped)
{
	p.open_map("debug_log");
	p.text("Debug log: ");
	p.field("lines", kept + dropped);
	p.text(" lines, ");
	p.field("kept", kept);
	p.text(" kept, ");
	p.field("dropped", dropped);
	p.text(" dropped.\n");
	p.close();
}

namespace {

std::string fixed(double v, int decimals)
{
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	return buf;
}

// One decimal from 1 up, three below (a 50 us RPC is 0.050 ms, not 0.0).
std::string short_time(double v)
{
	return fixed(v, v >= 1.0 ? 1 : 3);
}

std::string msec(std::uint64_t usec)
{
	return short_time(static_cast<double>(usec) / 1000.0);
}

double per_second(std::uint64_t n, std::uint64_t usec)
{
	return usec ? static_cast<double>(n) * 1e6 / static_cast<double>(usec) : 0.0;
}

std::uint32_t bulk_size(const EchoParams &p)
{
	return p.op == EchoOp::Ping ? 0 : p.size;
}

} // namespace

void print_echo(util::Printer &p, const std::string &device, const EchoParams &params, const EchoResult &r)
{
	const double bytes_per_s = per_second(r.bytes, r.usec);
	const double rpcs_per_s = per_second(r.done, r.usec);
	const double mib_per_s = bytes_per_s / (1 << 20);

	p.open_map("echo_test");
	p.text("echo_test: ");
	p.tree("device", device);
	p.text("op ");
	p.field("op", echo_op_name(params.op));
	p.text(", ");
	p.field("count", params.count);
	p.text(" RPCs (");
	p.field("concurrency", params.concurrency);
	p.text(" in flight), ");
	p.field("size", bulk_size(params));
	p.text(" bytes each: ");
	p.tree("oid", params.oid);
	p.tree("offset", params.offset);
	p.tree("verify", params.verify);
	p.tree("checksum", params.checksum);
	p.field("done", r.done);
	p.text(" done, ");
	p.field("errors", r.errors);
	p.text(" errors, ");
	if (r.errors)
		p.tree("first_error", r.first_error ? std::strerror(r.first_error) : "unknown");
	p.tree("bytes", r.bytes);
	p.field("elapsed_us", r.usec, short_time(static_cast<double>(r.usec) / 1e6) + " s, ");
	p.tree("bytes_per_s", static_cast<std::uint64_t>(bytes_per_s));
	p.field("MiB_per_s", static_cast<std::uint64_t>(mib_per_s), fixed(mib_per_s, 1) + " MiB/s, ");
	p.field("rpcs_per_s", static_cast<std::uint64_t>(rpcs_per_s), fixed(rpcs_per_s, 1) + " RPC/s, ");
	p.open_map("latency_us");
	p.text("latency min/avg/max ");
	p.field("min", r.lat_min_us, msec(r.lat_min_us) + "/");
	p.field("avg", r.lat_avg_us, msec(r.lat_avg_us) + "/");
	p.field("max", r.lat_max_us, msec(r.lat_max_us) + " ms\n");
	p.close();
	p.close();
}

std::string cookie_text(std::uint64_t cookie)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(cookie));
	return buf;
}

void print_echo_lock(util::Printer &p, const LockGrant &g)
{
	const double s = static_cast<double>(g.wait_usec) / 1e6;
	const int decimals = s >= 1.0 ? 1 : g.wait_usec >= 1000 ? 3 : 6;

	p.text("lock ");
	p.field("cookie", cookie_text(g.cookie));
	p.text(" ");
	p.field("mode", lock_mode_name(g.mode));
	p.text(" [");
	p.field("granted_start", g.start);
	p.text(", ");
	p.field("granted_end", g.end, g.end == extent_eof ? "EOF" : std::to_string(g.end));
	p.text("] granted after ");
	p.field("wait_usec", g.wait_usec, fixed(s, decimals) + " s\n");
}

} // namespace lctl
