// SPDX-License-Identifier: GPL-2.0
/* The YAML reader: trees it builds (shown as JSON, which keeps kinds apart),
 * the lines it records, and rejections with their messages. */
#include <string>

#include "util/print.hpp"
#include "util/yaml_read.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using util::Value;

struct Good {
	const char *yaml;
	const char *json; // util::to_json of the tree, without the final newline
};

static const Good goods[] = {
        {"", "{}"},
        {"# only a comment\n", "{}"},
        {"a: 1\n", "{\n    \"a\": 1\n}"},
        {"a: -7\nb: 007\nc: '5'\nd: 18446744073709551615\ne: 18446744073709551616\n",
         "{\n    \"a\": -7,\n    \"b\": \"007\",\n    \"c\": \"5\",\n    \"d\": 18446744073709551615,\n"
         "    \"e\": \"18446744073709551616\"\n}"},
        {"t: True\nf: false\nq: \"true\"\nn: ~\nm:\nw: no\n",
         "{\n    \"t\": true,\n    \"f\": false,\n    \"q\": \"true\",\n    \"n\": \"\",\n    \"m\": \"\",\n"
         "    \"w\": \"no\"\n}"},
        {"- x\n- [1, y]\n- {k: v}\n", "[\n    \"x\",\n    [\n        1,\n        \"y\"\n    ],\n    {\n"
                                      "        \"k\": \"v\"\n    }\n]"},
        {"net type: tcp\nlocal NI(s): []\n", "{\n    \"net type\": \"tcp\",\n    \"local NI(s)\": []\n}"},
        {"---\nk: !!str 12\n...\n", "{\n    \"k\": \"12\"\n}"},
        {"---\n", "\"\""},
};

static void test_good(void **)
{
	for (const auto &g : goods) {
		print_message("'%s'\n", g.yaml);
		auto v = util::read_yaml(g.yaml);
		if (!v)
			fail_msg("rejected: %s", v.error().message.c_str());
		assert_string_equal(util::to_json(*v).c_str(), (std::string(g.json) + "\n").c_str());
	}
}

static void test_lines(void **)
{
	auto v = util::read_yaml("# header\n"
	                         "net:\n"
	                         "    - net type: tcp\n"
	                         "      local NI(s):\n"
	                         "        - interfaces:\n"
	                         "              0: eth0\n");
	assert_true(v.ok());
	const Value *net = v->find("net");
	assert_non_null(net);
	assert_int_equal(net->line(), 3);
	const Value &entry = net->items().at(0);
	assert_int_equal(entry.line(), 3);
	assert_int_equal(entry.find("net type")->line(), 3);
	const Value &ni = entry.find("local NI(s)")->items().at(0);
	assert_int_equal(ni.line(), 5);
	assert_int_equal(ni.find("interfaces")->find("0")->line(), 6);
}

struct Bad {
	const char *yaml;
	const char *message;
};

static const Bad bads[] = {
        {"a: b: c\n", "line 1: mapping values are not allowed in this context"},
        {"a:\n  - x\n  y: 1\n",
         "line 3: did not find expected '-' indicator (while parsing a block collection starting on line 2)"},
        {"a: [1, 2\n", "line 2: did not find expected ',' or ']' (while parsing a flow sequence starting on "
                       "line 1)"},
        {"a: 1\na: 2\n", "line 2: duplicate key \"a\""},
        {"a: &x 1\nb: *x\n", "line 2: aliases (*name) are not supported"},
        {"a: &x [1]\n", "line 1: anchors (&name) are not supported"},
        {"? [a]\n: 1\n", "line 1: a map key must be a plain word, not a list or map"},
        {"a: 1\n---\nb: 2\n", "line 2: more than one YAML document (\"---\"); one is expected"},
        {"a: \"open\n", "line 2: found unexpected end of stream (while scanning a quoted scalar starting on "
                        "line 1)"},
        {"a:\tb\n\t- c\n",
         "line 2: found a tab character that violates indentation (while scanning a plain scalar "
         "starting on line 1)"},
};

static void test_bad(void **)
{
	for (const auto &b : bads) {
		print_message("'%s'\n", b.yaml);
		auto v = util::read_yaml(b.yaml);
		assert_false(v.ok());
		assert_int_equal(v.error().code, EINVAL);
		assert_string_equal(v.error().message.c_str(), b.message);
	}
}

static void test_depth_limit(void **)
{
	std::string deep(64, '[');
	deep += std::string(64, ']');
	assert_true(util::read_yaml(deep).ok());

	std::string deeper(65, '[');
	deeper += std::string(65, ']');
	auto v = util::read_yaml(deeper);
	assert_false(v.ok());
	assert_string_equal(v.error().message.c_str(), "line 1: nesting deeper than 64 levels");
}

/* What the printer writes reads back as the same tree. */
static void test_print_round_trip(void **)
{
	Value root = Value::map();
	Value &list = root.add("list", Value::seq());
	Value item = Value::map();
	item.add("name", "a: b");
	item.add("number", 42);
	item.add("numeric text", "42");
	item.add("flag", true);
	item.add("word", "no");
	item.add("empty", "");
	list.push(std::move(item));
	list.push("plain");

	auto back = util::read_yaml(util::to_yaml(root));
	assert_true(back.ok());
	assert_string_equal(util::to_json(*back).c_str(), util::to_json(root).c_str());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_good),
	        cmocka_unit_test(test_lines),
	        cmocka_unit_test(test_bad),
	        cmocka_unit_test(test_depth_limit),
	        cmocka_unit_test(test_print_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
