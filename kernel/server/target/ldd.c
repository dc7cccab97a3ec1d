// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIGS/mountdata: decode, check, encode (see nacre/ldd.h).
 *
 * The file comes from a disk that anyone with the device could have
 * written, so the decoder proves every string ends inside its array before
 * anything reads it as a string, and every refusal carries the byte offset
 * of the field or parameter word at fault: the administrator (or the mount
 * error) can then point at the byte with debugfs or od.  Pure logic: no
 * allocation, locking or sleeping.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <nacre/ldd.h>

static int ldd_fail(struct ldd_error *err, __u32 offset, const char *why)
{
	if (err) {
		err->offset = offset;
		err->why = why;
	}
	return -EINVAL;
}

/* Whether a NUL ends @s within its @size bytes. */
static bool ldd_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static bool ldd_fsname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

bool ldd_fsname_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (i >= LDD_FSNAME_MAX || !ldd_fsname_char(name[i]))
			return false;
	return i > 0;
}
EXPORT_SYMBOL(ldd_fsname_valid);

static const char *ldd_type_name(__u32 flags)
{
	if (flags & LDD_F_SV_TYPE_MDT)
		return "MDT";
	if (flags & LDD_F_SV_TYPE_OST)
		return "OST";
	return NULL;
}

static void ldd_put_hex4(char *p, __u32 v)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 3; i >= 0; i--, v >>= 4)
		p[i] = hex[v & 0xf];
}

int ldd_svname_make(char *buf, size_t size, const char *fsname, __u32 flags, __u32 index)
{
	const char *type = ldd_type_name(flags);
	size_t flen, len;
	char *p;

	if (size)
		buf[0] = '\0';
	if (!type) {
		if (!(flags & LDD_F_SV_TYPE_MGS))
			return -EINVAL;
		if (size < sizeof("MGS"))
			return -ENOSPC;
		memcpy(buf, "MGS", sizeof("MGS"));
		return 3;
	}
	if (!ldd_fsname_valid(fsname))
		return -EINVAL;
	flen = strlen(fsname);
	len = flen + 1 + 3 + 4;
	if (size < len + 1)
		return -ENOSPC;
	p = buf;
	memcpy(p, fsname, flen);
	p += flen;
	if (flags & LDD_F_VIRGIN)
		*p++ = ':';
	else if (flags & LDD_F_WRITECONF)
		*p++ = '=';
	else if (flags & LDD_F_NO_LOCAL_LOGS)
		*p++ = '+';
	else
		*p++ = '-';
	memcpy(p, type, 3);
	ldd_put_hex4(p + 3, index);
	p[7] = '\0';
	return (int)len;
}
EXPORT_SYMBOL(ldd_svname_make);

/* svname against fsname, type and index; any of the four separators. */
static bool ldd_svname_matches(const struct nacre_ldd *ldd)
{
	char want[LDD_SVNAME_LEN];
	size_t flen;
	int len;

	len = ldd_svname_make(want, sizeof(want), ldd->fsname, ldd->flags, ldd->svindex);
	if (len < 0)
		return false;
	if (!ldd_type_name(ldd->flags))
		return strcmp(ldd->svname, want) == 0;
	if (strlen(ldd->svname) != (size_t)len)
		return false;
	flen = strlen(ldd->fsname);
	if (memcmp(ldd->svname, want, flen) || !strchr(":-=+", ldd->svname[flen]))
		return false;
	/* An index the MGS is to assign is not known yet: any 4 hex digits. */
	if (ldd->svindex == LDD_INDEX_UNASSIGNED)
		return memcmp(ldd->svname + flen + 1, want + flen + 1, 3) == 0;
	return strcmp(ldd->svname + flen + 1, want + flen + 1) == 0;
}

/* Blank-separated key=value words of printable ASCII, the key non-empty. */
static int ldd_check_params(const char *params, struct ldd_error *err)
{
	const char *p = params;

	for (;;) {
		const char *word, *eq = NULL;

		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		word = p;
		for (; *p && *p != ' '; p++) {
			if (*p < 0x21 || *p > 0x7e)
				return ldd_fail(err, LDD_OFF_PARAMS + (__u32)(p - params),
						"params: a character that is not printable ASCII");
			if (*p == '=' && !eq)
				eq = p;
		}
		if (!eq)
			return ldd_fail(err, LDD_OFF_PARAMS + (__u32)(word - params),
					"params: a word that is not key=value");
		if (eq == word)
			return ldd_fail(err, LDD_OFF_PARAMS + (__u32)(word - params),
					"params: a word with an empty key");
	}
}

int ldd_check(const struct nacre_ldd *ldd, struct ldd_error *err)
{
	__u32 type = ldd->flags & LDD_F_SV_TYPE_MASK;

	if (ldd->flags & ~(__u32)LDD_F_MASK)
		return ldd_fail(err, LDD_OFF_FLAGS, "flags outside LDD_F_MASK");
	if (!type)
		return ldd_fail(err, LDD_OFF_FLAGS, "flags name no target type (MDT, OST or MGS)");
	if ((type & LDD_F_SV_TYPE_MDT) && (type & LDD_F_SV_TYPE_OST))
		return ldd_fail(err, LDD_OFF_FLAGS, "flags name both MDT and OST");
	if (ldd->svindex > LDD_INDEX_MAX && ldd->svindex != LDD_INDEX_UNASSIGNED)
		return ldd_fail(err, LDD_OFF_SVINDEX, "index above 0xfffe");
	if (ldd->svindex == LDD_INDEX_UNASSIGNED && ldd_type_name(ldd->flags) &&
	    !(ldd->flags & LDD_F_NEED_INDEX))
		return ldd_fail(err, LDD_OFF_SVINDEX, "index unassigned without needs_index");
	if (ldd->mount_type != LDD_MT_LDISKFS && ldd->mount_type != LDD_MT_LDISKFS2)
		return ldd_fail(err, LDD_OFF_MOUNT_TYPE, "mount type is not ldiskfs");
	if (!ldd_terminated(ldd->fsname, sizeof(ldd->fsname)))
		return ldd_fail(err, LDD_OFF_FSNAME, "fsname not NUL-terminated");
	if (!ldd_fsname_valid(ldd->fsname))
		return ldd_fail(err, LDD_OFF_FSNAME, "fsname is not 1-8 of [A-Za-z0-9_-]");
	if (!ldd_terminated(ldd->svname, sizeof(ldd->svname)))
		return ldd_fail(err, LDD_OFF_SVNAME, "svname not NUL-terminated");
	if (!ldd_svname_matches(ldd))
		return ldd_fail(err, LDD_OFF_SVNAME, "svname does not match fsname, type and index");
	if (!ldd_terminated(ldd->uuid, sizeof(ldd->uuid)))
		return ldd_fail(err, LDD_OFF_UUID, "uuid not NUL-terminated");
	if (!ldd_terminated(ldd->userdata, sizeof(ldd->userdata)))
		return ldd_fail(err, LDD_OFF_USERDATA, "userdata not NUL-terminated");
	if (!ldd_terminated(ldd->mount_opts, sizeof(ldd->mount_opts)))
		return ldd_fail(err, LDD_OFF_MOUNT_OPTS, "mount_opts not NUL-terminated");
	if (!ldd_terminated(ldd->params, sizeof(ldd->params)))
		return ldd_fail(err, LDD_OFF_PARAMS, "params not NUL-terminated");
	return ldd_check_params(ldd->params, err);
}
EXPORT_SYMBOL(ldd_check);

/* Copies a checked string and zeroes the rest of its array. */
static void ldd_put_string(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

int ldd_decode(const void *buf, size_t len, struct nacre_ldd *ldd, struct ldd_error *err)
{
	const struct lustre_disk_data *d = buf;

	if (len < LDD_SIZE)
		return ldd_fail(err, (__u32)len, "file shorter than 12288 bytes");
	if (len > LDD_SIZE)
		return ldd_fail(err, LDD_SIZE, "file longer than 12288 bytes");
	if (__le32_to_cpu(d->ldd_magic) != LDD_MAGIC)
		return ldd_fail(err, LDD_OFF_MAGIC, "bad magic (not 0x1dd00001)");
	if (d->ldd_feature_incompat)
		return ldd_fail(err, LDD_OFF_FEATURE_INCOMPAT, "unknown incompatible feature");

	/* Strings first: nothing below may run off the end of one. */
	if (!ldd_terminated(d->ldd_fsname, sizeof(d->ldd_fsname)))
		return ldd_fail(err, LDD_OFF_FSNAME, "fsname not NUL-terminated");
	if (!ldd_terminated(d->ldd_svname, sizeof(d->ldd_svname)))
		return ldd_fail(err, LDD_OFF_SVNAME, "svname not NUL-terminated");
	if (!ldd_terminated((const char *)d->ldd_uuid, sizeof(d->ldd_uuid)))
		return ldd_fail(err, LDD_OFF_UUID, "uuid not NUL-terminated");
	if (!ldd_terminated(d->ldd_userdata, sizeof(d->ldd_userdata)))
		return ldd_fail(err, LDD_OFF_USERDATA, "userdata not NUL-terminated");
	if (!ldd_terminated(d->ldd_mount_opts, sizeof(d->ldd_mount_opts)))
		return ldd_fail(err, LDD_OFF_MOUNT_OPTS, "mount_opts not NUL-terminated");
	if (!ldd_terminated(d->ldd_params, sizeof(d->ldd_params)))
		return ldd_fail(err, LDD_OFF_PARAMS, "params not NUL-terminated");

	/* Bytes after a string's NUL are dropped: equal files decode equal. */
	ldd->feature_compat = __le32_to_cpu(d->ldd_feature_compat);
	ldd->feature_rocompat = __le32_to_cpu(d->ldd_feature_rocompat);
	ldd->config_ver = __le32_to_cpu(d->ldd_config_ver);
	ldd->flags = __le32_to_cpu(d->ldd_flags);
	ldd->svindex = __le32_to_cpu(d->ldd_svindex);
	ldd->mount_type = __le32_to_cpu(d->ldd_mount_type);
	ldd->feature_incompat = 0;
	ldd_put_string(ldd->fsname, d->ldd_fsname, sizeof(ldd->fsname));
	ldd_put_string(ldd->svname, d->ldd_svname, sizeof(ldd->svname));
	ldd_put_string(ldd->uuid, (const char *)d->ldd_uuid, sizeof(ldd->uuid));
	ldd_put_string(ldd->userdata, d->ldd_userdata, sizeof(ldd->userdata));
	ldd_put_string(ldd->mount_opts, d->ldd_mount_opts, sizeof(ldd->mount_opts));
	ldd_put_string(ldd->params, d->ldd_params, sizeof(ldd->params));
	return ldd_check(ldd, err);
}
EXPORT_SYMBOL(ldd_decode);

int ldd_encode(const struct nacre_ldd *ldd, struct lustre_disk_data *out,
	       struct ldd_error *err)
{
	int rc = ldd_check(ldd, err);

	if (rc)
		return rc;
	if (ldd->feature_incompat)
		return ldd_fail(err, LDD_OFF_FEATURE_INCOMPAT, "unknown incompatible feature");
	memset(out, 0, sizeof(*out));
	out->ldd_magic = __cpu_to_le32(LDD_MAGIC);
	out->ldd_feature_compat = __cpu_to_le32(ldd->feature_compat);
	out->ldd_feature_rocompat = __cpu_to_le32(ldd->feature_rocompat);
	out->ldd_config_ver = __cpu_to_le32(ldd->config_ver);
	out->ldd_flags = __cpu_to_le32(ldd->flags);
	out->ldd_svindex = __cpu_to_le32(ldd->svindex);
	out->ldd_mount_type = __cpu_to_le32(ldd->mount_type);
	ldd_put_string(out->ldd_fsname, ldd->fsname, sizeof(out->ldd_fsname));
	ldd_put_string(out->ldd_svname, ldd->svname, sizeof(out->ldd_svname));
	ldd_put_string((char *)out->ldd_uuid, ldd->uuid, sizeof(out->ldd_uuid));
	ldd_put_string(out->ldd_userdata, ldd->userdata, sizeof(out->ldd_userdata));
	ldd_put_string(out->ldd_mount_opts, ldd->mount_opts, sizeof(out->ldd_mount_opts));
	ldd_put_string(out->ldd_params, ldd->params, sizeof(out->ldd_params));
	return 0;
}
EXPORT_SYMBOL(ldd_encode);

/* In the order Lustre's tools print them. */
static const struct {
	__u32 flag;
	const char *word;
} ldd_flag_words[] = {
	{ LDD_F_SV_TYPE_MDT, "MDT" },	  { LDD_F_SV_TYPE_OST, "OST" },
	{ LDD_F_SV_TYPE_MGS, "MGS" },	  { LDD_F_NEED_INDEX, "needs_index" },
	{ LDD_F_VIRGIN, "first_time" },	  { LDD_F_UPDATE, "update" },
	{ LDD_F_WRITECONF, "writeconf" }, { LDD_F_NO_PRIMNODE, "no_primnode" },
	{ LDD_F_UPGRADE14, "upgrade1.4" },
};

int ldd_flags_text(__u32 flags, char *buf, size_t size)
{
	size_t len = 0, i;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ldd_flag_words); i++) {
		size_t n;

		if (!(flags & ldd_flag_words[i].flag))
			continue;
		n = strlen(ldd_flag_words[i].word);
		if (len + n + 2 > size) {
			buf[0] = '\0';
			return -ENOSPC;
		}
		memcpy(buf + len, ldd_flag_words[i].word, n);
		buf[len + n] = ' ';
		len += n + 1;
		buf[len] = '\0';
	}
	return (int)len;
}
EXPORT_SYMBOL(ldd_flags_text);

const char *ldd_mount_type_name(__u32 type)
{
	static const char *const names[] = {
		[LDD_MT_EXT3] = "ext3",		[LDD_MT_LDISKFS] = "ldiskfs",
		[LDD_MT_SMFS] = "smfs",		[LDD_MT_REISERFS] = "reiserfs",
		[LDD_MT_LDISKFS2] = "ldiskfs2", [LDD_MT_ZFS] = "zfs",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "unknown";
}
EXPORT_SYMBOL(ldd_mount_type_name);

const char *ldd_param_find(const char *params, const char *key, size_t *len)
{
	size_t klen = strlen(key);
	const char *p = params;

	while (*p) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) > klen && !memcmp(p, key, klen) && p[klen] == '=') {
			*len = (size_t)(end - p) - klen - 1;
			return p + klen + 1;
		}
		p = end;
	}
	return NULL;
}
EXPORT_SYMBOL(ldd_param_find);
