// SPDX-License-Identifier: GPL-2.0
#include "stat.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>
#include <tuple>

#include "view.hpp"

namespace lst {

using util::Result;

std::optional<Rates> node_rates(const Stat &b, const Stat &a)
{
	if (a.running_ms <= b.running_ms)
		return std::nullopt;
	double s = (a.running_ms - b.running_ms) / 1000.0;
	Rates r;
	r.rpc_r = static_cast<std::uint32_t>(a.recv_count - b.recv_count) / s;
	r.rpc_w = static_cast<std::uint32_t>(a.send_count - b.send_count) / s;
	r.mib_r = static_cast<double>(a.recv_length - b.recv_length) / s / (1 << 20);
	r.mib_w = static_cast<double>(a.send_length - b.send_length) / s / (1 << 20);
	return r;
}

StatShow StatShow::resolved() const
{
	StatShow s = *this;
	if (!s.rate && !s.bw)
		s.rate = s.bw = true;
	if (!s.read && !s.write)
		s.read = s.write = true;
	if (!s.avg && !s.min && !s.max)
		s.avg = s.min = s.max = true;
	return s;
}

namespace {

void line(std::ostream &os, const char *rw, const std::vector<double> &v, bool bw,
          const StatShow &show)
{
	double sum = 0, lo = v.empty() ? 0 : v[0], hi = lo;
	for (double x : v) {
		sum += x;
		lo = std::min(lo, x);
		hi = std::max(hi, x);
	}
	double avg = v.empty() ? 0 : sum / static_cast<double>(v.size());
	const char *fmt = bw ? "%s: %-8.2f %s " : "%s: %-8.0f %s ";
	const char *unit = bw ? "MiB/s" : "RPC/s";
	std::string out = std::string("[") + rw + "] ";
	char buf[64];
	for (auto [on, name, x] : {std::tuple{show.avg, "Avg", avg}, std::tuple{show.min, "Min", lo},
	                           std::tuple{show.max, "Max", hi}}) {
		if (!on)
			continue;
		std::snprintf(buf, sizeof(buf), fmt, name, x, unit);
		out += buf;
	}
	out.pop_back();
	os << out << "\n";
}

} // namespace

void print_group_stat(std::ostream &os, const std::string &group, const std::vector<Rates> &rates,
                      const std::vector<Node> &now, const StatShow &show)
{
	std::vector<double> rr, rw, br, bwr;
	for (const Rates &r : rates) {
		rr.push_back(r.rpc_r);
		rw.push_back(r.rpc_w);
		br.push_back(r.mib_r);
		bwr.push_back(r.mib_w);
	}
	if (show.rate) {
		os << "[LNet Rates of " << group << "]\n";
		if (show.read)
			line(os, "R", rr, false, show);
		if (show.write)
			line(os, "W", rw, false, show);
	}
	if (show.bw) {
		os << "[LNet Bandwidth of " << group << "]\n";
		if (show.read)
			line(os, "R", br, true, show);
		if (show.write)
			line(os, "W", bwr, true, show);
	}

	Stat t;
	unsigned int answered = 0;
	for (const Node &n : now) {
		if (!n.stat)
			continue;
		answered++;
		t.rpcs_sent += n.stat->rpcs_sent;
		t.rpcs_rcvd += n.stat->rpcs_rcvd;
		t.rpcs_dropped += n.stat->rpcs_dropped;
		t.rpcs_expired += n.stat->rpcs_expired;
		t.rpc_errors += n.stat->rpc_errors;
		t.brw_errors += n.stat->brw_errors;
		t.ping_errors += n.stat->ping_errors;
		t.bulk_get += n.stat->bulk_get;
		t.bulk_put += n.stat->bulk_put;
	}
	os << "[RPCs of " << group << "] sent: " << t.rpcs_sent << " received: " << t.rpcs_rcvd
	   << " bulk get: " << t.bulk_get << " bulk put: " << t.bulk_put << " (" << answered << "/"
	   << now.size() << " nodes)\n";
	os << "[Errors of " << group << "] rpc: " << t.rpc_errors << " dropped: " << t.rpcs_dropped
	   << " expired: " << t.rpcs_expired << " brw: " << t.brw_errors << " ping: " << t.ping_errors
	   << "\n";
	for (const Node &n : now)
		if (!n.stat)
			os << n.nid << ": no counters (" << state_name(n.state) << ")\n";
}

Result<bool> stat_loop(std::ostream &os, Console &c, const std::vector<std::string> &groups,
                       int count, std::chrono::duration<double> delay, const StatShow &show)
{
	const StatShow what = show.resolved();
	std::map<std::string, std::vector<Node>> before;
	for (const std::string &g : groups) {
		auto r = c.stat(g);
		if (!r)
			return r.error();
		before[g] = std::move(r->nodes);
	}
	for (int i = 0; count < 0 || i < count; i++) {
		std::this_thread::sleep_for(delay);
		for (const std::string &g : groups) {
			auto r = c.stat(g);
			if (!r)
				return r.error();
			std::vector<Rates> rates;
			for (const Node &n : r->nodes) {
				for (const Node &p : before[g]) {
					if (p.nid != n.nid || !p.stat || !n.stat)
						continue;
					if (auto nr = node_rates(*p.stat, *n.stat))
						rates.push_back(*nr);
				}
			}
			print_group_stat(os, g, rates, r->nodes, what);
			before[g] = std::move(r->nodes);
		}
		os.flush();
	}
	return true;
}

} // namespace lst
