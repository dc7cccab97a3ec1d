// SPDX-License-Identifier: GPL-2.0
/* The echo data pattern and the page vectors it lives in. */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "echo.h"

int echo_pages_alloc(struct bio_vec **kiovp, unsigned int nob)
{
	unsigned int i, n = DIV_ROUND_UP(nob, PAGE_SIZE);
	struct bio_vec *kiov;

	if (!nob || nob > PTLRPC_MAX_BRW_SIZE)
		return -EINVAL;
	kiov = kvcalloc(n, sizeof(*kiov), GFP_KERNEL);
	if (!kiov)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct page *pg = alloc_page(GFP_KERNEL);

		if (!pg) {
			echo_pages_free(kiov, i * PAGE_SIZE);
			return -ENOMEM;
		}
		kiov[i].bv_page = pg;
		kiov[i].bv_offset = 0;
		kiov[i].bv_len = min_t(unsigned int, PAGE_SIZE, nob - i * PAGE_SIZE);
	}
	*kiovp = kiov;
	return n;
}

void echo_pages_free(struct bio_vec *kiov, unsigned int nob)
{
	unsigned int i, n = DIV_ROUND_UP(nob, PAGE_SIZE);

	if (!kiov)
		return;
	for (i = 0; i < n; i++)
		if (kiov[i].bv_page)
			__free_page(kiov[i].bv_page);
	kvfree(kiov);
}

/*
 * Lustre's OBD_FL_DEBUG_CHECK pattern: each 4 KiB block of a page (or the
 * shorter rest of one) carries its object offset and the object id as
 * little-endian 64-bit words at its start and again in its last 16 bytes;
 * the bytes between are not checked.  A block shorter than 16 bytes has no
 * stamp.  The offsets are those of the block starts in the object.
 */
static void put_le64(u64 v, u8 *p)
{
	__le64 w = cpu_to_le64(v);

	memcpy(p, &w, sizeof(w));
}

static u64 get_le64(const u8 *p)
{
	__le64 w;

	memcpy(&w, p, sizeof(w));
	return le64_to_cpu(w);
}

static void echo_stamp(u8 *p, unsigned int len, u64 off, u64 oid)
{
	if (len < ECHO_STAMP_LEN)
		return;
	put_le64(off, p);
	put_le64(oid, p + 8);
	put_le64(off, p + len - ECHO_STAMP_LEN);
	put_le64(oid, p + len - ECHO_STAMP_LEN + 8);
}

/* The first bad byte's index in the block, or -1. */
static int echo_stamp_check(const u8 *p, unsigned int len, u64 off, u64 oid)
{
	if (len < ECHO_STAMP_LEN)
		return -1;
	if (get_le64(p) != off || get_le64(p + 8) != oid)
		return 0;
	if (get_le64(p + len - ECHO_STAMP_LEN) != off ||
	    get_le64(p + len - ECHO_STAMP_LEN + 8) != oid)
		return len - ECHO_STAMP_LEN;
	return -1;
}

void echo_fill(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset)
{
	unsigned int i, j;

	for (i = 0; i < niov; i++) {
		u8 *p = kmap_local_page(kiov[i].bv_page) + kiov[i].bv_offset;

		for (j = 0; j < kiov[i].bv_len; j += ECHO_BLOCK_SIZE)
			echo_stamp(p + j, min(ECHO_BLOCK_SIZE, kiov[i].bv_len - j), offset + j, oid);
		kunmap_local(p);
		offset += kiov[i].bv_len;
	}
}

void echo_fill_junk(struct bio_vec *kiov, unsigned int niov)
{
	unsigned int i, j;

	for (i = 0; i < niov; i++) {
		u8 *p = kmap_local_page(kiov[i].bv_page) + kiov[i].bv_offset;

		for (j = 0; j < kiov[i].bv_len; j += ECHO_BLOCK_SIZE)
			echo_stamp(p + j, min(ECHO_BLOCK_SIZE, kiov[i].bv_len - j), ECHO_JUNK,
				   ECHO_JUNK);
		kunmap_local(p);
	}
}

s64 echo_check(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset)
{
	u64 start = offset;
	unsigned int i, j;

	for (i = 0; i < niov; i++) {
		u8 *p = kmap_local_page(kiov[i].bv_page) + kiov[i].bv_offset;

		for (j = 0; j < kiov[i].bv_len; j += ECHO_BLOCK_SIZE) {
			int bad = echo_stamp_check(p + j, min(ECHO_BLOCK_SIZE, kiov[i].bv_len - j),
						   offset + j, oid);

			if (bad >= 0) {
				kunmap_local(p);
				return offset + j + bad - start;
			}
		}
		kunmap_local(p);
		offset += kiov[i].bv_len;
	}
	return -1;
}
