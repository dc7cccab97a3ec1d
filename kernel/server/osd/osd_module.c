// SPDX-License-Identifier: GPL-2.0
/*
 * osd_ldiskfs.ko: the backing store of server targets on stock ext4.
 *
 * So far the module carries the write-ahead log codec (osd_wal_format.c,
 * nacre/osd_wal.h) for the store that will use it; loading it registers
 * nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

static int __init osd_init(void)
{
	return 0;
}

static void __exit osd_exit(void)
{
}

module_init(osd_init);
module_exit(osd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Nacre object storage device on ext4 (Lustre osd-ldiskfs)");
