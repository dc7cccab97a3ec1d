// SPDX-License-Identifier: GPL-2.0
/*
 * Lock objects: allocation, the handle table, references, destruction and
 * the readers/writers counts.
 *
 * Lock order (the whole lock manager):
 *
 *   ldlm_ns_mutex → res->lock → ns->lru_lock
 *                             → ns->tmo_lock
 *
 * ns->lru_lock and ns->tmo_lock are leaves and never nested in each other;
 * no two resource locks are ever held at once.  The rhashtables' internal
 * locks come below all of these.  No core lock is held while an op of the
 * glue runs: work found under res->lock (ASTs, cancels) is put on a list
 * with a reference and run after unlocking.
 *
 * Lifetime.  A lock starts with two references: its existence, dropped by
 * ldlm_lock_unhash_put() once it is destroyed, and the creator's.  Every
 * readers/writers count, work-list entry and handle lookup holds one more.
 * A destroyed lock is off its resource's queues, its namespace's resend
 * index, LRU and timeout list, and out of the handle table, in that order,
 * so a lookup under RCU either finds it alive or finds it marked
 * DESTROYED.  The last put frees it after an RCU grace period and drops
 * its resource, which drops its namespace when it is the last lock there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include "ldlm_internal.h"

atomic_t ldlm_nr_locks = ATOMIC_INIT(0);
static struct kmem_cache *ldlm_lock_cache;
static struct rhashtable ldlm_handles;

static const struct rhashtable_params handle_params = {
	.key_len = sizeof(__u64),
	.key_offset = offsetof(struct ldlm_lock, cookie),
	.head_offset = offsetof(struct ldlm_lock, hash),
	.automatic_shrinking = true,
};

int ldlm_lock_module_init(void)
{
	int rc;

	ldlm_lock_cache = KMEM_CACHE(ldlm_lock, 0);
	if (!ldlm_lock_cache)
		return -ENOMEM;
	rc = rhashtable_init(&ldlm_handles, &handle_params);
	if (rc)
		kmem_cache_destroy(ldlm_lock_cache);
	return rc;
}

/* Every lock is freed (ldlm_fini() checked the count): wait for the RCU
 * callbacks that free them, then the cache can go.
 */
void ldlm_lock_module_fini(void)
{
	rcu_barrier();
	rhashtable_destroy(&ldlm_handles);
	kmem_cache_destroy(ldlm_lock_cache);
}

static void lock_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(ldlm_lock_cache, container_of(head, struct ldlm_lock, rcu));
}

/**
 * ldlm_lock_new() - a lock on @res, in no queue yet, in the handle table.
 * @res: its resource (the lock takes a reference of its own)
 * @mode: requested mode
 * @policy: extent or inode bits (NULL for PLAIN)
 *
 * Return: the lock with the creator's reference and its existence
 * reference, or ERR_PTR(-ENOMEM).
 */
struct ldlm_lock *ldlm_lock_new(struct ldlm_resource *res, enum ldlm_mode mode,
				const union ldlm_wire_policy_data *policy)
{
	struct ldlm_namespace *ns = res->ns;
	struct ldlm_lock *lock;
	int rc = 0;

	lock = kmem_cache_zalloc(ldlm_lock_cache, GFP_NOFS);
	if (!lock)
		return ERR_PTR(-ENOMEM);
	refcount_set(&lock->refs, 2);
	lock->type = res->type;
	lock->req_mode = mode;
	lock->granted_mode = LCK_MINMODE;
	if (policy)
		lock->policy = *policy;
	INIT_LIST_HEAD(&lock->res_link);
	INIT_LIST_HEAD(&lock->bl_link);
	INIT_LIST_HEAD(&lock->cp_link);
	INIT_LIST_HEAD(&lock->lru_link);
	INIT_LIST_HEAD(&lock->tmo_link);
	/* A collision among 2^64 random cookies is next to impossible, but a
	 * handle must name one lock: draw again.
	 */
	do {
		lock->cookie = get_random_u64();
		if (!lock->cookie)
			continue;
		rc = rhashtable_lookup_insert_fast(&ldlm_handles, &lock->hash, handle_params);
	} while (!lock->cookie || rc == -EEXIST);
	if (rc) {
		kmem_cache_free(ldlm_lock_cache, lock);
		return ERR_PTR(rc);
	}
	refcount_inc(&res->refs);
	lock->res = res;
	atomic_inc(&ns->nr_locks);
	atomic_inc(&ldlm_nr_locks);
	return lock;
}

/**
 * ldlm_lock_get() - take a reference on @lock.
 * @lock: a lock the caller holds a reference on
 *
 * Return: @lock.
 */
struct ldlm_lock *ldlm_lock_get(struct ldlm_lock *lock)
{
	refcount_inc(&lock->refs);
	return lock;
}
EXPORT_SYMBOL(ldlm_lock_get);

/**
 * ldlm_lock_put() - drop a reference; the last one frees the lock.
 * @lock: the lock (NULL is ignored)
 *
 * The last reference can only go once the lock is destroyed (its existence
 * reference is dropped then); it also drops the lock's resource.
 */
void ldlm_lock_put(struct ldlm_lock *lock)
{
	struct ldlm_resource *res;

	if (!lock || !refcount_dec_and_test(&lock->refs))
		return;
	res = lock->res;
	WARN_ON_ONCE(!test_bit(LDLM_LS_DESTROYED, &lock->state));
	WARN_ON_ONCE(lock->readers || lock->writers);
	atomic_dec(&res->ns->nr_locks);
	atomic_dec(&ldlm_nr_locks);
	call_rcu(&lock->rcu, lock_free_rcu);
	ldlm_resource_put(res);
}
EXPORT_SYMBOL(ldlm_lock_put);

/**
 * ldlm_handle2lock() - the live lock whose handle cookie is @cookie.
 * @cookie: a handle from the wire (any value)
 *
 * Return: the lock with a reference (ldlm_lock_put() it), or NULL when no
 * lock has that handle or it has been destroyed.
 */
struct ldlm_lock *ldlm_handle2lock(__u64 cookie)
{
	struct ldlm_lock *lock;

	if (!cookie)
		return NULL;
	rcu_read_lock();
	lock = rhashtable_lookup(&ldlm_handles, &cookie, handle_params);
	if (lock && !refcount_inc_not_zero(&lock->refs))
		lock = NULL;
	rcu_read_unlock();
	return ldlm_lock_live(lock);
}
EXPORT_SYMBOL(ldlm_handle2lock);

struct ldlm_lock *ldlm_lock_live(struct ldlm_lock *lock)
{
	if (lock && test_bit(LDLM_LS_DESTROYED, &lock->state)) {
		ldlm_lock_put(lock);
		lock = NULL;
	}
	return lock;
}

/**
 * ldlm_lock_is_granted() - whether @lock was granted.
 * @lock: the lock
 *
 * Return: true once granted, even after it was destroyed.
 */
bool ldlm_lock_is_granted(const struct ldlm_lock *lock)
{
	return READ_ONCE(lock->granted_mode) != LCK_MINMODE;
}
EXPORT_SYMBOL(ldlm_lock_is_granted);

/**
 * ldlm_lock_owner_get() - a counted reference to the export @lock belongs
 * to, or NULL once the lock is destroyed.
 * @lock: a server lock (counted by the caller)
 * @get: takes a reference on an export (the glue's, e.g. a kref_get)
 *
 * The contract on &ldlm_lock.export: the lock holds no reference on its
 * export.  Instead the glue destroys every lock of an export
 * (ldlm_export_cancel_locks()) before the export may be freed, so an
 * export lives at least as long as its locks stay undestroyed.  The
 * destruction happens under res->lock, and so do this check and @get:
 * whoever needs the export beyond that (a callback about to be sent, an
 * eviction) takes its own reference here rather than reading
 * lock->export.
 *
 * Context: any; @get must not sleep (res->lock is held).
 * Return: lock->export, counted by @get, or NULL.
 */
void *ldlm_lock_owner_get(struct ldlm_lock *lock, void (*get)(void *export))
{
	struct ldlm_resource *res = lock->res;
	void *export = NULL;

	spin_lock(&res->lock);
	if (lock->export && !test_bit(LDLM_LS_DESTROYED, &lock->state)) {
		export = lock->export;
		get(export);
	}
	spin_unlock(&res->lock);
	return export;
}
EXPORT_SYMBOL(ldlm_lock_owner_get);

/**
 * ldlm_lock_to_desc() - describe @lock as the wire does.
 * @lock: the lock
 * @desc: filled with its resource, modes and policy (a consistent snapshot)
 */
void ldlm_lock_to_desc(struct ldlm_lock *lock, struct ldlm_lock_desc *desc)
{
	struct ldlm_resource *res = lock->res;

	memset(desc, 0, sizeof(*desc));
	desc->l_resource.lr_type = res->type;
	desc->l_resource.lr_name = res->name;
	spin_lock(&res->lock);
	desc->l_req_mode = lock->req_mode;
	desc->l_granted_mode = lock->granted_mode;
	desc->l_policy_data = lock->policy;
	spin_unlock(&res->lock);
}
EXPORT_SYMBOL(ldlm_lock_to_desc);

/**
 * ldlm_lock_unlink_locked() - take @lock off everything that finds it but
 * the handle table (the caller then calls ldlm_lock_unhash_put()).
 * @lock: the lock, its resource locked
 *
 * Return: true when this call destroyed it; false when it already was.
 */
bool ldlm_lock_unlink_locked(struct ldlm_lock *lock)
{
	struct ldlm_resource *res = lock->res;

	lockdep_assert_held(&res->lock);
	if (test_and_set_bit(LDLM_LS_DESTROYED, &lock->state))
		return false;
	if (lock->granted_mode != LCK_MINMODE && !list_empty(&lock->res_link))
		res->ngranted--;
	list_del_init(&lock->res_link);
	if (res->ns->side == LDLM_NAMESPACE_SERVER) {
		ldlm_remote_del_locked(lock);
		ldlm_tmo_del(lock);
	} else {
		ldlm_lru_del_locked(lock);
	}
	return true;
}

/**
 * ldlm_lock_unhash_put() - finish destroying @lock: out of the handle
 * table, grant waiters woken, its existence reference dropped.
 * @lock: a lock ldlm_lock_unlink_locked() returned true for
 */
void ldlm_lock_unhash_put(struct ldlm_lock *lock)
{
	rhashtable_remove_fast(&ldlm_handles, &lock->hash, handle_params);
	wake_up_all(&lock->res->ns->waitq);
	ldlm_lock_put(lock);
}

/* Destroy @lock without a callback or a reprocess (client, teardown). */
void ldlm_lock_destroy(struct ldlm_lock *lock)
{
	struct ldlm_resource *res = lock->res;
	bool unlinked;

	spin_lock(&res->lock);
	unlinked = ldlm_lock_unlink_locked(lock);
	spin_unlock(&res->lock);
	if (unlinked)
		ldlm_lock_unhash_put(lock);
}

void ldlm_lock_addref_locked(struct ldlm_lock *lock, enum ldlm_mode mode)
{
	lockdep_assert_held(&lock->res->lock);
	refcount_inc(&lock->refs);
	if (ldlm_mode_is_writer(mode))
		lock->writers++;
	else
		lock->readers++;
	if (lock->res->ns->side == LDLM_NAMESPACE_CLIENT)
		ldlm_lru_del_locked(lock);
}

/**
 * ldlm_lock_addref() - hold @lock in @mode (a reader or a writer).
 * @lock: a lock the caller holds a reference on
 * @mode: LCK_PR/CR/NL count as readers, the others as writers
 *
 * Takes a lock reference too; ldlm_lock_decref() with the same mode
 * releases both.  A held lock stays off the LRU and is not cancelled.
 */
void ldlm_lock_addref(struct ldlm_lock *lock, enum ldlm_mode mode)
{
	spin_lock(&lock->res->lock);
	ldlm_lock_addref_locked(lock, mode);
	spin_unlock(&lock->res->lock);
}
EXPORT_SYMBOL(ldlm_lock_addref);

/**
 * ldlm_lock_decref() - release a hold taken with ldlm_lock_addref(),
 * ldlm_lock_match() or ldlm_cli_lock_new().
 * @lock: the lock
 * @mode: the mode the hold was taken in (after a grant in another mode,
 *	the granted mode)
 *
 * On a client, the last hold on a granted lock puts it on the LRU, or, when
 * the server called it back (CBPENDING), queues its cancel.  Never sleeps.
 */
void ldlm_lock_decref(struct ldlm_lock *lock, enum ldlm_mode mode)
{
	struct ldlm_resource *res = lock->res;
	unsigned int *count = ldlm_mode_is_writer(mode) ? &lock->writers : &lock->readers;

	spin_lock(&res->lock);
	if (WARN_ON_ONCE(!*count)) {
		spin_unlock(&res->lock);
		return;
	}
	(*count)--;
	if (res->ns->side == LDLM_NAMESPACE_CLIENT && !lock->readers && !lock->writers &&
	    lock->granted_mode != LCK_MINMODE &&
	    !test_bit(LDLM_LS_DESTROYED, &lock->state) &&
	    !test_bit(LDLM_LS_CANCELING, &lock->state)) {
		if (test_bit(LDLM_LS_CBPENDING, &lock->state))
			ldlm_cancel_queue_locked(lock);
		else
			ldlm_lru_add_locked(lock);
	}
	spin_unlock(&res->lock);
	ldlm_lock_put(lock);
}
EXPORT_SYMBOL(ldlm_lock_decref);

/**
 * ldlm_lock_decref_and_cancel() - release a hold and have the lock
 * cancelled once unused, rather than cached.
 * @lock: a client lock
 * @mode: as for ldlm_lock_decref()
 */
void ldlm_lock_decref_and_cancel(struct ldlm_lock *lock, enum ldlm_mode mode)
{
	set_bit(LDLM_LS_CBPENDING, &lock->state);
	ldlm_lock_decref(lock, mode);
}
EXPORT_SYMBOL(ldlm_lock_decref_and_cancel);
