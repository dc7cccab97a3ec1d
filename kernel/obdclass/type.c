// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of device types.  A type module registers its obd_type at
 * init and unregisters it at exit; each device of the type holds a module
 * reference (taken here, at attach), so exit cannot run while one exists.
 * Attaching a device of a type that is not registered loads its module by
 * the type's name, then by the alias "obd-type-<name>".
 *
 * obd_mutex guards the list of types and the device table (device.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include "internal.h"

DEFINE_MUTEX(obd_mutex);
static LIST_HEAD(obd_types);

/*
 * A name that can be a sysfs and debugfs directory and a word of "lctl dl":
 * 1 to @size - 1 printable ASCII characters other than space and '/', not
 * "." or "..".
 */
bool obd_name_valid(const char *s, size_t size)
{
	size_t i, len = strnlen(s, size);

	if (len == 0 || len == size)
		return false;
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c >= 0x7f || c == '/')
			return false;
	}
	return true;
}

/* Names of the files beside the types' directories in the two roots. */
static bool type_name_reserved(const char *name)
{
	static const char *const reserved[] = { "version", "devices", "dk" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(name, reserved[i]))
			return true;
	return false;
}

static struct obd_type *find_type(const char *name)
{
	struct obd_type *type;

	lockdep_assert_held(&obd_mutex);
	list_for_each_entry(type, &obd_types, list)
		if (!strcmp(type->name, name))
			return type;
	return NULL;
}

/**
 * obd_type_register() - make a device type available to attach.
 * @type: the type, with @name, @owner and @ops set; it stays registered
 *        until obd_type_unregister() (normally from the module's exit)
 *
 * Creates /sys/fs/lustre/<name> (@type->kobj) and
 * /sys/kernel/debug/lustre/<name> (@type->debugfs).
 *
 * Return: 0, -EINVAL for a bad name or no ops, -EEXIST when a type of that
 * name is registered, -ENOMEM.
 */
int obd_type_register(struct obd_type *type)
{
	int rc = 0;

	if (!type->name || !obd_name_valid(type->name, OBD_TYPE_LEN) ||
	    type_name_reserved(type->name) || !type->ops)
		return -EINVAL;
	INIT_LIST_HEAD(&type->list);
	atomic_set(&type->ndevices, 0);

	mutex_lock(&obd_mutex);
	if (find_type(type->name)) {
		rc = -EEXIST;
		goto out;
	}
	type->kobj = kobject_create_and_add(type->name, &lustre_kset->kobj);
	if (!type->kobj) {
		rc = -ENOMEM;
		goto out;
	}
	type->debugfs = debugfs_create_dir(type->name, lustre_debugfs_root);
	list_add_tail(&type->list, &obd_types);
out:
	mutex_unlock(&obd_mutex);
	if (!rc)
		pr_debug("type %s registered\n", type->name);
	return rc;
}
EXPORT_SYMBOL_GPL(obd_type_register);

/**
 * obd_type_unregister() - withdraw a device type.
 * @type: a registered type whose devices are all gone (each pins the
 *        type's module, so this holds when called from module exit)
 *
 * Removes the type's sysfs and debugfs directories with whatever the type
 * left in them.
 */
void obd_type_unregister(struct obd_type *type)
{
	mutex_lock(&obd_mutex);
	WARN(atomic_read(&type->ndevices), "type %s unregistered with %d devices\n",
	     type->name, atomic_read(&type->ndevices));
	list_del_init(&type->list);
	debugfs_remove_recursive(type->debugfs);
	type->debugfs = NULL;
	kobject_put(type->kobj);
	type->kobj = NULL;
	mutex_unlock(&obd_mutex);
	pr_debug("type %s unregistered\n", type->name);
}
EXPORT_SYMBOL_GPL(obd_type_unregister);

static struct obd_type *type_get_registered(const char *name)
{
	struct obd_type *type;

	mutex_lock(&obd_mutex);
	type = find_type(name);
	if (type && !try_module_get(type->owner))
		type = NULL;	/* its module is going away */
	mutex_unlock(&obd_mutex);
	return type;
}

/*
 * The type called @name with its module pinned (obd_type_put()), loading
 * the module if needed; NULL when there is none.  Loading a module by a
 * name the caller chose needs CAP_SYS_MODULE (as for network devices);
 * the "obd-type-" alias is always tried.  Not under obd_mutex: the
 * module's init registers its type.
 */
struct obd_type *obd_type_get(const char *name)
{
	struct obd_type *type;

	type = type_get_registered(name);
	if (type)
		return type;
	if (capable(CAP_SYS_MODULE)) {
		request_module("%s", name);
		type = type_get_registered(name);
		if (type)
			return type;
	}
	request_module("obd-type-%s", name);
	return type_get_registered(name);
}

void obd_type_put(struct obd_type *type)
{
	module_put(type->owner);
}
