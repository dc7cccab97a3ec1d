// SPDX-License-Identifier: GPL-2.0
/*
 * The echo target ("obdecho" devices): a ptlrpc target that answers
 * OST_CONNECT/DISCONNECT/PING (ptlrpc's common handlers), keeps objects
 * without data (OST_CREATE/DESTROY/GETATTR/SETATTR: an object exists from
 * its create to its destroy, getattr returns what setattr stored), answers
 * OST_STATFS, and executes OST_WRITE (pulls the bulk, checks checksum and
 * pattern, drops the data) and OST_READ (makes the pattern, pushes it).
 * Its requests arrive through Lustre's OSS services, started with the first
 * echo target and shared by all of them: "ost" (OST_REQUEST_PORTAL 28:
 * connect, ping, locks and the object RPCs), "ost_create"
 * (OST_CREATE_PORTAL 7: OST_CREATE and OST_STATFS, where Lustre's OSP and
 * osc send them) and "ost_io" (OST_IO_PORTAL 6: bulk I/O).  Each echo target also has a lock namespace
 * (named after the device) and takes LDLM_ENQUEUE/CONVERT/CANCEL, so that
 * echo clients can exercise the lock manager (OBD_IOC_ECHO_LOCK).
 *
 *   lctl attach obdecho echo_srv [uuid]; lctl --device echo_srv setup
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <nacre/ldlm_rpc.h>
#include <nacre/obd_attr.h>
#include <nacre/obd_cksum.h>
#include "echo.h"

/*
 * Objects: at most ECHO_MAX_OBJECTS per target (a client cannot grow the
 * server's memory without bound), ids from ECHO_INIT_OID up as Lustre's.
 */
#define ECHO_MAX_OBJECTS	65536
#define ECHO_MAX_BYTES		(16ULL << 40)	/* largest object size: 16 TiB */
#define ECHO_STATFS_BLOCKS	(1ULL << 28)	/* 1 TiB of 4 KiB blocks */
#define ECHO_OS_TYPE		0xecc0ecc0ULL	/* no real file system */

struct echo_obj {
	u64 size, blocks;
	s64 mtime, atime, ctime;
	u32 mode, uid, gid, projid;
};

struct echo_srv {
	struct ptlrpc_target tgt;
	atomic64_t writes, reads, bytes_written, bytes_read, errors, cksum_errors;
	spinlock_t obj_lock;		/* objs, nobjs, last_id, bytes_used */
	struct xarray objs;		/* id -> struct echo_obj */
	unsigned int nobjs;
	u64 last_id;
	u64 bytes_used;			/* sum of the objects' sizes */
};

static DEFINE_MUTEX(oss_mutex);
static unsigned int oss_users;
static struct ptlrpc_service *oss_svc, *oss_create_svc, *oss_io_svc;

static int oss_get(void)
{
	static const struct ptlrpc_service_conf ost = {
		.name = "ost", .req_portal = OST_REQUEST_PORTAL, .rep_portal = OSC_REPLY_PORTAL,
		.bulk_portal = OST_BULK_PORTAL, .buf_size = 16384, .nbufs = 64,
		.handler = tgt_request_handle,
	};
	static const struct ptlrpc_service_conf ost_create = {
		.name = "ost_create", .req_portal = OST_CREATE_PORTAL, .rep_portal = OSC_REPLY_PORTAL,
		.bulk_portal = OST_BULK_PORTAL, .buf_size = 16384, .nbufs = 16,
		.handler = tgt_request_handle,
	};
	static const struct ptlrpc_service_conf ost_io = {
		.name = "ost_io", .req_portal = OST_IO_PORTAL, .rep_portal = OSC_REPLY_PORTAL,
		.bulk_portal = OST_BULK_PORTAL, .buf_size = 16384, .nbufs = 128,
		.handler = tgt_request_handle,
	};
	int rc = 0;

	mutex_lock(&oss_mutex);
	if (oss_users++)
		goto out;
	oss_svc = ptlrpc_service_start(&ost);
	if (IS_ERR(oss_svc)) {
		rc = PTR_ERR(oss_svc);
		goto fail;
	}
	oss_create_svc = ptlrpc_service_start(&ost_create);
	if (IS_ERR(oss_create_svc)) {
		rc = PTR_ERR(oss_create_svc);
		goto fail_ost;
	}
	oss_io_svc = ptlrpc_service_start(&ost_io);
	if (IS_ERR(oss_io_svc)) {
		rc = PTR_ERR(oss_io_svc);
		goto fail_create;
	}
	goto out;
fail_create:
	ptlrpc_service_stop(oss_create_svc);
fail_ost:
	ptlrpc_service_stop(oss_svc);
fail:
	oss_users--;
out:
	mutex_unlock(&oss_mutex);
	return rc;
}

static void oss_put(void)
{
	mutex_lock(&oss_mutex);
	if (!--oss_users) {
		ptlrpc_service_stop(oss_io_svc);
		ptlrpc_service_stop(oss_create_svc);
		ptlrpc_service_stop(oss_svc);
	}
	mutex_unlock(&oss_mutex);
}

/*
 * The object an ost_id names: Lustre's echo FID [FID_SEQ_ECHO:oid:0] (what
 * OST_CREATE hands out), or the old (id, seq 0) form.  Anything else is
 * -EINVAL; id 0 is no object.
 */
static int echo_oid_get(const struct ost_id *oi, u64 *id)
{
	if (!oi->oi.oi_seq)
		*id = oi->oi.oi_id;
	else if (oi->oi_fid.f_seq == FID_SEQ_ECHO && !oi->oi_fid.f_ver)
		*id = oi->oi_fid.f_oid;
	else
		return -EINVAL;
	return *id ? 0 : -EINVAL;
}

static void echo_oid_set(struct ost_id *oi, u64 id)
{
	memset(oi, 0, sizeof(*oi));
	oi->oi_fid.f_seq = FID_SEQ_ECHO;
	oi->oi_fid.f_oid = id;
}

/* Bits of o_valid that the echo target stores and returns. */
#define ECHO_ATTRS (OBD_MD_FLSIZE | OBD_MD_FLBLOCKS | OBD_MD_FLMTIME | OBD_MD_FLATIME | \
		    OBD_MD_FLCTIME | OBD_MD_FLMODE | OBD_MD_FLTYPE | OBD_MD_FLUID | \
		    OBD_MD_FLGID | OBD_MD_FLPROJID)

static void echo_obj_to_obdo(const struct echo_obj *o, struct obdo *oa)
{
	oa->o_valid |= ECHO_ATTRS | OBD_MD_FLBLKSZ | OBD_MD_FLFLAGS;
	oa->o_size = o->size;
	oa->o_blocks = o->blocks;
	oa->o_blksize = ECHO_BLOCK_SIZE;
	oa->o_mtime = o->mtime;
	oa->o_atime = o->atime;
	oa->o_ctime = o->ctime;
	oa->o_mode = o->mode;
	oa->o_uid = o->uid;
	oa->o_gid = o->gid;
	oa->o_projid = o->projid;
	oa->o_flags = OBD_FL_FLUSH;	/* as Lustre's echo target: nothing cached */
}

/* Blocks (512 bytes, as st_blocks) an object of @size would take. */
static u64 echo_size_blocks(u64 size)
{
	return DIV_ROUND_UP_ULL(size, 512);
}

/* The request's ost_body (buffer 1), or NULL. */
static struct ost_body *echo_body(struct ptlrpc_request *req)
{
	return lustre_msg_buf(req->reqmsg, 1, sizeof(struct ost_body));
}

/* Reply [body, ost_body] to an object RPC: the object and @o's attributes. */
static int echo_obj_reply(struct ptlrpc_request *req, u64 id, const struct echo_obj *o)
{
	struct ost_body *rb;
	int rc;

	rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*rb) });
	if (rc)
		return ptlrpc_error(req, rc);
	rb = ptlrpc_reply_buf(req, 1, sizeof(*rb));
	echo_oid_set(&rb->oa.o_oi, id);
	rb->oa.o_valid = OBD_MD_FLID | OBD_MD_FLGROUP;
	if (o)
		echo_obj_to_obdo(o, &rb->oa);
	req->status = 0;
	return ptlrpc_reply(req);
}

/* Which portals take which object RPCs (Lustre's osc and OSP senders). */
static bool echo_portal_ok(struct ptlrpc_request *req)
{
	unsigned int portal = req->svc->conf.req_portal;

	switch (req->opc) {
	case OST_CREATE:
	case OST_STATFS:
		return portal == OST_REQUEST_PORTAL || portal == OST_CREATE_PORTAL;
	default:
		return portal == OST_REQUEST_PORTAL;
	}
}

static int echo_create(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct ost_body *body = echo_body(req);
	struct echo_obj copy, *o;
	s64 now;
	u64 id = 0;
	int rc;

	if (!echo_portal_ok(req) || !body)
		return ptlrpc_error(req, -EPROTO);
	/* As Lustre's echo target: a regular object in the echo sequence. */
	if (!(body->oa.o_valid & OBD_MD_FLTYPE) || !S_ISREG(body->oa.o_mode) ||
	    body->oa.o_oi.oi_fid.f_seq != FID_SEQ_ECHO)
		return ptlrpc_error(req, -EINVAL);
	o = kzalloc(sizeof(*o), GFP_NOFS);
	if (!o)
		return ptlrpc_error(req, -ENOMEM);
	now = ktime_get_real_seconds();
	o->mtime = o->atime = o->ctime = now;
	o->mode = body->oa.o_mode & (S_IFMT | 07777);
	if (body->oa.o_valid & OBD_MD_FLUID)
		o->uid = body->oa.o_uid;
	if (body->oa.o_valid & OBD_MD_FLGID)
		o->gid = body->oa.o_gid;
	if (body->oa.o_valid & OBD_MD_FLPROJID)
		o->projid = body->oa.o_projid;
	copy = *o;	/* once inserted, @o is the target's */
	spin_lock(&es->obj_lock);
	if (es->nobjs >= ECHO_MAX_OBJECTS || es->last_id >= U32_MAX) {
		rc = -ENOSPC;
	} else {
		id = es->last_id + 1;
		rc = xa_insert(&es->objs, id, o, GFP_ATOMIC);
		if (!rc) {
			es->last_id = id;
			es->nobjs++;
		}
	}
	spin_unlock(&es->obj_lock);
	if (rc) {
		kfree(o);
		return ptlrpc_error(req, rc == -EBUSY ? -EEXIST : rc);
	}
	return echo_obj_reply(req, id, &copy);
}

/* The object of a getattr/setattr/destroy request, checked. */
static int echo_obj_id(struct ptlrpc_request *req, struct ost_body **bodyp, u64 *id)
{
	struct ost_body *body = echo_body(req);

	if (!echo_portal_ok(req) || !body)
		return -EPROTO;
	if (!(body->oa.o_valid & OBD_MD_FLID))
		return -EINVAL;
	*bodyp = body;
	return echo_oid_get(&body->oa.o_oi, id);
}

static int echo_destroy(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct ost_body *body;
	struct echo_obj *o;
	u64 id;
	int rc;

	rc = echo_obj_id(req, &body, &id);
	if (rc)
		return ptlrpc_error(req, rc);
	spin_lock(&es->obj_lock);
	o = xa_erase(&es->objs, id);
	if (o) {
		es->nobjs--;
		es->bytes_used -= o->size;
	}
	spin_unlock(&es->obj_lock);
	if (!o)
		return ptlrpc_error(req, -ENOENT);
	kfree(o);
	return echo_obj_reply(req, id, NULL);
}

static int echo_getattr(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct ost_body *body;
	struct echo_obj copy, *o;
	u64 id;
	int rc;

	rc = echo_obj_id(req, &body, &id);
	if (rc)
		return ptlrpc_error(req, rc);
	spin_lock(&es->obj_lock);
	o = xa_load(&es->objs, id);
	if (o)
		copy = *o;
	spin_unlock(&es->obj_lock);
	if (!o)
		return ptlrpc_error(req, -ENOENT);
	return echo_obj_reply(req, id, &copy);
}

static int echo_setattr(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct ost_body *body;
	struct echo_obj copy, *o;
	u64 valid, id;
	int rc;

	rc = echo_obj_id(req, &body, &id);
	if (rc)
		return ptlrpc_error(req, rc);
	valid = body->oa.o_valid;
	/* Objects stay regular files; sizes stay below the target's limit. */
	if ((valid & OBD_MD_FLTYPE) && !S_ISREG(body->oa.o_mode))
		return ptlrpc_error(req, -EINVAL);
	if ((valid & OBD_MD_FLSIZE) && body->oa.o_size > ECHO_MAX_BYTES)
		return ptlrpc_error(req, -EFBIG);
	spin_lock(&es->obj_lock);
	o = xa_load(&es->objs, id);
	if (o) {
		if (valid & OBD_MD_FLSIZE) {
			es->bytes_used += body->oa.o_size - o->size;
			o->size = body->oa.o_size;
			o->blocks = echo_size_blocks(o->size);
		}
		if (valid & OBD_MD_FLMTIME)
			o->mtime = body->oa.o_mtime;
		if (valid & OBD_MD_FLATIME)
			o->atime = body->oa.o_atime;
		if (valid & OBD_MD_FLCTIME)
			o->ctime = body->oa.o_ctime;
		if (valid & OBD_MD_FLMODE)
			o->mode = (o->mode & S_IFMT) | (body->oa.o_mode & 07777);
		if (valid & OBD_MD_FLUID)
			o->uid = body->oa.o_uid;
		if (valid & OBD_MD_FLGID)
			o->gid = body->oa.o_gid;
		if (valid & OBD_MD_FLPROJID)
			o->projid = body->oa.o_projid;
		copy = *o;
	}
	spin_unlock(&es->obj_lock);
	if (!o)
		return ptlrpc_error(req, -ENOENT);
	return echo_obj_reply(req, id, &copy);
}

static int echo_statfs(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct obd_statfs *os;
	u64 used, nobjs;
	int rc;

	/* Lustre's request is the ptlrpc body alone. */
	if (!echo_portal_ok(req))
		return ptlrpc_error(req, -EPROTO);
	spin_lock(&es->obj_lock);
	used = DIV_ROUND_UP_ULL(es->bytes_used, ECHO_BLOCK_SIZE);
	nobjs = es->nobjs;
	spin_unlock(&es->obj_lock);
	rc = ptlrpc_reply_new(req, 2, (u32[]){ 0, sizeof(*os) });
	if (rc)
		return ptlrpc_error(req, rc);
	os = ptlrpc_reply_buf(req, 1, sizeof(*os));
	os->os_type = ECHO_OS_TYPE;
	os->os_bsize = ECHO_BLOCK_SIZE;
	os->os_blocks = ECHO_STATFS_BLOCKS;
	/* Sizes set by setattr or writes count as used (nothing is stored). */
	os->os_bfree = used < ECHO_STATFS_BLOCKS ? ECHO_STATFS_BLOCKS - used : 0;
	os->os_bavail = os->os_bfree;
	os->os_files = ECHO_MAX_OBJECTS;
	os->os_ffree = ECHO_MAX_OBJECTS - nobjs;
	os->os_namelen = 255;
	os->os_maxbytes = ECHO_MAX_BYTES;
	memcpy(os->os_fsid, es->tgt.uuid.uuid, min(sizeof(os->os_fsid), sizeof(es->tgt.uuid.uuid)));
	req->status = 0;
	return ptlrpc_reply(req);
}

/* A write to an object that exists grows it (its data is not kept). */
static void echo_obj_written(struct echo_srv *es, u64 id, u64 end)
{
	struct echo_obj *o;

	spin_lock(&es->obj_lock);
	o = xa_load(&es->objs, id);
	if (o) {
		if (end > o->size) {
			es->bytes_used += end - o->size;
			o->size = end;
			o->blocks = echo_size_blocks(end);
		}
		o->mtime = o->ctime = ktime_get_real_seconds();
	}
	spin_unlock(&es->obj_lock);
}

/* The object, niobufs and total of a BRW request, checked. */
struct echo_brw {
	struct ost_body *body;
	struct obd_ioobj *ioo;
	struct niobuf_remote *rnb;
	u64 oid, offset;
	unsigned int nob;
};

static int echo_brw_unpack(struct ptlrpc_request *req, struct echo_brw *brw)
{
	u32 i, n;

	memset(brw, 0, sizeof(*brw));
	/* Bulk I/O only on the I/O portal: it may hold a thread for up to
	 * obd_timeout, which must not starve connects and pings. */
	if (req->svc->conf.req_portal != OST_IO_PORTAL)
		return -EPROTO;
	brw->body = lustre_msg_buf(req->reqmsg, 1, sizeof(*brw->body));
	brw->ioo = lustre_msg_buf(req->reqmsg, 2, sizeof(*brw->ioo));
	if (!brw->body || !brw->ioo)
		return -EPROTO;
	n = brw->ioo->ioo_bufcnt;
	if (!n || n > PTLRPC_MAX_BRW_PAGES)
		return -EPROTO;
	brw->rnb = lustre_msg_buf(req->reqmsg, 3, n * sizeof(*brw->rnb));
	if (!brw->rnb)
		return -EPROTO;
	/* The echo target takes one extent: niobufs must be contiguous. */
	brw->nob = 0;
	brw->offset = brw->rnb[0].rnb_offset;
	for (i = 0; i < n; i++) {
		if (!brw->rnb[i].rnb_len || brw->rnb[i].rnb_offset != brw->offset + brw->nob ||
		    brw->rnb[i].rnb_len > PTLRPC_MAX_BRW_SIZE - brw->nob)
			return -EINVAL;
		brw->nob += brw->rnb[i].rnb_len;
	}
	if (brw->offset > ECHO_MAX_BYTES || brw->nob > ECHO_MAX_BYTES - brw->offset)
		return -EFBIG;
	return echo_oid_get(&brw->ioo->ioo_oid, &brw->oid);
}

/*
 * The checksum algorithm of a BRW with OBD_MD_FLCKSUM: the one its o_flags
 * name (Adler-32 when they name none, as Lustre), or -EINVAL for one Nacre
 * does not compute.
 */
static int echo_brw_cksum_type(const struct ost_body *body, u32 *type)
{
	*type = obd_cksum_type_unpack(body->oa.o_valid & OBD_MD_FLFLAGS ? body->oa.o_flags : 0);
	return *type & NACRE_CKSUM_SUPPORTED ? 0 : -EINVAL;
}

/* The reply of a BRW: [body, ost_body, return codes]; a read's return-code
 * buffer is empty, as Lustre's (its status is the bytes read). */
static int echo_brw_reply(struct ptlrpc_request *req, const struct echo_brw *brw, u32 cksum,
			  u32 cksum_type)
{
	u32 n = req->opc == OST_WRITE ? brw->ioo->ioo_bufcnt : 0;
	struct ost_body *rb;
	int rc;

	rc = ptlrpc_reply_new(req, 3, (u32[]){ 0, sizeof(*rb), n * sizeof(u32) });
	if (rc)
		return ptlrpc_error(req, rc);
	rb = ptlrpc_reply_buf(req, 1, sizeof(*rb));
	rb->oa.o_valid = OBD_MD_FLID;
	rb->oa.o_oi = brw->body->oa.o_oi;
	if (cksum_type) {
		rb->oa.o_valid |= OBD_MD_FLCKSUM | OBD_MD_FLFLAGS;
		rb->oa.o_flags = obd_cksum_type_pack(cksum_type);
		rb->oa.o_cksum = cksum;
	}
	return ptlrpc_reply(req);
}

/*
 * A BRW's preamble: unpack it, find the checksum type it names (0: none)
 * and allocate its pages.  Return: the number of pages, or -errno.
 */
static int echo_brw_prepare(struct ptlrpc_request *req, struct echo_brw *brw, u32 *type,
			    struct bio_vec **kiov)
{
	int rc = echo_brw_unpack(req, brw);

	if (rc)
		return rc;
	if (brw->body->oa.o_valid & OBD_MD_FLCKSUM) {
		rc = echo_brw_cksum_type(brw->body, type);
		if (rc)
			return rc;
	}
	return echo_pages_alloc(kiov, brw->nob);
}

static int echo_write(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct echo_brw brw;
	struct bio_vec *kiov = NULL;
	u32 type = 0;
	int niov, rc;
	s64 bad;

	niov = echo_brw_prepare(req, &brw, &type, &kiov);
	if (niov < 0) {
		rc = niov;
		goto fail;
	}
	rc = ptlrpc_server_bulk(req, BULK_GET_SINK, kiov, niov, brw.nob);
	if (rc) {
		/* As Lustre: no reply; the client resends the whole RPC. */
		echo_pages_free(kiov, brw.nob);
		ptlrpc_drop_request(req);
		return 0;
	}
	if (type && ptlrpc_bulk_cksum_type(type, kiov, niov, brw.nob) != brw.body->oa.o_cksum) {
		pr_warn_ratelimited("%s: %s checksum error on write of object %llu at %llu (%u bytes)\n",
				    req->exp->tgt->name, obd_cksum_type_name(type), brw.oid,
				    brw.offset, brw.nob);
		atomic64_inc(&es->cksum_errors);
		rc = -EAGAIN;	/* Lustre's answer: the client resends */
		goto fail;
	}
	if (brw.body->oa.o_valid & OBD_MD_FLFLAGS && brw.body->oa.o_flags & OBD_FL_DEBUG_CHECK) {
		bad = echo_check(kiov, niov, brw.oid, brw.offset);
		if (bad >= 0) {
			pr_warn_ratelimited("%s: data error on write of object %llu at offset %llu\n",
					    req->exp->tgt->name, brw.oid, brw.offset + bad);
			rc = -EIO;
			goto fail;
		}
	}
	echo_pages_free(kiov, brw.nob);
	echo_obj_written(es, brw.oid, brw.offset + brw.nob);
	atomic64_inc(&es->writes);
	atomic64_add(brw.nob, &es->bytes_written);
	req->status = 0;
	return echo_brw_reply(req, &brw, 0, 0);
fail:
	echo_pages_free(kiov, brw.nob);
	atomic64_inc(&es->errors);
	return ptlrpc_error(req, rc);
}

static int echo_read(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct echo_brw brw;
	struct bio_vec *kiov = NULL;
	u32 cksum = 0, type = 0;
	int niov, rc;

	niov = echo_brw_prepare(req, &brw, &type, &kiov);
	if (niov < 0) {
		rc = niov;
		goto fail;
	}
	echo_fill(kiov, niov, brw.oid, brw.offset);
	if (type)
		cksum = ptlrpc_bulk_cksum_type(type, kiov, niov, brw.nob);
	rc = ptlrpc_server_bulk(req, BULK_PUT_SOURCE, kiov, niov, brw.nob);
	echo_pages_free(kiov, brw.nob);
	if (rc) {
		ptlrpc_drop_request(req);
		return 0;
	}
	atomic64_inc(&es->reads);
	atomic64_add(brw.nob, &es->bytes_read);
	req->status = brw.nob;		/* a read answers the bytes it moved */
	return echo_brw_reply(req, &brw, cksum, type);
fail:
	atomic64_inc(&es->errors);
	return ptlrpc_error(req, rc);
}

static const struct tgt_handler echo_ost_handlers[] = {
	[OST_GETATTR] = { OST_GETATTR, echo_getattr },
	[OST_SETATTR] = { OST_SETATTR, echo_setattr },
	[OST_READ] = { OST_READ, echo_read },
	[OST_WRITE] = { OST_WRITE, echo_write },
	[OST_CREATE] = { OST_CREATE, echo_create },
	[OST_DESTROY] = { OST_DESTROY, echo_destroy },
	[OST_STATFS] = { OST_STATFS, echo_statfs },
};

static const struct tgt_slice echo_slices[] = {
	{ OST_REPLY, OST_STATFS, echo_ost_handlers },
	LDLM_TGT_SLICE,
	{ 0 },
};

static int echo_srv_connect(struct ptlrpc_target *tgt, struct obd_export *exp,
			    struct obd_connect_data *reply)
{
	/* The algorithms both sides compute; Adler-32 if none (as Lustre). */
	if (reply->ocd_connect_flags & OBD_CONNECT_CKSUM) {
		reply->ocd_cksum_types &= NACRE_CKSUM_SUPPORTED;
		if (!reply->ocd_cksum_types)
			reply->ocd_cksum_types = OBD_CKSUM_ADLER;
	}
	return 0;
}

static const struct ptlrpc_target_ops echo_srv_ops = {
	.connect = echo_srv_connect,
};

static int echo_srv_setup(struct obd_device *obd, int argc, char **argv)
{
	struct echo_srv *es;
	int rc;

	es = kzalloc(sizeof(*es), GFP_KERNEL);
	if (!es)
		return -ENOMEM;
	strscpy(es->tgt.name, obd->name, sizeof(es->tgt.name));
	strscpy(es->tgt.uuid.uuid, obd->uuid, sizeof(es->tgt.uuid.uuid));
	es->tgt.msg_version = LUSTRE_OST_VERSION;
	es->tgt.slices = echo_slices;
	es->tgt.ops = &echo_srv_ops;
	es->tgt.private = es;
	spin_lock_init(&es->obj_lock);
	xa_init(&es->objs);
	es->last_id = ECHO_INIT_OID;
	rc = oss_get();
	if (rc)
		goto fail_free;
	rc = ldlm_target_setup(&es->tgt);
	if (rc)
		goto fail_oss;
	rc = ptlrpc_target_register(&es->tgt);
	if (rc)
		goto fail_ldlm;
	obd->private = es;
	return 0;

fail_ldlm:
	ldlm_target_cleanup(&es->tgt);
fail_oss:
	oss_put();
fail_free:
	kfree(es);
	return rc;
}

static void echo_objs_free(struct echo_srv *es)
{
	struct echo_obj *o;
	unsigned long id;

	xa_for_each(&es->objs, id, o)
		kfree(o);
	xa_destroy(&es->objs);
}

static int echo_srv_cleanup(struct obd_device *obd, bool force)
{
	struct echo_srv *es = obd->private;

	if (!force && READ_ONCE(es->tgt.nexports))
		return -EBUSY;
	ptlrpc_target_unregister(&es->tgt);
	ldlm_target_cleanup(&es->tgt);
	oss_put();
	obd->private = NULL;
	echo_objs_free(es);
	kfree(es);
	return 0;
}

/* --- parameters: /sys/fs/lustre/obdecho/<dev>/ ------------------------------ */

/* Counters of a set-up echo_srv, looked at under the device's cfg_sem. */
static ssize_t echo_srv_attr_show(struct kobject *kobj, struct kobj_attribute *kattr, char *buf)
{
	struct obd_device *obd = kobj_to_obd(kobj);
	ssize_t rc = -ENODEV;

	down_read(&obd->cfg_sem);
	if (READ_ONCE(obd->state) == OBD_UP && obd->private)
		rc = obd_attr_show_at(to_obd_attr(kattr), obd->private, buf);
	up_read(&obd->cfg_sem);
	return rc;
}

#define ECHO_SRV_ATTR(_name, _field) \
	OBD_ATTR_BASE_RO(_name, struct echo_srv, _field, echo_srv_attr_show)

ECHO_SRV_ATTR(write_count, writes);
ECHO_SRV_ATTR(read_count, reads);
ECHO_SRV_ATTR(write_bytes, bytes_written);
ECHO_SRV_ATTR(read_bytes, bytes_read);
ECHO_SRV_ATTR(errors, errors);
ECHO_SRV_ATTR(num_exports, tgt.nexports);
ECHO_SRV_ATTR(evictions, tgt.evictions);
ECHO_SRV_ATTR(instance, tgt.instance);
ECHO_SRV_ATTR(checksum_errors, cksum_errors);
ECHO_SRV_ATTR(num_objects, nobjs);

static struct attribute *echo_srv_attrs[] = {
	OBD_ATTR_PTR(write_count), OBD_ATTR_PTR(read_count), OBD_ATTR_PTR(write_bytes),
	OBD_ATTR_PTR(read_bytes), OBD_ATTR_PTR(errors), OBD_ATTR_PTR(num_exports),
	OBD_ATTR_PTR(evictions), OBD_ATTR_PTR(instance), OBD_ATTR_PTR(checksum_errors),
	OBD_ATTR_PTR(num_objects), NULL,
};
static const struct attribute_group echo_srv_group = { .attrs = echo_srv_attrs };
static const struct attribute_group *echo_srv_groups[] = { &echo_srv_group, NULL };

static const struct obd_type_ops echo_srv_type_ops = {
	.setup = echo_srv_setup,
	.cleanup = echo_srv_cleanup,
};

struct obd_type echo_srv_type = {
	.name = "obdecho",
	.owner = THIS_MODULE,
	.ops = &echo_srv_type_ops,
	.dev_groups = echo_srv_groups,
};
