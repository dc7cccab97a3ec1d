// SPDX-License-Identifier: GPL-2.0
/*
 * The target's ext4, mounted privately in the kernel.
 *
 * vfs_kern_mount() with SB_KERNMOUNT gives a mount in no namespace (not in
 * /proc/mounts) that is MNT_INTERNAL, so the last mntput() in
 * kern_unmount() tears the superblock down before it returns: when
 * osd_umount() returns, ext4 is unmounted and the device is free for
 * e2fsck or mkfs.  Mounting a device whose ext4 is mounted already gives
 * back the same superblock (sget shares a block device's superblock), so a
 * second active reference means someone else has it mounted: refused, as
 * the store must be the only writer.
 *
 * A store is a device mkfs.lustre formatted: /NACRE/VERSION says its
 * layout; only "nacre layout 0" (mountdata only, what mkfs.lustre writes)
 * is known so far.  Then the write-ahead log is created or checked
 * (osd_wal.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "osd_internal.h"

#define OSD_EXT4_OPTS	"errors=remount-ro,data=ordered"
#define OSD_LAYOUT_0	"nacre layout 0\n"

/* Whether the store's /NACRE/VERSION names a layout this module knows. */
static int osd_check_layout(struct osd_device *d)
{
	char buf[32];
	ssize_t n;

	n = osd_vfs_read_file(d->mnt, "NACRE/VERSION", buf, sizeof(buf));
	if (n == -ENOENT) {
		pr_err("%s: no /NACRE/VERSION: not formatted by mkfs.lustre\n", d->dev);
		return -EINVAL;
	}
	if (n < 0) {
		pr_err("%s: /NACRE/VERSION unreadable: %zd\n", d->dev, n);
		return n;
	}
	if (n != strlen(OSD_LAYOUT_0) || memcmp(buf, OSD_LAYOUT_0, n)) {
		pr_err("%s: /NACRE/VERSION: unknown layout\n", d->dev);
		return -EINVAL;
	}
	return 0;
}

/* "errors=remount-ro,data=ordered" plus the caller's options, kmalloc'ed. */
static char *osd_ext4_opts(const char *extra)
{
	if (!extra || !*extra)
		return kstrdup(OSD_EXT4_OPTS, GFP_KERNEL);
	return kasprintf(GFP_KERNEL, OSD_EXT4_OPTS ",%s", extra);
}

struct osd_device *osd_mount(const struct osd_mount_args *a)
{
	struct osd_device *d;
	char *opts;
	int rc;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	strscpy(d->dev, a->dev, sizeof(d->dev));
	d->rdonly = a->rdonly;
	d->type = get_fs_type("ext4");
	if (!d->type) {
		rc = -ENODEV;
		goto free;
	}
	/* The options string is parsed in place. */
	opts = osd_ext4_opts(a->ext4_opts);
	if (!opts) {
		rc = -ENOMEM;
		goto put_type;
	}
	d->mnt = vfs_kern_mount(d->type, SB_KERNMOUNT | (a->rdonly ? SB_RDONLY : 0), a->dev,
				opts);
	kfree(opts);
	if (IS_ERR(d->mnt)) {
		rc = PTR_ERR(d->mnt);
		pr_err("%s: cannot mount its ext4: %d\n", d->dev, rc);
		goto put_type;
	}
	if (atomic_read(&d->mnt->mnt_sb->s_active) > 1) {
		pr_err("%s: its ext4 is mounted elsewhere; unmount it first\n", d->dev);
		rc = -EBUSY;
		goto unmount;
	}
	rc = osd_check_layout(d);
	if (rc)
		goto unmount;
	rc = osd_wal_check(d);
	if (rc)
		goto unmount;
	pr_info("%s: mounted%s\n", d->dev, d->rdonly ? " read-only" : "");
	return d;

unmount:
	kern_unmount(d->mnt);
put_type:
	/* put_filesystem() is not exported; it is this. */
	module_put(d->type->owner);
free:
	kfree(d);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(osd_mount);

void osd_umount(struct osd_device *d)
{
	kern_unmount(d->mnt);
	module_put(d->type->owner);
	pr_info("%s: unmounted\n", d->dev);
	kfree(d);
}
EXPORT_SYMBOL_GPL(osd_umount);
