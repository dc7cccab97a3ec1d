// SPDX-License-Identifier: GPL-2.0
/*
 * The write-ahead log's byte format: header copies, flush units, records,
 * ops (see nacre/osd_wal.h and docs/disk-format.md).
 *
 * The log comes from a disk, so the decoder proves every length lies inside
 * its parent before it reads what the length covers, and names the file
 * offset of the field at fault.  Fixed-size headers are copied into locals
 * before they are read, so no buffer needs more than byte alignment.  The
 * encoder runs the decoder's op checks on what it wrote: the writer can
 * never put in the log what replay would refuse.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/crc32c.h>
#include <asm/byteorder.h>
#include <nacre/osd_wal.h>

#define WAL_NSEC	1000000000U
#define WAL_ALIGN8(x)	(((x) + 7) & ~(__u64)7)

static int wal_fail(struct wal_error *err, __u64 off, __u64 lsn, const char *why)
{
	if (err) {
		err->offset = off;
		err->lsn = lsn;
		err->why = why;
	}
	return -EINVAL;
}

/* CRC-32C as usually defined: ~0 in, inverted out. */
static __u32 wal_crc(const void *p, size_t len)
{
	return ~crc32c(~0U, p, len);
}

/* CRC-32C of @len bytes with the 4 at @skip taken as zero. */
static __u32 wal_crc_skip(const __u8 *p, size_t len, size_t skip)
{
	static const __u8 zero[4];
	__u32 c;

	c = crc32c(~0U, p, skip);
	c = crc32c(c, zero, sizeof(zero));
	c = crc32c(c, p + skip + 4, len - skip - 4);
	return ~c;
}

/* Offset of the first non-zero byte of @p[0..len), or @len. */
static size_t wal_nonzero(const __u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			break;
	return i;
}

/* ---- header ---- */

void wal_header_encode(const struct wal_hdr *h, struct wal_header_disk *out)
{
	memset(out, 0, sizeof(*out));
	out->magic = __cpu_to_le64(WAL_MAGIC);
	out->version = __cpu_to_le32(WAL_VERSION);
	out->block_size = __cpu_to_le32(WAL_BLOCK);
	out->area_start = __cpu_to_le64(h->area_start);
	out->area_size = __cpu_to_le64(h->area_size);
	out->seq = __cpu_to_le64(h->seq);
	out->tail_lsn = __cpu_to_le64(h->tail_lsn);
	out->tail_off = __cpu_to_le64(h->tail_off);
	out->last_transno = __cpu_to_le64(h->last_transno);
	out->last_committed = __cpu_to_le64(h->last_committed);
	out->flags = __cpu_to_le32(h->flags);
	memcpy(out->target_uuid, h->target_uuid, strnlen(h->target_uuid, WAL_UUID_LEN - 1));
	out->crc = __cpu_to_le32(wal_crc(out, offsetof(struct wal_header_disk, crc)));
}
EXPORT_SYMBOL(wal_header_encode);

#define HOFF(field) (file_off + offsetof(struct wal_header_disk, field))

int wal_header_decode(const struct wal_header_disk *d, __u64 file_off, __u64 file_size,
		      struct wal_hdr *h, struct wal_error *err)
{
	__u64 start = __le64_to_cpu(d->area_start), size = __le64_to_cpu(d->area_size);
	__u64 tail = __le64_to_cpu(d->tail_off);
	size_t nz;

	if (__le64_to_cpu(d->magic) != WAL_MAGIC)
		return wal_fail(err, HOFF(magic), 0, "bad header magic");
	if (__le32_to_cpu(d->version) != WAL_VERSION)
		return wal_fail(err, HOFF(version), 0, "unknown log version");
	if (__le32_to_cpu(d->crc) != wal_crc(d, offsetof(struct wal_header_disk, crc)))
		return wal_fail(err, HOFF(crc), 0, "bad header crc");
	if (__le32_to_cpu(d->block_size) != WAL_BLOCK)
		return wal_fail(err, HOFF(block_size), 0, "block size not 4096");
	if (start != WAL_AREA_START)
		return wal_fail(err, HOFF(area_start), 0, "log area does not start at 8192");
	if (size < WAL_AREA_MIN || size % WAL_BLOCK)
		return wal_fail(err, HOFF(area_size), 0, "log area under 2 MiB or not whole blocks");
	if (file_size < start || size > file_size - start)
		return wal_fail(err, HOFF(area_size), 0, "log area past the end of the file");
	if (!d->seq)
		return wal_fail(err, HOFF(seq), 0, "header seq 0");
	if (!d->tail_lsn)
		return wal_fail(err, HOFF(tail_lsn), 0, "tail LSN 0");
	if (tail < start || tail - start >= size || tail % WAL_BLOCK)
		return wal_fail(err, HOFF(tail_off), 0, "tail outside the log area or not block-aligned");
	if (__le64_to_cpu(d->last_committed) > __le64_to_cpu(d->last_transno))
		return wal_fail(err, HOFF(last_committed), 0, "last_committed above last_transno");
	if (__le32_to_cpu(d->flags) & ~WAL_F_MASK)
		return wal_fail(err, HOFF(flags), 0, "unknown header flags");
	if (d->pad)
		return wal_fail(err, HOFF(pad), 0, "header padding not zero");
	if (!memchr(d->target_uuid, 0, WAL_UUID_LEN))
		return wal_fail(err, HOFF(target_uuid), 0, "target uuid not NUL-terminated");
	nz = wal_nonzero(d->reserved, sizeof(d->reserved));
	if (nz < sizeof(d->reserved))
		return wal_fail(err, HOFF(reserved) + nz, 0, "reserved header bytes not zero");

	h->area_start = start;
	h->area_size = size;
	h->seq = __le64_to_cpu(d->seq);
	h->tail_lsn = __le64_to_cpu(d->tail_lsn);
	h->tail_off = tail;
	h->last_transno = __le64_to_cpu(d->last_transno);
	h->last_committed = __le64_to_cpu(d->last_committed);
	h->flags = __le32_to_cpu(d->flags);
	memcpy(h->target_uuid, d->target_uuid, WAL_UUID_LEN);
	return 0;
}
EXPORT_SYMBOL(wal_header_decode);

int wal_header_pick(const struct wal_header_disk *copy0, const struct wal_header_disk *copy1,
		    __u64 file_size, struct wal_hdr *h, int *which, struct wal_error *err)
{
	struct wal_hdr h0, h1;
	struct wal_error e0;
	int rc0, rc1;

	rc0 = wal_header_decode(copy0, 0, file_size, &h0, &e0);
	rc1 = wal_header_decode(copy1, WAL_HDR_SIZE, file_size, &h1, NULL);
	if (rc0 && rc1) {
		if (err)
			*err = e0;
		return -EINVAL;
	}
	if (!rc0 && (rc1 || h0.seq >= h1.seq)) {
		*h = h0;
		*which = 0;
	} else {
		*h = h1;
		*which = 1;
	}
	return 0;
}
EXPORT_SYMBOL(wal_header_pick);

/* ---- ops ---- */

static bool wal_op_named(const struct wal_op *op)
{
	switch (op->op) {
	case WOP_CREATE:
		return op->namelen != 0;
	case WOP_MKDIR:
	case WOP_LINK:
	case WOP_UNLINK:
	case WOP_RENAME:
		return true;
	default:
		return false;
	}
}

/* Why @s is not a valid name (object: a directory entry), or NULL. */
static const char *wal_name_bad(const char *s, __u32 len, bool object)
{
	if (!len || len > WAL_NAME_MAX)
		return "name length not 1..255";
	if (memchr(s, '\0', len))
		return "NUL in a name";
	if (!object)
		return NULL;
	if (memchr(s, '/', len))
		return "'/' in a name";
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return "name \".\" or \"..\"";
	return NULL;
}

static bool wal_mode_type_ok(__u32 mode, bool dir)
{
	switch (mode & WAL_S_IFMT) {
	case WAL_S_IFDIR:
		return dir;
	case WAL_S_IFREG:
	case 0120000:	/* symlink */
	case 0020000:	/* character device */
	case 0060000:	/* block device */
	case 0010000:	/* fifo */
	case 0140000:	/* socket */
		return !dir;
	default:
		return false;
	}
}

/* The attribute fields each WAL_A_* bit covers, by offset and size. */
static const struct {
	__u16 bit, off, size;
} wal_attr_fields[] = {
	{ WAL_A_SIZE, offsetof(struct wal_attr_disk, size), 8 },
	{ WAL_A_BLOCKS, offsetof(struct wal_attr_disk, blocks), 8 },
	{ WAL_A_ATIME, offsetof(struct wal_attr_disk, atime), 8 },
	{ WAL_A_MTIME, offsetof(struct wal_attr_disk, mtime), 8 },
	{ WAL_A_CTIME, offsetof(struct wal_attr_disk, ctime), 8 },
	{ WAL_A_ATIME, offsetof(struct wal_attr_disk, atime_ns), 4 },
	{ WAL_A_MTIME, offsetof(struct wal_attr_disk, mtime_ns), 4 },
	{ WAL_A_CTIME, offsetof(struct wal_attr_disk, ctime_ns), 4 },
	{ WAL_A_MODE, offsetof(struct wal_attr_disk, mode), 4 },
	{ WAL_A_UID, offsetof(struct wal_attr_disk, uid), 4 },
	{ WAL_A_GID, offsetof(struct wal_attr_disk, gid), 4 },
	{ WAL_A_NLINK, offsetof(struct wal_attr_disk, nlink), 4 },
	{ WAL_A_RDEV, offsetof(struct wal_attr_disk, rdev), 4 },
	{ WAL_A_FLAGS, offsetof(struct wal_attr_disk, flags), 4 },
	{ WAL_A_PROJID, offsetof(struct wal_attr_disk, projid), 4 },
};

/* Check attributes at file offset @off: fields outside the mask are zero. */
static int wal_attr_decode(const struct wal_attr_disk *d, struct wal_attr *a, __u64 off,
			   __u64 lsn, struct wal_error *err)
{
	const __u8 *p = (const __u8 *)d;
	__u64 valid = __le64_to_cpu(d->valid);
	size_t i;

	if (valid & ~(__u64)WAL_A_MASK)
		return wal_fail(err, off, lsn, "unknown attribute bits");
	for (i = 0; i < ARRAY_SIZE(wal_attr_fields); i++) {
		unsigned int o = wal_attr_fields[i].off;

		if (!(valid & wal_attr_fields[i].bit) &&
		    wal_nonzero(p + o, wal_attr_fields[i].size) < wal_attr_fields[i].size)
			return wal_fail(err, off + o, lsn, "attribute outside the mask not zero");
	}
	a->valid = valid;
	a->size = __le64_to_cpu(d->size);
	a->blocks = __le64_to_cpu(d->blocks);
	a->atime = (__s64)__le64_to_cpu(d->atime);
	a->mtime = (__s64)__le64_to_cpu(d->mtime);
	a->ctime = (__s64)__le64_to_cpu(d->ctime);
	a->atime_ns = __le32_to_cpu(d->atime_ns);
	a->mtime_ns = __le32_to_cpu(d->mtime_ns);
	a->ctime_ns = __le32_to_cpu(d->ctime_ns);
	a->mode = __le32_to_cpu(d->mode);
	a->uid = __le32_to_cpu(d->uid);
	a->gid = __le32_to_cpu(d->gid);
	a->nlink = __le32_to_cpu(d->nlink);
	a->rdev = __le32_to_cpu(d->rdev);
	a->flags = __le32_to_cpu(d->flags);
	a->projid = __le32_to_cpu(d->projid);
	if (a->atime_ns >= WAL_NSEC)
		return wal_fail(err, off + offsetof(struct wal_attr_disk, atime_ns), lsn,
				"nanoseconds not below 10^9");
	if (a->mtime_ns >= WAL_NSEC)
		return wal_fail(err, off + offsetof(struct wal_attr_disk, mtime_ns), lsn,
				"nanoseconds not below 10^9");
	if (a->ctime_ns >= WAL_NSEC)
		return wal_fail(err, off + offsetof(struct wal_attr_disk, ctime_ns), lsn,
				"nanoseconds not below 10^9");
	if (a->mode & ~WAL_MODE_MASK)
		return wal_fail(err, off + offsetof(struct wal_attr_disk, mode), lsn, "bad mode");
	return 0;
}

static void wal_attr_encode(const struct wal_attr *a, struct wal_attr_disk *d)
{
	__u64 v = a->valid;

	memset(d, 0, sizeof(*d));
	d->valid = __cpu_to_le64(v);
	if (v & WAL_A_SIZE)
		d->size = __cpu_to_le64(a->size);
	if (v & WAL_A_BLOCKS)
		d->blocks = __cpu_to_le64(a->blocks);
	if (v & WAL_A_ATIME) {
		d->atime = __cpu_to_le64((__u64)a->atime);
		d->atime_ns = __cpu_to_le32(a->atime_ns);
	}
	if (v & WAL_A_MTIME) {
		d->mtime = __cpu_to_le64((__u64)a->mtime);
		d->mtime_ns = __cpu_to_le32(a->mtime_ns);
	}
	if (v & WAL_A_CTIME) {
		d->ctime = __cpu_to_le64((__u64)a->ctime);
		d->ctime_ns = __cpu_to_le32(a->ctime_ns);
	}
	if (v & WAL_A_MODE)
		d->mode = __cpu_to_le32(a->mode);
	if (v & WAL_A_UID)
		d->uid = __cpu_to_le32(a->uid);
	if (v & WAL_A_GID)
		d->gid = __cpu_to_le32(a->gid);
	if (v & WAL_A_NLINK)
		d->nlink = __cpu_to_le32(a->nlink);
	if (v & WAL_A_RDEV)
		d->rdev = __cpu_to_le32(a->rdev);
	if (v & WAL_A_FLAGS)
		d->flags = __cpu_to_le32(a->flags);
	if (v & WAL_A_PROJID)
		d->projid = __cpu_to_le32(a->projid);
}

/* The payload's fixed part for each op code, and whether it has one. */
static __u32 wal_fixed_size(__u16 code)
{
	switch (code) {
	case WOP_CREATE:
	case WOP_MKDIR:
		return sizeof(struct wal_p_create);
	case WOP_ATTR:
		return sizeof(struct wal_attr_disk);
	case WOP_XATTR_SET:
		return sizeof(struct wal_p_xattr);
	case WOP_XATTR_DEL:
	case WOP_LINK:
	case WOP_UNLINK:
		return sizeof(struct wal_p_name);
	case WOP_RENAME:
		return sizeof(struct wal_p_rename);
	case WOP_PUNCH:
		return sizeof(struct wal_p_punch);
	case WOP_WRITE_META:
		return sizeof(struct wal_p_write);
	case WOP_OI_SET:
		return sizeof(struct wal_p_oi);
	case WOP_REC:
		return sizeof(struct wal_p_rec);
	default: /* WOP_DESTROY, WOP_OI_DEL */
		return 0;
	}
}

/*
 * Decode an op's payload @p (@plen bytes, at file offset @off) into @op;
 * *used is set to the bytes it takes.
 */
static int wal_payload_decode(struct wal_op *op, const __u8 *p, __u32 plen, __u64 off,
			      __u64 lsn, __u32 *used, struct wal_error *err)
{
	__u32 fixed = wal_fixed_size(op->op), var = 0;
	const char *why;
	int rc;

	if (plen < fixed)
		return wal_fail(err, off, lsn, "op payload past the op's end");
	switch (op->op) {
	case WOP_CREATE:
	case WOP_MKDIR: {
		struct wal_p_create c;
		bool dir = op->op == WOP_MKDIR;

		memcpy(&c, p, sizeof(c));
		rc = wal_attr_decode(&c.attr, &op->attr, off, lsn, err);
		if (rc)
			return rc;
		if (!(op->attr.valid & WAL_A_MODE) || !wal_mode_type_ok(op->attr.mode, dir))
			return wal_fail(err, off + offsetof(struct wal_attr_disk, mode), lsn,
					dir ? "mkdir of a non-directory" :
					      "create of a directory or of no file type");
		if (wal_nonzero(c.pad, sizeof(c.pad)) < sizeof(c.pad))
			return wal_fail(err, off + offsetof(struct wal_p_create, pad), lsn,
					"op padding not zero");
		op->namelen = __le16_to_cpu(c.namelen);
		var = op->namelen;
		if (var > plen - fixed)
			return wal_fail(err, off + offsetof(struct wal_p_create, namelen), lsn,
					"name past the op's end");
		op->name = (const char *)p + fixed;
		if ((dir || op->namelen) && (why = wal_name_bad(op->name, op->namelen, true)))
			return wal_fail(err, off + offsetof(struct wal_p_create, namelen), lsn, why);
		break;
	}
	case WOP_ATTR: {
		struct wal_attr_disk a;

		memcpy(&a, p, sizeof(a));
		rc = wal_attr_decode(&a, &op->attr, off, lsn, err);
		if (rc)
			return rc;
		break;
	}
	case WOP_XATTR_SET: {
		struct wal_p_xattr x;

		memcpy(&x, p, sizeof(x));
		if (x.pad)
			return wal_fail(err, off + offsetof(struct wal_p_xattr, pad), lsn,
					"op padding not zero");
		op->namelen = __le16_to_cpu(x.namelen);
		op->vlen = __le32_to_cpu(x.vlen);
		if (op->vlen > WAL_XATTR_VALUE_MAX)
			return wal_fail(err, off + offsetof(struct wal_p_xattr, vlen), lsn,
					"xattr value over 64 KiB");
		var = op->namelen + op->vlen;
		if (var > plen - fixed)
			return wal_fail(err, off + offsetof(struct wal_p_xattr, vlen), lsn,
					"xattr past the op's end");
		op->name = (const char *)p + fixed;
		op->value = p + fixed + op->namelen;
		why = wal_name_bad(op->name, op->namelen, false);
		if (why)
			return wal_fail(err, off, lsn, why);
		break;
	}
	case WOP_XATTR_DEL:
	case WOP_LINK:
	case WOP_UNLINK: {
		struct wal_p_name n;

		memcpy(&n, p, sizeof(n));
		if (wal_nonzero(n.pad, sizeof(n.pad)) < sizeof(n.pad))
			return wal_fail(err, off + offsetof(struct wal_p_name, pad), lsn,
					"op padding not zero");
		op->namelen = __le16_to_cpu(n.namelen);
		var = op->namelen;
		if (var > plen - fixed)
			return wal_fail(err, off, lsn, "name past the op's end");
		op->name = (const char *)p + fixed;
		why = wal_name_bad(op->name, op->namelen, op->op != WOP_XATTR_DEL);
		if (why)
			return wal_fail(err, off, lsn, why);
		break;
	}
	case WOP_RENAME: {
		struct wal_p_rename r;

		memcpy(&r, p, sizeof(r));
		fid_from_le(&op->tpfid, &r.tpfid);
		if (!fid_is_sane(&op->tpfid))
			return wal_fail(err, off, lsn, "bad target parent FID");
		if (r.pad)
			return wal_fail(err, off + offsetof(struct wal_p_rename, pad), lsn,
					"op padding not zero");
		op->namelen = __le16_to_cpu(r.slen);
		op->name2len = __le16_to_cpu(r.tlen);
		var = op->namelen + op->name2len;
		if (var > plen - fixed)
			return wal_fail(err, off + offsetof(struct wal_p_rename, slen), lsn,
					"names past the op's end");
		op->name = (const char *)p + fixed;
		op->name2 = op->name + op->namelen;
		why = wal_name_bad(op->name, op->namelen, true);
		if (why)
			return wal_fail(err, off + offsetof(struct wal_p_rename, slen), lsn, why);
		why = wal_name_bad(op->name2, op->name2len, true);
		if (why)
			return wal_fail(err, off + offsetof(struct wal_p_rename, tlen), lsn, why);
		break;
	}
	case WOP_PUNCH: {
		struct wal_p_punch pu;

		memcpy(&pu, p, sizeof(pu));
		op->start = __le64_to_cpu(pu.start);
		op->end = __le64_to_cpu(pu.end);
		if (op->start > op->end)
			return wal_fail(err, off, lsn, "punch start after its end");
		break;
	}
	case WOP_WRITE_META: {
		struct wal_p_write w;

		memcpy(&w, p, sizeof(w));
		op->attr.valid = WAL_A_SIZE | WAL_A_MTIME;
		op->attr.size = __le64_to_cpu(w.size);
		op->attr.mtime = (__s64)__le64_to_cpu(w.mtime);
		op->attr.mtime_ns = __le32_to_cpu(w.mtime_ns);
		if (op->attr.mtime_ns >= WAL_NSEC)
			return wal_fail(err, off + offsetof(struct wal_p_write, mtime_ns), lsn,
					"nanoseconds not below 10^9");
		if (w.pad)
			return wal_fail(err, off + offsetof(struct wal_p_write, pad), lsn,
					"op padding not zero");
		break;
	}
	case WOP_OI_SET: {
		struct wal_p_oi o;

		memcpy(&o, p, sizeof(o));
		op->ino = __le32_to_cpu(o.ino);
		op->gen = __le32_to_cpu(o.gen);
		if (!op->ino)
			return wal_fail(err, off, lsn, "inode number 0");
		break;
	}
	case WOP_REC: {
		struct wal_p_rec r;

		memcpy(&r, p, sizeof(r));
		op->rec_type = __le16_to_cpu(r.type);
		op->vlen = __le32_to_cpu(r.len);
		if (!op->rec_type)
			return wal_fail(err, off, lsn, "target record of type 0");
		if (r.pad)
			return wal_fail(err, off + offsetof(struct wal_p_rec, pad), lsn,
					"op padding not zero");
		if (op->vlen > plen - fixed)
			return wal_fail(err, off + offsetof(struct wal_p_rec, len), lsn,
					"target record past the op's end");
		var = op->vlen;
		op->value = p + fixed;
		break;
	}
	default:
		break;
	}
	*used = fixed + var;
	return 0;
}

void wal_rec_ops(const struct wal_rec *r, struct wal_cursor *c)
{
	c->p = r->ops;
	c->left = r->ops_len;
	c->count = r->nops;
	c->off = r->off + sizeof(struct wal_rec_disk);
	c->lsn = r->lsn;
}
EXPORT_SYMBOL(wal_rec_ops);

int wal_op_next(struct wal_cursor *c, struct wal_op *op, struct wal_error *err)
{
	struct wal_op_disk d;
	__u32 len, used = 0;
	size_t nz;
	int rc;

	if (!c->count)
		return 0;
	if (c->left < sizeof(d))
		return wal_fail(err, c->off, c->lsn, "op past the record's end");
	memcpy(&d, c->p, sizeof(d));
	memset(op, 0, sizeof(*op));
	op->op = __le16_to_cpu(d.op);
	if (!op->op || op->op > WOP_MAX)
		return wal_fail(err, c->off, c->lsn, "unknown op");
	if (d.flags)
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, flags), c->lsn,
				"op flags not zero");
	len = __le32_to_cpu(d.len);
	if (len < sizeof(d) || len % 8)
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, len), c->lsn,
				"op length not a multiple of 8 of at least 40");
	if (len > c->left)
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, len), c->lsn,
				"op past the record's end");
	fid_from_le(&op->fid, &d.fid);
	fid_from_le(&op->pfid, &d.pfid);
	if (!fid_is_sane(&op->fid))
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, fid), c->lsn,
				"bad object FID");
	rc = wal_payload_decode(op, c->p + sizeof(d), len - sizeof(d), c->off + sizeof(d), c->lsn,
				&used, err);
	if (rc)
		return rc;
	if (wal_op_named(op) ? !fid_is_sane(&op->pfid) : !fid_is_zero(&op->pfid))
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, pfid), c->lsn,
				wal_op_named(op) ? "bad parent FID" :
						   "parent FID of an op without a name not zero");
	if (WAL_ALIGN8(sizeof(d) + used) != len)
		return wal_fail(err, c->off + offsetof(struct wal_op_disk, len), c->lsn,
				"op length not its payload's");
	nz = wal_nonzero(c->p + sizeof(d) + used, len - sizeof(d) - used);
	if (nz < len - sizeof(d) - used)
		return wal_fail(err, c->off + sizeof(d) + used + nz, c->lsn, "op padding not zero");
	c->p += len;
	c->left -= len;
	c->off += len;
	c->count--;
	return 1;
}
EXPORT_SYMBOL(wal_op_next);

/* ---- records ---- */

int wal_rec_next(struct wal_cursor *c, struct wal_rec *r, struct wal_error *err)
{
	struct wal_rec_disk d;
	struct wal_cursor oc;
	struct wal_op op;
	__u32 len;
	int rc;

	if (!c->count)
		return 0;
	if (c->left < sizeof(d))
		return wal_fail(err, c->off, c->lsn, "record past the unit's end");
	memcpy(&d, c->p, sizeof(d));
	len = __le32_to_cpu(d.len);
	if (len < sizeof(d) || len % 8)
		return wal_fail(err, c->off, c->lsn,
				"record length not a multiple of 8 of at least 24");
	if (len > c->left)
		return wal_fail(err, c->off, c->lsn, "record past the unit's end");
	r->type = __le16_to_cpu(d.type);
	r->nops = __le16_to_cpu(d.nops);
	r->transno = __le64_to_cpu(d.transno);
	r->xid = __le64_to_cpu(d.xid);
	r->ops = c->p + sizeof(d);
	r->ops_len = len - sizeof(d);
	r->off = c->off;
	r->lsn = c->lsn;
	switch (r->type) {
	case WAL_REC_TX:
		if (!r->nops)
			return wal_fail(err, c->off + offsetof(struct wal_rec_disk, nops), c->lsn,
					"transaction without ops");
		break;
	case WAL_REC_CHECKPOINT:
		if (r->nops)
			return wal_fail(err, c->off + offsetof(struct wal_rec_disk, nops), c->lsn,
					"checkpoint with ops");
		break;
	default:
		return wal_fail(err, c->off + offsetof(struct wal_rec_disk, type), c->lsn,
				"unknown record type");
	}
	wal_rec_ops(r, &oc);
	while ((rc = wal_op_next(&oc, &op, err)) > 0)
		;
	if (rc < 0)
		return rc;
	if (oc.left)
		return wal_fail(err, oc.off, c->lsn, "bytes after the record's last op");
	c->p += len;
	c->left -= len;
	c->off += len;
	c->count--;
	return 1;
}
EXPORT_SYMBOL(wal_rec_next);

/* ---- units ---- */

#define UOFF(field) (off + offsetof(struct wal_unit_disk, field))

int wal_unit_check(const void *buf, size_t len, __u64 off, __u64 lsn, struct wal_unit *u,
		   struct wal_error *err)
{
	const __u8 *p = buf;
	struct wal_unit_disk d;
	struct wal_cursor c;
	struct wal_rec r;
	__u64 min = 0, max = 0;
	__u32 nblocks, size;
	size_t nz;
	int rc;

	if (len < sizeof(d))
		return wal_fail(err, off, lsn, "unit header past the end of the log area");
	memcpy(&d, p, sizeof(d));
	if (__le64_to_cpu(d.magic) != WAL_UNIT_MAGIC)
		return wal_fail(err, UOFF(magic), lsn, "bad unit magic");
	nblocks = __le32_to_cpu(d.nblocks);
	if (!nblocks || nblocks > WAL_UNIT_MAX_BLOCKS)
		return wal_fail(err, UOFF(nblocks), lsn, "unit size not 1..256 blocks");
	size = nblocks * WAL_BLOCK;
	if (size > len)
		return wal_fail(err, UOFF(nblocks), lsn, "unit past the end of the log area");
	if (__le32_to_cpu(d.crc) != wal_crc_skip(p, size, offsetof(struct wal_unit_disk, crc)))
		return wal_fail(err, UOFF(crc), lsn, "bad unit crc");
	if (__le64_to_cpu(d.lsn) != lsn)
		return wal_fail(err, UOFF(lsn), lsn, "unexpected LSN");
	if (d.pad)
		return wal_fail(err, UOFF(pad), lsn, "unit padding not zero");
	if (!d.nrecs)
		return wal_fail(err, UOFF(nrecs), lsn, "unit without records");

	c.p = p + sizeof(d);
	c.left = size - sizeof(d);
	c.count = __le32_to_cpu(d.nrecs);
	c.off = off + sizeof(d);
	c.lsn = lsn;
	while ((rc = wal_rec_next(&c, &r, err)) > 0) {
		if (!r.transno)
			continue;
		if (!min || r.transno < min)
			min = r.transno;
		if (r.transno > max)
			max = r.transno;
	}
	if (rc < 0)
		return rc;
	if (__le64_to_cpu(d.min_transno) != min)
		return wal_fail(err, UOFF(min_transno), lsn, "min_transno not its records'");
	if (__le64_to_cpu(d.max_transno) != max)
		return wal_fail(err, UOFF(max_transno), lsn, "max_transno not its records'");
	nz = wal_nonzero(c.p, c.left);
	if (nz < c.left)
		return wal_fail(err, c.off + nz, lsn, "bytes after the unit's last record not zero");
	if (u) {
		u->lsn = lsn;
		u->off = off;
		u->nblocks = nblocks;
		u->nrecs = __le32_to_cpu(d.nrecs);
		u->min_transno = min;
		u->max_transno = max;
		u->recs = p + sizeof(d);
		u->recs_len = size - sizeof(d) - c.left;
	}
	return 0;
}
EXPORT_SYMBOL(wal_unit_check);

void wal_unit_recs(const struct wal_unit *u, struct wal_cursor *c)
{
	c->p = u->recs;
	c->left = u->recs_len;
	c->count = u->nrecs;
	c->off = u->off + sizeof(struct wal_unit_disk);
	c->lsn = u->lsn;
}
EXPORT_SYMBOL(wal_unit_recs);

/* ---- the log ---- */

/*
 * Read and check the unit expected at @off with @lsn.  Return: 0 (valid,
 * @u set), 1 (not valid, @e set), or a read error.
 */
static int wal_try(const struct wal_reader *r, __u64 off, __u64 limit, __u64 lsn,
		   struct wal_unit *u, struct wal_error *e)
{
	__u64 room = limit - off;
	struct wal_unit_disk d;
	__u32 nblocks;
	size_t len = WAL_BLOCK;
	int rc;

	rc = r->read(r->ctx, off, r->buf, WAL_BLOCK);
	if (rc)
		return rc < 0 ? rc : -EIO;
	memcpy(&d, r->buf, sizeof(d));
	nblocks = __le32_to_cpu(d.nblocks);
	if (__le64_to_cpu(d.magic) == WAL_UNIT_MAGIC && nblocks > 1 &&
	    nblocks <= WAL_UNIT_MAX_BLOCKS && (__u64)nblocks * WAL_BLOCK <= room) {
		len = (size_t)nblocks * WAL_BLOCK;
		rc = r->read(r->ctx, off + WAL_BLOCK, (__u8 *)r->buf + WAL_BLOCK, len - WAL_BLOCK);
		if (rc)
			return rc < 0 ? rc : -EIO;
	}
	return wal_unit_check(r->buf, len, off, lsn, u, e) ? 1 : 0;
}

/*
 * Whether a valid unit with @lsn starts where the one after a bad unit at
 * @off could: at any of the next WAL_UNIT_MAX_BLOCKS blocks, or at the
 * area's start.  Return: 1, 0, or a read error.
 */
static int wal_next_exists(const struct wal_reader *r, __u64 off, __u64 start, __u64 limit,
			   __u64 lsn)
{
	struct wal_unit_disk d;
	struct wal_unit u;
	__u64 at = start;
	__u32 k;
	int rc;

	for (k = 0; k <= WAL_UNIT_MAX_BLOCKS; k++, at = off + (__u64)k * WAL_BLOCK) {
		if (at >= limit)
			break;
		if (k == 0 && at == off)
			continue;
		rc = r->read(r->ctx, at, r->buf, sizeof(d));
		if (rc)
			return rc < 0 ? rc : -EIO;
		memcpy(&d, r->buf, sizeof(d));
		if (__le64_to_cpu(d.magic) != WAL_UNIT_MAGIC || __le64_to_cpu(d.lsn) != lsn)
			continue;
		rc = wal_try(r, at, limit, lsn, &u, NULL);
		if (rc <= 0)
			return rc < 0 ? rc : 1;
	}
	return 0;
}

int wal_scan(const struct wal_hdr *h, const struct wal_reader *r,
	     int (*fn)(void *arg, const struct wal_unit *u), void *arg, struct wal_end *end,
	     struct wal_error *err)
{
	__u64 start = h->area_start, limit = h->area_start + h->area_size;
	__u64 off = h->tail_off, lsn = h->tail_lsn, used = 0, units = 0;
	struct wal_error e = { 0, 0, NULL }, e2;
	struct wal_unit u;
	int rc, rc2;

	for (;;) {
		rc = wal_try(r, off, limit, lsn, &u, &e);
		if (rc < 0)
			return rc;
		if (rc && off != start) {
			/* A unit that did not fit before the end went to the start. */
			rc2 = wal_try(r, start, limit, lsn, &u, &e2);
			if (rc2 < 0)
				return rc2;
			if (!rc2) {
				if ((__u64)u.nblocks * WAL_BLOCK <= limit - off) {
					wal_fail(err, start, lsn,
						 "unit at the log area's start would have fit at its end");
					return -EUCLEAN;
				}
				used += limit - off;
				off = start;
				rc = 0;
			}
		}
		if (rc)
			break;
		used += (__u64)u.nblocks * WAL_BLOCK;
		if (used >= h->area_size) {
			wal_fail(err, off, lsn, "log longer than its area");
			return -EUCLEAN;
		}
		rc = fn(arg, &u);
		if (rc)
			return rc;
		off += (__u64)u.nblocks * WAL_BLOCK;
		if (off == limit)
			off = start;
		lsn++;
		units++;
	}
	rc = wal_next_exists(r, off, start, limit, lsn + 1);
	if (rc < 0)
		return rc;
	if (rc) {
		if (err)
			*err = e;
		return -EUCLEAN;
	}
	end->lsn = lsn;
	end->off = off;
	end->why = e.why;
	end->units = units;
	return 0;
}
EXPORT_SYMBOL(wal_scan);

/* ---- encoding ---- */

static __u32 wal_payload_size(const struct wal_op *op)
{
	__u32 fixed = wal_fixed_size(op->op);

	switch (op->op) {
	case WOP_CREATE:
	case WOP_MKDIR:
	case WOP_XATTR_DEL:
	case WOP_LINK:
	case WOP_UNLINK:
		return fixed + op->namelen;
	case WOP_XATTR_SET:
		return fixed + op->namelen + op->vlen;
	case WOP_RENAME:
		return fixed + op->namelen + op->name2len;
	case WOP_REC:
		return fixed + op->vlen;
	default:
		return fixed;
	}
}

__u32 wal_op_size(const struct wal_op *op)
{
	if (!op->op || op->op > WOP_MAX || op->vlen > WAL_XATTR_VALUE_MAX)
		return 0;
	return WAL_ALIGN8(sizeof(struct wal_op_disk) + wal_payload_size(op));
}
EXPORT_SYMBOL(wal_op_size);

void wal_rec_begin(struct wal_rec_builder *b, void *buf, __u32 cap, __u16 type, __u64 xid)
{
	struct wal_rec_disk d = {
		.type = __cpu_to_le16(type),
		.xid = __cpu_to_le64(xid),
	};

	b->buf = buf;
	b->cap = cap;
	b->len = sizeof(d);
	b->nops = 0;
	memcpy(buf, &d, sizeof(d));
}
EXPORT_SYMBOL(wal_rec_begin);

/* Copy @len bytes (none, and @src may be NULL, if @len is 0). */
static void wal_put(__u8 *p, const void *src, __u32 len)
{
	if (len)
		memcpy(p, src, len);
}

/* Write @op's payload at @p (zeroed, wal_payload_size() bytes). */
static void wal_payload_encode(const struct wal_op *op, __u8 *p)
{
	__u32 fixed = wal_fixed_size(op->op);

	switch (op->op) {
	case WOP_CREATE:
	case WOP_MKDIR: {
		struct wal_p_create c = { .namelen = __cpu_to_le16(op->namelen) };

		wal_attr_encode(&op->attr, &c.attr);
		memcpy(p, &c, sizeof(c));
		wal_put(p + fixed, op->name, op->namelen);
		break;
	}
	case WOP_ATTR: {
		struct wal_attr_disk a;

		wal_attr_encode(&op->attr, &a);
		memcpy(p, &a, sizeof(a));
		break;
	}
	case WOP_XATTR_SET: {
		struct wal_p_xattr x = {
			.namelen = __cpu_to_le16(op->namelen),
			.vlen = __cpu_to_le32(op->vlen),
		};

		memcpy(p, &x, sizeof(x));
		wal_put(p + fixed, op->name, op->namelen);
		wal_put(p + fixed + op->namelen, op->value, op->vlen);
		break;
	}
	case WOP_XATTR_DEL:
	case WOP_LINK:
	case WOP_UNLINK: {
		struct wal_p_name n = { .namelen = __cpu_to_le16(op->namelen) };

		memcpy(p, &n, sizeof(n));
		wal_put(p + fixed, op->name, op->namelen);
		break;
	}
	case WOP_RENAME: {
		struct wal_p_rename r = {
			.slen = __cpu_to_le16(op->namelen),
			.tlen = __cpu_to_le16(op->name2len),
		};

		fid_to_le(&r.tpfid, &op->tpfid);
		memcpy(p, &r, sizeof(r));
		wal_put(p + fixed, op->name, op->namelen);
		wal_put(p + fixed + op->namelen, op->name2, op->name2len);
		break;
	}
	case WOP_PUNCH: {
		struct wal_p_punch pu = {
			.start = __cpu_to_le64(op->start),
			.end = __cpu_to_le64(op->end),
		};

		memcpy(p, &pu, sizeof(pu));
		break;
	}
	case WOP_WRITE_META: {
		struct wal_p_write w = {
			.size = __cpu_to_le64(op->attr.size),
			.mtime = __cpu_to_le64((__u64)op->attr.mtime),
			.mtime_ns = __cpu_to_le32(op->attr.mtime_ns),
		};

		memcpy(p, &w, sizeof(w));
		break;
	}
	case WOP_OI_SET: {
		struct wal_p_oi o = {
			.ino = __cpu_to_le32(op->ino),
			.gen = __cpu_to_le32(op->gen),
		};

		memcpy(p, &o, sizeof(o));
		break;
	}
	case WOP_REC: {
		struct wal_p_rec r = {
			.type = __cpu_to_le16(op->rec_type),
			.len = __cpu_to_le32(op->vlen),
		};

		memcpy(p, &r, sizeof(r));
		wal_put(p + fixed, op->value, op->vlen);
		break;
	}
	default:
		break;
	}
}

int wal_rec_add(struct wal_rec_builder *b, const struct wal_op *op, struct wal_error *err)
{
	__u32 size = wal_op_size(op);
	struct wal_op_disk d;
	struct wal_cursor c;
	struct wal_op back;
	__u8 *p = b->buf + b->len;

	if (!size)
		return wal_fail(err, b->len, 0, op->vlen > WAL_XATTR_VALUE_MAX ?
						"value over 64 KiB" : "unknown op");
	if (size > b->cap - b->len)
		return -ENOSPC;
	memset(p, 0, size);
	d.op = __cpu_to_le16(op->op);
	d.flags = 0;
	d.len = __cpu_to_le32(size);
	fid_to_le(&d.fid, &op->fid);
	fid_to_le(&d.pfid, &op->pfid);
	memcpy(p, &d, sizeof(d));
	wal_payload_encode(op, p + sizeof(d));

	c.p = p;
	c.left = size;
	c.count = 1;
	c.off = b->len;
	c.lsn = 0;
	if (wal_op_next(&c, &back, err) != 1) {
		memset(p, 0, size);
		return -EINVAL;
	}
	b->len += size;
	b->nops++;
	return 0;
}
EXPORT_SYMBOL(wal_rec_add);

__u32 wal_rec_end(struct wal_rec_builder *b)
{
	struct wal_rec_disk d;

	memcpy(&d, b->buf, sizeof(d));
	d.len = __cpu_to_le32(b->len);
	d.nops = __cpu_to_le16(b->nops);
	memcpy(b->buf, &d, sizeof(d));
	return b->len;
}
EXPORT_SYMBOL(wal_rec_end);

void wal_rec_set_transno(void *rec, __u64 transno)
{
	__le64 t = __cpu_to_le64(transno);

	memcpy((__u8 *)rec + offsetof(struct wal_rec_disk, transno), &t, sizeof(t));
}
EXPORT_SYMBOL(wal_rec_set_transno);

void wal_unit_begin(struct wal_unit_builder *u, void *buf, __u32 cap)
{
	u->buf = buf;
	u->cap = cap;
	u->len = sizeof(struct wal_unit_disk);
	u->nrecs = 0;
	u->min_transno = 0;
	u->max_transno = 0;
}
EXPORT_SYMBOL(wal_unit_begin);

int wal_unit_add(struct wal_unit_builder *u, const void *rec, __u32 len)
{
	struct wal_rec_disk d;
	__u64 t;

	if (len < sizeof(d) || len % 8)
		return -EINVAL;
	if (len > u->cap - u->len)
		return -ENOSPC;
	memcpy(&d, rec, sizeof(d));
	if (__le32_to_cpu(d.len) != len)
		return -EINVAL;
	memcpy(u->buf + u->len, rec, len);
	u->len += len;
	u->nrecs++;
	t = __le64_to_cpu(d.transno);
	if (t && (!u->min_transno || t < u->min_transno))
		u->min_transno = t;
	if (t > u->max_transno)
		u->max_transno = t;
	return 0;
}
EXPORT_SYMBOL(wal_unit_add);

__u32 wal_unit_seal(struct wal_unit_builder *u, __u64 lsn)
{
	__u32 size = (u->len + WAL_BLOCK - 1) / WAL_BLOCK * WAL_BLOCK;
	struct wal_unit_disk d = {
		.magic = __cpu_to_le64(WAL_UNIT_MAGIC),
		.lsn = __cpu_to_le64(lsn),
		.nblocks = __cpu_to_le32(size / WAL_BLOCK),
		.nrecs = __cpu_to_le32(u->nrecs),
		.min_transno = __cpu_to_le64(u->min_transno),
		.max_transno = __cpu_to_le64(u->max_transno),
	};

	if (!u->nrecs || size > u->cap)
		return 0;
	memset(u->buf + u->len, 0, size - u->len);
	memcpy(u->buf, &d, sizeof(d));
	d.crc = __cpu_to_le32(wal_crc_skip(u->buf, size, offsetof(struct wal_unit_disk, crc)));
	memcpy(u->buf, &d, sizeof(d));
	return size;
}
EXPORT_SYMBOL(wal_unit_seal);
