/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stats counters (obdclass.ko): a fixed set of named counters, each
 * counting samples and keeping their sum, minimum, maximum and sum of
 * squares, per CPU so that adding is cheap and lock-free.  Read as a
 * debugfs file in Lustre's "stats" format; writing to the file clears it.
 * The file belongs to the caller, who removes it (or its directory) before
 * freeing the counters.
 */
#ifndef NACRE_OBD_STATS_H
#define NACRE_OBD_STATS_H

#include <linux/types.h>

#define OBD_STATS_MAX_COUNTERS	512

struct dentry;
struct obd_stats;

struct obd_stats *obd_stats_alloc(unsigned int n);
void obd_stats_init_counter(struct obd_stats *s, unsigned int i, const char *name,
			    const char *unit);
void obd_stats_add(struct obd_stats *s, unsigned int i, s64 value);
void obd_stats_read(struct obd_stats *s, unsigned int i, u64 *count, s64 *sum, s64 *min,
		    s64 *max);
struct dentry *obd_stats_debugfs(struct obd_stats *s, const char *name, struct dentry *parent);
void obd_stats_free(struct obd_stats *s);

#endif /* NACRE_OBD_STATS_H */
