// SPDX-License-Identifier: GPL-2.0
/*
 * Client lock cache: the LRU of unused locks and the cancel paths.
 *
 * A granted client lock with no readers or writers waits on its namespace's
 * LRU, oldest first, until it is used again (match, addref) or cancelled.
 * The policy: at most lru_size unused locks (0: no count limit; Lustre's
 * server-driven dynamic sizing is not implemented) and none unused for
 * longer than lru_max_age ms.  A delayed work item applies it: it runs when
 * the LRU goes over its size and when the oldest lock comes of age.
 *
 * Cancelling a client lock has one shape whoever starts it (LRU policy,
 * blocking callback, decref of a called-back lock, lru_size=clear): the
 * lock is claimed under its resource lock (LDLM_LS_CANCELING: unused,
 * granted, not destroyed, claimed once), ops->cancelling lets the glue
 * write back and drop what it covers, ops->cancel_batch/cancel sends the
 * CANCEL, then the lock is destroyed.  Early cancels (collected for an
 * enqueue) do the same but hand the handles to the caller instead of
 * sending them.  Locks a blocking callback or a decref marks go through
 * ns->cancel_list and a work item, since those callers cannot sleep.
 *
 * The LRU and the cancel list share lock->lru_link (a claimed lock is on
 * neither the LRU nor, after being taken off it, any list but one), under
 * ns->lru_lock; whether a lock is on the LRU only changes under its
 * resource lock too, except for removal by lru_pick().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include "ldlm_internal.h"

/* Unused locks go on the LRU (res->lock held; the lock is granted). */
void ldlm_lru_add_locked(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;

	lockdep_assert_held(&lock->res->lock);
	spin_lock(&ns->lru_lock);
	if (list_empty(&lock->lru_link)) {
		lock->last_used = jiffies;
		list_add_tail(&lock->lru_link, &ns->lru);
		ns->nr_unused++;
		if (!ns->stopping) {
			if (ns->lru_size && ns->nr_unused > ns->lru_size)
				mod_delayed_work(ldlm_wq, &ns->lru_work, 0);
			else if (!delayed_work_pending(&ns->lru_work))
				queue_delayed_work(ldlm_wq, &ns->lru_work,
						   msecs_to_jiffies(ns->lru_max_age) + 1);
		}
	}
	spin_unlock(&ns->lru_lock);
}

/* Off the LRU, if there (res->lock held).  A claimed lock's lru_link is
 * its cancel-list entry: left alone.
 */
void ldlm_lru_del_locked(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;

	lockdep_assert_held(&lock->res->lock);
	if (test_bit(LDLM_LS_CANCELING, &lock->state))
		return;
	spin_lock(&ns->lru_lock);
	if (!list_empty(&lock->lru_link)) {
		list_del_init(&lock->lru_link);
		ns->nr_unused--;
	}
	spin_unlock(&ns->lru_lock);
}

/* Claim @lock and queue its cancel for the work item (res->lock held; the
 * lock is unused, granted and not yet claimed).
 */
void ldlm_cancel_queue_locked(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;

	ldlm_lru_del_locked(lock);
	set_bit(LDLM_LS_CANCELING, &lock->state);
	spin_lock(&ns->lru_lock);
	list_add_tail(&lock->lru_link, &ns->cancel_list);
	ldlm_lock_get(lock);
	if (!ns->stopping)
		queue_work(ldlm_wq, &ns->cancel_work);
	spin_unlock(&ns->lru_lock);
}

/* Claimed locks: let the glue drop what they cover, send their CANCELs
 * (@send) or store their handles in @handles, destroy them and drop the
 * caller's references.
 */
static void cancel_claimed(struct ldlm_namespace *ns, struct ldlm_lock **locks,
			   unsigned int n, bool send, __u64 *handles, unsigned int *nhandles)
{
	struct ldlm_lock *out[LDLM_CANCEL_BATCH];
	unsigned int i, m = 0;

	might_sleep();
	for (i = 0; i < n; i++) {
		struct ldlm_lock *lock = locks[i];

		if (test_bit(LDLM_LS_DESTROYED, &lock->state))
			continue;
		if (ns->ops->cancelling)
			ns->ops->cancelling(lock);
		if (!lock->remote_handle)
			continue;
		if (handles)
			handles[(*nhandles)++] = lock->remote_handle;
		else if (send && m < ARRAY_SIZE(out))
			out[m++] = lock;
	}
	if (m && ns->ops->cancel_batch) {
		ns->ops->cancel_batch(ns, out, m);
	} else if (ns->ops->cancel) {
		for (i = 0; i < m; i++)
			ns->ops->cancel(out[i]);
	}
	for (i = 0; i < n; i++) {
		ldlm_lock_destroy(locks[i]);
		ldlm_lock_put(locks[i]);
	}
}

/* Claim @lock if it is still an unused cached lock; drop it otherwise.
 * @off_lru: the caller took it off the LRU itself (lru_pick()): it must
 * not be back there, i.e. used and released meanwhile.
 */
static bool claim(struct ldlm_lock *lock, bool off_lru)
{
	struct ldlm_resource *res = lock->res;
	bool ok;

	spin_lock(&res->lock);
	ok = !lock->readers && !lock->writers && lock->granted_mode != LCK_MINMODE &&
	     !test_bit(LDLM_LS_DESTROYED, &lock->state) &&
	     !test_bit(LDLM_LS_CANCELING, &lock->state);
	if (ok && off_lru) {
		spin_lock(&res->ns->lru_lock);
		ok = list_empty(&lock->lru_link);
		spin_unlock(&res->ns->lru_lock);
	}
	if (ok) {
		ldlm_lru_del_locked(lock);
		set_bit(LDLM_LS_CANCELING, &lock->state);
	}
	spin_unlock(&res->lock);
	return ok;
}

/* Take up to @max locks off the LRU (every unused lock if @all, otherwise
 * those over lru_size and those older than lru_max_age, oldest first) and
 * claim them.  *@taken says how many left the LRU (some may have been in
 * use again, and are not claimed).  Return: how many are in @locks, each
 * counted.
 */
static unsigned int lru_pick(struct ldlm_namespace *ns, unsigned int max, bool all,
			     struct ldlm_lock **locks, unsigned int *taken)
{
	struct ldlm_lock *lock, *tmp;
	unsigned int n = 0, i, kept = 0, excess = 0;
	unsigned long max_age;

	spin_lock(&ns->lru_lock);
	max_age = msecs_to_jiffies(ns->lru_max_age);
	if (ns->lru_size && ns->nr_unused > ns->lru_size)
		excess = ns->nr_unused - ns->lru_size;
	list_for_each_entry_safe(lock, tmp, &ns->lru, lru_link) {
		if (n == max)
			break;
		if (!all && !excess && time_before(jiffies, lock->last_used + max_age))
			break;
		list_del_init(&lock->lru_link);
		ns->nr_unused--;
		if (excess)
			excess--;
		locks[n++] = ldlm_lock_get(lock);
	}
	spin_unlock(&ns->lru_lock);

	*taken = n;
	for (i = 0; i < n; i++) {
		if (claim(locks[i], true))
			locks[kept++] = locks[i];
		else
			ldlm_lock_put(locks[i]);
	}
	return kept;
}

/* Queue the LRU work item now (a limit changed). */
void ldlm_lru_kick(struct ldlm_namespace *ns)
{
	spin_lock(&ns->lru_lock);
	if (!ns->stopping)
		mod_delayed_work(ldlm_wq, &ns->lru_work, 0);
	spin_unlock(&ns->lru_lock);
}

void ldlm_lru_work(struct work_struct *work)
{
	struct ldlm_namespace *ns = container_of(to_delayed_work(work), struct ldlm_namespace,
						 lru_work);
	struct ldlm_lock *locks[LDLM_CANCEL_BATCH];
	struct ldlm_lock *oldest;
	unsigned int n, taken;
	unsigned long next;

	do {
		n = lru_pick(ns, ARRAY_SIZE(locks), false, locks, &taken);
		cancel_claimed(ns, locks, n, true, NULL, NULL);
		cond_resched();
	} while (taken == ARRAY_SIZE(locks));

	spin_lock(&ns->lru_lock);
	if (!ns->stopping && !list_empty(&ns->lru)) {
		oldest = list_first_entry(&ns->lru, struct ldlm_lock, lru_link);
		next = oldest->last_used + msecs_to_jiffies(ns->lru_max_age) + 1;
		if (ns->lru_size && ns->nr_unused > ns->lru_size)
			next = jiffies;
		mod_delayed_work(ldlm_wq, &ns->lru_work,
				 time_after(next, jiffies) ? next - jiffies : 0);
	}
	spin_unlock(&ns->lru_lock);
}

void ldlm_cancel_work(struct work_struct *work)
{
	struct ldlm_namespace *ns = container_of(work, struct ldlm_namespace, cancel_work);
	struct ldlm_lock *locks[LDLM_CANCEL_BATCH];
	unsigned int n;

	do {
		n = 0;
		spin_lock(&ns->lru_lock);
		while (!ns->stopping && n < ARRAY_SIZE(locks) && !list_empty(&ns->cancel_list)) {
			locks[n] = list_first_entry(&ns->cancel_list, struct ldlm_lock, lru_link);
			list_del_init(&locks[n]->lru_link);
			n++;
		}
		spin_unlock(&ns->lru_lock);
		cancel_claimed(ns, locks, n, true, NULL, NULL);
		cond_resched();
	} while (n);
}

/* Teardown: destroy what is left on the cancel list without sending. */
void ldlm_cancel_drain(struct ldlm_namespace *ns)
{
	struct ldlm_lock *lock;

	spin_lock(&ns->lru_lock);
	while (!list_empty(&ns->cancel_list)) {
		lock = list_first_entry(&ns->cancel_list, struct ldlm_lock, lru_link);
		list_del_init(&lock->lru_link);
		spin_unlock(&ns->lru_lock);
		ldlm_lock_destroy(lock);
		ldlm_lock_put(lock);
		spin_lock(&ns->lru_lock);
	}
	spin_unlock(&ns->lru_lock);
}

/**
 * ldlm_cancel_lru_collect() - early cancel: pick unused locks the LRU policy
 * would cancel now (over lru_size or older than lru_max_age, oldest first),
 * to piggyback their cancels on an enqueue.
 * @ns: a client namespace
 * @max: at most this many
 * @handles: gets their remote (server) handles
 *
 * ops->cancelling runs for each in this thread; the locks are then
 * destroyed locally and no CANCEL is sent: the caller packs @handles into
 * its request.
 *
 * Context: process context, may sleep.
 * Return: how many handles were stored.
 */
unsigned int ldlm_cancel_lru_collect(struct ldlm_namespace *ns, unsigned int max,
				     __u64 *handles)
{
	struct ldlm_lock *locks[LDLM_CANCEL_BATCH];
	unsigned int total = 0, n, taken;

	while (total < max) {
		n = lru_pick(ns, min_t(unsigned int, max - total, ARRAY_SIZE(locks)), false,
			     locks, &taken);
		if (!taken)
			break;
		cancel_claimed(ns, locks, n, false, handles, &total);
	}
	return total;
}
EXPORT_SYMBOL(ldlm_cancel_lru_collect);

/* Claim up to @max unused locks of @res that conflict with (@mode, @policy). */
static unsigned int resource_pick(struct ldlm_resource *res, enum ldlm_mode mode,
				  const union ldlm_wire_policy_data *policy,
				  struct ldlm_lock **locks, unsigned int max)
{
	struct ldlm_lock *lock;
	unsigned int n = 0;

	spin_lock(&res->lock);
	list_for_each_entry(lock, &res->granted, res_link) {
		if (n == max)
			break;
		if (lock->readers || lock->writers ||
		    test_bit(LDLM_LS_CANCELING, &lock->state) ||
		    !ldlm_locks_conflict(res->type, mode, policy, lock->granted_mode,
					 &lock->policy))
			continue;
		ldlm_lru_del_locked(lock);
		set_bit(LDLM_LS_CANCELING, &lock->state);
		locks[n++] = ldlm_lock_get(lock);
	}
	spin_unlock(&res->lock);
	return n;
}

/**
 * ldlm_cancel_resource_collect() - early cancel of the unused locks of one
 * resource that conflict with an operation the caller is about to ask for
 * (an unlink's or setattr's own locks, say), so the server need not call
 * them back.
 * @ns: a client namespace
 * @res_id: the resource
 * @mode: the mode the operation will need
 * @policy: its extent or inode bits (NULL for PLAIN)
 * @max: at most this many
 * @handles: gets their remote handles
 *
 * As ldlm_cancel_lru_collect(): ops->cancelling runs here, the locks are
 * destroyed locally and the caller sends the handles.
 *
 * Context: process context, may sleep.
 * Return: how many handles were stored.
 */
unsigned int ldlm_cancel_resource_collect(struct ldlm_namespace *ns,
					  const struct ldlm_res_id *res_id, enum ldlm_mode mode,
					  const union ldlm_wire_policy_data *policy,
					  unsigned int max, __u64 *handles)
{
	struct ldlm_lock *locks[LDLM_CANCEL_BATCH];
	struct ldlm_resource *res;
	unsigned int total = 0, n;

	res = ldlm_resource_find(ns, res_id);
	if (!res)
		return 0;
	if (ldlm_policy_check(res->type, mode, policy))
		goto out;
	while (total < max) {
		n = resource_pick(res, mode, policy,
				  locks, min_t(unsigned int, max - total, ARRAY_SIZE(locks)));
		if (!n)
			break;
		cancel_claimed(ns, locks, n, false, handles, &total);
	}
out:
	ldlm_resource_put(res);
	return total;
}
EXPORT_SYMBOL(ldlm_cancel_resource_collect);

/**
 * ldlm_cancel_lru_all() - cancel every unused lock of @ns now
 * (lru_size=clear, unmount): ops->cancelling and ops->cancel_batch/cancel
 * run in this thread.
 * @ns: a client namespace
 *
 * Context: process context, may sleep.
 */
void ldlm_cancel_lru_all(struct ldlm_namespace *ns)
{
	struct ldlm_lock *locks[LDLM_CANCEL_BATCH];
	unsigned int n, taken;

	do {
		n = lru_pick(ns, ARRAY_SIZE(locks), true, locks, &taken);
		cancel_claimed(ns, locks, n, true, NULL, NULL);
		cond_resched();
	} while (taken);
	flush_work(&ns->cancel_work);
}
EXPORT_SYMBOL(ldlm_cancel_lru_all);
