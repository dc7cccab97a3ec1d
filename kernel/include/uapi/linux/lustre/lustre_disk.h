/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * CONFIGS/mountdata: a server target's identity on its backing file system,
 * in Lustre's layout (struct lustre_disk_data, 12288 bytes), written by
 * mkfs.lustre and tunefs.lustre and read by the target at mount.
 *
 * Every integer is little-endian (Lustre writes host order, the same bytes
 * on x86_64).  Every string is NUL-terminated within its array, the rest of
 * the array zero.  The checks a reader makes are in nacre/ldd.h and
 * docs/disk-format.md.
 */
#ifndef _UAPI_LINUX_LUSTRE_DISK_H
#define _UAPI_LINUX_LUSTRE_DISK_H

#include <linux/types.h>

#define MOUNT_CONFIGS_DIR	"CONFIGS"
#define MOUNT_DATA_FILE		MOUNT_CONFIGS_DIR "/mountdata"

#define LDD_MAGIC		0x1dd00001U

/* ldd_flags */
#define LDD_F_SV_TYPE_MDT	0x0001	/* a metadata target */
#define LDD_F_SV_TYPE_OST	0x0002	/* an object storage target */
#define LDD_F_SV_TYPE_MGS	0x0004	/* the management server */
#define LDD_F_SV_ALL		0x0008	/* the target name has no index (MGS) */
#define LDD_F_NEED_INDEX	0x0010	/* the MGS is to assign the index */
#define LDD_F_VIRGIN		0x0020	/* never mounted ("first_time") */
#define LDD_F_UPDATE		0x0040	/* register with the MGS again */
#define LDD_F_REWRITE_LDD	0x0080	/* rewrite this file at mount */
#define LDD_F_WRITECONF		0x0100	/* regenerate the configuration logs */
#define LDD_F_UPGRADE14		0x0200	/* Lustre 1.4 upgrade (never set) */
#define LDD_F_PARAM		0x0400	/* ldd_params changed: send them */
#define LDD_F_NO_PRIMNODE	0x1000	/* failover.node lists every server */
#define LDD_F_IR_CAPABLE	0x2000	/* imperative recovery */
#define LDD_F_ERROR		0x4000	/* the MGS refused the registration */
#define LDD_F_NO_LOCAL_LOGS	0x8000	/* no local copy of the logs */
#define LDD_F_MASK		0xffff

#define LDD_F_SV_TYPE_MASK	(LDD_F_SV_TYPE_MDT | LDD_F_SV_TYPE_OST | LDD_F_SV_TYPE_MGS)

/* ldd_mount_type: Nacre's ext4 answers to Lustre's ldiskfs names. */
enum ldd_mount_type {
	LDD_MT_EXT3 = 0,
	LDD_MT_LDISKFS = 1,
	LDD_MT_SMFS = 2,
	LDD_MT_REISERFS = 3,
	LDD_MT_LDISKFS2 = 4,
	LDD_MT_ZFS = 5,
	LDD_MT_LAST
};

/* ldd_svindex of a target whose index the MGS has not assigned yet */
#define LDD_INDEX_UNASSIGNED	0xFFFF
#define LDD_INDEX_MAX		0xFFFE

#define LDD_FSNAME_LEN		64	/* the array; a name is 1..LDD_FSNAME_MAX */
#define LDD_FSNAME_MAX		8
#define LDD_SVNAME_LEN		64
#define LDD_UUID_LEN		40
#define LDD_USERDATA_LEN	(1024 - 200)
#define LDD_PADDING_LEN		(4096 - 1024)
#define LDD_MOUNT_OPTS_LEN	4096
#define LDD_PARAM_LEN		4096

/**
 * struct lustre_disk_data - CONFIGS/mountdata
 * @ldd_magic: LDD_MAGIC
 * @ldd_feature_compat: features an old reader may ignore (none defined)
 * @ldd_feature_rocompat: features an old reader may only read (none)
 * @ldd_feature_incompat: features an old reader must refuse (none)
 * @ldd_config_ver: configuration version (unused, 0)
 * @ldd_flags: LDD_F_*
 * @ldd_svindex: target index, LDD_INDEX_UNASSIGNED if none yet
 * @ldd_mount_type: enum ldd_mount_type (LDD_MT_LDISKFS)
 * @ldd_fsname: file system name, "fs00"
 * @ldd_svname: target name, "fs00:OST0001" until it registers with the
 *              MGS, "fs00-OST0001" after; "MGS" for an MGS alone
 * @ldd_uuid: target UUID (empty until the first mount)
 * @ldd_userdata: --comment text
 * @ldd_padding: zero
 * @ldd_mount_opts: options for mounting the backing file system
 * @ldd_params: parameters, blank-separated key=value words
 *              ("mgsnode=10.0.0.1@tcp failover.node=10.0.0.3@tcp")
 */
struct lustre_disk_data {
	__le32 ldd_magic;
	__le32 ldd_feature_compat;
	__le32 ldd_feature_rocompat;
	__le32 ldd_feature_incompat;
	__le32 ldd_config_ver;
	__le32 ldd_flags;
	__le32 ldd_svindex;
	__le32 ldd_mount_type;
	char ldd_fsname[LDD_FSNAME_LEN];
	char ldd_svname[LDD_SVNAME_LEN];
	__u8 ldd_uuid[LDD_UUID_LEN];
	char ldd_userdata[LDD_USERDATA_LEN];
	__u8 ldd_padding[LDD_PADDING_LEN];
	char ldd_mount_opts[LDD_MOUNT_OPTS_LEN];
	char ldd_params[LDD_PARAM_LEN];
};

#endif /* _UAPI_LINUX_LUSTRE_DISK_H */
