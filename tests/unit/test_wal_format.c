// SPDX-License-Identifier: GPL-2.0
/*
 * The write-ahead log format (kernel/server/osd/osd_wal_format.c): byte
 * layout, round trips of every op, every refusal with its offset (tables of
 * one broken rule each), the encoder refusing what the decoder would, and
 * log scans over an in-memory file: end of log, torn last unit, corruption
 * in the middle, wrap to the area's start, stale units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <nacre/osd_wal.h>
#include <crc32c_sw.h>

static const struct lu_fid obj = { 0x200000400ULL, 7, 0 };
static const struct lu_fid dir = { 0x200000007ULL, 1, 0 };
static const struct lu_fid dir2 = { 0x200000007ULL, 2, 0 };

static uint64_t le64_at(const uint8_t *b, size_t off)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[off + i];
	return v;
}

static void put_le(uint8_t *b, size_t off, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t crc(const uint8_t *p, size_t len)
{
	return ~crc32c(~0U, p, len);
}

/* ---- headers ---- */

#define FILE_SIZE (WAL_AREA_START + WAL_AREA_MIN)

static void hdr(struct wal_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->area_start = WAL_AREA_START;
	h->area_size = WAL_AREA_MIN;
	h->seq = 5;
	h->tail_lsn = 12;
	h->tail_off = WAL_AREA_START + 3 * WAL_BLOCK;
	h->last_transno = 100;
	h->last_committed = 99;
	h->flags = WAL_F_CLEAN;
	strcpy(h->target_uuid, "fs00-OST0001_UUID");
}

static void test_header_layout(void **state)
{
	struct wal_header_disk *d = calloc(1, sizeof(*d));
	const uint8_t *b = (const uint8_t *)d;
	struct wal_hdr h, back;

	(void)state;
	/* The usual CRC-32C, by its check value. */
	assert_int_equal(crc((const uint8_t *)"123456789", 9), 0xe3069283);
	memset(&back, 0, sizeof(back));
	hdr(&h);
	wal_header_encode(&h, d);
	assert_memory_equal(b, "NACREWAL", 8);
	assert_int_equal(le64_at(b, 8) & 0xffffffff, 1);	/* version */
	assert_int_equal(le64_at(b, 12) & 0xffffffff, 4096);	/* block size */
	assert_int_equal(le64_at(b, 16), 8192);
	assert_int_equal(le64_at(b, 24), WAL_AREA_MIN);
	assert_int_equal(le64_at(b, 32), 5);
	assert_int_equal(le64_at(b, 40), 12);
	assert_int_equal(le64_at(b, 48), 8192 + 3 * 4096);
	assert_int_equal(le64_at(b, 56), 100);
	assert_int_equal(le64_at(b, 64), 99);
	assert_int_equal(le64_at(b, 72) & 0xffffffff, WAL_F_CLEAN);
	assert_string_equal((const char *)b + 80, "fs00-OST0001_UUID");
	assert_int_equal(le64_at(b, 4088) >> 32, crc(b, 4092));
	assert_int_equal(wal_header_decode(d, 0, FILE_SIZE, &back, NULL), 0);
	assert_memory_equal(&h, &back, sizeof(h));
	free(d);
}

struct hdr_case {
	const char *name;
	size_t off;	/* byte to change */
	uint64_t val;
	int width;
	bool recrc;	/* recompute the crc after the change */
	uint64_t file_size;
	uint64_t want_off;
	const char *why;
};

static const struct hdr_case hdr_cases[] = {
	{ "magic", 0, 0x4c4157455243414fULL, 8, true, FILE_SIZE, 0, "bad header magic" },
	{ "version", 8, 2, 4, true, FILE_SIZE, 8, "unknown log version" },
	{ "crc", 100, 1, 1, false, FILE_SIZE, 4092, "bad header crc" },
	{ "block size", 12, 512, 4, true, FILE_SIZE, 12, "block size not 4096" },
	{ "area start", 16, 4096, 8, true, FILE_SIZE, 16, "log area does not start at 8192" },
	{ "area small", 24, WAL_AREA_MIN - WAL_BLOCK, 8, true, FILE_SIZE, 24,
	  "log area under 2 MiB or not whole blocks" },
	{ "area odd", 24, WAL_AREA_MIN + 512, 8, true, FILE_SIZE + 512, 24,
	  "log area under 2 MiB or not whole blocks" },
	{ "area past file", 24, WAL_AREA_MIN, 8, true, FILE_SIZE - 1, 24,
	  "log area past the end of the file" },
	{ "file tiny", 24, WAL_AREA_MIN, 8, true, 100, 24, "log area past the end of the file" },
	{ "seq 0", 32, 0, 8, true, FILE_SIZE, 32, "header seq 0" },
	{ "tail lsn 0", 40, 0, 8, true, FILE_SIZE, 40, "tail LSN 0" },
	{ "tail before", 48, 4096, 8, true, FILE_SIZE, 48,
	  "tail outside the log area or not block-aligned" },
	{ "tail after", 48, FILE_SIZE, 8, true, FILE_SIZE, 48,
	  "tail outside the log area or not block-aligned" },
	{ "tail odd", 48, WAL_AREA_START + 8, 8, true, FILE_SIZE, 48,
	  "tail outside the log area or not block-aligned" },
	{ "committed", 64, 101, 8, true, FILE_SIZE, 64, "last_committed above last_transno" },
	{ "flags", 72, 2, 4, true, FILE_SIZE, 72, "unknown header flags" },
	{ "pad", 76, 1, 4, true, FILE_SIZE, 76, "header padding not zero" },
	{ "uuid", 80, 0x4141414141414141ULL, 8, true, FILE_SIZE, 80,
	  "target uuid not NUL-terminated" },
	{ "reserved", 3000, 9, 1, true, FILE_SIZE, 3000, "reserved header bytes not zero" },
};

static void test_header_refusals(void **state)
{
	struct wal_header_disk *d = calloc(1, sizeof(*d));
	uint8_t *b = (uint8_t *)d;
	struct wal_hdr h;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hdr_cases); i++) {
		const struct hdr_case *c = &hdr_cases[i];
		struct wal_error err = { 0, 0, NULL };

		hdr(&h);
		wal_header_encode(&h, d);
		if (!strcmp(c->name, "uuid"))
			for (int k = 0; k < WAL_UUID_LEN; k++)
				b[80 + k] = 'A';
		else
			put_le(b, c->off, c->val, c->width);
		if (c->recrc)
			put_le(b, 4092, crc(b, 4092), 4);
		print_message("%s\n", c->name);
		assert_int_equal(wal_header_decode(d, WAL_HDR_SIZE, c->file_size, &h, &err),
				 -EINVAL);
		assert_string_equal(err.why, c->why);
		assert_int_equal(err.offset, WAL_HDR_SIZE + c->want_off);
		assert_int_equal(err.lsn, 0);
	}
	free(d);
}

static void test_header_pick(void **state)
{
	struct wal_header_disk *c0 = calloc(1, sizeof(*c0)), *c1 = calloc(1, sizeof(*c1));
	struct wal_error err = { 0, 0, NULL };
	struct wal_hdr h, got;
	int which = -1;

	(void)state;
	hdr(&h);
	wal_header_encode(&h, c0);
	h.seq = 6;
	h.tail_lsn = 20;
	wal_header_encode(&h, c1);
	assert_int_equal(wal_header_pick(c0, c1, FILE_SIZE, &got, &which, &err), 0);
	assert_int_equal(which, 1);
	assert_int_equal(got.tail_lsn, 20);

	/* The newer copy torn: the older one wins. */
	((uint8_t *)c1)[200] ^= 1;
	assert_int_equal(wal_header_pick(c0, c1, FILE_SIZE, &got, &which, &err), 0);
	assert_int_equal(which, 0);
	assert_int_equal(got.seq, 5);

	/* Equal seq: copy 0. */
	wal_header_encode(&h, c0);
	wal_header_encode(&h, c1);
	assert_int_equal(wal_header_pick(c0, c1, FILE_SIZE, &got, &which, &err), 0);
	assert_int_equal(which, 0);

	/* Neither: copy 0's reason. */
	memset(c0, 0, sizeof(*c0));
	memset(c1, 0, sizeof(*c1));
	assert_int_equal(wal_header_pick(c0, c1, FILE_SIZE, &got, &which, &err), -EINVAL);
	assert_string_equal(err.why, "bad header magic");
	assert_int_equal(err.offset, 0);
	free(c0);
	free(c1);
}

/* ---- ops, records, units ---- */

static struct wal_op op_of(__u16 code)
{
	struct wal_op op;

	memset(&op, 0, sizeof(op));
	op.op = code;
	op.fid = obj;
	switch (code) {
	case WOP_CREATE:
		op.attr.valid = WAL_A_MODE | WAL_A_UID | WAL_A_GID | WAL_A_MTIME;
		op.attr.mode = WAL_S_IFREG | 0644;
		op.attr.uid = 500;
		op.attr.gid = 501;
		op.attr.mtime = 1765000000;
		op.attr.mtime_ns = 999999999;
		break;
	case WOP_MKDIR:
		op.pfid = dir;
		op.attr.valid = WAL_A_MODE;
		op.attr.mode = WAL_S_IFDIR | 0755;
		op.name = "sub";
		op.namelen = 3;
		break;
	case WOP_ATTR:
		op.attr.valid = WAL_A_MASK;
		op.attr.size = 1ULL << 40;
		op.attr.blocks = 8;
		op.attr.atime = -1;
		op.attr.ctime = 3;
		op.attr.ctime_ns = 4;
		op.attr.mode = 0100600;
		op.attr.nlink = 1;
		op.attr.rdev = 0x801;
		op.attr.flags = 0x10;
		op.attr.projid = 42;
		break;
	case WOP_XATTR_SET:
		op.name = "trusted.lma";
		op.namelen = 11;
		op.value = "\1\2\3\4\5";
		op.vlen = 5;
		break;
	case WOP_XATTR_DEL:
		op.name = "user.x";
		op.namelen = 6;
		break;
	case WOP_LINK:
	case WOP_UNLINK:
		op.pfid = dir;
		op.name = "file.txt";
		op.namelen = 8;
		break;
	case WOP_RENAME:
		op.pfid = dir;
		op.tpfid = dir2;
		op.name = "a";
		op.namelen = 1;
		op.name2 = "bb";
		op.name2len = 2;
		break;
	case WOP_PUNCH:
		op.start = 4096;
		op.end = WAL_PUNCH_EOF;
		break;
	case WOP_WRITE_META:
		op.attr.valid = WAL_A_SIZE | WAL_A_MTIME;
		op.attr.size = 1048576;
		op.attr.mtime = 17;
		op.attr.mtime_ns = 18;
		break;
	case WOP_OI_SET:
		op.ino = 12;
		op.gen = 0xdeadbeef;
		break;
	case WOP_REC:
		op.rec_type = 3;
		op.value = "reply slot bytes";
		op.vlen = 16;
		break;
	default:
		break;
	}
	return op;
}

static void assert_op_equal(const struct wal_op *a, const struct wal_op *b)
{
	assert_int_equal(a->op, b->op);
	assert_memory_equal(&a->fid, &b->fid, sizeof(a->fid));
	assert_memory_equal(&a->pfid, &b->pfid, sizeof(a->pfid));
	assert_memory_equal(&a->tpfid, &b->tpfid, sizeof(a->tpfid));
	assert_memory_equal(&a->attr, &b->attr, sizeof(a->attr));
	assert_int_equal(a->namelen, b->namelen);
	if (a->namelen)
		assert_memory_equal(a->name, b->name, a->namelen);
	assert_int_equal(a->name2len, b->name2len);
	if (a->name2len)
		assert_memory_equal(a->name2, b->name2, a->name2len);
	assert_int_equal(a->vlen, b->vlen);
	if (a->vlen)
		assert_memory_equal(a->value, b->value, a->vlen);
	assert_int_equal(a->rec_type, b->rec_type);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_int_equal(a->ino, b->ino);
	assert_int_equal(a->gen, b->gen);
}

/* A unit holding one record with @n ops, at LSN @lsn; returns its size. */
static __u32 unit_of(uint8_t *buf, __u32 cap, __u64 lsn, const struct wal_op *ops, int n,
		     __u64 transno)
{
	static uint8_t rec[WAL_UNIT_MAX];
	struct wal_rec_builder b;
	struct wal_unit_builder u;
	__u32 len;

	wal_rec_begin(&b, rec, sizeof(rec), WAL_REC_TX, 0x1234);
	for (int i = 0; i < n; i++)
		assert_int_equal(wal_rec_add(&b, &ops[i], NULL), 0);
	len = wal_rec_end(&b);
	wal_rec_set_transno(rec, transno);
	wal_unit_begin(&u, buf, cap);
	assert_int_equal(wal_unit_add(&u, rec, len), 0);
	return wal_unit_seal(&u, lsn);
}

static void reseal(uint8_t *buf, __u32 size)
{
	put_le(buf, 40, 0, 4);
	put_le(buf, 40, ~crc32c(~0U, buf, size), 4);
}

static void test_unit_round_trip(void **state)
{
	static uint8_t buf[WAL_UNIT_MAX], rec2[256];
	struct wal_op ops[WOP_MAX], back;
	struct wal_rec_builder b;
	struct wal_unit_builder ub;
	struct wal_cursor rc, oc;
	struct wal_unit u;
	struct wal_rec r;
	__u32 size, len;
	int n = 0;

	(void)state;
	for (__u16 code = 1; code <= WOP_MAX; code++)
		ops[n++] = op_of(code);
	ops[0].pfid = dir;	/* a named create */
	ops[0].name = "obj";
	ops[0].namelen = 3;

	wal_unit_begin(&ub, buf, sizeof(buf));
	{
		static uint8_t rec[8192];

		wal_rec_begin(&b, rec, sizeof(rec), WAL_REC_TX, 77);
		for (int i = 0; i < n; i++)
			assert_int_equal(wal_rec_add(&b, &ops[i], NULL), 0);
		len = wal_rec_end(&b);
		wal_rec_set_transno(rec, 1001);
		assert_int_equal(len % 8, 0);
		assert_int_equal(wal_unit_add(&ub, rec, len), 0);
	}
	wal_rec_begin(&b, rec2, sizeof(rec2), WAL_REC_CHECKPOINT, 0);
	len = wal_rec_end(&b);
	assert_int_equal(len, 24);
	assert_int_equal(wal_unit_add(&ub, rec2, len), 0);
	size = wal_unit_seal(&ub, 9);
	assert_int_equal(size, WAL_BLOCK);
	assert_memory_equal(buf, "NACREWLB", 8);

	assert_int_equal(wal_unit_check(buf, size, 0x10000, 9, &u, NULL), 0);
	assert_int_equal(u.nrecs, 2);
	assert_int_equal(u.nblocks, 1);
	assert_int_equal(u.min_transno, 1001);
	assert_int_equal(u.max_transno, 1001);
	wal_unit_recs(&u, &rc);
	assert_int_equal(wal_rec_next(&rc, &r, NULL), 1);
	assert_int_equal(r.type, WAL_REC_TX);
	assert_int_equal(r.nops, n);
	assert_int_equal(r.transno, 1001);
	assert_int_equal(r.xid, 77);
	assert_int_equal(r.off, 0x10000 + 48);
	wal_rec_ops(&r, &oc);
	for (int i = 0; i < n; i++) {
		assert_int_equal(wal_op_next(&oc, &back, NULL), 1);
		assert_op_equal(&ops[i], &back);
	}
	assert_int_equal(wal_op_next(&oc, &back, NULL), 0);
	assert_int_equal(wal_rec_next(&rc, &r, NULL), 1);
	assert_int_equal(r.type, WAL_REC_CHECKPOINT);
	assert_int_equal(wal_rec_next(&rc, &r, NULL), 0);
}

static void test_unit_multi_block(void **state)
{
	static uint8_t buf[WAL_UNIT_MAX], value[WAL_XATTR_VALUE_MAX];
	struct wal_op op = op_of(WOP_XATTR_SET);
	struct wal_unit u;
	__u32 size;

	(void)state;
	memset(value, 0xa5, sizeof(value));
	op.value = value;
	op.vlen = sizeof(value);
	size = unit_of(buf, sizeof(buf), 1, &op, 1, 0);
	assert_int_equal(size, 17 * WAL_BLOCK);
	assert_int_equal(wal_unit_check(buf, size, 0, 1, &u, NULL), 0);
	assert_int_equal(u.nblocks, 17);
	assert_int_equal(u.min_transno, 0);
	/* Given fewer bytes than the unit has, it does not fit. */
	struct wal_error err;

	assert_int_equal(wal_unit_check(buf, size - 1, 0, 1, &u, &err), -EINVAL);
	assert_string_equal(err.why, "unit past the end of the log area");
	assert_int_equal(err.offset, 16);
}

/*
 * One rule broken: a unit of one record of one op of @code, then @width
 * bytes at @at changed to @val (offsets in the unit: record at 48, op at
 * 72, payload at 112), the crc recomputed unless @crc_kept.
 */
struct unit_case {
	const char *name;
	__u16 code;
	size_t at;
	uint64_t val;
	int width;
	uint64_t want_off;
	const char *why;
	bool crc_kept;
};

#define OP 72
#define PL 112
static const struct unit_case unit_cases[] = {
	{ "unit magic", WOP_DESTROY, 0, 0, 8, 0, "bad unit magic", false },
	{ "nblocks 0", WOP_DESTROY, 16, 0, 4, 16, "unit size not 1..256 blocks", false },
	{ "nblocks 257", WOP_DESTROY, 16, 257, 4, 16, "unit size not 1..256 blocks", false },
	{ "nblocks 2", WOP_DESTROY, 16, 2, 4, 16, "unit past the end of the log area", false },
	{ "crc", WOP_DESTROY, 100, 0x55, 1, 40, "bad unit crc", true },
	{ "lsn", WOP_DESTROY, 8, 6, 8, 8, "unexpected LSN", false },
	{ "unit pad", WOP_DESTROY, 44, 1, 4, 44, "unit padding not zero", false },
	{ "nrecs 0", WOP_DESTROY, 20, 0, 4, 20, "unit without records", false },
	{ "nrecs 2", WOP_DESTROY, 20, 2, 4, 48 + 64, "record length not a multiple of 8 of at least 24", false },
	{ "min transno", WOP_DESTROY, 24, 4, 8, 24, "min_transno not its records'", false },
	{ "max transno", WOP_DESTROY, 32, 6, 8, 32, "max_transno not its records'", false },
	{ "after records", WOP_DESTROY, 4000, 1, 1, 4000,
	  "bytes after the unit's last record not zero", false },
	{ "rec len odd", WOP_DESTROY, 48, 68, 4, 48,
	  "record length not a multiple of 8 of at least 24", false },
	{ "rec len small", WOP_DESTROY, 48, 16, 4, 48,
	  "record length not a multiple of 8 of at least 24", false },
	{ "rec past unit", WOP_DESTROY, 48, 4096, 4, 48, "record past the unit's end", false },
	{ "rec longer than ops", WOP_DESTROY, 48, 72, 4, 48 + 64, "bytes after the record's last op", false },
	{ "rec type", WOP_DESTROY, 52, 9, 2, 52, "unknown record type", false },
	{ "tx no ops", WOP_DESTROY, 54, 0, 2, 54, "transaction without ops", false },
	{ "checkpoint ops", WOP_DESTROY, 52, WAL_REC_CHECKPOINT, 2, 54, "checkpoint with ops", false },
	{ "op count", WOP_DESTROY, 54, 2, 2, 48 + 64, "op past the record's end", false },
	{ "op code 0", WOP_DESTROY, OP, 0, 2, OP, "unknown op", false },
	{ "op code max", WOP_DESTROY, OP, WOP_MAX + 1, 2, OP, "unknown op", false },
	{ "op flags", WOP_DESTROY, OP + 2, 1, 2, OP + 2, "op flags not zero", false },
	{ "op len odd", WOP_DESTROY, OP + 4, 44, 4, OP + 4,
	  "op length not a multiple of 8 of at least 40", false },
	{ "op len small", WOP_DESTROY, OP + 4, 32, 4, OP + 4,
	  "op length not a multiple of 8 of at least 40", false },
	{ "op past record", WOP_DESTROY, OP + 4, 48, 4, OP + 4, "op past the record's end", false },
	{ "fid zero", WOP_DESTROY, OP + 8, 0, 8, OP + 8, "bad object FID", false },
	{ "pfid not zero", WOP_DESTROY, OP + 24, 5, 8, OP + 24,
	  "parent FID of an op without a name not zero", false },
	{ "pfid zero", WOP_LINK, OP + 24, 0, 8, OP + 24, "bad parent FID", false },
	{ "payload short", WOP_ATTR, OP + 4, 48, 4, PL, "op payload past the op's end", false },
	{ "attr bits", WOP_ATTR, PL, 0x1000, 8, PL, "unknown attribute bits", false },
	{ "attr outside mask", WOP_CREATE, PL + 8, 1, 8, PL + 8,
	  "attribute outside the mask not zero", false },
	{ "atime ns", WOP_ATTR, PL + 48, 1000000000, 4, PL + 48, "nanoseconds not below 10^9", false },
	{ "mtime ns", WOP_ATTR, PL + 52, 1000000000, 4, PL + 52, "nanoseconds not below 10^9", false },
	{ "ctime ns", WOP_ATTR, PL + 56, 1000000000, 4, PL + 56, "nanoseconds not below 10^9", false },
	{ "mode", WOP_ATTR, PL + 60, 0200000, 4, PL + 60, "bad mode", false },
	{ "create dir", WOP_CREATE, PL + 60, 040755, 4, PL + 60,
	  "create of a directory or of no file type", false },
	{ "create no type", WOP_CREATE, PL + 60, 0644, 4, PL + 60,
	  "create of a directory or of no file type", false },
	{ "mkdir file", WOP_MKDIR, PL + 60, 0100644, 4, PL + 60, "mkdir of a non-directory", false },
	{ "create pad", WOP_CREATE, PL + 90, 1, 1, PL + 90, "op padding not zero", false },
	{ "create name past", WOP_MKDIR, PL + 88, 200, 2, PL + 88, "name past the op's end", false },
	{ "mkdir no name", WOP_MKDIR, PL + 88, 0, 2, PL + 88, "name length not 1..255", false },
	{ "name slash", WOP_LINK, PL + 8 + 4, '/', 1, PL, "'/' in a name", false },
	{ "name NUL", WOP_LINK, PL + 8 + 4, 0, 1, PL, "NUL in a name", false },
	{ "name short", WOP_LINK, PL, 2, 2, PL + 8 + 2, "op padding not zero", false },
	{ "name pad", WOP_UNLINK, PL + 2, 1, 1, PL + 2, "op padding not zero", false },
	{ "op tail pad", WOP_XATTR_DEL, PL + 8 + 6, 1, 1, PL + 8 + 6, "op padding not zero", false },
	{ "xattr NUL", WOP_XATTR_SET, PL + 8 + 3, 0, 1, PL, "NUL in a name", false },
	{ "xattr big", WOP_XATTR_SET, PL + 4, WAL_XATTR_VALUE_MAX + 1, 4, PL + 4,
	  "xattr value over 64 KiB", false },
	{ "xattr past", WOP_XATTR_SET, PL + 4, 100, 4, PL + 4, "xattr past the op's end", false },
	{ "xattr pad", WOP_XATTR_SET, PL + 2, 1, 2, PL + 2, "op padding not zero", false },
	{ "xattr name 0", WOP_XATTR_DEL, PL, 0, 2, PL, "name length not 1..255", false },
	{ "rename tpfid", WOP_RENAME, PL, 0, 8, PL, "bad target parent FID", false },
	{ "rename pad", WOP_RENAME, PL + 20, 1, 4, PL + 20, "op padding not zero", false },
	{ "rename names past", WOP_RENAME, PL + 18, 40, 2, PL + 16, "names past the op's end", false },
	{ "rename sname empty", WOP_RENAME, PL + 16, 0, 2, PL + 16, "name length not 1..255", false },
	{ "rename tname slash", WOP_RENAME, PL + 24 + 2, '/', 1, PL + 18, "'/' in a name", false },
	{ "punch", WOP_PUNCH, PL + 8, 0, 8, PL, "punch start after its end", false },
	{ "write ns", WOP_WRITE_META, PL + 16, 1000000000, 4, PL + 16,
	  "nanoseconds not below 10^9", false },
	{ "write pad", WOP_WRITE_META, PL + 20, 1, 4, PL + 20, "op padding not zero", false },
	{ "oi ino 0", WOP_OI_SET, PL, 0, 4, PL, "inode number 0", false },
	{ "rec type 0", WOP_REC, PL, 0, 2, PL, "target record of type 0", false },
	{ "rec pad", WOP_REC, PL + 2, 1, 2, PL + 2, "op padding not zero", false },
	{ "rec past", WOP_REC, PL + 4, 17, 4, PL + 4, "target record past the op's end", false },
	{ "rec short", WOP_REC, PL + 4, 8, 4, OP + 4, "op length not its payload's", false },
};

static void test_unit_refusals(void **state)
{
	static uint8_t buf[WAL_UNIT_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(unit_cases); i++) {
		const struct unit_case *c = &unit_cases[i];
		struct wal_op op = op_of(c->code);
		struct wal_error err = { 0, 0, NULL };
		__u32 size;

		print_message("%s\n", c->name);
		size = unit_of(buf, WAL_BLOCK, 5, &op, 1, 5);
		assert_int_equal(size, WAL_BLOCK);
		assert_int_equal(wal_unit_check(buf, size, 0x20000, 5, NULL, NULL), 0);
		put_le(buf, c->at, c->val, c->width);
		if (!c->crc_kept)
			reseal(buf, size);
		assert_int_equal(wal_unit_check(buf, size, 0x20000, 5, NULL, &err), -EINVAL);
		assert_string_equal(err.why, c->why);
		assert_int_equal(err.offset, 0x20000 + c->want_off);
		assert_int_equal(err.lsn, 5);
	}
}

/* Names: "." and ".." are refused as object names, allowed nowhere. */
static void test_dot_names(void **state)
{
	static uint8_t rec[512];
	const char *bad[] = { ".", "..", "a/b" };
	struct wal_rec_builder b;
	struct wal_error err;
	struct wal_op op;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		op = op_of(WOP_LINK);
		op.name = bad[i];
		op.namelen = (__u16)strlen(bad[i]);
		wal_rec_begin(&b, rec, sizeof(rec), WAL_REC_TX, 0);
		assert_int_equal(wal_rec_add(&b, &op, &err), -EINVAL);
		assert_non_null(err.why);
		assert_int_equal(b.len, 24);
		assert_int_equal(b.nops, 0);
	}
	op = op_of(WOP_LINK);
	op.name = "...";
	op.namelen = 3;
	assert_int_equal(wal_rec_add(&b, &op, NULL), 0);
}

/* The encoder refuses what the decoder would, and says so without writing. */
static void test_encoder_refusals(void **state)
{
	static uint8_t rec[256], unit[WAL_BLOCK];
	struct wal_rec_builder b;
	struct wal_unit_builder u;
	struct wal_error err;
	struct wal_op op;
	char longname[300];

	(void)state;
	wal_rec_begin(&b, rec, sizeof(rec), WAL_REC_TX, 0);

	op = op_of(WOP_DESTROY);
	op.op = 0;
	assert_int_equal(wal_rec_add(&b, &op, &err), -EINVAL);
	assert_string_equal(err.why, "unknown op");

	op = op_of(WOP_DESTROY);
	op.fid.f_seq = 0;
	assert_int_equal(wal_rec_add(&b, &op, &err), -EINVAL);
	assert_string_equal(err.why, "bad object FID");
	assert_int_equal(err.offset, 24 + 8);

	op = op_of(WOP_CREATE);
	op.attr.mode = WAL_S_IFDIR | 0755;
	assert_int_equal(wal_rec_add(&b, &op, &err), -EINVAL);

	op = op_of(WOP_XATTR_SET);
	op.vlen = WAL_XATTR_VALUE_MAX + 1;
	assert_int_equal(wal_rec_add(&b, &op, &err), -EINVAL);
	assert_string_equal(err.why, "value over 64 KiB");

	memset(longname, 'x', sizeof(longname));
	op = op_of(WOP_LINK);
	op.name = longname;
	op.namelen = 256;
	assert_int_equal(wal_rec_add(&b, &op, NULL), -ENOSPC);	/* too big for rec[] first */

	/* Attributes outside the mask are dropped, not refused. */
	op = op_of(WOP_ATTR);
	op.attr.valid = WAL_A_SIZE;
	assert_int_equal(wal_rec_add(&b, &op, NULL), 0);
	assert_int_equal(b.nops, 1);
	assert_int_equal(b.len, 24 + 40 + 88);

	/* Full. */
	op = op_of(WOP_DESTROY);
	assert_int_equal(wal_rec_add(&b, &op, NULL), 0);
	assert_int_equal(wal_rec_add(&b, &op, NULL), 0);
	assert_int_equal(b.len, 232);
	assert_int_equal(wal_rec_add(&b, &op, NULL), -ENOSPC);
	assert_int_equal(b.len, 232);
	assert_int_equal(wal_rec_end(&b), 232);

	wal_unit_begin(&u, unit, sizeof(unit));
	assert_int_equal(wal_unit_seal(&u, 1), 0);	/* no record */
	assert_int_equal(wal_unit_add(&u, rec, 230), -EINVAL);
	assert_int_equal(wal_unit_add(&u, rec, 224), -EINVAL);	/* not its length */
	for (int i = 0; i < 17; i++)
		assert_int_equal(wal_unit_add(&u, rec, 232), 0);
	assert_int_equal(wal_unit_add(&u, rec, 232), -ENOSPC);
	assert_int_equal(wal_unit_seal(&u, 1), WAL_BLOCK);
	assert_int_equal(wal_unit_check(unit, sizeof(unit), 0, 1, NULL, NULL), 0);
}

/* ---- scans over an in-memory log ---- */

#define LOG_SIZE (WAL_AREA_START + WAL_AREA_MIN)
#define LIMIT LOG_SIZE

struct memlog {
	uint8_t *bytes;
	int fail_at;	/* read error on the read with this number (0: none) */
	int reads;
};

static int mem_read(void *ctx, __u64 off, void *buf, size_t len)
{
	struct memlog *m = ctx;

	if (++m->reads == m->fail_at)
		return -EIO;
	assert_true(off + len <= LOG_SIZE);
	memcpy(buf, m->bytes + off, len);
	return 0;
}

struct seen {
	__u64 lsn[64];
	__u64 off[64];
	int n;
	int stop_at;
};

static int on_unit(void *arg, const struct wal_unit *u)
{
	struct seen *s = arg;

	if (s->n == s->stop_at)
		return -EINTR;
	s->lsn[s->n] = u->lsn;
	s->off[s->n++] = u->off;
	return 0;
}

/* Write at @off a unit of @nblocks blocks (xattr ops sized to fill it). */
static __u32 put_unit(uint8_t *log, __u64 off, __u64 lsn, __u32 nblocks)
{
	static uint8_t value[60000];
	static struct wal_op ops[32];
	/* 48 unit + 24 record bytes, 40 + 8 + 11 per op before its value */
	__u32 want = (nblocks - 1) * WAL_BLOCK + 8, n = 0, size;

	memset(value, 0x5a, sizeof(value));
	do {
		__u32 chunk = want > sizeof(value) ? sizeof(value) : want;

		ops[n] = op_of(WOP_XATTR_SET);
		ops[n].value = value;
		ops[n].vlen = chunk;
		want -= chunk;
		n++;
	} while (want);
	size = unit_of(log + off, nblocks * WAL_BLOCK, lsn, ops, (int)n, lsn * 10);
	assert_int_equal(size, nblocks * WAL_BLOCK);
	return size;
}

struct scan_env {
	struct memlog m;
	struct wal_reader r;
	struct wal_hdr h;
	struct seen s;
	struct wal_end end;
	struct wal_error err;
};

static struct scan_env *env_new(__u64 tail_off, __u64 tail_lsn)
{
	struct scan_env *e = calloc(1, sizeof(*e));

	e->m.bytes = calloc(1, LOG_SIZE);
	e->r.read = mem_read;
	e->r.ctx = &e->m;
	e->r.buf = malloc(WAL_UNIT_MAX);
	hdr(&e->h);
	e->h.tail_off = tail_off;
	e->h.tail_lsn = tail_lsn;
	e->s.stop_at = -1;
	return e;
}

static void env_free(struct scan_env *e)
{
	free(e->m.bytes);
	free(e->r.buf);
	free(e);
}

static int scan(struct scan_env *e)
{
	e->s.n = 0;
	memset(&e->err, 0, sizeof(e->err));
	return wal_scan(&e->h, &e->r, on_unit, &e->s, &e->end, &e->err);
}

static void test_scan_empty(void **state)
{
	struct scan_env *e = env_new(WAL_AREA_START, 1);

	(void)state;
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->s.n, 0);
	assert_int_equal(e->end.lsn, 1);
	assert_int_equal(e->end.off, WAL_AREA_START);
	assert_int_equal(e->end.units, 0);
	assert_string_equal(e->end.why, "bad unit magic");
	env_free(e);
}

static void test_scan_chain_and_torn_end(void **state)
{
	__u64 a = WAL_AREA_START, b, c;
	struct scan_env *e = env_new(a, 7);

	(void)state;
	b = a + put_unit(e->m.bytes, a, 7, 1);
	c = b + put_unit(e->m.bytes, b, 8, 3);
	put_unit(e->m.bytes, c, 9, 2);
	/* A stale unit of an older pass after them. */
	put_unit(e->m.bytes, c + 2 * WAL_BLOCK, 3, 1);
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->s.n, 3);
	assert_int_equal(e->s.lsn[2], 9);
	assert_int_equal(e->s.off[1], b);
	assert_int_equal(e->end.lsn, 10);
	assert_int_equal(e->end.off, c + 2 * WAL_BLOCK);
	assert_string_equal(e->end.why, "unexpected LSN");

	/* The last unit torn (its second block not written): log end. */
	memset(e->m.bytes + c + WAL_BLOCK, 0, WAL_BLOCK);
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->s.n, 2);
	assert_int_equal(e->end.lsn, 9);
	assert_int_equal(e->end.off, c);
	assert_string_equal(e->end.why, "bad unit crc");

	/* fn stops the scan. */
	e->s.stop_at = 1;
	assert_int_equal(scan(e), -EINTR);
	e->s.stop_at = -1;

	/* A read error. */
	e->m.reads = 0;
	e->m.fail_at = 2;
	assert_int_equal(scan(e), -EIO);
	env_free(e);
}

static void test_scan_corrupt_middle(void **state)
{
	__u64 a = WAL_AREA_START + 10 * WAL_BLOCK, b, c;
	struct scan_env *e = env_new(a, 100);

	(void)state;
	b = a + put_unit(e->m.bytes, a, 100, 2);
	c = b + put_unit(e->m.bytes, b, 101, 4);
	put_unit(e->m.bytes, c, 102, 1);

	/* A flipped byte inside unit 101: corruption, named at its crc. */
	e->m.bytes[b + 3 * WAL_BLOCK + 5] ^= 0x10;
	assert_int_equal(scan(e), -EUCLEAN);
	assert_int_equal(e->err.offset, b + 40);
	assert_int_equal(e->err.lsn, 101);
	assert_string_equal(e->err.why, "bad unit crc");
	assert_int_equal(e->s.n, 1);
	e->m.bytes[b + 3 * WAL_BLOCK + 5] ^= 0x10;

	/* Its size field broken: the next unit is still found. */
	put_le(e->m.bytes, b + 16, 300, 4);
	assert_int_equal(scan(e), -EUCLEAN);
	assert_int_equal(e->err.offset, b + 16);
	assert_string_equal(e->err.why, "unit size not 1..256 blocks");

	/* Its magic gone: same. */
	put_le(e->m.bytes, b + 16, 4, 4);
	put_le(e->m.bytes, b, 0, 8);
	assert_int_equal(scan(e), -EUCLEAN);
	assert_int_equal(e->err.offset, b);
	assert_string_equal(e->err.why, "bad unit magic");
	env_free(e);
}

static void test_scan_wrap(void **state)
{
	__u64 a = LIMIT - 3 * WAL_BLOCK, s = WAL_AREA_START;
	struct scan_env *e = env_new(a, 50);

	(void)state;
	put_unit(e->m.bytes, a, 50, 2);
	/* 51 has 4 blocks: no room in the last one, so at the start. */
	put_unit(e->m.bytes, s, 51, 4);
	put_unit(e->m.bytes, s + 4 * WAL_BLOCK, 52, 1);
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->s.n, 3);
	assert_int_equal(e->s.off[1], s);
	assert_int_equal(e->end.lsn, 53);
	assert_int_equal(e->end.off, s + 5 * WAL_BLOCK);

	/* A unit ending exactly at the area's end: the next one at the start. */
	put_unit(e->m.bytes, a, 50, 3);
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->s.n, 3);

	/* A one-block 51 at the start would have fit at the end: corrupt. */
	memset(e->m.bytes + s, 0, 5 * WAL_BLOCK);
	put_unit(e->m.bytes, a, 50, 2);
	put_unit(e->m.bytes, s, 51, 1);
	assert_int_equal(scan(e), -EUCLEAN);
	assert_int_equal(e->err.offset, s);
	assert_string_equal(e->err.why,
			    "unit at the log area's start would have fit at its end");

	/* The unit at the end torn and 52 nowhere: log end at 51. */
	memset(e->m.bytes + s, 0, WAL_BLOCK);
	assert_int_equal(scan(e), 0);
	assert_int_equal(e->end.lsn, 51);
	assert_int_equal(e->end.off, a + 2 * WAL_BLOCK);
	env_free(e);
}

/* A chain that fills the whole area can only come from a broken writer. */
static void test_scan_longer_than_area(void **state)
{
	struct scan_env *e = env_new(WAL_AREA_START, 1);
	__u64 off = WAL_AREA_START, lsn = 1;

	(void)state;
	while (off < LIMIT) {
		put_unit(e->m.bytes, off, lsn++, WAL_UNIT_MAX_BLOCKS);
		off += WAL_UNIT_MAX;
	}
	assert_int_equal(scan(e), -EUCLEAN);
	assert_string_equal(e->err.why, "log longer than its area");
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_layout),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_header_pick),
		cmocka_unit_test(test_unit_round_trip),
		cmocka_unit_test(test_unit_multi_block),
		cmocka_unit_test(test_unit_refusals),
		cmocka_unit_test(test_dot_names),
		cmocka_unit_test(test_encoder_refusals),
		cmocka_unit_test(test_scan_empty),
		cmocka_unit_test(test_scan_chain_and_torn_end),
		cmocka_unit_test(test_scan_corrupt_middle),
		cmocka_unit_test(test_scan_wrap),
		cmocka_unit_test(test_scan_longer_than_area),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
