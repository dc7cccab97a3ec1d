// SPDX-License-Identifier: GPL-2.0
/*
 * Health recovery: a peer NI whose sends failed has lost health, and
 * Multi-Rail stops choosing it while a healthier one exists, so no traffic
 * would ever show it is back.  Once a second this pings (a GET of the ping
 * target, as Lustre's recovery pings) each peer NI below full health that
 * has no recovery ping outstanding; every successful send gives health
 * back (peer.c), a failed one takes more.  A ping not answered within
 * LNET_RECOVERY_TIMEOUT is given up (its MD unlinked).
 *
 * The pings are pinned to their NI (LNET_MD_NO_MR): Multi-Rail must not
 * send them down the healthy rail instead.
 *
 * The same once-a-second work ages out idle unconfigured peers (peer.c)
 * and posts again the discovery push buffers used (ping.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/workqueue.h>
#include <lnet/lib-lnet.h>

#define LNET_RECOVERY_INTERVAL	HZ
#define LNET_RECOVERY_TIMEOUT	(5 * HZ)
#define LNET_RECOVERY_BATCH	16
#define LNET_RECOVERY_BUF	(LNET_PING_INFO_HDR_SIZE + 4 * LNET_NI_STATUS_SIZE)

struct rping {
	struct list_head list;		/* on rpings (rping_lock) */
	struct lnet_handle_md mdh;
	unsigned long sent;		/* jiffies */
	__u64 nid;
	bool done;			/* its MD is gone */
	u8 buf[LNET_RECOVERY_BUF];
};

static DEFINE_SPINLOCK(rping_lock);
static LIST_HEAD(rpings);
static struct delayed_work recovery_work;
static bool recovery_running;

/* The MD's last event: the ping is over (answered or not). */
static void rping_event(const struct lnet_event *ev)
{
	struct rping *rp = ev->user_ptr;

	if (!ev->unlinked)
		return;
	spin_lock(&rping_lock);
	rp->done = true;
	spin_unlock(&rping_lock);
}

static bool rping_outstanding(__u64 nid)
{
	struct rping *rp;

	list_for_each_entry(rp, &rpings, list)
		if (rp->nid == nid && !rp->done)
			return true;
	return false;
}

static void rping_send(__u64 nid)
{
	struct lnet_md_desc desc = {
		.length = LNET_RECOVERY_BUF,
		.threshold = 2,		/* SEND, REPLY */
		.options = LNET_MD_TRUNCATE | LNET_MD_NO_MR,
		.handler = rping_event,
	};
	struct rping *rp = kzalloc(sizeof(*rp), GFP_KERNEL);

	if (!rp)
		return;
	rp->nid = nid;
	rp->sent = jiffies;
	desc.start = rp->buf;
	desc.user_ptr = rp;
	if (lnet_md_bind(&desc, &rp->mdh)) {
		kfree(rp);
		return;
	}
	spin_lock(&rping_lock);
	list_add_tail(&rp->list, &rpings);
	spin_unlock(&rping_lock);
	/* A failure unlinks the MD (its event marks the ping done). */
	if (lnet_get(rp->mdh, nid, LNET_PID_LUSTRE, LNET_RESERVED_PORTAL,
		     LNET_PROTO_PING_MATCHBITS))
		lnet_md_unlink(rp->mdh);
}

/* Free finished pings; give up on those not answered in time. */
static void rpings_reap(bool all)
{
	struct rping *rp, *tmp;
	LIST_HEAD(late);
	LIST_HEAD(gone);

	spin_lock(&rping_lock);
	list_for_each_entry_safe(rp, tmp, &rpings, list) {
		if (rp->done)
			list_move(&rp->list, &gone);
		else if (all || time_after(jiffies, rp->sent + LNET_RECOVERY_TIMEOUT))
			list_move(&rp->list, &late);
	}
	spin_unlock(&rping_lock);
	list_for_each_entry_safe(rp, tmp, &gone, list)
		kfree(rp);
	/* Unlinking may deliver the last event now or when the driver lets
	 * go of the GET: they stay listed until then.
	 */
	list_for_each_entry(rp, &late, list)
		lnet_md_unlink(rp->mdh);
	spin_lock(&rping_lock);
	list_splice(&late, &rpings);
	spin_unlock(&rping_lock);
}

static void recovery(struct work_struct *w)
{
	__u64 nids[LNET_RECOVERY_BATCH];
	unsigned int i, n = 0;

	rpings_reap(false);
	lnet_peer_age();
	lnet_push_target_rearm();
	n = lnet_peer_ni_unhealthy(nids, LNET_RECOVERY_BATCH);
	for (i = 0; i < n; i++) {
		bool busy;

		spin_lock(&rping_lock);
		busy = rping_outstanding(nids[i]);
		spin_unlock(&rping_lock);
		if (!busy)
			rping_send(nids[i]);
	}
	queue_delayed_work(system_wq, &recovery_work, LNET_RECOVERY_INTERVAL);
}

/* LNet came up (api_mutex held). */
void lnet_recovery_start(void)
{
	INIT_DELAYED_WORK(&recovery_work, recovery);
	recovery_running = true;
	queue_delayed_work(system_wq, &recovery_work, LNET_RECOVERY_INTERVAL);
}

/*
 * LNet is going down (api_mutex held, NIs draining): stop pinging and
 * wait for the pings in flight to end.
 */
void lnet_recovery_stop(void)
{
	if (!recovery_running)
		return;
	recovery_running = false;
	cancel_delayed_work_sync(&recovery_work);
	for (;;) {
		bool empty;

		rpings_reap(true);
		spin_lock(&rping_lock);
		empty = list_empty(&rpings);
		spin_unlock(&rping_lock);
		if (empty)
			break;
		schedule_timeout_uninterruptible(HZ / 10);
	}
}
