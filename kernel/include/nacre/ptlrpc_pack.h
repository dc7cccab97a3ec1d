/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building and checking ptlrpc messages (struct lustre_msg_v2, see
 * nacre/lustre_msg.h for the layout).
 *
 * A received message is passed to lustre_msg_check() before anything reads
 * it; after that the accessors below only look where the check proved there
 * are bytes.  A message the node builds itself is sized with
 * lustre_msg_size(), zeroed, set up with lustre_msg_init(), and filled
 * through the same accessors.
 *
 * Messages are used in place, as host-order structures: Nacre runs on
 * little-endian hosts and does not swab (lustre_msg_check() rejects a
 * byte-swapped sender, see docs/protocol.md).  Message buffers must be
 * 8-byte aligned, as LNet's and kmalloc's buffers are.
 *
 * Pure logic: compiled into ptlrpc.ko and, through utils/kshim, into the
 * user-space unit tests and fuzz harness.
 */
#ifndef _NACRE_PTLRPC_PACK_H
#define _NACRE_PTLRPC_PACK_H

#include <linux/types.h>
#include <nacre/lustre_msg.h>
#include <nacre/lustre_dlm_wire.h>

/* Every buffer, and the header, is padded to a multiple of 8 bytes. */
#define LUSTRE_MSG_ALIGN	8

/**
 * lustre_msg_size_round() - @len rounded up to LUSTRE_MSG_ALIGN
 * @len: buffer length
 *
 * Return: the rounded length, computed in 64 bits so that no 32-bit length
 * can wrap.
 */
static inline __u64 lustre_msg_size_round(__u32 len)
{
	return ((__u64)len + LUSTRE_MSG_ALIGN - 1) & ~(__u64)(LUSTRE_MSG_ALIGN - 1);
}

__u32 lustre_msg_hdr_size(__u32 count);
__u32 lustre_msg_size(__u32 count, const __u32 *lens);
void lustre_msg_init(struct lustre_msg_v2 *m, __u32 count, const __u32 *lens);

void *lustre_msg_buf(struct lustre_msg_v2 *m, __u32 n, __u32 min_size);
__u32 lustre_msg_buflen(const struct lustre_msg_v2 *m, __u32 n);
struct ptlrpc_body *lustre_msg_body(struct lustre_msg_v2 *m);
const char *lustre_msg_string(struct lustre_msg_v2 *m, __u32 n, __u32 max_len);

int lustre_msg_check(const void *buf, __u32 len);
int lustre_msg_check_why(const void *buf, __u32 len, const char **why);

int ldlm_request_check(const struct ldlm_request *rq, __u32 buflen);

const char *ptlrpc_opcode_name(__u32 opc);

#endif /* _NACRE_PTLRPC_PACK_H */
