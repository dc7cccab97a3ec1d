// SPDX-License-Identifier: GPL-2.0
// Checking an LNet configuration tree (conf.hpp).  Network names and NIDs go
// through the kernel's own parsers (nidstr.c, compiled for user space) so that
// "tcp" and "tcp0" are one network and a bad name is refused before anything
// is applied.
#include "conf.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <string_view>

extern "C" {
#include <linux/lnet_genl.h>
#include <lnet/netspec.h>
#include <lnet/nid.h>
}

namespace lnetctl {

using util::Error;
using util::Result;
using util::Value;

namespace {

// Sections of Lustre's lnet.conf that Nacre does not configure yet.
constexpr std::string_view lustre_sections[] = {"buffers", "numa", "discovery",
                                                "ip2nets", "udsp", "max_intf"};

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

// Linux's rule for interface names (dev_valid_name), bounded by LNet's size;
// the kernel's isspace() also takes the byte 0xa0 (Latin-1 NBSP), which is
// in UTF-8 names such as "wlà0".
bool valid_ifname(const std::string &s)
{
	if (s.empty() || s.size() >= LNET_IFNAME_SIZE || s == "." || s == "..")
		return false;
	for (unsigned char c : s)
		if (c == '/' || c == ':' || c <= ' ' || c == 0x7f || c == 0xa0)
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
	// A NUL would end the name lnet_net_parse() sees: "tcp\0x" is not tcp.
	if (!word(*type) || type->text().empty() || type->text().find('\0') != std::string::npos)
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

void warn_once(std::vector<std::string> &warnings, std::string w)
{
	if (std::find(warnings.begin(), warnings.end(), w) == warnings.end())
		warnings.push_back(std::move(w));
}

// Lustre's route keys that report state ('route show -v'); read past.
constexpr std::string_view route_state_keys[] = {"state", "type"};

// Peer NI keys that report state ('peer show -v'); read past.
constexpr std::string_view peer_ni_state_keys[] = {
        "state",           "max_ni_tx_credits", "available_tx_credits",
        "min_tx_credits",  "tx_q_num_of_buf",   "available_rtr_credits",
        "min_rtr_credits", "refcount",          "statistics",
        "sent_stats",      "received_stats",    "dropped_stats",
        "health stats",    "udsp info"};

// Lustre's global settings (and 'lnetctl set' tunables) Nacre does not
// have yet.
constexpr std::string_view lustre_globals[] = {"numa_range",
                                               "max_interfaces",
                                               "max_intf",
                                               "discovery",
                                               "drop_asym_route",
                                               "retry_count",
                                               "transaction_timeout",
                                               "recovery_interval",
                                               "router_sensitivity",
                                               "lnd_timeout",
                                               "response_tracking",
                                               "recovery_limit",
                                               "max_recovery_ping_interval",
                                               "tiny_buffers",
                                               "small_buffers",
                                               "large_buffers"};

// A route's hop or priority: -1 (Lustre's "not set") or nothing is absent.
Result<void> route_number(const Value &v, const std::string &ctx, std::optional<std::uint32_t> &out,
                          Result<std::uint32_t> (*check)(std::string_view))
{
	if (empty(v) || (v.kind() == Value::Kind::Number && v.text() == "-1"))
		return {};
	auto n = word(v) ? check(v.text()) : check("");
	if (!n)
		return bad(v, ctx + n.error().message);
	out = *n;
	return {};
}

// One "route:" entry.
Result<void> read_route(const Value &entry, LnetConf &conf)
{
	if (entry.kind() != Value::Kind::Map)
		return bad(entry, "each \"route\" entry must be a map with \"net\" and \"gateway\"");
	const Value *net = entry.find("net");
	const Value *gw = entry.find("gateway");
	if (!net)
		return bad(entry, "a \"route\" entry has no \"net\"");
	if (!gw)
		return bad(entry, "a \"route\" entry has no \"gateway\"");

	RouteConf route;
	route.line = net->line();
	auto n = check_route_net(word(*net) ? net->text() : "");
	if (!n)
		return bad(*net, "route: " + n.error().message);
	route.net = *n;
	const std::string ctx = "route to " + route.net + ": ";
	auto g = check_remote_nid(word(*gw) ? gw->text() : "");
	if (!g)
		return bad(*gw, ctx + "gateway: " + g.error().message);
	route.gateway = *g;
	if (auto r = check_route(route); !r)
		return bad(*gw, ctx + r.error().message);

	for (const auto &m : entry.members()) {
		Result<void> r;
		if (m.key == "hop")
			r = route_number(m.value, ctx, route.hops, check_hops);
		else if (m.key == "priority")
			r = route_number(m.value, ctx, route.priority, check_priority);
		else if (m.key == "health_sensitivity")
			warn_once(conf.warnings,
			          "route: \"health_sensitivity\" is not supported yet; ignored");
		else if (m.key != "net" && m.key != "gateway" && !listed(route_state_keys, m.key))
			r = bad(m.value, ctx + "unknown key " + quoted(m.key) +
			                         " (expected net, gateway, hop, priority)");
		if (!r)
			return r;
	}

	for (const auto &o : conf.routes)
		if (o.net == route.net && o.gateway == route.gateway)
			return bad(*net, "route to " + route.net + " via " + route.gateway +
			                         " is listed twice (first on line " + std::to_string(o.line) +
			                         ")");
	conf.routes.push_back(std::move(route));
	return {};
}

// Multi-Rail: True/False as Lustre prints it (a YAML boolean), or quoted.
bool read_bool(const Value &v, bool &out)
{
	if (v.kind() == Value::Kind::Bool) {
		out = v.flag();
		return true;
	}
	std::string s = v.kind() == Value::Kind::String ? v.text() : "";
	std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
	if (s == "true" || s == "false") {
		out = s == "true";
		return true;
	}
	return false;
}

// The peer whose NIDs include `nid`, or nullptr.
const PeerConf *owner(const LnetConf &conf, const std::string &nid)
{
	for (const auto &p : conf.peers)
		if (p.primary == nid || std::find(p.nids.begin(), p.nids.end(), nid) != p.nids.end())
			return &p;
	return nullptr;
}

// The NIDs of a "peer ni" list, with where each was written.
Result<void> peer_nis(const Value &list, const std::string &ctx, std::vector<const Value *> &out)
{
	if (empty(list))
		return {};
	if (list.kind() != Value::Kind::Seq)
		return bad(list, ctx + "\"peer ni\" must be a list of NIs (\"- nid: 10.0.0.2@tcp\")");
	for (const auto &ni : list.items()) {
		if (ni.kind() != Value::Kind::Map)
			return bad(
			        ni,
			        ctx + "each \"peer ni\" entry must be a map such as \"nid: 10.0.0.2@tcp\"");
		const Value *nid = ni.find("nid");
		if (!nid)
			return bad(ni, ctx + "a \"peer ni\" entry has no \"nid\"");
		for (const auto &m : ni.members())
			if (m.key != "nid" && !listed(peer_ni_state_keys, m.key))
				return bad(m.value, ctx + "unknown key " + quoted(m.key) +
				                            " in \"peer ni\" (expected nid)");
		out.push_back(nid);
	}
	return {};
}

// One "peer:" entry.
Result<void> read_peer(const Value &entry, LnetConf &conf)
{
	if (entry.kind() != Value::Kind::Map)
		return bad(entry, "each \"peer\" entry must be a map starting with \"primary nid:\"");
	const Value *prim = entry.find("primary nid");
	std::string ctx = prim && word(*prim) ? "peer " + prim->text() + ": " : "peer: ";

	PeerConf peer;
	std::vector<const Value *> nis;
	for (const auto &m : entry.members()) {
		Result<void> r;
		if (m.key == "Multi-Rail") {
			if (!empty(m.value) && !read_bool(m.value, peer.mr))
				r = bad(m.value, ctx + "\"Multi-Rail\" must be True or False");
		} else if (m.key == "peer ni") {
			r = peer_nis(m.value, ctx, nis);
		} else if (m.key != "primary nid" && m.key != "peer state") {
			r = bad(m.value, ctx + "unknown key " + quoted(m.key) +
			                         " (expected \"primary nid\", \"Multi-Rail\", \"peer ni\")");
		}
		if (!r)
			return r;
	}
	if (!prim && nis.empty())
		return bad(entry, "a \"peer\" entry has no \"primary nid\"");
	if (!prim)
		prim = nis.front(); // Lustre's rule: the first NI is the primary

	auto p = check_remote_nid(word(*prim) ? prim->text() : "");
	if (!p)
		return bad(*prim, ctx + "primary nid: " + p.error().message);
	peer.primary = *p;
	peer.line = prim->line();
	ctx = "peer " + peer.primary + ": ";
	if (const PeerConf *o = owner(conf, peer.primary))
		return bad(*prim, o->primary == peer.primary
		                          ? "peer " + peer.primary + " is listed twice (first on line " +
		                                    std::to_string(o->line) + ")"
		                          : ctx + "its NID is also a NID of peer " + o->primary + " (line " +
		                                    std::to_string(o->line) + ")");
	for (const Value *v : nis) {
		auto nid = check_remote_nid(word(*v) ? v->text() : "");
		if (!nid)
			return bad(*v, ctx + nid.error().message);
		if (*nid == peer.primary)
			continue; // 'peer show' lists the primary among the NIs
		if (std::find(peer.nids.begin(), peer.nids.end(), *nid) != peer.nids.end())
			return bad(*v, ctx + "NID " + *nid + " is listed twice");
		if (const PeerConf *o = owner(conf, *nid))
			return bad(*v, ctx + "NID " + *nid + " is also a NID of peer " + o->primary +
			                       " (line " + std::to_string(o->line) + ")");
		peer.nids.push_back(*nid);
	}
	conf.peers.push_back(std::move(peer));
	return {};
}

// Where the file set routing, for "global: routing" against "routing: enable".
struct RoutingSeen {
	std::size_t line = 0;
};

Result<void> set_routing(const Value &v, const std::string &ctx, LnetConf &conf, RoutingSeen &seen)
{
	bool on;
	if (v.kind() == Value::Kind::Bool)
		on = v.flag();
	else if (v.kind() == Value::Kind::Number && (v.text() == "0" || v.text() == "1"))
		on = v.text() == "1";
	else
		return bad(v, ctx + "must be 0 (off) or 1 (on)");
	if (seen.line && *conf.global.routing != on)
		return bad(v, ctx + "is " + (on ? "1" : "0") + " here but " + (on ? "0" : "1") + " on line " +
		                      std::to_string(seen.line));
	conf.global.routing = on;
	seen.line = v.line();
	return {};
}

// "routing:" - Lustre's backup form is a map ("enable: 1"); its 'routing
// show' form a list whose items are the buffer pools per CPT and "enable".
Result<void> read_routing(const Value &v, LnetConf &conf, RoutingSeen &seen)
{
	if (empty(v))
		return {};
	std::vector<const Value *> maps;
	if (v.kind() == Value::Kind::Map)
		maps.push_back(&v);
	else if (v.kind() == Value::Kind::Seq)
		for (const auto &item : v.items())
			maps.push_back(&item);
	else
		return bad(v, "\"routing\" must be a map such as \"enable: 1\"");
	for (const Value *m : maps) {
		if (m->kind() != Value::Kind::Map)
			return bad(*m, "\"routing\" must be a map such as \"enable: 1\"");
		for (const auto &k : m->members()) {
			Result<void> r;
			if (k.key == "enable")
				r = set_routing(k.value, "routing: enable ", conf, seen);
			else if (!std::string_view(k.key).starts_with("cpt["))
				r = bad(k.value,
				        "routing: unknown key " + quoted(k.key) + " (expected enable)");
			if (!r)
				return r;
		}
	}
	return {};
}

// "global:" - a map of settings.
Result<void> read_global(const Value &v, LnetConf &conf, RoutingSeen &seen)
{
	if (empty(v))
		return {};
	if (v.kind() != Value::Kind::Map)
		return bad(v, "\"global\" must be a map of name: value, such as \"health_sensitivity: 100\"");
	for (const auto &m : v.members()) {
		Result<void> r;
		if (m.key == "health_sensitivity") {
			auto g = check_setting(m.key, word(m.value) ? m.value.text() : "");
			if (!g)
				r = bad(m.value, "global: " + g.error().message);
			else
				conf.global.health_sensitivity = g->health_sensitivity;
		} else if (m.key == "routing") {
			r = set_routing(m.value, "global: routing ", conf, seen);
		} else if (listed(lustre_globals, m.key)) {
			warn_once(conf.warnings,
			          "global: " + quoted(m.key) + " is not supported yet; ignored");
		} else {
			r = bad(m.value, "global: unknown key " + quoted(m.key) +
			                         " (expected health_sensitivity, routing)");
		}
		if (!r)
			return r;
	}
	return {};
}

// The entries of a list section ("route:", "peer:"), each read by `read`.
Result<void> read_list(const Value &v, const char *name, const char *what, const char *example,
                       LnetConf &conf, Result<void> (*read)(const Value &, LnetConf &))
{
	if (empty(v))
		return {};
	if (v.kind() != Value::Kind::Seq)
		return bad(v, quoted(name) + " must be a list of " + what + " (\"- " + example + "\")");
	for (const auto &entry : v.items())
		if (auto r = read(entry, conf); !r)
			return r;
	return {};
}

// One NID: parsed by the kernel's parser, printed back canonical.
Result<std::string> parse_nid(std::string_view text, lnet_nid &nid)
{
	const std::string s(text);
	const char *why = nullptr;
	if (s.empty() || s.size() >= LNET_NIDSTR_SIZE || s.find('\0') != std::string::npos)
		why = "expected ADDRESS@NETWORK, such as 10.0.0.1@tcp";
	else if (lnet_nid_parse(s.c_str(), &nid, &why) != 0)
		why = why ? why : "invalid";
	char buf[LNET_NIDSTR_SIZE];
	if (!why && lnet_nid_format(&nid, buf, sizeof(buf)) < 0)
		why = "cannot be printed back";
	if (why)
		return Error{EINVAL, "bad NID " + quoted(s) + ": " + why};
	return std::string(buf);
}

// A number from lo to hi, written in decimal.
Result<std::uint32_t> ranged(std::string_view text, std::uint32_t lo, std::uint32_t hi, const char *what)
{
	std::uint32_t n;
	if (!decimal(text, n) || n < lo || n > hi)
		return Error{EINVAL, std::string("bad ") + what + " " + quoted(std::string(text)) +
		                             ": expected a number from " + std::to_string(lo) + " to " +
		                             std::to_string(hi)};
	return n;
}

} // namespace

Result<LnetConf> lnet_conf(const Value &root)
{
	LnetConf conf;
	if (empty(root))
		return conf;
	if (root.kind() != Value::Kind::Map)
		return bad(root, "expected sections such as \"net:\" at the top level");

	RoutingSeen routing;
	for (const auto &s : root.members()) {
		Result<void> r;
		if (s.key == "net")
			r = read_list(s.value, "net", "networks", "net type: tcp", conf, read_net);
		else if (s.key == "route")
			r = read_list(s.value, "route", "routes", "net: tcp1", conf, read_route);
		else if (s.key == "peer")
			r = read_list(s.value, "peer", "peers", "primary nid: 10.0.0.2@tcp", conf, read_peer);
		else if (s.key == "global")
			r = read_global(s.value, conf, routing);
		else if (s.key == "routing")
			r = read_routing(s.value, conf, routing);
		else
			conf.warnings.push_back("section " + quoted(s.key) +
			                        (listed(lustre_sections, s.key)
			                                 ? " is not supported yet; skipped"
			                                 : " is not an LNet section; skipped"));
		if (!r)
			return r.error();
	}
	return conf;
}

Result<std::string> check_nid(std::string_view text)
{
	lnet_nid nid;
	return parse_nid(text, nid);
}

Result<std::string> check_remote_nid(std::string_view text)
{
	lnet_nid nid;
	auto s = parse_nid(text, nid);
	if (s && nid.nid_type == LNET_LND_LO)
		return Error{EINVAL, "bad NID " + quoted(*s) + ": 0@lo is this node itself"};
	return s;
}

Result<std::string> check_route_net(std::string_view text)
{
	const std::string s(text);
	__u32 id = 0;
	const char *why = nullptr;
	if (s.empty() || s.find('\0') != std::string::npos)
		why = "expected a network name such as tcp1 or o2ib";
	else if (lnet_net_parse(s.c_str(), &id, &why) != 0)
		why = why ? why : "invalid";
	else if (LNET_NETTYP(id) == LNET_LND_LO)
		why = "a route cannot lead to the loopback network";
	char name[LNET_NETSTR_SIZE];
	if (!why && lnet_net_format(id, name, sizeof(name)) < 0)
		why = "cannot be printed back";
	if (why)
		return Error{EINVAL, "bad network " + quoted(s) + ": " + why};
	return std::string(name);
}

Result<std::uint32_t> check_hops(std::string_view text)
{
	return ranged(text, 1, LNET_ROUTE_HOPS_MAX, "hop count");
}

Result<std::uint32_t> check_priority(std::string_view text)
{
	return ranged(text, 0, UINT32_MAX, "priority");
}

Result<void> check_route(const RouteConf &route)
{
	lnet_nid nid;
	auto gw = parse_nid(route.gateway, nid);
	if (!gw)
		return gw.error();
	__u32 net = 0;
	if (lnet_net_parse(route.net.c_str(), &net, nullptr) != 0)
		return Error{EINVAL, "bad network " + quoted(route.net)};
	if (lnet_nid_net(&nid) == net)
		return Error{EINVAL,
		             "gateway " + *gw + " is on " + route.net + ", the network the route leads to"};
	return {};
}

Result<PeerConf> check_peer(std::string_view primary, const std::vector<std::string> &nids, bool mr)
{
	PeerConf peer;
	peer.mr = mr;
	auto p = check_remote_nid(primary);
	if (!p)
		return p.error();
	peer.primary = *p;
	for (const auto &text : nids) {
		auto nid = check_remote_nid(text);
		if (!nid)
			return nid.error();
		if (*nid == peer.primary)
			continue;
		if (std::find(peer.nids.begin(), peer.nids.end(), *nid) != peer.nids.end())
			return Error{EINVAL, "NID " + *nid + " is listed twice"};
		peer.nids.push_back(*nid);
	}
	return peer;
}

Result<GlobalInfo> check_setting(std::string_view name, std::string_view value)
{
	GlobalInfo g;
	if (name == "health_sensitivity") {
		auto n = ranged(value, 0, LNET_HEALTH_SENSITIVITY_MAX, "health_sensitivity");
		if (!n)
			return n.error();
		g.health_sensitivity = *n;
	} else if (name == "routing") {
		if (value != "0" && value != "1")
			return Error{EINVAL, "bad routing " + quoted(std::string(value)) +
			                             ": expected 0 (off) or 1 (on)"};
		g.routing = value == "1";
	} else {
		return Error{EINVAL, (listed(lustre_globals, name)
		                              ? quoted(std::string(name)) + " is not supported yet"
		                              : "unknown tunable " + quoted(std::string(name))) +
		                             " (expected health_sensitivity or routing)"};
	}
	return g;
}

} // namespace lnetctl
