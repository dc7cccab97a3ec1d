/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel debug log that "lctl dk" dumps (obdclass.ko): a ring of text
 * lines, oldest overwritten first, one line per call:
 *
 *   <secs>.<usecs> <cpu> <pid> <subsys> <function>:<line> <message>
 *
 * (pid 0 outside process context).  Each line is also a pr_debug() of
 * obdclass's dlog.c, for dynamic debug.
 */
#ifndef NACRE_DLOG_H
#define NACRE_DLOG_H

#include <linux/compiler.h>

#define OBD_DLOG_MSG_MAX	256	/* message bytes kept per line */

void obd_dlog(const char *subsys, const char *func, int line, const char *fmt, ...)
	__printf(4, 5);

/* Log a line from the calling function, e.g. OBD_DLOG("ptlrpc", "import %s: connected", n). */
#define OBD_DLOG(subsys, fmt, ...) \
	obd_dlog(subsys, __func__, __LINE__, fmt, ##__VA_ARGS__)

#endif /* NACRE_DLOG_H */
