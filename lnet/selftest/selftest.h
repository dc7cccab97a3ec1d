/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnet_selftest.ko: LNet self-test.  The target (every node that loads the
 * module) is one MD on LST_PORTAL that takes PUTs and serves GETs of up to
 * 1 MiB; the runner (the node driving a test) keeps CONCURRENCY round
 * trips in flight against one target and measures them.
 */
#ifndef _LNET_SELFTEST_H
#define _LNET_SELFTEST_H

#include <lnet/lib-lnet.h>

#define LST_MAX_SIZE		LNET_MAX_PAYLOAD
#define LST_MAX_CONCURRENCY	64

struct lst_params {
	__u64 nid;
	unsigned int op;		/* enum lst_op */
	unsigned int size;
	unsigned int concurrency;
	unsigned int duration_ms;
};

struct lst_result {
	u64 ops;
	u64 errors;
	u64 bytes;
	u64 elapsed_ns;
	u64 lat_min_ns;
	u64 lat_sum_ns;
	u64 lat_max_ns;
};

/* Page vectors for test buffers. */
struct bio_vec *lst_pages_alloc(unsigned int size, unsigned int *niov);
void lst_pages_free(struct bio_vec *kiov, unsigned int niov);

/* st_run.c */
int lst_run(const struct lst_params *p, struct lst_result *res);

#endif /* _LNET_SELFTEST_H */
