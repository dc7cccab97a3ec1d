/* SPDX-License-Identifier: GPL-2.0 */
/*
 * obdclass.ko, the in-kernel API: the roots of the parameter tree, the
 * registry of device types and devices (Lustre's "obd devices", listed by
 * "lctl dl"), stats counters (obd_stats.h) and the debug log (dlog.h).
 *
 * A type (echo_client, obdfilter-like targets, ...) registers an ops table
 * from its module.  A device is an instance of a type with a unique name,
 * UUID and index; it is attached (exists, has its sysfs and debugfs
 * directories), then set up (the type's setup() ran: UP), then cleaned up
 * and detached.  Devices pin their type's module, so a type module cannot
 * unload while one of its devices exists.
 *
 * Parameter tree:
 *   /sys/fs/lustre/version                  NACRE_LUSTRE_VERSION
 *   /sys/fs/lustre/<type>/<device>/         device kobject: uuid, type's dev_groups
 *   /sys/kernel/debug/lustre/devices        "lctl dl" text
 *   /sys/kernel/debug/lustre/dk             the debug log
 *   /sys/kernel/debug/lustre/<type>/<device>/  the device's debugfs files
 *
 * Locks, in order: obd->cfg_mutex (configuration of one device: setup,
 * cleanup, detach; held across the type's setup() and cleanup()) -> the
 * registry mutex (attach, detach, type registration, device listing) ->
 * obd->cfg_sem (held for writing only to change obd->state; for reading
 * by type ioctls and by whoever uses obd->private outside setup and
 * cleanup).  The sysfs and debugfs directories of devices are removed
 * under the registry mutex, so callbacks of files in them must not attach,
 * detach or (un)register; they may take cfg_sem for reading.  Lookups
 * (obd_device_get(), obd_device_find_uuid()) take no sleeping lock and may
 * be called from any context but hard interrupts.
 */
#ifndef NACRE_OBD_H
#define NACRE_OBD_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/lustre/lustre_ioctl.h>
#include <nacre/obd_stats.h>
#include <nacre/dlog.h>

/* What "lctl get_param version" reports: the Lustre release we speak. */
#define NACRE_LUSTRE_VERSION	"2.16.1-nacre"

#define OBD_MAX_DEVICES		8192	/* indexes 0 .. OBD_MAX_DEVICES - 1 */
#define OBD_SETUP_MAX_ARGS	32	/* words of OBD_IOC_SETUP */

/* /sys/fs/lustre and /sys/kernel/debug/lustre.  The debugfs root is an
 * ERR_PTR when debugfs is unavailable; the debugfs_create_*() helpers
 * accept that as a parent (and fail), so callers need not test it.
 */
extern struct kset *lustre_kset;
extern struct dentry *lustre_debugfs_root;

struct obd_device;

/**
 * struct obd_type_ops - what a device type does for its devices.
 * @setup:   bring @obd up from @argc words in @argv (argv[argc] is NULL;
 *           the strings live only for the call).  0: the device is UP;
 *           -errno: it stays attached.  Optional (NULL: nothing to do).
 * @cleanup: take @obd down and free what setup made (obd->private).  With
 *           @force false, -EBUSY when the device is in use (connected
 *           clients) and nothing changes; with @force the type ends what
 *           uses the device and must return 0.  It runs with the device
 *           OBD_STOPPING, after type ioctls and cfg_sem readers finished,
 *           so data paths reading obd->state can refuse new work.
 *           Optional.
 * @ioctl:   a type-specific /dev/obd command (e.g. OBD_IOC_ECHO_TEST) on an
 *           UP device; @uarg is the user's structure, whose first member
 *           is the device name (the type copies the whole structure
 *           itself).  Runs with obd->cfg_sem held for reading: cleanup
 *           waits for it, so a long command must stop on
 *           fatal_signal_pending().  Return 0, -errno, or -ENOTTY for a
 *           command the type does not know.  Optional (NULL: -ENOTTY).
 *
 * setup() and cleanup() run under the device's cfg_mutex but not under
 * cfg_sem: they may create and remove files whose callbacks take cfg_sem
 * for reading (removal waits for callbacks in progress).  They may attach
 * devices and look devices up, but must not set up, clean up or detach
 * another device (configuration is driven from outside, in order, as a
 * mount does).  ioctl() only looks devices up.
 */
struct obd_type_ops {
	int (*setup)(struct obd_device *obd, int argc, char **argv);
	int (*cleanup)(struct obd_device *obd, bool force);
	long (*ioctl)(struct obd_device *obd, unsigned int cmd, void __user *uarg);
	void (*stop)(struct obd_device *obd);
};

/**
 * struct obd_type - a kind of device, registered by its module.
 * @name:       "echo_client": what OBD_IOC_ATTACH names (at most
 *              OBD_TYPE_LEN - 1 printable characters, no '/').  A module
 *              whose name differs from the type's declares
 *              MODULE_ALIAS("obd-type-<name>") so that attach loads it.
 * @owner:      THIS_MODULE (pinned while a device of the type exists)
 * @ops:        its operations
 * @dev_groups: (optional) sysfs attributes of each device, created at
 *              attach in /sys/fs/lustre/<type>/<device>/; a show() or
 *              store() using obd->private holds obd->cfg_sem for reading
 *              and checks obd->state == OBD_UP (kobj_to_obd() finds obd)
 * @kobj:       /sys/fs/lustre/<name>, for the type's own attributes
 * @debugfs:    /sys/kernel/debug/lustre/<name> (maybe an ERR_PTR)
 */
struct obd_type {
	const char *name;
	struct module *owner;
	const struct obd_type_ops *ops;
	const struct attribute_group **dev_groups;
	struct kobject *kobj;
	struct dentry *debugfs;
	/* private: */
	struct list_head list;		/* on the registry's list */
	atomic_t ndevices;		/* attached or still referenced */
};

int obd_type_register(struct obd_type *type);
void obd_type_unregister(struct obd_type *type);

enum obd_state {
	OBD_ATTACHED,		/* "AT" */
	OBD_UP,			/* "UP": set up */
	OBD_STOPPING,		/* "ST": cleanup running */
};

/**
 * struct obd_device - one device.
 * @index:   its number in "lctl dl" (lowest free at attach)
 * @name:    unique; never all digits (a number names an index)
 * @uuid:    unique; "<name>_UUID" unless given
 * @type:    its type (pinned)
 * @state:   enum obd_state; changed under @cfg_sem held for writing, read
 *           anywhere with READ_ONCE()
 * @refs:    the registry's reference while attached, the in-kernel
 *           attacher's until obd_device_detach(), and one per
 *           obd_device_get()/obd_device_find_uuid()/obd_device_hold();
 *           keeps the structure and the type's module, not the device UP
 * @cfg_sem: readers (type ioctls, sysfs/debugfs callbacks, anything using
 *           @private outside setup and cleanup) hold it and check @state
 *           is OBD_UP; @private then stays valid until they release it
 * @kobj:    /sys/fs/lustre/<type>/<name>/
 * @debugfs: /sys/kernel/debug/lustre/<type>/<name>/ (maybe an ERR_PTR);
 *           files the type adds there go away at detach at the latest
 * @private: the type's, from setup to cleanup
 */
struct obd_device {
	int index;
	char name[OBD_NAME_LEN];
	char uuid[OBD_UUID_LEN];
	struct obd_type *type;
	enum obd_state state;
	refcount_t refs;
	struct rw_semaphore cfg_sem;
	struct kobject kobj;
	struct dentry *debugfs;
	void *private;
	/* private: */
	struct mutex cfg_mutex;		/* setup, cleanup, detach */
	bool detached;			/* cfg_mutex */
	struct rcu_head rcu;
};

static inline struct obd_device *kobj_to_obd(struct kobject *kobj)
{
	return container_of(kobj, struct obd_device, kobj);
}

struct obd_device *obd_device_attach(const char *type, const char *name, const char *uuid);
int obd_device_setup(struct obd_device *obd, int argc, char **argv);
int obd_device_cleanup(struct obd_device *obd, bool force);
void obd_device_detach(struct obd_device *obd);
struct obd_device *obd_device_get(const char *name_or_index);
struct obd_device *obd_device_find_uuid(const char *uuid);
void obd_device_put(struct obd_device *obd);

/**
 * obd_device_hold() - another reference to a device the caller holds one
 * on (e.g. one per connected client); release with obd_device_put().
 * @obd: the device
 *
 * Return: @obd.
 */
static inline struct obd_device *obd_device_hold(struct obd_device *obd)
{
	refcount_inc(&obd->refs);
	return obd;
}

#endif /* NACRE_OBD_H */
