// SPDX-License-Identifier: GPL-2.0
/*
 * Groups of test nodes.  Adding a group makes our session on each of its
 * nodes that is not in it yet (Lustre's add_group does the same): a node
 * that accepts is active, one in another console's session busy, one that
 * does not answer down; the group is kept whatever they answered, as
 * Lustre keeps it, so that an administrator can list the states.
 * Deleting a group removes the session on the nodes no other group names.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include "console.h"

struct con_group *con_group_find(const char *name)
{
	struct con_group *g;

	lockdep_assert_held(&con_mutex);
	list_for_each_entry(g, &con_session->groups, list)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

void con_group_free(struct con_group *g)
{
	list_del(&g->list);
	con_session->ngroups--;
	kfree(g->nodes);
	kfree(g);
}

static int mksn_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	struct srpc_mksn_reqst *r = &rpc->req.body.mksn_reqst;

	r->sid = con_session->sid;
	r->force = con_session->force;
	strscpy(r->name, con_session->name, sizeof(r->name));
	return 0;
}

/**
 * con_group_add() - make group @name of @n nodes and join them.
 * @res: on success, @n results (kfree()), one per node in order; a node
 *	already in the session is reported as it is, rc 0 and no reply.
 */
int con_group_add(const char *name, const __u64 *nids, unsigned int n, struct con_result **res,
		  struct netlink_ext_ack *extack)
{
	struct con_node **ask = NULL;
	struct con_result *r = NULL, *ar = NULL;
	struct con_group *g;
	unsigned int i, j, nask = 0;
	int rc = -ENOMEM;

	lockdep_assert_held(&con_mutex);
	if (con_group_find(name)) {
		NL_SET_ERR_MSG(extack, "a group of that name exists");
		return -EEXIST;
	}
	if (con_session->ngroups >= CON_MAX_GROUPS) {
		NL_SET_ERR_MSG(extack, "too many groups in the session");
		return -E2BIG;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (nids[i] == nids[j]) {
				NL_SET_ERR_MSG(extack, "a NID is given twice");
				return -EINVAL;
			}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	strscpy(g->name, name, sizeof(g->name));
	g->nodes = kcalloc(max(n, 1U), sizeof(*g->nodes), GFP_KERNEL);
	ask = kcalloc(max(n, 1U), sizeof(*ask), GFP_KERNEL);
	r = kcalloc(max(n, 1U), sizeof(*r), GFP_KERNEL);
	ar = kcalloc(max(n, 1U), sizeof(*ar), GFP_KERNEL);
	if (!g->nodes || !ask || !r || !ar)
		goto fail;
	for (i = 0; i < n; i++) {
		struct con_node *nd = con_node_get(nids[i]);

		if (IS_ERR(nd)) {
			rc = PTR_ERR(nd);
			NL_SET_ERR_MSG(extack, "too many nodes in the session");
			goto fail;
		}
		g->nodes[g->nnodes++] = nd;
		r[i].nd = nd;
		if (!nd->joined)
			ask[nask++] = nd;
	}
	rc = con_call(ask, nask, SRPC_SERVICE_MAKE_SESSION, mksn_prep, NULL, ar);
	if (rc)
		goto fail;
	for (i = 0, j = 0; i < n && j < nask; i++) {
		struct con_result *a;

		if (r[i].nd != ask[j])
			continue;
		a = &ar[j++];
		r[i] = *a;
		if (a->rc)
			continue;
		if (con_reply_status(a) == 0) {
			a->nd->joined = true;
			con_node_timeout(a->reply.body.mksn_reply.timeout);
		} else {
			/* EBUSY: another console's; anything else: not ours either. */
			a->nd->state = con_reply_status(a) == EBUSY ? LST_NODE_BUSY
								    : LST_NODE_UNKNOWN;
		}
	}
	for (i = 0; i < n; i++) {
		r[i].nid = g->nodes[i]->nid;
		r[i].state = g->nodes[i]->state;
	}
	list_add_tail(&g->list, &con_session->groups);
	con_session->ngroups++;
	kfree(ask);
	kfree(ar);
	*res = r;
	return 0;
fail:
	/* Nothing was joined if we got here before con_call() ran. */
	for (i = 0; i < g->nnodes; i++)
		con_node_put(g->nodes[i]);
	kfree(g->nodes);
	kfree(g);
	kfree(ask);
	kfree(r);
	kfree(ar);
	return rc;
}

static int rmsn_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	rpc->req.body.rmsn_reqst.sid = con_session->sid;
	return 0;
}

/**
 * con_group_del() - delete group @name (no test may name it).
 * @res, @nres: the results of the nodes left in no group (kfree()).
 */
int con_group_del(const char *name, struct con_result **res, unsigned int *nres,
		  struct netlink_ext_ack *extack)
{
	struct con_group *g = con_group_find(name);
	struct con_node **last;
	struct con_result *r;
	unsigned int i, n = 0;
	int rc;

	if (!g) {
		NL_SET_ERR_MSG(extack, "no group of that name");
		return -ENOENT;
	}
	if (g->users) {
		NL_SET_ERR_MSG(extack, "a test of a batch uses the group");
		return -EBUSY;
	}
	last = kcalloc(max(g->nnodes, 1U), sizeof(*last), GFP_KERNEL);
	r = kcalloc(max(g->nnodes, 1U), sizeof(*r), GFP_KERNEL);
	if (!last || !r) {
		kfree(last);
		kfree(r);
		return -ENOMEM;
	}
	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i]->ngroups == 1 && g->nodes[i]->joined)
			last[n++] = g->nodes[i];
	rc = con_call(last, n, SRPC_SERVICE_REMOVE_SESSION, rmsn_prep, NULL, r);
	kfree(last);
	if (rc) {
		kfree(r);
		return rc;
	}
	/* The results name nodes freed below: keep only what they said. */
	for (i = 0; i < n; i++)
		r[i].nd->joined = false;
	for (i = 0; i < g->nnodes; i++)
		con_node_put(g->nodes[i]);
	con_group_free(g);
	*res = r;
	*nres = n;
	return 0;
}
