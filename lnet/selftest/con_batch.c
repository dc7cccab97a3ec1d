// SPDX-License-Identifier: GPL-2.0
/*
 * Batches and their tests, as Lustre's console drives them.  A test add
 * goes first to the servers (the --to group: is_client 0, no destination,
 * a loop large enough for every client RPC they will see), then to the
 * clients (the --from group: is_client 1, the destinations in a bulk the
 * node GETs from us).  With --distribute DIST:SPAN, client i talks to SPAN
 * consecutive servers starting at (i / DIST) x SPAN, modulo the servers.
 * A test is kept only if every node took it.
 *
 * Run, stop and query are batch RPCs to the batch's clients (query may ask
 * the servers); stat is a stat RPC to each node of a group.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include "console.h"
#include "selftest.h"

struct con_batch *con_batch_find(const char *name)
{
	struct con_batch *b;

	lockdep_assert_held(&con_mutex);
	list_for_each_entry(b, &con_session->batches, list)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

int con_batch_add(const char *name, struct netlink_ext_ack *extack)
{
	struct con_batch *b;

	lockdep_assert_held(&con_mutex);
	if (con_batch_find(name)) {
		NL_SET_ERR_MSG(extack, "a batch of that name exists");
		return -EEXIST;
	}
	if (con_session->nbatches >= CON_MAX_BATCHES) {
		NL_SET_ERR_MSG(extack, "too many batches in the session");
		return -E2BIG;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	strscpy(b->name, name, sizeof(b->name));
	b->bid = con_session->next_bid++;
	INIT_LIST_HEAD(&b->tests);
	list_add_tail(&b->list, &con_session->batches);
	con_session->nbatches++;
	return 0;
}

static void test_free(struct con_test *t)
{
	t->from->users--;
	t->to->users--;
	kfree(t);
}

void con_batch_free(struct con_batch *b)
{
	struct con_test *t, *tmp;

	list_for_each_entry_safe(t, tmp, &b->tests, list) {
		con_session->ntests--;
		test_free(t);
	}
	list_del(&b->list);
	con_session->nbatches--;
	kfree(b);
}

/* The destination list of client @i: SPAN servers from (i / DIST) x SPAN. */
static int dests_fill(struct srpc_client_rpc *rpc, const struct con_test *t, unsigned int i)
{
	const struct con_group *to = t->to;
	unsigned int start = (unsigned int)(((u64)(i / t->dist) * t->span) % to->nnodes), k;

	rpc->len = srpc_dest_bulk_len(t->span, con_session->feats);
	rpc->kiov = lst_pages_alloc(rpc->len, &rpc->niov);
	if (!rpc->kiov)
		return -ENOMEM;
	for (k = 0; k < t->span; k++) {
		struct bio_vec *bv = &rpc->kiov[k / SRPC_ID_PER_PAGE];
		void *p = kmap_local_page(bv->bv_page);

		srpc_dest_encode(p + bv->bv_offset, k % SRPC_ID_PER_PAGE,
				 to->nodes[(start + k) % to->nnodes]->nid, LNET_PID_LUSTRE);
		kunmap_local(p);
	}
	return 0;
}

static int test_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	struct con_test *t = arg;
	struct srpc_test_reqst *r = &rpc->req.body.tes_reqst;

	r->sid = con_session->sid;
	r->bid = t->batch->bid;
	r->service = t->service;
	r->concur = t->concur;
	r->is_client = !t->servers;
	r->stop_onerr = 0;
	if (t->service == SRPC_SERVICE_BRW) {
		r->u.bulk = t->bulk;
		r->u.bulk.npg = DIV_ROUND_UP(t->bulk.len + t->bulk.offset, SRPC_PAGE_SIZE);
	}
	if (t->servers) {
		/* Lustre's: enough for the clients that may come to one server. */
		unsigned int ndist = DIV_ROUND_UP(t->from->nnodes, t->dist);
		unsigned int nspan = DIV_ROUND_UP(t->to->nnodes, t->span);
		u64 loop = (u64)DIV_ROUND_UP(ndist, nspan) * t->dist * t->concur * t->loop;

		r->loop = t->loop == ~0U ? ~0U : (__u32)min_t(u64, loop, ~0U - 1);
		r->ndest = 0;
		return 0;
	}
	r->loop = t->loop;
	r->ndest = t->span;
	return dests_fill(rpc, t, i);
}

/* Unique nodes of the groups of the batch's tests. */
unsigned int con_batch_nodes(struct con_batch *b, bool servers, struct con_node ***out)
{
	struct con_node **nodes = kcalloc(max(con_session->nnodes, 1U), sizeof(*nodes), GFP_KERNEL);
	struct con_test *t;
	unsigned int n = 0, i, j;

	*out = nodes;
	if (!nodes)
		return 0;
	list_for_each_entry(t, &b->tests, list) {
		struct con_group *g = servers ? t->to : t->from;

		for (i = 0; i < g->nnodes; i++) {
			for (j = 0; j < n; j++)
				if (nodes[j] == g->nodes[i])
					break;
			if (j == n && n < con_session->nnodes)
				nodes[n++] = g->nodes[i];
		}
	}
	return n;
}

static bool all_ok(const struct con_result *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (r[i].rc || con_reply_status(&r[i]))
			return false;
	return true;
}

/**
 * con_test_add() - add @t (groups, parameters set; the caller's) to @b.
 * @res, @nres: the servers' results then the clients' (kfree()).
 * Return: 0 with t->idx set if every node took it (@t is then the batch's),
 * 1 if some did not (@t is not added), or -errno.
 */
int con_test_add(struct con_batch *b, struct con_test *t, struct con_result **res,
		 unsigned int *nres, struct netlink_ext_ack *extack)
{
	unsigned int ns = t->to->nnodes, nc = t->from->nnodes;
	struct con_result *r;
	int rc;

	lockdep_assert_held(&con_mutex);
	if (b->running) {
		NL_SET_ERR_MSG(extack, "the batch is running: stop it first");
		return -EBUSY;
	}
	if (con_session->ntests >= CON_MAX_TESTS) {
		NL_SET_ERR_MSG(extack, "too many tests in the session");
		return -E2BIG;
	}
	if (!ns || !nc) {
		NL_SET_ERR_MSG(extack, "a group of the test has no node");
		return -EINVAL;
	}
	if (t->span > ns || t->dist > nc) {
		NL_SET_ERR_MSG(extack, "--distribute DIST:SPAN: at most the clients' and the servers' numbers");
		return -EINVAL;
	}
	r = kcalloc(ns + nc, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	t->batch = b;
	t->servers = true;
	rc = con_call(t->to->nodes, ns, SRPC_SERVICE_TEST, test_prep, t, r);
	*nres = ns;
	if (!rc && all_ok(r, ns)) {
		t->servers = false;
		rc = con_call(t->from->nodes, nc, SRPC_SERVICE_TEST, test_prep, t, r + ns);
		*nres = ns + nc;
	}
	if (rc) {
		kfree(r);
		return rc;
	}
	*res = r;
	if (!all_ok(r, *nres))
		return 1;
	t->idx = ++b->ntests;
	t->from->users++;
	t->to->users++;
	list_add_tail(&t->list, &b->tests);
	con_session->ntests++;
	return 0;
}

struct batch_arg {
	struct con_batch *b;
	__u32 opc, testidx, arg;
};

static int batch_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	const struct batch_arg *a = arg;
	struct srpc_batch_reqst *r = &rpc->req.body.bat_reqst;

	r->sid = con_session->sid;
	r->bid = a->b->bid;
	r->opc = a->opc;
	r->testidx = a->testidx;
	r->arg = a->arg;
	return 0;
}

/**
 * con_batch_op() - run, stop or query batch @b on its nodes.
 * @res, @nres: one result per node (kfree()).
 */
int con_batch_op(struct con_batch *b, __u32 opc, __u32 testidx, bool servers, bool force,
		 struct con_result **res, unsigned int *nres)
{
	struct batch_arg a = { .b = b, .opc = opc, .testidx = testidx, .arg = force };
	struct con_node **nodes;
	struct con_result *r;
	unsigned int n, i;
	bool active = false;
	int rc;

	lockdep_assert_held(&con_mutex);
	n = con_batch_nodes(b, servers, &nodes);
	if (!nodes)
		return -ENOMEM;
	r = kcalloc(max(n, 1U), sizeof(*r), GFP_KERNEL);
	if (!r) {
		kfree(nodes);
		return -ENOMEM;
	}
	rc = con_call(nodes, n, SRPC_SERVICE_BATCH, batch_prep, &a, r);
	kfree(nodes);
	if (rc) {
		kfree(r);
		return rc;
	}
	for (i = 0; i < n; i++)
		if (!r[i].rc && !con_reply_status(&r[i]) && r[i].reply.body.bat_reply.active)
			active = true;
	if (opc == SRPC_BATCH_OPC_RUN)
		b->running = true;
	else if (opc == SRPC_BATCH_OPC_STOP || (!servers && !testidx))
		b->running = opc == SRPC_BATCH_OPC_QUERY && active;
	*res = r;
	*nres = n;
	return 0;
}

static int stat_prep(struct srpc_client_rpc *rpc, struct con_node *nd, unsigned int i, void *arg)
{
	rpc->req.body.stat_reqst.sid = con_session->sid;
	return 0;
}

/* The counters of every node of @g: @res, g->nnodes results (kfree()). */
int con_stat(struct con_group *g, struct con_result **res)
{
	struct con_result *r = kcalloc(max(g->nnodes, 1U), sizeof(*r), GFP_KERNEL);
	int rc;

	lockdep_assert_held(&con_mutex);
	if (!r)
		return -ENOMEM;
	rc = con_call(g->nodes, g->nnodes, SRPC_SERVICE_QUERY_STAT, stat_prep, NULL, r);
	if (rc) {
		kfree(r);
		return rc;
	}
	*res = r;
	return 0;
}
