// SPDX-License-Identifier: GPL-2.0
/*
 * Devices: attach, setup, cleanup, detach, lookups, and the "lctl dl" list.
 *
 * The table (obd_devices, an allocating xarray, so a new device gets the
 * lowest free index) holds one reference on each attached device.  It
 * changes under obd_mutex, which also keeps names and UUIDs unique.
 * Lookups walk it under RCU and take a reference with
 * refcount_inc_not_zero(): a device leaves the table before the table's
 * reference is dropped, and its memory is freed an RCU grace period after
 * the last reference (kobject release, kfree_rcu()).
 *
 * A device's configuration (setup, cleanup, detach) is serialized by its
 * cfg_mutex, held across the type's setup and cleanup.  Its state changes
 * with cfg_sem held for writing, only for the change itself: readers of
 * the type's private data (type ioctls, file callbacks) hold cfg_sem and
 * see the device UP, or see it not UP and leave the data alone.  Going
 * down, the state becomes OBD_STOPPING once the readers are gone, and only
 * then the type's cleanup runs; the files it removes can have callbacks
 * in progress that take cfg_sem, which is free.
 *
 * Detach marks the device detached (no setup can follow), takes it out of
 * the table, removes its sysfs and debugfs directories (both wait for
 * callbacks in progress), then drops the table's reference.  The last
 * reference releases the type's module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "internal.h"

DEFINE_XARRAY_ALLOC(obd_devices);

static ssize_t uuid_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", kobj_to_obd(kobj)->uuid);
}

static struct kobj_attribute uuid_attr = __ATTR_RO(uuid);

static struct attribute *obd_attrs[] = {
	&uuid_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(obd);

static void obd_release(struct kobject *kobj)
{
	struct obd_device *obd = kobj_to_obd(kobj);

	/* Lookups may still be comparing its name under RCU. */
	kfree_rcu(obd, rcu);
}

static const struct kobj_type obd_ktype = {
	.release = obd_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = obd_groups,
};

static const char *state_name(enum obd_state state)
{
	switch (state) {
	case OBD_ATTACHED:
		return "AT";
	case OBD_UP:
		return "UP";
	case OBD_STOPPING:
		return "ST";
	}
	return "--";
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit(*s))
			return false;
	return true;
}

static bool name_or_uuid_in_use(const char *name, const char *uuid)
{
	struct obd_device *obd;
	unsigned long i;

	lockdep_assert_held(&obd_mutex);
	xa_for_each(&obd_devices, i, obd)
		if (!strcmp(obd->name, name) || !strcmp(obd->uuid, uuid))
			return true;
	return false;
}

/**
 * obd_device_attach() - create a device.
 * @type_name: the name of its type, whose module is loaded if the type is
 *             not registered
 * @name:      the device's name: unique, printable, without spaces or '/',
 *             not all digits, shorter than OBD_NAME_LEN
 * @uuid:      its UUID, unique, shorter than OBD_UUID_LEN; NULL or "" for
 *             "<name>_UUID"
 *
 * The new device is OBD_ATTACHED and has its sysfs and debugfs
 * directories.  It has two references: the table's, until it is detached
 * (here or by lctl), and the caller's, which obd_device_detach() drops (or
 * obd_device_put(), to leave the device attached as OBD_IOC_ATTACH does).
 *
 * Context: process; sleeps (may load a module).
 * Return: the device, or an ERR_PTR: -EINVAL (malformed name or UUID),
 * -ENAMETOOLONG (no room for "<name>_UUID"), -ENODEV (no such type),
 * -EEXIST (name or UUID in use), -ENOSPC (OBD_MAX_DEVICES), -ENOMEM.
 */
struct obd_device *obd_device_attach(const char *type_name, const char *name, const char *uuid)
{
	struct obd_device *obd;
	struct obd_type *type;
	u32 index;
	int rc;

	if (!obd_name_valid(type_name, OBD_TYPE_LEN) || !obd_name_valid(name, OBD_NAME_LEN) ||
	    all_digits(name))
		return ERR_PTR(-EINVAL);
	if (uuid && *uuid && !obd_name_valid(uuid, OBD_UUID_LEN))
		return ERR_PTR(-EINVAL);

	obd = kzalloc(sizeof(*obd), GFP_KERNEL);
	if (!obd)
		return ERR_PTR(-ENOMEM);
	strscpy(obd->name, name, sizeof(obd->name));
	if (uuid && *uuid) {
		strscpy(obd->uuid, uuid, sizeof(obd->uuid));
	} else if (snprintf(obd->uuid, sizeof(obd->uuid), "%s_UUID", name) >= sizeof(obd->uuid)) {
		kfree(obd);
		return ERR_PTR(-ENAMETOOLONG);
	}
	refcount_set(&obd->refs, 2);	/* the table's and the caller's */
	init_rwsem(&obd->cfg_sem);
	mutex_init(&obd->cfg_mutex);
	obd->state = OBD_ATTACHED;

	type = obd_type_get(type_name);
	if (!type) {
		kfree(obd);
		return ERR_PTR(-ENODEV);
	}
	obd->type = type;
	/* From here the kobject owns the memory: kobject_put() frees it. */
	kobject_init(&obd->kobj, &obd_ktype);

	mutex_lock(&obd_mutex);
	if (name_or_uuid_in_use(obd->name, obd->uuid)) {
		rc = -EEXIST;
		goto unlock;
	}
	/* Reserve the index: lookups see nothing there until the store. */
	rc = xa_alloc(&obd_devices, &index, NULL, XA_LIMIT(0, OBD_MAX_DEVICES - 1), GFP_KERNEL);
	if (rc) {
		if (rc == -EBUSY)
			rc = -ENOSPC;
		goto unlock;
	}
	obd->index = index;
	rc = kobject_add(&obd->kobj, type->kobj, "%s", obd->name);
	if (rc)
		goto erase;
	rc = sysfs_create_groups(&obd->kobj, type->dev_groups);
	if (rc)
		goto del_kobj;
	obd->debugfs = debugfs_create_dir(obd->name, type->debugfs);
	/* A reserved slot needs no allocation: this cannot fail. */
	rc = xa_err(xa_store(&obd_devices, index, obd, GFP_KERNEL));
	if (WARN_ON_ONCE(rc))
		goto remove_debugfs;
	atomic_inc(&type->ndevices);
	mutex_unlock(&obd_mutex);
	OBD_DLOG("obdclass", "attached %s %s %s as %u", type->name, obd->name, obd->uuid, index);
	return obd;

remove_debugfs:
	debugfs_remove_recursive(obd->debugfs);
del_kobj:
	kobject_del(&obd->kobj);
erase:
	xa_erase(&obd_devices, index);
unlock:
	mutex_unlock(&obd_mutex);
	kobject_put(&obd->kobj);
	obd_type_put(type);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(obd_device_attach);

/* Change the state once readers of cfg_sem are done with the old one. */
static void set_state(struct obd_device *obd, enum obd_state state)
{
	lockdep_assert_held(&obd->cfg_mutex);
	down_write(&obd->cfg_sem);
	WRITE_ONCE(obd->state, state);
	up_write(&obd->cfg_sem);
}

/**
 * obd_device_setup() - bring a device up with its type's setup().
 * @obd:  an attached device the caller holds a reference on
 * @argc: number of words in @argv
 * @argv: the setup words, meaning type-specific (argv[argc] NULL)
 *
 * Context: process; sleeps.  Not from a type's setup, cleanup or ioctl.
 * Return: 0 (the device is UP), -EEXIST when it is set up already,
 * -ENODEV when it is detached, or the type's -errno.
 */
int obd_device_setup(struct obd_device *obd, int argc, char **argv)
{
	const struct obd_type_ops *ops = obd->type->ops;
	int rc = 0;

	mutex_lock(&obd->cfg_mutex);
	if (obd->detached) {
		rc = -ENODEV;
		goto out;
	}
	if (obd->state != OBD_ATTACHED) {
		rc = -EEXIST;
		goto out;
	}
	if (ops->setup)
		rc = ops->setup(obd, argc, argv);
	if (!rc)
		set_state(obd, OBD_UP);
out:
	mutex_unlock(&obd->cfg_mutex);
	OBD_DLOG("obdclass", "setup %s: %d", obd->name, rc);
	return rc;
}
EXPORT_SYMBOL_GPL(obd_device_setup);

static int __obd_device_cleanup(struct obd_device *obd, bool force)
{
	const struct obd_type_ops *ops = obd->type->ops;
	int rc = 0;

	lockdep_assert_held(&obd->cfg_mutex);
	if (obd->state != OBD_UP)
		return -EINVAL;
	/* obd->private stays valid: only cleanup (under cfg_mutex) frees it. */
	if (force && ops->stop)
		ops->stop(obd);
	/* Waits for type ioctls and other readers of the private data. */
	set_state(obd, OBD_STOPPING);
	if (ops->cleanup)
		rc = ops->cleanup(obd, force);
	/* A forced cleanup cannot be refused: the type's bug. */
	WARN_ONCE(force && rc, "%s: forced cleanup of %s failed: %d\n", obd->type->name,
		  obd->name, rc);
	set_state(obd, rc ? OBD_UP : OBD_ATTACHED);
	OBD_DLOG("obdclass", "cleanup %s%s: %d", obd->name, force ? " (forced)" : "", rc);
	return rc;
}

/**
 * obd_device_cleanup() - take a device down with its type's cleanup().
 * @obd:   a device the caller holds a reference on
 * @force: end what uses the device instead of failing with -EBUSY
 *
 * Context: process; sleeps (waits for type ioctls in progress).  Not from
 * a type's setup, cleanup or ioctl.
 * Return: 0 (the device is attached, no longer UP), -EINVAL when it is not
 * UP, -ENODEV when it is detached, or the type's -errno (-EBUSY).
 */
int obd_device_cleanup(struct obd_device *obd, bool force)
{
	int rc;

	mutex_lock(&obd->cfg_mutex);
	rc = obd->detached ? -ENODEV : __obd_device_cleanup(obd, force);
	mutex_unlock(&obd->cfg_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(obd_device_cleanup);

/*
 * Clean up @obd if it is UP, then detach it: 0, -ENODEV when it is
 * detached already, or the cleanup's -errno (then nothing changed).
 */
int obd_device_remove(struct obd_device *obd, bool force)
{
	int rc = 0;

	mutex_lock(&obd->cfg_mutex);
	if (obd->detached)
		rc = -ENODEV;
	else if (obd->state == OBD_UP)
		rc = __obd_device_cleanup(obd, force);
	if (!rc)
		obd->detached = true;
	mutex_unlock(&obd->cfg_mutex);
	if (rc)
		return rc;

	mutex_lock(&obd_mutex);
	xa_erase(&obd_devices, obd->index);
	debugfs_remove_recursive(obd->debugfs);
	obd->debugfs = NULL;
	kobject_del(&obd->kobj);
	mutex_unlock(&obd_mutex);
	OBD_DLOG("obdclass", "detached %s", obd->name);
	obd_device_put(obd);	/* the table's */
	return 0;
}

/**
 * obd_device_detach() - remove a device unless lctl did already, cleaning
 * it up (forced) first if it is UP, and drop the reference
 * obd_device_attach() returned.
 * @obd: the device; other holders of references keep the structure (not
 *       the device) until they put them
 *
 * Its name, UUID and index are free again on return.
 *
 * Context: process; sleeps.  Not from a type's setup, cleanup or ioctl,
 * nor from a sysfs or debugfs callback.
 */
void obd_device_detach(struct obd_device *obd)
{
	obd_device_remove(obd, true);
	obd_device_put(obd);
}
EXPORT_SYMBOL_GPL(obd_device_detach);

static struct obd_device *get_unless_zero(struct obd_device *obd)
{
	return obd && refcount_inc_not_zero(&obd->refs) ? obd : NULL;
}

/**
 * obd_device_get() - find an attached device by name or by decimal index.
 * @name_or_index: its name, or its index in decimal digits
 *
 * Context: any but hard interrupt.
 * Return: the device with a reference (obd_device_put()), or NULL.
 */
struct obd_device *obd_device_get(const char *name_or_index)
{
	struct obd_device *obd, *found = NULL;
	unsigned int index;
	unsigned long i;

	rcu_read_lock();
	if (all_digits(name_or_index)) {
		if (!kstrtouint(name_or_index, 10, &index))
			found = get_unless_zero(xa_load(&obd_devices, index));
	} else {
		xa_for_each(&obd_devices, i, obd) {
			if (!strcmp(obd->name, name_or_index)) {
				found = get_unless_zero(obd);
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_GPL(obd_device_get);

/**
 * obd_device_find_uuid() - find an attached device by UUID.
 * @uuid: the UUID
 *
 * Context: any but hard interrupt.
 * Return: the device with a reference (obd_device_put()), or NULL.
 */
struct obd_device *obd_device_find_uuid(const char *uuid)
{
	struct obd_device *obd, *found = NULL;
	unsigned long i;

	rcu_read_lock();
	xa_for_each(&obd_devices, i, obd) {
		if (!strcmp(obd->uuid, uuid)) {
			found = get_unless_zero(obd);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_GPL(obd_device_find_uuid);

/**
 * obd_device_put() - drop a reference from obd_device_get(),
 * obd_device_find_uuid() or obd_device_hold().
 * @obd: the device
 *
 * The last reference to a detached device frees it and releases its
 * type's module.
 *
 * Context: any but hard interrupt.
 */
void obd_device_put(struct obd_device *obd)
{
	struct obd_type *type = obd->type;

	if (!refcount_dec_and_test(&obd->refs))
		return;
	/* The table's reference goes only at detach. */
	WARN_ON_ONCE(!obd->detached);
	atomic_dec(&type->ndevices);
	/* Out of sysfs already: the release only frees (after RCU). */
	kobject_put(&obd->kobj);
	obd_type_put(type);
}
EXPORT_SYMBOL_GPL(obd_device_put);

/*
 * OBD_IOC_DEVICE_GET: the device with the smallest index >= @index, into
 * @out (zeroed by the caller); -ENOENT when there is none.
 */
int obd_device_fill(u32 index, struct obd_ioc_device *out)
{
	unsigned long i = index;
	struct obd_device *obd;
	int rc = 0;

	mutex_lock(&obd_mutex);
	obd = xa_find(&obd_devices, &i, OBD_MAX_DEVICES - 1, XA_PRESENT);
	if (obd) {
		out->index = obd->index;
		out->refcount = refcount_read(&obd->refs);
		strscpy(out->state, state_name(READ_ONCE(obd->state)), sizeof(out->state));
		strscpy(out->type, obd->type->name, sizeof(out->type));
		strscpy(out->name, obd->name, sizeof(out->name));
		strscpy(out->uuid, obd->uuid, sizeof(out->uuid));
	} else {
		rc = -ENOENT;
	}
	mutex_unlock(&obd_mutex);
	return rc;
}

/* /sys/kernel/debug/lustre/devices: what "lctl dl" prints. */
static int devices_show(struct seq_file *m, void *unused)
{
	struct obd_device *obd;
	unsigned long i;

	mutex_lock(&obd_mutex);
	xa_for_each(&obd_devices, i, obd)
		seq_printf(m, "%3d %s %s %s %s %u\n", obd->index,
			   state_name(READ_ONCE(obd->state)), obd->type->name, obd->name,
			   obd->uuid, refcount_read(&obd->refs));
	mutex_unlock(&obd_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(devices);

void obd_devices_debugfs_init(struct dentry *root)
{
	debugfs_create_file("devices", 0444, root, NULL, &devices_fops);
}
