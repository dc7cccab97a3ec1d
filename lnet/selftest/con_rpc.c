// SPDX-License-Identifier: GPL-2.0
/*
 * One console command's RPCs: the same framework request to many nodes,
 * at most CON_INFLIGHT in flight, through the test node's RPC client
 * (srpc_client.c).  Each RPC ends with a reply or at srpc_rpc_timeout (or
 * as soon as LNet lets its MDs go if the caller gets a signal, Ctrl-C on
 * lst, or the module is going: con_stop()), so a node that never answers
 * costs one timeout and is marked down; the others are not held up beyond
 * that.  Memory is CON_INFLIGHT slots whatever the number of nodes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "console.h"
#include "selftest.h"

struct con_slot {
	struct srpc_client_rpc rpc;
	unsigned int idx;		/* the node's */
	bool busy;
};

__u32 con_reply_status(const struct con_result *r)
{
	/* Every reply starts with its status. */
	return r->reply.body.rmsn_reply.status;
}

static bool con_aborting;

/* Module exit: running and later calls give up (-ESHUTDOWN), until con_unstop(). */
void con_stop(void)
{
	WRITE_ONCE(con_aborting, true);
}

void con_unstop(void)
{
	WRITE_ONCE(con_aborting, false);
}

bool con_stopped(void)
{
	return READ_ONCE(con_aborting);
}

static void slot_end(struct con_slot *s, struct con_result *r, int abort)
{
	r->rc = srpc_client_finish(&s->rpc, &r->reply, &r->swab);
	if (r->rc && abort && !s->rpc.expired) {
		/* We gave up, not the node: it stays as it was. */
		r->rc = abort;
	} else if (r->rc) {
		pr_debug("console RPC %u to 0x%llx: %d\n", s->rpc.service, r->nd->nid, r->rc);
		r->nd->state = LST_NODE_DOWN;
	} else if (con_reply_status(r) == ESRCH) {
		/* It answers, but has lost our session (expired, ended). */
		r->nd->state = LST_NODE_UNKNOWN;
		r->nd->joined = false;
	} else {
		r->nd->state = LST_NODE_ACTIVE;
	}
	if (s->rpc.kiov) {
		lst_pages_free(s->rpc.kiov, s->rpc.niov);
		s->rpc.kiov = NULL;
	}
	s->busy = false;
}

/* Why to give up now: -EINTR (a signal), -ESHUTDOWN (module exit), or 0. */
static int abort_reason(void)
{
	if (READ_ONCE(con_aborting))
		return -ESHUTDOWN;
	return signal_pending(current) ? -EINTR : 0;
}

int __con_call(struct con_node **nodes, unsigned int n, __u32 service, __u32 feats,
	       con_prep_t prep, void *arg, struct con_result *res)
{
	unsigned int nslots = min_t(unsigned int, n, CON_INFLIGHT), next = 0, busy, i;
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	struct con_slot *slots;
	atomic_t events = ATOMIC_INIT(0);
	int abort = 0;

	if (!n)
		return 0;
	slots = kcalloc(nslots, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	for (;;) {
		int seen = atomic_read(&events);

		if (!abort)
			abort = abort_reason();

		busy = 0;
		for (i = 0; i < nslots; i++) {
			struct con_slot *s = &slots[i];
			struct srpc_client_rpc *rpc = &s->rpc;
			int rc;

			if (s->busy) {
				srpc_client_poll(rpc, abort);
				if (!srpc_client_idle(rpc)) {
					busy++;
					continue;
				}
				slot_end(s, &res[s->idx], abort);
			}
			if (next >= n)
				continue;
			s->idx = next++;
			res[s->idx].nd = nodes[s->idx];
			res[s->idx].rc = 0;
			memset(rpc, 0, sizeof(*rpc));
			rpc->wq = &wq;
			rpc->events = &events;
			rpc->nid = nodes[s->idx]->nid;
			rpc->pid = LNET_PID_LUSTRE;
			rpc->service = service;
			rpc->feats = feats;
			rc = abort ? abort : prep(rpc, nodes[s->idx], s->idx, arg);
			if (!rc)
				rc = srpc_client_start(rpc);
			if (rc) {
				res[s->idx].rc = rc;
				if (!abort)
					nodes[s->idx]->state = LST_NODE_DOWN;
				if (rpc->kiov)
					lst_pages_free(rpc->kiov, rpc->niov);
				rpc->kiov = NULL;
				continue;
			}
			s->busy = true;
			busy++;
		}
		if (!busy && next >= n)
			break;
		/*
		 * Events wake us; the timeout checks the deadlines (and the
		 * module's exit).  Once we gave up, the MDs are unlinked and
		 * only their events matter: a signal still pending must not
		 * turn this into a busy loop while LNet finishes the sends.
		 */
		if (abort)
			wait_event_timeout(wq, atomic_read(&events) != seen, HZ / 4);
		else
			wait_event_interruptible_timeout(wq, atomic_read(&events) != seen, HZ / 4);
	}
	for (i = 0; i < n; i++) {
		res[i].nid = nodes[i]->nid;
		res[i].state = nodes[i]->state;
	}
	/* No event handler uses a slot once this lock has been taken. */
	spin_lock_irq(&wq.lock);
	spin_unlock_irq(&wq.lock);
	kfree(slots);
	return abort;
}

int con_call(struct con_node **nodes, unsigned int n, __u32 service, con_prep_t prep, void *arg,
	     struct con_result *res)
{
	lockdep_assert_held(&con_mutex);
	return __con_call(nodes, n, service, con_session->feats, prep, arg, res);
}
