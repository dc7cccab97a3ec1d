// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the write-ahead log format (nacre/osd_wal.h):
 * header copies, flush units with their records and ops, and log scans.
 *
 * The first input byte picks what the rest is:
 *   b % 3 == 0  two header copies (4096 bytes each, zero-filled when the
 *               input is short) and the file's size (8 bytes after them)
 *               for wal_header_pick()
 *   b % 3 == 1  one unit, in an exact-size heap buffer, checked with the
 *               LSN of its own lsn field; with b & 0x10 the harness first
 *               recomputes the unit's crc, so that mutations reach the
 *               records and ops behind it
 *   b % 3 == 2  a log: a valid header whose tail is block (b >> 4) of a
 *               2 MiB area, the rest of the input written at the tail
 *               (units re-crc'ed as above when b & 0x08), then wal_scan()
 *
 * Beyond "no crash": a refusal is -EINVAL with a reason and an offset
 * inside what was checked; an accepted header re-encodes to a copy that
 * decodes to the same fields (bytes after the uuid's NUL are not kept); an accepted unit's records re-encode, op by
 * op, to the same bytes, and the unit re-seals to the same bytes (the
 * encoding is canonical); a scan ends (0) or finds corruption (-EUCLEAN,
 * with a reason and an offset in the file), gives units of consecutive
 * LSNs each valid on its own, never more than the area holds, and ends at
 * a block-aligned offset inside the area.
 */
#include <stdbool.h>
#include <linux/errno.h>
#include <nacre/osd_wal.h>
#include <crc32c_sw.h>

#include "fuzz.h"

static __u64 get_le64(const __u8 *p)
{
	__u64 v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void reseal(__u8 *buf, size_t len)
{
	__u32 nblocks, c;

	if (len < sizeof(struct wal_unit_disk))
		return;
	nblocks = (__u32)get_le64(buf + 16);
	if (!nblocks || nblocks > WAL_UNIT_MAX_BLOCKS || (size_t)nblocks * WAL_BLOCK > len)
		return;
	memset(buf + 40, 0, 4);
	c = ~crc32c(~0U, buf, nblocks * WAL_BLOCK);
	for (int i = 0; i < 4; i++)
		buf[40 + i] = (__u8)(c >> (8 * i));
}

static void fuzz_headers(const __u8 *p, size_t len)
{
	struct wal_header_disk *c[2], *again = malloc(sizeof(*again));
	__u64 file_size = 0;
	struct wal_error err = { 0, 0, NULL };
	struct wal_hdr h, h2;
	int which = -1;

	CHECK(again != NULL);
	for (int i = 0; i < 2; i++) {
		size_t from = (size_t)i * WAL_HDR_SIZE, n = 0;

		c[i] = calloc(1, sizeof(*c[i]));
		CHECK(c[i] != NULL);
		if (len > from)
			n = len - from < WAL_HDR_SIZE ? len - from : WAL_HDR_SIZE;
		memcpy(c[i], p + from, n);
	}
	if (len >= 2 * WAL_HDR_SIZE + 8)
		file_size = get_le64(p + 2 * WAL_HDR_SIZE);
	else
		file_size = WAL_AREA_START + WAL_AREA_MIN;

	if (wal_header_pick(c[0], c[1], file_size, &h, &which, &err)) {
		CHECK(err.why != NULL && err.offset < WAL_HDR_SIZE);
	} else {
		CHECK(which == 0 || which == 1);
		CHECK(h.tail_off >= h.area_start && h.tail_off < h.area_start + h.area_size);
		CHECK(h.area_start + h.area_size <= file_size);
		CHECK(memchr(h.target_uuid, 0, WAL_UUID_LEN) != NULL);
		wal_header_encode(&h, again);
		CHECK(wal_header_decode(again, 0, file_size, &h2, NULL) == 0);
		CHECK(h2.seq == h.seq && h2.tail_lsn == h.tail_lsn && h2.tail_off == h.tail_off);
		CHECK(h2.area_size == h.area_size && h2.flags == h.flags);
		CHECK(h2.last_transno == h.last_transno && h2.last_committed == h.last_committed);
		CHECK(strcmp(h2.target_uuid, h.target_uuid) == 0);
	}
	free(c[0]);
	free(c[1]);
	free(again);
}

/* Re-encode every record of a valid unit; the bytes must be the same. */
static void reencode(const struct wal_unit *u, const __u8 *unit)
{
	/* Static: a fresh 1 MiB heap buffer per input costs more than the check. */
	static __u8 rec[WAL_UNIT_MAX], copy[WAL_UNIT_MAX];
	struct wal_unit_builder ub;
	struct wal_rec_builder b;
	struct wal_cursor rc, oc;
	struct wal_rec r;
	struct wal_op op;
	__u32 len;
	int n;

	wal_unit_begin(&ub, copy, u->nblocks * WAL_BLOCK);
	wal_unit_recs(u, &rc);
	while ((n = wal_rec_next(&rc, &r, NULL)) > 0) {
		wal_rec_begin(&b, rec, WAL_UNIT_MAX, r.type, r.xid);
		wal_rec_ops(&r, &oc);
		while ((n = wal_op_next(&oc, &op, NULL)) > 0)
			CHECK(wal_rec_add(&b, &op, NULL) == 0);
		CHECK(n == 0);
		len = wal_rec_end(&b);
		wal_rec_set_transno(rec, r.transno);
		CHECK(len == r.ops_len + sizeof(struct wal_rec_disk));
		CHECK(memcmp(rec, (const __u8 *)r.ops - sizeof(struct wal_rec_disk), len) == 0);
		CHECK(wal_unit_add(&ub, rec, len) == 0);
	}
	CHECK(n == 0);
	CHECK(wal_unit_seal(&ub, u->lsn) == u->nblocks * WAL_BLOCK);
	CHECK(memcmp(copy, unit, u->nblocks * WAL_BLOCK) == 0);
}

static void fuzz_unit(const __u8 *p, size_t len, bool fix_crc)
{
	__u8 *buf = malloc(len ? len : 1);
	struct wal_error err = { 0, 0, NULL };
	struct wal_unit u;
	__u64 lsn = len >= 16 ? get_le64(p + 8) : 1;

	CHECK(buf != NULL);
	memcpy(buf, p, len);
	if (fix_crc)
		reseal(buf, len);
	if (wal_unit_check(buf, len, 0x4000, lsn, &u, &err)) {
		CHECK(err.why != NULL && err.lsn == lsn);
		CHECK(err.offset >= 0x4000 && err.offset < 0x4000 + (len > 48 ? len : 48));
	} else {
		CHECK(u.nblocks >= 1 && u.nblocks <= WAL_UNIT_MAX_BLOCKS);
		CHECK((size_t)u.nblocks * WAL_BLOCK <= len && u.nrecs >= 1);
		CHECK(u.min_transno <= u.max_transno);
		reencode(&u, buf);
	}
	free(buf);
}

#define LOG_SIZE (WAL_AREA_START + WAL_AREA_MIN)

struct log {
	__u8 *bytes;
	__u64 next_lsn;
	__u64 units;
};

static int log_read(void *ctx, __u64 off, void *buf, size_t len)
{
	struct log *l = ctx;

	CHECK(off >= WAL_AREA_START && off + len <= LOG_SIZE && off % WAL_BLOCK == 0);
	memcpy(buf, l->bytes + off, len);
	return 0;
}

static int log_unit(void *arg, const struct wal_unit *u)
{
	struct log *l = arg;
	struct wal_unit again;

	CHECK(u->lsn == l->next_lsn);
	CHECK(u->off >= WAL_AREA_START && u->off + u->nblocks * WAL_BLOCK <= LOG_SIZE);
	CHECK(wal_unit_check(l->bytes + u->off, u->nblocks * WAL_BLOCK, u->off, u->lsn, &again,
			     NULL) == 0);
	l->next_lsn++;
	l->units++;
	return 0;
}

static void fuzz_scan(const __u8 *p, size_t len, unsigned int tail_block, bool fix_crc)
{
	/* Static and cleared each time: mapping 3 MiB per input is slow. */
	static __u8 bytes[LOG_SIZE], unit[WAL_UNIT_MAX];
	struct log l = { bytes, 0, 0 };
	struct wal_reader r = { log_read, &l, unit };
	struct wal_error err = { 0, 0, NULL };
	struct wal_end end = { 0, 0, NULL, 0 };
	struct wal_hdr h;
	__u64 tail, room;
	int rc;

	memset(bytes, 0, sizeof(bytes));
	memset(&h, 0, sizeof(h));
	h.area_start = WAL_AREA_START;
	h.area_size = WAL_AREA_MIN;
	h.seq = 1;
	h.tail_lsn = len >= 16 ? get_le64(p + 8) : 1;
	if (!h.tail_lsn)
		h.tail_lsn = 1;
	tail = WAL_AREA_START + (__u64)(tail_block % (WAL_AREA_MIN / WAL_BLOCK)) * WAL_BLOCK;
	h.tail_off = tail;
	room = LOG_SIZE - tail;
	memcpy(l.bytes + tail, p, len < room ? len : room);
	if (len > room)	/* the rest wraps to the area's start */
		memcpy(l.bytes + WAL_AREA_START, p + room,
		       len - room < tail - WAL_AREA_START ? len - room : tail - WAL_AREA_START);
	if (fix_crc)
		for (__u64 off = WAL_AREA_START; off < LOG_SIZE; off += WAL_BLOCK)
			if (get_le64(l.bytes + off) == WAL_UNIT_MAGIC)
				reseal(l.bytes + off, LOG_SIZE - off);
	l.next_lsn = h.tail_lsn;

	rc = wal_scan(&h, &r, log_unit, &l, &end, &err);
	CHECK(rc == 0 || rc == -EUCLEAN);
	if (rc) {
		CHECK(err.why != NULL && err.offset >= WAL_AREA_START && err.offset < LOG_SIZE);
	} else {
		CHECK(end.lsn == l.next_lsn && end.units == l.units && end.why != NULL);
		CHECK(end.off >= WAL_AREA_START && end.off < LOG_SIZE && end.off % WAL_BLOCK == 0);
	}
	CHECK(l.units < WAL_AREA_MIN / WAL_BLOCK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_headers(data + 1, size - 1);
		break;
	case 1:
		fuzz_unit(data + 1, size - 1, data[0] & 0x10);
		break;
	default:
		fuzz_scan(data + 1, size - 1, data[0] >> 4, data[0] & 0x08);
		break;
	}
	return 0;
}
