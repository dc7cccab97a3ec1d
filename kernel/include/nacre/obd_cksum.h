/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bulk checksums as Lustre negotiates and names them.
 *
 * A connect offers and grants a set of OBD_CKSUM_* bits (ocd_cksum_types,
 * with OBD_CONNECT_CKSUM); each BRW names the one it uses in o_flags
 * (OBD_FL_CKSUM_*), and a request that names none means Adler-32, which is
 * also all a client may use when OBD_CONNECT_CKSUM was not granted.  The
 * values are those Lustre's kernel hashes produce and its o_cksum carries:
 *
 *   OBD_CKSUM_ADLER   Adler-32, started at 1
 *   OBD_CKSUM_CRC32   crc32_le() started at ~0, not inverted at the end
 *   OBD_CKSUM_CRC32C  crc32c() started at ~0, inverted at the end
 *
 *   OBD_CKSUM_T10*    T10-PI guard tags, one per 512-byte or 4 KiB sector
 *                     of each page (the IP checksum or CRC-T10DIF), and
 *                     Adler-32 of the tags' bytes
 *
 * The functions are pure (kernel/ptlrpc/cksum.c, also in the unit tests);
 * ptlrpc_bulk_cksum_type() walks a page vector with them.
 */
#ifndef _NACRE_OBD_CKSUM_H
#define _NACRE_OBD_CKSUM_H

#include <linux/types.h>
#include <nacre/lustre_msg.h>

/* What Nacre computes, and so offers and grants. */
#define NACRE_CKSUM_T10		(OBD_CKSUM_T10IP512 | OBD_CKSUM_T10IP4K | \
				 OBD_CKSUM_T10CRC512 | OBD_CKSUM_T10CRC4K)
#define NACRE_CKSUM_SUPPORTED	(OBD_CKSUM_ADLER | OBD_CKSUM_CRC32 | OBD_CKSUM_CRC32C | \
				 NACRE_CKSUM_T10)

/* The algorithm a request's o_flags names (Adler-32 when none). */
__u32 obd_cksum_type_unpack(__u32 o_flags);
/* The o_flags bits that name @type (one OBD_CKSUM_* bit). */
__u32 obd_cksum_type_pack(__u32 type);
/*
 * The algorithm a client uses among those granted (@types): @preferred if
 * granted, else the best granted one Nacre computes (CRC32C, then CRC32,
 * then Adler-32: the hardware-assisted ones first; the T10-PI kinds only
 * when nothing else is granted), else Adler-32.
 */
__u32 obd_cksum_type_select(__u32 types, __u32 preferred);
/* Lustre's name of @type ("adler", "crc32", "crc32c"...), NULL if none. */
const char *obd_cksum_type_name(__u32 type);

/* The sector of a T10-PI kind (512 or 4096), 0 for the others. */
unsigned int obd_t10_sector_size(__u32 type);

/*
 * Incremental checksum of @type: init, update over each piece, final.  A
 * T10-PI kind cuts its sectors where the page's sector boundaries are:
 * obd_cksum_update_page() gives where @data sits in its page (@off),
 * obd_cksum_update() takes @buf to start one.
 */
__u32 obd_cksum_init(__u32 type);
__u32 obd_cksum_update(__u32 type, __u32 state, const void *buf, size_t len);
__u32 obd_cksum_update_page(__u32 type, __u32 state, const void *data, unsigned int off,
			    unsigned int len);
__u32 obd_cksum_final(__u32 type, __u32 state);
/* One buffer at once. */
__u32 obd_cksum_buf(__u32 type, const void *buf, size_t len);

/* Adler-32 (RFC 1950) continued from @adler (1 to start). */
__u32 obd_adler32(__u32 adler, const void *buf, size_t len);

#endif /* _NACRE_OBD_CKSUM_H */
