/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File identifiers: struct lu_fid (host order, as the wire structures embed
 * it), its little-endian on-disk form, the one hash the object index and
 * the object homes use, and the text form Lustre prints ("[seq:oid:ver]").
 *
 * fid_hash() is part of the disk format (OI bucket and home directory of
 * every object, docs/disk-format.md): it is spelled out here, not taken
 * from <linux/hash.h>, so that it can never change under the files.
 *
 * Pure: compiled into the kernel modules and, through utils/kshim, into
 * user space (tools, unit tests, fuzz harnesses).
 */
#ifndef _NACRE_FID_H
#define _NACRE_FID_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <asm/byteorder.h>

/** struct lu_fid - file identifier [seq:oid:ver], host order. */
struct lu_fid {
	__u64 f_seq;
	__u32 f_oid;
	__u32 f_ver;
};

/** struct lu_fid_le - struct lu_fid as stored on disk (little-endian). */
struct lu_fid_le {
	__le64 f_seq;
	__le32 f_oid;
	__le32 f_ver;
};

static_assert(sizeof(struct lu_fid) == 16, "lu_fid");
static_assert(sizeof(struct lu_fid_le) == 16, "lu_fid_le");

/* Sequences with a meaning of their own (Lustre's values). */
#define FID_SEQ_ECHO		0x2ULL		/* echo objects [2:oid:0] */
#define FID_SEQ_LOCAL_FILE	0x200000001ULL	/* a target's internal files */
#define FID_SEQ_NORMAL		0x200000400ULL	/* first sequence given to clients */

/* printf("... " DFID " ...", PFID(fid)) */
#define DFID "[0x%llx:0x%x:0x%x]"
#define PFID(fid) (unsigned long long)(fid)->f_seq, (fid)->f_oid, (fid)->f_ver
/* The longest DFID text, NUL included: "[0x" 16 ":0x" 8 ":0x" 8 "]". */
#define FID_TEXT_MAX (3 + 16 + 3 + 8 + 3 + 8 + 1 + 1)

static inline void fid_to_le(struct lu_fid_le *dst, const struct lu_fid *src)
{
	dst->f_seq = __cpu_to_le64(src->f_seq);
	dst->f_oid = __cpu_to_le32(src->f_oid);
	dst->f_ver = __cpu_to_le32(src->f_ver);
}

static inline void fid_from_le(struct lu_fid *dst, const struct lu_fid_le *src)
{
	dst->f_seq = __le64_to_cpu(src->f_seq);
	dst->f_oid = __le32_to_cpu(src->f_oid);
	dst->f_ver = __le32_to_cpu(src->f_ver);
}

static inline bool fid_eq(const struct lu_fid *a, const struct lu_fid *b)
{
	return a->f_seq == b->f_seq && a->f_oid == b->f_oid && a->f_ver == b->f_ver;
}

static inline bool fid_is_zero(const struct lu_fid *fid)
{
	return !fid->f_seq && !fid->f_oid && !fid->f_ver;
}

/*
 * fid_is_sane() - whether @fid can name an object: sequence 0 is not used
 * for objects (Lustre's IDIF/MDT0 forms are not stored by Nacre), and
 * neither is an object number of 0 outside the echo sequence.
 */
static inline bool fid_is_sane(const struct lu_fid *fid)
{
	return fid->f_seq != 0 && (fid->f_oid != 0 || fid->f_seq == FID_SEQ_ECHO);
}

static inline bool fid_le_is_zero(const struct lu_fid_le *fid)
{
	return !fid->f_seq && !fid->f_oid && !fid->f_ver;
}

/*
 * The SplitMix64 finaliser: a bijection whose every output bit depends on
 * every input bit.
 */
static inline __u64 fid_mix64(__u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * fid_hash() - the FID's 64-bit hash, part of the disk format.
 *
 * The sequence mixed, the object number and version (one 64-bit word)
 * folded in, mixed again: the low byte (the home directory) and the hash
 * modulo any bucket count are well spread for consecutive object numbers.
 */
static inline __u64 fid_hash(const struct lu_fid *fid)
{
	return fid_mix64(fid_mix64(fid->f_seq) ^ ((__u64)fid->f_ver << 32 | fid->f_oid));
}

#endif /* _NACRE_FID_H */
