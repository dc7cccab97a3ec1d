// SPDX-License-Identifier: GPL-2.0
/* The one print path: lnetctl's trees as Lustre-style YAML and as JSON; a
 * Printer description as text, YAML and JSON; the tools' -y/--json options. */
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "json_check.hpp"
#include "model.hpp"
#include "util/format_option.hpp"
#include "util/print.hpp"
#include "util/result.hpp"
#include "util/yaml_read.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using lnetctl::NiInfo;
using lnetctl::PingInfo;
using util::Value;

static NiInfo ni(const char *net, const char *nid, std::vector<std::string> ifaces)
{
	NiInfo n;
	n.net = net;
	n.nid = nid;
	n.status = 1;
	n.ifaces = std::move(ifaces);
	return n;
}

static void expect(const std::string &got, const char *want)
{
	assert_string_equal(got.c_str(), want);
}

static void test_net_show_yaml(void **)
{
	std::vector<NiInfo> nis = {ni("lo", "0@lo", {}), ni("tcp", "10.99.0.1@tcp", {"eth0"})};

	std::string out = util::to_yaml(lnetctl::net_show_view(nis, false));

	expect(out, "net:\n"
	            "    - net type: lo\n"
	            "      local NI(s):\n"
	            "        - nid: 0@lo\n"
	            "          status: up\n"
	            "    - net type: tcp\n"
	            "      local NI(s):\n"
	            "        - nid: 10.99.0.1@tcp\n"
	            "          status: up\n"
	            "          interfaces:\n"
	            "              0: eth0\n");
}

static void test_net_show_verbose_yaml(void **)
{
	NiInfo n = ni("tcp", "10.99.0.1@tcp", {"eth0", "eth1"});
	n.status = 0;
	n.stats = {{"send_count", 12}, {"recv_count", 10}, {"drop_count", 0}};
	n.tunables = {
	        {"peer_timeout", 180}, {"peer_credits", 8}, {"peer_buffer_credits", 0}, {"credits", 256}};

	std::string out = util::to_yaml(lnetctl::net_show_view({n}, true));

	expect(out, "net:\n"
	            "    - net type: tcp\n"
	            "      local NI(s):\n"
	            "        - nid: 10.99.0.1@tcp\n"
	            "          status: down\n"
	            "          interfaces:\n"
	            "              0: eth0\n"
	            "              1: eth1\n"
	            "          statistics:\n"
	            "              send_count: 12\n"
	            "              recv_count: 10\n"
	            "              drop_count: 0\n"
	            "          tunables:\n"
	            "              peer_timeout: 180\n"
	            "              peer_credits: 8\n"
	            "              peer_buffer_credits: 0\n"
	            "              credits: 256\n");
}

/* NIs of one net stay together, nets in the order the dump first named them. */
static void test_net_show_groups_in_dump_order(void **)
{
	std::vector<NiInfo> nis = {ni("tcp", "10.0.0.1@tcp", {"eth0"}), ni("lo", "0@lo", {}),
	                           ni("tcp", "10.0.1.1@tcp", {"eth1"}),
	                           ni("tcp1", "10.1.0.1@tcp1", {"eth2"})};

	Value v = lnetctl::net_show_view(nis, false);

	const auto &nets = v.members().at(0).value.items();
	assert_int_equal(nets.size(), 3);
	const char *types[] = {"tcp", "lo", "tcp1"};
	const size_t counts[] = {2, 1, 1};
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(nets[i].members().at(0).value.text().c_str(), types[i]);
		assert_int_equal(nets[i].members().at(1).value.items().size(), counts[i]);
	}
	const auto &tcp = nets[0].members().at(1).value.items();
	assert_string_equal(tcp[1].members().at(0).value.text().c_str(), "10.0.1.1@tcp");
}

static void test_net_show_empty(void **)
{
	expect(util::to_yaml(lnetctl::net_show_view({}, false)), "net: []\n");
	expect(util::to_json(lnetctl::net_show_view({}, false)), "{\n    \"net\": []\n}\n");
}

static PingInfo sample_ping()
{
	return PingInfo{"10.99.0.2@tcp", 12345, {{"0@lo", 1}, {"10.99.0.2@tcp", 1}}};
}

static void test_ping_yaml(void **)
{
	expect(util::to_yaml(lnetctl::ping_view(sample_ping())), "ping:\n"
	                                                         "    - primary nid: 10.99.0.2@tcp\n"
	                                                         "      Multi-Rail: False\n"
	                                                         "      peer_ni:\n"
	                                                         "        - nid: 10.99.0.2@tcp\n");
}

/* The primary NID is the peer's first NI off loopback, not what was typed. */
static void test_ping_primary_nid(void **)
{
	PingInfo p{
	        "192.168.0.2@tcp", std::nullopt, {{"0@lo", 1}, {"10.0.0.2@tcp", 1}, {"192.168.0.2@tcp", 1}}};
	Value v = lnetctl::ping_view(p);
	const Value &entry = v.members().at(0).value.items().at(0);
	assert_string_equal(entry.members().at(0).value.text().c_str(), "10.0.0.2@tcp");

	PingInfo lonely{"0@lo", std::nullopt, {{"0@lo", 1}}};
	Value w = lnetctl::ping_view(lonely);
	assert_string_equal(w.members().at(0).value.items().at(0).members().at(0).value.text().c_str(),
	                    "0@lo");
}

static void test_ping_json(void **)
{
	expect(util::to_json(lnetctl::ping_view(sample_ping())),
	       "{\n"
	       "    \"ping\": [\n"
	       "        {\n"
	       "            \"primary nid\": \"10.99.0.2@tcp\",\n"
	       "            \"Multi-Rail\": false,\n"
	       "            \"peer_ni\": [\n"
	       "                {\n"
	       "                    \"nid\": \"10.99.0.2@tcp\"\n"
	       "                }\n"
	       "            ]\n"
	       "        }\n"
	       "    ]\n"
	       "}\n");
}

static void test_json_valid(void **)
{
	NiInfo odd = ni("tcp", "a\"b\\c\n\x01\x7f", {"tab\there", ""});
	odd.stats = {{"send_count", UINT64_MAX}};
	odd.tunables = {{"credits", 0}};
	std::vector<NiInfo> nis = {ni("lo", "0@lo", {}), ni("tcp", "10.99.0.1@tcp", {"eth0"}), odd};

	assert_true(JsonCheck::valid(util::to_json(lnetctl::net_show_view(nis, false))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::net_show_view(nis, true))));
	assert_true(JsonCheck::valid(util::to_json(lnetctl::ping_view(sample_ping()))));
	assert_true(JsonCheck::valid(util::to_json(Value("scalar"))));
	assert_true(JsonCheck::valid(util::to_json(Value::seq())));

	/* The checker itself must be able to say no. */
	assert_false(JsonCheck::valid("{\"a\": }"));
	assert_false(JsonCheck::valid("[1, 2,]"));
	assert_false(JsonCheck::valid("\"raw\x01control\""));
	assert_false(JsonCheck::valid("{\"a\": 1} x"));
}

struct escape_case {
	const char *in;
	const char *yaml;
	const char *json;
};

static const escape_case escapes[] = {
        {"eth0", "eth0", "\"eth0\""},
        {"10.99.0.1@tcp", "10.99.0.1@tcp", "\"10.99.0.1@tcp\""},
        {"", "\"\"", "\"\""},
        {"true", "\"true\"", "\"true\""},
        {"No", "\"No\"", "\"No\""},
        {"null", "\"null\"", "\"null\""},
        {"123", "\"123\"", "\"123\""},
        {"1.5e3", "\"1.5e3\"", "\"1.5e3\""},
        {"a: b", "\"a: b\"", "\"a: b\""},
        {"key:", "\"key:\"", "\"key:\""},
        {"- dash", "\"- dash\"", "\"- dash\""},
        {"#hash", "\"#hash\"", "\"#hash\""},
        {"x #y", "\"x #y\"", "\"x #y\""},
        {" lead", "\" lead\"", "\" lead\""},
        {"trail ", "\"trail \"", "\"trail \""},
        {"[0]", "\"[0]\"", "\"[0]\""},
        {"in\"side", "in\"side", "\"in\\\"side\""},
        {"\"start", "\"\\\"start\"", "\"\\\"start\""},
        {"back\\slash", "back\\slash", "\"back\\\\slash\""},
        {"new\nline", "\"new\\nline\"", "\"new\\nline\""},
        {"tab\there", "\"tab\\there\"", "\"tab\\there\""},
        {"bell\x07", "\"bell\\x07\"", "\"bell\\u0007\""},
        {"del\x7f", "\"del\\x7f\"", "\"del\\u007f\""},
        {"caf\xc3\xa9", "caf\xc3\xa9", "\"caf\xc3\xa9\""},
        {"nbsp\xc2\xa0", "nbsp\xc2\xa0", "\"nbsp\xc2\xa0\""},
        /* found by fuzz_lnet_conf: what libyaml reads as a line break (NEL,
         * U+2028, U+2029) or refuses raw (C1 controls, U+FEFF, U+FFFE/F) is
         * escaped, and "..." at the start of a line would end the document */
        {"nel\xc2\x85", "\"nel\\x85\"", "\"nel\\u0085\""},
        {"c1\xc2\x9f", "\"c1\\x9f\"", "\"c1\\u009f\""},
        {"line\xe2\x80\xa8sep", "\"line\\u2028sep\"", "\"line\\u2028sep\""},
        {"para\xe2\x80\xa9", "\"para\\u2029\"", "\"para\\u2029\""},
        {"\xef\xbb\xbf"
         "bom",
         "\"\\ufeffbom\"", "\"\\ufeffbom\""},
        {"\xef\xbf\xbe\xef\xbf\xbf", "\"\\ufffe\\uffff\"", "\"\\ufffe\\uffff\""},
        {"...", "\"...\"", "\"...\""},
        {"... x", "\"... x\"", "\"... x\""},
};

static void test_escaping(void **)
{
	for (const auto &c : escapes) {
		assert_string_equal(util::yaml_scalar(c.in).c_str(), c.yaml);
		assert_string_equal(util::json_string(c.in).c_str(), c.json);
		assert_true(JsonCheck::valid(util::json_string(c.in)));
		/* Both read back (util/yaml_read.hpp) to the same string. */
		const std::string yaml = std::string("v: ") + c.yaml;
		const std::string json = std::string("{\"v\": ") + c.json + "}";
		for (const std::string &text : {yaml, json}) {
			auto v = util::read_yaml(text);
			if (!v)
				fail_msg("'%s': %s", text.c_str(), v.error().message.c_str());
			assert_non_null(v->find("v"));
			assert_string_equal(v->find("v")->text().c_str(), c.in);
		}
		/* A document of the scalar alone. */
		auto doc = util::read_yaml(util::to_yaml(Value(c.in)));
		assert_true(doc.ok());
		assert_string_equal(doc->text().c_str(), c.in);
	}
}

static void test_scalars_and_bools(void **)
{
	Value m = Value::map();
	m.add("up", true);
	m.add("down", false);
	m.add("neg", -3);
	m.add("empty", Value::map());

	expect(util::to_yaml(m), "up: True\ndown: False\nneg: -3\nempty: {}\n");
	expect(util::to_json(m),
	       "{\n    \"up\": true,\n    \"down\": false,\n    \"neg\": -3,\n    \"empty\": {}\n}\n");
	expect(util::render(m, util::Format::Json), util::to_json(m).c_str());
}

/* ---- Printer: one description, three formats ----------------------------- */

/* A route table as a tool would describe it: a text header, one line per
 * route, tree-only and text-only pieces, a nested list. */
static void describe_routes(util::Printer &p)
{
	p.text("routes:\n");
	p.tree("count", 2);
	p.open_seq("routes");
	const char *nets[] = {"tcp1", "o2ib"};
	for (int i = 0; i < 2; i++) {
		p.open_map();
		p.text("  ");
		p.field("net", nets[i]);
		p.text(" hops ");
		p.field("hops", i + 1);
		p.field("up", i == 0, i == 0 ? " (up)" : " (down)");
		p.open_seq("gateways");
		p.field("", "10.0.0.9@tcp", " via 10.0.0.9@tcp");
		p.close();
		p.text("\n");
		p.close();
	}
	p.close();
}

static void test_printer_text(void **)
{
	std::string got = util::print(util::Format::Text, describe_routes);

	expect(got, "routes:\n"
	            "  tcp1 hops 1 (up) via 10.0.0.9@tcp\n"
	            "  o2ib hops 2 (down) via 10.0.0.9@tcp\n");
}

static void test_printer_trees(void **)
{
	std::string yaml = util::print(util::Format::Yaml, describe_routes);
	std::string json = util::print(util::Format::Json, describe_routes);

	expect(yaml, "count: 2\n"
	             "routes:\n"
	             "    - net: tcp1\n"
	             "      hops: 1\n"
	             "      up: True\n"
	             "      gateways:\n"
	             "        - 10.0.0.9@tcp\n"
	             "    - net: o2ib\n"
	             "      hops: 2\n"
	             "      up: False\n"
	             "      gateways:\n"
	             "        - 10.0.0.9@tcp\n");
	assert_true(JsonCheck::valid(json));
	/* The same tree as one built by hand and rendered. */
	Value hand = Value::map();
	hand.add("count", 2);
	Value &routes = hand.add("routes", Value::seq());
	const char *nets[] = {"tcp1", "o2ib"};
	for (int i = 0; i < 2; i++) {
		Value r = Value::map();
		r.add("net", nets[i]);
		r.add("hops", i + 1);
		r.add("up", i == 0);
		r.add("gateways", Value::seq()).push("10.0.0.9@tcp");
		routes.push(std::move(r));
	}
	expect(json, util::to_json(hand).c_str());
	expect(yaml, util::to_yaml(hand).c_str());
}

static void test_printer_empty(void **)
{
	auto nothing = [](util::Printer &) {};

	expect(util::print(util::Format::Text, nothing), "");
	expect(util::print(util::Format::Yaml, nothing), "{}\n");
	expect(util::print(util::Format::Json, nothing), "{}\n");
}

/* A description that does not nest properly is the tool's bug: Fatal, in
 * every format (a text-only run must not hide it). */
static void test_printer_misuse(void **)
{
	for (auto f : {util::Format::Text, util::Format::Yaml, util::Format::Json}) {
		bool thrown = false;
		try {
			util::Printer p(f);
			p.open_map("a");
			(void)p.str();
		} catch (const util::Fatal &) {
			thrown = true;
		}
		assert_true(thrown);

		thrown = false;
		try {
			util::Printer p(f);
			p.close();
		} catch (const util::Fatal &) {
			thrown = true;
		}
		assert_true(thrown);

		thrown = false;
		try {
			util::Printer p(f);
			p.open_map(); /* a map member needs a key */
		} catch (const util::Fatal &) {
			thrown = true;
		}
		assert_true(thrown);
	}
}

/* ---- -y/--json: one option handling for lctl and lnetctl ------------------ */

struct FormatCase {
	std::vector<std::string> args; /* in order */
	int lctl;                      /* Format, or -1: refused */
	int lnetctl;
};

static const FormatCase format_cases[] = {
        {{}, (int)util::Format::Text, (int)util::Format::Yaml},
        {{"-y"}, (int)util::Format::Yaml, -1},
        {{"--yaml"}, (int)util::Format::Yaml, -1},
        {{"--json"}, (int)util::Format::Json, (int)util::Format::Json},
        {{"-y", "--json"}, -1, -1},
        {{"--json", "--yaml"}, -1, -1},
};

/* The format a command line chooses, or -1 when CLI11 refuses it. */
static int chosen(bool lctl, const std::vector<std::string> &args)
{
	CLI::App app("test", "test");
	util::FormatOption o;
	if (lctl)
		util::add_format_option(app, o, "the result");
	else
		util::add_json_option(app, o, "print JSON instead of YAML");
	std::vector<std::string> reversed(args.rbegin(), args.rend());
	try {
		app.parse(reversed);
	} catch (const CLI::ParseError &) {
		return -1;
	}
	return (int)o.format(lctl ? util::Format::Text : util::Format::Yaml);
}

static void test_format_option(void **)
{
	for (const auto &c : format_cases) {
		std::string line;
		for (const auto &a : c.args)
			line += a + " ";
		print_message("%s\n", line.c_str());

		assert_int_equal(chosen(true, c.args), c.lctl);
		assert_int_equal(chosen(false, c.args), c.lnetctl);
	}
}

static void test_format_option_help(void **)
{
	CLI::App app("test", "test");
	util::FormatOption o;
	util::add_format_option(app, o, "the lock");

	std::string help = app.help();

	assert_non_null(strstr(help.c_str(), "print the lock as YAML"));
	assert_non_null(strstr(help.c_str(), "print the lock as JSON"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_net_show_yaml),
	        cmocka_unit_test(test_net_show_verbose_yaml),
	        cmocka_unit_test(test_net_show_groups_in_dump_order),
	        cmocka_unit_test(test_net_show_empty),
	        cmocka_unit_test(test_ping_yaml),
	        cmocka_unit_test(test_ping_primary_nid),
	        cmocka_unit_test(test_ping_json),
	        cmocka_unit_test(test_json_valid),
	        cmocka_unit_test(test_escaping),
	        cmocka_unit_test(test_scalars_and_bools),
	        cmocka_unit_test(test_printer_text),
	        cmocka_unit_test(test_printer_trees),
	        cmocka_unit_test(test_printer_empty),
	        cmocka_unit_test(test_printer_misuse),
	        cmocka_unit_test(test_format_option),
	        cmocka_unit_test(test_format_option_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
