// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces and resources, and the lock manager's module state.
 *
 * A namespace keeps its resources in an rhashtable keyed by the 4-word
 * name.  Lookups run under RCU and take a reference with
 * refcount_inc_not_zero(), so a resource whose last lock just went (count
 * 0, about to leave the table) is never revived: a creator that meets one
 * waits for it to leave and inserts a new one.  Each resource holds a
 * namespace reference; ldlm_namespace_free() destroys every lock, drops the
 * namespace's own reference and waits for the last resource to go, which is
 * when the last lock reference held anywhere else has been dropped.
 *
 * Sweeping (eviction, teardown) walks the table in rounds: each round
 * destroys up to SWEEP_BATCH locks under their resources' locks, then runs
 * the ASTs the reprocessing produced and drops the destroyed locks outside
 * of the walk.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "ldlm_internal.h"

#define SWEEP_BATCH	32

struct workqueue_struct *ldlm_wq;
DEFINE_MUTEX(ldlm_ns_mutex);
LIST_HEAD(ldlm_namespaces);
atomic_t ldlm_nr_resources = ATOMIC_INIT(0);

static const struct rhashtable_params res_params = {
	.key_len = sizeof(struct ldlm_res_id),
	.key_offset = offsetof(struct ldlm_resource, name),
	.head_offset = offsetof(struct ldlm_resource, hash),
	.automatic_shrinking = true,
};

static void ns_put(struct ldlm_namespace *ns)
{
	if (refcount_dec_and_test(&ns->refs))
		complete(&ns->gone);
}

/* --- resources --------------------------------------------------------------- */

/* The resource named @name with a reference, or NULL. */
struct ldlm_resource *ldlm_resource_find(struct ldlm_namespace *ns,
					 const struct ldlm_res_id *name)
{
	struct ldlm_resource *res;

	rcu_read_lock();
	res = rhashtable_lookup(&ns->res_hash, name, res_params);
	if (res && !refcount_inc_not_zero(&res->refs))
		res = NULL;
	rcu_read_unlock();
	return res;
}

static struct ldlm_resource *res_alloc(struct ldlm_namespace *ns,
				       const struct ldlm_res_id *name, enum ldlm_type type)
{
	struct ldlm_resource *res = kzalloc(sizeof(*res), GFP_NOFS);

	if (!res)
		return NULL;
	res->ns = ns;
	res->name = *name;
	res->type = type;
	spin_lock_init(&res->lock);
	INIT_LIST_HEAD(&res->granted);
	INIT_LIST_HEAD(&res->waiting);
	refcount_set(&res->refs, 1);
	return res;
}

/* Insert @fresh, or take a reference on the live resource of its name.
 * Return: the resource, NULL while a dying one of that name is still in
 * the table, or an ERR_PTR.
 */
static struct ldlm_resource *res_insert(struct ldlm_namespace *ns, struct ldlm_resource *fresh)
{
	struct ldlm_resource *old;

	rcu_read_lock();
	old = rhashtable_lookup_get_insert_fast(&ns->res_hash, &fresh->hash, res_params);
	if (!old) {
		refcount_inc(&ns->refs);
		atomic_inc(&ns->nr_resources);
		atomic_inc(&ldlm_nr_resources);
		old = fresh;
	} else if (!IS_ERR(old) && !refcount_inc_not_zero(&old->refs)) {
		old = NULL;
	}
	rcu_read_unlock();
	return old;
}

/**
 * ldlm_resource_get() - the resource named @name, created when new.
 * @ns: the namespace
 * @name: resource name
 * @type: the type the caller's lock has
 *
 * Return: the resource with a reference; ERR_PTR(-EINVAL) when it exists
 * with another type, -ESHUTDOWN when @ns is being freed, -ENOMEM.
 */
struct ldlm_resource *ldlm_resource_get(struct ldlm_namespace *ns,
					const struct ldlm_res_id *name, enum ldlm_type type)
{
	struct ldlm_resource *res, *fresh = NULL;

	for (;;) {
		if (READ_ONCE(ns->stopping)) {
			res = ERR_PTR(-ESHUTDOWN);
			break;
		}
		res = ldlm_resource_find(ns, name);
		if (res)
			break;
		if (!fresh) {
			fresh = res_alloc(ns, name, type);
			if (!fresh)
				return ERR_PTR(-ENOMEM);
		}
		res = res_insert(ns, fresh);
		if (res == fresh)
			fresh = NULL;
		if (res)
			break;
		/* A dying resource of that name: its last put removes it. */
		cond_resched();
	}
	kfree(fresh);
	if (!IS_ERR(res) && res->type != type) {
		ldlm_resource_put(res);
		return ERR_PTR(-EINVAL);
	}
	return res;
}

void ldlm_resource_put(struct ldlm_resource *res)
{
	struct ldlm_namespace *ns = res->ns;

	if (!refcount_dec_and_test(&res->refs))
		return;
	WARN_ON_ONCE(!list_empty(&res->granted) || !list_empty(&res->waiting));
	rhashtable_remove_fast(&ns->res_hash, &res->hash, res_params);
	atomic_dec(&ns->nr_resources);
	atomic_dec(&ldlm_nr_resources);
	kfree_rcu(res, rcu);
	ns_put(ns);
}

/* --- sweeping ----------------------------------------------------------------- */

static unsigned int sweep_queue(struct list_head *queue, void *export, bool all,
				struct ldlm_lock **locks, unsigned int max)
{
	struct ldlm_lock *lock, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(lock, tmp, queue, res_link) {
		if (n == max)
			break;
		if (!all && lock->export != export)
			continue;
		if (ldlm_lock_unlink_locked(lock))
			locks[n++] = lock;
	}
	return n;
}

/* One walk over the table: destroy up to SWEEP_BATCH matching locks. */
static unsigned int sweep_round(struct ldlm_namespace *ns, void *export, bool all,
				struct ldlm_lock **locks, struct list_head *cp_work,
				struct list_head *bl_work)
{
	bool reprocess = !all && ns->side == LDLM_NAMESPACE_SERVER;
	struct rhashtable_iter iter;
	struct ldlm_resource *res;
	unsigned int n = 0, got;

	rhashtable_walk_enter(&ns->res_hash, &iter);
	rhashtable_walk_start(&iter);
	while (n < SWEEP_BATCH && (res = rhashtable_walk_next(&iter))) {
		if (IS_ERR(res)) {
			if (PTR_ERR(res) == -EAGAIN)
				continue;	/* resized: some may come twice */
			break;
		}
		spin_lock(&res->lock);
		got = sweep_queue(&res->waiting, export, all, locks + n, SWEEP_BATCH - n);
		got += sweep_queue(&res->granted, export, all, locks + n + got,
				   SWEEP_BATCH - n - got);
		if (got && reprocess)
			ldlm_reprocess_locked(res, cp_work, bl_work);
		spin_unlock(&res->lock);
		n += got;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}

/**
 * ldlm_ns_sweep() - destroy the locks of @export (every lock if @all).
 * @ns: the namespace
 * @export: whose locks (ignored when @all)
 * @all: every lock, without reprocessing (teardown)
 *
 * Without @all, on a server, the waiting locks the destroyed ones blocked
 * are granted (completion ASTs) and new conflicts called back.  No op is
 * called for the destroyed locks themselves.
 *
 * Return: how many locks were destroyed.
 */
unsigned int ldlm_ns_sweep(struct ldlm_namespace *ns, void *export, bool all)
{
	struct ldlm_lock *locks[SWEEP_BATCH];
	unsigned int total = 0, n, i;

	do {
		LIST_HEAD(cp_work);
		LIST_HEAD(bl_work);

		n = sweep_round(ns, export, all, locks, &cp_work, &bl_work);
		ldlm_run_ast_work(ns, &cp_work, &bl_work);
		for (i = 0; i < n; i++)
			ldlm_lock_unhash_put(locks[i]);
		total += n;
		cond_resched();
	} while (n);
	return total;
}

/* --- namespaces --------------------------------------------------------------- */

static bool ns_name_ok(const char *name)
{
	size_t len = strnlen(name, LDLM_NS_NAME_MAX);

	return len && len < LDLM_NS_NAME_MAX && !strchr(name, '/');
}

static struct ldlm_namespace *ns_find_locked(const char *name)
{
	struct ldlm_namespace *ns;

	lockdep_assert_held(&ldlm_ns_mutex);
	list_for_each_entry(ns, &ldlm_namespaces, list)
		if (!strcmp(ns->name, name))
			return ns;
	return NULL;
}

/**
 * ldlm_namespace_new() - create a lock namespace.
 * @name: unique name (no '/', shorter than LDLM_NS_NAME_MAX), also the
 *	directory /sys/fs/lustre/ldlm/namespaces/<name>
 * @side: LDLM_NAMESPACE_SERVER or LDLM_NAMESPACE_CLIENT
 * @ops: the glue's callbacks (kept, not copied)
 * @owner: the glue's, stored in &ldlm_namespace.owner
 *
 * Context: process context, may sleep.
 * Return: the namespace; ERR_PTR(-EINVAL) for a bad name, side or ops,
 * -EEXIST when the name is taken, -ENOMEM.
 */
struct ldlm_namespace *ldlm_namespace_new(const char *name, enum ldlm_side side,
					  const struct ldlm_ns_ops *ops, void *owner)
{
	struct ldlm_namespace *ns;
	int rc;

	if (!name || !ns_name_ok(name) || !ops ||
	    (side != LDLM_NAMESPACE_SERVER && side != LDLM_NAMESPACE_CLIENT))
		return ERR_PTR(-EINVAL);
	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	strscpy(ns->name, name, sizeof(ns->name));
	ns->side = side;
	ns->ops = ops;
	ns->owner = owner;
	ns->lru_size = LDLM_DEFAULT_LRU_SIZE;
	ns->lru_max_age = LDLM_DEFAULT_LRU_MAX_AGE;
	ns->lock_timeout = LDLM_DEFAULT_LOCK_TIMEOUT;
	refcount_set(&ns->refs, 1);
	init_completion(&ns->gone);
	init_waitqueue_head(&ns->waitq);
	INIT_LIST_HEAD(&ns->list);
	spin_lock_init(&ns->lru_lock);
	INIT_LIST_HEAD(&ns->lru);
	INIT_LIST_HEAD(&ns->cancel_list);
	INIT_DELAYED_WORK(&ns->lru_work, ldlm_lru_work);
	INIT_WORK(&ns->cancel_work, ldlm_cancel_work);
	spin_lock_init(&ns->tmo_lock);
	INIT_LIST_HEAD(&ns->tmo_list);
	INIT_DELAYED_WORK(&ns->tmo_work, ldlm_tmo_work);
	init_completion(&ns->kobj_gone);
	kobject_init(&ns->kobj, &ldlm_ns_ktype);

	rc = rhashtable_init(&ns->res_hash, &res_params);
	if (rc)
		goto out_kobj;
	if (side == LDLM_NAMESPACE_SERVER) {
		rc = ldlm_remote_init(ns);
		if (rc)
			goto out_hash;
	}
	mutex_lock(&ldlm_ns_mutex);
	rc = ns_find_locked(name) ? -EEXIST : ldlm_ns_sysfs_add(ns);
	if (!rc)
		list_add_tail(&ns->list, &ldlm_namespaces);
	mutex_unlock(&ldlm_ns_mutex);
	if (rc)
		goto out_remote;
	return ns;

out_remote:
	if (side == LDLM_NAMESPACE_SERVER)
		ldlm_remote_fini(ns);
out_hash:
	rhashtable_destroy(&ns->res_hash);
out_kobj:
	kobject_put(&ns->kobj);
	wait_for_completion(&ns->kobj_gone);
	kfree(ns);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL(ldlm_namespace_new);

/**
 * ldlm_namespace_free() - destroy every lock of @ns and free it.
 * @ns: the namespace (NULL is ignored)
 *
 * No op is called: a server's locks are dropped without callbacks, a
 * client's without CANCELs (the glue has disconnected).  The caller must
 * have stopped making new locks in @ns; locks it still holds references
 * on are destroyed, and the call waits (warning every 30 s) until those
 * references are dropped.
 *
 * Context: process context, may sleep.
 */
void ldlm_namespace_free(struct ldlm_namespace *ns)
{
	unsigned int n;

	if (!ns)
		return;
	/* After this no sysfs store runs, so nothing pokes the work items. */
	mutex_lock(&ldlm_ns_mutex);
	list_del_init(&ns->list);
	ldlm_ns_sysfs_del(ns);
	mutex_unlock(&ldlm_ns_mutex);

	/* Each work item (re)queues only under the lock that guards stopping
	 * and checks it there, so after these cancels none runs again.
	 */
	spin_lock(&ns->lru_lock);
	WRITE_ONCE(ns->stopping, true);
	spin_unlock(&ns->lru_lock);
	spin_lock(&ns->tmo_lock);
	WRITE_ONCE(ns->stopping, true);
	spin_unlock(&ns->tmo_lock);
	cancel_delayed_work_sync(&ns->tmo_work);
	cancel_delayed_work_sync(&ns->lru_work);
	cancel_work_sync(&ns->cancel_work);

	n = ldlm_ns_sweep(ns, NULL, true);
	ldlm_cancel_drain(ns);
	if (n)
		pr_debug("namespace %s: %u locks dropped\n", ns->name, n);

	ns_put(ns);
	while (!wait_for_completion_timeout(&ns->gone, 30 * HZ))
		pr_warn("namespace %s: %d locks on %d resources still referenced\n",
			ns->name, atomic_read(&ns->nr_locks), atomic_read(&ns->nr_resources));
	if (ns->side == LDLM_NAMESPACE_SERVER)
		ldlm_remote_fini(ns);
	rhashtable_destroy(&ns->res_hash);
	kobject_put(&ns->kobj);
	wait_for_completion(&ns->kobj_gone);
	kfree(ns);
}
EXPORT_SYMBOL(ldlm_namespace_free);

/* --- module --------------------------------------------------------------------- */

/**
 * ldlm_init() - set up the lock manager and its sysfs tree (ptlrpc module
 * init, after /sys/fs/lustre exists).  Runs the self-test when the module
 * parameter ldlm_selftest=1 was given.
 *
 * Return: 0 or -ENOMEM.
 */
int ldlm_init(void)
{
	int rc;

	ldlm_wq = alloc_workqueue("ldlm", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!ldlm_wq)
		return -ENOMEM;
	rc = ldlm_lock_module_init();
	if (rc)
		goto out_wq;
	rc = ldlm_sysfs_init();
	if (rc)
		goto out_lock;
	ldlm_selftest_init();
	return 0;

out_lock:
	ldlm_lock_module_fini();
out_wq:
	destroy_workqueue(ldlm_wq);
	return rc;
}

/**
 * ldlm_fini() - tear the lock manager down (ptlrpc module exit).  Warns
 * about namespaces, locks or resources left.
 */
void ldlm_fini(void)
{
	ldlm_sysfs_fini();
	mutex_lock(&ldlm_ns_mutex);
	WARN(!list_empty(&ldlm_namespaces), "ldlm: namespaces left at exit\n");
	mutex_unlock(&ldlm_ns_mutex);
	WARN(atomic_read(&ldlm_nr_locks) || atomic_read(&ldlm_nr_resources),
	     "ldlm: %d locks and %d resources leaked\n",
	     atomic_read(&ldlm_nr_locks), atomic_read(&ldlm_nr_resources));
	destroy_workqueue(ldlm_wq);
	ldlm_lock_module_fini();
}
