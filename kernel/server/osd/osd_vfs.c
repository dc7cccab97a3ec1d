// SPDX-License-Identifier: GPL-2.0
/*
 * Every VFS call of the OSD (STYLE 4): the rest of the OSD reaches ext4
 * only through these functions.  So far: reading a small file by path.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>
#include "osd_internal.h"

/**
 * osd_vfs_read_file() - read the start of a file of the store
 * @mnt: the store's mount
 * @path: relative to the store's root ("NACRE/VERSION")
 * @buf: where
 * @len: at most this many bytes
 *
 * Return: bytes read, or -errno (-ENOENT: no such file).
 */
ssize_t osd_vfs_read_file(struct vfsmount *mnt, const char *path, void *buf, size_t len)
{
	struct path root = { .mnt = mnt, .dentry = mnt->mnt_root };
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root(&root, path, O_RDONLY | O_LARGEFILE | O_NOFOLLOW, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len, &pos);
	fput(f);
	return n;
}
