// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIGS/mountdata (kernel/server/target/ldd.c): Lustre's byte layout,
 * round trips, every refusal with its offset, target names, flag words and
 * parameter lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <nacre/ldd.h>

/* An OST as mkfs.lustre --ost --fsname=fs00 --index=1 writes it. */
static void ost(struct nacre_ldd *l)
{
	memset(l, 0, sizeof(*l));
	l->flags = LDD_F_SV_TYPE_OST | LDD_F_VIRGIN | LDD_F_UPDATE;
	l->svindex = 1;
	l->mount_type = LDD_MT_LDISKFS;
	strcpy(l->fsname, "fs00");
	strcpy(l->svname, "fs00:OST0001");
	strcpy(l->mount_opts, ",errors=remount-ro");
	strcpy(l->params, " mgsnode=10.0.0.1@tcp failover.node=10.0.0.3@tcp:10.0.0.4@tcp");
}

static uint32_t le32_at(const uint8_t *b, size_t off)
{
	return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 |
	       (uint32_t)b[off + 3] << 24;
}

static void put_le32(uint8_t *b, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

/* Lustre's layout: every field where lustre_disk.h puts it, little-endian. */
static void test_layout(void **state)
{
	struct lustre_disk_data *d = calloc(1, sizeof(*d));
	struct nacre_ldd l;
	const uint8_t *b = (const uint8_t *)d;

	(void)state;
	assert_int_equal(sizeof(*d), 12288);
	ost(&l);
	l.feature_compat = 0x11;
	l.feature_rocompat = 0x22;
	l.config_ver = 0x33;
	strcpy(l.uuid, "fs00-OST0001_UUID");
	strcpy(l.userdata, "rack 4");
	assert_int_equal(ldd_encode(&l, d, NULL), 0);
	assert_int_equal(le32_at(b, 0), 0x1dd00001);
	assert_int_equal(le32_at(b, 4), 0x11);
	assert_int_equal(le32_at(b, 8), 0x22);
	assert_int_equal(le32_at(b, 12), 0);
	assert_int_equal(le32_at(b, 16), 0x33);
	assert_int_equal(le32_at(b, 20), 0x62);
	assert_int_equal(le32_at(b, 24), 1);
	assert_int_equal(le32_at(b, 28), 1);
	assert_string_equal((const char *)b + 32, "fs00");
	assert_string_equal((const char *)b + 96, "fs00:OST0001");
	assert_string_equal((const char *)b + 160, "fs00-OST0001_UUID");
	assert_string_equal((const char *)b + 200, "rack 4");
	assert_string_equal((const char *)b + 4096, ",errors=remount-ro");
	assert_string_equal((const char *)b + 8192, l.params);
	/* Everything else zero: the padding and each string's tail. */
	for (size_t i = 1024; i < 4096; i++)
		assert_int_equal(b[i], 0);
	for (size_t i = 96 + strlen("fs00:OST0001"); i < 160; i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(LDD_F_WRITECONF, 0x100);
	assert_int_equal(LDD_F_NO_PRIMNODE, 0x1000);
	free(d);
}

static void test_round_trip(void **state)
{
	struct lustre_disk_data *d = calloc(1, sizeof(*d));
	struct nacre_ldd in, out;
	struct ldd_error err = { 0, NULL };
	static const struct {
		__u32 flags, index;
		const char *svname;
	} kinds[] = {
		{ 0x64, LDD_INDEX_UNASSIGNED, "MGS" },
		{ 0x61, 0, "fs00:MDT0000" },
		{ 0x65, 0, "fs00:MDT0000" },
		{ 0x62, 0x2a, "fs00:OST002a" },
		{ 0x1061, 3, "fs00:MDT0003" },
		{ 0x2, 0xfffe, "fs00-OSTfffe" },
		{ 0x102, 7, "fs00=OST0007" },
		{ 0x8002, 7, "fs00+OST0007" },
		{ 0x72, LDD_INDEX_UNASSIGNED, "fs00:OSTffff" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		ost(&in);
		in.flags = kinds[i].flags;
		in.svindex = kinds[i].index;
		memset(in.svname, 0, sizeof(in.svname));
		strcpy(in.svname, kinds[i].svname);
		memset(in.params, 0, sizeof(in.params));
		assert_int_equal(ldd_encode(&in, d, &err), 0);
		assert_int_equal(ldd_decode(d, sizeof(*d), &out, &err), 0);
		assert_memory_equal(&in, &out, sizeof(in));
	}
	free(d);
}

/* One byte change each, and the offset and reason the decoder gives. */
struct bad {
	const char *name;
	size_t at;	/* byte changed (or, with le32, the word written) */
	int le32;
	uint32_t value;
	uint32_t offset;
	const char *why;
};

static const struct bad bads[] = {
	{ "magic", 0, 1, 0x1dd00002, 0, "bad magic (not 0x1dd00001)" },
	{ "swabbed magic", 0, 1, 0x0100d01d, 0, "bad magic (not 0x1dd00001)" },
	{ "incompat", 12, 1, 1, 12, "unknown incompatible feature" },
	{ "flags mask", 20, 1, 0x10062, 20, "flags outside LDD_F_MASK" },
	{ "no type", 20, 1, 0x60, 20, "flags name no target type (MDT, OST or MGS)" },
	{ "MDT and OST", 20, 1, 0x63, 20, "flags name both MDT and OST" },
	{ "index", 24, 1, 0x10000, 24, "index above 0xfffe" },
	{ "unassigned", 24, 1, 0xffff, 24, "index unassigned without needs_index" },
	{ "mount type zfs", 28, 1, 5, 28, "mount type is not ldiskfs" },
	{ "mount type ext3", 28, 1, 0, 28, "mount type is not ldiskfs" },
	{ "fsname char", 33, 0, '.', 32, "fsname is not 1-8 of [A-Za-z0-9_-]" },
	{ "fsname empty", 32, 0, 0, 32, "fsname is not 1-8 of [A-Za-z0-9_-]" },
	{ "fsname other", 36, 0, 'x', 96, "svname does not match fsname, type and index" },
	{ "svname type", 101, 0, 'M', 96, "svname does not match fsname, type and index" },
	{ "svname index", 107, 0, '2', 96, "svname does not match fsname, type and index" },
	{ "svname sep", 100, 0, '_', 96, "svname does not match fsname, type and index" },
	{ "svname upper hex", 107, 0, 'A', 96, "svname does not match fsname, type and index" },
	{ "svname longer", 108, 0, '0', 96, "svname does not match fsname, type and index" },
	{ "param no =", 8192 + 8, 0, '_', 8193, "params: a word that is not key=value" },
	{ "param empty key", 8193, 0, '=', 8193, "params: a word with an empty key" },
	{ "param tab", 8195, 0, '\t', 8195, "params: a character that is not printable ASCII" },
	{ "param 8-bit", 8200, 0, 0xc3, 8200, "params: a character that is not printable ASCII" },
	{ "second word", 8192 + 22 + 13, 0, ' ', 8192 + 22, "params: a word that is not key=value" },
};

static void test_refusals(void **state)
{
	struct lustre_disk_data *d = malloc(sizeof(*d));
	uint8_t *b = (uint8_t *)d;
	struct nacre_ldd l;

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct ldd_error err = { 0xdead, NULL };

		ost(&l);
		assert_int_equal(ldd_encode(&l, d, NULL), 0);
		if (bads[i].le32)
			put_le32(b, bads[i].at, bads[i].value);
		else
			b[bads[i].at] = (uint8_t)bads[i].value;
		print_message("%s\n", bads[i].name);
		assert_int_equal(ldd_decode(d, sizeof(*d), &l, &err), -EINVAL);
		assert_int_equal(err.offset, bads[i].offset);
		assert_string_equal(err.why, bads[i].why);
	}
	free(d);
}

/* Each string field filled to its end without a NUL. */
static void test_unterminated(void **state)
{
	static const struct {
		size_t off, len;
		const char *why;
	} fields[] = {
		{ 32, 64, "fsname not NUL-terminated" },
		{ 96, 64, "svname not NUL-terminated" },
		{ 160, 40, "uuid not NUL-terminated" },
		{ 200, 824, "userdata not NUL-terminated" },
		{ 4096, 4096, "mount_opts not NUL-terminated" },
		{ 8192, 4096, "params not NUL-terminated" },
	};
	struct lustre_disk_data *d = malloc(sizeof(*d));
	struct nacre_ldd l;

	(void)state;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct ldd_error err = { 0, NULL };

		ost(&l);
		assert_int_equal(ldd_encode(&l, d, NULL), 0);
		memset((uint8_t *)d + fields[i].off, 'a', fields[i].len);
		assert_int_equal(ldd_decode(d, sizeof(*d), &l, &err), -EINVAL);
		assert_int_equal(err.offset, fields[i].off);
		assert_string_equal(err.why, fields[i].why);
	}
	free(d);
}

static void test_sizes(void **state)
{
	uint8_t *b = calloc(1, LDD_SIZE + 1);
	struct nacre_ldd l;
	struct ldd_error err = { 0, NULL };

	(void)state;
	ost(&l);
	assert_int_equal(ldd_encode(&l, (struct lustre_disk_data *)b, NULL), 0);
	assert_int_equal(ldd_decode(b, 0, &l, &err), -EINVAL);
	assert_int_equal(err.offset, 0);
	assert_string_equal(err.why, "file shorter than 12288 bytes");
	assert_int_equal(ldd_decode(b, 4000, &l, &err), -EINVAL);
	assert_int_equal(err.offset, 4000);
	assert_int_equal(ldd_decode(b, LDD_SIZE + 1, &l, &err), -EINVAL);
	assert_int_equal(err.offset, LDD_SIZE);
	assert_string_equal(err.why, "file longer than 12288 bytes");
	assert_int_equal(ldd_decode(b, LDD_SIZE, &l, NULL), 0);
	free(b);
}

/* The encoder refuses what the decoder would, and writes nothing. */
static void test_encode_refuses(void **state)
{
	struct lustre_disk_data *d = malloc(sizeof(*d));
	struct nacre_ldd l;
	struct ldd_error err = { 0, NULL };

	(void)state;
	memset(d, 0x5a, sizeof(*d));
	ost(&l);
	strcpy(l.fsname, "toolongname");
	assert_int_equal(ldd_encode(&l, d, &err), -EINVAL);
	assert_int_equal(err.offset, 32);
	assert_int_equal(((uint8_t *)d)[0], 0x5a);
	ost(&l);
	l.feature_incompat = 4;
	assert_int_equal(ldd_encode(&l, d, &err), -EINVAL);
	assert_int_equal(err.offset, 12);
	free(d);
}

static void test_names(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x62, 1), 12);
	assert_string_equal(buf, "fs00:OST0001");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x2, 0xab), 12);
	assert_string_equal(buf, "fs00-OST00ab");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "lustre", 0x101, 0), 14);
	assert_string_equal(buf, "lustre=MDT0000");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x8002, 1), 12);
	assert_string_equal(buf, "fs00+OST0001");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x8122, 1), 12);
	assert_string_equal(buf, "fs00:OST0001");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x65, 0), 12);
	assert_string_equal(buf, "fs00:MDT0000");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x64, 0xffff), 3);
	assert_string_equal(buf, "MGS");
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs00", 0x60, 0), -EINVAL);
	assert_int_equal(ldd_svname_make(buf, sizeof(buf), "fs.0", 0x62, 0), -EINVAL);
	assert_int_equal(ldd_svname_make(buf, 12, "fs00", 0x62, 1), -ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(ldd_svname_make(buf, 3, "", 0x4, 0), -ENOSPC);

	assert_true(ldd_fsname_valid("fs00"));
	assert_true(ldd_fsname_valid("A_b-9xyz"));
	assert_false(ldd_fsname_valid("abcdefghi"));
	assert_false(ldd_fsname_valid(""));
	assert_false(ldd_fsname_valid("a b"));

	assert_string_equal(ldd_mount_type_name(LDD_MT_LDISKFS), "ldiskfs");
	assert_string_equal(ldd_mount_type_name(LDD_MT_ZFS), "zfs");
	assert_string_equal(ldd_mount_type_name(99), "unknown");
}

static void test_flag_words(void **state)
{
	static const struct {
		__u32 flags;
		const char *text;
	} cases[] = {
		{ 0x64, "MGS first_time update " },
		{ 0x61, "MDT first_time update " },
		{ 0x65, "MDT MGS first_time update " },
		{ 0x62, "OST first_time update " },
		{ 0x1061, "MDT first_time update no_primnode " },
		{ 0x172, "OST needs_index first_time update writeconf " },
		{ 0x0, "" },
	};
	char buf[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ldd_flags_text(cases[i].flags, buf, sizeof(buf)),
				 (int)strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
	}
	assert_int_equal(ldd_flags_text(0xffff, buf, sizeof(buf)), 75);
	assert_int_equal(ldd_flags_text(0x62, buf, 10), -ENOSPC);
	assert_string_equal(buf, "");
}

static void test_param_find(void **state)
{
	const char *p = " mgsnode=10.0.0.1@tcp:10.0.0.2@tcp failover.node=10.0.0.3@tcp x=";
	const char *v;
	size_t len = 99;

	(void)state;
	v = ldd_param_find(p, "mgsnode", &len);
	assert_non_null(v);
	assert_int_equal(len, strlen("10.0.0.1@tcp:10.0.0.2@tcp"));
	assert_memory_equal(v, "10.0.0.1@tcp:10.0.0.2@tcp", len);
	v = ldd_param_find(p, "failover.node", &len);
	assert_non_null(v);
	assert_int_equal(len, 12);
	v = ldd_param_find(p, "x", &len);
	assert_non_null(v);
	assert_int_equal(len, 0);
	assert_null(ldd_param_find(p, "failover", &len));
	assert_null(ldd_param_find(p, "mgs", &len));
	assert_null(ldd_param_find("", "mgsnode", &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),	      cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refusals),      cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_sizes),	      cmocka_unit_test(test_encode_refuses),
		cmocka_unit_test(test_names),	      cmocka_unit_test(test_flag_words),
		cmocka_unit_test(test_param_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
