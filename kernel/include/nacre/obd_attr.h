/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numeric sysfs parameters (lctl get_param / set_param): one attribute type
 * for all of them, in the manner of the kernel's dev_ext_attribute and
 * device_show_ulong()/device_store_ulong() (drivers/base/core.c).  The
 * attribute says where the number lives, what type it has and, when it may
 * be written, the bounds a write must respect; show and store are generic.
 *
 * Where the number lives (@where):
 *   OBD_ATTR_GLOBAL  at @addr: a module variable;
 *   OBD_ATTR_KOBJ    @offset bytes from the kobject the file is in: a field
 *                    of the structure that embeds it (a namespace, a
 *                    service);
 *   OBD_ATTR_BASE    @offset bytes from a base that the owner's own show
 *                    finds and passes to obd_attr_show_at(), e.g. a
 *                    device's private data, looked at under its lock.
 *
 * Types: unsigned int (readable and writable), u64, atomic_t, atomic64_t
 * (readable).  The declaring macros take the type from the variable, so a
 * change of type cannot leave the file reading the wrong width.
 *
 * A write is a number (kstrtouint: decimal, 0x hex, 0 octal) within
 * [@min, @max]; anything else is refused with the parse error or -ERANGE
 * and changes nothing.  @changed, when set, runs after a write took effect
 * (to kick a thread that depends on the value).
 */
#ifndef NACRE_OBD_ATTR_H
#define NACRE_OBD_ATTR_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/kobject.h>
#include <linux/stddef.h>
#include <linux/sysfs.h>
#include <linux/types.h>

enum obd_attr_type {
	OBD_ATTR_UINT,
	OBD_ATTR_U64,
	OBD_ATTR_ATOMIC,
	OBD_ATTR_ATOMIC64,
};

enum obd_attr_where {
	OBD_ATTR_GLOBAL,
	OBD_ATTR_KOBJ,
	OBD_ATTR_BASE,
};

/**
 * struct obd_attr - a numeric parameter file.
 * @kattr: the sysfs attribute (its show/store are usually obd_attr_show()
 *	and obd_attr_store())
 * @type: the C type of the number
 * @where: how @addr / @offset find it (see the top of this file)
 * @addr: OBD_ATTR_GLOBAL: the variable
 * @offset: OBD_ATTR_KOBJ: from the kobject; OBD_ATTR_BASE: from the base
 * @min: smallest value a write may set (OBD_ATTR_UINT)
 * @max: largest value a write may set
 * @changed: optional, called after a write set the value
 */
struct obd_attr {
	struct kobj_attribute kattr;
	enum obd_attr_type type;
	enum obd_attr_where where;
	union {
		void *addr;
		ptrdiff_t offset;
	};
	unsigned int min, max;
	void (*changed)(struct kobject *kobj);
};

ssize_t obd_attr_show(struct kobject *kobj, struct kobj_attribute *kattr, char *buf);
ssize_t obd_attr_store(struct kobject *kobj, struct kobj_attribute *kattr, const char *buf,
		       size_t count);
ssize_t obd_attr_show_at(const struct obd_attr *a, const void *base, char *buf);
int obd_attr_parse_uint(const char *buf, unsigned int min, unsigned int max, unsigned int *val);

static inline const struct obd_attr *to_obd_attr(const struct kobj_attribute *kattr)
{
	return container_of(kattr, struct obd_attr, kattr);
}

/* The obd_attr_type of an lvalue; anything else does not compile. */
#define OBD_ATTR_TYPE_OF(x)						\
	_Generic((x),							\
		 unsigned int: OBD_ATTR_UINT,				\
		 unsigned long long: OBD_ATTR_U64,			\
		 atomic_t: OBD_ATTR_ATOMIC,				\
		 atomic64_t: OBD_ATTR_ATOMIC64)

/* Writable numbers are unsigned int. */
#define OBD_ATTR_WRITABLE(x)						\
	(OBD_ATTR_UINT + BUILD_BUG_ON_ZERO(!__same_type((x), unsigned int)))

/* The attribute declared as @_name, for an attribute array. */
#define OBD_ATTR_PTR(_name) (&obd_attr_##_name.kattr.attr)

/* A module variable, rw within [@_min, @_max]. */
#define OBD_ATTR_GLOBAL_RW(_name, _var, _min, _max)				\
	static struct obd_attr obd_attr_##_name = {				\
		.kattr = __ATTR(_name, 0644, obd_attr_show, obd_attr_store),	\
		.type = OBD_ATTR_WRITABLE(_var), .where = OBD_ATTR_GLOBAL,	\
		.addr = &(_var), .min = (_min), .max = (_max),		\
	}

/* A module variable, read-only. */
#define OBD_ATTR_GLOBAL_RO(_name, _var)						\
	static struct obd_attr obd_attr_##_name = {				\
		.kattr = __ATTR(_name, 0444, obd_attr_show, NULL),		\
		.type = OBD_ATTR_TYPE_OF(_var), .where = OBD_ATTR_GLOBAL,	\
		.addr = &(_var),						\
	}

/* Offset of @_field from the kobject @_kobj in struct @_type. */
#define OBD_ATTR_KOBJ_OFFSET(_type, _kobj, _field)			\
	((ptrdiff_t)offsetof(_type, _field) - (ptrdiff_t)offsetof(_type, _kobj))

/*
 * Field @_field of the struct @_type whose member @_kobj is the file's
 * kobject, rw within [@_min, @_max] with @_store (obd_attr_store, or one
 * of the owner's that also takes words), @_changed after a write.
 */
#define OBD_ATTR_FIELD_RW(_name, _type, _kobj, _field, _min, _max, _store, _changed) \
	static struct obd_attr obd_attr_##_name = {				\
		.kattr = __ATTR(_name, 0644, obd_attr_show, _store),		\
		.type = OBD_ATTR_WRITABLE(((_type *)NULL)->_field),		\
		.where = OBD_ATTR_KOBJ,					\
		.offset = OBD_ATTR_KOBJ_OFFSET(_type, _kobj, _field),		\
		.min = (_min), .max = (_max), .changed = (_changed),		\
	}

/* Field @_field of the struct embedding the file's kobject, read-only. */
#define OBD_ATTR_FIELD_RO(_name, _type, _kobj, _field)				\
	static struct obd_attr obd_attr_##_name = {				\
		.kattr = __ATTR(_name, 0444, obd_attr_show, NULL),		\
		.type = OBD_ATTR_TYPE_OF(((_type *)NULL)->_field),		\
		.where = OBD_ATTR_KOBJ,					\
		.offset = OBD_ATTR_KOBJ_OFFSET(_type, _kobj, _field),		\
	}

/* Field @_field of a struct @_type that @_show finds (and passes to
 * obd_attr_show_at()), read-only. */
#define OBD_ATTR_BASE_RO(_name, _type, _field, _show)				\
	static struct obd_attr obd_attr_##_name = {				\
		.kattr = __ATTR(_name, 0444, _show, NULL),			\
		.type = OBD_ATTR_TYPE_OF(((_type *)NULL)->_field),		\
		.where = OBD_ATTR_BASE,					\
		.offset = offsetof(_type, _field),				\
	}

#endif /* NACRE_OBD_ATTR_H */
