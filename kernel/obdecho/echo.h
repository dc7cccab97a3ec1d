/* SPDX-License-Identifier: GPL-2.0 */
/*
 * obdecho.ko: an echo target ("obdecho" devices) that executes OST_READ and
 * OST_WRITE without storage, and an echo client ("echo_client" devices)
 * that drives RPCs at one, so the RPC layer can be tested and measured
 * without a file system (Lustre's obdecho).
 *
 * Data check: with OBD_FL_DEBUG_CHECK in o_flags, the writer stamps each
 * 4 KiB block with Lustre's pattern (its offset and the object id at both
 * ends) and the server checks it; on a read the server stamps the pages and
 * the client checks (after filling them with ECHO_JUNK stamps, so stale
 * pages cannot pass).  A write or read at any offset of any object is thus
 * checked end to end without the server storing data, and interoperates
 * with Lustre's echo client and server.
 */
#ifndef OBDECHO_ECHO_H
#define OBDECHO_ECHO_H

#include <linux/bvec.h>
#include <nacre/obd.h>
#include <nacre/ptlrpc.h>
#include <nacre/lustre_ost_wire.h>

#define ECHO_BLOCK_SIZE		4096U	/* Lustre's OBD_ECHO_BLOCK_SIZE */
#define ECHO_STAMP_LEN		16U	/* offset and object id */
#define ECHO_JUNK		0xdeadbeef00c0ffeeULL

/* pattern.c */
void echo_fill(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset);
/* Stamps no object can have: what a read must overwrite. */
void echo_fill_junk(struct bio_vec *kiov, unsigned int niov);
/* The first byte offset (relative to @offset) that is wrong, or -1. */
s64 echo_check(struct bio_vec *kiov, unsigned int niov, u64 oid, u64 offset);
int echo_pages_alloc(struct bio_vec **kiov, unsigned int nob);
void echo_pages_free(struct bio_vec *kiov, unsigned int nob);

/* echo_srv.c */
extern struct obd_type echo_srv_type;
/* echo_client.c */
extern struct obd_type echo_client_type;

#endif
