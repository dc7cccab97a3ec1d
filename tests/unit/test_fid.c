// SPDX-License-Identifier: GPL-2.0
/*
 * FIDs (nacre/fid.h): the little-endian disk form, the text form, sanity,
 * and fid_hash() pinned to fixed values (it is part of the disk format:
 * a change would move every object's OI bucket and home directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <nacre/fid.h>

static void test_le_form(void **state)
{
	const struct lu_fid f = { 0x0102030405060708ULL, 0x090a0b0c, 0x0d0e0f10 };
	const uint8_t want[16] = { 8, 7, 6, 5, 4, 3, 2, 1, 0x0c, 0x0b, 0x0a, 9, 0x10, 0x0f, 0x0e, 0x0d };
	struct lu_fid_le le;
	struct lu_fid back;

	(void)state;
	fid_to_le(&le, &f);
	assert_memory_equal(&le, want, 16);
	fid_from_le(&back, &le);
	assert_true(fid_eq(&f, &back));
	assert_false(fid_le_is_zero(&le));
	memset(&le, 0, sizeof(le));
	assert_true(fid_le_is_zero(&le));
}

static void test_text(void **state)
{
	const struct lu_fid f = { 0x200000400ULL, 0x1, 0x0 };
	const struct lu_fid big = { ~0ULL, ~0U, ~0U };
	char buf[FID_TEXT_MAX];

	(void)state;
	snprintf(buf, sizeof(buf), DFID, PFID(&f));
	assert_string_equal(buf, "[0x200000400:0x1:0x0]");
	assert_int_equal(snprintf(buf, sizeof(buf), DFID, PFID(&big)), FID_TEXT_MAX - 1);
	assert_string_equal(buf, "[0xffffffffffffffff:0xffffffff:0xffffffff]");
}

static void test_sane(void **state)
{
	const struct {
		struct lu_fid f;
		bool sane;
	} cases[] = {
		{ { 0, 0, 0 }, false },
		{ { 0, 5, 0 }, false },
		{ { FID_SEQ_NORMAL, 0, 0 }, false },
		{ { FID_SEQ_NORMAL, 1, 0 }, true },
		{ { FID_SEQ_ECHO, 0, 0 }, true },
		{ { FID_SEQ_LOCAL_FILE, 3, 0 }, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(fid_is_sane(&cases[i].f), cases[i].sane);
	assert_true(fid_is_zero(&cases[0].f));
	assert_false(fid_is_zero(&cases[1].f));
}

static void test_hash(void **state)
{
	const struct lu_fid a = { FID_SEQ_NORMAL, 1, 0 }, b = { FID_SEQ_NORMAL, 2, 0 };
	const struct lu_fid c = { FID_SEQ_NORMAL + 1, 1, 0 }, d = { FID_SEQ_NORMAL, 1, 1 };
	unsigned int homes[256] = { 0 };

	(void)state;
	/* Pinned: the disk format. */
	assert_int_equal(fid_hash(&a), 0xb72852e1bd39b717ULL);
	assert_int_equal(fid_hash(&b), 0x8464f0733c5d9bb8ULL);
	assert_true(fid_hash(&a) != fid_hash(&c) && fid_hash(&a) != fid_hash(&d));
	/* Consecutive objects spread over the 256 homes: none over 3x its share. */
	for (__u32 oid = 1; oid <= 256 * 64; oid++) {
		const struct lu_fid f = { FID_SEQ_NORMAL, oid, 0 };

		homes[fid_hash(&f) & 255]++;
	}
	for (int i = 0; i < 256; i++)
		assert_in_range(homes[i], 16, 192);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_le_form),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_sane),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
