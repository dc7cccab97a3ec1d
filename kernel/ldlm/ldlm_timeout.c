// SPDX-License-Identifier: GPL-2.0
/*
 * Server lock-callback timeouts.
 *
 * A lock that was sent a blocking AST goes on its namespace's tmo_list with
 * a deadline lock_timeout seconds away; the list is kept sorted by deadline
 * and one delayed work item per namespace sleeps until the earliest one.
 * When a holder has not cancelled (or converted) by then, the work item
 * calls ops->lock_timeout once for the lock, and the glue evicts the client.
 * I/O under the lock can push the deadline back (ldlm_lock_prolong()).
 *
 * A lock leaves the list when it is destroyed or converted, before its
 * existence reference goes, so the list holds no references of its own.
 * ns->stopping, set under tmo_lock, stops the work item from queueing
 * itself again before ldlm_namespace_free() cancels it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include "ldlm_internal.h"

static unsigned long lock_timeout_jiffies(struct ldlm_namespace *ns)
{
	return (unsigned long)max(READ_ONCE(ns->lock_timeout), 1U) * HZ;
}

/* Insert @lock in deadline order (from the tail: deadlines mostly grow)
 * and wake the work item earlier if it became the first.
 */
static void tmo_insert(struct ldlm_namespace *ns, struct ldlm_lock *lock)
{
	struct ldlm_lock *pos;

	lockdep_assert_held(&ns->tmo_lock);
	list_for_each_entry_reverse(pos, &ns->tmo_list, tmo_link)
		if (!time_after(pos->deadline, lock->deadline))
			break;
	list_add(&lock->tmo_link, &pos->tmo_link);
	if (ns->tmo_list.next == &lock->tmo_link && !ns->stopping)
		mod_delayed_work(ldlm_wq, &ns->tmo_work,
				 time_after(lock->deadline, jiffies) ? lock->deadline - jiffies : 0);
}

/* Start the clock of a lock that was just called back (res->lock held). */
void ldlm_tmo_add_locked(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;

	lockdep_assert_held(&lock->res->lock);
	spin_lock(&ns->tmo_lock);
	if (list_empty(&lock->tmo_link) && !test_bit(LDLM_LS_TIMEDOUT, &lock->state)) {
		lock->deadline = jiffies + lock_timeout_jiffies(ns);
		tmo_insert(ns, lock);
	}
	spin_unlock(&ns->tmo_lock);
}

void ldlm_tmo_del(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;

	spin_lock(&ns->tmo_lock);
	list_del_init(&lock->tmo_link);
	spin_unlock(&ns->tmo_lock);
}

/**
 * ldlm_lock_prolong() - the holder of a called-back lock is still using it
 * (an I/O under it arrived): move its deadline to lock_timeout from now.
 * @lock: a server lock; nothing happens unless its clock runs
 */
void ldlm_lock_prolong(struct ldlm_lock *lock)
{
	struct ldlm_namespace *ns = lock->res->ns;
	unsigned long deadline = jiffies + lock_timeout_jiffies(ns);

	spin_lock(&ns->tmo_lock);
	if (!list_empty(&lock->tmo_link) && time_after(deadline, lock->deadline)) {
		list_del(&lock->tmo_link);
		lock->deadline = deadline;
		tmo_insert(ns, lock);
	}
	spin_unlock(&ns->tmo_lock);
}
EXPORT_SYMBOL(ldlm_lock_prolong);

/* The first expired lock, off the list and counted; NULL when none (the
 * work item is then queued for the next deadline).
 */
static struct ldlm_lock *tmo_next_expired(struct ldlm_namespace *ns)
{
	struct ldlm_lock *lock = NULL;

	spin_lock(&ns->tmo_lock);
	if (!ns->stopping && !list_empty(&ns->tmo_list)) {
		lock = list_first_entry(&ns->tmo_list, struct ldlm_lock, tmo_link);
		if (time_before(jiffies, lock->deadline)) {
			queue_delayed_work(ldlm_wq, &ns->tmo_work, lock->deadline - jiffies);
			lock = NULL;
		} else {
			list_del_init(&lock->tmo_link);
			ldlm_lock_get(lock);
		}
	}
	spin_unlock(&ns->tmo_lock);
	return lock;
}

void ldlm_tmo_work(struct work_struct *work)
{
	struct ldlm_namespace *ns = container_of(to_delayed_work(work), struct ldlm_namespace,
						 tmo_work);
	struct ldlm_lock *lock;

	while ((lock = tmo_next_expired(ns))) {
		if (!test_bit(LDLM_LS_DESTROYED, &lock->state) &&
		    !test_and_set_bit(LDLM_LS_TIMEDOUT, &lock->state)) {
			pr_warn("%s: lock %#llx (%s) not cancelled %us after its blocking callback\n",
				ns->name, lock->cookie, ldlm_mode_name(lock->granted_mode),
				READ_ONCE(ns->lock_timeout));
			if (ns->ops->lock_timeout)
				ns->ops->lock_timeout(lock);
		}
		ldlm_lock_put(lock);
		cond_resched();
	}
}
