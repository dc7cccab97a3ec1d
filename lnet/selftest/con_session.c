// SPDX-License-Identifier: GPL-2.0
/*
 * The console session, as Lustre's console keeps it: an id made of this
 * node's NID and the time (what test nodes compare), a name, the key of the
 * lst shell that made it ($LST_SESSION, checked on every command), the
 * features it offers nodes (LST_FEAT_BULK_LEN), and its node table: a node
 * is in the table while some group names it, and is sent make session once
 * (remove session once at the end), so the node's own count of our session
 * stays at one.
 *
 * The pinger keeps the nodes' sessions alive (a test node ends a session
 * after its own timeout of silence) with a debug RPC to every active node
 * every CON_PING_INTERVAL seconds (or a third of the shortest timeout a node
 * gave), without con_mutex, which also refreshes node states; and ends our
 * session when no command came for its timeout, as Lustre does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include "console.h"

DEFINE_MUTEX(con_mutex);
struct con_session *con_session;
static bool con_stopping;

static void con_ping(struct work_struct *w);
static DECLARE_DELAYED_WORK(con_ping_work, con_ping);

/* This node's NID in the session id: the first that is not loopback. */
static __u64 local_nid(void)
{
	__u64 nid = LNET_NID_ANY;
	struct lnet_net *net;
	struct lnet_ni *ni;

	mutex_lock(&the_lnet.api_mutex);
	list_for_each_entry(net, &the_lnet.nets, list) {
		list_for_each_entry(ni, &net->nis, list) {
			if (lnet_nid_is_nid4(&ni->nid) &&
			    !lnet_nid4_is_lo(lnet_nid_to_nid4(&ni->nid))) {
				nid = lnet_nid_to_nid4(&ni->nid);
				goto out;
			}
		}
	}
out:
	mutex_unlock(&the_lnet.api_mutex);
	return nid;
}

struct con_node *con_node_get(__u64 nid)
{
	struct con_node *nd;

	lockdep_assert_held(&con_mutex);
	list_for_each_entry(nd, &con_session->nodes, list) {
		if (nd->nid == nid) {
			nd->ngroups++;
			return nd;
		}
	}
	if (con_session->nnodes >= LST_CON_MAX_NODES)
		return ERR_PTR(-E2BIG);
	nd = kzalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return ERR_PTR(-ENOMEM);
	nd->nid = nid;
	nd->ngroups = 1;
	nd->state = LST_NODE_UNKNOWN;
	list_add_tail(&nd->list, &con_session->nodes);
	con_session->nnodes++;
	return nd;
}

/* Drop a group's reference; the caller removed the session on the node first. */
void con_node_put(struct con_node *nd)
{
	lockdep_assert_held(&con_mutex);
	if (--nd->ngroups)
		return;
	list_del(&nd->list);
	con_session->nnodes--;
	kfree(nd);
}

int con_session_check(__u32 key, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&con_mutex);
	if (!con_session) {
		NL_SET_ERR_MSG(extack, "no console session: run \"lst new_session\" first");
		return -ESRCH;
	}
	if (key != con_session->key) {
		NL_SET_ERR_MSG(extack, "LST_SESSION is not the key of this node's console session");
		return -EACCES;
	}
	con_session->touched = jiffies;
	return 0;
}

/*
 * Every CON_PING_INTERVAL seconds, or well within the shortest session
 * timeout a node told us (a third of it), so that one lost or late ping
 * does not end a live node's session.
 */
static void arm_pinger(void)
{
	unsigned long delay = CON_PING_INTERVAL * HZ;

	if (!con_session || con_stopping)
		return;
	if (con_session->node_timeout)
		delay = min(delay, max(con_session->node_timeout * HZ / 3, (unsigned long)HZ));
	mod_delayed_work(system_long_wq, &con_ping_work, delay);
}

/* A node took our session and will end it after @timeout s of silence. */
void con_node_timeout(__u32 timeout)
{
	lockdep_assert_held(&con_mutex);
	if (timeout && (!con_session->node_timeout || timeout < con_session->node_timeout)) {
		con_session->node_timeout = timeout;
		arm_pinger();
	}
}

int con_session_new(const char *name, __u32 key, __u32 timeout, __u32 feats, bool force,
		    struct netlink_ext_ack *extack)
{
	struct con_session *sn;
	__u64 nid;

	lockdep_assert_held(&con_mutex);
	if (con_session && !force) {
		NL_SET_ERR_MSG(extack, "a console session is already active (--force ends it)");
		return -EEXIST;
	}
	nid = local_nid();
	if (nid == LNET_NID_ANY) {
		NL_SET_ERR_MSG(extack, "this node has no network to be a console on");
		return -ENETDOWN;
	}
	if (feats & ~LST_FEATS_MASK) {
		NL_SET_ERR_MSG(extack, "unknown session features");
		return -EINVAL;
	}
	sn = kzalloc(sizeof(*sn), GFP_KERNEL);
	if (!sn)
		return -ENOMEM;
	if (con_session)
		con_session_end(NULL, NULL);
	sn->sid.nid = nid;
	sn->sid.stamp = ktime_get_real_ns() / NSEC_PER_MSEC;	/* Lustre's: ms */
	strscpy(sn->name, name, sizeof(sn->name));
	sn->key = key;
	sn->timeout = timeout;
	sn->feats = feats;
	sn->force = force;
	sn->touched = jiffies;
	sn->next_bid = 1;
	INIT_LIST_HEAD(&sn->nodes);
	INIT_LIST_HEAD(&sn->groups);
	INIT_LIST_HEAD(&sn->batches);
	con_session = sn;
	arm_pinger();
	pr_info("console session \"%s\" started (timeout %u s)\n", sn->name, timeout);
	return 0;
}

static int rmsn_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	rpc->req.body.rmsn_reqst.sid = con_session->sid;
	return 0;
}

/**
 * con_session_end() - remove the session on every node and forget it.
 * @res: if not NULL, nnodes results (the caller sized it), @nres their number.
 * Return: 0 (a node that does not answer ends its session after its timeout).
 */
int con_session_end(struct con_result *res, unsigned int *nres)
{
	struct con_session *sn = con_session;
	struct con_result *own = NULL;
	struct con_node **nodes, *nd, *tmp;
	struct con_batch *b, *btmp;
	struct con_group *g, *gtmp;
	unsigned int n = 0;

	lockdep_assert_held(&con_mutex);
	nodes = kcalloc(max(sn->nnodes, 1U), sizeof(*nodes), GFP_KERNEL);
	if (!res)
		res = own = kcalloc(max(sn->nnodes, 1U), sizeof(*res), GFP_KERNEL);
	if (nodes && res) {
		list_for_each_entry(nd, &sn->nodes, list)
			if (nd->joined)
				nodes[n++] = nd;
		/* Best effort: without memory the nodes time the session out. */
		if (con_call(nodes, n, SRPC_SERVICE_REMOVE_SESSION, rmsn_prep, NULL, res))
			n = 0;
	}
	if (nres)
		*nres = n;
	kfree(own);
	kfree(nodes);
	list_for_each_entry_safe(b, btmp, &sn->batches, list)
		con_batch_free(b);
	list_for_each_entry_safe(g, gtmp, &sn->groups, list)
		con_group_free(g);
	list_for_each_entry_safe(nd, tmp, &sn->nodes, list)
		kfree(nd);
	pr_info("console session \"%s\" ended\n", sn->name);
	kfree(sn);
	con_session = NULL;
	return 0;
}

static int dbg_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	rpc->req.body.dbg_reqst.sid = *(const struct lst_sid *)arg;
	return 0;
}

static struct con_node *node_find(__u64 nid)
{
	struct con_node *nd;

	list_for_each_entry(nd, &con_session->nodes, list)
		if (nd->nid == nid)
			return nd;
	return NULL;
}

/*
 * The keep-alive.  Only active nodes are pinged, as Lustre's pinger does: a
 * down one would cost an rpc_timeout a round (a command refreshes it).  The
 * pings go without con_mutex, to copies of the nodes (commands are not
 * held up, and a slow round does not delay the next commands' keep-alive
 * effect); their results apply only if the session is still the same.
 */
static void con_ping(struct work_struct *w)
{
	struct con_node **nodes = NULL, *copy = NULL, *nd;
	struct con_result *res = NULL;
	unsigned int n = 0, i;
	struct lst_sid sid;
	__u32 feats;
	int rc;

	mutex_lock(&con_mutex);
	if (!con_session || con_stopping)
		goto out;
	if (con_session->timeout &&
	    time_after(jiffies, con_session->touched + con_session->timeout * HZ)) {
		pr_info("console session \"%s\" expired after %u s\n", con_session->name,
			con_session->timeout);
		con_session_end(NULL, NULL);
		goto out;
	}
	nodes = kcalloc(max(con_session->nnodes, 1U), sizeof(*nodes), GFP_KERNEL);
	copy = kcalloc(max(con_session->nnodes, 1U), sizeof(*copy), GFP_KERNEL);
	res = kcalloc(max(con_session->nnodes, 1U), sizeof(*res), GFP_KERNEL);
	if (!nodes || !copy || !res)
		goto rearm;
	list_for_each_entry(nd, &con_session->nodes, list) {
		if (!nd->joined || nd->state != LST_NODE_ACTIVE)
			continue;
		copy[n].nid = nd->nid;
		copy[n].state = nd->state;
		copy[n].joined = true;
		nodes[n] = &copy[n];
		n++;
	}
	sid = con_session->sid;
	feats = con_session->feats;
	mutex_unlock(&con_mutex);

	rc = __con_call(nodes, n, SRPC_SERVICE_DEBUG, feats, dbg_prep, &sid, res);

	mutex_lock(&con_mutex);
	if (!con_session || con_stopping)
		goto out;
	/* Ended (and perhaps another made) meanwhile: not ours to update. */
	if (rc || con_session->sid.nid != sid.nid || con_session->sid.stamp != sid.stamp)
		goto rearm;
	for (i = 0; i < n; i++) {
		const struct lst_sid *rsid = &res[i].reply.body.dbg_reply.sid;

		nd = node_find(copy[i].nid);
		/* Gone from every group, or left (del_group) meanwhile. */
		if (!nd || !nd->joined)
			continue;
		nd->state = copy[i].state;
		nd->joined = copy[i].joined;
		if (res[i].rc || !nd->joined)
			continue;
		/* A node that lost our session (expired, taken over) is not ours. */
		if (rsid->nid != sid.nid || rsid->stamp != sid.stamp) {
			nd->state = con_reply_status(&res[i]) == ESRCH ? LST_NODE_UNKNOWN
								       : LST_NODE_BUSY;
			nd->joined = false;
		}
	}
rearm:
	arm_pinger();
out:
	mutex_unlock(&con_mutex);
	kfree(nodes);
	kfree(copy);
	kfree(res);
}

/* Module exit (no command can run: the family is gone): end the session. */
void con_shutdown(void)
{
	mutex_lock(&con_mutex);
	con_stopping = true;
	mutex_unlock(&con_mutex);
	/* Not re-armed once stopping is seen. */
	cancel_delayed_work_sync(&con_ping_work);
	/* Nothing else calls now: the session's end may send its RPCs. */
	con_unstop();
	mutex_lock(&con_mutex);
	if (con_session)
		con_session_end(NULL, NULL);
	mutex_unlock(&con_mutex);
}
