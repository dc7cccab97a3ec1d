/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OSD's write-ahead log, /NACRE/WAL (docs/disk-format.md, "WAL"): its
 * byte format, an encoder and a decoder that trusts nothing.
 *
 * The file is two 4 KiB header copies (offsets 0 and 4096, written in turn;
 * the valid one with the higher seq wins) and a circular area from 8192 to
 * the end.  The area holds flush units: one unit is what one log write puts
 * on disk, 1..256 blocks of 4 KiB, a 48-byte unit header (LSN, size,
 * record count, crc32c of the whole unit) then records, then zeros.  A
 * record is one transaction: a 24-byte header then its ops.  An op is a
 * logical, absolute redo step on one object (create, set attributes, set an
 * xattr, ...): a 40-byte header then a payload whose layout the op code
 * fixes.  Every length is a multiple of 8 and every padding byte is zero.
 *
 * Units follow each other with LSNs +1 apart.  A unit that does not fit
 * between its offset and the area's end is written at the area's start
 * instead.  Replay starts at the header's tail (tail_lsn at tail_off) and
 * follows the chain; the first place where the expected unit is not (bad
 * magic, crc, LSN, structure) ends the log.  That is normal: it is where
 * the next write goes, or the unit a crash tore.  It is corruption when a
 * valid unit with the next LSN is found where the next unit could start:
 * the bad unit was then written completely once.
 *
 * Refusals are {offset in the file, LSN, static sentence}, so that mount
 * can say "WAL corrupt at /NACRE/WAL offset 0x1234028 (lsn 812): bad crc".
 *
 * Pure: no allocation, locking or sleeping; the caller gives the buffers
 * and, for wal_scan(), a read function.  Compiled into osd_ldiskfs.ko and,
 * through utils/kshim, into the unit tests and the fuzz harness.  crc32c()
 * is the kernel's (user space links its own).
 */
#ifndef _NACRE_OSD_WAL_H
#define _NACRE_OSD_WAL_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
#include <nacre/fid.h>

#define WAL_BLOCK		4096U
#define WAL_HDR_SIZE		4096U
#define WAL_AREA_START		8192ULL		/* after the two header copies */
#define WAL_UNIT_MAX_BLOCKS	256U
#define WAL_UNIT_MAX		(WAL_UNIT_MAX_BLOCKS * WAL_BLOCK)	/* 1 MiB */
#define WAL_AREA_MIN		(2ULL * WAL_UNIT_MAX)
#define WAL_UUID_LEN		40
#define WAL_NAME_MAX		255		/* object and xattr names */
#define WAL_XATTR_VALUE_MAX	65536U		/* the VFS's XATTR_SIZE_MAX */
#define WAL_VERSION		1

/* The 8 bytes "NACREWAL" and "NACREWLB", read as little-endian words. */
#define WAL_MAGIC		0x4c4157455243414eULL
#define WAL_UNIT_MAGIC		0x424c57455243414eULL

#define WAL_F_CLEAN		0x1	/* clean umount: nothing after the tail */
#define WAL_F_MASK		WAL_F_CLEAN

/**
 * struct wal_header_disk - one header copy (4096 bytes)
 * @magic: WAL_MAGIC
 * @version: WAL_VERSION
 * @block_size: WAL_BLOCK
 * @area_start: WAL_AREA_START
 * @area_size: bytes of the circular area (a multiple of WAL_BLOCK, at least
 *	WAL_AREA_MIN); the file is at least area_start + area_size long
 * @seq: header write counter: the valid copy with the higher one is current
 * @tail_lsn: LSN of the first unit replay needs (all before are applied
 *	and synced to ext4)
 * @tail_off: file offset of that unit (block-aligned, inside the area)
 * @last_transno: highest transno applied and synced at the checkpoint
 * @last_committed: what the target reported as committed then
 *	(<= @last_transno)
 * @flags: WAL_F_*
 * @pad: zero
 * @target_uuid: NUL-terminated uuid of the target the log belongs to
 * @reserved: zero
 * @crc: crc32c of the 4092 bytes before it
 */
struct wal_header_disk {
	__le64 magic;
	__le32 version;
	__le32 block_size;
	__le64 area_start;
	__le64 area_size;
	__le64 seq;
	__le64 tail_lsn;
	__le64 tail_off;
	__le64 last_transno;
	__le64 last_committed;
	__le32 flags;
	__le32 pad;
	__u8 target_uuid[WAL_UUID_LEN];
	__u8 reserved[3972];
	__le32 crc;
};

/**
 * struct wal_unit_disk - the start of a flush unit (48 bytes)
 * @magic: WAL_UNIT_MAGIC
 * @lsn: this unit's LSN (the previous unit's + 1; the first is 1)
 * @nblocks: the unit's size in WAL_BLOCK blocks, 1..WAL_UNIT_MAX_BLOCKS
 * @nrecs: number of records (at least 1)
 * @min_transno: lowest non-zero transno of the records (0 if none)
 * @max_transno: highest
 * @crc: crc32c of the whole unit, this field taken as zero
 * @pad: zero
 */
struct wal_unit_disk {
	__le64 magic;
	__le64 lsn;
	__le32 nblocks;
	__le32 nrecs;
	__le64 min_transno;
	__le64 max_transno;
	__le32 crc;
	__le32 pad;
};

enum wal_rec_type {
	WAL_REC_TX = 1,		/* a transaction: 1..n ops */
	WAL_REC_CHECKPOINT = 2,	/* no ops: a marker (diagnostics) */
};

/**
 * struct wal_rec_disk - the start of a record (24 bytes)
 * @len: bytes of the record, this header included (a multiple of 8)
 * @type: enum wal_rec_type
 * @nops: number of ops that follow; they fill the record exactly
 * @transno: the transaction's number (0: internal, none)
 * @xid: the request's xid (diagnostics)
 */
struct wal_rec_disk {
	__le32 len;
	__le16 type;
	__le16 nops;
	__le64 transno;
	__le64 xid;
};

enum wal_op_code {
	WOP_CREATE = 1,		/* wal_p_create: non-directory, optionally named */
	WOP_MKDIR,		/* wal_p_create: directory named in pfid */
	WOP_DESTROY,		/* no payload */
	WOP_ATTR,		/* wal_attr_disk: set the valid attributes */
	WOP_XATTR_SET,		/* wal_p_xattr */
	WOP_XATTR_DEL,		/* wal_p_name (the xattr's name) */
	WOP_LINK,		/* wal_p_name: name in pfid -> fid */
	WOP_UNLINK,		/* wal_p_name: remove name in pfid (naming fid) */
	WOP_RENAME,		/* wal_p_rename: pfid/sname -> tpfid/tname */
	WOP_PUNCH,		/* wal_p_punch */
	WOP_WRITE_META,		/* wal_p_write: size (if larger) and mtime */
	WOP_OI_SET,		/* wal_p_oi: the object index maps fid -> ino,gen */
	WOP_OI_DEL,		/* no payload */
	WOP_REC,		/* wal_p_rec: an opaque record of the target layer */
	WOP_MAX = WOP_REC
};

/**
 * struct wal_op_disk - the start of an op (40 bytes)
 * @op: enum wal_op_code
 * @flags: zero (none defined)
 * @len: bytes of the op, this header included (a multiple of 8): exactly
 *	the payload rounded up to 8
 * @fid: the object
 * @pfid: the parent directory for ops that name (zero for the others)
 */
struct wal_op_disk {
	__le16 op;
	__le16 flags;
	__le32 len;
	struct lu_fid_le fid;
	struct lu_fid_le pfid;
};

/* Attribute mask (wal_attr_disk.valid). */
#define WAL_A_SIZE	0x001
#define WAL_A_BLOCKS	0x002
#define WAL_A_MODE	0x004
#define WAL_A_UID	0x008
#define WAL_A_GID	0x010
#define WAL_A_NLINK	0x020
#define WAL_A_RDEV	0x040
#define WAL_A_FLAGS	0x080
#define WAL_A_PROJID	0x100
#define WAL_A_ATIME	0x200
#define WAL_A_MTIME	0x400
#define WAL_A_CTIME	0x800
#define WAL_A_MASK	0xfff

/* Mode bits (S_IFMT and permissions), as the kernel and Lustre have them. */
#define WAL_S_IFMT	0170000
#define WAL_S_IFDIR	0040000
#define WAL_S_IFREG	0100000
#define WAL_MODE_MASK	0177777

/* struct wal_attr_disk - attributes (88 bytes); times in s and ns. */
struct wal_attr_disk {
	__le64 valid;
	__le64 size;
	__le64 blocks;
	__le64 atime;
	__le64 mtime;
	__le64 ctime;
	__le32 atime_ns;
	__le32 mtime_ns;
	__le32 ctime_ns;
	__le32 mode;
	__le32 uid;
	__le32 gid;
	__le32 nlink;
	__le32 rdev;
	__le32 flags;
	__le32 projid;
};

/* WOP_CREATE, WOP_MKDIR: attributes, then the name's bytes (if any). */
struct wal_p_create {
	struct wal_attr_disk attr;
	__le16 namelen;
	__u8 pad[6];
};

/* WOP_XATTR_DEL, WOP_LINK, WOP_UNLINK: then the name's bytes. */
struct wal_p_name {
	__le16 namelen;
	__u8 pad[6];
};

/* WOP_XATTR_SET: then the name's bytes, then the value's. */
struct wal_p_xattr {
	__le16 namelen;
	__le16 pad;
	__le32 vlen;
};

/* WOP_RENAME: then the source name's bytes, then the target name's. */
struct wal_p_rename {
	struct lu_fid_le tpfid;
	__le16 slen;
	__le16 tlen;
	__le32 pad;
};

#define WAL_PUNCH_EOF	(~0ULL)	/* end of a punch that truncates */

/* WOP_PUNCH: bytes [start, end) (end WAL_PUNCH_EOF: truncate at start). */
struct wal_p_punch {
	__le64 start;
	__le64 end;
};

/* WOP_WRITE_META: after a data write, the size if it grew, the mtime. */
struct wal_p_write {
	__le64 size;
	__le64 mtime;
	__le32 mtime_ns;
	__le32 pad;
};

/* WOP_OI_SET */
struct wal_p_oi {
	__le32 ino;
	__le32 gen;
};

/* WOP_REC: then the record's bytes. */
struct wal_p_rec {
	__le16 type;
	__le16 pad;
	__le32 len;
};

static_assert(sizeof(struct wal_header_disk) == WAL_HDR_SIZE, "wal_header_disk");
static_assert(offsetof(struct wal_header_disk, target_uuid) == 80, "target_uuid");
static_assert(offsetof(struct wal_header_disk, crc) == 4092, "header crc");
static_assert(sizeof(struct wal_unit_disk) == 48, "wal_unit_disk");
static_assert(offsetof(struct wal_unit_disk, crc) == 40, "unit crc");
static_assert(sizeof(struct wal_rec_disk) == 24, "wal_rec_disk");
static_assert(sizeof(struct wal_op_disk) == 40, "wal_op_disk");
static_assert(sizeof(struct wal_attr_disk) == 88, "wal_attr_disk");
static_assert(sizeof(struct wal_p_create) == 96, "wal_p_create");
static_assert(sizeof(struct wal_p_name) == 8, "wal_p_name");
static_assert(sizeof(struct wal_p_xattr) == 8, "wal_p_xattr");
static_assert(sizeof(struct wal_p_rename) == 24, "wal_p_rename");
static_assert(sizeof(struct wal_p_punch) == 16, "wal_p_punch");
static_assert(sizeof(struct wal_p_write) == 24, "wal_p_write");
static_assert(sizeof(struct wal_p_oi) == 8, "wal_p_oi");
static_assert(sizeof(struct wal_p_rec) == 8, "wal_p_rec");

/* ---- host-order forms ---- */

/**
 * struct wal_error - why bytes of the log were refused
 * @offset: file offset of the field at fault
 * @lsn: the LSN the unit was expected to have (0 for a header)
 * @why: a static sentence ("bad crc")
 */
struct wal_error {
	__u64 offset;
	__u64 lsn;
	const char *why;
};

/* struct wal_hdr - a header copy's fields (see struct wal_header_disk). */
struct wal_hdr {
	__u64 area_start;
	__u64 area_size;
	__u64 seq;
	__u64 tail_lsn;
	__u64 tail_off;
	__u64 last_transno;
	__u64 last_committed;
	__u32 flags;
	char target_uuid[WAL_UUID_LEN];
};

/* struct wal_attr - struct wal_attr_disk in host order. */
struct wal_attr {
	__u64 valid;
	__u64 size;
	__u64 blocks;
	__s64 atime;
	__s64 mtime;
	__s64 ctime;
	__u32 atime_ns;
	__u32 mtime_ns;
	__u32 ctime_ns;
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 nlink;
	__u32 rdev;
	__u32 flags;
	__u32 projid;
};

/**
 * struct wal_op - one op, decoded (or to encode)
 * @op: enum wal_op_code
 * @fid: the object
 * @pfid: parent directory (name ops), else zero
 * @tpfid: WOP_RENAME's target directory
 * @attr: WOP_CREATE, WOP_MKDIR, WOP_ATTR; WOP_WRITE_META uses size and
 *	mtime (valid WAL_A_SIZE | WAL_A_MTIME)
 * @name: the name (object, xattr, or rename's source); not NUL-terminated
 * @namelen: its length
 * @name2: rename's target name
 * @name2len: its length
 * @value: WOP_XATTR_SET's value, WOP_REC's bytes
 * @vlen: their length
 * @rec_type: WOP_REC's type (non-zero, the target layer's)
 * @start: WOP_PUNCH's start
 * @end: WOP_PUNCH's end (WAL_PUNCH_EOF: truncate)
 * @ino: WOP_OI_SET's inode number (non-zero)
 * @gen: its generation
 *
 * Decoded pointers point into the unit's buffer.
 */
struct wal_op {
	__u16 op;
	struct lu_fid fid;
	struct lu_fid pfid;
	struct lu_fid tpfid;
	struct wal_attr attr;
	const char *name;
	__u16 namelen;
	const char *name2;
	__u16 name2len;
	const void *value;
	__u32 vlen;
	__u16 rec_type;
	__u64 start;
	__u64 end;
	__u32 ino;
	__u32 gen;
};

/**
 * struct wal_rec - a record, decoded
 * @type: enum wal_rec_type
 * @nops: its number of ops
 * @transno: its transno (0: none)
 * @xid: the request's xid
 * @ops: the ops' bytes, for wal_op_next()
 * @ops_len: their length
 * @off: the record's file offset
 * @lsn: its unit's LSN
 */
struct wal_rec {
	__u16 type;
	__u16 nops;
	__u64 transno;
	__u64 xid;
	const void *ops;
	__u32 ops_len;
	__u64 off;
	__u64 lsn;
};

/**
 * struct wal_unit - a valid unit, as wal_unit_check() and wal_scan() give it
 * @lsn: its LSN
 * @off: its file offset
 * @nblocks: its size in blocks
 * @nrecs: its number of records
 * @min_transno: see struct wal_unit_disk
 * @max_transno: see struct wal_unit_disk
 * @recs: the records' bytes, for wal_rec_next()
 * @recs_len: their length (without the zero padding)
 */
struct wal_unit {
	__u64 lsn;
	__u64 off;
	__u32 nblocks;
	__u32 nrecs;
	__u64 min_transno;
	__u64 max_transno;
	const void *recs;
	__u32 recs_len;
};

/* struct wal_cursor - position in a unit's records or a record's ops. */
struct wal_cursor {
	const __u8 *p;
	__u32 left;
	__u32 count;	/* records or ops still expected */
	__u64 off;	/* file offset of p, for errors */
	__u64 lsn;
};

/* ---- header ---- */

/**
 * wal_header_encode() - write a header copy
 * @h: its fields (target_uuid NUL-terminated)
 * @out: WAL_HDR_SIZE bytes
 */
void wal_header_encode(const struct wal_hdr *h, struct wal_header_disk *out);

/**
 * wal_header_decode() - check and read one header copy
 * @buf: WAL_HDR_SIZE bytes
 * @file_off: where the copy is in the file (0 or WAL_HDR_SIZE), for @err
 * @file_size: the log file's size
 * @h: out: the fields
 * @err: out: why the copy was refused (may be NULL)
 *
 * Checks the magic, version, crc, geometry (block size, area inside the
 * file, at least WAL_AREA_MIN), tail inside the area and block-aligned,
 * non-zero seq and tail LSN, last_committed <= last_transno, known flags,
 * zero padding and reserved bytes, a NUL-terminated uuid.
 *
 * Return: 0, or -EINVAL with @err set.
 */
int wal_header_decode(const struct wal_header_disk *buf, __u64 file_off, __u64 file_size,
		      struct wal_hdr *h, struct wal_error *err);

/**
 * wal_header_pick() - the current header of the two copies
 * @copy0: the copy at offset 0
 * @copy1: the copy at offset WAL_HDR_SIZE
 * @file_size: the log file's size
 * @h: out: the valid copy with the higher seq (copy 0 if equal)
 * @which: out: 0 or 1, the copy chosen (the next write goes to the other)
 * @err: out: if neither is valid, why copy 0 was refused (may be NULL)
 *
 * Return: 0, or -EINVAL if neither copy is valid.
 */
int wal_header_pick(const struct wal_header_disk *copy0, const struct wal_header_disk *copy1,
		    __u64 file_size, struct wal_hdr *h, int *which, struct wal_error *err);

/* ---- units, records, ops: decoding ---- */

/**
 * wal_unit_check() - check a unit and everything in it
 * @buf: the bytes at the unit's offset
 * @len: how many there are (at least WAL_BLOCK; the unit must fit)
 * @off: the unit's file offset, for @u and @err
 * @lsn: the LSN the unit must have
 * @u: out: the unit (may be NULL)
 * @err: out: the first rule broken (may be NULL)
 *
 * Rules, in order: magic; nblocks in 1..WAL_UNIT_MAX_BLOCKS; the unit fits
 * in @len; crc; LSN; zero pad; nrecs >= 1 records that each pass
 * wal_rec_next(); min/max_transno those of the records; zeros after the
 * last record.
 *
 * Return: 0, or -EINVAL with @err set.
 */
int wal_unit_check(const void *buf, size_t len, __u64 off, __u64 lsn, struct wal_unit *u,
		   struct wal_error *err);

/* Start iterating over a checked unit's records. */
void wal_unit_recs(const struct wal_unit *u, struct wal_cursor *c);

/**
 * wal_rec_next() - decode the next record
 * @c: cursor from wal_unit_recs()
 * @r: out: the record
 * @err: out: why it is invalid (may be NULL)
 *
 * Checks the record's length (at least its header, a multiple of 8, inside
 * the unit), its type, that a transaction has 1..n ops and a checkpoint
 * none, that every op passes wal_op_next() and that they fill the record.
 *
 * Return: 1 and @r set, 0 at the end of the records, or -EINVAL.
 */
int wal_rec_next(struct wal_cursor *c, struct wal_rec *r, struct wal_error *err);

/* Start iterating over a decoded record's ops. */
void wal_rec_ops(const struct wal_rec *r, struct wal_cursor *c);

/**
 * wal_op_next() - decode the next op of a record
 * @c: cursor from wal_rec_ops()
 * @op: out: the op
 * @err: out: why it is invalid (may be NULL)
 *
 * Checks the op code, zero flags, the length (header and payload fit, a
 * multiple of 8, exactly the payload rounded up, zero padding), a sane FID,
 * a sane parent for name ops and a zero one for the others, names of
 * 1..WAL_NAME_MAX bytes (object names: no '/' or NUL, not "." or "..";
 * xattr names: no NUL), values up to WAL_XATTR_VALUE_MAX, attribute masks
 * within WAL_A_MASK, nanoseconds below 10^9, modes within WAL_MODE_MASK
 * (a create's a non-directory type, a mkdir's a directory), punch start <=
 * end, a non-zero inode and record type.
 *
 * Return: 1 and @op set, 0 at the end of the ops, or -EINVAL.
 */
int wal_op_next(struct wal_cursor *c, struct wal_op *op, struct wal_error *err);

/* ---- the log ---- */

/**
 * struct wal_reader - how wal_scan() reads the log file
 * @read: read exactly @len bytes at file offset @off: 0 or -errno
 * @ctx: its first argument
 * @buf: WAL_UNIT_MAX bytes of the caller's for the units
 */
struct wal_reader {
	int (*read)(void *ctx, __u64 off, void *buf, size_t len);
	void *ctx;
	void *buf;
};

/**
 * struct wal_end - where a scan found the end of the log
 * @lsn: the LSN the next unit gets
 * @off: the file offset where the next unit goes (if it fits there)
 * @why: why the unit there was not taken ("bad magic": not written yet)
 * @units: units found
 */
struct wal_end {
	__u64 lsn;
	__u64 off;
	const char *why;
	__u64 units;
};

/**
 * wal_scan() - follow the log from the header's tail
 * @h: the current header
 * @r: the reader
 * @fn: called with each valid unit in order (its bytes are in @r->buf
 *	until @fn returns); a non-zero return stops the scan with it
 * @arg: @fn's first argument
 * @end: out: where the log ends, on success
 * @err: out: on -EUCLEAN, the rule the bad unit broke
 *
 * Return: 0 at the log's end; -EUCLEAN if the log is corrupt (a bad unit
 * followed by one with the next LSN, a unit at the area's start that would
 * have fit at the end, a chain longer than the area); an error of
 * @r->read or @fn.
 */
int wal_scan(const struct wal_hdr *h, const struct wal_reader *r,
	     int (*fn)(void *arg, const struct wal_unit *u), void *arg, struct wal_end *end,
	     struct wal_error *err);

/* ---- encoding ---- */

/* The bytes wal_rec_add() takes for @op (0 for an invalid op code). */
__u32 wal_op_size(const struct wal_op *op);

/**
 * struct wal_rec_builder - a record being encoded
 * @buf: where
 * @cap: its size
 * @len: bytes used
 * @nops: ops added
 */
struct wal_rec_builder {
	__u8 *buf;
	__u32 cap;
	__u32 len;
	__u16 nops;
};

/* Start a record of @type in @buf (@cap >= sizeof(struct wal_rec_disk)). */
void wal_rec_begin(struct wal_rec_builder *b, void *buf, __u32 cap, __u16 type, __u64 xid);

/**
 * wal_rec_add() - append an op
 * @b: the record
 * @op: the op; checked with the rules of wal_op_next()
 * @err: out: why it was refused (offset within the record), may be NULL
 *
 * Return: 0, -EINVAL (@op breaks a rule) or -ENOSPC (no room; @b unchanged).
 */
int wal_rec_add(struct wal_rec_builder *b, const struct wal_op *op, struct wal_error *err);

/* Finish the record: its length and op count.  Return: the length. */
__u32 wal_rec_end(struct wal_rec_builder *b);

/* Set a finished record's transno (known only when it is committed). */
void wal_rec_set_transno(void *rec, __u64 transno);

/**
 * struct wal_unit_builder - a unit being encoded
 * @buf: where (WAL_BLOCK-aligned size)
 * @cap: its size, a multiple of WAL_BLOCK, at most WAL_UNIT_MAX
 * @len: bytes used
 * @nrecs: records added
 * @min_transno: of the records added
 * @max_transno: of the records added
 */
struct wal_unit_builder {
	__u8 *buf;
	__u32 cap;
	__u32 len;
	__u32 nrecs;
	__u64 min_transno;
	__u64 max_transno;
};

void wal_unit_begin(struct wal_unit_builder *u, void *buf, __u32 cap);

/* Append a finished record.  Return: 0, -ENOSPC (no room) or -EINVAL. */
int wal_unit_add(struct wal_unit_builder *u, const void *rec, __u32 len);

/**
 * wal_unit_seal() - finish a unit: header, zero padding, crc
 * @u: the unit (at least one record)
 * @lsn: its LSN
 *
 * Return: its size in bytes (whole blocks), 0 if it has no record.
 */
__u32 wal_unit_seal(struct wal_unit_builder *u, __u64 lsn);

#endif /* _NACRE_OSD_WAL_H */
