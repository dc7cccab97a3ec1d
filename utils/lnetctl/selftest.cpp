// SPDX-License-Identifier: GPL-2.0
#include "selftest.hpp"

#include <cerrno>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <linux/lnet_selftest_genl.h>

#include "util/attr.hpp"
#include "util/genl.hpp"
#include "util/print.hpp"

namespace lnetctl {

using util::Error;
using util::Result;

Result<std::uint32_t> parse_size(const std::string &text)
{
	std::size_t pos = 0;
	unsigned long long n;
	try {
		n = std::stoull(text, &pos, 10);
	} catch (const std::exception &) {
		return Error{EINVAL,
		             "size \"" + text + "\": expected a number of bytes, like 4096, 64k or 1M"};
	}
	std::string unit = text.substr(pos);
	if (unit == "k" || unit == "K")
		n <<= 10;
	else if (unit == "m" || unit == "M")
		n <<= 20;
	else if (!unit.empty() || text[0] == '-')
		return Error{EINVAL,
		             "size \"" + text + "\": expected a number of bytes, like 4096, 64k or 1M"};
	if (n > (1U << 20))
		return Error{ERANGE, "size \"" + text + "\": at most 1M (LNet's largest message)"};
	return static_cast<std::uint32_t>(n);
}

Result<SelftestResult> selftest_run(const SelftestParams &p)
{
	auto sk = util::GenlSocket::open(LST_GENL_NAME, LST_GENL_VERSION);
	if (!sk && sk.error().code == ENOENT)
		return Error{
		        ENOENT,
		        "LNet self-test is not loaded (modprobe lnet_selftest, on every node taking part)"};
	if (!sk)
		return sk.error();
	auto req = sk.value().request(LST_CMD_RUN);
	req.put_string(LST_A_NID, p.nid);
	req.put_u8(LST_A_OP, p.op == "get" ? LST_OP_GET : LST_OP_PUT);
	req.put_u32(LST_A_SIZE, p.size);
	req.put_u32(LST_A_CONCURRENCY, p.concurrency);
	req.put_u32(LST_A_DURATION_MS, p.duration_ms);

	SelftestResult res;
	util::Policy policy(LST_A_MAX);
	for (int a : {LST_A_OPS, LST_A_ERRORS, LST_A_BYTES, LST_A_ELAPSED_NS, LST_A_LAT_MIN_NS,
	              LST_A_LAT_AVG_NS, LST_A_LAT_MAX_NS})
		policy.set(a, NLA_U64);
	auto r = sk.value().call(req, [&](const nlmsghdr *h) -> Result<void> {
		auto a = util::Attrs::parse(h, policy);
		if (!a)
			return a.error();
		const auto &t = a.value();
		res.ops = t.u64(LST_A_OPS).value_or(0);
		res.errors = t.u64(LST_A_ERRORS).value_or(0);
		res.bytes = t.u64(LST_A_BYTES).value_or(0);
		res.elapsed_ns = t.u64(LST_A_ELAPSED_NS).value_or(0);
		res.lat_min_ns = t.u64(LST_A_LAT_MIN_NS).value_or(0);
		res.lat_avg_ns = t.u64(LST_A_LAT_AVG_NS).value_or(0);
		res.lat_max_ns = t.u64(LST_A_LAT_MAX_NS).value_or(0);
		return {};
	});
	if (!r)
		return r.error();
	return res;
}

util::Value selftest_view(const SelftestParams &p, const SelftestResult &r)
{
	const std::uint64_t ns = r.elapsed_ns ? r.elapsed_ns : 1;
	util::Value lat = util::Value::map();
	lat.add("min", r.lat_min_ns / 1000);
	lat.add("avg", r.lat_avg_ns / 1000);
	lat.add("max", r.lat_max_ns / 1000);

	util::Value v = util::Value::map();
	v.add("nid", p.nid);
	v.add("op", p.op);
	v.add("size", p.size);
	v.add("concurrency", p.concurrency);
	v.add("elapsed_ms", r.elapsed_ns / 1000000);
	v.add("operations", r.ops);
	v.add("errors", r.errors);
	v.add("ops_per_s",
	      static_cast<std::uint64_t>(static_cast<double>(r.ops) * 1e9 / static_cast<double>(ns)));
	v.add("bytes_per_s",
	      static_cast<std::uint64_t>(static_cast<double>(r.bytes) * 1e9 / static_cast<double>(ns)));
	v.add("MiB_per_s", static_cast<std::uint64_t>(static_cast<double>(r.bytes) * 1e9 /
	                                              static_cast<double>(ns) / (1 << 20)));
	v.add("latency_us", std::move(lat));
	util::Value root = util::Value::map();
	root.add("selftest", std::move(v));
	return root;
}

std::function<std::optional<int>()> add_selftest_command(CLI::App &app, const bool &json)
{
	auto params = std::make_shared<SelftestParams>();
	auto size_text = std::make_shared<std::string>("1M");
	auto seconds = std::make_shared<double>(10.0);
	auto *st = app.add_subcommand("selftest", "LNet self-test: timed PUT or GET traffic to one node");
	st->add_option("--nid", params->nid, "the target node's NID (it must have lnet_selftest loaded)")
	        ->required();
	st->add_option("--op", params->op, "put (write to the target) or get (read from it)")
	        ->check(CLI::IsMember({"put", "get"}));
	st->add_option("--size", *size_text, "bytes per operation: 0 to 1M (k and M suffixes)");
	st->add_option("--concurrency", params->concurrency, "operations in flight (1-64)")
	        ->check(CLI::Range(1, 64));
	st->add_option("--seconds", *seconds, "how long to run (0.1-600)")->check(CLI::Range(0.1, 600.0));
	st->footer("Every node taking part runs \"modprobe lnet_selftest\" first (LNet configured).\n"
	           "Each operation is a round trip: a PUT and its ACK, or a GET and its REPLY.\n"
	           "Examples:\n"
	           "  lnetctl selftest --nid 10.0.0.2@tcp --op put --size 1M --concurrency 8\n"
	           "  lnetctl selftest --nid 10.0.0.2@tcp --size 0 --concurrency 1   (latency)");
	return [=, &json]() -> std::optional<int> {
		if (!st->parsed())
			return std::nullopt;
		auto size = parse_size(*size_text);
		if (!size) {
			std::cerr << "lnetctl selftest: " << size.error().message << "\n";
			return 1;
		}
		params->size = size.value();
		params->duration_ms = static_cast<std::uint32_t>(*seconds * 1000);
		auto r = selftest_run(*params);
		if (!r) {
			std::cerr << "lnetctl selftest: " << r.error().message << "\n";
			return 1;
		}
		std::cout << util::render(selftest_view(*params, r.value()),
		                          json ? util::Format::Json : util::Format::Yaml);
		return 0;
	};
}

} // namespace lnetctl
