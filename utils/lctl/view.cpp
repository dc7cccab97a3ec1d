// SPDX-License-Identifier: GPL-2.0
#include "view.hpp"

#include <cstdio>
#include <cstring>

namespace lctl {

using util::Value;

std::string dl_line(const DeviceInfo &d)
{
	char head[16];
	std::snprintf(head, sizeof(head), "%3u ", d.index);
	return head + d.state + " " + d.type + " " + d.name + " " + d.uuid + " " + std::to_string(d.refcount);
}

Value dl_view(const std::vector<DeviceInfo> &devs)
{
	Value list = Value::seq();
	for (const auto &d : devs) {
		Value v = Value::map();
		v.add("index", d.index);
		v.add("status", d.state);
		v.add("type", d.type);
		v.add("name", d.name);
		v.add("uuid", d.uuid);
		v.add("refcount", d.refcount);
		list.push(std::move(v));
	}
	Value root = Value::map();
	root.add("devices", std::move(list));
	return root;
}

std::string ping_line(std::uint32_t pid, const std::string &nid)
{
	constexpr std::uint32_t userflag = 0x80000000U; // LNET_PID_USERFLAG
	if (pid & userflag)
		return "U" + std::to_string(pid & ~userflag) + "-" + nid;
	return std::to_string(pid) + "-" + nid;
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

std::string dk_summary(std::uint64_t kept, std::uint64_t dropped)
{
	return "Debug log: " + std::to_string(kept + dropped) + " lines, " + std::to_string(kept) +
	       " kept, " + std::to_string(dropped) + " dropped.";
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

double per_second(std::uint64_t n, std::uint64_t usec)
{
	return usec ? static_cast<double>(n) * 1e6 / static_cast<double>(usec) : 0.0;
}

std::uint32_t bulk_size(const EchoParams &p)
{
	return p.op == EchoOp::Ping ? 0 : p.size;
}

} // namespace

std::string echo_line(const EchoParams &p, const EchoResult &r)
{
	const double ms = 1000.0;
	return std::string("echo_test: op ") + echo_op_name(p.op) + ", " + std::to_string(p.count) +
	       " RPCs (" + std::to_string(p.concurrency) + " in flight), " + std::to_string(bulk_size(p)) +
	       " bytes each: " + std::to_string(r.done) + " done, " + std::to_string(r.errors) + " errors, " +
	       short_time(static_cast<double>(r.usec) / 1e6) + " s, " +
	       fixed(per_second(r.bytes, r.usec) / (1 << 20), 1) + " MiB/s, " +
	       fixed(per_second(r.done, r.usec), 1) + " RPC/s, latency min/avg/max " +
	       short_time(static_cast<double>(r.lat_min_us) / ms) + "/" +
	       short_time(static_cast<double>(r.lat_avg_us) / ms) + "/" +
	       short_time(static_cast<double>(r.lat_max_us) / ms) + " ms";
}

Value echo_view(const std::string &device, const EchoParams &p, const EchoResult &r)
{
	Value lat = Value::map();
	lat.add("min", r.lat_min_us);
	lat.add("avg", r.lat_avg_us);
	lat.add("max", r.lat_max_us);

	Value v = Value::map();
	v.add("device", device);
	v.add("op", echo_op_name(p.op));
	v.add("count", p.count);
	v.add("concurrency", p.concurrency);
	v.add("size", bulk_size(p));
	v.add("oid", p.oid);
	v.add("offset", p.offset);
	v.add("verify", p.verify);
	v.add("checksum", p.checksum);
	v.add("done", r.done);
	v.add("errors", r.errors);
	if (r.errors)
		v.add("first_error", r.first_error ? std::strerror(r.first_error) : "unknown");
	v.add("bytes", r.bytes);
	v.add("elapsed_us", r.usec);
	v.add("bytes_per_s", static_cast<std::uint64_t>(per_second(r.bytes, r.usec)));
	v.add("MiB_per_s", static_cast<std::uint64_t>(per_second(r.bytes, r.usec) / (1 << 20)));
	v.add("rpcs_per_s", static_cast<std::uint64_t>(per_second(r.done, r.usec)));
	v.add("latency_us", std::move(lat));
	Value root = Value::map();
	root.add("echo_test", std::move(v));
	return root;
}

std::string cookie_text(std::uint64_t cookie)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(cookie));
	return buf;
}

std::string echo_lock_line(const LockGrant &g)
{
	const double s = static_cast<double>(g.wait_usec) / 1e6;
	const int decimals = s >= 1.0 ? 1 : g.wait_usec >= 1000 ? 3 : 6;
	const std::string end = g.end == extent_eof ? "EOF" : std::to_string(g.end);
	return "lock " + cookie_text(g.cookie) + " " + lock_mode_name(g.mode) + " [" +
	       std::to_string(g.start) + ", " + end + "] granted after " + fixed(s, decimals) + " s";
}

Value echo_lock_view(const LockGrant &g)
{
	Value v = Value::map();
	v.add("cookie", cookie_text(g.cookie));
	v.add("mode", lock_mode_name(g.mode));
	v.add("granted_start", g.start);
	v.add("granted_end", g.end);
	v.add("wait_usec", g.wait_usec);
	return v;
}

} // namespace lctl
