/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the lock-manager files of ptlrpc.ko only (ldlm_*.c). */
#ifndef LDLM_INTERNAL_H
#define LDLM_INTERNAL_H

#include <linux/mutex.h>
#include <nacre/ldlm.h>

extern struct workqueue_struct *ldlm_wq;
extern struct mutex ldlm_ns_mutex;		/* ldlm_namespaces, sysfs */
extern struct list_head ldlm_namespaces;

/* ldlm_resource.c */
struct ldlm_resource *ldlm_resource_find(struct ldlm_namespace *ns,
					 const struct ldlm_res_id *name);
struct ldlm_resource *ldlm_resource_get(struct ldlm_namespace *ns,
					const struct ldlm_res_id *name, enum ldlm_type type);
void ldlm_resource_put(struct ldlm_resource *res);
unsigned int ldlm_ns_sweep(struct ldlm_namespace *ns, void *export, bool all);

/* ldlm_lock.c */
/* @lock (a reference taken, or NULL) unless it was destroyed meanwhile
 * (its reference dropped then): what a lookup returns. */
struct ldlm_lock *ldlm_lock_live(struct ldlm_lock *lock);
int ldlm_lock_module_init(void);
void ldlm_lock_module_fini(void);
struct ldlm_lock *ldlm_lock_new(struct ldlm_resource *res, enum ldlm_mode mode,
				const union ldlm_wire_policy_data *policy);
bool ldlm_lock_unlink_locked(struct ldlm_lock *lock);
void ldlm_lock_unhash_put(struct ldlm_lock *lock);
void ldlm_lock_destroy(struct ldlm_lock *lock);
void ldlm_lock_addref_locked(struct ldlm_lock *lock, enum ldlm_mode mode);

/* ldlm_remote.c: the server's resend index */
int ldlm_remote_init(struct ldlm_namespace *ns);
void ldlm_remote_fini(struct ldlm_namespace *ns);
int ldlm_remote_add_locked(struct ldlm_lock *lock);
void ldlm_remote_del_locked(struct ldlm_lock *lock);
struct ldlm_lock *ldlm_remote_find(struct ldlm_namespace *ns, void *export, __u64 handle,
				   unsigned int *probes);

/* ldlm_grant.c: the server's queues and ASTs */
void ldlm_reprocess_locked(struct ldlm_resource *res, struct list_head *cp_work,
			   struct list_head *bl_work);
void ldlm_run_ast_work(struct ldlm_namespace *ns, struct list_head *cp_work,
		       struct list_head *bl_work);

/* ldlm_timeout.c: the server's lock-callback timer */
void ldlm_tmo_add_locked(struct ldlm_lock *lock);
void ldlm_tmo_del(struct ldlm_lock *lock);
void ldlm_tmo_work(struct work_struct *work);

/* ldlm_lru.c: the client's unused locks and cancels */
void ldlm_lru_add_locked(struct ldlm_lock *lock);
void ldlm_lru_del_locked(struct ldlm_lock *lock);
void ldlm_cancel_queue_locked(struct ldlm_lock *lock);
void ldlm_cancel_drain(struct ldlm_namespace *ns);
void ldlm_lru_kick(struct ldlm_namespace *ns);
void ldlm_lru_work(struct work_struct *work);
void ldlm_cancel_work(struct work_struct *work);

/* ldlm_sysfs.c */
extern const struct kobj_type ldlm_ns_ktype;
int ldlm_ns_sysfs_add(struct ldlm_namespace *ns);
void ldlm_ns_sysfs_del(struct ldlm_namespace *ns);

/* ldlm_selftest.c */
void ldlm_selftest_init(void);

#endif
