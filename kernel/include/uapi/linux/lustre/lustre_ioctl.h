/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ioctls of /dev/obd, the Lustre device registry (obdclass.ko), used by lctl.
 *
 * Plain _IOR/_IOW/_IOWR commands on fixed-width structures (no version
 * fields: a changed layout gets a new number).  Strings are NUL-terminated
 * within their arrays; the kernel refuses one that is not (-EINVAL).
 * Commands that name a device take its name or its decimal index.
 * Unknown commands: -ENOTTY.
 */
#ifndef _UAPI_LINUX_LUSTRE_IOCTL_H
#define _UAPI_LINUX_LUSTRE_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define OBD_DEV_PATH		"/dev/obd"
#define OBD_IOC_MAGIC		'f'

#define OBD_TYPE_LEN		32
#define OBD_NAME_LEN		128
#define OBD_UUID_LEN		40	/* Lustre's UUID_MAX, NUL included */
#define OBD_ARGS_LEN		512

/*
 * OBD_IOC_DEVICE_GET: the device with the smallest index >= @index (in), or
 * -ENOENT when there is none; lctl dl walks the registry with it.
 * @state: "AT" attached, "UP" set up, "ST" stopping.
 */
struct obd_ioc_device {
	__u32 index;
	__u32 refcount;
	char state[8];
	char type[OBD_TYPE_LEN];
	char name[OBD_NAME_LEN];
	char uuid[OBD_UUID_LEN];
};

/* OBD_IOC_ATTACH: a new device of a registered type (module loaded on
 * demand); -EEXIST for a name or uuid in use, -ENODEV for an unknown type.
 * An empty @uuid means "<name>_UUID".
 */
struct obd_ioc_attach {
	char type[OBD_TYPE_LEN];
	char name[OBD_NAME_LEN];
	char uuid[OBD_UUID_LEN];
};

/* OBD_IOC_SETUP: hand the device's type its setup arguments (words
 * separated by spaces, meaning type-specific); the device goes UP. */
struct obd_ioc_setup {
	char name[OBD_NAME_LEN];
	char args[OBD_ARGS_LEN];
};

/* OBD_IOC_CLEANUP, OBD_IOC_DETACH: take a device down (-EBUSY while it is
 * in use unless @force), then remove it. */
struct obd_ioc_name {
	char name[OBD_NAME_LEN];
	__u32 force;
	__u32 padding;
};

/* OBD_IOC_DK: copy the kernel debug log (oldest line first) into @buf
 * (@len bytes); @out_len is what was copied, @lost the lines overwritten
 * since the last clear.  OBD_DK_CLEAR empties the log after copying. */
#define OBD_DK_CLEAR		0x1
/* The range of obdclass's dlog_size_kb parameter, the log's size in KiB:
 * what a whole copy of the log needs at most. */
#define OBD_DLOG_MIN_KB		64
#define OBD_DLOG_MAX_KB		65536
struct obd_ioc_dk {
	__u64 buf;
	__u32 len;
	__u32 flags;
	__u32 out_len;
	__u32 lost;
};

/*
 * OBD_IOC_ECHO_TEST: an echo_client device runs @count RPCs, @concurrency
 * at a time, against its echo target.  @op: ECHO_OP_PING (no bulk),
 * ECHO_OP_WRITE or ECHO_OP_READ with @size bytes of bulk each (1 to
 * ECHO_MAX_SIZE), at offsets @offset, @offset + @size, ... of object @oid;
 * @concurrency is 1 to ECHO_MAX_CONCURRENCY.
 * ECHO_FL_VERIFY fills (write) or checks (read) Lustre's OBD_FL_DEBUG_CHECK
 * pattern (offset and object id at both ends of each 4 KiB block), on both
 * sides; ECHO_FL_CKSUM adds a bulk checksum, of algorithm @cksum_type (one
 * OBD_CKSUM_* bit, which the connect must have granted; 0: the best one
 * granted).  ECHO_FL_FAIL_CKSUM (fault injection) sends each write first
 * with a wrong checksum: the server answers -EAGAIN and the client resends.
 * Out: @done RPCs that succeeded, @errors, @first_error (-errno), @bytes of
 * bulk moved, @usec wall time, latency min/avg/max in microseconds.
 */
#define ECHO_OP_PING		0
#define ECHO_OP_WRITE		1
#define ECHO_OP_READ		2
#define ECHO_FL_VERIFY		0x1
#define ECHO_FL_CKSUM		0x2
#define ECHO_FL_FAIL_CKSUM	0x4
#define ECHO_MAX_SIZE		(4U << 20)	/* an RPC's largest bulk */
#define ECHO_MAX_CONCURRENCY	256
struct obd_ioc_echo {
	char name[OBD_NAME_LEN];
	__u32 op;
	__u32 flags;
	__u32 size;
	__u32 concurrency;
	__u64 count;
	__u64 oid;
	__u64 offset;
	__u64 done;
	__u64 errors;
	__s32 first_error;
	__u32 cksum_type;
	__u64 bytes;
	__u64 usec;
	__u64 lat_min_us;
	__u64 lat_avg_us;
	__u64 lat_max_us;
};

/*
 * OBD_IOC_ECHO_LOCK: an echo_client device takes (ECHO_LOCK_ENQUEUE) or
 * releases (ECHO_LOCK_CANCEL, by @cookie) an extent lock on object @oid of
 * its echo target, through the lock manager.  An enqueue waits until the
 * lock is granted (or the call is interrupted); the lock is then held (in
 * use: a blocking callback waits for its release) until cancelled or the
 * device is cleaned up.  @mode is a Lustre lock mode (LCK_EX 1, LCK_PW 2,
 * LCK_PR 4, LCK_CW 8, LCK_CR 16).  Out: @cookie, the extent granted
 * (servers grow extents), @wait_usec the time to the grant.
 */
#define ECHO_LOCK_ENQUEUE	0
#define ECHO_LOCK_CANCEL	1
struct obd_ioc_echo_lock {
	char name[OBD_NAME_LEN];
	__u32 op;
	__u32 mode;
	__u64 oid;
	__u64 start;
	__u64 end;
	__u64 cookie;
	__u64 granted_start;
	__u64 granted_end;
	__u64 wait_usec;
};

/*
 * OBD_IOC_ECHO_MD: an echo_client device runs one object RPC against its
 * echo target.  @cmd ECHO_MD_CREATE (OST_CREATE: the server picks the
 * object, @oid out, with @mode and, per @valid, @uid/@gid), ECHO_MD_DESTROY
 * (OST_DESTROY of @oid), ECHO_MD_GETATTR (OST_GETATTR of @oid: the
 * attributes out, @valid the OBD_MD_* bits that came), ECHO_MD_SETATTR
 * (OST_SETATTR of @oid: the attributes named by @valid), ECHO_MD_STATFS
 * (OST_STATFS on the create portal: the os_* fields out).
 */
#define ECHO_MD_CREATE		0
#define ECHO_MD_DESTROY		1
#define ECHO_MD_GETATTR		2
#define ECHO_MD_SETATTR		3
#define ECHO_MD_STATFS		4
struct obd_ioc_echo_md {
	char name[OBD_NAME_LEN];
	__u32 cmd;
	__u32 padding;
	__u64 oid;
	__u64 valid;
	__u64 size;
	__u64 blocks;
	__s64 mtime;
	__s64 atime;
	__s64 ctime;
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 projid;
	__u64 os_blocks;
	__u64 os_bfree;
	__u64 os_bavail;
	__u64 os_files;
	__u64 os_ffree;
	__u64 os_maxbytes;
	__u32 os_bsize;
	__u32 os_namelen;
};

#define OBD_IOC_DEVICE_GET	_IOWR(OBD_IOC_MAGIC, 1, struct obd_ioc_device)
#define OBD_IOC_ATTACH		_IOW(OBD_IOC_MAGIC, 2, struct obd_ioc_attach)
#define OBD_IOC_SETUP		_IOW(OBD_IOC_MAGIC, 3, struct obd_ioc_setup)
#define OBD_IOC_CLEANUP		_IOW(OBD_IOC_MAGIC, 4, struct obd_ioc_name)
#define OBD_IOC_DETACH		_IOW(OBD_IOC_MAGIC, 5, struct obd_ioc_name)
#define OBD_IOC_DK		_IOWR(OBD_IOC_MAGIC, 6, struct obd_ioc_dk)
#define OBD_IOC_ECHO_TEST	_IOWR(OBD_IOC_MAGIC, 7, struct obd_ioc_echo)
#define OBD_IOC_ECHO_LOCK	_IOWR(OBD_IOC_MAGIC, 8, struct obd_ioc_echo_lock)
#define OBD_IOC_ECHO_MD		_IOWR(OBD_IOC_MAGIC, 9, struct obd_ioc_echo_md)

#endif /* _UAPI_LINUX_LUSTRE_IOCTL_H */
