// SPDX-License-Identifier: GPL-2.0
/*
 * obdclass.ko: the Lustre device registry (/dev/obd, "lctl dl"), the roots
 * of the parameter tree (/sys/fs/lustre, /sys/kernel/debug/lustre), stats
 * counters and the debug log ("lctl dk").  The layers above (ptlrpc, the
 * device types) build on it; a registered type's module uses its symbols,
 * so obdclass cannot unload while a type, hence a device, exists.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include "internal.h"

struct kset *lustre_kset;
EXPORT_SYMBOL_GPL(lustre_kset);

struct dentry *lustre_debugfs_root;
EXPORT_SYMBOL_GPL(lustre_debugfs_root);

/* /sys/fs/lustre/version, "lctl get_param version". */
static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", NACRE_LUSTRE_VERSION);
}

static struct kobj_attribute version_attr = __ATTR_RO(version);

static int __init obdclass_init(void)
{
	int rc;

	rc = dlog_init();
	if (rc)
		return rc;
	lustre_kset = kset_create_and_add("lustre", NULL, fs_kobj);
	if (!lustre_kset) {
		rc = -ENOMEM;
		goto free_dlog;
	}
	rc = sysfs_create_file(&lustre_kset->kobj, &version_attr.attr);
	if (rc)
		goto unregister_kset;
	/* Without debugfs this is an ERR_PTR, which every user copes with. */
	lustre_debugfs_root = debugfs_create_dir("lustre", NULL);
	obd_devices_debugfs_init(lustre_debugfs_root);
	dlog_debugfs_init(lustre_debugfs_root);
	/* Last: from here lctl can reach us. */
	rc = obd_chrdev_init();
	if (rc)
		goto remove_debugfs;
	return 0;

remove_debugfs:
	debugfs_remove_recursive(lustre_debugfs_root);
	sysfs_remove_file(&lustre_kset->kobj, &version_attr.attr);
unregister_kset:
	kset_unregister(lustre_kset);
free_dlog:
	dlog_fini();
	return rc;
}

static void __exit obdclass_exit(void)
{
	/* No ioctl runs once /dev/obd is gone. */
	obd_chrdev_fini();
	/* Types (and so devices) are gone: their modules used our symbols. */
	WARN_ON_ONCE(!xa_empty(&obd_devices));
	xa_destroy(&obd_devices);
	debugfs_remove_recursive(lustre_debugfs_root);
	sysfs_remove_file(&lustre_kset->kobj, &version_attr.attr);
	kset_unregister(lustre_kset);
	dlog_fini();
}

module_init(obdclass_init);
module_exit(obdclass_exit);
MODULE_DESCRIPTION("Nacre Lustre device registry, parameter tree, stats and debug log");
MODULE_LICENSE("GPL");
