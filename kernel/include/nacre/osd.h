/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backing store of server targets (osd_ldiskfs.ko, kernel/server/osd/):
 * one implementation on stock ext4 through the VFS, no ops table.
 *
 * Built so far: mounting and unmounting a store.  Objects, the object
 * index, transactions and the log writer will join this header as they are
 * built (the design is docs/architecture.md, "Backing store").
 */
#ifndef _NACRE_OSD_H
#define _NACRE_OSD_H

#include <linux/types.h>

struct osd_device;

/**
 * struct osd_mount_args - how to mount a store
 * @dev: path of the target's block device
 * @ext4_opts: ext4 mount options added after the store's own
 *	("errors=remount-ro,data=ordered"), or NULL
 * @rdonly: mount read-only: nothing is created or written; a store without
 *	its write-ahead log is refused (-EROFS)
 */
struct osd_mount_args {
	const char *dev;
	const char *ext4_opts;
	bool rdonly;
};

/**
 * osd_mount() - mount a target's store
 * @a: what to mount
 *
 * Mounts the device's ext4 privately (in no namespace), refuses it if it
 * is mounted elsewhere, checks that mkfs.lustre made it, creates the
 * write-ahead log of a new store and checks the log of any (the messages
 * name the device, the file and the offset at fault).  Sleeps.
 *
 * Return: the store, or ERR_PTR: -EBUSY (mounted elsewhere), -EINVAL (not
 * a Nacre store, bad log header), -EUCLEAN (corrupt log), -EOPNOTSUPP (the
 * log needs a replay, not built yet), -EROFS, or ext4's error.  After a
 * failure in process context the ext4 is unmounted by the time the caller
 * returns to user space (files the checks opened are released then).
 */
struct osd_device *osd_mount(const struct osd_mount_args *a);

/**
 * osd_umount() - unmount a store
 * @d: from osd_mount()
 *
 * The ext4 is unmounted (the device free for e2fsck or mkfs) when it
 * returns: the store keeps no file open between calls.  Sleeps.
 */
void osd_umount(struct osd_device *d);

#endif /* _NACRE_OSD_H */
