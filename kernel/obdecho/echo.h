/* SPDX-License-Identifier: GPL-2.0 */
/*
 * obdecho.ko: an echo target ("obdecho" devices) that executes OST_READ and
 * OST_WRITE without storage, and an echo client ("echo_client" devices)
 * that drives RPCs at one, so the RPC layer can be tested and measured
 * without a file system (Lustre's obdecho).
 *
 * Data check: with OBD_FL_DEBUG_CHECK in o_flags, the writer fills each
 * 8-byte word with echo_pattern(object id, byte offset) and the server
 * checks it; on a read the server fills the pages with it and the client
 * checks.  A write or read at any offset of any object therefore verifies
 * every byte end to end without the server storing anything.
 */
#ifndef OBDECHO_ECHO_H
#define OBDECHO_ECHO_H

#include <linux/bvec.h>
#include <nacre/obd.h>
#include <nacre/ptlrpc.h>
#include <nacre/lustre_ost_wire.h>

#define ECHO_PATTERN_SEED	0x4e41435245454348ULL	/* "NACREECH" */

static inline u64 echo_pattern(u64 oid, u64 off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ oid ^ ECHO_PATTERN_SEED;
}

/* pattern.c */
void echo_fill(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset);
/* The first byte offset (relative to @offset) that is wrong, or -1. */
s64 echo_check(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset);
int echo_pages_alloc(struct bio_vec **kiov, unsigned int nob);
void echo_pages_free(struct bio_vec *kiov, unsigned int nob);

/* echo_srv.c */
extern struct obd_type echo_srv_type;
/* echo_client.c */
extern struct obd_type echo_client_type;

#endif
