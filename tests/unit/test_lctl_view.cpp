// SPDX-License-Identifier: GPL-2.0
/* What lctl prints (dl, ping, dk, echo_test and echo_lock: one description
 * each, printed as text, YAML and JSON) and the text it reads (interactive lines, sizes, numbers, echo_lock's
 * options, lock cookies). */
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "json_check.hpp"
#include "parse.hpp"
#include "util/print.hpp"
#include "view.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using lctl::DeviceInfo;
using lctl::EchoOp;
using lctl::EchoParams;
using lctl::EchoResult;
using lctl::LockGrant;
using lctl::LockMode;
using util::Format;

/* The description `describe` printed in format f. */
template <typename F>
static std::string out(Format f, F describe)
{
	return util::print(f, describe);
}

static std::string dl(Format f, const std::vector<DeviceInfo> &devs)
{
	return out(f, [&](util::Printer &p) { lctl::print_devices(p, devs); });
}

static std::string echo(Format f, const EchoParams &p, const EchoResult &r)
{
	return out(f, [&](util::Printer &pr) { lctl::print_echo(pr, "ec", p, r); });
}

static std::string echo_lock(Format f, const LockGrant &g)
{
	return out(f, [&](util::Printer &p) { lctl::print_echo_lock(p, g); });
}

/* ---- dl ------------------------------------------------------------------ */

struct DlCase {
	DeviceInfo dev;
	const char *line;
};

static const DlCase dls[] = {
        {{0, "UP", "echo", "ES", "ES_UUID", 3}, "  0 UP echo ES ES_UUID 3"},
        {{7, "AT", "echo_client", "ec", "ec_UUID", 1}, "  7 AT echo_client ec ec_UUID 1"},
        {{123, "ST", "echo", "echo.1", "echo.1_UUID", 0}, "123 ST echo echo.1 echo.1_UUID 0"},
        {{1000, "UP", "echo", "e", "e_UUID", 12}, "1000 UP echo e e_UUID 12"},
};

static void test_dl_line(void **)
{
	for (const auto &c : dls) {
		std::string got = dl(Format::Text, {c.dev});

		assert_string_equal(got.c_str(), (std::string(c.line) + "\n").c_str());
	}
}

static void test_dl_view(void **)
{
	std::vector<DeviceInfo> devs = {dls[0].dev, dls[1].dev};

	std::string text = dl(Format::Text, devs);
	std::string yaml = dl(Format::Yaml, devs);
	std::string json = dl(Format::Json, devs);

	assert_string_equal(text.c_str(), "  0 UP echo ES ES_UUID 3\n"
	                                  "  7 AT echo_client ec ec_UUID 1\n");

	assert_string_equal(yaml.c_str(), "devices:\n"
	                                  "    - index: 0\n"
	                                  "      status: UP\n"
	                                  "      type: echo\n"
	                                  "      name: ES\n"
	                                  "      uuid: ES_UUID\n"
	                                  "      refcount: 3\n"
	                                  "    - index: 7\n"
	                                  "      status: AT\n"
	                                  "      type: echo_client\n"
	                                  "      name: ec\n"
	                                  "      uuid: ec_UUID\n"
	                                  "      refcount: 1\n");
	assert_true(JsonCheck::valid(json));
	assert_string_equal(dl(Format::Json, {}).c_str(), "{\n    \"devices\": []\n}\n");
	assert_string_equal(dl(Format::Yaml, {}).c_str(), "devices: []\n");
	assert_string_equal(dl(Format::Text, {}).c_str(), "");
}

/* ---- ping, dk ------------------------------------------------------------ */

static std::string ping(Format f, const std::vector<lctl::PingNid> &nids)
{
	return out(f, [&](util::Printer &p) { lctl::print_ping(p, nids); });
}

static void test_ping(void **)
{
	const std::vector<lctl::PingNid> nids = {
	        {12345, "0@lo"}, {12345, "10.99.0.2@tcp"}, {0x80000000U | 4242, "10.99.0.2@tcp"}};

	std::string text = ping(Format::Text, nids);
	std::string yaml = ping(Format::Yaml, nids);
	std::string json = ping(Format::Json, nids);

	assert_string_equal(text.c_str(), "12345-0@lo\n"
	                                  "12345-10.99.0.2@tcp\n"
	                                  "U4242-10.99.0.2@tcp\n");
	assert_string_equal(yaml.c_str(), "ping:\n"
	                                  "    - nid: 0@lo\n"
	                                  "      pid: 12345\n"
	                                  "    - nid: 10.99.0.2@tcp\n"
	                                  "      pid: 12345\n"
	                                  "    - nid: 10.99.0.2@tcp\n"
	                                  "      pid: 4242\n"
	                                  "      user_space: True\n");
	assert_true(JsonCheck::valid(json));
	assert_non_null(strstr(json.c_str(), "\"user_space\": true"));
}

static std::string dk(Format f, uint64_t kept, uint64_t dropped)
{
	return out(f, [&](util::Printer &p) { lctl::print_dk_summary(p, kept, dropped); });
}

static void test_dk_summary(void **)
{
	assert_int_equal(lctl::count_lines(""), 0);
	assert_int_equal(lctl::count_lines("a\n"), 1);
	assert_int_equal(lctl::count_lines("a\nb\n"), 2);
	assert_int_equal(lctl::count_lines("a\nb"), 2);
	assert_string_equal(dk(Format::Text, 12, 0).c_str(), "Debug log: 12 lines, 12 kept, 0 dropped.\n");
	assert_string_equal(dk(Format::Text, 100, 28).c_str(),
	                    "Debug log: 128 lines, 100 kept, 28 dropped.\n");
	assert_string_equal(dk(Format::Yaml, 100, 28).c_str(), "debug_log:\n"
	                                                       "    lines: 128\n"
	                                                       "    kept: 100\n"
	                                                       "    dropped: 28\n");
}

/* ---- echo_test ----------------------------------------------------------- */

static EchoParams params(EchoOp op, uint32_t size, uint64_t count, uint32_t concurrency)
{
	EchoParams p;
	p.op = op;
	p.size = size;
	p.count = count;
	p.concurrency = concurrency;
	return p;
}

static EchoResult result(uint64_t done, uint64_t errors, uint64_t bytes, uint64_t usec, uint64_t min,
                         uint64_t avg, uint64_t max)
{
	EchoResult r;
	r.done = done;
	r.errors = errors;
	r.bytes = bytes;
	r.usec = usec;
	r.lat_min_us = min;
	r.lat_avg_us = avg;
	r.lat_max_us = max;
	return r;
}

struct EchoCase {
	EchoParams p;
	EchoResult r;
	const char *line;
};

static const EchoCase echoes[] = {
        {params(EchoOp::Write, 1048576, 1000, 16),
         result(1000, 0, 1000ULL * 1048576, 12300000, 1000, 12000, 45000),
         "echo_test: op write, 1000 RPCs (16 in flight), 1048576 bytes each: 1000 done, 0 errors, 12.3 s, "
         "81.3 MiB/s, 81.3 RPC/s, latency min/avg/max 1.0/12.0/45.0 ms"},
        {params(EchoOp::Ping, 1048576, 10000, 8), result(10000, 0, 0, 520000, 50, 400, 2100),
         "echo_test: op ping, 10000 RPCs (8 in flight), 0 bytes each: 10000 done, 0 errors, 0.520 s, "
         "0.0 MiB/s, 19230.8 RPC/s, latency min/avg/max 0.050/0.400/2.1 ms"},
        {params(EchoOp::Read, 4096, 10, 1), result(7, 3, 7 * 4096, 2000000, 900, 1100, 1500),
         "echo_test: op read, 10 RPCs (1 in flight), 4096 bytes each: 7 done, 3 errors, 2.0 s, "
         "0.0 MiB/s, 3.5 RPC/s, latency min/avg/max 0.900/1.1/1.5 ms"},
        {params(EchoOp::Write, 65536, 5, 5), result(0, 5, 0, 0, 0, 0, 0),
         "echo_test: op write, 5 RPCs (5 in flight), 65536 bytes each: 0 done, 5 errors, 0.000 s, "
         "0.0 MiB/s, 0.0 RPC/s, latency min/avg/max 0.000/0.000/0.000 ms"},
};

static void test_echo_line(void **)
{
	for (const auto &c : echoes) {
		std::string got = echo(Format::Text, c.p, c.r);

		assert_string_equal(got.c_str(), (std::string(c.line) + "\n").c_str());
	}
}

static void test_echo_view(void **)
{
	EchoParams p = params(EchoOp::Write, 1048576, 1000, 16);
	p.verify = true;
	EchoResult r = result(998, 2, 998ULL * 1048576, 12300000, 1000, 12000, 45000);
	r.first_error = ETIMEDOUT;

	std::string yaml = echo(Format::Yaml, p, r);
	std::string json = echo(Format::Json, p, r);

	assert_string_equal(yaml.c_str(), "echo_test:\n"
	                                  "    device: ec\n"
	                                  "    op: write\n"
	                                  "    count: 1000\n"
	                                  "    concurrency: 16\n"
	                                  "    size: 1048576\n"
	                                  "    oid: 1\n"
	                                  "    offset: 0\n"
	                                  "    verify: True\n"
	                                  "    checksum: False\n"
	                                  "    done: 998\n"
	                                  "    errors: 2\n"
	                                  "    first_error: Connection timed out\n"
	                                  "    bytes: 1046478848\n"
	                                  "    elapsed_us: 12300000\n"
	                                  "    bytes_per_s: 85079581\n"
	                                  "    MiB_per_s: 81\n"
	                                  "    rpcs_per_s: 81\n"
	                                  "    latency_us:\n"
	                                  "        min: 1000\n"
	                                  "        avg: 12000\n"
	                                  "        max: 45000\n");
	assert_true(JsonCheck::valid(json));
	assert_non_null(strstr(json.c_str(), "\"first_error\": \"Connection timed out\""));
}

static void test_echo_view_no_errors(void **)
{
	EchoParams p = params(EchoOp::Ping, 1048576, 10, 1);

	std::string yaml = echo(Format::Yaml, p, result(10, 0, 0, 1000, 50, 100, 200));

	assert_null(strstr(yaml.c_str(), "first_error"));
	assert_non_null(strstr(yaml.c_str(), "    size: 0\n"));
}

/* ---- echo_lock ----------------------------------------------------------- */

struct LockLineCase {
	LockGrant g;
	const char *line;
};

static const LockLineCase lock_lines[] = {
        {{0x1a2b3c, LockMode::PW, 0, lctl::extent_eof, 250},
         "lock 0x1a2b3c PW [0, EOF] granted after 0.000250 s"},
        {{0xDEADBEEF00000001ULL, LockMode::EX, 4096, 8191, 12000},
         "lock 0xdeadbeef00000001 EX [4096, 8191] granted after 0.012 s"},
        {{1, LockMode::PR, 1048576, lctl::extent_eof, 12345678},
         "lock 0x1 PR [1048576, EOF] granted after 12.3 s"},
        {{0xffffffffffffffffULL, LockMode::CW, 0, 0, 0},
         "lock 0xffffffffffffffff CW [0, 0] granted after 0.000000 s"},
        {{7, LockMode::CR, 0, lctl::extent_eof - 1, 1000},
         "lock 0x7 CR [0, 18446744073709551614] granted after 0.001 s"},
        {{7, LockMode::CR, 0, lctl::extent_eof, 1000000}, "lock 0x7 CR [0, EOF] granted after 1.0 s"},
        /* a mode the kernel does not have: shown, not hidden */
        {{7, static_cast<LockMode>(3), 0, 0, 1}, "lock 0x7 ?? [0, 0] granted after 0.000001 s"},
};

static void test_echo_lock_line(void **)
{
	for (const auto &c : lock_lines) {
		std::string got = echo_lock(Format::Text, c.g);

		assert_string_equal(got.c_str(), (std::string(c.line) + "\n").c_str());
	}
}

static void test_echo_lock_view(void **)
{
	LockGrant g{0x1a2b3c, LockMode::PW, 0, lctl::extent_eof, 250};

	std::string json = echo_lock(Format::Json, g);
	std::string yaml = echo_lock(Format::Yaml, g);

	assert_string_equal(json.c_str(), "{\n"
	                                  "    \"cookie\": \"0x1a2b3c\",\n"
	                                  "    \"mode\": \"PW\",\n"
	                                  "    \"granted_start\": 0,\n"
	                                  "    \"granted_end\": 18446744073709551615,\n"
	                                  "    \"wait_usec\": 250\n"
	                                  "}\n");
	assert_true(JsonCheck::valid(json));
	/* a YAML reader must not take the cookie for a number */
	assert_string_equal(yaml.c_str(), "cookie: \"0x1a2b3c\"\n"
	                                  "mode: PW\n"
	                                  "granted_start: 0\n"
	                                  "granted_end: 18446744073709551615\n"
	                                  "wait_usec: 250\n");
}

/* ---- what lctl reads ----------------------------------------------------- */

struct SplitCase {
	const char *line;
	const char *words; /* joined by '|', or "!message" */
};

static const SplitCase splits[] = {
        {"get_param -n version", "get_param|-n|version"},
        {"  dl \t -t  ", "dl|-t"},
        {"", ""},
        {"   ", ""},
        {"# a comment", ""},
        {"   #indented comment", ""},
        {"dl # not a comment", "dl|#|not|a|comment"},
        {"set_param 'a.b=x y'", "set_param|a.b=x y"},
        {"set_param \"a.b=say \\\"hi\\\" \\\\ \\n\"", "set_param|a.b=say \"hi\" \\ \\n"},
        {"get_param obdecho.echo\\.1.uuid", "get_param|obdecho.echo\\.1.uuid"},
        {"a'b c'd e", "ab cd|e"},
        {"x ''", "x|"},
        {"echo_test 'open", "!unterminated single quote"},
        {"echo_test \"open", "!unterminated double quote"},
};

static void test_split_line(void **)
{
	for (const auto &c : splits) {
		print_message("%s\n", c.line);

		auto r = lctl::split_line(c.line);

		std::string got;
		if (!r) {
			got = "!" + r.error().message;
		} else {
			for (std::size_t i = 0; i < r->size(); i++)
				got += (i ? "|" : "") + (*r)[i];
		}
		assert_string_equal(got.c_str(), c.words);
	}
}

struct NumberCase {
	const char *text;
	const char *result; /* "=N" or "!message" */
};

static const NumberCase sizes[] = {
        {"0", "=0"},
        {"4096", "=4096"},
        {"64K", "=65536"},
        {"64k", "=65536"},
        {"1M", "=1048576"},
        {"4M", "=4194304"},
        {"4194304", "=4194304"},
        {"4194305", "!--size \"4194305\": at most 4194304 bytes"},
        {"5M", "!--size \"5M\": at most 4194304 bytes"},
        {"1G", "!--size \"1G\": at most 4194304 bytes"},
        {"1X", "!--size \"1X\": expected bytes with an optional K, M or G, like 4096, 64K, 1M"},
        {"1MB", "!--size \"1MB\": expected bytes with an optional K, M or G, like 4096, 64K, 1M"},
        {"-1", "!--size \"-1\": not a number"},
        {"+1", "!--size \"+1\": not a number"},
        {"", "!--size \"\": not a number"},
        {"M", "!--size \"M\": not a number"},
        {"99999999999999999999", "!--size \"99999999999999999999\": too large"},
};

static const NumberCase numbers[] = {
        {"1", "=1"},
        {"120", "=120"},
        {"0", "!timeout \"0\": expected 1 to 120"},
        {"121", "!timeout \"121\": expected 1 to 120"},
        {"1k", "!timeout \"1k\": not a number"},
        {"ten", "!timeout \"ten\": not a number"},
};

static std::string outcome(const util::Result<uint64_t> &r)
{
	return r ? "=" + std::to_string(*r) : "!" + r.error().message;
}

static void test_parse_size(void **)
{
	for (const auto &c : sizes) {
		std::string got = outcome(lctl::parse_size(c.text, 4U << 20, "--size"));

		assert_string_equal(got.c_str(), c.result);
	}
	assert_string_equal(outcome(lctl::parse_size("16G", UINT64_MAX, "--offset")).c_str(), "=17179869184");
}

static void test_parse_number(void **)
{
	for (const auto &c : numbers) {
		std::string got = outcome(lctl::parse_number(c.text, 1, 120, "timeout"));

		assert_string_equal(got.c_str(), c.result);
	}
}

struct LockArgsCase {
	lctl::LockArgs a;
	const char *result; /* "MODE oid start end" or "!message" */
};

static lctl::LockArgs lock_args(const char *mode, const char *oid = "1", const char *start = "0",
                                const char *end = "EOF")
{
	return lctl::LockArgs{mode, oid, start, end};
}

static const LockArgsCase lock_argss[] = {
        /* the defaults: object 1, the whole object */
        {lock_args("PW"), "PW 1 0 18446744073709551615"},
        {lock_args("EX", "5", "0", "4095"), "EX 5 0 4095"},
        {lock_args("PR", "0", "1M", "2097151"), "PR 0 1048576 2097151"},
        {lock_args("CW", "18446744073709551615", "4K", "eof"),
         "CW 18446744073709551615 4096 18446744073709551615"},
        {lock_args("cr", "1", "0", "Eof"), "CR 1 0 18446744073709551615"},
        {lock_args("pw", "1", "0", "18446744073709551615"), "PW 1 0 18446744073709551615"},
        {lock_args("Ex", "1", "7", "7"), "EX 1 7 7"},
        /* refusals */
        {lock_args(""), "!--mode \"\": expected EX, PW, PR, CW or CR"},
        {lock_args("NL"), "!--mode \"NL\": expected EX, PW, PR, CW or CR"},
        {lock_args("GROUP"), "!--mode \"GROUP\": expected EX, PW, PR, CW or CR"},
        {lock_args("P"), "!--mode \"P\": expected EX, PW, PR, CW or CR"},
        {lock_args("PWX"), "!--mode \"PWX\": expected EX, PW, PR, CW or CR"},
        {lock_args("2"), "!--mode \"2\": expected EX, PW, PR, CW or CR"},
        {lock_args("PW", "-1"), "!--oid \"-1\": not a number"},
        {lock_args("PW", "1k"), "!--oid \"1k\": not a number"},
        {lock_args("PW", "18446744073709551616"), "!--oid \"18446744073709551616\": too large"},
        {lock_args("PW", "1", "x"), "!--start \"x\": not a number"},
        {lock_args("PW", "1", "EOF"), "!--start \"EOF\": not a number"},
        {lock_args("PW", "1", "17179869184G"),
         "!--start \"17179869184G\": at most 18446744073709551615 bytes"},
        {lock_args("PW", "1", "0", ""), "!--end \"\": not a number"},
        {lock_args("PW", "1", "0", "EOFF"), "!--end \"EOFF\": not a number"},
        {lock_args("PW", "1", "0", "1X"),
         "!--end \"1X\": expected bytes with an optional K, M or G, like 4096, 64K, 1M"},
        {lock_args("PW", "1", "8192", "4095"),
         "!--end 4095 is before --start 8192 (the extent is [start, end], both included)"},
        {lock_args("PW", "1", "1M", "1023K"),
         "!--end 1023K is before --start 1M (the extent is [start, end], both included)"},
};

static void test_lock_params(void **)
{
	for (const auto &c : lock_argss) {
		print_message("%s %s %s %s\n", c.a.mode.c_str(), c.a.oid.c_str(), c.a.start.c_str(),
		              c.a.end.c_str());

		auto r = lctl::lock_params(c.a);

		std::string got = r ? std::string(lctl::lock_mode_name(r->mode)) + " " +
		                                  std::to_string(r->oid) + " " + std::to_string(r->start) +
		                                  " " + std::to_string(r->end)
		                    : "!" + r.error().message;
		assert_string_equal(got.c_str(), c.result);
		/* out of range: ERANGE; anything else refused: EINVAL */
		if (!r)
			assert_int_equal(r.error().code,
			                 strstr(c.result, "too large") || strstr(c.result, "at most")
			                         ? ERANGE
			                         : EINVAL);
	}
}

static void test_lock_modes(void **)
{
	/* Lustre's LCK_* values, as OBD_IOC_ECHO_LOCK takes them */
	assert_int_equal(static_cast<uint32_t>(*lctl::lock_mode("EX")), 1);
	assert_int_equal(static_cast<uint32_t>(*lctl::lock_mode("PW")), 2);
	assert_int_equal(static_cast<uint32_t>(*lctl::lock_mode("PR")), 4);
	assert_int_equal(static_cast<uint32_t>(*lctl::lock_mode("CW")), 8);
	assert_int_equal(static_cast<uint32_t>(*lctl::lock_mode("CR")), 16);
	for (const char *m : {"EX", "PW", "PR", "CW", "CR"})
		assert_string_equal(lctl::lock_mode_name(*lctl::lock_mode(m)), m);
}

static const NumberCase cookies[] = {
        {"0x1a2b3c", "=1715004"},
        {"0X1A2B3C", "=1715004"},
        {"1a2b3c", "=1715004"},
        {"10", "=16"},
        {"0xffffffffffffffff", "=18446744073709551615"},
        {"0xdeadbeef00000001", "=16045690981097406465"},
        {"0x10000000000000000", "!cookie \"0x10000000000000000\": more than 64 bits"},
        {"0x0", "!cookie \"0x0\": no lock has cookie 0"},
        {"0", "!cookie \"0\": no lock has cookie 0"},
        {"", "!cookie \"\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"0x", "!cookie \"0x\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"0x0x5", "!cookie \"0x0x5\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"-0x5", "!cookie \"-0x5\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"0x-5", "!cookie \"0x-5\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"+5", "!cookie \"+5\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"0x12g", "!cookie \"0x12g\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"0x12 ", "!cookie \"0x12 \": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
        {"lock", "!cookie \"lock\": expected the hexadecimal cookie echo_lock printed, like 0x1a2b3c"},
};

static void test_parse_cookie(void **)
{
	for (const auto &c : cookies) {
		print_message("'%s'\n", c.text);

		std::string got = outcome(lctl::parse_cookie(c.text));

		assert_string_equal(got.c_str(), c.result);
	}
	/* what echo_lock prints reads back */
	for (uint64_t v : {1ULL, 0x1a2b3cULL, 0x8000000000000000ULL, ~0ULL})
		assert_true(*lctl::parse_cookie(lctl::cookie_text(v)) == v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dl_line),
	        cmocka_unit_test(test_dl_view),
	        cmocka_unit_test(test_ping),
	        cmocka_unit_test(test_dk_summary),
	        cmocka_unit_test(test_echo_line),
	        cmocka_unit_test(test_echo_view),
	        cmocka_unit_test(test_echo_view_no_errors),
	        cmocka_unit_test(test_split_line),
	        cmocka_unit_test(test_parse_size),
	        cmocka_unit_test(test_parse_number),
	        cmocka_unit_test(test_echo_lock_line),
	        cmocka_unit_test(test_echo_lock_view),
	        cmocka_unit_test(test_lock_params),
	        cmocka_unit_test(test_lock_modes),
	        cmocka_unit_test(test_parse_cookie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
