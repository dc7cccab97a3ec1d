// SPDX-License-Identifier: GPL-2.0
/*
 * Every VFS call of the OSD (STYLE 4): the rest of the OSD reaches ext4
 * only through these functions.  So far: opening, creating, reading,
 * writing and syncing files by path below the store's root.
 *
 * The calls run with the caller's credentials (root: lctl).
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

static struct file *osd_vfs_open_flags(struct vfsmount *mnt, const char *path, int flags,
				       umode_t mode)
{
	struct path root = { .mnt = mnt, .dentry = mnt->mnt_root };

	return file_open_root(&root, path, flags | O_LARGEFILE | O_NOFOLLOW, mode);
}

/* Open an existing file of the store.  Return: the file, or ERR_PTR. */
struct file *osd_vfs_open(struct vfsmount *mnt, const char *path, int flags)
{
	return osd_vfs_open_flags(mnt, path, flags, 0);
}

/* Create a file of the store (-EEXIST if it exists), open for writing. */
struct file *osd_vfs_create(struct vfsmount *mnt, const char *path, umode_t mode)
{
	return osd_vfs_open_flags(mnt, path, O_RDWR | O_CREAT | O_EXCL, mode);
}

void osd_vfs_close(struct file *f)
{
	fput(f);
}

loff_t osd_vfs_size(struct file *f)
{
	return i_size_read(file_inode(f));
}

/* Read exactly @len bytes at @off.  Return: 0, -EIO (short), or -errno. */
int osd_vfs_pread(struct file *f, void *buf, size_t len, loff_t off)
{
	while (len) {
		ssize_t n = kernel_read(f, buf, len, &off);

		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Write exactly @len bytes at @off.  Return: 0 or -errno. */
int osd_vfs_pwrite(struct file *f, const void *buf, size_t len, loff_t off)
{
	while (len) {
		ssize_t n = kernel_write(f, buf, len, &off);

		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Make the file's data and metadata durable. */
int osd_vfs_fsync(struct file *f)
{
	return vfs_fsync(f, 0);
}
