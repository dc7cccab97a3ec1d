// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-manager policy (kernel/ldlm/ldlm_policy.c): the mode matrix for
 * every pair, matching and conversion masks, extent/ibits/plain conflicts,
 * lock containment and the extent-growing rule.  Tables of cases, each
 * checked Arrange/Act/Assert.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <nacre/ldlm_policy.h>

#define EOF_ LDLM_EOF
#define MiB (1ULL << 20)

/* --- modes ------------------------------------------------------------------ */

static const enum ldlm_mode modes[] = {
	LCK_EX, LCK_PW, LCK_PR, LCK_CW, LCK_CR, LCK_NL, LCK_GROUP, LCK_COS, LCK_TXN,
};

/* Row = first mode, column = second mode, in the order of modes[]. */
static const char *const compat_grid[] = {
	/*        EX PW PR CW CR NL GR CO TX */
	/* EX */ "0  0  0  0  0  1  0  0  0",
	/* PW */ "0  0  0  0  1  1  0  0  0",
	/* PR */ "0  0  1  0  1  1  0  0  0",
	/* CW */ "0  0  0  1  1  1  0  0  0",
	/* CR */ "0  1  1  1  1  1  0  0  0",
	/* NL */ "1  1  1  1  1  1  1  1  1",
	/* GR */ "0  0  0  0  0  1  1  0  0",
	/* CO */ "0  0  0  0  0  1  0  1  0",
	/* TX */ "0  0  0  0  0  1  0  0  1",
};

static void test_compat_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(modes); j++) {
			bool want = compat_grid[i][3 * j] == '1';

			bool got = ldlm_modes_compat(modes[i], modes[j]);

			if (got != want)
				fail_msg("compat(%s, %s) = %d, want %d", ldlm_mode_name(modes[i]),
					 ldlm_mode_name(modes[j]), got, want);
		}
	}
}

static void test_mode_invalid(void **state)
{
	static const unsigned int bad[] = { 0, 3, LCK_PW | LCK_PR, 512, 0x80000000U };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum ldlm_mode m = (enum ldlm_mode)bad[i];

		assert_false(ldlm_mode_valid(m));
		assert_false(ldlm_modes_compat(m, LCK_NL));
		assert_false(ldlm_modes_compat(LCK_NL, m));
		assert_int_equal(ldlm_mode_covers_mask(m), 0);
		assert_string_equal(ldlm_mode_name(m), "--");
	}
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		assert_true(ldlm_mode_valid(modes[i]));
}

static const struct covers_case {
	enum ldlm_mode want;
	__u32 mask;
} covers_cases[] = {
	{ LCK_EX, LCK_EX },
	{ LCK_PW, LCK_EX | LCK_PW },
	{ LCK_PR, LCK_EX | LCK_PW | LCK_PR },
	{ LCK_CW, LCK_EX | LCK_PW | LCK_CW },
	{ LCK_CR, LCK_EX | LCK_PW | LCK_PR | LCK_CW | LCK_CR },
	{ LCK_NL, LCK_EX | LCK_PW | LCK_PR | LCK_CW | LCK_CR | LCK_NL },
	{ LCK_GROUP, LCK_GROUP },
	{ LCK_COS, LCK_COS },
	{ LCK_TXN, LCK_TXN },
};

static void test_covers_mask(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(covers_cases); i++) {
		const struct covers_case *c = &covers_cases[i];

		__u32 got = ldlm_mode_covers_mask(c->want);

		if (got != c->mask)
			fail_msg("covers(%s) = %#x, want %#x", ldlm_mode_name(c->want), got, c->mask);
	}
}

static const struct downgrade_case {
	enum ldlm_mode from, to;
	bool ok;
} downgrade_cases[] = {
	{ LCK_PW, LCK_PR, true },
	{ LCK_PW, LCK_PW, true },
	{ LCK_EX, LCK_PW, true },
	{ LCK_EX, LCK_NL, true },
	{ LCK_PW, LCK_CW, true },
	{ LCK_PR, LCK_CR, true },
	{ LCK_PR, LCK_PW, false },
	{ LCK_PR, LCK_CW, false },
	{ LCK_CW, LCK_PR, false },
	{ LCK_NL, LCK_CR, false },
	{ LCK_EX, LCK_GROUP, false },
	{ LCK_GROUP, LCK_NL, false },
	{ LCK_GROUP, LCK_GROUP, true },
	{ (enum ldlm_mode)3, LCK_NL, false },
};

static void test_downgrade(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(downgrade_cases); i++) {
		const struct downgrade_case *c = &downgrade_cases[i];

		bool got = ldlm_mode_is_downgrade(c->from, c->to);

		if (got != c->ok)
			fail_msg("downgrade %s -> %s = %d", ldlm_mode_name(c->from),
				 ldlm_mode_name(c->to), got);
	}
}

static void test_writer(void **state)
{
	(void)state;
	assert_true(ldlm_mode_is_writer(LCK_EX));
	assert_true(ldlm_mode_is_writer(LCK_PW));
	assert_true(ldlm_mode_is_writer(LCK_CW));
	assert_true(ldlm_mode_is_writer(LCK_GROUP));
	assert_false(ldlm_mode_is_writer(LCK_PR));
	assert_false(ldlm_mode_is_writer(LCK_CR));
	assert_false(ldlm_mode_is_writer(LCK_NL));
}

/* --- request validation ------------------------------------------------------ */

static const struct check_case {
	const char *what;
	enum ldlm_type type;
	enum ldlm_mode mode;
	__u64 a, b;		/* extent start/end, or ibits bits/try_bits */
	bool null_policy;
	int rc;
} check_cases[] = {
	{ "plain PR", LDLM_PLAIN, LCK_PR, 0, 0, true, 0 },
	{ "plain GROUP", LDLM_PLAIN, LCK_GROUP, 0, 0, true, -EINVAL },
	{ "extent whole file", LDLM_EXTENT, LCK_PW, 0, EOF_, false, 0 },
	{ "extent one byte", LDLM_EXTENT, LCK_PR, 7, 7, false, 0 },
	{ "extent reversed", LDLM_EXTENT, LCK_PR, 8, 7, false, -EINVAL },
	{ "extent no policy", LDLM_EXTENT, LCK_PR, 0, 0, true, -EINVAL },
	{ "ibits lookup", LDLM_IBITS, LCK_PR, MDS_INODELOCK_LOOKUP, 0, false, 0 },
	{ "ibits try only", LDLM_IBITS, LCK_PR, 0, MDS_INODELOCK_OPEN, false, 0 },
	{ "ibits nothing", LDLM_IBITS, LCK_PR, 0, 0, false, -EINVAL },
	{ "flock", LDLM_FLOCK, LCK_PW, 0, EOF_, false, -EOPNOTSUPP },
	{ "unknown type", (enum ldlm_type)9, LCK_PW, 0, EOF_, false, -EINVAL },
	{ "bad mode", LDLM_EXTENT, (enum ldlm_mode)6, 0, EOF_, false, -EINVAL },
};

static void test_policy_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(check_cases); i++) {
		const struct check_case *c = &check_cases[i];
		union ldlm_wire_policy_data p = { 0 };

		if (c->type == LDLM_IBITS) {
			p.l_inodebits.bits = c->a;
			p.l_inodebits.try_bits = c->b;
		} else {
			p.l_extent.start = c->a;
			p.l_extent.end = c->b;
		}

		int rc = ldlm_policy_check(c->type, c->mode, c->null_policy ? NULL : &p);

		if (rc != c->rc)
			fail_msg("%s: rc %d, want %d", c->what, rc, c->rc);
	}
	assert_true(ldlm_type_supported(LDLM_EXTENT));
	assert_false(ldlm_type_supported(LDLM_FLOCK));
}

/* --- conflicts ------------------------------------------------------------------ */

struct ext {
	enum ldlm_mode mode;
	__u64 start, end, gid;
};

#define E(m, s, e)	{ .mode = (m), .start = (s), .end = (e) }
#define G(m, s, e, g)	{ .mode = (m), .start = (s), .end = (e), .gid = (g) }

static union ldlm_wire_policy_data ext_policy(const struct ext *e)
{
	union ldlm_wire_policy_data p = { 0 };

	p.l_extent.start = e->start;
	p.l_extent.end = e->end;
	p.l_extent.gid = e->gid;
	return p;
}

static const struct ext_case {
	const char *what;
	struct ext a, b;
	bool conflict;
} ext_cases[] = {
	{ "PW/PW overlap", E(LCK_PW, 0, 4095), E(LCK_PW, 4095, 8191), true },
	{ "PW/PW adjacent", E(LCK_PW, 0, 4095), E(LCK_PW, 4096, 8191), false },
	{ "PW/PR inside", E(LCK_PW, 0, EOF_), E(LCK_PR, 100, 200), true },
	{ "PR/PR overlap", E(LCK_PR, 0, EOF_), E(LCK_PR, 0, EOF_), false },
	{ "PW/CR overlap", E(LCK_PW, 0, EOF_), E(LCK_CR, 0, EOF_), false },
	{ "CW/CW overlap", E(LCK_CW, 0, 100), E(LCK_CW, 50, 150), false },
	{ "CW/PR overlap", E(LCK_CW, 0, 100), E(LCK_PR, 50, 150), true },
	{ "EX/NL overlap", E(LCK_EX, 0, EOF_), E(LCK_NL, 0, EOF_), false },
	{ "EX/PR disjoint", E(LCK_EX, 0, 9), E(LCK_PR, 10, 19), false },
	{ "EX at EOF", E(LCK_EX, EOF_, EOF_), E(LCK_PR, 0, EOF_), true },
	{ "GROUP same gid", G(LCK_GROUP, 0, EOF_, 7), G(LCK_GROUP, 0, EOF_, 7), false },
	{ "GROUP other gid", G(LCK_GROUP, 0, EOF_, 7), G(LCK_GROUP, 0, EOF_, 8), true },
	{ "GROUP/PR", G(LCK_GROUP, 0, EOF_, 7), E(LCK_PR, 0, 0), true },
	{ "GROUP/NL", G(LCK_GROUP, 0, EOF_, 7), E(LCK_NL, 0, 0), false },
};

static void test_extent_conflicts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ext_cases); i++) {
		const struct ext_case *c = &ext_cases[i];
		union ldlm_wire_policy_data a = ext_policy(&c->a), b = ext_policy(&c->b);

		bool ab = ldlm_locks_conflict(LDLM_EXTENT, c->a.mode, &a, c->b.mode, &b);
		bool ba = ldlm_locks_conflict(LDLM_EXTENT, c->b.mode, &b, c->a.mode, &a);

		if (ab != c->conflict || ba != c->conflict)
			fail_msg("%s: conflict %d/%d, want %d", c->what, ab, ba, c->conflict);
	}
}

static const struct ibits_case {
	const char *what;
	enum ldlm_mode ma;
	__u64 bits_a, gid_a;
	enum ldlm_mode mb;
	__u64 bits_b, gid_b;
	bool conflict;
} ibits_cases[] = {
	{ "PR/EX shared bit", LCK_PR, MDS_INODELOCK_LOOKUP | MDS_INODELOCK_UPDATE, 0,
	  LCK_EX, MDS_INODELOCK_UPDATE, 0, true },
	{ "PR/EX disjoint bits", LCK_PR, MDS_INODELOCK_LOOKUP | MDS_INODELOCK_UPDATE, 0,
	  LCK_EX, MDS_INODELOCK_LAYOUT, 0, false },
	{ "PR/PR shared bit", LCK_PR, MDS_INODELOCK_FULL, 0, LCK_PR, MDS_INODELOCK_FULL, 0,
	  false },
	{ "CR/PW open", LCK_CR, MDS_INODELOCK_OPEN, 0, LCK_PW, MDS_INODELOCK_OPEN, 0, false },
	{ "PW/PW layout", LCK_PW, MDS_INODELOCK_LAYOUT, 0, LCK_PW, MDS_INODELOCK_LAYOUT, 0,
	  true },
	{ "GROUP dom same gid", LCK_GROUP, MDS_INODELOCK_DOM, 3, LCK_GROUP, MDS_INODELOCK_DOM,
	  3, false },
	{ "GROUP dom other gid", LCK_GROUP, MDS_INODELOCK_DOM, 3, LCK_GROUP, MDS_INODELOCK_DOM,
	  4, true },
};

static void test_ibits_conflicts(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ibits_cases); i++) {
		const struct ibits_case *c = &ibits_cases[i];
		union ldlm_wire_policy_data a = { 0 }, b = { 0 };

		a.l_inodebits.bits = c->bits_a;
		a.l_inodebits.li_gid = c->gid_a;
		b.l_inodebits.bits = c->bits_b;
		b.l_inodebits.li_gid = c->gid_b;

		bool ab = ldlm_locks_conflict(LDLM_IBITS, c->ma, &a, c->mb, &b);
		bool ba = ldlm_locks_conflict(LDLM_IBITS, c->mb, &b, c->ma, &a);

		if (ab != c->conflict || ba != c->conflict)
			fail_msg("%s: conflict %d/%d, want %d", c->what, ab, ba, c->conflict);
	}
}

/* PLAIN: the matrix alone decides, for every pair of standard modes. */
static void test_plain_conflicts(void **state)
{
	(void)state;
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 6; j++)
			assert_int_equal(ldlm_locks_conflict(LDLM_PLAIN, modes[i], NULL, modes[j], NULL),
					 !ldlm_modes_compat(modes[i], modes[j]));
}

/* --- containment (lock matching) -------------------------------------------------- */

static const struct contains_case {
	const char *what;
	enum ldlm_type type;
	enum ldlm_mode held_mode;
	__u64 held_a, held_b, held_gid;	/* extent start/end or bits */
	__u64 want_a, want_b, want_gid;
	bool contains;
} contains_cases[] = {
	{ "extent inside", LDLM_EXTENT, LCK_PW, 0, EOF_, 0, 4096, 8191, 0, true },
	{ "extent equal", LDLM_EXTENT, LCK_PR, 4096, 8191, 0, 4096, 8191, 0, true },
	{ "extent sticks out", LDLM_EXTENT, LCK_PR, 4096, 8191, 0, 4096, 8192, 0, false },
	{ "extent below", LDLM_EXTENT, LCK_PR, 4096, 8191, 0, 0, 4095, 0, false },
	{ "group same gid", LDLM_EXTENT, LCK_GROUP, 0, EOF_, 5, 0, 100, 5, true },
	{ "group other gid", LDLM_EXTENT, LCK_GROUP, 0, EOF_, 5, 0, 100, 6, false },
	{ "ibits subset", LDLM_IBITS, LCK_PR, MDS_INODELOCK_LOOKUP | MDS_INODELOCK_UPDATE, 0, 0,
	  MDS_INODELOCK_UPDATE, 0, 0, true },
	{ "ibits missing bit", LDLM_IBITS, LCK_PR, MDS_INODELOCK_LOOKUP, 0, 0,
	  MDS_INODELOCK_LOOKUP | MDS_INODELOCK_PERM, 0, 0, false },
	{ "plain", LDLM_PLAIN, LCK_EX, 0, 0, 0, 0, 0, 0, true },
	{ "flock", LDLM_FLOCK, LCK_EX, 0, 0, 0, 0, 0, 0, false },
};

static void fill(enum ldlm_type type, union ldlm_wire_policy_data *p, __u64 a, __u64 b,
		 __u64 gid)
{
	memset(p, 0, sizeof(*p));
	if (type == LDLM_IBITS) {
		p->l_inodebits.bits = a;
		p->l_inodebits.li_gid = gid;
	} else {
		p->l_extent.start = a;
		p->l_extent.end = b;
		p->l_extent.gid = gid;
	}
}

static void test_contains(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(contains_cases); i++) {
		const struct contains_case *c = &contains_cases[i];
		union ldlm_wire_policy_data held, want;

		fill(c->type, &held, c->held_a, c->held_b, c->held_gid);
		fill(c->type, &want, c->want_a, c->want_b, c->want_gid);

		bool got = ldlm_policy_contains(c->type, c->held_mode, &held, &want);

		if (got != c->contains)
			fail_msg("%s: contains %d, want %d", c->what, got, c->contains);
	}
}

/* --- extent growth ------------------------------------------------------------------ */

#define MAX_OTHERS 4

static const struct grow_case {
	const char *what;
	struct ext req;
	struct ext others[MAX_OTHERS];	/* mode 0 ends the list */
	unsigned int granted;
	__u64 start, end;
} grow_cases[] = {
	{ "no other lock: whole file", E(LCK_PW, 4096, 8191), { { 0 } }, 0, 0, EOF_ },
	{ "compatible locks only", E(LCK_PR, 4096, 8191),
	  { E(LCK_PR, 0, 100), E(LCK_CR, 10000, EOF_) }, 2, 0, EOF_ },
	{ "conflict below", E(LCK_PW, 8192, 12287), { E(LCK_PR, 0, 4095) }, 1, 4096, EOF_ },
	{ "conflict above", E(LCK_PW, 0, 4095), { E(LCK_PW, 1 * MiB, 2 * MiB - 1) }, 1,
	  0, 1 * MiB - 1 },
	{ "conflicts both sides, nearest wins", E(LCK_PW, 1 * MiB, 1 * MiB + 4095),
	  { E(LCK_PW, 0, 4095), E(LCK_PR, 65536, 69631), E(LCK_EX, 4 * MiB, EOF_),
	    E(LCK_PW, 2 * MiB, 3 * MiB) }, 4, 69632, 2 * MiB - 1 },
	{ "adjacent conflicts: no growth", E(LCK_PW, 4096, 8191),
	  { E(LCK_PW, 0, 4095), E(LCK_PW, 8192, 12287) }, 2, 4096, 8191 },
	{ "overlapping waiter sticking out below", E(LCK_PR, 4096, 8191),
	  { E(LCK_PW, 0, 5000) }, 0, 4096, EOF_ },
	{ "overlapping waiter sticking out above", E(LCK_PR, 4096, 8191),
	  { E(LCK_PW, 6000, 9000) }, 0, 0, 8191 },
	{ "overlapping waiter inside", E(LCK_PR, 4096, 8191),
	  { E(LCK_PW, 5000, 6000) }, 0, 0, EOF_ },
	{ "GROUP never grows", G(LCK_GROUP, 100, 200, 1), { { 0 } }, 0, 100, 200 },
	{ "other GROUP gid limits PR", E(LCK_PR, 4096, 8191),
	  { G(LCK_GROUP, 0, 4095, 9) }, 1, 4096, EOF_ },
	{ "contended PW: not below start, 32 MiB up", E(LCK_PW, 64 * MiB, 64 * MiB + 4095),
	  { E(LCK_PW, 0, 4095) }, 33, 64 * MiB, 96 * MiB - 1 },
	{ "contended PW: next conflict nearer than 32 MiB", E(LCK_PW, 64 * MiB, 64 * MiB + 4095),
	  { E(LCK_PW, 65 * MiB, 66 * MiB) }, 40, 64 * MiB, 65 * MiB - 1 },
	{ "contended PW: request wider than 32 MiB", E(LCK_PW, 0, 100 * MiB), { { 0 } }, 33,
	  0, 100 * MiB },
	{ "contended PW near EOF", E(LCK_PW, EOF_ - 10, EOF_ - 5), { { 0 } }, 33,
	  EOF_ - 10, EOF_ },
	{ "exactly 32 granted is not contended", E(LCK_PW, 64 * MiB, 64 * MiB + 4095),
	  { { 0 } }, 32, 0, EOF_ },
	{ "contended PR grows freely", E(LCK_PR, 64 * MiB, 64 * MiB + 4095),
	  { E(LCK_PW, 0, 4095) }, 100, 4096, EOF_ },
};

static void test_extent_grow(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(grow_cases); i++) {
		const struct grow_case *c = &grow_cases[i];
		struct ldlm_extent req = { c->req.start, c->req.end, c->req.gid }, out;
		struct ldlm_extent_grow g;

		ldlm_extent_grow_init(&g, c->req.mode, &req);
		for (size_t k = 0; k < MAX_OTHERS && c->others[k].mode; k++) {
			struct ldlm_extent o = { c->others[k].start, c->others[k].end,
						 c->others[k].gid };

			ldlm_extent_grow_add(&g, c->others[k].mode, &o);
		}

		ldlm_extent_grow_result(&g, c->granted, &out);

		if (out.start != c->start || out.end != c->end)
			fail_msg("%s: [%llu, %llu], want [%llu, %llu]", c->what,
				 (unsigned long long)out.start, (unsigned long long)out.end,
				 (unsigned long long)c->start, (unsigned long long)c->end);
		assert_true(ldlm_extent_contains(&out, &req));
		assert_int_equal(out.gid, req.gid);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compat_matrix),
		cmocka_unit_test(test_mode_invalid),
		cmocka_unit_test(test_covers_mask),
		cmocka_unit_test(test_downgrade),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_policy_check),
		cmocka_unit_test(test_extent_conflicts),
		cmocka_unit_test(test_ibits_conflicts),
		cmocka_unit_test(test_plain_conflicts),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_extent_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
