// SPDX-License-Identifier: GPL-2.0
/*
 * ptlrpc.ko: the RPC engine and the lock manager.  Global tunables live at
 * the top of the parameter tree as Lustre's (lctl get_param timeout,
 * at_min, at_max, at_history, ping_interval); the engine's own state under
 * ptlrpc/ (services, live object counts for leak checks).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <nacre/obd.h>
#include <nacre/obd_stats.h>
#include <nacre/ldlm.h>
#include <nacre/obd_attr.h>
#include "ptlrpc_internal.h"

unsigned int obd_timeout = 100;
module_param(obd_timeout, uint, 0644);
MODULE_PARM_DESC(obd_timeout, "RPC timeout base in seconds (lctl's \"timeout\")");
unsigned int ping_interval;
module_param(ping_interval, uint, 0644);
MODULE_PARM_DESC(ping_interval, "seconds between pings of an idle connection (0: timeout/4)");
unsigned int at_min;
module_param(at_min, uint, 0644);
MODULE_PARM_DESC(at_min, "adaptive timeout floor, s");
unsigned int at_max = 600;
module_param(at_max, uint, 0644);
MODULE_PARM_DESC(at_max, "adaptive timeout ceiling, s");
unsigned int at_history = 600;
module_param(at_history, uint, 0644);
MODULE_PARM_DESC(at_history, "seconds of service-time history kept");
EXPORT_SYMBOL(obd_timeout);

struct kobject *ptlrpc_kobj;
struct kobject *ptlrpc_services_kobj;
struct dentry *ptlrpc_debugfs;
struct dentry *ptlrpc_services_debugfs;
struct workqueue_struct *ptlrpc_wq;
/* Exports per target: a peer cannot grow a server without bound by
 * connecting under ever new client UUIDs. */
unsigned int max_exports = 8192;
module_param(max_exports, uint, 0644);
MODULE_PARM_DESC(max_exports, "most clients connected to one target; more connects get -EUSERS");

atomic_t ptlrpc_nreqs = ATOMIC_INIT(0);
atomic_t ptlrpc_nexports = ATOMIC_INIT(0);

/* --- per-opcode statistics slots ----------------------------------------- */

static const u32 counted_opcodes[] = {
	OST_READ, OST_WRITE, OST_CONNECT, OST_DISCONNECT, OST_GETATTR, OST_SETATTR,
	OST_CREATE, OST_DESTROY, OST_PUNCH, OST_STATFS, OST_SYNC,
	MDS_CONNECT, MDS_DISCONNECT, MDS_GETATTR, MDS_REINT, MDS_CLOSE, MDS_READPAGE,
	MDS_GET_ROOT, MDS_STATFS,
	LDLM_ENQUEUE, LDLM_CONVERT, LDLM_CANCEL, LDLM_BL_CALLBACK, LDLM_CP_CALLBACK,
	LDLM_GL_CALLBACK,
	MGS_CONNECT, MGS_DISCONNECT, MGS_TARGET_REG, MGS_CONFIG_READ,
	OBD_PING, SEQ_QUERY,
};
static_assert(ARRAY_SIZE(counted_opcodes) <= PTLRPC_STAT_OPC_MAX);

int ptlrpc_opcode_slot(u32 opc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counted_opcodes); i++)
		if (counted_opcodes[i] == opc)
			return i;
	return -1;
}

/* An import's counters: req_waittime, timeouts, resends, bulk bytes, then
 * one per counted opcode (round trip, usec). */
struct obd_stats *ptlrpc_stats_new(void)
{
	struct obd_stats *s = obd_stats_alloc(PTLRPC_STAT_OPC_BASE + PTLRPC_STAT_OPC_MAX);
	unsigned int i;

	if (IS_ERR_OR_NULL(s))
		return ERR_PTR(-ENOMEM);
	obd_stats_init_counter(s, PTLRPC_STAT_WAITTIME, "req_waittime", "usec");
	obd_stats_init_counter(s, PTLRPC_STAT_TIMEOUTS, "req_timeouts", "reqs");
	obd_stats_init_counter(s, PTLRPC_STAT_RESENDS, "req_resends", "reqs");
	obd_stats_init_counter(s, PTLRPC_STAT_BULK_READ, "read_bytes", "bytes");
	obd_stats_init_counter(s, PTLRPC_STAT_BULK_WRITE, "write_bytes", "bytes");
	for (i = 0; i < ARRAY_SIZE(counted_opcodes); i++)
		obd_stats_init_counter(s, PTLRPC_STAT_OPC_BASE + i,
				       ptlrpc_opcode_name(counted_opcodes[i]), "usec");
	return s;
}
EXPORT_SYMBOL(ptlrpc_stats_new);

/* --- parameters ------------------------------------------------------------ */

/* /sys/fs/lustre/<name> (lctl's top-level parameters). */
OBD_ATTR_GLOBAL_RW(timeout, obd_timeout, 1, 3600);
OBD_ATTR_GLOBAL_RW(ping_interval, ping_interval, 0, 3600);
OBD_ATTR_GLOBAL_RW(at_min, at_min, 0, 3600);
OBD_ATTR_GLOBAL_RW(at_max, at_max, 0, 3600);
OBD_ATTR_GLOBAL_RW(at_history, at_history, 4, 86400);
OBD_ATTR_GLOBAL_RW(max_exports, max_exports, 1, 1U << 20);

static struct attribute *top_attrs[] = {
	OBD_ATTR_PTR(timeout), OBD_ATTR_PTR(ping_interval), OBD_ATTR_PTR(at_min),
	OBD_ATTR_PTR(at_max), OBD_ATTR_PTR(at_history), OBD_ATTR_PTR(max_exports), NULL,
};
static const struct attribute_group top_group = { .attrs = top_attrs };

/* /sys/fs/lustre/ptlrpc/: leak counters. */
OBD_ATTR_GLOBAL_RO(live_requests, ptlrpc_nreqs);
OBD_ATTR_GLOBAL_RO(live_exports, ptlrpc_nexports);

static struct attribute *ptlrpc_attrs[] = {
	OBD_ATTR_PTR(live_requests), OBD_ATTR_PTR(live_exports), NULL,
};
static const struct attribute_group ptlrpc_group = { .attrs = ptlrpc_attrs };

static int __init ptlrpc_init(void)
{
	int rc;

	ptlrpc_wq = alloc_workqueue("ptlrpc", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!ptlrpc_wq)
		return -ENOMEM;
	rc = sysfs_create_group(&lustre_kset->kobj, &top_group);
	if (rc)
		goto fail_wq;
	ptlrpc_kobj = kobject_create_and_add("ptlrpc", &lustre_kset->kobj);
	if (!ptlrpc_kobj) {
		rc = -ENOMEM;
		goto fail_top;
	}
	rc = sysfs_create_group(ptlrpc_kobj, &ptlrpc_group);
	if (rc)
		goto fail_kobj;
	ptlrpc_services_kobj = kobject_create_and_add("services", ptlrpc_kobj);
	if (!ptlrpc_services_kobj) {
		rc = -ENOMEM;
		goto fail_group;
	}
	if (!IS_ERR_OR_NULL(lustre_debugfs_root)) {
		ptlrpc_debugfs = debugfs_create_dir("ptlrpc", lustre_debugfs_root);
		ptlrpc_services_debugfs = debugfs_create_dir("services", ptlrpc_debugfs);
	}
	rc = ldlm_init();
	if (rc)
		goto fail_services;
	ptlrpc_pinger_init();
	ptlrpc_evictor_init();
	return 0;

fail_services:
	debugfs_remove_recursive(ptlrpc_debugfs);
	kobject_put(ptlrpc_services_kobj);
fail_group:
	sysfs_remove_group(ptlrpc_kobj, &ptlrpc_group);
fail_kobj:
	kobject_put(ptlrpc_kobj);
fail_top:
	sysfs_remove_group(&lustre_kset->kobj, &top_group);
fail_wq:
	destroy_workqueue(ptlrpc_wq);
	return rc;
}

static void __exit ptlrpc_exit(void)
{
	ptlrpc_evictor_fini();
	ptlrpc_pinger_fini();
	ldlm_fini();
	flush_workqueue(ptlrpc_wq);
	WARN(atomic_read(&ptlrpc_nreqs), "ptlrpc: %d requests leaked\n",
	     atomic_read(&ptlrpc_nreqs));
	WARN(atomic_read(&ptlrpc_nexports), "ptlrpc: %d exports leaked\n",
	     atomic_read(&ptlrpc_nexports));
	debugfs_remove_recursive(ptlrpc_debugfs);
	kobject_put(ptlrpc_services_kobj);
	sysfs_remove_group(ptlrpc_kobj, &ptlrpc_group);
	kobject_put(ptlrpc_kobj);
	sysfs_remove_group(&lustre_kset->kobj, &top_group);
	destroy_workqueue(ptlrpc_wq);
}

module_init(ptlrpc_init);
module_exit(ptlrpc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Nacre RPC engine and distributed lock manager (Lustre ptlrpc/ldlm)");
MODULE_SOFTDEP("pre: lnet obdclass");
