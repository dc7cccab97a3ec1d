// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-manager self-test: the real kernel code without the RPC layer.
 * "modprobe ptlrpc ldlm_selftest=1" runs it at load and prints
 * "ldlm selftest: PASS" or "ldlm selftest: FAIL (n)" (each failed check is
 * printed before); reading /sys/module/ptlrpc/parameters/ldlm_selftest
 * gives the same verdict.
 *
 * Fake exports (small integers cast to pointers) stand in for clients; the
 * test ops record what the core asks of the glue.  Cases: extent conflicts,
 * growth and FIFO grant order; BLOCK_NOWAIT and TEST_LOCK; lock timeout
 * then eviction; convert; inode bits and try_bits; client grant, match,
 * LRU limits, blocking callbacks, early cancel and lru_size=clear;
 * namespace teardown with locks left; a multi-threaded enqueue/cancel/
 * evict race; inode-bit waiters overtaking only where bits do not meet;
 * 10^4 waiters on one resource, with each cancel's time bounded; resent
 * enqueues getting the lock they have, found by client handle comparing a
 * few locks however many the namespace holds; and the live-object counters
 * returning to where they were.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include "ldlm_internal.h"

static bool run_selftest;
static const char *verdict = "not run";

/* Reading the parameter gives the verdict rather than the flag. */
static int selftest_param_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", verdict);
}

static const struct kernel_param_ops selftest_param_ops = {
	.set = param_set_bool,
	.get = selftest_param_get,
};
module_param_cb(ldlm_selftest, &selftest_param_ops, &run_selftest, 0444);
MODULE_PARM_DESC(ldlm_selftest, "1: run the lock manager self-test at load; reads PASS/FAIL");

#define ST_RECORD	16
#define ST_THREADS	4
#define ST_ITERS	300

/* What the test ops saw. */
static struct {
	spinlock_t lock;
	wait_queue_head_t wq;
	unsigned int nbl, ncp, ntmo, ncancelling, ncancel, nbatch;
	__u64 bl_cookie, bl_blocker, tmo_cookie;
	__u64 cp[ST_RECORD];
	__u64 cancelled[ST_RECORD];
} st;

static unsigned int failures;

static void expect(bool ok, const char *what)
{
	if (ok)
		return;
	failures++;
	pr_err("ldlm selftest: check failed: %s\n", what);
}

static void st_reset(void)
{
	spin_lock(&st.lock);
	st.nbl = st.ncp = st.ntmo = st.ncancelling = st.ncancel = st.nbatch = 0;
	st.bl_cookie = st.bl_blocker = st.tmo_cookie = 0;
	memset(st.cp, 0, sizeof(st.cp));
	memset(st.cancelled, 0, sizeof(st.cancelled));
	spin_unlock(&st.lock);
}

static void st_blocking(struct ldlm_lock *lock, struct ldlm_lock *blocker)
{
	spin_lock(&st.lock);
	st.nbl++;
	st.bl_cookie = lock->cookie;
	st.bl_blocker = blocker->cookie;
	spin_unlock(&st.lock);
	wake_up_all(&st.wq);
}

static void st_completion(struct ldlm_lock *lock)
{
	spin_lock(&st.lock);
	if (st.ncp < ST_RECORD)
		st.cp[st.ncp] = lock->cookie;
	st.ncp++;
	spin_unlock(&st.lock);
	wake_up_all(&st.wq);
}

static void st_lock_timeout(struct ldlm_lock *lock)
{
	spin_lock(&st.lock);
	st.ntmo++;
	st.tmo_cookie = lock->cookie;
	spin_unlock(&st.lock);
	wake_up_all(&st.wq);
}

static void st_cancelling(struct ldlm_lock *lock)
{
	spin_lock(&st.lock);
	st.ncancelling++;
	spin_unlock(&st.lock);
}

static void st_cancel_batch(struct ldlm_namespace *ns, struct ldlm_lock **locks,
			    unsigned int n)
{
	unsigned int i;

	spin_lock(&st.lock);
	st.nbatch++;
	for (i = 0; i < n; i++) {
		if (st.ncancel < ST_RECORD)
			st.cancelled[st.ncancel] = locks[i]->remote_handle;
		st.ncancel++;
	}
	spin_unlock(&st.lock);
	wake_up_all(&st.wq);
}

static const struct ldlm_ns_ops st_ops = {
	.blocking_ast = st_blocking,
	.completion_ast = st_completion,
	.lock_timeout = st_lock_timeout,
	.cancelling = st_cancelling,
	.cancel_batch = st_cancel_batch,
};

static bool st_wait(unsigned int *counter, unsigned int want, unsigned long timeout)
{
	return wait_event_timeout(st.wq, READ_ONCE(*counter) >= want, timeout) > 0;
}

static bool st_cancelled(__u64 handle)
{
	unsigned int i;
	bool found = false;

	spin_lock(&st.lock);
	for (i = 0; i < min_t(unsigned int, st.ncancel, ST_RECORD); i++)
		found |= st.cancelled[i] == handle;
	spin_unlock(&st.lock);
	return found;
}

/* A fake export: the clients are just distinct pointers. */
static void *client(unsigned long n)
{
	return (void *)n;
}

static struct ldlm_res_id res_name(__u64 n)
{
	struct ldlm_res_id id = { .name = { n, 0x5e1f, 0, 0 } };

	return id;
}

static union ldlm_wire_policy_data ext(__u64 start, __u64 end)
{
	union ldlm_wire_policy_data p = { .l_extent = { .start = start, .end = end } };

	return p;
}

static union ldlm_wire_policy_data ibits(__u64 bits, __u64 try_bits)
{
	union ldlm_wire_policy_data p = {
		.l_inodebits = { .bits = bits, .try_bits = try_bits },
	};

	return p;
}

static bool ext_is(struct ldlm_lock *lock, __u64 start, __u64 end)
{
	return lock && lock->policy.l_extent.start == start && lock->policy.l_extent.end == end;
}

/* Enqueue on a server namespace; NULL (and a failed check) on error. */
static struct ldlm_lock *srv_enqueue(struct ldlm_namespace *ns, __u64 resn, enum ldlm_type type,
				     enum ldlm_mode mode, union ldlm_wire_policy_data p,
				     void *export, __u32 *flags)
{
	struct ldlm_res_id id = res_name(resn);
	struct ldlm_lock *lock;
	__u32 f = 0;
	int rc;

	rc = ldlm_lock_enqueue(ns, &id, type, mode, &p, flags ?: &f, export,
			       0x1000 + (unsigned long)export, &lock);
	expect(rc == 0 && lock, "server enqueue succeeds");
	return rc ? NULL : lock;
}

static void cancel_put(struct ldlm_lock *lock)
{
	if (!lock)
		return;
	ldlm_lock_cancel(lock);
	ldlm_lock_put(lock);
}

static bool granted(struct ldlm_lock *lock)
{
	return lock && ldlm_lock_is_granted(lock);
}

/* --- server cases ------------------------------------------------------------- */

static void test_extent_fifo(struct ldlm_namespace *ns)
{
	struct ldlm_lock *l1, *l2, *l3, *found;
	union ldlm_wire_policy_data p = ext(0, 10);
	struct ldlm_res_id id = res_name(1);
	struct ldlm_lock *none;
	__u32 flags = 0;
	__u64 c1;
	int rc;

	st_reset();
	l1 = srv_enqueue(ns, 1, LDLM_EXTENT, LCK_PW, ext(0, 4095), client(1), &flags);
	expect(granted(l1), "lone PW granted at once");
	expect(ext_is(l1, 0, LDLM_EOF), "lone PW grows to [0, EOF]");
	expect(flags & LDLM_FL_LOCK_CHANGED, "grown lock says LOCK_CHANGED");

	flags = 0;
	l2 = srv_enqueue(ns, 1, LDLM_EXTENT, LCK_PW, ext(8192, 12287), client(2), &flags);
	expect(l2 && !granted(l2), "conflicting PW waits");
	expect(flags & LDLM_FL_BLOCK_GRANTED, "waiter says BLOCK_GRANTED");
	expect(st.nbl == 1 && l1 && st.bl_cookie == l1->cookie, "holder gets a blocking AST");
	expect(l2 && st.bl_blocker == l2->cookie, "blocking AST names the waiter");

	l3 = srv_enqueue(ns, 1, LDLM_EXTENT, LCK_PR, ext(0, 4095), client(3), NULL);
	expect(l3 && !granted(l3), "PR behind the PW waits");
	expect(st.nbl == 1, "a lock is called back once");

	flags = LDLM_FL_BLOCK_NOWAIT;
	rc = ldlm_lock_enqueue(ns, &id, LDLM_EXTENT, LCK_PR, &p, &flags, client(4), 1, &none);
	expect(rc == -EAGAIN && !none, "BLOCK_NOWAIT fails instead of waiting");
	flags = LDLM_FL_TEST_LOCK;
	rc = ldlm_lock_enqueue(ns, &id, LDLM_EXTENT, LCK_PR, &p, &flags, client(4), 1, &none);
	expect(rc == -EAGAIN && !none, "TEST_LOCK reports the conflict");
	expect(st.nbl == 1, "neither sends a blocking AST");
	rc = ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, LCK_PR, NULL, NULL, client(4), 1, &none);
	expect(rc == -EINVAL, "a PLAIN lock on an EXTENT resource is refused");

	if (!l1 || !l2 || !l3)
		goto out;
	c1 = l1->cookie;
	found = ldlm_handle2lock(c1);
	expect(found == l1, "handle finds the lock");
	ldlm_lock_put(found);
	found = ldlm_lock_find_remote(ns, client(2), 0x1002);
	expect(found == l2, "a client's handle finds its lock (resends)");
	ldlm_lock_put(found);
	found = ldlm_lock_find_remote(ns, client(3), 0x1002);
	expect(!found, "another client's handle does not");
	ldlm_lock_put(found);

	ldlm_lock_cancel(l1);
	expect(!ldlm_handle2lock(c1), "a cancelled lock's handle finds nothing");
	expect(granted(l2) && granted(l3), "cancel grants both waiters");
	expect(st.ncp == 2 && st.cp[0] == l2->cookie && st.cp[1] == l3->cookie,
	       "completion ASTs come in arrival order");
	expect(ext_is(l2, 4096, LDLM_EOF), "PW grows up to EOF, above the waiting PR");
	expect(ext_is(l3, 0, 4095), "PR grows up to the granted PW");
	expect(st.nbl == 1, "no new conflict, no new blocking AST");
out:
	cancel_put(l1);
	cancel_put(l2);
	cancel_put(l3);
}

static void test_timeout_evict(struct ldlm_namespace *ns)
{
	struct ldlm_lock *l1, *l2;
	unsigned int n;
	__u64 c1;

	st_reset();
	WRITE_ONCE(ns->lock_timeout, 1);
	l1 = srv_enqueue(ns, 2, LDLM_EXTENT, LCK_PW, ext(0, LDLM_EOF), client(1), NULL);
	l2 = srv_enqueue(ns, 2, LDLM_EXTENT, LCK_PR, ext(0, 100), client(2), NULL);
	if (!l1 || !l2)
		goto out;
	c1 = l1->cookie;
	expect(st.nbl == 1 && !granted(l2), "blocking AST, waiter queued");
	expect(st_wait(&st.ntmo, 1, 10 * HZ), "lock_timeout called within 10 s");
	expect(st.tmo_cookie == c1, "lock_timeout names the holder");
	n = ldlm_export_cancel_locks(ns, client(1));
	expect(n == 1, "eviction cancels the holder's lock");
	expect(!ldlm_handle2lock(c1), "an evicted lock's handle finds nothing");
	expect(granted(l2) && st.ncp == 1, "eviction grants the waiter");
	msleep(1500);
	expect(st.ntmo == 1, "lock_timeout is called once");
out:
	WRITE_ONCE(ns->lock_timeout, LDLM_DEFAULT_LOCK_TIMEOUT);
	cancel_put(l1);
	cancel_put(l2);
}

static void test_convert(struct ldlm_namespace *ns)
{
	struct ldlm_lock *l1, *l2;

	st_reset();
	l1 = srv_enqueue(ns, 3, LDLM_EXTENT, LCK_PW, ext(0, LDLM_EOF), client(1), NULL);
	l2 = srv_enqueue(ns, 3, LDLM_EXTENT, LCK_PR, ext(0, 100), client(2), NULL);
	if (!l1 || !l2)
		goto out;
	expect(ldlm_lock_convert(l1, LCK_PW, 0) == 0 && st.nbl == 2,
	       "a convert that still conflicts calls back again");
	expect(ldlm_lock_convert(l1, LCK_PR, 0) == 0, "PW converts to PR");
	expect(granted(l2) && st.ncp == 1, "the converted lock lets the PR in");
	expect(ldlm_lock_convert(l1, LCK_PW, 0) == -EINVAL, "no upgrade by convert");
	expect(ldlm_lock_convert(l1, LCK_PR, 1) == -EINVAL, "no bits on an extent lock");
out:
	cancel_put(l1);
	cancel_put(l2);
}

static void test_ibits(struct ldlm_namespace *ns)
{
	struct ldlm_lock *l1, *l2, *l3, *l4;
	__u32 flags = 0;

	st_reset();
	l1 = srv_enqueue(ns, 4, LDLM_IBITS, LCK_PR,
			 ibits(MDS_INODELOCK_LOOKUP | MDS_INODELOCK_UPDATE, 0), client(1), NULL);
	l2 = srv_enqueue(ns, 4, LDLM_IBITS, LCK_EX, ibits(MDS_INODELOCK_LAYOUT, 0), client(2), NULL);
	l3 = srv_enqueue(ns, 4, LDLM_IBITS, LCK_EX, ibits(MDS_INODELOCK_UPDATE, 0), client(3), NULL);
	l4 = srv_enqueue(ns, 4, LDLM_IBITS, LCK_PR,
			 ibits(MDS_INODELOCK_LOOKUP, MDS_INODELOCK_OPEN | MDS_INODELOCK_UPDATE),
			 client(4), &flags);
	if (!l1 || !l2 || !l3 || !l4)
		goto out;
	expect(granted(l1) && granted(l2), "disjoint bits do not conflict");
	expect(!granted(l3), "EX UPDATE waits for PR LOOKUP|UPDATE");
	expect(st.nbl == 1 && st.bl_cookie == l1->cookie, "only the PR lock is called back");
	expect(granted(l4), "PR LOOKUP passes the waiting EX UPDATE");
	expect(l4->policy.l_inodebits.bits == (MDS_INODELOCK_LOOKUP | MDS_INODELOCK_OPEN) &&
	       !l4->policy.l_inodebits.try_bits && (flags & LDLM_FL_LOCK_CHANGED),
	       "free try_bits are granted, contended ones dropped");
	expect(ldlm_lock_convert(l1, LCK_PR, MDS_INODELOCK_LOOKUP) == 0, "bits drop");
	expect(granted(l3) && st.ncp == 1, "dropping UPDATE grants the EX UPDATE");
	expect(ldlm_lock_convert(l1, LCK_PR, MDS_INODELOCK_PERM) == -EINVAL,
	       "convert cannot add bits");
out:
	cancel_put(l1);
	cancel_put(l2);
	cancel_put(l3);
	cancel_put(l4);
}

/* --- client cases --------------------------------------------------------------- */

/* A granted client lock, held once in @mode (or NULL). */
static struct ldlm_lock *cli_granted(struct ldlm_namespace *ns, __u64 resn, enum ldlm_mode mode,
				     union ldlm_wire_policy_data p, __u64 remote)
{
	struct ldlm_res_id id = res_name(resn);
	struct ldlm_lock *lock = ldlm_cli_lock_new(ns, &id, LDLM_EXTENT, mode, &p);

	if (IS_ERR(lock)) {
		expect(false, "client lock created");
		return NULL;
	}
	ldlm_cli_lock_set_remote(lock, remote);
	expect(ldlm_cli_lock_grant(lock, mode, NULL) == 0, "client grant");
	return lock;
}

static void test_client(struct ldlm_namespace *ns)
{
	union ldlm_wire_policy_data p = ext(100, 200);
	struct ldlm_lock *c1, *c2, *c3, *m, *c;
	struct ldlm_res_id id = res_name(1);
	__u64 handles[8], cookie;
	unsigned int n;
	int rc;

	st_reset();
	c = ldlm_cli_lock_new(ns, &id, LDLM_EXTENT, LCK_PR, &p);
	if (IS_ERR(c)) {
		expect(false, "client lock created");
		return;
	}
	expect(!ldlm_lock_is_granted(c), "a new client lock waits");
	expect(ldlm_lock_match(ns, &id, LDLM_EXTENT, &p, LCK_PR, &m) == -ENOENT,
	       "an ungranted lock is not matched");
	ldlm_cli_lock_set_remote(c, 0x5001);
	p = ext(0, LDLM_EOF);
	expect(ldlm_cli_completion(ns, c->cookie, LCK_PR, &p) == 0, "completion by handle");
	expect(ldlm_cli_lock_wait_granted(c, HZ) == 0, "wait_granted returns once granted");
	c1 = c;

	p = ext(100, 200);
	expect(ldlm_lock_match(ns, &id, LDLM_EXTENT, &p, ldlm_mode_covers_mask(LCK_PR), &m) == 0 &&
	       m == c1, "a granted PR [0, EOF] serves a PR [100, 200] request");
	if (m)
		ldlm_lock_decref(m, m->granted_mode);
	expect(ldlm_lock_match(ns, &id, LDLM_EXTENT, &p, ldlm_mode_covers_mask(LCK_PW), &m) ==
	       -ENOENT, "a PR lock does not serve a PW request");
	ldlm_lock_decref(c1, LCK_PR);
	expect(ns->nr_unused == 1, "an unused lock goes on the LRU");

	/* LRU size limit: the oldest go first, in one batch. */
	c2 = cli_granted(ns, 2, LCK_PW, ext(0, 4095), 0x5002);
	c3 = cli_granted(ns, 3, LCK_PR, ext(0, 4095), 0x5003);
	if (!c2 || !c3)
		return;
	ldlm_lock_decref(c2, LCK_PW);
	ldlm_lock_decref(c3, LCK_PR);
	expect(ns->nr_unused == 3, "three unused locks");
	WRITE_ONCE(ns->lru_size, 1);
	ldlm_lru_kick(ns);
	expect(st_wait(&st.ncancel, 2, 5 * HZ), "lru_size=1 cancels two locks");
	expect(st_cancelled(0x5001) && st_cancelled(0x5002) && !st_cancelled(0x5003),
	       "the two oldest are cancelled");
	expect(st.nbatch == 1 && st.ncancelling == 2, "in one batch, each cancelling first");
	expect(ns->nr_unused == 1, "one unused lock left");
	WRITE_ONCE(ns->lru_size, 0);

	/* A blocking callback on an unused lock cancels it; a second one
	 * finds it being cancelled or gone (c3 itself may be freed by then).
	 */
	cookie = c3->cookie;
	expect(ldlm_cli_blocking(ns, cookie) == 0, "blocking callback by handle");
	expect(st_wait(&st.ncancel, 3, 5 * HZ) && st_cancelled(0x5003),
	       "an unused called-back lock is cancelled");
	rc = ldlm_cli_blocking(ns, cookie);
	expect(rc == 0 || rc == -ENOENT, "a second callback is harmless");
	expect(st.ncancel == 3, "and cancels nothing more");

	/* A called-back lock in use is cancelled on its last release. */
	c = cli_granted(ns, 4, LCK_PW, ext(0, 4095), 0x5004);
	if (!c)
		return;
	id = res_name(4);
	p = ext(0, 10);
	expect(ldlm_cli_blocking(ns, c->cookie) == 0, "callback on a held lock");
	expect(ldlm_lock_match(ns, &id, LDLM_EXTENT, &p, LCK_PW, &m) == -ENOENT,
	       "a called-back lock is not matched");
	expect(!st_cancelled(0x5004), "a held lock is not cancelled");
	ldlm_lock_decref(c, LCK_PW);
	expect(st_wait(&st.ncancel, 4, 5 * HZ) && st_cancelled(0x5004),
	       "cancelled on release");

	/* A callback before the grant: cancelled once granted and released. */
	id = res_name(5);
	c = ldlm_cli_lock_new(ns, &id, LDLM_EXTENT, LCK_PR, &p);
	if (IS_ERR(c))
		return;
	expect(ldlm_cli_blocking(ns, c->cookie) == 0, "callback before the grant");
	ldlm_cli_lock_set_remote(c, 0x5005);
	expect(ldlm_cli_lock_grant(c, LCK_PR, NULL) == 0, "grant after the callback");
	ldlm_lock_decref(c, LCK_PR);
	expect(st_wait(&st.ncancel, 5, 5 * HZ) && st_cancelled(0x5005),
	       "cancelled after grant and release");

	/* Aborted enqueue. */
	id = res_name(6);
	c = ldlm_cli_lock_new(ns, &id, LDLM_EXTENT, LCK_PR, &p);
	if (IS_ERR(c))
		return;
	ldlm_cli_lock_abort(c);
	expect(ldlm_cli_lock_wait_granted(c, HZ) == -ESTALE, "an aborted lock is never granted");
	expect(ldlm_cli_lock_grant(c, LCK_PR, NULL) == -ESTALE, "late grant refused");
	ldlm_lock_decref(c, LCK_PR);

	/* Early cancels: aged LRU locks, and a resource's conflicting locks. */
	c = cli_granted(ns, 7, LCK_PR, ext(0, 4095), 0x5007);
	if (!c)
		return;
	ldlm_lock_decref(c, LCK_PR);
	WRITE_ONCE(ns->lru_max_age, 1);
	msleep(20);
	n = ldlm_cancel_lru_collect(ns, ARRAY_SIZE(handles), handles);
	WRITE_ONCE(ns->lru_max_age, LDLM_DEFAULT_LRU_MAX_AGE);
	expect(n == 1 && handles[0] == 0x5007, "an aged lock is collected for early cancel");
	expect(!st_cancelled(0x5007), "early cancel sends nothing itself");

	c = cli_granted(ns, 8, LCK_PR, ext(0, 4095), 0x5008);
	if (!c)
		return;
	ldlm_lock_decref(c, LCK_PR);
	id = res_name(8);
	p = ext(0, 10);
	n = ldlm_cancel_resource_collect(ns, &id, LCK_PW, &p, ARRAY_SIZE(handles), handles);
	expect(n == 1 && handles[0] == 0x5008, "a resource's conflicting lock is collected");

	/* lru_size=clear. */
	c = cli_granted(ns, 9, LCK_PR, ext(0, 4095), 0x5009);
	if (!c)
		return;
	ldlm_lock_decref(c, LCK_PR);
	ldlm_cancel_lru_all(ns);
	expect(st_cancelled(0x5009) && ns->nr_unused == 0, "clear cancels every unused lock");
	expect(atomic_read(&ns->nr_locks) == 0 && atomic_read(&ns->nr_resources) == 0,
	       "client namespace empty");
}

/* --- races ---------------------------------------------------------------------- */

struct st_worker {
	struct ldlm_namespace *ns;
	unsigned int id;
	unsigned int stuck;
	unsigned int errors;
	struct completion done;
};

/*
 * 10^4 waiters on one resource: a cancel that grants all of them, and one
 * that grants one of 10^4 conflicting waiters, each take time linear in
 * the waiters (grant reprocessing used to be quadratic under res->lock:
 * seconds with interrupts on but preemption off, a soft lockup at 10^5).
 * The bound is loose for a loaded emulated guest; the times are printed.
 */
#define ST_MANY		10000
#define ST_MANY_MS	3000
/* Locks a resend lookup may compare, on average: the index is at most 75%
 * full and rehashes chains longer than 16, so ~1.4 is expected. */
#define ST_RESEND_PROBES	4

static struct ldlm_lock *srv_plain(struct ldlm_namespace *ns, __u64 resn, enum ldlm_mode mode,
				   unsigned long who)
{
	union ldlm_wire_policy_data none = {};

	return srv_enqueue(ns, resn, LDLM_PLAIN, mode, none, client(who), NULL);
}

static void test_many_waiters(struct ldlm_namespace *ns)
{
	struct ldlm_lock **w, *holder, *last;
	unsigned int i, n, ngranted;
	s64 ms;
	ktime_t t0;

	w = kvcalloc(ST_MANY, sizeof(*w), GFP_KERNEL);
	expect(w, "room for the waiters");
	if (!w)
		return;

	/* 10^4 PR behind an EX, and an EX behind them. */
	st_reset();
	holder = srv_plain(ns, 30, LCK_EX, 1);
	for (n = 0; n < ST_MANY; n++) {
		w[n] = srv_plain(ns, 30, LCK_PR, 100 + n);
		if (!w[n])
			break;
		cond_resched();
	}
	last = srv_plain(ns, 30, LCK_EX, 2);
	expect(n == ST_MANY && !granted(w[0]) && !granted(last), "10^4 PR wait behind an EX");
	expect(st.nbl == 1, "the EX holder is called back once");
	t0 = ktime_get();
	cancel_put(holder);
	ms = ktime_ms_delta(ktime_get(), t0);
	pr_info("ldlm selftest: a cancel granting %u waiting PR locks took %lld ms\n", n, ms);
	expect(ms < ST_MANY_MS, "a cancel granting 10^4 waiters takes bounded time");
	for (i = 0, ngranted = 0; i < n; i++)
		ngranted += granted(w[i]);
	expect(ngranted == ST_MANY && !granted(last), "every PR granted, the EX behind waits");
	expect(st.ncp == ST_MANY && st.cp[0] == w[0]->cookie && st.cp[1] == w[1]->cookie,
	       "their completion ASTs in arrival order");
	expect(st.nbl == 1 + ST_MANY, "each new PR is called back for the EX");
	/* Cancelling them one by one: the EX comes last. */
	t0 = ktime_get();
	for (i = 0; i < n; i++) {
		cancel_put(w[i]);
		cond_resched();
	}
	ms = ktime_ms_delta(ktime_get(), t0);
	pr_info("ldlm selftest: %u cancels before the EX took %lld ms\n", n, ms);
	expect(granted(last), "the EX is granted after the last PR");
	cancel_put(last);

	/* 10^4 EX waiters: a cancel grants the first; the rest stay. */
	st_reset();
	holder = srv_plain(ns, 31, LCK_EX, 1);
	for (n = 0; n < ST_MANY; n++) {
		w[n] = srv_plain(ns, 31, LCK_EX, 100 + n);
		if (!w[n])
			break;
		cond_resched();
	}
	expect(n == ST_MANY, "10^4 EX wait behind an EX");
	t0 = ktime_get();
	cancel_put(holder);
	ms = ktime_ms_delta(ktime_get(), t0);
	pr_info("ldlm selftest: a cancel among %u waiting EX locks took %lld ms\n", n, ms);
	expect(ms < ST_MANY_MS, "a cancel among 10^4 conflicting waiters takes bounded time");
	expect(n && granted(w[0]) && (n < 2 || !granted(w[1])), "only the first EX is granted");
	expect(st.ncp == 1 && st.nbl == 2, "one completion, the new holder called back");
	/* Each cancel grants the next one: 10^4 cancels in linear time. */
	t0 = ktime_get();
	for (i = 0, ngranted = 0; i < n; i++) {
		ngranted += granted(w[i]);	/* each by the cancel before */
		cancel_put(w[i]);
		cond_resched();
	}
	ms = ktime_ms_delta(ktime_get(), t0);
	pr_info("ldlm selftest: %u cancels of the EX locks, each granting the next, took %lld ms\n",
		n, ms);
	expect(ms < 2 * ST_MANY_MS, "10^4 cancels of a queue of EX locks take bounded time");
	expect(ngranted == n && st.ncp == n, "each EX granted in turn, with its completion AST");
	kvfree(w);
}

/*
 * IBITS fairness with the one-pass reprocess: a waiter overtakes one that
 * still waits only when their bits do not meet.
 */
static void test_ibits_overtake(struct ldlm_namespace *ns)
{
	struct ldlm_lock *a, *b, *w1, *w2, *w3;

	st_reset();
	a = srv_enqueue(ns, 32, LDLM_IBITS, LCK_EX, ibits(1, 0), client(1), NULL);
	b = srv_enqueue(ns, 32, LDLM_IBITS, LCK_EX, ibits(2, 0), client(2), NULL);
	w1 = srv_enqueue(ns, 32, LDLM_IBITS, LCK_EX, ibits(1, 0), client(3), NULL);
	w2 = srv_enqueue(ns, 32, LDLM_IBITS, LCK_EX, ibits(2 | 8, 0), client(4), NULL);
	w3 = srv_enqueue(ns, 32, LDLM_IBITS, LCK_PR, ibits(8, 0), client(5), NULL);
	expect(granted(a) && granted(b), "EX on bits 1 and on bit 2 granted together");
	expect(w1 && w2 && w3 && !granted(w1) && !granted(w2) && !granted(w3),
	       "waiters on bit 1, bits 2|8, and PR on bit 8 behind them, wait");
	cancel_put(b);
	expect(!granted(w1), "bit 1 still held: that waiter waits");
	expect(granted(w2), "bits 2|8 overtake the bit-1 waiter");
	expect(!granted(w3), "PR on bit 8 waits for the EX on it");
	cancel_put(w2);
	expect(granted(w3), "PR on bit 8 overtakes the bit-1 waiter");
	expect(!granted(w1), "and that one still waits");
	cancel_put(a);
	expect(granted(w1), "bit 1 free at last");
	cancel_put(w1);
	cancel_put(w3);
}

/*
 * Resends: a resent enqueue (the glue's ldlm_resent_lock()) finds the lock
 * its first execution made by (export, client handle) and makes no second
 * one; ldlm_handle_enqueue() does exactly this find-else-enqueue.
 */
static struct ldlm_lock *st_resent_enqueue(struct ldlm_namespace *ns, __u64 resn,
					   enum ldlm_mode mode, void *export, __u64 handle)
{
	struct ldlm_res_id id = res_name(resn);
	struct ldlm_lock *lock = ldlm_lock_find_remote(ns, export, handle);
	int rc;

	if (lock)
		return lock;
	rc = ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, mode, NULL, NULL, export, handle, &lock);
	return rc ? NULL : lock;
}

/* How many locks the resource @resn has granted. */
static int st_ngranted(struct ldlm_namespace *ns, __u64 resn)
{
	struct ldlm_res_id id = res_name(resn);
	struct ldlm_lock *locks[4];
	int i, n;

	n = ldlm_resource_locks(ns, &id, LCK_EX | LCK_PW | LCK_PR, locks, ARRAY_SIZE(locks));
	for (i = 0; i < n; i++)
		ldlm_lock_put(locks[i]);
	return n;
}

static void test_resend(struct ldlm_namespace *ns)
{
	struct ldlm_lock *l1, *l2, *l3, *again, *none;
	int locks0 = atomic_read(&ns->nr_locks);
	struct ldlm_res_id id = res_name(41);
	__u32 flags;
	int rc;

	st_reset();
	l1 = st_resent_enqueue(ns, 40, LCK_PR, client(7), 0xa001);
	expect(granted(l1), "first enqueue of handle 0xa001 granted");
	again = st_resent_enqueue(ns, 40, LCK_PR, client(7), 0xa001);
	expect(again && again == l1, "its resend gets the same lock (same server handle)");
	expect(atomic_read(&ns->nr_locks) == locks0 + 1 && st_ngranted(ns, 40) == 1,
	       "the resend grants no second lock");
	ldlm_lock_put(again);

	l2 = st_resent_enqueue(ns, 40, LCK_EX, client(8), 0xa002);
	expect(l2 && !granted(l2), "a conflicting EX waits");
	again = st_resent_enqueue(ns, 40, LCK_EX, client(8), 0xa002);
	expect(again == l2 && atomic_read(&ns->nr_locks) == locks0 + 2,
	       "a resend finds a waiting lock too");
	ldlm_lock_put(again);
	none = ldlm_lock_find_remote(ns, client(8), 0xa001);
	expect(!none, "another client's handle finds nothing");
	ldlm_lock_put(none);

	/* A client reusing a live handle: the first lock keeps the entry. */
	l3 = st_resent_enqueue(ns, 41, LCK_PR, client(9), 0xa003);
	again = NULL;
	if (l3)
		ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, LCK_PR, NULL, NULL, client(9), 0xa003,
				  &again);
	expect(again && again != l3, "a reused handle still gets a lock");
	none = ldlm_lock_find_remote(ns, client(9), 0xa003);
	expect(none && none == l3, "and the handle still names the first one");
	ldlm_lock_put(none);
	cancel_put(again);

	/* Enqueues that make no lock leave nothing to find. */
	flags = LDLM_FL_BLOCK_NOWAIT;
	rc = ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, LCK_EX, NULL, &flags, client(10), 0xa004,
			       &none);
	expect(rc == -EAGAIN, "BLOCK_NOWAIT fails");
	flags = LDLM_FL_TEST_LOCK;
	ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, LCK_PR, NULL, &flags, client(10), 0xa005, &none);
	none = ldlm_lock_find_remote(ns, client(10), 0xa004) ?:
	       ldlm_lock_find_remote(ns, client(10), 0xa005);
	expect(!none, "failed and test enqueues are not found");
	ldlm_lock_put(none);

	/* Cancel and eviction take locks out of the index. */
	cancel_put(l1);
	none = ldlm_lock_find_remote(ns, client(7), 0xa001);
	expect(!none, "a cancelled lock is not found");
	ldlm_lock_put(none);
	expect(granted(l2), "the waiting EX granted");
	expect(ldlm_export_cancel_locks(ns, client(8)) == 1, "eviction destroys the EX");
	none = ldlm_lock_find_remote(ns, client(8), 0xa002);
	expect(!none, "an evicted client's lock is not found");
	ldlm_lock_put(none);
	again = st_resent_enqueue(ns, 40, LCK_EX, client(8), 0xa002);
	expect(again && again != l2 && granted(again), "its resend after eviction is new");
	cancel_put(again);
	ldlm_lock_put(l2);
	cancel_put(l3);
	expect(atomic_read(&ns->nr_locks) == locks0 &&
	       !atomic_read(&ns->remote_hash.nelems), "resend index empty again");
}

/* Lookups of every lock, then of unknown handles: probes per lookup. */
static void st_resend_probe(struct ldlm_namespace *ns, struct ldlm_lock **locks, unsigned int n,
			    const char *what)
{
	unsigned int i, probes = 0, misses = 0, wrong = 0;
	struct ldlm_lock *found;
	ktime_t t0 = ktime_get();
	s64 us;

	for (i = 0; i < n; i++) {
		found = ldlm_remote_find(ns, locks[i]->export, locks[i]->remote_handle, &probes);
		wrong += found != locks[i];
		ldlm_lock_put(found);
		found = ldlm_remote_find(ns, locks[i]->export, ~locks[i]->remote_handle, &probes);
		misses += !found;
		ldlm_lock_put(found);
	}
	us = ktime_us_delta(ktime_get(), t0);
	pr_info("ldlm selftest: %u resend lookups with %d locks in the namespace: %u locks compared, %lld us\n",
		2 * n, atomic_read(&ns->nr_locks), probes, us);
	expect(!wrong && misses == n, what);
	expect(probes <= ST_RESEND_PROBES * 2 * n,
	       "a resend lookup compares a few locks, not the namespace's");
}

/*
 * 10^4 locks of 64 clients on 10^4 resources: finding a lock by its client
 * handle compares as many locks as with 64 locks (a walk compared them all).
 */
static void test_resend_scale(struct ldlm_namespace *ns)
{
	struct ldlm_lock **locks;
	struct ldlm_res_id id;
	unsigned int n;

	locks = kvcalloc(ST_MANY, sizeof(*locks), GFP_KERNEL);
	expect(locks, "room for the locks");
	if (!locks)
		return;
	for (n = 0; n < ST_MANY; n++) {
		id = res_name(1000 + n);
		if (ldlm_lock_enqueue(ns, &id, LDLM_PLAIN, LCK_PR, NULL, NULL, client(200 + n % 64),
				      0xb0000 + n / 64, &locks[n]))
			break;
		if (n == 63)
			st_resend_probe(ns, locks, 64, "64 locks each found by client handle");
		cond_resched();
	}
	expect(n == ST_MANY, "10^4 locks on 10^4 resources");
	st_resend_probe(ns, locks, n, "10^4 locks each found by client handle");
	while (n--) {
		cancel_put(locks[n]);
		cond_resched();
	}
	kvfree(locks);
}

static int st_worker_fn(void *arg)
{
	struct st_worker *w = arg;
	unsigned int i;

	for (i = 0; i < ST_ITERS; i++) {
		u32 r = get_random_u32();
		struct ldlm_res_id id = res_name(100 + r % 4);
		enum ldlm_mode mode = (r >> 8) & 1 ? LCK_PW : LCK_PR;
		__u64 start = ((r >> 9) % 16) * 4096;
		union ldlm_wire_policy_data p = ext(start, start + 4095);
		struct ldlm_lock *lock;
		__u32 flags = 0;

		if (ldlm_lock_enqueue(w->ns, &id, LDLM_EXTENT, mode, &p, &flags, w, i, &lock)) {
			w->errors++;
			continue;
		}
		if (!wait_event_timeout(st.wq, ldlm_lock_is_granted(lock) ||
					test_bit(LDLM_LS_DESTROYED, &lock->state), 20 * HZ))
			w->stuck++;
		if (r % 32 == 0)
			ldlm_export_cancel_locks(w->ns, w);
		else
			ldlm_lock_cancel(lock);
		ldlm_lock_put(lock);
	}
	complete(&w->done);
	return 0;
}

static void test_race(struct ldlm_namespace *ns)
{
	struct st_worker *w;
	struct task_struct *task;
	unsigned int i, started = 0, stuck = 0, errors = 0;

	st_reset();
	w = kcalloc(ST_THREADS, sizeof(*w), GFP_KERNEL);
	if (!w) {
		expect(false, "race workers allocated");
		return;
	}
	for (i = 0; i < ST_THREADS; i++) {
		w[i].ns = ns;
		w[i].id = i;
		init_completion(&w[i].done);
		task = kthread_run(st_worker_fn, &w[i], "ldlm_st/%u", i);
		if (IS_ERR(task))
			break;
		started++;
	}
	expect(started == ST_THREADS, "race workers started");
	for (i = 0; i < started; i++) {
		wait_for_completion(&w[i].done);
		stuck += w[i].stuck;
		errors += w[i].errors;
	}
	kfree(w);
	expect(!errors, "racing enqueues succeed");
	expect(!stuck, "every racing lock is granted within 20 s");
	expect(atomic_read(&ns->nr_locks) == 0 && atomic_read(&ns->nr_resources) == 0,
	       "racing locks all freed");
	expect(!atomic_read(&ns->remote_hash.nelems), "and out of the resend index");
}

/* --- runner ---------------------------------------------------------------------- */

static void test_teardown(void)
{
	struct ldlm_namespace *srv, *cli, *dup;
	struct ldlm_lock *l, *c;

	srv = ldlm_namespace_new("ldlm-selftest-free-srv", LDLM_NAMESPACE_SERVER, &st_ops, NULL);
	cli = ldlm_namespace_new("ldlm-selftest-free-cli", LDLM_NAMESPACE_CLIENT, &st_ops, NULL);
	if (IS_ERR(srv) || IS_ERR(cli)) {
		expect(false, "teardown namespaces created");
		if (!IS_ERR(srv))
			ldlm_namespace_free(srv);
		if (!IS_ERR(cli))
			ldlm_namespace_free(cli);
		return;
	}
	dup = ldlm_namespace_new("ldlm-selftest-free-srv", LDLM_NAMESPACE_SERVER, &st_ops, NULL);
	expect(PTR_ERR(dup) == -EEXIST, "namespace names are unique");
	if (!IS_ERR(dup))
		ldlm_namespace_free(dup);

	l = srv_enqueue(srv, 1, LDLM_EXTENT, LCK_PW, ext(0, 4095), client(1), NULL);
	ldlm_lock_put(l);
	l = srv_enqueue(srv, 1, LDLM_EXTENT, LCK_PW, ext(0, 4095), client(2), NULL);
	ldlm_lock_put(l);
	c = cli_granted(cli, 1, LCK_PR, ext(0, 4095), 0x6001);
	if (c)
		ldlm_lock_decref(c, LCK_PR);
	expect(atomic_read(&srv->nr_locks) == 2 && atomic_read(&cli->nr_locks) == 1,
	       "locks left for teardown");
	st_reset();
	ldlm_namespace_free(srv);
	ldlm_namespace_free(cli);
	expect(!st.ncancel && !st.ncp, "teardown calls no op");
}

/**
 * ldlm_selftest() - run the lock-manager self-test (see the top of
 * ldlm_selftest.c); prints the verdict.
 *
 * Context: process context, sleeps (several seconds: a lock timeout).
 * Return: 0 on PASS, -EIO on FAIL, or the error making a namespace.
 */
int ldlm_selftest(void)
{
	int locks0 = atomic_read(&ldlm_nr_locks), res0 = atomic_read(&ldlm_nr_resources);
	struct ldlm_namespace *srv, *cli;

	spin_lock_init(&st.lock);
	init_waitqueue_head(&st.wq);
	failures = 0;
	srv = ldlm_namespace_new("ldlm-selftest-srv", LDLM_NAMESPACE_SERVER, &st_ops, NULL);
	if (IS_ERR(srv))
		return PTR_ERR(srv);
	cli = ldlm_namespace_new("ldlm-selftest-cli", LDLM_NAMESPACE_CLIENT, &st_ops, NULL);
	if (IS_ERR(cli)) {
		ldlm_namespace_free(srv);
		return PTR_ERR(cli);
	}

	test_extent_fifo(srv);
	test_timeout_evict(srv);
	test_convert(srv);
	test_ibits(srv);
	test_ibits_overtake(srv);
	test_many_waiters(srv);
	test_resend(srv);
	test_resend_scale(srv);
	expect(atomic_read(&srv->nr_locks) == 0 && atomic_read(&srv->nr_resources) == 0,
	       "server namespace empty");
	test_client(cli);
	test_race(srv);
	ldlm_namespace_free(cli);
	ldlm_namespace_free(srv);
	test_teardown();
	expect(atomic_read(&ldlm_nr_locks) == locks0 && atomic_read(&ldlm_nr_resources) == res0,
	       "live lock and resource counts back to where they were");

	verdict = failures ? "FAIL" : "PASS";
	if (failures)
		pr_err("ldlm selftest: FAIL (%u)\n", failures);
	else
		pr_info("ldlm selftest: PASS\n");
	return failures ? -EIO : 0;
}
EXPORT_SYMBOL(ldlm_selftest);

/* ldlm_init(): run it if asked to at load. */
void ldlm_selftest_init(void)
{
	if (run_selftest)
		ldlm_selftest();
}
