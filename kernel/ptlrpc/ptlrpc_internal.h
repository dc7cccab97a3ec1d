/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of ptlrpc.ko only. */
#ifndef PTLRPC_INTERNAL_H
#define PTLRPC_INTERNAL_H

#include <lnet/nid.h>
#include <nacre/obd.h>
#include <nacre/ptlrpc.h>

/* The NID as text, for messages. */
static inline const char *nid4_str(u64 nid4, char *buf, size_t size)
{
	struct lnet_nid nid;

	lnet_nid4_to_nid(nid4, &nid);
	if (lnet_nid_format(&nid, buf, size) < 0)
		snprintf(buf, size, "%#llx", nid4);
	return buf;
}

/* bulk.c */
int ptlrpc_bulk_post(struct ptlrpc_bulk *bulk, u64 mbits);
void ptlrpc_bulk_unlink(struct ptlrpc_bulk *bulk);
bool ptlrpc_bulk_idle(struct ptlrpc_bulk *bulk);

/* client.c */
u64 ptlrpc_next_xid(unsigned int n);
/* Wake requests sent on connection @conn_cnt or earlier: they are resent. */
void ptlrpc_abort_inflight(struct obd_import *imp, u32 conn_cnt);
/* Fail every request of @imp with -EIO (eviction, close). */
void ptlrpc_fail_all(struct obd_import *imp);
/* Per-import stats counters: opcodes first, then these. */
enum {
	PTLRPC_STAT_WAITTIME = 0,	/* req_waittime, usec */
	PTLRPC_STAT_TIMEOUTS,
	PTLRPC_STAT_RESENDS,
	PTLRPC_STAT_BULK_READ,		/* bytes */
	PTLRPC_STAT_BULK_WRITE,
	PTLRPC_STAT_OPC_BASE,
};
#define PTLRPC_STAT_OPC_MAX 64
int ptlrpc_opcode_slot(u32 opc);	/* -1: not counted */
struct obd_stats *ptlrpc_stats_new(void);

/* service.c: request buffers */
struct ptlrpc_rqbd {
	struct list_head list;		/* svc->rqbds */
	struct ptlrpc_service *svc;
	void *buf;
	struct lnet_handle_md mdh;
	bool posted;			/* on the portal */
	bool busy;			/* holds a request being handled */
};

/* reply.c: a reply, kept while LNet sends it and while a resend may need it */
struct ptlrpc_reply_state {
	struct kref ref;
	u32 len;
	bool sent;			/* handed to LNet: buf is read-only now */
	char buf[];			/* the message (req->rep_buf while built) */
};
void ptlrpc_rs_put(struct ptlrpc_reply_state *rs);
/* Drop the reply @req was building (req->rep_buf), if any. */
void ptlrpc_reply_release(struct ptlrpc_request *req);
int ptlrpc_rs_send(struct ptlrpc_reply_state *rs, struct ptlrpc_request *req);

/*
 * kernel/server/target/ (target.c, export.c): linked in server builds only.
 * A client-only build (make CLIENT_ONLY=1) has no targets, so no request
 * ever carries an export and there is nothing to evict; the few calls the
 * RPC core makes into the server side become no-ops there.
 */
#if IS_ENABLED(CONFIG_NACRE_SERVER)
int ptlrpc_evictor_init(void);
void ptlrpc_evictor_fini(void);
void ptlrpc_export_saved(struct obd_export *exp, u64 xid, struct ptlrpc_reply_state *rs);
#else
static inline int ptlrpc_evictor_init(void) { return 0; }
static inline void ptlrpc_evictor_fini(void) { }
static inline void ptlrpc_export_saved(struct obd_export *exp, u64 xid,
				       struct ptlrpc_reply_state *rs)
{
	WARN_ON_ONCE(exp);
}
#endif
struct obd_export *ptlrpc_export_find(u64 cookie);
struct obd_export *ptlrpc_export_new(struct ptlrpc_target *tgt, const struct obd_uuid *cluuid,
				     u64 peer_nid);
/* The reply cache of an export: true when @req is a resend that was
 * answered (the saved reply has been sent again) or is in progress. */
bool ptlrpc_export_resend(struct obd_export *exp, struct ptlrpc_request *req);
void ptlrpc_export_begin(struct obd_export *exp, struct ptlrpc_request *req);
void ptlrpc_export_destroy(struct obd_export *exp, bool evicted);
void tgt_active_put(struct ptlrpc_target *tgt);
int ptlrpc_exports_init(void);
void ptlrpc_exports_fini(void);

/* module.c */
extern struct kobject *ptlrpc_kobj;		/* /sys/fs/lustre/ptlrpc */
extern struct dentry *ptlrpc_debugfs;		/* /sys/kernel/debug/lustre/ptlrpc */
extern struct kobject *ptlrpc_services_kobj;	/* .../ptlrpc/services */
extern struct dentry *ptlrpc_services_debugfs;
extern struct workqueue_struct *ptlrpc_wq;
extern atomic_t ptlrpc_nreqs;			/* live requests, for leak checks */
extern atomic_t ptlrpc_nexports;

#endif
