/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object storage (OST) wire structures, Lustre 2.16 compatible: FIDs and
 * object ids, the obdo attribute block, and the buffers of a bulk read or
 * write (OST_READ/OST_WRITE: ost_body, an obd_ioobj per object, a
 * niobuf_remote per contiguous range).
 *
 * Several obdo fields mean something else in BRW requests (the client's
 * dirty/undirty/dropped grant accounting and the bulk checksum); Lustre
 * names them with #define aliases, Nacre with anonymous unions so the
 * names cannot leak into other code.  Everything is little-endian; sizes
 * and offsets are asserted below.
 */
#ifndef _NACRE_LUSTRE_OST_WIRE_H
#define _NACRE_LUSTRE_OST_WIRE_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
#include <nacre/lustre_msg.h>
#include <nacre/fid.h>

/**
 * struct ost_id - an OST object: a FID, or for objects of the old IDIF/MDT0
 * sequences an (id, seq) pair in the same 16 bytes.
 */
struct ost_id {
	union {
		struct {
			__u64 oi_id;
			__u64 oi_seq;
		} oi;
		struct lu_fid oi_fid;
	};
};

/** struct ost_layout - the file layout an OST object belongs to (packed). */
struct ost_layout {
	__u32 ol_stripe_size;
	__u32 ol_stripe_count;
	__u64 ol_comp_start;
	__u64 ol_comp_end;
	__u32 ol_comp_id;
} __attribute__((packed));

/* Echo objects' ost_id is the FID [FID_SEQ_ECHO:oid:0] (nacre/fid.h). */
/* The first object an echo target creates (Lustre's ECHO_INIT_OID). */
#define ECHO_INIT_OID		0x10000000ULL

/* obdo o_valid */
#define OBD_MD_FLID		0x00000001ULL	/* object id */
#define OBD_MD_FLATIME		0x00000002ULL
#define OBD_MD_FLMTIME		0x00000004ULL
#define OBD_MD_FLCTIME		0x00000008ULL
#define OBD_MD_FLSIZE		0x00000010ULL
#define OBD_MD_FLBLOCKS		0x00000020ULL	/* allocated blocks */
#define OBD_MD_FLBLKSZ		0x00000040ULL	/* block size */
#define OBD_MD_FLMODE		0x00000080ULL	/* mode & ~S_IFMT */
#define OBD_MD_FLTYPE		0x00000100ULL	/* mode & S_IFMT */
#define OBD_MD_FLUID		0x00000200ULL
#define OBD_MD_FLGID		0x00000400ULL
#define OBD_MD_FLFLAGS		0x00000800ULL	/* o_flags */
#define OBD_MD_DOM_SIZE		0x00001000ULL	/* data-on-MDT component size */
#define OBD_MD_FLNLINK		0x00002000ULL
#define OBD_MD_FLPARENT		0x00004000ULL	/* parent FID */
#define OBD_MD_LAYOUT_VERSION	0x00008000ULL	/* o_layout_version */
#define OBD_MD_FLRDEV		0x00010000ULL
#define OBD_MD_FLEASIZE		0x00020000ULL	/* extended attribute data */
#define OBD_MD_LINKNAME		0x00040000ULL	/* symlink target */
#define OBD_MD_FLHANDLE		0x00080000ULL	/* o_handle */
#define OBD_MD_FLCKSUM		0x00100000ULL	/* o_cksum: bulk checksum */
#define OBD_MD_FLPRJQUOTA	0x00400000ULL	/* over project quota */
#define OBD_MD_FLGROUP		0x01000000ULL	/* object sequence */
#define OBD_MD_FLFID		0x02000000ULL	/* parent FID inline */
#define OBD_MD_FLGRANT		0x08000000ULL	/* grant accounting fields */
#define OBD_MD_FLDIREA		0x10000000ULL	/* directory EA */
#define OBD_MD_FLUSRQUOTA	0x20000000ULL	/* over user quota */
#define OBD_MD_FLGRPQUOTA	0x40000000ULL	/* over group quota */
#define OBD_MD_FLMODEASIZE	0x80000000ULL	/* EA size will change */
#define OBD_MD_MDS		0x0000000100000000ULL	/* which MDT an inode is on */
#define OBD_MD_MEA		0x0000000400000000ULL	/* directory stripe EA */
#define OBD_MD_TSTATE		0x0000000800000000ULL	/* transient state */
#define OBD_MD_FLXATTR		0x0000001000000000ULL
#define OBD_MD_FLXATTRLS	0x0000002000000000ULL
#define OBD_MD_FLXATTRRM	0x0000004000000000ULL
#define OBD_MD_FLACL		0x0000008000000000ULL
#define OBD_MD_FLAGSTATFS	0x0000010000000000ULL
#define OBD_MD_FLCROSSREF	0x0000100000000000ULL
#define OBD_MD_FLGETATTRLOCK	0x0000200000000000ULL
#define OBD_MD_FLOBJCOUNT	0x0000400000000000ULL
#define OBD_MD_FLDATAVERSION	0x0010000000000000ULL
#define OBD_MD_CLOSE_INTENT_EXECED 0x0020000000000000ULL
#define OBD_MD_DEFAULT_MEA	0x0040000000000000ULL
#define OBD_MD_FLOSTLAYOUT	0x0080000000000000ULL	/* o_layout valid */
#define OBD_MD_FLPROJID		0x0100000000000000ULL
#define OBD_MD_SECCTX		0x0200000000000000ULL
#define OBD_MD_FLLAZYSIZE	0x0400000000000000ULL
#define OBD_MD_FLLAZYBLOCKS	0x0800000000000000ULL
#define OBD_MD_FLBTIME		0x1000000000000000ULL
#define OBD_MD_ENCCTX		0x2000000000000000ULL
#define OBD_MD_NAMEHASH		0x4000000000000000ULL

/* obdo o_flags */
#define OBD_FL_INLINEDATA	0x00000001
#define OBD_FL_OBDMDEXISTS	0x00000002
#define OBD_FL_DELORPHAN	0x00000004	/* destroy orphans (precreate) */
#define OBD_FL_NORPC		0x00000008
#define OBD_FL_IDONLY		0x00000010
#define OBD_FL_RECREATE_OBJS	0x00000020
#define OBD_FL_DEBUG_CHECK	0x00000040
#define OBD_FL_NO_PRJQUOTA	0x00000080
#define OBD_FL_NO_USRQUOTA	0x00000100
#define OBD_FL_NO_GRPQUOTA	0x00000200
#define OBD_FL_CREATE_CROW	0x00000400
#define OBD_FL_SRVLOCK		0x00000800	/* server takes the lock */
/* the bulk checksum algorithm: a value in the OBD_FL_CKSUM_MASK field */
#define OBD_FL_CKSUM_CRC32	0x00001000
#define OBD_FL_CKSUM_ADLER	0x00002000
#define OBD_FL_CKSUM_CRC32C	0x00004000
#define OBD_FL_CKSUM_T10IP512	0x00005000
#define OBD_FL_CKSUM_T10IP4K	0x00006000
#define OBD_FL_CKSUM_T10CRC512	0x00007000
#define OBD_FL_CKSUM_T10CRC4K	0x00008000
#define OBD_FL_CKSUM_MASK	0x0000f000
#define OBD_FL_CKSUM_RSVD3	0x00010000
#define OBD_FL_SHRINK_GRANT	0x00020000	/* client gives grant back */
#define OBD_FL_MMAP		0x00040000	/* pages from mmap */
#define OBD_FL_RECOV_RESEND	0x00080000	/* resent after recovery */
#define OBD_FL_NOSPC_BLK	0x00100000	/* no space for blocks */
#define OBD_FL_FLUSH		0x00200000	/* flush pages on the OST */
#define OBD_FL_SHORT_IO		0x00400000	/* data inline in the RPC */

/**
 * struct obdo - object attributes (OST RPCs, also MDT-OST)
 *
 * In BRW requests o_blocks carries the client's dirty bytes (o_dirty),
 * o_mode its undirty (o_undirty), o_misc dropped grant (o_dropped),
 * o_data_version used grant (o_grant_used) and o_nlink the bulk checksum
 * (o_cksum, with OBD_MD_FLCKSUM and the algorithm in o_flags).
 */
struct obdo {
	__u64 o_valid;			/* OBD_MD_* */
	struct ost_id o_oi;
	__u64 o_parent_seq;
	__u64 o_size;
	__s64 o_mtime;
	__s64 o_atime;
	__s64 o_ctime;
	union {
		__u64 o_blocks;
		__u64 o_dirty;
	};
	__u64 o_grant;
	__u32 o_blksize;
	union {
		__u32 o_mode;
		__u32 o_undirty;
	};
	__u32 o_uid;
	__u32 o_gid;
	__u32 o_flags;			/* OBD_FL_* */
	union {
		__u32 o_nlink;
		__u32 o_cksum;
	};
	__u32 o_parent_oid;
	union {
		__u32 o_misc;
		__u32 o_dropped;
	};
	__u64 o_ioepoch;
	__u32 o_stripe_idx;
	__u32 o_parent_ver;
	struct lustre_handle o_handle;	/* lock handle (OBD_MD_FLHANDLE) */
	struct ost_layout o_layout;
	__u32 o_layout_version;
	__u32 o_uid_h;
	__u32 o_gid_h;
	union {
		__u64 o_data_version;
		__u64 o_grant_used;
	};
	__u32 o_projid;
	__u32 o_padding_4;
	__u64 o_padding_5;
	__u64 o_padding_6;
};

/** struct ost_body - the body of most OST requests and replies. */
struct ost_body {
	struct obdo oa;
};

/*
 * ioo_max_brw: the number of bulk transfers (LNet MDs) of the RPC, minus
 * one, in the bits above IOOBJ_MAX_BRW_BITS.
 */
#define IOOBJ_MAX_BRW_BITS	16

/** struct obd_ioobj - one object of a BRW and how many niobufs it has. */
struct obd_ioobj {
	struct ost_id ioo_oid;
	__u32 ioo_max_brw;
	__u32 ioo_bufcnt;		/* niobuf_remote entries for this object */
};

/**
 * ioobj_max_brw_get() - the number of bulk transfers an obd_ioobj announces
 * @ioo: received obd_ioobj
 *
 * Return: 1 to 65536.
 */
static inline __u32 ioobj_max_brw_get(const struct obd_ioobj *ioo)
{
	return (ioo->ioo_max_brw >> IOOBJ_MAX_BRW_BITS) + 1;
}

/**
 * ioobj_max_brw_set() - announce @num bulk transfers in @ioo
 * @ioo: obd_ioobj to fill
 * @num: bulk transfers, 1 to 65536
 */
static inline void ioobj_max_brw_set(struct obd_ioobj *ioo, __u32 num)
{
	ioo->ioo_max_brw = (num - 1) << IOOBJ_MAX_BRW_BITS;
}

/* niobuf_remote rnb_flags (and the client's page flags) */
#define OBD_BRW_READ		0x01
#define OBD_BRW_WRITE		0x02
#define OBD_BRW_RWMASK		(OBD_BRW_READ | OBD_BRW_WRITE)
#define OBD_BRW_NDELAY		0x04	/* fail rather than wait for recovery */
#define OBD_BRW_SYNC		0x08	/* commit before the reply */
#define OBD_BRW_CHECK		0x10
#define OBD_BRW_FROM_GRANT	0x20	/* written against client grant */
#define OBD_BRW_GRANTED		0x40	/* server: space granted */
#define OBD_BRW_NOCACHE		0x80	/* uncached I/O */
#define OBD_BRW_NOQUOTA		0x100	/* do not enforce quota */
#define OBD_BRW_SRVLOCK		0x200	/* client holds no lock, server locks */
#define OBD_BRW_ASYNC		0x400	/* server may delay the commit */
#define OBD_BRW_MEMALLOC	0x800	/* client is reclaiming memory */
#define OBD_BRW_OVER_USRQUOTA	0x1000
#define OBD_BRW_OVER_GRPQUOTA	0x2000
#define OBD_BRW_SOFT_SYNC	0x4000	/* client low on unstable pages */
#define OBD_BRW_OVER_PRJQUOTA	0x8000
#define OBD_BRW_RDMA_ONLY	0x20000	/* RPC has RDMA-only pages */
#define OBD_BRW_SYS_RESOURCE	0x40000	/* writer has CAP_SYS_RESOURCE */

/** struct niobuf_remote - one contiguous range of a BRW. */
struct niobuf_remote {
	__u64 rnb_offset;
	__u32 rnb_len;
	__u32 rnb_flags;		/* OBD_BRW_* */
};

/**
 * struct obd_statfs - a target's space and objects (OST_STATFS reply).
 * @os_bsize is the unit of os_blocks/bfree/bavail; os_files/ffree count
 * objects; os_state is OS_STATE_*.
 */
struct obd_statfs {
	__u64 os_type;
	__u64 os_blocks;
	__u64 os_bfree;
	__u64 os_bavail;
	__u64 os_files;
	__u64 os_ffree;
	__u8 os_fsid[40];
	__u32 os_bsize;
	__u32 os_namelen;
	__u64 os_maxbytes;
	__u32 os_state;
	__u32 os_fprecreated;		/* objects precreated for the MDT */
	__u32 os_granted;		/* space granted to the MDT */
	__u32 os_spare3;
	__u32 os_spare4;
	__u32 os_spare5;
	__u32 os_spare6;
	__u32 os_spare7;
	__u32 os_spare8;
	__u32 os_spare9;
};

#define OS_STATE_DEGRADED	0x00000001
#define OS_STATE_READONLY	0x00000002
#define OS_STATE_NOPRECREATE	0x00000004
#define OS_STATE_ENOSPC		0x00000020
#define OS_STATE_ENOINO		0x00000040

/** struct ost_lvb - lock value block of an extent lock (object size/times). */
struct ost_lvb {
	__u64 lvb_size;
	__s64 lvb_mtime;
	__s64 lvb_atime;
	__s64 lvb_ctime;
	__u64 lvb_blocks;
	__u32 lvb_mtime_ns;
	__u32 lvb_atime_ns;
	__u32 lvb_ctime_ns;
	__u32 lvb_padding;
};

static_assert(sizeof(struct ost_id) == 16, "ost_id");
static_assert(offsetof(struct ost_id, oi.oi_seq) == 8, "oi_seq");
static_assert(sizeof(struct ost_layout) == 28, "ost_layout");
static_assert(offsetof(struct ost_layout, ol_comp_start) == 8, "ol_comp_start");
static_assert(offsetof(struct ost_layout, ol_comp_id) == 24, "ol_comp_id");

static_assert(sizeof(struct obdo) == 208, "obdo");
static_assert(offsetof(struct obdo, o_valid) == 0, "o_valid");
static_assert(offsetof(struct obdo, o_oi) == 8, "o_oi");
static_assert(offsetof(struct obdo, o_parent_seq) == 24, "o_parent_seq");
static_assert(offsetof(struct obdo, o_size) == 32, "o_size");
static_assert(offsetof(struct obdo, o_mtime) == 40, "o_mtime");
static_assert(offsetof(struct obdo, o_atime) == 48, "o_atime");
static_assert(offsetof(struct obdo, o_ctime) == 56, "o_ctime");
static_assert(offsetof(struct obdo, o_blocks) == 64, "o_blocks");
static_assert(offsetof(struct obdo, o_dirty) == 64, "o_dirty");
static_assert(offsetof(struct obdo, o_grant) == 72, "o_grant");
static_assert(offsetof(struct obdo, o_blksize) == 80, "o_blksize");
static_assert(offsetof(struct obdo, o_mode) == 84, "o_mode");
static_assert(offsetof(struct obdo, o_undirty) == 84, "o_undirty");
static_assert(offsetof(struct obdo, o_uid) == 88, "o_uid");
static_assert(offsetof(struct obdo, o_gid) == 92, "o_gid");
static_assert(offsetof(struct obdo, o_flags) == 96, "o_flags");
static_assert(offsetof(struct obdo, o_nlink) == 100, "o_nlink");
static_assert(offsetof(struct obdo, o_cksum) == 100, "o_cksum");
static_assert(offsetof(struct obdo, o_parent_oid) == 104, "o_parent_oid");
static_assert(offsetof(struct obdo, o_misc) == 108, "o_misc");
static_assert(offsetof(struct obdo, o_dropped) == 108, "o_dropped");
static_assert(offsetof(struct obdo, o_ioepoch) == 112, "o_ioepoch");
static_assert(offsetof(struct obdo, o_stripe_idx) == 120, "o_stripe_idx");
static_assert(offsetof(struct obdo, o_parent_ver) == 124, "o_parent_ver");
static_assert(offsetof(struct obdo, o_handle) == 128, "o_handle");
static_assert(offsetof(struct obdo, o_layout) == 136, "o_layout");
static_assert(offsetof(struct obdo, o_layout_version) == 164, "o_layout_version");
static_assert(offsetof(struct obdo, o_uid_h) == 168, "o_uid_h");
static_assert(offsetof(struct obdo, o_gid_h) == 172, "o_gid_h");
static_assert(offsetof(struct obdo, o_data_version) == 176, "o_data_version");
static_assert(offsetof(struct obdo, o_grant_used) == 176, "o_grant_used");
static_assert(offsetof(struct obdo, o_projid) == 184, "o_projid");
static_assert(offsetof(struct obdo, o_padding_4) == 188, "o_padding_4");
static_assert(offsetof(struct obdo, o_padding_5) == 192, "o_padding_5");
static_assert(offsetof(struct obdo, o_padding_6) == 200, "o_padding_6");

static_assert(sizeof(struct ost_body) == 208, "ost_body");
static_assert(sizeof(struct obd_ioobj) == 24, "obd_ioobj");
static_assert(offsetof(struct obd_ioobj, ioo_max_brw) == 16, "ioo_max_brw");
static_assert(offsetof(struct obd_ioobj, ioo_bufcnt) == 20, "ioo_bufcnt");
static_assert(sizeof(struct niobuf_remote) == 16, "niobuf_remote");
static_assert(offsetof(struct niobuf_remote, rnb_len) == 8, "rnb_len");
static_assert(offsetof(struct niobuf_remote, rnb_flags) == 12, "rnb_flags");
static_assert(sizeof(struct obd_statfs) == 144, "obd_statfs");
static_assert(offsetof(struct obd_statfs, os_fsid) == 48, "os_fsid");
static_assert(offsetof(struct obd_statfs, os_bsize) == 88, "os_bsize");
static_assert(offsetof(struct obd_statfs, os_namelen) == 92, "os_namelen");
static_assert(offsetof(struct obd_statfs, os_maxbytes) == 96, "os_maxbytes");
static_assert(offsetof(struct obd_statfs, os_state) == 104, "os_state");
static_assert(offsetof(struct obd_statfs, os_fprecreated) == 108, "os_fprecreated");
static_assert(offsetof(struct obd_statfs, os_granted) == 112, "os_granted");
static_assert(offsetof(struct obd_statfs, os_spare9) == 140, "os_spare9");
static_assert(sizeof(struct ost_lvb) == 56, "ost_lvb");
static_assert(offsetof(struct ost_lvb, lvb_blocks) == 32, "lvb_blocks");
static_assert(offsetof(struct ost_lvb, lvb_mtime_ns) == 40, "lvb_mtime_ns");

#endif /* _NACRE_LUSTRE_OST_WIRE_H */
