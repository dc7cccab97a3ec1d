// SPDX-License-Identifier: GPL-2.0
/*
 * osd_ldiskfs.ko: the backing store of server targets on stock ext4, as
 * the device type "osd-ldiskfs" (Lustre's name).
 *
 * So far a device is a store mounted (lctl attach osd-ldiskfs NAME, then
 * lctl --device NAME setup /dev/DEVICE [rdonly]) and unmounted at cleanup;
 * the same osd_mount()/osd_umount() are exported for the target layer
 * (nacre/osd.h).  The module also carries the write-ahead log codec
 * (osd_wal_format.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>
#include <linux/string.h>
#include <nacre/obd.h>
#include "osd_internal.h"

/* setup DEVICE [rdonly]: mount the store on DEVICE. */
static int osd_obd_setup(struct obd_device *obd, int argc, char **argv)
{
	struct osd_mount_args a = { .dev = argc > 0 ? argv[0] : NULL };
	struct osd_device *d;

	if (argc == 2 && !strcmp(argv[1], "rdonly"))
		a.rdonly = true;
	else if (argc != 1) {
		pr_err("%s: setup takes the block device's path and optionally \"rdonly\"\n",
		       obd->name);
		return -EINVAL;
	}
	d = osd_mount(&a);
	if (IS_ERR(d))
		return PTR_ERR(d);
	obd->private = d;
	return 0;
}

/* Nothing uses a store but its device yet: cleanup always unmounts. */
static int osd_obd_cleanup(struct obd_device *obd, bool force)
{
	osd_umount(obd->private);
	obd->private = NULL;
	return 0;
}

static const struct obd_type_ops osd_obd_ops = {
	.setup = osd_obd_setup,
	.cleanup = osd_obd_cleanup,
};

static struct obd_type osd_obd_type = {
	.name = "osd-ldiskfs",
	.owner = THIS_MODULE,
	.ops = &osd_obd_ops,
};

static int __init osd_init(void)
{
	return obd_type_register(&osd_obd_type);
}

static void __exit osd_exit(void)
{
	obd_type_unregister(&osd_obd_type);
}

module_init(osd_init);
module_exit(osd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Nacre object storage device on ext4 (Lustre osd-ldiskfs)");
MODULE_ALIAS("obd-type-osd-ldiskfs");
MODULE_SOFTDEP("pre: obdclass");
