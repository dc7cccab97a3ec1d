// SPDX-License-Identifier: GPL-2.0
/*
 * The pinger: once a second it looks at every import on its list.  A FULL
 * import that sent nothing for ping_interval seconds gets an OBD_PING (so
 * the server's evictor sees us alive and we notice a dead server: the ping
 * times out and the import fails); a DISCONN one gets a reconnect attempt
 * every ping_interval.  Pings are sent from their own work items, never from
 * the scan, so a dead server delays nobody else.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/ktime.h>
#include "ptlrpc_internal.h"

static LIST_HEAD(pinger_imports);
static DEFINE_SPINLOCK(pinger_lock);
static struct delayed_work pinger_work;

struct ping_work {
	struct work_struct work;
	struct obd_import *imp;
};

unsigned int ptlrpc_ping_interval(void)
{
	return ping_interval ?: max(obd_timeout / 4, 1U);
}

static void ping_one(struct work_struct *work)
{
	struct ping_work *pw = container_of(work, struct ping_work, work);
	struct obd_import *imp = pw->imp;
	struct ptlrpc_request *req;

	req = ptlrpc_request_new(imp, OBD_PING, 1, (u32[]){ 0 });
	if (!IS_ERR(req)) {
		ptlrpc_request_set_replen(req, 1, (u32[]){ 0 });
		req->no_resend = true;
		req->no_delay = true;
		ptlrpc_queue_wait(req);	/* a failure fails the import */
		ptlrpc_request_put(req);
	}
	spin_lock(&imp->lock);
	imp->ping_busy = false;
	spin_unlock(&imp->lock);
	ptlrpc_import_put(imp);
	kfree(pw);
}

static void pinger_scan(struct work_struct *work)
{
	time64_t now = ktime_get_seconds();
	unsigned int interval = ptlrpc_ping_interval();
	struct obd_import *imp;
	LIST_HEAD(todo);

	spin_lock(&pinger_lock);
	list_for_each_entry(imp, &pinger_imports, pinger_list) {
		struct ping_work *pw;
		bool ping = false, reconnect = false;

		spin_lock(&imp->lock);
		if (imp->state == LUSTRE_IMP_FULL && !imp->ping_busy &&
		    now - imp->last_send >= interval) {
			ping = true;
			imp->ping_busy = true;
			imp->last_send = now;
		} else if (imp->state == LUSTRE_IMP_DISCONN && now - imp->last_send >= interval) {
			reconnect = true;
			imp->last_send = now;
		}
		spin_unlock(&imp->lock);
		if (reconnect)
			ptlrpc_import_connect(imp, false);
		if (!ping)
			continue;
		pw = kzalloc(sizeof(*pw), GFP_ATOMIC);
		if (!pw) {
			spin_lock(&imp->lock);
			imp->ping_busy = false;
			spin_unlock(&imp->lock);
			continue;
		}
		INIT_WORK(&pw->work, ping_one);
		ptlrpc_import_get(imp);
		pw->imp = imp;
		queue_work(ptlrpc_wq, &pw->work);
	}
	spin_unlock(&pinger_lock);
	queue_delayed_work(ptlrpc_wq, &pinger_work, HZ);
}

void ptlrpc_pinger_add(struct obd_import *imp)
{
	spin_lock(&pinger_lock);
	if (list_empty(&imp->pinger_list)) {
		ptlrpc_import_get(imp);
		list_add_tail(&imp->pinger_list, &pinger_imports);
	}
	spin_unlock(&pinger_lock);
}
EXPORT_SYMBOL(ptlrpc_pinger_add);

void ptlrpc_pinger_del(struct obd_import *imp)
{
	bool was = false;

	spin_lock(&pinger_lock);
	if (!list_empty(&imp->pinger_list)) {
		list_del_init(&imp->pinger_list);
		was = true;
	}
	spin_unlock(&pinger_lock);
	if (was)
		ptlrpc_import_put(imp);
}
EXPORT_SYMBOL(ptlrpc_pinger_del);

int ptlrpc_pinger_init(void)
{
	INIT_DELAYED_WORK(&pinger_work, pinger_scan);
	queue_delayed_work(ptlrpc_wq, &pinger_work, HZ);
	return 0;
}

/* Imports leave the list before their owners close them: nothing is left. */
void ptlrpc_pinger_fini(void)
{
	cancel_delayed_work_sync(&pinger_work);
	WARN_ON_ONCE(!list_empty(&pinger_imports));
}
