/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CONFIGS/mountdata (struct lustre_disk_data, <linux/lustre/lustre_disk.h>):
 * decoding with every check a reader needs, encoding, target names and the
 * flag words tools print.
 *
 * struct nacre_ldd is the host-order form.  ldd_decode() trusts nothing of
 * the bytes it is given: a refusal names the byte offset of the field (or
 * of the parameter word) at fault and a static sentence, so that a caller
 * can say "CONFIGS/mountdata offset 96: svname not NUL-terminated".
 * ldd_encode() writes only what ldd_check() accepts, so what one node
 * writes the next mount reads.
 *
 * Pure logic: compiled into the kernel's target code and, through
 * utils/kshim, into mkfs.lustre, tunefs.lustre, the unit tests and the fuzz
 * harness.
 */
#ifndef _NACRE_LDD_H
#define _NACRE_LDD_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
#include <linux/lustre/lustre_disk.h>

#define LDD_SIZE	12288	/* sizeof(struct lustre_disk_data), the file's size */

/* Byte offsets of the fields, as refusals report them. */
#define LDD_OFF_MAGIC		0
#define LDD_OFF_FEATURE_INCOMPAT 12
#define LDD_OFF_FLAGS		20
#define LDD_OFF_SVINDEX		24
#define LDD_OFF_MOUNT_TYPE	28
#define LDD_OFF_FSNAME		32
#define LDD_OFF_SVNAME		96
#define LDD_OFF_UUID		160
#define LDD_OFF_USERDATA	200
#define LDD_OFF_MOUNT_OPTS	4096
#define LDD_OFF_PARAMS		8192

/**
 * struct nacre_ldd - CONFIGS/mountdata in host order
 *
 * The fields are those of struct lustre_disk_data without the ldd_ prefix
 * (no magic, no padding); strings are NUL-terminated within their arrays.
 */
struct nacre_ldd {
	__u32 feature_compat;
	__u32 feature_rocompat;
	__u32 feature_incompat;
	__u32 config_ver;
	__u32 flags;
	__u32 svindex;
	__u32 mount_type;
	char fsname[LDD_FSNAME_LEN];
	char svname[LDD_SVNAME_LEN];
	char uuid[LDD_UUID_LEN];
	char userdata[LDD_USERDATA_LEN];
	char mount_opts[LDD_MOUNT_OPTS_LEN];
	char params[LDD_PARAM_LEN];
};

/**
 * struct ldd_error - why mountdata was refused
 * @offset: byte offset in the file of the field or word at fault
 * @why: a static sentence ("svname not NUL-terminated")
 */
struct ldd_error {
	__u32 offset;
	const char *why;
};

/**
 * ldd_decode() - read and check CONFIGS/mountdata
 * @buf: the file's bytes
 * @len: their number (a valid file has exactly LDD_SIZE)
 * @ldd: out: the contents, on success
 * @err: out: the offset and reason, on failure (may be NULL)
 *
 * Checks the size, the magic, that no incompatible feature is set, that
 * every string ends within its array, and then everything ldd_check()
 * checks.
 *
 * Return: 0, or -EINVAL with @err set.
 */
int ldd_decode(const void *buf, size_t len, struct nacre_ldd *ldd, struct ldd_error *err);

/**
 * ldd_check() - check the meaning of mountdata's fields
 * @ldd: the contents
 * @err: out: the on-disk offset and reason, on failure (may be NULL)
 *
 * Flags within LDD_F_MASK naming one target type (MDT or OST, either with
 * or without MGS, or MGS alone); an index up to LDD_INDEX_MAX (or
 * unassigned with LDD_F_NEED_INDEX, or for an MGS alone); mount type
 * ldiskfs or ldiskfs2; every string NUL-terminated; fsname of 1-8 of
 * [A-Za-z0-9_-]; svname the one ldd_svname_make() gives for the fsname,
 * type and index with any of the separators ':', '-', '=', '+'; params
 * blank-separated key=value words of printable ASCII with a non-empty key.
 *
 * Return: 0, or -EINVAL with @err set.
 */
int ldd_check(const struct nacre_ldd *ldd, struct ldd_error *err);

/**
 * ldd_encode() - write CONFIGS/mountdata
 * @ldd: the contents
 * @out: out: the file's LDD_SIZE bytes (unused bytes zeroed)
 * @err: out: why @ldd was refused (may be NULL)
 *
 * Return: 0, or -EINVAL (ldd_check() failed; @out untouched).
 */
int ldd_encode(const struct nacre_ldd *ldd, struct lustre_disk_data *out,
	       struct ldd_error *err);

/**
 * ldd_fsname_valid() - whether @name is a file system name
 * @name: NUL-terminated text
 *
 * Return: true for 1..LDD_FSNAME_MAX characters of [A-Za-z0-9_-].
 */
bool ldd_fsname_valid(const char *name);

/**
 * ldd_svname_make() - a target's name
 * @buf: out: the name
 * @size: bytes at @buf
 * @fsname: the file system name
 * @flags: LDD_F_* (the type, and VIRGIN or WRITECONF for the separator)
 * @index: the target index
 *
 * "MGS" for an MGS alone; otherwise fsname, a separator (':' while
 * LDD_F_VIRGIN, else '=' while LDD_F_WRITECONF, else '+' with
 * LDD_F_NO_LOCAL_LOGS, else '-': registered), "MDT" or "OST" and the index
 * as four lower-case hex digits: "fs00:OST000a".
 *
 * Return: the name's length, -EINVAL for no type or a bad fsname, -ENOSPC
 * if it does not fit (@buf then holds "").
 */
int ldd_svname_make(char *buf, size_t size, const char *fsname, __u32 flags, __u32 index);

/**
 * ldd_flags_text() - the flag words mkfs.lustre prints
 * @flags: LDD_F_*
 * @buf: out: "MDT MGS first_time update " (each word followed by a blank)
 * @size: bytes at @buf (128 always suffices)
 *
 * Return: the text's length, or -ENOSPC (@buf then holds "").
 */
int ldd_flags_text(__u32 flags, char *buf, size_t size);

/**
 * ldd_mount_type_name() - "ldiskfs" for LDD_MT_LDISKFS, and so on
 * @type: enum ldd_mount_type
 *
 * Return: a static name, "unknown" for a value out of range.
 */
const char *ldd_mount_type_name(__u32 type);

/**
 * ldd_param_find() - the value of the first word @key=VALUE in @params
 * @params: blank-separated key=value words, NUL-terminated
 * @key: the key, without '='
 * @len: out: the value's length
 *
 * Return: the value's first byte inside @params (not NUL-terminated: it
 * ends at a blank or the NUL), or NULL if no word has that key.
 */
const char *ldd_param_find(const char *params, const char *key, size_t *len);

static_assert(sizeof(struct lustre_disk_data) == LDD_SIZE, "lustre_disk_data");
static_assert(offsetof(struct lustre_disk_data, ldd_magic) == LDD_OFF_MAGIC, "ldd_magic");
static_assert(offsetof(struct lustre_disk_data, ldd_feature_incompat) ==
	      LDD_OFF_FEATURE_INCOMPAT, "ldd_feature_incompat");
static_assert(offsetof(struct lustre_disk_data, ldd_flags) == LDD_OFF_FLAGS, "ldd_flags");
static_assert(offsetof(struct lustre_disk_data, ldd_svindex) == LDD_OFF_SVINDEX, "ldd_svindex");
static_assert(offsetof(struct lustre_disk_data, ldd_mount_type) == LDD_OFF_MOUNT_TYPE,
	      "ldd_mount_type");
static_assert(offsetof(struct lustre_disk_data, ldd_fsname) == LDD_OFF_FSNAME, "ldd_fsname");
static_assert(offsetof(struct lustre_disk_data, ldd_svname) == LDD_OFF_SVNAME, "ldd_svname");
static_assert(offsetof(struct lustre_disk_data, ldd_uuid) == LDD_OFF_UUID, "ldd_uuid");
static_assert(offsetof(struct lustre_disk_data, ldd_userdata) == LDD_OFF_USERDATA,
	      "ldd_userdata");
static_assert(offsetof(struct lustre_disk_data, ldd_padding) == 1024, "ldd_padding");
static_assert(offsetof(struct lustre_disk_data, ldd_mount_opts) == LDD_OFF_MOUNT_OPTS,
	      "ldd_mount_opts");
static_assert(offsetof(struct lustre_disk_data, ldd_params) == LDD_OFF_PARAMS, "ldd_params");

#endif /* _NACRE_LDD_H */
