// SPDX-License-Identifier: GPL-2.0
/* Result<T>: a value or an Error, and misuse caught as Fatal. */
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "util/result.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using util::Error;
using util::Fatal;
using util::Result;

static Result<int> half(int n)
{
	if (n % 2)
		return Error{EINVAL, "odd number"};
	return n / 2;
}

static void test_value(void **)
{
	Result<int> r = half(10);

	assert_true(r.ok());
	assert_true(static_cast<bool>(r));
	assert_int_equal(*r, 5);
	assert_int_equal(r.value(), 5);
}

static void test_error(void **)
{
	Result<int> r = half(3);

	assert_false(r.ok());
	assert_int_equal(r.error().code, EINVAL);
	assert_string_equal(r.error().message.c_str(), "odd number");
}

static void test_wrong_side_is_fatal(void **)
{
	Result<int> good = half(2);
	Result<int> bad = half(1);
	bool threw_value = false, threw_error = false;

	try {
		(void)bad.value();
	} catch (const Fatal &) {
		threw_value = true;
	}
	try {
		(void)good.error();
	} catch (const Fatal &) {
		threw_error = true;
	}
	assert_true(threw_value);
	assert_true(threw_error);
}

static void test_move_only(void **)
{
	Result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("nid");

	assert_true(r.ok());
	assert_string_equal(r->get()->c_str(), "nid");
	std::unique_ptr<std::string> taken = std::move(r).value();
	assert_string_equal(taken->c_str(), "nid");
}

static void test_string_value_is_not_an_error(void **)
{
	Result<std::string> r = std::string("text");

	assert_true(r.ok());
	assert_string_equal(r->c_str(), "text");
}

static void test_void(void **)
{
	Result<void> ok;
	Result<void> bad = Error::from_errno(EPERM);
	bool threw = false;

	assert_true(ok.ok());
	assert_false(bad.ok());
	assert_int_equal(bad.error().code, EPERM);
	assert_string_equal(bad.error().message.c_str(), std::strerror(EPERM));
	try {
		(void)ok.error();
	} catch (const Fatal &) {
		threw = true;
	}
	assert_true(threw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_value),
	        cmocka_unit_test(test_error),
	        cmocka_unit_test(test_wrong_side_is_fatal),
	        cmocka_unit_test(test_move_only),
	        cmocka_unit_test(test_string_value_is_not_an_error),
	        cmocka_unit_test(test_void),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
