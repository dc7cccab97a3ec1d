// SPDX-License-Identifier: GPL-2.0
/* lctl's parameter tree: names into path patterns, the glob search over a
 * fake tree (dotted directory names, two roots, links), and what list_param,
 * get_param and set_param print, errors included. */
#include <csignal>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "param.hpp"
#include "param_ops.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include "lctl_tree.hpp"

using lctl::ParamEntry;
using lctl::ParamTree;

/* ---- names and path patterns --------------------------------------------- */

struct PatternCase {
	const char *name;
	const char *path;  /* pattern_path */
	const char *parts; /* split_pattern: text, then '.' or '/' for a dot or slash after it */
};

static const PatternCase patterns[] = {
        {"version", "version", "version"},
        {"ldlm.namespaces.*.lru_size", "ldlm/namespaces/*/lru_size", "ldlm.namespaces.*.lru_size"},
        {"ldlm/namespaces/*", "ldlm/namespaces/*", "ldlm/namespaces/*"},
        {"osc.*/stats", "osc/*/stats", "osc.*/stats"},
        {"obdecho.echo\\.1.uuid", "obdecho/echo.1/uuid", "obdecho.echo\\.1.uuid"},
        {"a..b", "a//b", "a..b"},
        {"*", "*", "*"},
        {"[ab]?c", "[ab]?c", "[ab]?c"},
        {"trailing.", "trailing/", "trailing."},
};

static std::string parts_text(const std::vector<lctl::PatternPart> &parts)
{
	std::string out;
	for (std::size_t i = 0; i < parts.size(); i++) {
		out += parts[i].text;
		if (i + 1 < parts.size())
			out += parts[i].dot_after ? "." : "/";
	}
	return out;
}

static void test_pattern_path(void **)
{
	for (const auto &c : patterns) {
		print_message("%s\n", c.name);

		std::string path = lctl::pattern_path(c.name);
		std::string parts = parts_text(lctl::split_pattern(c.name));

		assert_string_equal(path.c_str(), c.path);
		assert_string_equal(parts.c_str(), c.parts);
	}
}

static void test_param_name(void **)
{
	assert_string_equal(lctl::param_name("ldlm/namespaces/ns1/lru_size").c_str(),
	                    "ldlm.namespaces.ns1.lru_size");
	assert_string_equal(lctl::param_name("obdecho/echo.1").c_str(), "obdecho.echo.1");
	assert_string_equal(lctl::param_name("version").c_str(), "version");
}

/* ---- the search -------------------------------------------------------- */

struct FindCase {
	const char *pattern;
	const char *names; /* the matches' names, root by root, comma-separated, each "0:" or "1:" */
};

static const FindCase finds[] = {
        {"version", "0:version"},
        {"ldlm.namespaces.*.lru_size", "0:ldlm.namespaces.ns1.lru_size,0:ldlm.namespaces.ns2.lru_size"},
        {"ldlm/namespaces/ns?/lru_size", "0:ldlm.namespaces.ns1.lru_size,0:ldlm.namespaces.ns2.lru_size"},
        {"ldlm.namespaces.ns[2-9].lru_*", "0:ldlm.namespaces.ns2.lru_max_age,0:ldlm.namespaces.ns2.lru_size"},
        /* a directory in both roots: once from each */
        {"ldlm.namespaces.ns1", "0:ldlm.namespaces.ns1,1:ldlm.namespaces.ns1"},
        {"ldlm.namespaces.*.pool.stats", "1:ldlm.namespaces.ns1.pool.stats"},
        /* dotted directory names, by joining, escaping or globbing */
        {"obdecho.echo.1.uuid", "0:obdecho.echo.1.uuid"},
        {"obdecho.echo\\.1.uuid", "0:obdecho.echo.1.uuid"},
        {"obdecho.ech?\\.1.uuid", "0:obdecho.echo.1.uuid"},
        {"obdecho.*.uuid", "0:obdecho.echo.1.uuid"},
        {"mgc.MGC10.0.0.1@tcp.import", "0:mgc.MGC10.0.0.1@tcp.import"},
        {"mgc.*.import", "0:mgc.MGC10.0.0.1@tcp.import"},
        /* a leading dot only explicitly; "." and ".." never */
        {"*", "0:dlm,0:empty,0:ldlm,0:mgc,0:no_newline,0:obdecho,0:version,1:debug,1:ldlm"},
        {".hidden", "0:.hidden"},
        {"ldlm...version", ""},
        {"ldlm.namespaces.ns1...lru_size", ""},
        /* through a symbolic link */
        {"dlm.namespaces.ns1.lru_size", "0:dlm.namespaces.ns1.lru_size"},
        {"nothing", ""},
        {"ldlm.nothing.*", ""},
        {"", ""},
};

static void test_find(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());

	for (const auto &c : finds) {
		print_message("%s\n", c.pattern);

		std::string got;
		for (const auto &e : tree.find(c.pattern)) {
			const bool second = e.path.starts_with(t.root(1) + "/");
			got += std::string(got.empty() ? "" : ",") + (second ? "1:" : "0:") + e.name;
		}

		assert_string_equal(got.c_str(), c.names);
	}
	/* a NUL (a script line can hold one) matches nothing: the system calls
	 * would stop at it, and every name after it would seem to exist */
	using namespace std::string_view_literals;
	assert_true(tree.find("version\0"sv).empty());
	assert_true(tree.find("ldlm\0.x.y.z"sv).empty());
	assert_true(tree.find("ldlm\0.*"sv).empty());
	assert_true(tree.find("*\0nothing"sv).empty());
}

static void test_entry_kinds(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());

	auto link = tree.find("dlm");
	auto dir = tree.find("ldlm");
	auto ro = tree.find("version");
	auto wo = tree.find("ldlm.namespaces.ns2.clear");

	assert_int_equal(link.size(), 1);
	assert_true(link[0].link && link[0].dir);
	assert_string_equal(lctl::classified_name(link[0]).c_str(), "dlm@");
	assert_true(dir[0].dir && !dir[0].link);
	assert_string_equal(lctl::classified_name(dir[0]).c_str(), "ldlm/");
	assert_true(ro[0].file && ro[0].readable && !ro[0].writable);
	assert_string_equal(lctl::classified_name(ro[0]).c_str(), "version");
	assert_true(wo[0].file && !wo[0].readable && wo[0].writable);
	assert_string_equal(lctl::classified_name(wo[0]).c_str(), "ldlm.namespaces.ns2.clear=");
}

static void test_descend(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());
	auto ns = tree.find("ldlm.namespaces");

	std::string got;
	for (const auto &m : ns)
		for (const auto &e : tree.descend(m))
			got += e.name + "\n";

	assert_string_equal(got.c_str(), "ldlm.namespaces.ns1\n"
	                                 "ldlm.namespaces.ns1.lru_size\n"
	                                 "ldlm.namespaces.ns2\n"
	                                 "ldlm.namespaces.ns2.clear\n"
	                                 "ldlm.namespaces.ns2.lru_max_age\n"
	                                 "ldlm.namespaces.ns2.lru_size\n"
	                                 "ldlm.namespaces.ns1\n"
	                                 "ldlm.namespaces.ns1.pool\n"
	                                 "ldlm.namespaces.ns1.pool.stats\n");
}

/* ---- get_param's formatting ---------------------------------------------- */

struct FormatCase {
	const char *value;
	bool show_name;
	const char *out;
};

static const FormatCase formats[] = {
        {"100\n", true, "x.y=100\n"},
        {"100", true, "x.y=100\n"},
        {"100\n", false, "100\n"},
        {"a\nb\n", true, "x.y=\na\nb\n"},
        {"a\nb", true, "x.y=\na\nb\n"},
        {"a\nb\n", false, "a\nb\n"},
        {"", true, ""},
        {"", false, ""},
        {"\n", true, "x.y=\n"},
        {"one line with spaces = and equals\n", true, "x.y=one line with spaces = and equals\n"},
};

static void test_format_param(void **)
{
	for (const auto &c : formats) {
		std::string got = lctl::format_param("x.y", c.value, c.show_name);

		assert_string_equal(got.c_str(), c.out);
	}
}

/* ---- list_param, get_param, set_param ------------------------------------ */

struct OpCase {
	const char *what;
	std::vector<std::string> patterns;
	int status;
	const char *out;
	const char *err; /* with ROOT0 for the first root's path */
};

static std::string with_roots(const std::string &s, const FakeTree &t)
{
	std::string out = s;
	for (std::size_t at; (at = out.find("ROOT0")) != std::string::npos;)
		out.replace(at, 5, t.root(0));
	return out;
}

static void check(const OpCase &c, const FakeTree &t, int status, const std::ostringstream &out,
                  const std::ostringstream &err)
{
	print_message("%s\n", c.what);
	assert_string_equal(out.str().c_str(), c.out);
	assert_string_equal(err.str().c_str(), with_roots(c.err, t).c_str());
	assert_int_equal(status, c.status);
}

static const std::pair<lctl::GetOptions, OpCase> gets[] = {
        {{}, {"one-line value", {"version"}, 0, "version=2.16.0-nacre\n", ""}},
        {{},
         {"glob",
          {"ldlm.namespaces.*.lru_size"},
          0,
          "ldlm.namespaces.ns1.lru_size=100\nldlm.namespaces.ns2.lru_size=200\n",
          ""}},
        {{true, false, false, false}, {"-n", {"ldlm.namespaces.*.lru_size"}, 0, "100\n200\n", ""}},
        {{},
         {"multi-line value",
          {"mgc.*.import"},
          0,
          "mgc.MGC10.0.0.1@tcp.import=\nimport:\n    name: MGC10.0.0.1@tcp\n    state: FULL\n",
          ""}},
        {{}, {"no newline at the end", {"no_newline"}, 0, "no_newline=42\n", ""}},
        {{}, {"empty file", {"empty"}, 0, "", ""}},
        {{}, {"directories are not read", {"ldlm.namespaces.ns1"}, 0, "", ""}},
        {{false, false, true, false},
         {"-R",
          {"ldlm.namespaces.ns1"},
          0,
          "ldlm.namespaces.ns1.lru_size=100\nldlm.namespaces.ns1.pool.stats=\n"
          "granted 1 samples [locks]\ngrant_rate 2 samples [locks/s]\n",
          ""}},
        {{false, true, false, false},
         {"-N", {"ldlm.namespaces.*"}, 0, "ldlm.namespaces.ns1\nldlm.namespaces.ns2\n", ""}},
        {{false, true, false, true},
         {"-N -F",
          {"ldlm.namespaces.ns2.*", "dlm"},
          0,
          "ldlm.namespaces.ns2.clear=\nldlm.namespaces.ns2.lru_max_age=\nldlm.namespaces.ns2.lru_size=\ndlm@"
          "\n",
          ""}},
        {{},
         {"write-only file",
          {"ldlm.namespaces.ns2.*"},
          1,
          "ldlm.namespaces.ns2.lru_max_age=3900000\nldlm.namespaces.ns2.lru_size=200\n",
          "error: read_param: 'ROOT0/ldlm/namespaces/ns2/clear': Permission denied\n"}},
        {{},
         {"no match",
          {"x.y", "version"},
          1,
          "version=2.16.0-nacre\n",
          "error: get_param: param_path 'x.y': No such file or directory\n"}},
        {{false, true, false, false},
         {"-N, no match", {"x.*"}, 1, "", "error: get_param: param_path 'x.*': No such file or directory\n"}},
};

static void test_get_param(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());

	for (const auto &[o, c] : gets) {
		std::ostringstream out, err;

		int status = lctl::get_param(tree, c.patterns, o, out, err);

		check(c, t, status, out, err);
	}
}

static const std::pair<lctl::ListOptions, OpCase> lists[] = {
        {{}, {"names", {"ldlm.namespaces.*"}, 0, "ldlm.namespaces.ns1\nldlm.namespaces.ns2\n", ""}},
        {{}, {"a directory in two roots, once", {"ldlm"}, 0, "ldlm\n", ""}},
        {{true, false, false},
         {"-R",
          {"ldlm.namespaces.ns1"},
          0,
          "ldlm.namespaces.ns1\nldlm.namespaces.ns1.lru_size\nldlm.namespaces.ns1.pool\n"
          "ldlm.namespaces.ns1.pool.stats\n",
          ""}},
        {{false, true, false},
         {"-F", {"*"}, 0, "dlm@\nempty\nldlm/\nmgc/\nno_newline\nobdecho/\nversion\ndebug=\n", ""}},
        {{true, false, true},
         {"-R -D",
          {"ldlm"},
          0,
          "ldlm\nldlm.namespaces\nldlm.namespaces.ns1\nldlm.namespaces.ns2\n"
          "ldlm.namespaces.ns1.pool\n",
          ""}},
        {{},
         {"no match",
          {"nothing"},
          1,
          "",
          "error: list_param: param_path 'nothing': No such file or directory\n"}},
};

static void test_list_param(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());

	for (const auto &[o, c] : lists) {
		std::ostringstream out, err;

		int status = lctl::list_param(tree, c.patterns, o, out, err);

		check(c, t, status, out, err);
	}
}

struct AssignCase {
	std::vector<std::string> words;
	const char *result; /* name=value;... or !message */
};

static const AssignCase assigns[] = {
        {{"a.b=1"}, "a.b=1;"},
        {{"a.b=1", "c=x=y"}, "a.b=1;c=x=y;"},
        {{"a.b", "1"}, "a.b=1;"},
        {{"a.b=", "c", "-1"}, "a.b=;c=-1;"},
        {{"a.b"}, "!'a.b': no value (expected name=value)"},
        {{"=1"}, "!'=1': no parameter name before '='"},
        {{"", "1"}, "!'': no parameter name"},
        {{"a.b=1", ""}, "!'': no parameter name"},
};

static void test_assignments(void **)
{
	for (const auto &c : assigns) {
		auto r = lctl::assignments(c.words);

		std::string got;
		if (!r)
			got = "!" + r.error().message;
		else
			for (const auto &[n, v] : *r)
				got += n + "=" + v + ";";
		assert_string_equal(got.c_str(), c.result);
	}
}

static void test_set_param(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());
	std::ostringstream out, err;

	int status = lctl::set_param(tree, {{"ldlm.namespaces.*.lru_size", "400"}, {"debug", "-1"}}, false,
	                             out, err);

	assert_int_equal(status, 0);
	assert_string_equal(out.str().c_str(),
	                    "ldlm.namespaces.ns1.lru_size=400\nldlm.namespaces.ns2.lru_size=400\ndebug=-1\n");
	assert_string_equal(err.str().c_str(), "");
	/* One write at offset 0, no truncation (sysfs replaces the value). */
	assert_string_equal(t.read(0, "ldlm/namespaces/ns1/lru_size").c_str(), "400\n");
	assert_string_equal(t.read(0, "ldlm/namespaces/ns2/lru_size").c_str(), "400\n");
	assert_string_equal(t.read(1, "debug").c_str(), "-1t neterror\n");
}

static void test_set_param_quiet(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());
	std::ostringstream out, err;

	int status = lctl::set_param(tree, {{"obdecho.echo.1.uuid", "x"}}, true, out, err);

	assert_int_equal(status, 0);
	assert_string_equal(out.str().c_str(), "");
	assert_string_equal(t.read(0, "obdecho/echo.1/uuid").c_str(), "xcho.1_UUID\n");
}

static void test_set_param_errors(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());
	std::ostringstream out, err;

	int status = lctl::set_param(
	        tree,
	        {{"nothing.here", "1"}, {"ldlm.namespaces", "1"}, {"ldlm.namespaces.ns2.lru_max_age", "2"}},
	        false, out, err);

	assert_int_equal(status, 1);
	assert_string_equal(out.str().c_str(), "ldlm.namespaces.ns2.lru_max_age=2\n");
	assert_string_equal(err.str().c_str(),
	                    "error: set_param: param_path 'nothing.here': No such file or directory\n"
	                    "error: set_param: param_path 'ldlm.namespaces': no file to set (directories are "
	                    "not written)\n");
}

/* A write the kernel refuses, played by a file size limit of 0 (EFBIG). */
static void test_set_param_refused(void **)
{
	FakeTree t;
	t.populate();
	ParamTree tree(t.roots());
	std::ostringstream out, err;
	struct rlimit old, none;
	assert_int_equal(::getrlimit(RLIMIT_FSIZE, &old), 0);
	none = old;
	none.rlim_cur = 0;
	void (*old_handler)(int) = ::signal(SIGXFSZ, SIG_IGN);

	assert_int_equal(::setrlimit(RLIMIT_FSIZE, &none), 0);
	int status = lctl::set_param(tree, {{"ldlm.namespaces.*.lru_size", "400"}}, false, out, err);
	assert_int_equal(::setrlimit(RLIMIT_FSIZE, &old), 0);
	::signal(SIGXFSZ, old_handler);

	assert_int_equal(status, 1);
	assert_string_equal(out.str().c_str(), "");
	assert_string_equal(err.str().c_str(),
	                    ("error: set_param: setting " + t.root(0) +
	                     "/ldlm/namespaces/ns1/lru_size=400: File too large\n"
	                     "error: set_param: setting " +
	                     t.root(0) + "/ldlm/namespaces/ns2/lru_size=400: File too large\n")
	                            .c_str());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pattern_path),
	        cmocka_unit_test(test_param_name),
	        cmocka_unit_test(test_find),
	        cmocka_unit_test(test_entry_kinds),
	        cmocka_unit_test(test_descend),
	        cmocka_unit_test(test_format_param),
	        cmocka_unit_test(test_get_param),
	        cmocka_unit_test(test_list_param),
	        cmocka_unit_test(test_assignments),
	        cmocka_unit_test(test_set_param),
	        cmocka_unit_test(test_set_param_quiet),
	        cmocka_unit_test(test_set_param_errors),
	        cmocka_unit_test(test_set_param_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
