// SPDX-License-Identifier: GPL-2.0
// The decisions of 'lnetctl import' (import.hpp).
#include "import.hpp"

#include <algorithm>

namespace lnetctl {

namespace {

// The NIs of `net` in the dump, in order.
std::vector<const NiInfo *> nis_of(const std::vector<NiInfo> &running, const std::string &net)
{
	std::vector<const NiInfo *> out;
	for (const auto &ni : running)
		if (ni.net == net)
			out.push_back(&ni);
	return out;
}

std::string join(std::vector<std::string> list)
{
	std::string out;
	for (const auto &s : list)
		out += (out.empty() ? "" : ",") + s;
	return out.empty() ? "its default interface" : out;
}

} // namespace

std::vector<ImportStep> import_steps(const LnetConf &conf, const std::vector<NiInfo> &running, bool del)
{
	std::vector<ImportStep> steps;
	for (const auto &net : conf.nets) {
		auto nis = nis_of(running, net.net);
		if (del) {
			if (nis.empty())
				steps.push_back({ImportStep::Kind::Skip, &net,
				                 "net " + net.net + " is not configured; skipped"});
			else
				steps.push_back({ImportStep::Kind::Del, &net, {}});
			continue;
		}
		if (nis.empty()) {
			steps.push_back({ImportStep::Kind::Add, &net, {}});
			continue;
		}
		std::vector<std::string> have;
		for (const NiInfo *ni : nis)
			have.insert(have.end(), ni->ifaces.begin(), ni->ifaces.end());
		std::vector<std::string> want = net.ifaces;
		std::sort(have.begin(), have.end());
		std::sort(want.begin(), want.end());
		if (want.empty() || want == have)
			steps.push_back({ImportStep::Kind::Skip, &net,
			                 "net " + net.net + " is already configured; skipped"});
		else
			steps.push_back(
			        {ImportStep::Kind::Conflict, &net,
			         "net " + net.net + " already exists on " + join(have) + ", not on " +
			                 join(net.ifaces) +
			                 " as the file says; left unchanged ('lnetctl net del --net " +
			                 net.net + "' first to replace it)"});
	}
	return steps;
}

std::vector<std::string> tunable_differences(const LnetConf &conf, const std::vector<NiInfo> &running)
{
	std::vector<std::string> out;
	for (const auto &net : conf.nets) {
		auto nis = nis_of(running, net.net);
		if (nis.empty())
			continue; // not added: already reported
		for (const auto &[name, want] : net.tunables) {
			const auto &tun = nis.front()->tunables; // per net: every NI has the same
			auto have = std::find_if(tun.begin(), tun.end(),
			                         [&](const auto &t) { return t.first == name; });
			if (have == tun.end())
				out.push_back("net " + net.net + ": tunable " + name +
				              " is not reported by the kernel; " + std::to_string(want) +
				              " not applied");
			else if (have->second != want)
				out.push_back("net " + net.net + ": tunable " + name + " stays " +
				              std::to_string(have->second) + ", not " + std::to_string(want) +
				              " (setting tunables is not supported yet)");
		}
	}
	return out;
}

} // namespace lnetctl
