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

/* Words are stamped by their absolute offset; a partial last word by the
 * low bytes of its stamp. */
void echo_fill(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset)
{
	unsigned int i, j;

	for (i = 0; i < niov; i++) {
		u8 *p = kmap_local_page(kiov[i].bv_page) + kiov[i].bv_offset;

		for (j = 0; j < kiov[i].bv_len; j += 8) {
			u64 w = echo_pattern(oid, offset + j);

			memcpy(p + j, &w, min(8U, kiov[i].bv_len - j));
		}
		kunmap_local(p);
		offset += kiov[i].bv_len;
	}
}

s64 echo_check(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset)
{
	u64 start = offset;
	unsigned int i, j;

	for (i = 0; i < niov; i++) {
		u8 *p = kmap_local_page(kiov[i].bv_page) + kiov[i].bv_offset;

		for (j = 0; j < kiov[i].bv_len; j += 8) {
			u64 w = echo_pattern(oid, offset + j);

			if (memcmp(p + j, &w, min(8U, kiov[i].bv_len - j))) {
				kunmap_local(p);
				return offset + j - start;
			}
		}
		kunmap_local(p);
		offset += kiov[i].bv_len;
	}
	return -1;
}
