// SPDX-License-Identifier: GPL-2.0
/*
 * PTLRPC_BULK_OPS_COUNT (nacre/ptlrpc_bulk_ops.h), the size of a bulk's
 * MD handle array: for every page size Linux builds with and several bulk
 * sizes, enough MDs for every page, and no more than needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <nacre/ptlrpc_bulk_ops.h>

#define MAX_IOV 256	/* LNET_MAX_IOV */

struct ops_case {
	unsigned long long bytes;
	unsigned int page_shift;
	unsigned int want;
};

static const struct ops_case cases[] = {
	{ 4ULL << 20, 12, 4 },		/* x86_64: 1024 pages */
	{ 4ULL << 20, 14, 1 },		/* 16 KiB pages: 256 pages, exactly one MD */
	{ 4ULL << 20, 16, 1 },		/* arm64/ppc64el 64 KiB: 64 pages (was 0) */
	{ 4ULL << 20, 18, 1 },		/* 256 KiB pages: 16 pages */
	{ 1ULL << 20, 12, 1 },
	{ 16ULL << 20, 12, 16 },
	{ 16ULL << 20, 16, 1 },
	{ (4ULL << 20) + 4096, 12, 5 },	/* one page over: one more MD */
	{ 4096, 16, 1 },		/* less than a page still needs an MD */
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ops_case *c = &cases[i];
		unsigned long long ops = PTLRPC_BULK_OPS_COUNT(c->bytes, c->page_shift, MAX_IOV);

		print_message("bytes %llu page_shift %u: %llu MDs\n", c->bytes, c->page_shift,
			      ops);
		assert_int_equal(ops, c->want);
	}
}

/* Every page has an MD, and one MD fewer would not do. */
static void test_covers_tightly(void **state)
{
	unsigned long long bytes;
	unsigned int shift;

	(void)state;
	for (shift = 12; shift <= 18; shift++) {
		for (bytes = 1ULL << shift; bytes <= (64ULL << 20); bytes <<= 1) {
			unsigned long long pages = bytes >> shift;
			unsigned long long ops = PTLRPC_BULK_OPS_COUNT(bytes, shift, MAX_IOV);

			assert_true(ops >= 1);
			assert_true(ops * MAX_IOV >= pages);
			assert_true((ops - 1) * MAX_IOV < pages);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_covers_tightly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
