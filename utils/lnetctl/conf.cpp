// SPDX-License-Identifier: GPL-2.0
// Checking an LNet configuration tree (conf.hpp).  Network names go through
// the kernel's own parser (nidstr.c, compiled for user space) so that "tcp"
// and "tcp0" are one network and a bad name is refused before anything is
// applied.
#include "conf.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <string_view>

extern "C" {
#include <lnet/netspec.h>
#include <lnet/nid.h>
}

namespace lnetctl {

using util::Error;
using util::Result;
using util::Value;

namespace {

// Sections of Lustre's lnet.conf that Nacre does not configure yet.
constexpr std::string_view lustre_sections[] = {"route", "peer",      "global",  "routing", "buffers",
                                                "numa",  "discovery", "ip2nets", "udsp",    "max_intf"};

// NI keys that report state (a plain 'export'); import reads past them.
constexpr std::string_view state_keys[] = {"nid",          "status",         "statistics",
                                           "sent_stats",   "received_stats", "dropped_stats",
                                           "health stats", "dev cpt"};

// NI keys Lustre configures and Nacre does not yet: a warning each.
constexpr std::string_view unsupported_ni_keys[] = {"lnd tunables", "CPT"};

constexpr std::string_view tunable_names[] = {"peer_timeout", "peer_credits", "peer_buffer_credits",
                                              "credits"};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], std::string_view s)
{
	return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

Error bad(const Value &at, const std::string &what)
{
	return Error{EINVAL, "line " + std::to_string(at.line()) + ": " + what};
}

std::string quoted(const std::string &s)
{
	return "\"" + s + "\"";
}

// An absent-looking value: null, "", {} or [].
bool empty(const Value &v)
{
	switch (v.kind()) {
	case Value::Kind::String:
		return v.text().empty();
	case Value::Kind::Map:
		return v.members().empty();
	case Value::Kind::Seq:
		return v.items().empty();
	default:
		return false;
	}
}

bool word(const Value &v)
{
	return v.kind() == Value::Kind::String || v.kind() == Value::Kind::Number;
}

template <typename T>
bool decimal(std::string_view s, T &out)
{
	if (s.empty() || s.front() == '-' || s.front() == '+')
		return false;
	auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
	return ec == std::errc() && end == s.data() + s.size();
}

// Linux's rule for interface names (dev_valid_name), bounded by LNet's size.
bool valid_ifname(const std::string &s)
{
	if (s.empty() || s.size() >= LNET_IFNAME_SIZE || s == "." || s == "..")
		return false;
	for (unsigned char c : s)
		if (c == '/' || c == ':' || c <= ' ' || c == 0x7f)
			return false;
	return true;
}

// The file's checks for one net; `ctx` is "net tcp: " for messages.
class NetReader {
public:
	NetReader(NetConf &net, std::vector<std::string> &warnings)
	    : net_(net), warnings_(warnings), ctx_("net " + net.net + ": ")
	{
	}

	Result<void> nis(const Value &list)
	{
		if (empty(list))
			return {};
		if (list.kind() != Value::Kind::Seq)
			return bad(list,
			           ctx_ + "\"local NI(s)\" must be a list of NIs (\"- interfaces: ...\")");
		for (const auto &ni : list.items()) {
			auto r = this->ni(ni);
			if (!r)
				return r;
		}
		return {};
	}

private:
	Result<void> ni(const Value &ni)
	{
		if (empty(ni))
			return {};
		if (ni.kind() != Value::Kind::Map)
			return bad(ni,
			           ctx_ + "each \"local NI(s)\" entry must be a map such as \"interfaces:\"");
		for (const auto &m : ni.members()) {
			Result<void> r;
			if (m.key == "interfaces")
				r = interfaces(m.value);
			else if (m.key == "tunables")
				r = tunables(m.value);
			else if (listed(unsupported_ni_keys, m.key)) {
				if (!empty(m.value))
					warn_once(quoted(m.key) + " is not supported yet; ignored");
			} else if (!listed(state_keys, m.key)) {
				r = bad(m.value, ctx_ + "unknown key " + quoted(m.key) +
				                         " (expected interfaces, tunables)");
			}
			if (!r)
				return r;
		}
		return {};
	}

	Result<void> interfaces(const Value &map)
	{
		if (empty(map))
			return {};
		if (map.kind() != Value::Kind::Map)
			return bad(map,
			           ctx_ + "\"interfaces\" must be a map of index: name, such as \"0: eth0\"");
		std::vector<std::pair<unsigned, const Value *>> these; // sorted by index below
		for (const auto &m : map.members()) {
			unsigned index;
			if (!decimal(m.key, index) || index >= LNET_NETSPEC_MAX_IFACES)
				return bad(m.value, ctx_ + "interface index " + quoted(m.key) +
				                            " is not a number from 0 to " +
				                            std::to_string(LNET_NETSPEC_MAX_IFACES - 1));
			if (!word(m.value) || !valid_ifname(m.value.text()))
				return bad(m.value, ctx_ + "interface " + m.key +
				                            " is not a valid interface name "
				                            "(1 to 15 characters, no '/', ':' "
				                            "or spaces)");
			these.emplace_back(index, &m.value);
		}
		std::sort(these.begin(), these.end());
		for (const auto &[index, v] : these) {
			const std::string &name = v->text();
			if (std::find(net_.ifaces.begin(), net_.ifaces.end(), name) != net_.ifaces.end())
				return bad(*v, ctx_ + "interface " + name + " is listed twice");
			if (net_.ifaces.size() == LNET_NETSPEC_MAX_IFACES)
				return bad(*v, ctx_ + "more than " + std::to_string(LNET_NETSPEC_MAX_IFACES) +
				                       " interfaces");
			net_.ifaces.push_back(name);
		}
		return {};
	}

	Result<void> tunables(const Value &map)
	{
		if (empty(map))
			return {};
		if (map.kind() != Value::Kind::Map)
			return bad(map, ctx_ + "\"tunables\" must be a map of name: number");
		for (const auto &m : map.members()) {
			if (!listed(tunable_names, m.key))
				return bad(m.value, ctx_ + "unknown tunable " + quoted(m.key) +
				                            " (expected peer_timeout, peer_credits, "
				                            "peer_buffer_credits, credits)");
			std::uint32_t n;
			if (!word(m.value) || !decimal(m.value.text(), n))
				return bad(m.value, ctx_ + "tunable " + m.key +
				                            " must be a number from 0 to " +
				                            std::to_string(UINT32_MAX));
			auto seen = std::find_if(net_.tunables.begin(), net_.tunables.end(),
			                         [&](const auto &t) { return t.first == m.key; });
			if (seen == net_.tunables.end())
				net_.tunables.emplace_back(m.key, n);
			else if (seen->second != n)
				return bad(m.value,
				           ctx_ + "tunable " + m.key + " is " + std::to_string(n) +
				                   " here but " + std::to_string(seen->second) +
				                   " for another NI of the net (tunables are per net)");
		}
		return {};
	}

	void warn_once(const std::string &what)
	{
		std::string w = ctx_ + what;
		if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end())
			warnings_.push_back(std::move(w));
	}

	NetConf &net_;
	std::vector<std::string> &warnings_;
	std::string ctx_;
};

// One "net:" entry, appended to conf unless it is the loopback net.
Result<void> read_net(const Value &entry, LnetConf &conf)
{
	if (entry.kind() != Value::Kind::Map)
		return bad(entry, "each \"net\" entry must be a map starting with \"net type:\"");
	const Value *type = entry.find("net type");
	if (!type)
		return bad(entry, "a \"net\" entry has no \"net type\"");
	if (!word(*type) || type->text().empty())
		return bad(*type, "\"net type\" must be a network name such as tcp or o2ib1");

	__u32 id;
	const char *why = nullptr;
	if (lnet_net_parse(type->text().c_str(), &id, &why) != 0)
		return bad(*type, "net type " + quoted(type->text()) + ": " + (why ? why : "invalid"));
	if (LNET_NETTYP(id) == LNET_LND_LO)
		return {}; // implicit: always there
	char name[LNET_NETSTR_SIZE];
	if (lnet_net_format(id, name, sizeof(name)) < 0)
		return bad(*type, "net type " + quoted(type->text()) + ": cannot be printed back");

	for (const auto &n : conf.nets)
		if (n.net == name)
			return bad(*type, "net " + n.net + " is listed twice (first on line " +
			                          std::to_string(n.line) + "); list its NIs under one entry");

	NetConf net{name, type->line(), {}, {}};
	NetReader reader(net, conf.warnings);
	for (const auto &m : entry.members()) {
		if (m.key == "net type")
			continue;
		if (m.key != "local NI(s)")
			return bad(m.value, "net " + net.net + ": unknown key " + quoted(m.key) +
			                            " (expected \"net type\", \"local NI(s)\")");
		if (auto r = reader.nis(m.value); !r)
			return r;
	}
	conf.nets.push_back(std::move(net));
	return {};
}

} // namespace

Result<LnetConf> lnet_conf(const Value &root)
{
	LnetConf conf;
	if (empty(root))
		return conf;
	if (root.kind() != Value::Kind::Map)
		return bad(root, "expected sections such as \"net:\" at the top level");

	for (const auto &s : root.members()) {
		if (s.key != "net") {
			conf.warnings.push_back("section " + quoted(s.key) +
			                        (listed(lustre_sections, s.key)
			                                 ? " is not supported yet; skipped"
			                                 : " is not an LNet section; skipped"));
			continue;
		}
		if (empty(s.value))
			continue;
		if (s.value.kind() != Value::Kind::Seq)
			return bad(s.value, "\"net\" must be a list of networks (\"- net type: tcp\")");
		for (const auto &entry : s.value.items())
			if (auto r = read_net(entry, conf); !r)
				return r.error();
	}
	return conf;
}

} // namespace lnetctl
