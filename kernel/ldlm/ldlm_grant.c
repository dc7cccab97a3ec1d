// SPDX-License-Identifier: GPL-2.0
/*
 * The server's side of the lock manager: enqueue, the grant order,
 * blocking and completion ASTs, convert and cancel.
 *
 * A resource has a granted queue and a waiting queue, both in arrival
 * order.  A lock may be granted when it conflicts with no granted lock and
 * with no waiting lock ahead of it (FIFO fairness: a request never
 * overtakes an older one it conflicts with).  Every change that may unblock
 * someone (cancel, convert, eviction) reprocesses the waiting queue front
 * to back, granting what it can; then every granted lock that blocks a
 * lock still waiting, and was not called back yet, gets a blocking AST and
 * starts its lock-timeout clock.  Granted extent locks grow as far as the
 * other locks allow (ldlm_policy.c).
 *
 * Decisions are taken under res->lock and produce work lists: the ASTs run
 * afterwards, in that order (completions in grant order first, then
 * blocking ASTs), with no lock held.  A lock's blocking AST is queued once
 * (LDLM_LS_BL_AST); LDLM_LS_BL_QUEUED keeps its bl_link on one list only
 * even when a convert re-arms it while an older AST is still on its way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/log2.h>
#include <nacre/ldlm_policy.h>
#include "ldlm_internal.h"

/* Whether (@mode, @policy) may be granted now: no conflicting granted lock,
 * no conflicting waiting lock ahead of @self (all of them if @self is not
 * queued).  *@by_granted says which kind blocked it.
 */
static bool grantable_locked(struct ldlm_resource *res, enum ldlm_mode mode,
			     const union ldlm_wire_policy_data *policy,
			     const struct ldlm_lock *self, bool *by_granted)
{
	struct ldlm_lock *other;

	lockdep_assert_held(&res->lock);
	list_for_each_entry(other, &res->granted, res_link) {
		if (ldlm_locks_conflict(res->type, mode, policy, other->granted_mode,
					&other->policy)) {
			*by_granted = true;
			return false;
		}
	}
	list_for_each_entry(other, &res->waiting, res_link) {
		if (other == self)
			break;
		if (ldlm_locks_conflict(res->type, mode, policy, other->req_mode, &other->policy)) {
			*by_granted = false;
			return false;
		}
	}
	return true;
}

static void grow_locked(struct ldlm_resource *res, struct ldlm_lock *lock)
{
	struct ldlm_extent_grow g;
	struct ldlm_lock *other;

	ldlm_extent_grow_init(&g, lock->req_mode, &lock->policy.l_extent);
	list_for_each_entry(other, &res->granted, res_link)
		ldlm_extent_grow_add(&g, other->granted_mode, &other->policy.l_extent);
	list_for_each_entry(other, &res->waiting, res_link)
		if (other != lock)
			ldlm_extent_grow_add(&g, other->req_mode, &other->policy.l_extent);
	ldlm_extent_grow_result(&g, res->ngranted, &lock->policy.l_extent);
}

static void grant_locked(struct ldlm_resource *res, struct ldlm_lock *lock)
{
	lockdep_assert_held(&res->lock);
	if (res->type == LDLM_EXTENT &&
	    !(lock->flags & (LDLM_FL_NO_EXPANSION | LDLM_FL_SPECULATIVE)))
		grow_locked(res, lock);
	WRITE_ONCE(lock->granted_mode, lock->req_mode);
	list_move_tail(&lock->res_link, &res->granted);
	res->ngranted++;
}

/* IBITS try_bits: keep those no granted or waiting lock conflicts with,
 * fold them into bits.  They are never waited for.
 */
static void resolve_try_bits_locked(struct ldlm_resource *res, struct ldlm_lock *lock)
{
	union ldlm_wire_policy_data probe = lock->policy;
	struct ldlm_inodebits *ib = &lock->policy.l_inodebits;
	struct list_head *queues[] = { &res->granted, &res->waiting };
	struct ldlm_lock *other;
	unsigned int i;

	if (!ib->try_bits)
		return;
	for (i = 0; i < ARRAY_SIZE(queues); i++) {
		list_for_each_entry(other, queues[i], res_link) {
			enum ldlm_mode omode = other->granted_mode ?: other->req_mode;

			probe.l_inodebits.bits = ib->try_bits;
			if (ldlm_locks_conflict(LDLM_IBITS, lock->req_mode, &probe, omode,
						&other->policy))
				ib->try_bits &= ~other->policy.l_inodebits.bits;
		}
	}
	ib->bits |= ib->try_bits;
	ib->try_bits = 0;
}

/* Call @lock back on behalf of @waiter, once (see the top of the file). */
static void queue_one_blocking_locked(struct ldlm_lock *lock, struct ldlm_lock *waiter,
				      struct list_head *bl_work)
{
	set_bit(LDLM_LS_BL_AST, &lock->state);
	ldlm_tmo_add_locked(lock);
	if (test_and_set_bit(LDLM_LS_BL_QUEUED, &lock->state))
		return;		/* an older AST is still on its way */
	lock->blocker = ldlm_lock_get(waiter);
	list_add_tail(&lock->bl_link, bl_work);
	ldlm_lock_get(lock);
}

/* Call back every granted lock that blocks @waiter and was not yet. */
static void queue_blocking_locked(struct ldlm_resource *res, struct ldlm_lock *waiter,
				  struct list_head *bl_work)
{
	struct ldlm_lock *lock;

	lockdep_assert_held(&res->lock);
	list_for_each_entry(lock, &res->granted, res_link) {
		if (test_bit(LDLM_LS_BL_AST, &lock->state))
			continue;
		if (!ldlm_locks_conflict(res->type, waiter->req_mode, &waiter->policy,
					 lock->granted_mode, &lock->policy))
			continue;
		queue_one_blocking_locked(lock, waiter, bl_work);
	}
}

/*
 * A summary of a set of locks on one resource, for asking "does this lock
 * conflict with any of them?" in a time independent of their number: per
 * mode, whether the set has a lock of it and, for IBITS, the union of their
 * bits, for EXTENT the hull of their extents.  For PLAIN and IBITS the
 * answer is exact but for GROUP pairs (the group ids decide); for EXTENT a
 * lock outside every conflicting mode's hull surely conflicts with none,
 * inside one it may.  The set only grows, as a reprocess pass walks the
 * waiting queue.
 */
#define LDLM_MODE_SLOTS	9	/* LCK_EX (1) .. LCK_TXN (256), one bit each */

struct ldlm_barrier {
	__u32 modes;
	__u32 open;		/* PLAIN: modes a waiter may still be granted in */
	__u64 bits[LDLM_MODE_SLOTS];
	struct ldlm_extent hull[LDLM_MODE_SLOTS];
};

enum ldlm_verdict { LDLM_FREE, LDLM_CONFLICT, LDLM_MAYBE };

static void barrier_add(struct ldlm_barrier *b, enum ldlm_type type, enum ldlm_mode mode,
			const union ldlm_wire_policy_data *policy)
{
	unsigned int slot;

	if (WARN_ON_ONCE(!mode || (mode & (mode - 1)) || mode > LCK_TXN))
		return;
	slot = ilog2(mode);
	if (!(b->modes & mode)) {
		__u32 ok = 0;
		unsigned int s;

		/* GROUP locks of one group share (PLAIN: always). */
		for (s = 0; s < LDLM_MODE_SLOTS; s++)
			if (ldlm_modes_compat(mode, 1U << s) ||
			    (mode == LCK_GROUP && 1U << s == LCK_GROUP))
				ok |= 1U << s;
		b->open &= ok;
	}
	if (type == LDLM_IBITS) {
		b->bits[slot] |= policy->l_inodebits.bits;
	} else if (type == LDLM_EXTENT) {
		struct ldlm_extent *h = &b->hull[slot];

		if (!(b->modes & mode)) {
			*h = policy->l_extent;
		} else {
			h->start = min(h->start, policy->l_extent.start);
			h->end = max(h->end, policy->l_extent.end);
		}
	}
	b->modes |= mode;
}

static void barrier_init(struct ldlm_barrier *b)
{
	memset(b, 0, sizeof(*b));
	/* NL never waits: it conflicts with nothing. */
	b->open = LCK_ALL_MODES & ~LCK_NL;
}

static enum ldlm_verdict barrier_check(const struct ldlm_barrier *b, enum ldlm_type type,
				       enum ldlm_mode mode,
				       const union ldlm_wire_policy_data *policy)
{
	enum ldlm_verdict v = LDLM_FREE;
	unsigned long modes = b->modes;
	unsigned int slot;

	for_each_set_bit(slot, &modes, LDLM_MODE_SLOTS) {
		enum ldlm_mode m = 1U << slot;

		if (m == LCK_GROUP && mode == LCK_GROUP) {
			v = LDLM_MAYBE;		/* compatible within one group */
			continue;
		}
		if (ldlm_modes_compat(mode, m))
			continue;
		switch (type) {
		case LDLM_PLAIN:
			return LDLM_CONFLICT;
		case LDLM_IBITS:
			if (b->bits[slot] & policy->l_inodebits.bits)
				return LDLM_CONFLICT;
			break;
		default:
			if (ldlm_extent_overlap(&b->hull[slot], &policy->l_extent))
				v = LDLM_MAYBE;
			break;
		}
	}
	return v;
}

/* The first waiting lock that @lock (granted) blocks, or NULL. */
static struct ldlm_lock *first_blocked_locked(struct ldlm_resource *res, struct ldlm_lock *lock)
{
	struct ldlm_lock *w;

	list_for_each_entry(w, &res->waiting, res_link)
		if (ldlm_locks_conflict(res->type, w->req_mode, &w->policy, lock->granted_mode,
					&lock->policy))
			return w;
	return NULL;
}

/* Exact checks that look at more locks than this build a summary instead. */
#define LDLM_SCAN_BUDGET	16

/* One reprocess pass: the summaries it builds as it goes. */
struct ldlm_pass {
	struct ldlm_resource *res;
	struct ldlm_barrier ahead;	/* waiters passed over, still waiting */
	struct ldlm_barrier granted;	/* the granted queue, once built */
	bool granted_built;
};

/* Whether @lock conflicts with a waiter ahead of it that still waits. */
static bool pass_blocked_ahead(struct ldlm_pass *p, struct ldlm_lock *lock)
{
	struct ldlm_resource *res = p->res;
	struct ldlm_lock *other;

	switch (barrier_check(&p->ahead, res->type, lock->req_mode, &lock->policy)) {
	case LDLM_FREE:
		return false;
	case LDLM_CONFLICT:
		return true;
	default:
		break;
	}
	/* Granted ones left the queue: what is ahead of @lock still waits. */
	list_for_each_entry(other, &res->waiting, res_link) {
		if (other == lock)
			break;
		if (ldlm_locks_conflict(res->type, lock->req_mode, &lock->policy,
					other->req_mode, &other->policy))
			return true;
	}
	return false;
}

/*
 * Whether @lock conflicts with a granted lock.  A few granted locks, or a
 * conflict among the first few, are checked directly (a cancel among 10^4
 * granted PR locks, with an EX waiting, stops at the first); otherwise the
 * queue's summary is built, once per pass, and kept up to date with the
 * pass's grants.
 */
static bool pass_blocked_granted(struct ldlm_pass *p, struct ldlm_lock *lock)
{
	struct ldlm_resource *res = p->res;
	struct ldlm_lock *other;
	unsigned int n = 0;

	if (!p->granted_built) {
		list_for_each_entry(other, &res->granted, res_link) {
			if (ldlm_locks_conflict(res->type, lock->req_mode, &lock->policy,
						other->granted_mode, &other->policy))
				return true;
			if (++n == LDLM_SCAN_BUDGET)
				break;
		}
		if (n < LDLM_SCAN_BUDGET)
			return false;		/* all of them looked at */
		barrier_init(&p->granted);
		list_for_each_entry(other, &res->granted, res_link)
			barrier_add(&p->granted, res->type, other->granted_mode, &other->policy);
		p->granted_built = true;
	}
	switch (barrier_check(&p->granted, res->type, lock->req_mode, &lock->policy)) {
	case LDLM_FREE:
		return false;
	case LDLM_CONFLICT:
		return true;
	default:
		break;
	}
	list_for_each_entry(other, &res->granted, res_link)
		if (ldlm_locks_conflict(res->type, lock->req_mode, &lock->policy,
					other->granted_mode, &other->policy))
			return true;
	return false;
}

/*
 * Call back the locks granted by this pass (cp_work from @first on) that
 * block a waiter.  Only they can: before the pass every granted lock that
 * blocked a waiter had its blocking AST (enqueue and convert see to that),
 * and the pass only removed waiters.  Many of them are filtered through
 * the waiting queue's summary first.
 */
static void pass_queue_blocking(struct ldlm_pass *p, struct list_head *first,
				struct list_head *cp_work, struct list_head *bl_work)
{
	struct ldlm_resource *res = p->res;
	struct ldlm_barrier *wb = &p->ahead;	/* reused */
	struct ldlm_lock *lock, *w;
	struct list_head *pos;
	unsigned int n = 0;
	bool filter;

	if (list_empty(&res->waiting))
		return;
	for (pos = first; pos != cp_work && n <= LDLM_SCAN_BUDGET; pos = pos->next)
		n++;
	filter = n > LDLM_SCAN_BUDGET;
	if (filter) {
		barrier_init(wb);
		list_for_each_entry(w, &res->waiting, res_link)
			barrier_add(wb, res->type, w->req_mode, &w->policy);
	}
	for (pos = first; pos != cp_work; pos = pos->next) {
		lock = list_entry(pos, struct ldlm_lock, cp_link);
		if (test_bit(LDLM_LS_BL_AST, &lock->state))
			continue;
		if (filter && barrier_check(wb, res->type, lock->granted_mode,
					    &lock->policy) == LDLM_FREE)
			continue;
		w = first_blocked_locked(res, lock);
		if (w)
			queue_one_blocking_locked(lock, w, bl_work);
	}
}

/**
 * ldlm_reprocess_locked() - grant what the waiting queue can have now and
 * call back what blocks the rest.
 * @res: a server resource, locked
 * @cp_work: gets the newly granted locks (counted), in grant order
 * @bl_work: gets the locks to call back (counted)
 *
 * The grant rule: a waiting lock is granted when it conflicts with no
 * granted lock and no waiting lock ahead of it.  One pass, and each step
 * costs a bounded amount whatever the queues' lengths: a waiter is checked
 * against a summary of the waiters ahead that still wait and, after a few
 * direct checks, of the granted queue (struct ldlm_barrier), not against
 * each of them.  So a cancel on a resource with 10^4 waiters costs at most
 * about 10^4 steps under res->lock (it was 10^8).
 *
 * The pass ends where nothing behind can be granted: PLAIN once the
 * waiters ahead are incompatible with every mode (an EX waits: a cancel
 * among 10^4 EX waiters is O(1)); EXTENT at the first waiter that stays
 * waiting, as Lustre's reprocess does for extent locks (it waits for a
 * granted lock, which has been called back, and that lock's cancel resumes
 * the pass; an extent summary only says "maybe", and this keeps the exact
 * checks to the locks being granted).
 *
 * Then the locks this pass granted that block a waiter are called back.
 */
void ldlm_reprocess_locked(struct ldlm_resource *res, struct list_head *cp_work,
			   struct list_head *bl_work)
{
	struct ldlm_pass pass = { .res = res };	/* about 450 bytes */
	struct list_head *last = cp_work->prev;	/* cp_work may hold others' */
	struct ldlm_lock *lock, *tmp;

	lockdep_assert_held(&res->lock);
	if (res->ns->side != LDLM_NAMESPACE_SERVER)
		return;
	if (list_empty(&res->waiting))
		return;
	barrier_init(&pass.ahead);
	list_for_each_entry_safe(lock, tmp, &res->waiting, res_link) {
		if (res->type == LDLM_PLAIN && !pass.ahead.open)
			break;
		if (pass_blocked_ahead(&pass, lock) || pass_blocked_granted(&pass, lock)) {
			if (res->type == LDLM_EXTENT)
				break;
			barrier_add(&pass.ahead, res->type, lock->req_mode, &lock->policy);
			continue;
		}
		grant_locked(res, lock);
		if (pass.granted_built)
			barrier_add(&pass.granted, res->type, lock->granted_mode, &lock->policy);
		list_add_tail(&lock->cp_link, cp_work);
		ldlm_lock_get(lock);
	}
	pass_queue_blocking(&pass, last->next, cp_work, bl_work);
}

/**
 * ldlm_run_ast_work() - call the glue for work found under a resource lock.
 * @ns: the namespace of the locks
 * @cp_work: locks to send completion ASTs for (emptied, references dropped)
 * @bl_work: locks to send blocking ASTs for (likewise)
 *
 * Locks destroyed in the meantime are skipped.
 */
void ldlm_run_ast_work(struct ldlm_namespace *ns, struct list_head *cp_work,
		       struct list_head *bl_work)
{
	struct ldlm_lock *lock, *tmp, *blocker;

	might_sleep();
	list_for_each_entry_safe(lock, tmp, cp_work, cp_link) {
		list_del_init(&lock->cp_link);
		if (ns->ops->completion_ast && !test_bit(LDLM_LS_DESTROYED, &lock->state))
			ns->ops->completion_ast(lock);
		ldlm_lock_put(lock);
	}
	list_for_each_entry_safe(lock, tmp, bl_work, bl_link) {
		list_del_init(&lock->bl_link);
		blocker = lock->blocker;
		lock->blocker = NULL;
		clear_bit_unlock(LDLM_LS_BL_QUEUED, &lock->state);
		if (ns->ops->blocking_ast && !test_bit(LDLM_LS_DESTROYED, &lock->state))
			ns->ops->blocking_ast(lock, blocker);
		ldlm_lock_put(blocker);
		ldlm_lock_put(lock);
	}
}

/**
 * ldlm_lock_enqueue() - a client asks a server namespace for a lock.
 * @ns: a server namespace
 * @res_id: the resource
 * @type: LDLM_PLAIN, LDLM_EXTENT or LDLM_IBITS (the resource's type)
 * @mode: requested mode
 * @policy: requested extent or inode bits (NULL for PLAIN); IBITS try_bits
 *	are granted where free and never waited for
 * @flags: in: the request's LDLM_FL_* (BLOCK_NOWAIT and SPECULATIVE: fail
 *	rather than wait; TEST_LOCK: only say whether it could be granted;
 *	NO_EXPANSION and SPECULATIVE: do not grow the extent).  Out, on
 *	success: LDLM_FL_BLOCK_GRANTED or LDLM_FL_BLOCK_WAIT when the lock
 *	waits behind a granted or only behind waiting locks,
 *	LDLM_FL_LOCK_CHANGED when the granted policy differs from the request.
 *	May be NULL.
 * @export: the client (opaque), stored in the lock for callbacks and eviction
 * @remote_handle: the client's handle for the lock
 * @lockp: the new lock with a reference for the caller (NULL for TEST_LOCK)
 *
 * Granted or queued, the lock is on its resource when this returns: a
 * completion or blocking AST for it may already be running in another
 * thread.  Conflicting granted locks get their blocking ASTs from this
 * thread before it returns.
 *
 * Context: process context, may sleep (ASTs run here).
 * Return: 0; -EAGAIN when it would wait and the flags forbid it, or TEST_LOCK
 * found a conflict, or IBITS with only try_bits got none; -EINVAL for a bad
 * mode, type or policy, or a resource of another type; -EOPNOTSUPP for
 * FLOCK; -ESHUTDOWN when @ns is being freed; -ENOMEM (also when the resend
 * index cannot take the lock).
 */
int ldlm_lock_enqueue(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		      enum ldlm_type type, enum ldlm_mode mode,
		      const union ldlm_wire_policy_data *policy, __u32 *flags,
		      void *export, __u64 remote_handle, struct ldlm_lock **lockp)
{
	__u32 in = flags ? *flags : 0, out;
	struct ldlm_resource *res;
	struct ldlm_lock *lock;
	LIST_HEAD(cp_work);
	LIST_HEAD(bl_work);
	bool by_granted = false, grantable;
	int rc;

	*lockp = NULL;
	if (WARN_ON_ONCE(ns->side != LDLM_NAMESPACE_SERVER))
		return -EINVAL;
	rc = ldlm_policy_check(type, mode, policy);
	if (rc)
		return rc;
	res = ldlm_resource_get(ns, res_id, type);
	if (IS_ERR(res))
		return PTR_ERR(res);
	lock = ldlm_lock_new(res, mode, type == LDLM_PLAIN ? NULL : policy);
	ldlm_resource_put(res);
	if (IS_ERR(lock))
		return PTR_ERR(lock);
	lock->export = export;
	lock->remote_handle = remote_handle;
	lock->flags = in;
	out = in & ~(LDLM_FL_BLOCKED_MASK | LDLM_FL_LOCK_CHANGED);

	spin_lock(&res->lock);
	if (READ_ONCE(ns->stopping)) {
		rc = -ESHUTDOWN;
		goto drop;
	}
	if (type == LDLM_IBITS) {
		resolve_try_bits_locked(res, lock);
		if (!lock->policy.l_inodebits.bits) {
			rc = -EAGAIN;
			goto drop;
		}
	}
	grantable = grantable_locked(res, mode, &lock->policy, NULL, &by_granted);
	if ((in & LDLM_FL_TEST_LOCK) ||
	    (!grantable && (in & (LDLM_FL_BLOCK_NOWAIT | LDLM_FL_SPECULATIVE)))) {
		rc = grantable ? 0 : -EAGAIN;
		goto drop;
	}
	/* Findable by a resend from here on, as it joins a queue. */
	rc = ldlm_remote_add_locked(lock);
	if (rc)
		goto drop;
	if (grantable) {
		grant_locked(res, lock);
		if (type != LDLM_PLAIN && memcmp(&lock->policy, policy, sizeof(*policy)))
			out |= LDLM_FL_LOCK_CHANGED;
	} else {
		list_add_tail(&lock->res_link, &res->waiting);
		out |= by_granted ? LDLM_FL_BLOCK_GRANTED : LDLM_FL_BLOCK_WAIT;
		queue_blocking_locked(res, lock, &bl_work);
	}
	spin_unlock(&res->lock);

	ldlm_run_ast_work(ns, &cp_work, &bl_work);
	if (flags)
		*flags = out;
	*lockp = lock;
	return 0;

drop:
	ldlm_lock_unlink_locked(lock);
	spin_unlock(&res->lock);
	ldlm_lock_unhash_put(lock);
	ldlm_lock_put(lock);
	if (!rc && flags)
		*flags = out;
	return rc;
}
EXPORT_SYMBOL(ldlm_lock_enqueue);

/**
 * ldlm_lock_cancel() - destroy a lock and grant what it blocked.
 * @lock: a lock the caller holds a reference on (kept: put it after)
 *
 * Server: the client cancelled it (or the glue gives up on it); waiting
 * locks are reprocessed, their completion ASTs run in this thread.  Client:
 * drops the lock locally, no CANCEL is sent.  Cancelling a destroyed lock
 * does nothing.
 *
 * Context: process context, may sleep.
 */
void ldlm_lock_cancel(struct ldlm_lock *lock)
{
	struct ldlm_resource *res = lock->res;
	LIST_HEAD(cp_work);
	LIST_HEAD(bl_work);
	bool unlinked;

	spin_lock(&res->lock);
	unlinked = ldlm_lock_unlink_locked(lock);
	if (unlinked)
		ldlm_reprocess_locked(res, &cp_work, &bl_work);
	spin_unlock(&res->lock);
	ldlm_run_ast_work(res->ns, &cp_work, &bl_work);
	if (unlinked)
		ldlm_lock_unhash_put(lock);
}
EXPORT_SYMBOL(ldlm_lock_cancel);

/**
 * ldlm_lock_convert() - weaken a granted lock: a lower mode, fewer bits.
 * @lock: a granted lock
 * @mode: the new mode; @lock's mode must cover it (PW→PR, EX→anything
 *	standard, or the same mode)
 * @bits: IBITS only: the bits to keep, a subset of the current ones; 0
 *	keeps them all
 *
 * On a server the lock's callback state is reset (a lock that still
 * conflicts with a waiter is called back again, with a fresh timeout) and
 * the resource is reprocessed.  On a client only the local lock changes.
 *
 * Context: process context, may sleep.
 * Return: 0; -ESTALE for a destroyed lock; -EINVAL when not granted, not a
 * downgrade or not a subset; -EBUSY to change the mode of a client lock
 * that has readers or writers.
 */
int ldlm_lock_convert(struct ldlm_lock *lock, enum ldlm_mode mode, __u64 bits)
{
	struct ldlm_resource *res = lock->res;
	bool server = res->ns->side == LDLM_NAMESPACE_SERVER;
	LIST_HEAD(cp_work);
	LIST_HEAD(bl_work);
	int rc = 0;

	spin_lock(&res->lock);
	if (test_bit(LDLM_LS_DESTROYED, &lock->state)) {
		rc = -ESTALE;
	} else if (lock->granted_mode == LCK_MINMODE ||
		   !ldlm_mode_is_downgrade(lock->granted_mode, mode) ||
		   (bits && (res->type != LDLM_IBITS ||
			     (bits & ~lock->policy.l_inodebits.bits)))) {
		rc = -EINVAL;
	} else if (mode != lock->granted_mode && (lock->readers || lock->writers)) {
		rc = -EBUSY;
	} else {
		lock->req_mode = mode;
		WRITE_ONCE(lock->granted_mode, mode);
		if (bits)
			lock->policy.l_inodebits.bits = bits;
		if (server) {
			struct ldlm_lock *w;

			ldlm_tmo_del(lock);
			clear_bit(LDLM_LS_BL_AST, &lock->state);
			ldlm_reprocess_locked(res, &cp_work, &bl_work);
			/* Reprocessing calls back only what it granted. */
			w = first_blocked_locked(res, lock);
			if (w)
				queue_one_blocking_locked(lock, w, &bl_work);
		}
	}
	spin_unlock(&res->lock);
	ldlm_run_ast_work(res->ns, &cp_work, &bl_work);
	return rc;
}
EXPORT_SYMBOL(ldlm_lock_convert);

/**
 * ldlm_export_cancel_locks() - destroy every lock a client holds or waits
 * for in @ns (eviction) and grant what they blocked.
 * @ns: a server namespace
 * @export: the client, as given to ldlm_lock_enqueue()
 *
 * No op is called for the destroyed locks; completion and blocking ASTs
 * for other clients' locks run in this thread.
 *
 * Context: process context, may sleep.
 * Return: how many locks were destroyed.
 */
unsigned int ldlm_export_cancel_locks(struct ldlm_namespace *ns, void *export)
{
	return ldlm_ns_sweep(ns, export, false);
}
EXPORT_SYMBOL(ldlm_export_cancel_locks);

/**
 * ldlm_resource_locks() - the granted locks of a resource in some modes
 * (the glue's glimpse picks from them, e.g. PW extent locks).
 * @ns: the namespace
 * @res_id: the resource
 * @mode_mask: the granted modes wanted (e.g. LCK_PW | LCK_EX)
 * @locks: gets up to @max locks, each with a reference to drop
 * @max: size of @locks
 *
 * Return: how many locks were stored, in grant order.
 */
int ldlm_resource_locks(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
			__u32 mode_mask, struct ldlm_lock **locks, unsigned int max)
{
	struct ldlm_resource *res = ldlm_resource_find(ns, res_id);
	struct ldlm_lock *lock;
	unsigned int n = 0;

	if (!res)
		return 0;
	spin_lock(&res->lock);
	list_for_each_entry(lock, &res->granted, res_link) {
		if (n == max)
			break;
		if (lock->granted_mode & mode_mask)
			locks[n++] = ldlm_lock_get(lock);
	}
	spin_unlock(&res->lock);
	ldlm_resource_put(res);
	return n;
}
EXPORT_SYMBOL(ldlm_resource_locks);
