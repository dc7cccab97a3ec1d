// SPDX-License-Identifier: GPL-2.0
/*
 * Numeric sysfs parameters: the generic show and store of struct obd_attr
 * (nacre/obd_attr.h).  Values are read and written whole (READ_ONCE /
 * WRITE_ONCE): the users read them without a lock, as before.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <nacre/obd_attr.h>

/* Where @a's number is, for the file in @kobj. */
static void *obd_attr_ptr(const struct obd_attr *a, struct kobject *kobj)
{
	switch (a->where) {
	case OBD_ATTR_GLOBAL:
		return a->addr;
	case OBD_ATTR_KOBJ:
		return (char *)kobj + a->offset;
	default:
		WARN_ON_ONCE(1);	/* OBD_ATTR_BASE needs the owner's show */
		return NULL;
	}
}

static ssize_t obd_attr_emit(const struct obd_attr *a, const void *p, char *buf)
{
	switch (a->type) {
	case OBD_ATTR_UINT:
		return sysfs_emit(buf, "%u\n", READ_ONCE(*(const unsigned int *)p));
	case OBD_ATTR_U64:
		return sysfs_emit(buf, "%llu\n", READ_ONCE(*(const unsigned long long *)p));
	case OBD_ATTR_ATOMIC:
		return sysfs_emit(buf, "%d\n", atomic_read((const atomic_t *)p));
	case OBD_ATTR_ATOMIC64:
		return sysfs_emit(buf, "%lld\n", (long long)atomic64_read((const atomic64_t *)p));
	}
	WARN_ON_ONCE(1);
	return -EINVAL;
}

/**
 * obd_attr_show() - the generic show of an obd_attr (OBD_ATTR_GLOBAL or
 * OBD_ATTR_KOBJ).
 * @kobj: the file's kobject
 * @kattr: the obd_attr's kattr
 * @buf: the page to print into
 *
 * Return: the length printed, or -EINVAL for an attribute it cannot read.
 */
ssize_t obd_attr_show(struct kobject *kobj, struct kobj_attribute *kattr, char *buf)
{
	const struct obd_attr *a = to_obd_attr(kattr);
	void *p = obd_attr_ptr(a, kobj);

	return p ? obd_attr_emit(a, p, buf) : -EINVAL;
}
EXPORT_SYMBOL_GPL(obd_attr_show);

/**
 * obd_attr_show_at() - show an obd_attr whose number is @a->offset bytes
 * from @base (OBD_ATTR_BASE: the owner found @base, and keeps it alive).
 * @a: the attribute
 * @base: the structure holding the number
 * @buf: the page to print into
 *
 * Return: the length printed, or -EINVAL.
 */
ssize_t obd_attr_show_at(const struct obd_attr *a, const void *base, char *buf)
{
	if (WARN_ON_ONCE(a->where != OBD_ATTR_BASE))
		return -EINVAL;
	return obd_attr_emit(a, (const char *)base + a->offset, buf);
}
EXPORT_SYMBOL_GPL(obd_attr_show_at);

/**
 * obd_attr_parse_uint() - a written parameter value, in bounds.
 * @buf: what was written (a trailing newline is allowed)
 * @min: smallest value accepted
 * @max: largest value accepted
 * @val: gets the value
 *
 * Return: 0; -EINVAL (or -ERANGE from the parser) for no number, -ERANGE
 * for a number outside [@min, @max].  @val is unchanged on error.
 */
int obd_attr_parse_uint(const char *buf, unsigned int min, unsigned int max, unsigned int *val)
{
	unsigned int v;
	int rc = kstrtouint(buf, 0, &v);

	if (rc)
		return rc;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}
EXPORT_SYMBOL_GPL(obd_attr_parse_uint);

/**
 * obd_attr_store() - the generic store of a writable obd_attr: parse,
 * check the bounds, set, then call @changed.
 * @kobj: the file's kobject
 * @kattr: the obd_attr's kattr
 * @buf: what was written
 * @count: its length
 *
 * Return: @count, or why the write was refused (nothing changed then).
 */
ssize_t obd_attr_store(struct kobject *kobj, struct kobj_attribute *kattr, const char *buf,
		       size_t count)
{
	const struct obd_attr *a = to_obd_attr(kattr);
	unsigned int *p = obd_attr_ptr(a, kobj);
	unsigned int v;
	int rc;

	if (WARN_ON_ONCE(!p || a->type != OBD_ATTR_UINT))
		return -EINVAL;
	rc = obd_attr_parse_uint(buf, a->min, a->max, &v);
	if (rc)
		return rc;
	WRITE_ONCE(*p, v);
	if (a->changed)
		a->changed(kobj);
	return count;
}
EXPORT_SYMBOL_GPL(obd_attr_store);
