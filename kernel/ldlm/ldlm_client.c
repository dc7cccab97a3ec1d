// SPDX-License-Identifier: GPL-2.0
/*
 * Client locks: the local mirror of the locks a server granted us.
 *
 * The glue makes a lock before it sends LDLM_ENQUEUE (ldlm_cli_lock_new():
 * the lock waits on its resource, held once in its mode), records the
 * server's handle and the grant from the reply or a later completion
 * callback, and releases its hold when done; the lock then stays cached on
 * the LRU (ldlm_lru.c) for ldlm_lock_match() to reuse.  A blocking callback
 * marks it CBPENDING: it is no longer matched and is cancelled as soon as
 * it is unused, or right away when it already is.  Callbacks can race with
 * the enqueue reply and with cancels: a blocking callback may come before
 * the grant (the lock is cancelled once granted and released), a
 * completion for a lock being cancelled or destroyed is refused.
 *
 * The client keeps no conflict queues: the server decides every grant.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "ldlm_internal.h"

/**
 * ldlm_cli_lock_new() - the local lock for an enqueue about to be sent.
 * @ns: a client namespace
 * @res_id: the resource
 * @type: its type
 * @mode: the mode asked for
 * @policy: the extent or inode bits asked for (NULL for PLAIN)
 *
 * The lock waits on its resource (not granted, not matched), findable by
 * its handle (&ldlm_lock.cookie: send it as the enqueue's lock handle).
 *
 * Context: process context, may sleep.
 * Return: the lock, held once in @mode (the caller's ldlm_lock_decref()
 * releases it: after ldlm_cli_lock_abort() too); ERR_PTR(-EINVAL) for a
 * bad request or a resource of another type, -EOPNOTSUPP, -ESHUTDOWN,
 * -ENOMEM.
 */
struct ldlm_lock *ldlm_cli_lock_new(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
				    enum ldlm_type type, enum ldlm_mode mode,
				    const union ldlm_wire_policy_data *policy)
{
	struct ldlm_resource *res;
	struct ldlm_lock *lock;
	int rc;

	if (WARN_ON_ONCE(ns->side != LDLM_NAMESPACE_CLIENT))
		return ERR_PTR(-EINVAL);
	rc = ldlm_policy_check(type, mode, policy);
	if (rc)
		return ERR_PTR(rc);
	res = ldlm_resource_get(ns, res_id, type);
	if (IS_ERR(res))
		return ERR_CAST(res);
	lock = ldlm_lock_new(res, mode, type == LDLM_PLAIN ? NULL : policy);
	ldlm_resource_put(res);
	if (IS_ERR(lock))
		return lock;

	spin_lock(&res->lock);
	if (READ_ONCE(ns->stopping)) {
		ldlm_lock_unlink_locked(lock);
		spin_unlock(&res->lock);
		ldlm_lock_unhash_put(lock);
		ldlm_lock_put(lock);
		return ERR_PTR(-ESHUTDOWN);
	}
	list_add_tail(&lock->res_link, &res->waiting);
	ldlm_lock_addref_locked(lock, mode);
	spin_unlock(&res->lock);
	ldlm_lock_put(lock);	/* the creator's: the hold replaces it */
	return lock;
}
EXPORT_SYMBOL(ldlm_cli_lock_new);

/**
 * ldlm_cli_lock_set_remote() - record the server's handle for @lock (from
 * the enqueue reply), before or with the grant.
 * @lock: a client lock
 * @remote_handle: the server's cookie
 */
void ldlm_cli_lock_set_remote(struct ldlm_lock *lock, __u64 remote_handle)
{
	spin_lock(&lock->res->lock);
	lock->remote_handle = remote_handle;
	spin_unlock(&lock->res->lock);
}
EXPORT_SYMBOL(ldlm_cli_lock_set_remote);

/* Move @lock to granted in @mode with @policy (res->lock held). */
static void grant_locked(struct ldlm_lock *lock, enum ldlm_mode mode,
			 const union ldlm_wire_policy_data *policy)
{
	struct ldlm_resource *res = lock->res;

	lockdep_assert_held(&res->lock);
	/* Holds taken so far are in the requested mode; account them in the
	 * granted one, which is what the holders release.
	 */
	if (ldlm_mode_is_writer(mode) != ldlm_mode_is_writer(lock->req_mode))
		swap(lock->readers, lock->writers);
	if (policy && res->type != LDLM_PLAIN)
		lock->policy = *policy;
	WRITE_ONCE(lock->granted_mode, mode);
	list_move_tail(&lock->res_link, &res->granted);
	res->ngranted++;
	if (lock->readers || lock->writers)
		return;
	if (test_bit(LDLM_LS_CBPENDING, &lock->state))
		ldlm_cancel_queue_locked(lock);
	else
		ldlm_lru_add_locked(lock);
}

/**
 * ldlm_cli_lock_grant() - the server granted @lock (enqueue reply or
 * completion callback).
 * @lock: a client lock
 * @mode: the granted mode (usually the requested one)
 * @policy: the granted extent or bits (an extent may have grown); NULL
 *	keeps the requested one
 *
 * Wakes ldlm_cli_lock_wait_granted().  Granting a granted lock again (a
 * resent completion) changes nothing.
 *
 * Return: 0; -ESTALE when the lock was destroyed meanwhile; -EINVAL for a
 * bad mode.
 */
int ldlm_cli_lock_grant(struct ldlm_lock *lock, enum ldlm_mode mode,
			const union ldlm_wire_policy_data *policy)
{
	struct ldlm_resource *res = lock->res;
	int rc = 0;

	if (!ldlm_mode_valid(mode))
		return -EINVAL;
	spin_lock(&res->lock);
	if (test_bit(LDLM_LS_DESTROYED, &lock->state))
		rc = -ESTALE;
	else if (lock->granted_mode == LCK_MINMODE)
		grant_locked(lock, mode, policy);
	spin_unlock(&res->lock);
	if (!rc)
		wake_up_all(&res->ns->waitq);
	return rc;
}
EXPORT_SYMBOL(ldlm_cli_lock_grant);

/**
 * ldlm_cli_lock_wait_granted() - sleep until @lock is granted or destroyed.
 * @lock: a client lock the caller holds
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Context: process context, sleeps (interruptible).
 * Return: 0 once granted; -ESTALE when destroyed first (aborted, namespace
 * going); -ETIMEDOUT; -ERESTARTSYS on a signal.
 */
int ldlm_cli_lock_wait_granted(struct ldlm_lock *lock, long timeout)
{
	long rc;

	rc = wait_event_interruptible_timeout(lock->res->ns->waitq,
					      ldlm_lock_is_granted(lock) ||
					      test_bit(LDLM_LS_DESTROYED, &lock->state),
					      timeout);
	if (rc < 0)
		return rc;
	if (ldlm_lock_is_granted(lock))
		return 0;
	return rc ? -ESTALE : -ETIMEDOUT;
}
EXPORT_SYMBOL(ldlm_cli_lock_wait_granted);

/**
 * ldlm_cli_lock_abort() - the enqueue failed: drop the lock locally, no
 * CANCEL.  The caller still releases its hold with ldlm_lock_decref().
 * @lock: a client lock
 */
void ldlm_cli_lock_abort(struct ldlm_lock *lock)
{
	ldlm_lock_destroy(lock);
}
EXPORT_SYMBOL(ldlm_cli_lock_abort);

/* The live lock of @ns with handle @cookie, counted, or NULL. */
static struct ldlm_lock *cli_find(struct ldlm_namespace *ns, __u64 cookie)
{
	struct ldlm_lock *lock = ldlm_handle2lock(cookie);

	if (lock && lock->res->ns != ns) {
		ldlm_lock_put(lock);
		lock = NULL;
	}
	return lock;
}

/**
 * ldlm_cli_blocking() - the server called back the lock whose local handle
 * is @cookie (LDLM_BL_CALLBACK).
 * @ns: the client namespace the callback came for
 * @cookie: our handle, as the server knows it
 *
 * The lock is cancelled (ops->cancelling, then ops->cancel_batch/cancel,
 * from a work item) as soon as it is granted and unused: now, if it is.
 * A lock already being cancelled is left alone.
 *
 * Context: any process context; does not sleep.
 * Return: 0; -ENOENT when @ns has no such lock (cancelled already: the glue
 * answers as Lustre does for an unknown lock).
 */
int ldlm_cli_blocking(struct ldlm_namespace *ns, __u64 cookie)
{
	struct ldlm_lock *lock = cli_find(ns, cookie);
	struct ldlm_resource *res;

	if (!lock)
		return -ENOENT;
	res = lock->res;
	spin_lock(&res->lock);
	set_bit(LDLM_LS_CBPENDING, &lock->state);
	if (lock->granted_mode != LCK_MINMODE && !lock->readers && !lock->writers &&
	    !test_bit(LDLM_LS_DESTROYED, &lock->state) &&
	    !test_bit(LDLM_LS_CANCELING, &lock->state))
		ldlm_cancel_queue_locked(lock);
	spin_unlock(&res->lock);
	ldlm_lock_put(lock);
	return 0;
}
EXPORT_SYMBOL(ldlm_cli_blocking);

/**
 * ldlm_cli_completion() - the server granted the waiting lock whose local
 * handle is @cookie (LDLM_CP_CALLBACK).
 * @ns: the client namespace
 * @cookie: our handle
 * @mode: the granted mode
 * @policy: the granted extent or bits (NULL: as requested)
 *
 * Return: 0; -ENOENT for no such lock; as ldlm_cli_lock_grant() otherwise.
 */
int ldlm_cli_completion(struct ldlm_namespace *ns, __u64 cookie, enum ldlm_mode mode,
			const union ldlm_wire_policy_data *policy)
{
	struct ldlm_lock *lock = cli_find(ns, cookie);
	int rc;

	if (!lock)
		return -ENOENT;
	rc = ldlm_cli_lock_grant(lock, mode, policy);
	ldlm_lock_put(lock);
	return rc;
}
EXPORT_SYMBOL(ldlm_cli_completion);

/**
 * ldlm_lock_match() - find a cached granted lock that covers a request.
 * @ns: the namespace (client, usually)
 * @res_id: the resource
 * @type: its type
 * @policy: the extent (inside the lock's) or bits (a subset of the lock's)
 *	wanted; NULL for PLAIN
 * @mode_mask: the granted modes acceptable (ldlm_mode_covers_mask() of the
 *	mode wanted: a PW lock serves a PR request)
 * @lockp: the lock found
 *
 * Locks called back or being cancelled are not matched.  The lock found is
 * held in its granted mode (off the LRU): release it with
 * ldlm_lock_decref(lock, lock->granted_mode).
 *
 * Return: 0 with *@lockp set, -ENOENT when nothing covers the request.
 */
int ldlm_lock_match(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		    enum ldlm_type type, const union ldlm_wire_policy_data *policy,
		    __u32 mode_mask, struct ldlm_lock **lockp)
{
	struct ldlm_resource *res;
	struct ldlm_lock *lock, *found = NULL;

	*lockp = NULL;
	if (type != LDLM_PLAIN && !policy)
		return -ENOENT;
	res = ldlm_resource_find(ns, res_id);
	if (!res)
		return -ENOENT;
	spin_lock(&res->lock);
	if (res->type != type)
		goto out;
	list_for_each_entry(lock, &res->granted, res_link) {
		if (!(lock->granted_mode & mode_mask) ||
		    test_bit(LDLM_LS_CBPENDING, &lock->state) ||
		    test_bit(LDLM_LS_CANCELING, &lock->state) ||
		    !ldlm_policy_contains(type, lock->granted_mode, &lock->policy, policy))
			continue;
		ldlm_lock_addref_locked(lock, lock->granted_mode);
		found = lock;
		break;
	}
out:
	spin_unlock(&res->lock);
	ldlm_resource_put(res);
	*lockp = found;
	return found ? 0 : -ENOENT;
}
EXPORT_SYMBOL(ldlm_lock_match);
