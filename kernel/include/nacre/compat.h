/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences across the supported range (Debian 12's 6.1 to the
 * 6.12 LTS).  Module code is written against the newest API; this header
 * backfills it on older kernels from the answers of the build-time probes in
 * kernel/compat/probes/ (scripts/compat-probe.sh writes nacre_autoconf.h).
 * Nothing else in the tree tests kernel versions.
 */
#ifndef NACRE_COMPAT_H
#define NACRE_COMPAT_H

#include <linux/fs.h>
#include "nacre_autoconf.h"

#ifndef HAVE_MNT_IDMAP
/* Before 6.3 the vfs_*() helpers and inode operations take the mount's user
 * namespace where they now take its idmap; the identity map was init_user_ns.
 */
#define mnt_idmap user_namespace
#define nop_mnt_idmap init_user_ns
#endif

#ifndef HAVE_INODE_GET_MTIME
/* Before 6.7 the timestamps were plain inode fields. */
static inline struct timespec64 inode_get_mtime(const struct inode *inode)
{
	return inode->i_mtime;
}

static inline struct timespec64 inode_set_mtime_to_ts(struct inode *inode,
							struct timespec64 ts)
{
	inode->i_mtime = ts;
	return ts;
}

static inline struct timespec64 inode_get_atime(const struct inode *inode)
{
	return inode->i_atime;
}

static inline struct timespec64 inode_set_atime_to_ts(struct inode *inode,
							struct timespec64 ts)
{
	inode->i_atime = ts;
	return ts;
}
#endif

/* HAVE_KERNEL_SENDPAGE: ksocklnd sends page fragments with kernel_sendpage()
 * where it exists and with sendmsg(MSG_SPLICE_PAGES) where it does not; the
 * choice lives in the driver's transmit path.
 */

#endif /* NACRE_COMPAT_H */
