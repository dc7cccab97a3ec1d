// SPDX-License-Identifier: GPL-2.0
/*
 * The echo client ("echo_client" devices): an import to an echo target and
 * a test runner that drives N RPCs, C at a time, each a ping or an
 * OST_WRITE/OST_READ with a bulk of a given size, optionally checking
 * every byte (pattern) and the bulk checksum.
 *
 *   lctl attach echo_client ec; lctl --device ec setup <target uuid> <nid>
 *   lctl --device ec echo_test --op write --size 1M --count 100 --concurrency 8
 *
 * The runner's workers are kernel threads (one per RPC in flight), so the
 * calling process only waits; a fatal signal to it stops the workers, whose
 * RPCs are interrupted.
 *
 * Locks: the device has a lock namespace (named after it) on its import.
 * OBD_IOC_ECHO_LOCK takes an extent lock on resource [oid, 0, 0, 0] and
 * holds it for the user (a blocking callback then waits for its release),
 * or releases and cancels one by its handle cookie; cleanup releases what
 * is still held.
 *
 *   lctl --device ec echo_lock --mode PW --oid 5 --start 0 --end 4095
 *   lctl --device ec echo_unlock <cookie>
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <lnet/nid.h>
#include <nacre/ldlm_rpc.h>
#include <nacre/obd_cksum.h>
#include "echo.h"

/**
 * struct echo_client - an echo_client device.
 * @imp: the import to the echo target
 * @ns: its lock namespace
 * @locks_lock: protects @locks
 * @locks: the locks held for the user (struct echo_lock)
 * @import_file: debugfs "import"
 * @stats_file: debugfs "stats"
 */
struct echo_client {
	struct obd_import *imp;
	struct ldlm_namespace *ns;
	spinlock_t locks_lock;
	struct list_head locks;
	struct dentry *import_file, *stats_file;
};

/* A lock held for the user, released by its cookie. */
struct echo_lock {
	struct list_head list;
	struct ldlm_lock *lock;		/* held in @mode */
	enum ldlm_mode mode;
};

/* The target evicted us: it dropped our locks; so do we. */
static void echo_client_evicted(struct obd_import *imp, void *arg)
{
	struct echo_client *ec = arg;

	ldlm_cli_ns_evicted(ec->ns);
}

static int echo_import_show(struct seq_file *m, void *v)
{
	struct obd_device *obd = m->private;
	int rc = -ENODEV;

	down_read(&obd->cfg_sem);
	if (READ_ONCE(obd->state) == OBD_UP && obd->private)
		rc = ptlrpc_import_show(((struct echo_client *)obd->private)->imp, m);
	up_read(&obd->cfg_sem);
	return rc;
}
DEFINE_SHOW_ATTRIBUTE(echo_import);

static int echo_client_setup(struct obd_device *obd, int argc, char **argv)
{
	struct obd_connect_data offer = {
		.ocd_connect_flags = OBD_CONNECT_BRW_SIZE | OBD_CONNECT_CKSUM |
				     OBD_CONNECT_CANCELSET,
		.ocd_brw_size = PTLRPC_MAX_BRW_SIZE,
		.ocd_cksum_types = NACRE_CKSUM_SUPPORTED,
	};
	struct echo_client *ec;
	struct lnet_nid nid;
	const char *why;
	int rc;

	if (argc != 2) {
		pr_err("%s: setup takes <target uuid> <server NID>\n", obd->name);
		return -EINVAL;
	}
	rc = lnet_nid_parse(argv[1], &nid, &why);
	if (rc || !lnet_nid_is_nid4(&nid)) {
		pr_err("%s: bad server NID '%s': %s\n", obd->name, argv[1], rc ? why : "too large");
		return -EINVAL;
	}
	ec = kzalloc(sizeof(*ec), GFP_KERNEL);
	if (!ec)
		return -ENOMEM;
	ec->imp = ptlrpc_import_new(obd->name, argv[0], lnet_nid_to_nid4(&nid), OST_REQUEST_PORTAL,
				    OSC_REPLY_PORTAL, OST_CONNECT, LUSTRE_OST_VERSION, &offer);
	if (IS_ERR(ec->imp)) {
		rc = PTR_ERR(ec->imp);
		goto fail_free;
	}
	spin_lock_init(&ec->locks_lock);
	INIT_LIST_HEAD(&ec->locks);
	ec->ns = ldlm_cli_ns_new(ec->imp, obd->name, NULL);
	if (IS_ERR(ec->ns)) {
		rc = PTR_ERR(ec->ns);
		goto fail_imp_put;
	}
	ec->imp->cb_arg = ec;
	ec->imp->evicted_cb = echo_client_evicted;
	rc = ptlrpc_import_connect(ec->imp, true);
	if (rc) {
		pr_err("%s: cannot connect to %s at %s: %d\n", obd->name, argv[0], argv[1], rc);
		goto fail_imp;
	}
	ptlrpc_pinger_add(ec->imp);
	ec->import_file = debugfs_create_file("import", 0444, obd->debugfs, obd,
					      &echo_import_fops);
	if (ec->imp->stats)
		ec->stats_file = obd_stats_debugfs(ec->imp->stats, "stats", obd->debugfs);
	obd->private = ec;
	return 0;

fail_imp:
	ptlrpc_import_close(ec->imp, 0);
	ldlm_cli_ns_free(ec->ns);
fail_imp_put:
	ptlrpc_import_put(ec->imp);
fail_free:
	kfree(ec);
	return rc;
}

static void echo_locks_release(struct echo_client *ec);

static int echo_client_cleanup(struct obd_device *obd, bool force)
{
	struct echo_client *ec = obd->private;

	debugfs_remove(ec->import_file);
	debugfs_remove(ec->stats_file);
	/* Their CANCELs race with the disconnect, which drops them anyway. */
	echo_locks_release(ec);
	ptlrpc_import_close(ec->imp, OST_DISCONNECT);
	ldlm_cli_ns_free(ec->ns);
	ptlrpc_import_put(ec->imp);
	obd->private = NULL;
	kfree(ec);
	return 0;
}

/* --- the test runner -------------------------------------------------------- */

/*
 * How often a BRW is resent after a checksum error (the server's -EAGAIN on
 * a write, a mismatch on a read), as Lustre's osc resends before it fails.
 */
#define ECHO_CKSUM_RESENDS	10

struct echo_run {
	struct obd_ioc_echo p;
	struct obd_import *imp;
	u32 cksum_type;			/* the algorithm used (OBD_CKSUM_*) */
	atomic64_t resends;
	atomic64_t next;
	spinlock_t lock;
	wait_queue_head_t wq;
	atomic_t active;
	u64 lat_sum_us;
};

static int echo_brw_once(struct echo_run *run, struct bio_vec *kiov, int niov, u64 idx,
			 unsigned int attempt)
{
	const struct obd_ioc_echo *p = &run->p;
	bool write = p->op == ECHO_OP_WRITE;
	u64 off = p->offset + idx * p->size;
	struct ptlrpc_request *req;
	struct niobuf_remote *rnb;
	struct obd_ioobj *ioo;
	struct ost_body *body;
	int rc;

	if (p->op == ECHO_OP_PING) {
		req = ptlrpc_request_new(run->imp, OBD_PING, 1, (u32[]){ 0 });
		if (IS_ERR(req))
			return PTR_ERR(req);
		ptlrpc_request_set_replen(req, 1, (u32[]){ 0 });
		rc = ptlrpc_queue_wait(req);
		ptlrpc_request_put(req);
		return rc;
	}
	req = ptlrpc_request_new(run->imp, write ? OST_WRITE : OST_READ, 4,
				 (u32[]){ 0, sizeof(*body), sizeof(*ioo), sizeof(*rnb) });
	if (IS_ERR(req))
		return PTR_ERR(req);
	req->portal = OST_IO_PORTAL;
	body = lustre_msg_buf(req->reqmsg, 1, sizeof(*body));
	ioo = lustre_msg_buf(req->reqmsg, 2, sizeof(*ioo));
	rnb = lustre_msg_buf(req->reqmsg, 3, sizeof(*rnb));
	body->oa.o_valid = OBD_MD_FLID | OBD_MD_FLFLAGS;
	body->oa.o_oi.oi.oi_id = p->oid;
	ioo->ioo_oid = body->oa.o_oi;
	ioo->ioo_bufcnt = 1;
	ioobj_max_brw_set(ioo, DIV_ROUND_UP(niov, LNET_MAX_IOV));
	rnb->rnb_offset = off;
	rnb->rnb_len = p->size;
	rnb->rnb_flags = write ? OBD_BRW_WRITE : OBD_BRW_READ;
	if (p->flags & ECHO_FL_VERIFY)
		body->oa.o_flags |= OBD_FL_DEBUG_CHECK;
	if (write && (p->flags & ECHO_FL_VERIFY))
		echo_fill(kiov, niov, p->oid, off);
	else if (!write && (p->flags & ECHO_FL_VERIFY))
		echo_fill_junk(kiov, niov);
	if (p->flags & ECHO_FL_CKSUM) {
		body->oa.o_valid |= OBD_MD_FLCKSUM;
		body->oa.o_flags |= obd_cksum_type_pack(run->cksum_type);
		if (write)
			body->oa.o_cksum = ptlrpc_bulk_cksum_type(run->cksum_type, kiov, niov,
								  p->size);
		/* Fault injection: a wrong checksum on the first send only, as
		 * Lustre's OBD_FAIL_OSC_CHECKSUM_SEND (the data stays good). */
		if (write && (p->flags & ECHO_FL_FAIL_CKSUM) && !attempt)
			body->oa.o_cksum++;
	}
	ptlrpc_request_set_replen(req, 3, (u32[]){ 0, sizeof(*body), sizeof(u32) });
	rc = ptlrpc_request_set_bulk(req, write ? BULK_GET_SOURCE : BULK_PUT_SINK,
				     OST_BULK_PORTAL, kiov, niov);
	if (rc)
		goto out;
	rc = ptlrpc_queue_wait(req);
	if (rc < 0 || write)
		goto out;
	/* A read: all of it arrived, intact. */
	if (rc != p->size || req->bulk->nob_done != p->size) {
		rc = -EIO;
		goto out;
	}
	body = lustre_msg_buf(req->repmsg, 1, sizeof(*body));
	if (p->flags & ECHO_FL_CKSUM) {
		/* The server's checksum, of the algorithm asked for. */
		if (!body || !(body->oa.o_valid & OBD_MD_FLCKSUM) ||
		    !(body->oa.o_valid & OBD_MD_FLFLAGS) ||
		    obd_cksum_type_unpack(body->oa.o_flags) != run->cksum_type) {
			rc = -EPROTO;
			goto out;
		}
		if (body->oa.o_cksum !=
		    ptlrpc_bulk_cksum_type(run->cksum_type, kiov, niov, p->size)) {
			rc = -EAGAIN;	/* damaged on the way: read it again */
			goto out;
		}
	}
	if ((p->flags & ECHO_FL_VERIFY) && echo_check(kiov, niov, p->oid, off) >= 0)
		rc = -EIO;
	else
		rc = 0;
out:
	ptlrpc_request_put(req);
	return rc;
}

/* One RPC of the run; a BRW with a checksum error is resent (bounded). */
static int echo_one(struct echo_run *run, struct bio_vec *kiov, int niov, u64 idx)
{
	unsigned int attempt;
	int rc;

	for (attempt = 0;; attempt++) {
		rc = echo_brw_once(run, kiov, niov, idx, attempt);
		if (rc != -EAGAIN || !(run->p.flags & ECHO_FL_CKSUM) ||
		    attempt >= ECHO_CKSUM_RESENDS || signal_pending(current))
			return rc;
		atomic64_inc(&run->resends);
	}
}

static int echo_worker(void *arg)
{
	struct echo_run *run = arg;
	struct obd_ioc_echo *p = &run->p;
	struct bio_vec *kiov = NULL;
	int niov = 0;
	u64 idx;

	allow_signal(SIGKILL);
	if (p->op != ECHO_OP_PING) {
		niov = echo_pages_alloc(&kiov, p->size);
		if (niov < 0) {
			spin_lock(&run->lock);
			p->errors++;
			if (!p->first_error)
				p->first_error = niov;
			spin_unlock(&run->lock);
			goto out;
		}
	}
	while ((idx = atomic64_inc_return(&run->next) - 1) < p->count &&
	       !signal_pending(current)) {
		ktime_t start = ktime_get();
		int rc = echo_one(run, kiov, niov, idx);
		u64 us = ktime_us_delta(ktime_get(), start);

		if (rc == -EIO && READ_ONCE(run->imp->state) == LUSTRE_IMP_CLOSED)
			atomic64_set(&run->next, p->count);	/* the device is going */
		spin_lock(&run->lock);
		if (rc < 0) {
			p->errors++;
			if (!p->first_error)
				p->first_error = rc;
		} else {
			p->done++;
			if (p->op != ECHO_OP_PING)
				p->bytes += p->size;
			run->lat_sum_us += us;
			if (!p->lat_min_us || us < p->lat_min_us)
				p->lat_min_us = us;
			p->lat_max_us = max(p->lat_max_us, us);
		}
		spin_unlock(&run->lock);
	}
	echo_pages_free(kiov, p->size);
out:
	if (atomic_dec_and_test(&run->active))
		wake_up(&run->wq);
	return 0;
}

/*
 * The bulk checksum algorithm: @want if the connect granted it (-EINVAL if
 * not), else (0) the best one granted, Adler-32 when OBD_CONNECT_CKSUM was
 * not granted at all (Lustre's rule).
 */
static int echo_cksum_type(struct obd_import *imp, u32 want, u32 *type)
{
	u32 granted = OBD_CKSUM_ADLER;

	if (READ_ONCE(imp->ocd.ocd_connect_flags) & OBD_CONNECT_CKSUM)
		granted = READ_ONCE(imp->ocd.ocd_cksum_types) & NACRE_CKSUM_SUPPORTED;
	if (want && ((want & (want - 1)) || !(want & granted)))
		return -EINVAL;
	*type = obd_cksum_type_select(granted, want);
	return 0;
}

static long echo_test(struct obd_device *obd, struct obd_ioc_echo __user *uarg)
{
	struct echo_client *ec = obd->private;
	struct task_struct **tasks;
	struct echo_run *run;
	ktime_t start;
	unsigned int i, n;
	long rc = 0;

	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	if (copy_from_user(&run->p, uarg, sizeof(run->p))) {
		rc = -EFAULT;
		goto out_free;
	}
	if (run->p.op > ECHO_OP_READ || !run->p.count || !run->p.concurrency ||
	    run->p.concurrency > ECHO_MAX_CONCURRENCY ||
	    run->p.flags & ~(ECHO_FL_VERIFY | ECHO_FL_CKSUM | ECHO_FL_FAIL_CKSUM) ||
	    (run->p.op != ECHO_OP_PING && (!run->p.size || run->p.size > ECHO_MAX_SIZE))) {
		rc = -EINVAL;
		goto out_free;
	}
	run->imp = ec->imp;
	if (run->p.flags & ECHO_FL_CKSUM) {
		rc = echo_cksum_type(ec->imp, run->p.cksum_type, &run->cksum_type);
		if (rc)
			goto out_free;
		run->p.cksum_type = run->cksum_type;
	}
	spin_lock_init(&run->lock);
	init_waitqueue_head(&run->wq);
	n = min_t(u64, run->p.concurrency, run->p.count);
	tasks = kcalloc(n, sizeof(*tasks), GFP_KERNEL);
	if (!tasks) {
		rc = -ENOMEM;
		goto out_free;
	}
	start = ktime_get();
	atomic_set(&run->active, n);
	for (i = 0; i < n; i++) {
		tasks[i] = kthread_create(echo_worker, run, "echo_%s_%u", obd->name, i);
		if (IS_ERR(tasks[i]))
			break;
		get_task_struct(tasks[i]);
		wake_up_process(tasks[i]);
	}
	if (i < n) {
		/* Those that did not start are done already. */
		rc = PTR_ERR(tasks[i]);
		atomic_sub(n - i, &run->active);
		atomic64_set(&run->next, run->p.count);
		n = i;
	}
	if (wait_event_killable(run->wq, atomic_read(&run->active) == 0)) {
		atomic64_set(&run->next, run->p.count);
		for (i = 0; i < n; i++)
			send_sig(SIGKILL, tasks[i], 1);
		wait_event(run->wq, atomic_read(&run->active) == 0);
		rc = -EINTR;
	}
	for (i = 0; i < n; i++)
		put_task_struct(tasks[i]);
	kfree(tasks);
	run->p.usec = ktime_us_delta(ktime_get(), start);
	if (atomic64_read(&run->resends))
		pr_info("%s: %lld BRW resends after checksum errors\n", obd->name,
			(s64)atomic64_read(&run->resends));
	if (run->p.done)
		run->p.lat_avg_us = run->lat_sum_us / run->p.done;
	if (!rc && copy_to_user(uarg, &run->p, sizeof(run->p)))
		rc = -EFAULT;
out_free:
	kfree(run);
	return rc;
}

/* --- object RPCs ------------------------------------------------------------ */

static void echo_md_to_obdo(const struct obd_ioc_echo_md *p, struct obdo *oa)
{
	oa->o_valid = p->valid & (OBD_MD_FLSIZE | OBD_MD_FLMTIME | OBD_MD_FLATIME |
				  OBD_MD_FLCTIME | OBD_MD_FLMODE | OBD_MD_FLTYPE | OBD_MD_FLUID |
				  OBD_MD_FLGID | OBD_MD_FLPROJID);
	oa->o_size = p->size;
	oa->o_mtime = p->mtime;
	oa->o_atime = p->atime;
	oa->o_ctime = p->ctime;
	oa->o_mode = p->mode;
	oa->o_uid = p->uid;
	oa->o_gid = p->gid;
	oa->o_projid = p->projid;
}

static void echo_obdo_to_md(const struct obdo *oa, struct obd_ioc_echo_md *p)
{
	p->valid = oa->o_valid;
	p->size = oa->o_size;
	p->blocks = oa->o_blocks;
	p->mtime = oa->o_mtime;
	p->atime = oa->o_atime;
	p->ctime = oa->o_ctime;
	p->mode = oa->o_mode;
	p->uid = oa->o_uid;
	p->gid = oa->o_gid;
	p->projid = oa->o_projid;
}

/*
 * One object RPC, as Lustre's osc sends it: OST_CREATE/DESTROY/GETATTR/
 * SETATTR [body, ost_body] to the request portal, OST_STATFS [body] to the
 * create portal; objects are named by their echo FID [FID_SEQ_ECHO:oid:0].
 */
static int echo_md(struct echo_client *ec, struct obd_ioc_echo_md *p)
{
	static const u32 opcs[] = {
		[ECHO_MD_CREATE] = OST_CREATE, [ECHO_MD_DESTROY] = OST_DESTROY,
		[ECHO_MD_GETATTR] = OST_GETATTR, [ECHO_MD_SETATTR] = OST_SETATTR,
		[ECHO_MD_STATFS] = OST_STATFS,
	};
	bool statfs = p->cmd == ECHO_MD_STATFS;
	struct ptlrpc_request *req;
	struct obd_statfs *os;
	struct ost_body *body;
	int rc;

	if (p->cmd >= ARRAY_SIZE(opcs))
		return -EINVAL;
	/* Echo object ids are 32-bit FID object numbers. */
	if (p->cmd != ECHO_MD_CREATE && !statfs && (!p->oid || p->oid > U32_MAX))
		return -EINVAL;
	if (statfs)
		req = ptlrpc_request_new(ec->imp, OST_STATFS, 1, (u32[]){ 0 });
	else
		req = ptlrpc_request_new(ec->imp, opcs[p->cmd], 2, (u32[]){ 0, sizeof(*body) });
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (statfs) {
		req->portal = OST_CREATE_PORTAL;
		ptlrpc_request_set_replen(req, 2, (u32[]){ 0, sizeof(*os) });
	} else {
		body = lustre_msg_buf(req->reqmsg, 1, sizeof(*body));
		switch (p->cmd) {
		case ECHO_MD_CREATE:
			body->oa.o_valid = OBD_MD_FLTYPE | OBD_MD_FLMODE |
					   (p->valid & (OBD_MD_FLUID | OBD_MD_FLGID));
			body->oa.o_mode = S_IFREG | (p->mode & 07777);
			body->oa.o_uid = p->uid;
			body->oa.o_gid = p->gid;
			body->oa.o_oi.oi_fid.f_seq = FID_SEQ_ECHO;
			break;
		case ECHO_MD_SETATTR:
			echo_md_to_obdo(p, &body->oa);
			fallthrough;
		default:
			body->oa.o_valid |= OBD_MD_FLID | OBD_MD_FLGROUP;
			body->oa.o_oi.oi_fid.f_seq = FID_SEQ_ECHO;
			body->oa.o_oi.oi_fid.f_oid = p->oid;
			break;
		}
		ptlrpc_request_set_replen(req, 2, (u32[]){ 0, sizeof(*body) });
	}
	rc = ptlrpc_queue_wait(req);
	if (rc < 0)
		goto out;
	rc = 0;
	if (statfs) {
		os = lustre_msg_buf(req->repmsg, 1, sizeof(*os));
		if (!os || !os->os_bsize) {
			rc = -EPROTO;
			goto out;
		}
		p->os_blocks = os->os_blocks;
		p->os_bfree = os->os_bfree;
		p->os_bavail = os->os_bavail;
		p->os_files = os->os_files;
		p->os_ffree = os->os_ffree;
		p->os_maxbytes = os->os_maxbytes;
		p->os_bsize = os->os_bsize;
		p->os_namelen = os->os_namelen;
		goto out;
	}
	body = lustre_msg_buf(req->repmsg, 1, sizeof(*body));
	if (!body || !(body->oa.o_valid & OBD_MD_FLID) ||
	    body->oa.o_oi.oi_fid.f_seq != FID_SEQ_ECHO || !body->oa.o_oi.oi_fid.f_oid ||
	    (p->cmd != ECHO_MD_CREATE && body->oa.o_oi.oi_fid.f_oid != p->oid)) {
		rc = -EPROTO;
		goto out;
	}
	p->oid = body->oa.o_oi.oi_fid.f_oid;
	echo_obdo_to_md(&body->oa, p);
out:
	ptlrpc_request_put(req);
	return rc;
}

static long echo_md_ioctl(struct echo_client *ec, struct obd_ioc_echo_md __user *uarg)
{
	struct obd_ioc_echo_md p;
	int rc;

	if (copy_from_user(&p, uarg, sizeof(p)))
		return -EFAULT;
	rc = echo_md(ec, &p);
	if (rc)
		return rc;
	return copy_to_user(uarg, &p, sizeof(p)) ? -EFAULT : 0;
}

/* --- locks ------------------------------------------------------------------ */

static int echo_lock_enqueue(struct echo_client *ec, struct obd_ioc_echo_lock *p)
{
	union ldlm_wire_policy_data policy = {
		.l_extent = { .start = p->start, .end = p->end },
	};
	struct ldlm_res_id res = { .name = { p->oid } };
	struct ldlm_lock_desc desc;
	struct echo_lock *el;
	ktime_t start;
	int rc;

	switch (p->mode) {
	case LCK_EX:
	case LCK_PW:
	case LCK_PR:
	case LCK_CW:
	case LCK_CR:
		break;
	default:
		return -EINVAL;
	}
	if (p->start > p->end)
		return -EINVAL;
	el = kzalloc(sizeof(*el), GFP_KERNEL);
	if (!el)
		return -ENOMEM;
	start = ktime_get();
	rc = ldlm_cli_enqueue(ec->ns, &res, LDLM_EXTENT, p->mode, &policy, 0, &el->lock);
	if (rc) {
		kfree(el);
		return rc;
	}
	p->wait_usec = ktime_us_delta(ktime_get(), start);
	el->mode = p->mode;
	ldlm_lock_to_desc(el->lock, &desc);
	p->cookie = el->lock->cookie;
	p->granted_start = desc.l_policy_data.l_extent.start;
	p->granted_end = desc.l_policy_data.l_extent.end;
	spin_lock(&ec->locks_lock);
	list_add_tail(&el->list, &ec->locks);
	spin_unlock(&ec->locks_lock);
	return 0;
}

/* Release the lock held with @cookie and have it cancelled. */
static int echo_lock_cancel(struct echo_client *ec, u64 cookie)
{
	struct echo_lock *el, *found = NULL;

	spin_lock(&ec->locks_lock);
	list_for_each_entry(el, &ec->locks, list) {
		if (el->lock->cookie == cookie) {
			list_del(&el->list);
			found = el;
			break;
		}
	}
	spin_unlock(&ec->locks_lock);
	if (!found)
		return -ENOENT;
	ldlm_lock_decref_and_cancel(found->lock, found->mode);
	kfree(found);
	return 0;
}

static void echo_locks_release(struct echo_client *ec)
{
	struct echo_lock *el, *tmp;
	LIST_HEAD(held);

	spin_lock(&ec->locks_lock);
	list_splice_init(&ec->locks, &held);
	spin_unlock(&ec->locks_lock);
	list_for_each_entry_safe(el, tmp, &held, list) {
		ldlm_lock_decref_and_cancel(el->lock, el->mode);
		kfree(el);
	}
}

static long echo_lock_ioctl(struct echo_client *ec, struct obd_ioc_echo_lock __user *uarg)
{
	struct obd_ioc_echo_lock p;
	int rc;

	if (copy_from_user(&p, uarg, sizeof(p)))
		return -EFAULT;
	switch (p.op) {
	case ECHO_LOCK_ENQUEUE:
		rc = echo_lock_enqueue(ec, &p);
		if (rc)
			return rc;
		if (copy_to_user(uarg, &p, sizeof(p))) {
			echo_lock_cancel(ec, p.cookie);
			return -EFAULT;
		}
		return 0;
	case ECHO_LOCK_CANCEL:
		return echo_lock_cancel(ec, p.cookie);
	default:
		return -EINVAL;
	}
}

static long echo_client_ioctl(struct obd_device *obd, unsigned int cmd, void __user *uarg)
{
	switch (cmd) {
	case OBD_IOC_ECHO_TEST:
		return echo_test(obd, uarg);
	case OBD_IOC_ECHO_LOCK:
		return echo_lock_ioctl(obd->private, uarg);
	case OBD_IOC_ECHO_MD:
		return echo_md_ioctl(obd->private, uarg);
	default:
		return -ENOTTY;
	}
}

/* A forced cleanup: RPCs in flight (a test against a dead server) fail. */
static void echo_client_stop(struct obd_device *obd)
{
	struct echo_client *ec = obd->private;

	if (ec)
		ptlrpc_import_deactivate(ec->imp);
}

static const struct obd_type_ops echo_client_type_ops = {
	.setup = echo_client_setup,
	.cleanup = echo_client_cleanup,
	.ioctl = echo_client_ioctl,
	.stop = echo_client_stop,
};

struct obd_type echo_client_type = {
	.name = "echo_client",
	.owner = THIS_MODULE,
	.ops = &echo_client_type_ops,
};
