// SPDX-License-Identifier: GPL-2.0
/*
 * Adaptive timeouts.  A client does not wait a fixed time for a reply: it
 * allows the worst service time the server reported over the last
 * at_history seconds, plus the worst network latency it measured, each kept
 * as the maximum of four bins that age out one by one (so an old peak is
 * forgotten gradually, not all at once), bounded by at_min and at_max.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/minmax.h>
#include <linux/ktime.h>
#include <nacre/ptlrpc.h>

void at_init(struct adaptive_timeout *at, unsigned int val)
{
	spin_lock_init(&at->lock);
	memset(at->bins, 0, sizeof(at->bins));
	at->bins[0] = val;
	at->current_est = val;
	at->binstart = ktime_get_seconds();
}

/* Record one measurement (s): the estimate is the largest value in the bins. */
void at_measured(struct adaptive_timeout *at, unsigned int val)
{
	time64_t now = ktime_get_seconds();
	unsigned int binlimit = max(at_history / 4, 1U);
	unsigned int i, est = 0;
	time64_t shift;

	val = clamp(val, at_min, at_max);
	spin_lock(&at->lock);
	shift = (now - at->binstart) / binlimit;
	if (shift > 0) {
		/* Age the bins: each step drops the oldest. */
		for (i = 3; i > 0; i--) {
			if (shift >= 4)
				at->bins[i] = 0;
			else if (i >= shift)
				at->bins[i] = at->bins[i - shift];
			else
				at->bins[i] = 0;
		}
		at->bins[0] = 0;
		at->binstart += shift * binlimit;
	}
	at->bins[0] = max(at->bins[0], val);
	for (i = 0; i < 4; i++)
		est = max(est, at->bins[i]);
	at->current_est = est;
	spin_unlock(&at->lock);
}

unsigned int at_get(const struct adaptive_timeout *at)
{
	return clamp(READ_ONCE(at->current_est), at_min, at_max);
}

unsigned int at_est2timeout(unsigned int est)
{
	return min(est + est / 4 + 5, max(at_max, 5U));
}
