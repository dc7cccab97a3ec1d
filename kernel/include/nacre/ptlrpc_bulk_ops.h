/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many LNet MDs one bulk needs: pure arithmetic, shared by the kernel
 * (PTLRPC_BULK_OPS_MAX in nacre/ptlrpc.h) and the unit tests, which check
 * it for every page size Linux has (4 KiB to 256 KiB).
 */
#ifndef NACRE_PTLRPC_BULK_OPS_H
#define NACRE_PTLRPC_BULK_OPS_H

/*
 * MDs of at most @max_iov pages for @bytes of bulk in pages of
 * 1 << @page_shift bytes: rounded up, so that a bulk smaller than one
 * full MD (4 MiB in 64 KiB pages is 64 pages, under LNET_MAX_IOV = 256)
 * still has one.  Truncating instead gave 0 on 64 KiB-page kernels (arm64,
 * ppc64el): mdh[0] then lay past the array, over the bulk's lock.
 */
#define PTLRPC_BULK_OPS_COUNT(bytes, page_shift, max_iov) \
	(((((bytes) >> (page_shift)) ?: 1) + (max_iov) - 1) / (max_iov))

#endif /* NACRE_PTLRPC_BULK_OPS_H */
