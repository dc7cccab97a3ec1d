// SPDX-License-Identifier: GPL-2.0
/*
 * The store's write-ahead log file, /NACRE/WAL, at mount: created on the
 * first mount of a store mkfs.lustre made (zero-filled with real writes,
 * so later log writes overwrite allocated blocks, then header copy 0),
 * and on every mount checked: the current header copy, then the chain of
 * units from its tail (osd_wal_format.c).  A corrupt log refuses the mount
 * with the file offset of the field at fault.  Replay (and the writer) are
 * not built yet, so a log that still holds units is refused as well.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <nacre/osd_wal.h>
#include "osd_internal.h"

#define OSD_WAL_PATH "NACRE/WAL"

static unsigned int wal_size_mb = 64;
module_param(wal_size_mb, uint, 0644);
MODULE_PARM_DESC(wal_size_mb, "size of a new store's /NACRE/WAL in MiB (8-1024)");

static int osd_wal_read(void *ctx, __u64 off, void *buf, size_t len)
{
	return osd_vfs_pread(ctx, buf, len, off);
}

/* Write zeros to [0, size), then header copy 0 of an empty log; sync. */
static int osd_wal_format(struct osd_device *d, struct file *f, u64 size)
{
	struct wal_header_disk *h;
	struct wal_hdr hdr = {
		.area_start = WAL_AREA_START,
		.area_size = size - WAL_AREA_START,
		.seq = 1,
		.tail_lsn = 1,
		.tail_off = WAL_AREA_START,
	};
	size_t chunk = WAL_UNIT_MAX;
	void *zero;
	u64 off;
	int rc = 0;

	zero = kvzalloc(chunk, GFP_KERNEL);
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!zero || !h) {
		rc = -ENOMEM;
		goto out;
	}
	for (off = 0; off < size && !rc; off += chunk)
		rc = osd_vfs_pwrite(f, zero, min_t(u64, chunk, size - off), off);
	if (rc)
		goto out;
	wal_header_encode(&hdr, h);
	rc = osd_vfs_pwrite(f, h, sizeof(*h), 0);
	if (!rc)
		rc = osd_vfs_fsync(f);
out:
	kfree(h);
	kvfree(zero);
	if (rc)
		pr_err("%s: cannot write /" OSD_WAL_PATH ": %d\n", d->dev, rc);
	return rc;
}

/*
 * Whether the whole file is zeros: a creation cut short (the zeros are
 * written before the header).  A log that ever held a header or a unit is
 * never all zeros, so formatting such a file again loses nothing.
 */
static int osd_wal_blank(struct file *f, u8 *buf, u64 fsize)
{
	u64 off;
	int rc;

	for (off = 0; off < fsize; off += WAL_UNIT_MAX) {
		size_t n = min_t(u64, WAL_UNIT_MAX, fsize - off);

		rc = osd_vfs_pread(f, buf, n, off);
		if (rc)
			return rc;
		if (memchr_inv(buf, 0, n))
			return 0;
	}
	return 1;
}

static int osd_wal_count(void *arg, const struct wal_unit *u)
{
	(*(u64 *)arg)++;
	return 0;
}

/**
 * osd_wal_check() - create the log of a new store, check the log of any
 * @d: the mounted store
 *
 * Return: 0, or -errno (-EUCLEAN: the log is corrupt; -EOPNOTSUPP: it
 * needs a replay, not built yet), with the reason logged.
 */
int osd_wal_check(struct osd_device *d)
{
	u64 size = (u64)clamp(wal_size_mb, 8U, 1024U) << 20, fsize, units = 0;
	struct wal_reader r = { .read = osd_wal_read };
	struct wal_error err = { 0, 0, NULL };
	struct wal_end end;
	struct wal_hdr h;
	struct file *f;
	u8 *buf;
	int which, rc;

	f = osd_vfs_open(d->mnt, OSD_WAL_PATH, d->rdonly ? O_RDONLY : O_RDWR);
	if (f == ERR_PTR(-ENOENT) && d->rdonly) {
		pr_err("%s: no /" OSD_WAL_PATH " and mounted read-only: cannot make it\n", d->dev);
		return -EROFS;
	}
	if (f == ERR_PTR(-ENOENT)) {
		f = osd_vfs_create(d->mnt, OSD_WAL_PATH, 0600);
		if (IS_ERR(f)) {
			pr_err("%s: cannot create /" OSD_WAL_PATH ": %ld\n", d->dev, PTR_ERR(f));
			return PTR_ERR(f);
		}
		rc = osd_wal_format(d, f, size);
		if (rc)
			goto close;
	} else if (IS_ERR(f)) {
		pr_err("%s: cannot open /" OSD_WAL_PATH ": %ld\n", d->dev, PTR_ERR(f));
		return PTR_ERR(f);
	}
	r.ctx = f;
	buf = kvmalloc(WAL_UNIT_MAX, GFP_KERNEL);
	if (!buf) {
		rc = -ENOMEM;
		goto close;
	}
	r.buf = buf;
	fsize = osd_vfs_size(f);
	rc = osd_wal_blank(f, buf, fsize);
	if (rc < 0)
		goto free;
	if (rc && d->rdonly) {
		pr_err("%s: /" OSD_WAL_PATH " unfinished and mounted read-only\n", d->dev);
		rc = -EROFS;
		goto free;
	}
	if (rc) {
		pr_info("%s: /" OSD_WAL_PATH " unfinished: formatting it again\n", d->dev);
		rc = osd_wal_format(d, f, size);
		if (rc)
			goto free;
		fsize = osd_vfs_size(f);
	}
	if (fsize < 2 * WAL_HDR_SIZE) {
		pr_err("%s: /" OSD_WAL_PATH " is %llu bytes: too short\n", d->dev, fsize);
		rc = -EINVAL;
		goto free;
	}
	rc = osd_vfs_pread(f, buf, 2 * WAL_HDR_SIZE, 0);
	if (rc)
		goto free;
	rc = wal_header_pick((void *)buf, (void *)(buf + WAL_HDR_SIZE), fsize, &h, &which, &err);
	if (rc) {
		pr_err("%s: WAL header bad at /" OSD_WAL_PATH " offset 0x%llx: %s\n", d->dev,
		       err.offset, err.why);
		goto free;
	}
	rc = wal_scan(&h, &r, osd_wal_count, &units, &end, &err);
	if (rc == -EUCLEAN) {
		pr_err("%s: WAL corrupt at /" OSD_WAL_PATH " offset 0x%llx (lsn %llu): %s\n",
		       d->dev, err.offset, err.lsn, err.why);
		goto free;
	}
	if (rc) {
		pr_err("%s: cannot read /" OSD_WAL_PATH ": %d\n", d->dev, rc);
		goto free;
	}
	if (units) {
		pr_err("%s: /" OSD_WAL_PATH " holds %llu units from lsn %llu to replay; replay is not built yet\n",
		       d->dev, units, h.tail_lsn);
		rc = -EOPNOTSUPP;
		goto free;
	}
	pr_info("%s: /" OSD_WAL_PATH " header copy %d, seq %llu, log ends at lsn %llu offset 0x%llx\n",
		d->dev, which, h.seq, end.lsn, end.off);
free:
	kvfree(buf);
close:
	osd_vfs_close(f);
	return rc;
}
