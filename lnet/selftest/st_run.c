// SPDX-License-Identifier: GPL-2.0
/*
 * The self-test runner: CONCURRENCY slots, each repeatedly binding an MD
 * over its own pages and sending one operation (a PUT asking for an ACK,
 * or a GET) to the target.  An operation is done when its MD's last event
 * arrives (ACK or REPLY; or UNLINK on failure); the event handler, which
 * may not sleep, only records the round trip and wakes the runner, which
 * issues the next one from process context.
 *
 * At the end, slots still in flight get a grace period (5 s, or four
 * times the longest round trip seen, up to a minute: a loaded node's last
 * operations are not errors) and are then unlinked, so a target that never
 * answers cannot keep the runner (or the MDs) forever.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/lnet_selftest_genl.h>
#include "selftest.h"

#define LST_GRACE_MS 5000
#define LST_GRACE_MAX_MS 60000

struct lst_slot {
	struct lst_runner *run;
	struct bio_vec *kiov;
	unsigned int niov;
	struct lnet_handle_md mdh;
	ktime_t start;
	bool busy;
	bool answered;		/* the ACK or REPLY arrived */
	int status;
};

struct lst_runner {
	const struct lst_params *p;
	spinlock_t lock;
	wait_queue_head_t wq;
	unsigned int busy;
	struct lst_result res;
	struct lst_slot slots[];
};

static void slot_event(const struct lnet_event *ev)
{
	struct lst_slot *slot = ev->user_ptr;
	struct lst_runner *run = slot->run;
	u64 ns;

	if (ev->status && !slot->status)
		slot->status = ev->status;
	if (!ev->status && (ev->type == LNET_EVENT_ACK || ev->type == LNET_EVENT_REPLY))
		slot->answered = true;
	if (!ev->unlinked)
		return;
	ns = ktime_to_ns(ktime_sub(ktime_get(), slot->start));
	spin_lock(&run->lock);
	/* A PUT is answered by its ACK, a GET by its REPLY (either may come
	 * before the SEND event: a zero-copy send completes late); an MD used
	 * up without that (an UNLINK) failed.
	 */
	if (slot->status || !slot->answered) {
		run->res.errors++;
	} else {
		run->res.ops++;
		run->res.bytes += run->p->size;
		run->res.lat_sum_ns += ns;
		if (!run->res.lat_min_ns || ns < run->res.lat_min_ns)
			run->res.lat_min_ns = ns;
		if (ns > run->res.lat_max_ns)
			run->res.lat_max_ns = ns;
	}
	slot->busy = false;
	run->busy--;
	spin_unlock(&run->lock);
	wake_up(&run->wq);
}

/* Start one operation on an idle @slot; -errno when it could not start. */
static int slot_start(struct lst_slot *slot)
{
	const struct lst_params *p = slot->run->p;
	struct lnet_md_desc desc = {
		.kiov = slot->kiov,
		.niov = slot->niov,
		.threshold = 2,		/* SEND, then ACK or REPLY */
		.options = p->op == LST_OP_GET ? LNET_MD_TRUNCATE : 0,
		.handler = slot_event,
		.user_ptr = slot,
	};
	struct lst_runner *run = slot->run;
	int rc;

	slot->status = 0;
	slot->answered = false;
	slot->start = ktime_get();
	rc = lnet_md_bind(&desc, &slot->mdh);
	if (rc)
		return rc;
	spin_lock(&run->lock);
	slot->busy = true;
	run->busy++;
	spin_unlock(&run->lock);
	if (p->op == LST_OP_GET)
		rc = lnet_get(slot->mdh, p->nid, LNET_PID_LUSTRE, LST_PORTAL, LST_MATCH_BITS);
	else
		rc = lnet_put(slot->mdh, true, p->nid, LNET_PID_LUSTRE, LST_PORTAL,
			      LST_MATCH_BITS, 0);
	if (rc) {
		/* Nothing went out: the unlink ends the slot's operation. */
		slot->status = rc;
		lnet_md_unlink(slot->mdh);
	}
	return rc;
}

static bool all_idle(struct lst_runner *run)
{
	bool idle;

	spin_lock(&run->lock);
	idle = !run->busy;
	spin_unlock(&run->lock);
	return idle;
}

static struct lst_slot *idle_slot(struct lst_runner *run)
{
	unsigned int i;

	spin_lock(&run->lock);
	for (i = 0; i < run->p->concurrency; i++) {
		if (!run->slots[i].busy) {
			spin_unlock(&run->lock);
			return &run->slots[i];
		}
	}
	spin_unlock(&run->lock);
	return NULL;
}

static void drain(struct lst_runner *run)
{
	u64 grace_ms;
	unsigned int i;

	spin_lock(&run->lock);
	grace_ms = clamp_t(u64, div_u64(4 * run->res.lat_max_ns, NSEC_PER_MSEC), LST_GRACE_MS,
			   LST_GRACE_MAX_MS);
	spin_unlock(&run->lock);
	if (wait_event_timeout(run->wq, all_idle(run), msecs_to_jiffies(grace_ms)))
		return;
	/* The target has not answered: give the MDs up. */
	for (i = 0; i < run->p->concurrency; i++)
		if (READ_ONCE(run->slots[i].busy))
			lnet_md_unlink(run->slots[i].mdh);
	/* MDs with a message still in a driver go when it times out. */
	wait_event(run->wq, all_idle(run));
}

/**
 * lst_run() - drive @p's test; the figures go to @res.
 * Return: 0, -EHOSTUNREACH when no network reaches the target, -EINTR when
 * interrupted (the operations in flight are still drained), -ENOMEM.
 */
int lst_run(const struct lst_params *p, struct lst_result *res)
{
	struct lst_runner *run;
	struct lst_slot *slot;
	ktime_t t0, deadline;
	unsigned int i;
	int rc = 0;

	run = kzalloc(struct_size(run, slots, p->concurrency), GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	run->p = p;
	spin_lock_init(&run->lock);
	init_waitqueue_head(&run->wq);
	for (i = 0; i < p->concurrency; i++) {
		run->slots[i].run = run;
		if (!p->size)
			continue;
		run->slots[i].kiov = lst_pages_alloc(p->size, &run->slots[i].niov);
		if (!run->slots[i].kiov) {
			rc = -ENOMEM;
			goto free;
		}
	}

	t0 = ktime_get();
	deadline = ktime_add_ms(t0, p->duration_ms);
	while (ktime_before(ktime_get(), deadline)) {
		long left = msecs_to_jiffies(ktime_ms_delta(deadline, ktime_get())) + 1;

		while ((slot = idle_slot(run))) {
			rc = slot_start(slot);
			if (rc)
				break;
		}
		if (rc == -EHOSTUNREACH || rc == -ENETDOWN)
			break;
		if (rc)
			msleep(10);	/* out of memory: let it pass */
		rc = 0;
		if (wait_event_interruptible_timeout(run->wq, idle_slot(run), left) < 0) {
			rc = -EINTR;
			break;
		}
	}
	drain(run);
	res->elapsed_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	res->ops = run->res.ops;
	res->errors = run->res.errors;
	res->bytes = run->res.bytes;
	res->lat_min_ns = run->res.lat_min_ns;
	res->lat_sum_ns = run->res.lat_sum_ns;
	res->lat_max_ns = run->res.lat_max_ns;
free:
	for (i = 0; i < p->concurrency; i++)
		if (run->slots[i].kiov)
			lst_pages_free(run->slots[i].kiov, run->slots[i].niov);
	kfree(run);
	return rc;
}
