// SPDX-License-Identifier: GPL-2.0
/*
 * The resend index: a server namespace's locks by (export, the client's
 * handle for the lock), Lustre's exp_lock_hash.
 *
 * A resent LDLM_ENQUEUE whose saved reply is gone must get the lock its
 * first execution made, not a second one.  The client names that lock only
 * by its own handle, and any client may mark any enqueue MSG_RESENT, so the
 * lookup must cost the same however many locks the namespace holds: one
 * rhashtable per server namespace, keyed by the export pointer and the
 * handle together, is the union of per-export indexes without the core
 * having to see inside the glue's export.  Its seed is random and it
 * rehashes on long chains, so chosen handles do not pile into one bucket.
 *
 * A lock enters the index under its resource's lock, as it joins a queue
 * (ldlm_lock_enqueue()), and leaves it in ldlm_lock_unlink_locked(), under
 * the same lock, as it is marked DESTROYED: every way a server lock dies
 * (cancel, eviction, teardown, a failed enqueue) passes there.  Lookups run
 * under RCU and take a reference with refcount_inc_not_zero() (locks are
 * freed after a grace period), then drop a lock found DESTROYED.
 *
 * Handles are unique among one client's live locks; a client that reuses
 * one anyway keeps the index entry on its first lock (a resend of the
 * other then makes a new lock, as it would for any unknown handle).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include "ldlm_internal.h"

struct remote_key {
	const void *export;
	__u64 handle;
	unsigned int *probes;	/* if set, counts the locks compared */
};

static u32 remote_hash(const void *export, __u64 handle, u32 seed)
{
	u64 exp = (unsigned long)export;
	u32 w[4] = {
		lower_32_bits(handle), upper_32_bits(handle),
		lower_32_bits(exp), upper_32_bits(exp),
	};

	return jhash2(w, ARRAY_SIZE(w), seed);
}

static u32 remote_key_hashfn(const void *data, u32 len, u32 seed)
{
	const struct remote_key *key = data;

	return remote_hash(key->export, key->handle, seed);
}

static u32 remote_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct ldlm_lock *lock = data;

	return remote_hash(lock->export, lock->remote_handle, seed);
}

static int remote_obj_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct remote_key *key = arg->key;
	const struct ldlm_lock *lock = obj;

	if (key->probes)
		(*key->probes)++;
	return lock->export != key->export || lock->remote_handle != key->handle;
}

static const struct rhashtable_params remote_params = {
	.key_len = sizeof(struct remote_key),
	.head_offset = offsetof(struct ldlm_lock, remote_link),
	.hashfn = remote_key_hashfn,
	.obj_hashfn = remote_obj_hashfn,
	.obj_cmpfn = remote_obj_cmpfn,
	.automatic_shrinking = true,
};

/* A server namespace's index, empty (ldlm_namespace_new()). */
int ldlm_remote_init(struct ldlm_namespace *ns)
{
	return rhashtable_init(&ns->remote_hash, &remote_params);
}

/* Every lock of @ns is freed, so none is left in the index. */
void ldlm_remote_fini(struct ldlm_namespace *ns)
{
	WARN_ON_ONCE(atomic_read(&ns->remote_hash.nelems));
	rhashtable_destroy(&ns->remote_hash);
}

/**
 * ldlm_remote_add_locked() - index @lock under its export and client handle.
 * @lock: a new server lock, about to join its resource's queues
 *
 * A lock without an export or handle is not indexed, nor one whose key a
 * live lock holds already.
 *
 * Return: 0, or -ENOMEM when the index cannot take it (the enqueue fails:
 * a resend could not find the lock).
 */
int ldlm_remote_add_locked(struct ldlm_lock *lock)
{
	struct remote_key key = { .export = lock->export, .handle = lock->remote_handle };
	struct ldlm_namespace *ns = lock->res->ns;
	int rc;

	lockdep_assert_held(&lock->res->lock);
	if (WARN_ON_ONCE(ns->side != LDLM_NAMESPACE_SERVER || lock->remote_hashed))
		return -EINVAL;
	if (!lock->export || !lock->remote_handle)
		return 0;
	rc = rhashtable_lookup_insert_key(&ns->remote_hash, &key, &lock->remote_link,
					  remote_params);
	if (rc == -EEXIST) {
		pr_debug("%s: client handle %#llx reused by one export: lock %#llx not indexed\n",
			 ns->name, lock->remote_handle, lock->cookie);
		return 0;
	}
	if (rc)
		return -ENOMEM;
	lock->remote_hashed = true;
	return 0;
}

/* Take @lock out of the index (ldlm_lock_unlink_locked()). */
void ldlm_remote_del_locked(struct ldlm_lock *lock)
{
	lockdep_assert_held(&lock->res->lock);
	if (!lock->remote_hashed)
		return;
	rhashtable_remove_fast(&lock->res->ns->remote_hash, &lock->remote_link, remote_params);
	lock->remote_hashed = false;
}

/**
 * ldlm_remote_find() - the live lock @export holds in @ns under its handle
 * @handle.
 * @ns: the namespace
 * @export: the client
 * @handle: the client's handle for the lock (0 finds nothing)
 * @probes: if not NULL, incremented for each lock the lookup compared (the
 *	self-test's evidence that the cost does not grow with @ns)
 *
 * Return: the lock with a reference, or NULL.
 */
struct ldlm_lock *ldlm_remote_find(struct ldlm_namespace *ns, void *export, __u64 handle,
				   unsigned int *probes)
{
	struct remote_key key = { .export = export, .handle = handle, .probes = probes };
	struct ldlm_lock *lock;

	if (ns->side != LDLM_NAMESPACE_SERVER || !export || !handle)
		return NULL;
	rcu_read_lock();
	lock = rhashtable_lookup(&ns->remote_hash, &key, remote_params);
	if (lock && !refcount_inc_not_zero(&lock->refs))
		lock = NULL;
	rcu_read_unlock();
	return ldlm_lock_live(lock);
}

/**
 * ldlm_lock_find_remote() - the live lock @export holds under its handle
 * @remote_handle (a resent enqueue must get the lock it already has).
 * @ns: a server namespace
 * @export: the client, as given to ldlm_lock_enqueue()
 * @remote_handle: the client's handle for the lock
 *
 * One lookup in the namespace's resend index: the cost does not depend on
 * how many locks @ns holds.  Granted and waiting locks are found alike.
 *
 * Context: process context; does not sleep.
 * Return: the lock with a reference, or NULL.
 */
struct ldlm_lock *ldlm_lock_find_remote(struct ldlm_namespace *ns, void *export,
					__u64 remote_handle)
{
	return ldlm_remote_find(ns, export, remote_handle, NULL);
}
EXPORT_SYMBOL(ldlm_lock_find_remote);
