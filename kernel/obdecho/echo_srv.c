// SPDX-License-Identifier: GPL-2.0
/*
 * The echo target ("obdecho" devices): a ptlrpc target that answers
 * OST_CONNECT/DISCONNECT/PING (ptlrpc's common handlers) and executes
 * OST_WRITE (pulls the bulk, checks checksum and pattern, drops the data)
 * and OST_READ (makes the pattern, pushes it).  Its requests arrive through
 * the OSS-style services "ost" (OST_REQUEST_PORTAL: connect, ping) and
 * "ost_io" (OST_IO_PORTAL: bulk I/O), started with the first echo target
 * and shared by all of them.  Each echo target also has a lock namespace
 * (named after the device) and takes LDLM_ENQUEUE/CONVERT/CANCEL, so that
 * echo clients can exercise the lock manager (OBD_IOC_ECHO_LOCK).
 *
 *   lctl attach obdecho echo_srv [uuid]; lctl --device echo_srv setup
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <nacre/ldlm_rpc.h>
#include <nacre/obd_attr.h>
#include "echo.h"

struct echo_srv {
	struct ptlrpc_target tgt;
	atomic64_t writes, reads, bytes_written, bytes_read, errors;
};

static DEFINE_MUTEX(oss_mutex);
static unsigned int oss_users;
static struct ptlrpc_service *oss_svc, *oss_io_svc;

static int oss_get(void)
{
	static const struct ptlrpc_service_conf ost = {
		.name = "ost", .req_portal = OST_REQUEST_PORTAL, .rep_portal = OSC_REPLY_PORTAL,
		.bulk_portal = OST_BULK_PORTAL, .buf_size = 16384, .nbufs = 64,
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
	oss_io_svc = ptlrpc_service_start(&ost_io);
	if (IS_ERR(oss_io_svc)) {
		rc = PTR_ERR(oss_io_svc);
		ptlrpc_service_stop(oss_svc);
		goto fail;
	}
	goto out;
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
		ptlrpc_service_stop(oss_svc);
	}
	mutex_unlock(&oss_mutex);
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
	brw->oid = brw->ioo->ioo_oid.oi.oi_id;
	return 0;
}

/* The reply of a BRW: [body, ost_body, return codes]; a read's return-code
 * buffer is empty, as Lustre's (its status is the bytes read). */
static int echo_brw_reply(struct ptlrpc_request *req, const struct echo_brw *brw, u32 cksum,
			  bool with_cksum)
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
	if (with_cksum) {
		rb->oa.o_valid |= OBD_MD_FLCKSUM | OBD_MD_FLFLAGS;
		rb->oa.o_flags = OBD_FL_CKSUM_CRC32C;
		rb->oa.o_cksum = cksum;
	}
	return ptlrpc_reply(req);
}

static int echo_write(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	struct echo_brw brw;
	struct bio_vec *kiov = NULL;
	int niov, rc;
	s64 bad;

	rc = echo_brw_unpack(req, &brw);
	if (rc)
		goto fail;
	niov = echo_pages_alloc(&kiov, brw.nob);
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
	if ((brw.body->oa.o_valid & OBD_MD_FLCKSUM) &&
	    ptlrpc_bulk_cksum(kiov, niov, brw.nob) != brw.body->oa.o_cksum) {
		pr_warn_ratelimited("%s: checksum error on write of object %llu at %llu (%u bytes)\n",
				    req->exp->tgt->name, brw.oid, brw.offset, brw.nob);
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
	atomic64_inc(&es->writes);
	atomic64_add(brw.nob, &es->bytes_written);
	req->status = 0;
	return echo_brw_reply(req, &brw, 0, false);
fail:
	echo_pages_free(kiov, brw.nob);
	atomic64_inc(&es->errors);
	return ptlrpc_error(req, rc);
}

static int echo_read(struct ptlrpc_request *req)
{
	struct echo_srv *es = req->exp->tgt->private;
	bool with_cksum;
	struct echo_brw brw;
	struct bio_vec *kiov = NULL;
	u32 cksum = 0;
	int niov, rc;

	rc = echo_brw_unpack(req, &brw);
	if (rc)
		goto fail;
	niov = echo_pages_alloc(&kiov, brw.nob);
	if (niov < 0) {
		rc = niov;
		goto fail;
	}
	echo_fill(kiov, niov, brw.oid, brw.offset);
	with_cksum = brw.body->oa.o_valid & OBD_MD_FLCKSUM;
	if (with_cksum)
		cksum = ptlrpc_bulk_cksum(kiov, niov, brw.nob);
	rc = ptlrpc_server_bulk(req, BULK_PUT_SOURCE, kiov, niov, brw.nob);
	echo_pages_free(kiov, brw.nob);
	if (rc) {
		ptlrpc_drop_request(req);
		return 0;
	}
	atomic64_inc(&es->reads);
	atomic64_add(brw.nob, &es->bytes_read);
	req->status = brw.nob;		/* a read answers the bytes it moved */
	return echo_brw_reply(req, &brw, cksum, with_cksum);
fail:
	atomic64_inc(&es->errors);
	return ptlrpc_error(req, rc);
}

static const struct tgt_handler echo_ost_handlers[] = {
	[OST_READ] = { OST_READ, echo_read },
	[OST_WRITE] = { OST_WRITE, echo_write },
};

static const struct tgt_slice echo_slices[] = {
	{ OST_REPLY, OST_WRITE, echo_ost_handlers },
	LDLM_TGT_SLICE,
	{ 0 },
};

static int echo_srv_connect(struct ptlrpc_target *tgt, struct obd_export *exp,
			    struct obd_connect_data *reply)
{
	if (reply->ocd_connect_flags & OBD_CONNECT_CKSUM)
		reply->ocd_cksum_types &= OBD_CKSUM_CRC32C;
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

static int echo_srv_cleanup(struct obd_device *obd, bool force)
{
	struct echo_srv *es = obd->private;

	if (!force && READ_ONCE(es->tgt.nexports))
		return -EBUSY;
	ptlrpc_target_unregister(&es->tgt);
	ldlm_target_cleanup(&es->tgt);
	oss_put();
	obd->private = NULL;
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

static struct attribute *echo_srv_attrs[] = {
	OBD_ATTR_PTR(write_count), OBD_ATTR_PTR(read_count), OBD_ATTR_PTR(write_bytes),
	OBD_ATTR_PTR(read_bytes), OBD_ATTR_PTR(errors), OBD_ATTR_PTR(num_exports),
	OBD_ATTR_PTR(evictions), OBD_ATTR_PTR(instance), NULL,
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
