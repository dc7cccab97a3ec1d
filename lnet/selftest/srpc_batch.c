// SPDX-License-Identifier: GPL-2.0
/*
 * A client test running: its thread keeps RPCs in flight to the test's
 * destinations until loop x concur RPCs have gone to each (Lustre: concur
 * "units" per destination, each sending loop RPCs one after the other), the
 * test is stopped, or (stop_onerr) one failed.  loop ~0 runs until stopped.
 *
 * Nacre bounds what a console can make a node do: at most SFW_MAX_INFLIGHT
 * RPCs of a test are in flight (fewer than ndest x concur when that is
 * larger: the RPCs go round the destinations in turn), and a brw test's
 * bulk buffers stay within SFW_BRW_BUDGET bytes.  The buffers exist only
 * while the test runs.
 *
 * Failures count in the session (ping_errors, brw_errors) as Lustre's do:
 * a transport error, timeout or malformed reply, an error status, a ping
 * reply without the magic or with another sequence, a read whose data
 * fails the pattern check.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/swab.h>
#include "srpc.h"
#include "selftest.h"

struct sfw_slot {
	struct srpc_client_rpc rpc;
	bool busy;
};

static unsigned int test_bulk_len(const struct sfw_test *t)
{
	return srpc_test_bulk_len(&t->u.bulk, t->feats);
}

static unsigned int test_nslots(const struct sfw_test *t)
{
	u64 want = (u64)t->ndest * t->concur;
	unsigned int n = min_t(u64, want, SFW_MAX_INFLIGHT);

	if (t->service == SRPC_SERVICE_BRW)
		n = clamp_t(unsigned int, SFW_BRW_BUDGET / test_bulk_len(t), 1, n);
	return n;
}

static void slot_prep(struct sfw_test *t, struct sfw_slot *s, u64 nr)
{
	const struct srpc_dest *d = &t->dests[nr % t->ndest];
	struct srpc_client_rpc *rpc = &s->rpc;

	rpc->nid = d->nid;
	rpc->pid = d->pid;
	rpc->service = t->service;
	rpc->feats = t->feats;
	memset(&rpc->req, 0, sizeof(rpc->req));
	if (t->service == SRPC_SERVICE_PING) {
		struct timespec64 ts;

		ktime_get_real_ts64(&ts);
		rpc->req.body.ping_reqst.magic = LST_PING_TEST_MAGIC;
		rpc->req.body.ping_reqst.seq = t->seq++;
		rpc->req.body.ping_reqst.time_sec = ts.tv_sec;
		rpc->req.body.ping_reqst.time_nsec = ts.tv_nsec;
		return;
	}
	rpc->req.body.brw_reqst.rw = t->u.bulk.opc;
	rpc->req.body.brw_reqst.len = rpc->len;
	rpc->req.body.brw_reqst.flags = t->u.bulk.flags;
	rpc->sink = t->u.bulk.opc == LST_BRW_READ;
	/* A reader fills the poison first, so a check cannot pass on stale data. */
	srpc_bulk_fill(rpc->kiov, rpc->niov, t->u.bulk.flags,
		       rpc->sink ? LST_BRW_POISON : LST_BRW_MAGIC);
}

/* Account one ended RPC; false when it failed. */
static bool slot_done(struct sfw_test *t, struct sfw_slot *s)
{
	struct srpc_client_rpc *rpc = &s->rpc;
	struct srpc_msg reply;
	bool swab = false;
	int rc = srpc_client_finish(rpc, &reply, &swab);

	if (rc) {
		atomic_inc(&srpc_stats.errors);
	} else if (t->service == SRPC_SERVICE_PING) {
		const struct srpc_ping_reply *r = &reply.body.ping_reply;

		if (r->status || r->magic != LST_PING_TEST_MAGIC ||
		    r->seq != rpc->req.body.ping_reqst.seq)
			rc = -EBADMSG;
	} else if (reply.body.brw_reply.status) {
		rc = -EIO;
	} else if (rpc->sink &&
		   srpc_bulk_check(rpc->kiov, rpc->niov, t->u.bulk.flags,
				   swab ? __swab64(LST_BRW_MAGIC) : LST_BRW_MAGIC)) {
		rc = -EBADMSG;
	}
	if (!rc)
		return true;
	pr_debug("test RPC to 0x%llx failed: %d\n", rpc->nid, rc);
	atomic_inc(t->service == SRPC_SERVICE_PING ? &t->sn->ping_errors : &t->sn->brw_errors);
	return false;
}

static void slots_free(struct sfw_slot *slots, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (slots[i].rpc.kiov)
			lst_pages_free(slots[i].rpc.kiov, slots[i].rpc.niov);
	kfree(slots);
}

static bool test_woken(struct sfw_test *t, int seen)
{
	return atomic_read(&t->events) != seen || READ_ONCE(t->stop);
}

static int test_thread(void *arg)
{
	struct sfw_test *t = arg;
	struct sfw_slot *slots = NULL;
	unsigned int nslots = test_nslots(t), i, busy;
	u64 total = t->loop == ~0U ? U64_MAX : (u64)t->ndest * t->concur * t->loop;
	u64 issued = 0;
	bool failed = false;

	slots = kcalloc(nslots, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		goto out;
	for (i = 0; i < nslots; i++) {
		slots[i].rpc.wq = &t->wq;
		slots[i].rpc.events = &t->events;
		if (t->service != SRPC_SERVICE_BRW)
			continue;
		slots[i].rpc.len = test_bulk_len(t);
		slots[i].rpc.kiov = lst_pages_alloc(slots[i].rpc.len, &slots[i].rpc.niov);
		if (!slots[i].rpc.kiov) {
			atomic_inc(&t->sn->brw_errors);
			goto out;
		}
	}

	for (;;) {
		bool stop = READ_ONCE(t->stop) || (failed && t->stop_onerr);
		int seen = atomic_read(&t->events);

		busy = 0;
		for (i = 0; i < nslots; i++) {
			struct sfw_slot *s = &slots[i];

			if (s->busy) {
				srpc_client_poll(&s->rpc, READ_ONCE(t->abort));
				if (!srpc_client_idle(&s->rpc)) {
					busy++;
					continue;
				}
				s->busy = false;
				if (!slot_done(t, s))
					failed = true;
			}
			if (stop || issued >= total)
				continue;
			slot_prep(t, s, issued++);
			if (srpc_client_start(&s->rpc)) {
				atomic_inc(&srpc_stats.errors);
				atomic_inc(t->service == SRPC_SERVICE_PING ? &t->sn->ping_errors
									   : &t->sn->brw_errors);
				failed = true;
				continue;
			}
			s->busy = true;
			busy++;
		}
		if (!busy && (stop || issued >= total))
			break;
		/* Events wake us; the timeout checks the deadlines. */
		wait_event_timeout(t->wq, test_woken(t, seen), HZ / 4);
	}
out:
	/* No event handler uses a slot once this lock has been taken. */
	spin_lock_irq(&t->wq.lock);
	spin_unlock_irq(&t->wq.lock);
	if (slots)
		slots_free(slots, nslots);
	atomic_set(&t->active, 0);
	kthread_complete_and_exit(&t->done, 0);
}

/**
 * sfw_test_start() - run client test @t (sfw_mutex; not running).
 * Return: 0 or -errno.
 */
int sfw_test_start(struct sfw_test *t)
{
	struct task_struct *task;

	if (WARN_ON_ONCE(t->running))
		return -EBUSY;
	reinit_completion(&t->done);
	WRITE_ONCE(t->stop, false);
	WRITE_ONCE(t->abort, false);
	atomic_set(&t->active, 1);
	task = kthread_run(test_thread, t, "lst_test");
	if (IS_ERR(task)) {
		atomic_set(&t->active, 0);
		return PTR_ERR(task);
	}
	t->running = true;
	return 0;
}

/* End @t's run: no new RPCs; @abort: give up those in flight too. */
void sfw_test_stop(struct sfw_test *t, bool abort)
{
	if (abort)
		WRITE_ONCE(t->abort, true);
	WRITE_ONCE(t->stop, true);
	wake_up(&t->wq);
}

/* Wait for @t's thread to exit (sfw_mutex; running). */
void sfw_test_wait(struct sfw_test *t)
{
	wait_for_completion(&t->done);
	t->running = false;
}
