// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for CONFIGS/mountdata (nacre/ldd.h): ldd_decode(), then
 * ldd_encode(), ldd_param_find(), ldd_flags_text() and ldd_svname_make()
 * on what it accepted.
 *
 * The first input byte picks the form of the rest:
 *   b & 1 == 0  the file itself, in an exact-size heap buffer (any length:
 *               the size check is fuzzed too)
 *   b & 1 == 1  a compact form that reaches every field with short inputs:
 *               a zeroed 12288-byte file, the first 1024 bytes of the rest
 *               at offset 0 (magic to userdata), what follows split in
 *               two halves at 4096 (mount options) and 8192 (parameters)
 *
 * Beyond "no crash": a rejection is -EINVAL with a reason and an offset
 * inside the file (or the length, for a short one) that lies in a field's
 * bytes; an accepted file has every string NUL-terminated, a valid fsname,
 * the svname ldd_svname_make() gives for its flags and index (up to the
 * separator), flags within LDD_F_MASK; encoding it gives a file that
 * decodes to the same contents and the same bytes when encoded again;
 * every parameter value ldd_param_find() returns lies inside the params.
 */
#include <stdbool.h>
#include <linux/errno.h>
#include <nacre/ldd.h>

#include "fuzz.h"

static void check_accepted(const struct nacre_ldd *l)
{
	struct lustre_disk_data *d = malloc(sizeof(*d)), *d2 = malloc(sizeof(*d2));
	struct nacre_ldd again;
	struct ldd_error err = { 0, NULL };
	char name[LDD_SVNAME_LEN], flags[128];
	static const char *const keys[] = { "mgsnode", "failover.node", "sys.timeout", "a" };
	size_t i, vlen;
	int n;

	CHECK(d && d2);
	CHECK(memchr(l->fsname, 0, sizeof(l->fsname)) && memchr(l->svname, 0, sizeof(l->svname)));
	CHECK(memchr(l->uuid, 0, sizeof(l->uuid)) && memchr(l->userdata, 0, sizeof(l->userdata)));
	CHECK(memchr(l->mount_opts, 0, sizeof(l->mount_opts)));
	CHECK(memchr(l->params, 0, sizeof(l->params)));
	CHECK(ldd_fsname_valid(l->fsname));
	CHECK(!(l->flags & ~(__u32)LDD_F_MASK) && (l->flags & LDD_F_SV_TYPE_MASK));
	CHECK(l->mount_type == LDD_MT_LDISKFS || l->mount_type == LDD_MT_LDISKFS2);
	n = ldd_svname_make(name, sizeof(name), l->fsname, l->flags, l->svindex);
	CHECK(n > 0 && (size_t)n == strlen(l->svname));
	CHECK(ldd_flags_text(l->flags, flags, sizeof(flags)) >= 0);

	CHECK(ldd_encode(l, d, &err) == 0);
	CHECK(ldd_decode(d, sizeof(*d), &again, &err) == 0);
	CHECK(memcmp(l, &again, sizeof(again)) == 0);
	CHECK(ldd_encode(&again, d2, &err) == 0);
	CHECK(memcmp(d, d2, sizeof(*d)) == 0);

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = ldd_param_find(l->params, keys[i], &vlen);

		if (!v)
			continue;
		CHECK(v > l->params && v + vlen <= l->params + strlen(l->params));
		CHECK(v[-1] == '=' && (v[vlen] == ' ' || v[vlen] == '\0'));
	}
	free(d);
	free(d2);
}

/* The field (or, past the fixed header, the array) an offset falls in. */
static bool offset_in_field(__u32 off)
{
	return off == LDD_OFF_MAGIC || off == LDD_OFF_FEATURE_INCOMPAT || off == LDD_OFF_FLAGS ||
	       off == LDD_OFF_SVINDEX || off == LDD_OFF_MOUNT_TYPE || off == LDD_OFF_FSNAME ||
	       off == LDD_OFF_SVNAME || off == LDD_OFF_UUID || off == LDD_OFF_USERDATA ||
	       off == LDD_OFF_MOUNT_OPTS || (off >= LDD_OFF_PARAMS && off < LDD_SIZE);
}

static void check(const uint8_t *p, size_t len)
{
	struct nacre_ldd *l = malloc(sizeof(*l));
	struct ldd_error err = { 0xffffffff, NULL };
	int rc;

	CHECK(l != NULL);
	rc = ldd_decode(p, len, l, &err);
	if (rc) {
		CHECK(rc == -EINVAL && err.why != NULL);
		if (len != LDD_SIZE)
			CHECK(err.offset == (len < LDD_SIZE ? len : LDD_SIZE));
		else
			CHECK(offset_in_field(err.offset));
	} else {
		CHECK(len == LDD_SIZE);
		check_accepted(l);
	}
	free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		buf = malloc(size - 1 ? size - 1 : 1);
		CHECK(buf != NULL);
		memcpy(buf, data + 1, size - 1);
		check(buf, size - 1);
	} else {
		size_t rest = size - 1, head = rest < 1024 ? rest : 1024, tail = rest - head;
		size_t half = tail / 2;

		buf = calloc(1, LDD_SIZE);
		CHECK(buf != NULL);
		memcpy(buf, data + 1, head);
		memcpy(buf + LDD_OFF_MOUNT_OPTS, data + 1 + head, half < 4096 ? half : 4096);
		memcpy(buf + LDD_OFF_PARAMS, data + 1 + head + half,
		       tail - half < 4096 ? tail - half : 4096);
		check(buf, LDD_SIZE);
	}
	free(buf);
	return 0;
}
