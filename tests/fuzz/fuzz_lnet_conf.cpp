// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the lnet.conf import path: the input is the file,
 * read by util::read_yaml and checked by lnetctl::lnet_conf into the networks
 * to configure, as 'lnetctl import' does before it opens netlink; then
 * import's decisions (import_steps) and the printers that 'lnetctl export'
 * uses.  The input is copied into an exact-size heap buffer, not
 * NUL-terminated: the reader must keep to its length.
 *
 * Beyond "no crash":
 * - a rejection, by the reader or the checker, is EINVAL with a message that
 *   starts "line N: ", N >= 1;
 * - every tree the reader builds prints as JSON, and (keys being plain words)
 *   as YAML, that reads back to the same tree;
 * - an accepted file's networks are what the kernel takes (lnet_nl_net_add()
 *   and dev_valid_name()): each name parses (lnet_net_parse), is not lo and
 *   is the name formatted back, once in the file, and they are the file's
 *   "net type" entries, whole, but lo, in order; at most 16 interfaces,
 *   each 1..15 bytes with no NUL, '/', ':' or kernel isspace(), not "." or
 *   "..", none twice; tunables known, once each.  Written as a networks=
 *   string they parse (lnet_networks_parse) to the same net and interfaces
 *   whenever the names fit that syntax;
 * - the networks as the kernel would report them, exported (full and
 *   --backup, YAML and JSON) and imported again, give the same networks and
 *   no warning;
 * - import is idempotent: against those running networks every net is
 *   skipped, with no tunable difference; against none, every net is added;
 *   import --del deletes or skips them likewise.
 */
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conf.hpp"
#include "import.hpp"
#include "model.hpp"
#include "util/print.hpp"
#include "util/yaml_read.hpp"

extern "C" {
#include <lnet/netspec.h>
#include <lnet/nid.h>
}

#include "fuzz.h"

using lnetctl::ImportStep;
using lnetctl::LnetConf;
using lnetctl::NetConf;
using lnetctl::NiInfo;
using util::Value;

namespace {

/* "line N: ..." with N >= 1: every error names where it is. */
void check_error(const util::Error &e)
{
	CHECK(e.code == EINVAL);
	std::string_view m = e.message;
	CHECK(m.starts_with("line "));
	m.remove_prefix(5);
	std::size_t digits = 0;
	while (digits < m.size() && m[digits] >= '0' && m[digits] <= '9')
		digits++;
	CHECK(digits > 0 && m[0] != '0');
	CHECK(m.substr(digits).starts_with(": ") && m.size() > digits + 2);
}

/* Same kinds, texts, keys and order; lines are not compared. */
bool same_tree(const Value &a, const Value &b)
{
	if (a.kind() != b.kind() || a.text() != b.text() || a.members().size() != b.members().size() ||
	    a.items().size() != b.items().size())
		return false;
	for (std::size_t i = 0; i < a.members().size(); i++)
		if (a.members()[i].key != b.members()[i].key ||
		    !same_tree(a.members()[i].value, b.members()[i].value))
			return false;
	for (std::size_t i = 0; i < a.items().size(); i++)
		if (!same_tree(a.items()[i], b.items()[i]))
			return false;
	return true;
}

/* The YAML printer writes keys as they are (the tools' keys are words such as
 * "net type" and "0"); JSON quotes them.  Either way YAML caps an implicit key
 * at 1024 characters. */
bool plain_key(const std::string &k)
{
	if (k.empty() || k.size() > 1000 || k.back() == ' ')
		return false;
	for (std::size_t i = 0; i < k.size(); i++) {
		unsigned char c = static_cast<unsigned char>(k[i]);
		bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!alnum && (i == 0 || c == '\0' || !std::strchr("_-.() ", c)))
			return false;
	}
	return true;
}

bool keys_fit(const Value &v, bool yaml)
{
	for (const auto &m : v.members())
		if ((yaml ? !plain_key(m.key) : util::json_string(m.key).size() > 1000) ||
		    !keys_fit(m.value, yaml))
			return false;
	for (const auto &i : v.items())
		if (!keys_fit(i, yaml))
			return false;
	return true;
}

void check_print_round_trip(const Value &tree)
{
	for (auto format : {util::Format::Json, util::Format::Yaml}) {
		if (!keys_fit(tree, format == util::Format::Yaml))
			continue;
		std::string text = util::render(tree, format);
		auto back = util::read_yaml(text);
		if (!back)
			fprintf(stderr, "%s\nread back: %s\n", text.c_str(), back.error().message.c_str());
		CHECK(back.ok());
		if (!same_tree(tree, *back))
			fprintf(stderr, "%s\nread back as:\n%s", text.c_str(), util::to_json(*back).c_str());
		CHECK(same_tree(tree, *back));
	}
}

/* The kernel's isspace() (lib/ctype.c): HT, LF, VT, FF, CR, space and, as
 * Latin-1, NBSP (0xa0). */
bool kernel_space(unsigned char c)
{
	return (c >= '\t' && c <= '\r') || c == ' ' || c == 0xa0;
}

/* dev_valid_name() (net/core/dev.c) on what netlink would carry. */
bool dev_valid_name(const std::string &s)
{
	if (s.empty() || s.size() >= LNET_IFNAME_SIZE || s == "." || s == "..")
		return false;
	for (unsigned char c : s)
		if (c == '\0' || c == '/' || c == ':' || kernel_space(c))
			return false;
	return true;
}

/* A character lnet_networks_parse() takes in a name. */
bool netspec_char(unsigned char c)
{
	return c > ' ' && c < 0x7f && !std::strchr("(),[]/:", c);
}

const char *const tunable_names[] = {"peer_timeout", "peer_credits", "peer_buffer_credits", "credits"};

/* What lnet_nl_net_add() would be given for `net`, checked as it checks it. */
void check_net(const NetConf &net)
{
	__u32 id;
	char name[LNET_NETSTR_SIZE];

	CHECK(!net.net.empty() && net.net.size() < LNET_NETSTR_SIZE &&
	      net.net.find('\0') == std::string::npos);
	CHECK(lnet_net_parse(net.net.c_str(), &id, nullptr) == 0);
	CHECK(LNET_NETTYP(id) != LNET_LND_LO);
	CHECK(lnet_net_format(id, name, sizeof(name)) > 0 && net.net == name);
	CHECK(net.line >= 1);

	CHECK(net.ifaces.size() <= LNET_NETSPEC_MAX_IFACES);
	bool fits_netspec = true;
	for (std::size_t i = 0; i < net.ifaces.size(); i++) {
		CHECK(dev_valid_name(net.ifaces[i]));
		for (std::size_t k = 0; k < i; k++)
			CHECK(net.ifaces[i] != net.ifaces[k]);
		for (unsigned char c : net.ifaces[i])
			fits_netspec = fits_netspec && netspec_char(c);
	}
	for (std::size_t i = 0; i < net.tunables.size(); i++) {
		bool known = false;
		for (const char *t : tunable_names)
			known = known || net.tunables[i].first == t;
		CHECK(known);
		for (std::size_t k = 0; k < i; k++)
			CHECK(net.tunables[i].first != net.tunables[k].first);
	}

	/* The same network as a networks= string, e.g. "tcp1(eth0,eth1)". */
	if (!fits_netspec)
		return;
	std::string text = net.net;
	for (std::size_t i = 0; i < net.ifaces.size(); i++)
		text += (i ? "," : "(") + net.ifaces[i];
	if (!net.ifaces.empty())
		text += ")";
	static struct lnet_netspec spec;
	unsigned int count = 0;
	const char *why = nullptr;
	int rc = lnet_networks_parse(text.c_str(), &spec, 1, &count, &why);
	if (rc)
		fprintf(stderr, "networks=\"%s\": %s\n", text.c_str(), why ? why : "?");
	CHECK(rc == 0 && count == 1 && spec.net == id && spec.nifaces == net.ifaces.size());
	for (std::size_t i = 0; i < net.ifaces.size(); i++)
		CHECK(net.ifaces[i] == spec.ifaces[i]);
}

/* The accepted networks are the file's "net type" entries, whole (a NUL
 * would end the name the kernel parses), lo left out, in file order. */
void check_nets_are_the_files(const Value &root, const LnetConf &conf)
{
	std::size_t next = 0;
	for (const auto &section : root.members()) {
		if (section.key != "net")
			continue;
		for (const auto &entry : section.value.items()) {
			const Value *type = entry.find("net type");
			CHECK(type != nullptr);
			const std::string &text = type->text();
			__u32 id;
			CHECK(text.find('\0') == std::string::npos);
			CHECK(lnet_net_parse(text.c_str(), &id, nullptr) == 0);
			if (LNET_NETTYP(id) == LNET_LND_LO)
				continue;
			char name[LNET_NETSTR_SIZE];
			CHECK(next < conf.nets.size());
			CHECK(lnet_net_format(id, name, sizeof(name)) > 0 && conf.nets[next].net == name);
			CHECK(conf.nets[next].line == type->line());
			next++;
		}
	}
	CHECK(next == conf.nets.size());
}

bool same_nets(const LnetConf &a, const LnetConf &b)
{
	if (a.nets.size() != b.nets.size())
		return false;
	for (std::size_t i = 0; i < a.nets.size(); i++)
		if (a.nets[i].net != b.nets[i].net || a.nets[i].ifaces != b.nets[i].ifaces ||
		    a.nets[i].tunables != b.nets[i].tunables)
			return false;
	return true;
}

/* The NET_GET dump once `conf` is applied: lo, then one NI per interface
 * (or one on the default interface, which the dump would name: left out
 * here, as the file did), each with its net's tunables. */
std::vector<NiInfo> running_after(const LnetConf &conf)
{
	std::vector<NiInfo> nis;
	NiInfo lo;
	lo.net = "lo";
	lo.nid = "0@lo";
	lo.status = 1;
	nis.push_back(lo);
	std::uint8_t host = 1;
	for (const auto &net : conf.nets) {
		std::size_t n = net.ifaces.empty() ? 1 : net.ifaces.size();
		for (std::size_t i = 0; i < n; i++) {
			NiInfo ni;
			ni.net = net.net;
			ni.nid = "10.0.0." + std::to_string(host++) + "@" + net.net;
			ni.status = 1;
			if (!net.ifaces.empty())
				ni.ifaces = {net.ifaces[i]};
			ni.stats = {{"send_count", 3}, {"recv_count", 2}, {"drop_count", 0}};
			for (const auto &[name, value] : net.tunables)
				ni.tunables.emplace_back(name, value);
			nis.push_back(std::move(ni));
		}
	}
	return nis;
}

void check_export_round_trip(const LnetConf &conf, const std::vector<NiInfo> &running)
{
	for (bool backup : {true, false}) {
		for (auto format : {util::Format::Yaml, util::Format::Json}) {
			std::string text = util::render(lnetctl::export_view(running, backup), format);
			auto tree = util::read_yaml(text);
			if (!tree)
				fprintf(stderr, "%s\nread back: %s\n", text.c_str(),
				        tree.error().message.c_str());
			CHECK(tree.ok());
			auto back = lnetctl::lnet_conf(*tree);
			if (!back)
				fprintf(stderr, "%s\nimported: %s\n", text.c_str(),
				        back.error().message.c_str());
			CHECK(back.ok());
			CHECK(same_nets(conf, *back));
			CHECK(back->warnings.empty());
		}
	}
}

void check_steps(const LnetConf &conf, const std::vector<NiInfo> &running, bool del, ImportStep::Kind want)
{
	auto steps = lnetctl::import_steps(conf, running, del);
	CHECK(steps.size() == conf.nets.size());
	for (std::size_t i = 0; i < steps.size(); i++) {
		CHECK(steps[i].kind == want && steps[i].net == &conf.nets[i]);
		CHECK(steps[i].note.empty() ==
		      (want == ImportStep::Kind::Add || want == ImportStep::Kind::Del));
	}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::unique_ptr<char[]> copy(new char[size]);
	if (size)
		memcpy(copy.get(), data, size);

	auto tree = util::read_yaml(std::string_view(copy.get(), size));
	if (!tree) {
		check_error(tree.error());
		return 0;
	}
	check_print_round_trip(*tree);

	auto conf = lnetctl::lnet_conf(*tree);
	if (!conf) {
		check_error(conf.error());
		return 0;
	}
	for (std::size_t i = 0; i < conf->nets.size(); i++) {
		check_net(conf->nets[i]);
		for (std::size_t k = 0; k < i; k++)
			CHECK(conf->nets[i].net != conf->nets[k].net);
	}
	check_nets_are_the_files(*tree, *conf);
	for (const auto &w : conf->warnings)
		CHECK(!w.empty());

	auto running = running_after(*conf);
	check_export_round_trip(*conf, running);

	check_steps(*conf, running, false, ImportStep::Kind::Skip);
	check_steps(*conf, running, true, ImportStep::Kind::Del);
	CHECK(lnetctl::tunable_differences(*conf, running).empty());
	std::vector<NiInfo> only_lo(running.begin(), running.begin() + 1);
	check_steps(*conf, only_lo, false, ImportStep::Kind::Add);
	check_steps(*conf, only_lo, true, ImportStep::Kind::Skip);
	CHECK(lnetctl::tunable_differences(*conf, only_lo).empty());
	return 0;
}
