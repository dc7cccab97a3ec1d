/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OSD's private structures.  So far a device is the private ext4 mount
 * of a target's block device; the object cache, index and log come next.
 */
#ifndef _OSD_INTERNAL_H
#define _OSD_INTERNAL_H

#include <linux/types.h>
#include <nacre/osd.h>

struct vfsmount;
struct file_system_type;
struct file;

/**
 * struct osd_device - one mounted target store
 * @mnt:  the private, namespace-less ext4 mount (SB_KERNMOUNT)
 * @type: ext4's file system type, whose module reference we hold
 * @dev:  the block device's path, for messages
 * @rdonly: mounted read-only: nothing is created or written
 */
struct osd_device {
	struct vfsmount *mnt;
	struct file_system_type *type;
	char dev[64];
	bool rdonly;
};

/* osd_wal.c */
int osd_wal_check(struct osd_device *d);

/* osd_vfs.c: the only file that calls the VFS */
ssize_t osd_vfs_read_file(struct vfsmount *mnt, const char *path, void *buf, size_t len);
struct file *osd_vfs_open(struct vfsmount *mnt, const char *path, int flags);
struct file *osd_vfs_create(struct vfsmount *mnt, const char *path, umode_t mode);
void osd_vfs_close(struct file *f);
loff_t osd_vfs_size(struct file *f);
int osd_vfs_pread(struct file *f, void *buf, size_t len, loff_t off);
int osd_vfs_pwrite(struct file *f, const void *buf, size_t len, loff_t off);
int osd_vfs_fsync(struct file *f);

#endif
