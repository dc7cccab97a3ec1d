// SPDX-License-Identifier: GPL-2.0
/*
 * LNet self-test (srpc) wire codec; see lnet/srpc_wire.h for the format.
 *
 * Each body is walked field by field with a cursor over the frame, so the
 * decoder and encoder of a type are the same list of fields in wire order
 * (the bodies are packed: no padding anywhere).  The caller has checked the
 * length against srpc_body_size() first, so a cursor never leaves the frame.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <asm/byteorder.h>
#include <lnet/srpc_wire.h>

/* One direction of the walk: decode reads into host fields, encode writes. */
struct srpc_cur {
	__u8 *p;
	bool swab;
	bool enc;
};

static void f32(struct srpc_cur *c, __u32 *v)
{
	__u32 w;

	if (c->enc) {
		w = c->swab ? __swab32(*v) : *v;
		w = (__force __u32)__cpu_to_le32(w);
		memcpy(c->p, &w, sizeof(w));
	} else {
		memcpy(&w, c->p, sizeof(w));
		w = __le32_to_cpu((__force __le32)w);
		*v = c->swab ? __swab32(w) : w;
	}
	c->p += sizeof(w);
}

static void f64(struct srpc_cur *c, __u64 *v)
{
	__u64 w;

	if (c->enc) {
		w = c->swab ? __swab64(*v) : *v;
		w = (__force __u64)__cpu_to_le64(w);
		memcpy(c->p, &w, sizeof(w));
	} else {
		memcpy(&w, c->p, sizeof(w));
		w = __le64_to_cpu((__force __le64)w);
		*v = c->swab ? __swab64(w) : w;
	}
	c->p += sizeof(w);
}

static void f16(struct srpc_cur *c, __u32 *v)
{
	__u16 w;

	if (c->enc) {
		w = (__u16)*v;
		w = c->swab ? __swab16(w) : w;
		w = (__force __u16)__cpu_to_le16(w);
		memcpy(c->p, &w, sizeof(w));
	} else {
		memcpy(&w, c->p, sizeof(w));
		w = __le16_to_cpu((__force __le16)w);
		*v = c->swab ? __swab16(w) : w;
	}
	c->p += sizeof(w);
}

static void f8(struct srpc_cur *c, __u8 *v)
{
	if (c->enc)
		*c->p = *v;
	else
		*v = *c->p;
	c->p++;
}

static void fs64(struct srpc_cur *c, __s64 *v)
{
	__u64 u = (__u64)*v;

	f64(c, &u);
	*v = (__s64)u;
}

/* A name: LST_NAME_SIZE bytes, NUL-terminated (checked by the caller). */
static void fname(struct srpc_cur *c, char *name)
{
	if (c->enc) {
		size_t n = strnlen(name, LST_NAME_SIZE);

		memcpy(c->p, name, n);
		memset(c->p + n, 0, LST_NAME_SIZE - n);
	} else {
		memcpy(name, c->p, LST_NAME_SIZE);
	}
	c->p += LST_NAME_SIZE;
}

static void fsid(struct srpc_cur *c, struct lst_sid *sid)
{
	f64(c, &sid->nid);
	fs64(c, &sid->stamp);
}

static void fsid_reply(struct srpc_cur *c, struct srpc_sid_reply *r)
{
	f32(c, &r->status);
	fsid(c, &r->sid);
}

static void fstat_reply(struct srpc_cur *c, struct srpc_stat_reply *r)
{
	struct sfw_counters *fw = &r->fw;
	struct srpc_counters *rpc = &r->rpc;
	struct lnet_counters_wire *ln = &r->lnet;

	f32(c, &r->status);
	fsid(c, &r->sid);
	f32(c, &fw->running_ms);
	f32(c, &fw->active_batches);
	f32(c, &fw->zombie_sessions);
	f32(c, &fw->brw_errors);
	f32(c, &fw->ping_errors);
	f32(c, &rpc->errors);
	f32(c, &rpc->rpcs_sent);
	f32(c, &rpc->rpcs_rcvd);
	f32(c, &rpc->rpcs_dropped);
	f32(c, &rpc->rpcs_expired);
	f64(c, &rpc->bulk_get);
	f64(c, &rpc->bulk_put);
	f32(c, &ln->msgs_alloc);
	f32(c, &ln->msgs_max);
	f32(c, &ln->errors);
	f32(c, &ln->send_count);
	f32(c, &ln->recv_count);
	f32(c, &ln->route_count);
	f32(c, &ln->drop_count);
	f64(c, &ln->send_length);
	f64(c, &ln->recv_length);
	f64(c, &ln->route_length);
	f64(c, &ln->drop_length);
}

/*
 * The test parameters: a 12-byte union whose layout depends on the service
 * and, for brw, on LST_FEAT_BULK_LEN; the bytes a layout does not use are
 * zero when encoded and ignored when decoded.
 */
static void ftest_params(struct srpc_cur *c, struct srpc_test_reqst *r, __u32 feats)
{
	__u8 *end = c->p + 12;

	if (c->enc)
		memset(c->p, 0, 12);
	if (r->service == SRPC_SERVICE_PING) {
		f32(c, &r->u.ping.size);
		f32(c, &r->u.ping.flags);
	} else if (feats & LST_FEAT_BULK_LEN) {
		f16(c, &r->u.bulk.opc);
		f16(c, &r->u.bulk.flags);
		f32(c, &r->u.bulk.len);
		f32(c, &r->u.bulk.offset);
	} else {
		f32(c, &r->u.bulk.opc);
		f32(c, &r->u.bulk.npg);
		f32(c, &r->u.bulk.flags);
	}
	c->p = end;
}

static void ftest_reqst(struct srpc_cur *c, struct srpc_test_reqst *r, __u32 feats)
{
	f64(c, &r->rpyid);
	f64(c, &r->bulkid);
	fsid(c, &r->sid);
	f64(c, &r->bid);
	f32(c, &r->service);
	f32(c, &r->loop);
	f32(c, &r->concur);
	f8(c, &r->is_client);
	f8(c, &r->stop_onerr);
	f32(c, &r->ndest);
	ftest_params(c, r, feats);
}

/* Walk the body of @m (type and features already set) over the cursor. */
static void fbody(struct srpc_cur *c, struct srpc_msg *m)
{
	switch (m->type) {
	case SRPC_MSG_MKSN_REQST:
		f64(c, &m->body.mksn_reqst.rpyid);
		fsid(c, &m->body.mksn_reqst.sid);
		f32(c, &m->body.mksn_reqst.force);
		fname(c, m->body.mksn_reqst.name);
		break;
	case SRPC_MSG_MKSN_REPLY:
		f32(c, &m->body.mksn_reply.status);
		fsid(c, &m->body.mksn_reply.sid);
		f32(c, &m->body.mksn_reply.timeout);
		fname(c, m->body.mksn_reply.name);
		break;
	case SRPC_MSG_RMSN_REQST:
		f64(c, &m->body.rmsn_reqst.rpyid);
		fsid(c, &m->body.rmsn_reqst.sid);
		break;
	case SRPC_MSG_RMSN_REPLY:
		fsid_reply(c, &m->body.rmsn_reply);
		break;
	case SRPC_MSG_BATCH_REQST:
		f64(c, &m->body.bat_reqst.rpyid);
		fsid(c, &m->body.bat_reqst.sid);
		f64(c, &m->body.bat_reqst.bid);
		f32(c, &m->body.bat_reqst.opc);
		f32(c, &m->body.bat_reqst.testidx);
		f32(c, &m->body.bat_reqst.arg);
		break;
	case SRPC_MSG_BATCH_REPLY:
		f32(c, &m->body.bat_reply.status);
		fsid(c, &m->body.bat_reply.sid);
		f32(c, &m->body.bat_reply.active);
		f32(c, &m->body.bat_reply.time);
		break;
	case SRPC_MSG_STAT_REQST:
		f64(c, &m->body.stat_reqst.rpyid);
		fsid(c, &m->body.stat_reqst.sid);
		f32(c, &m->body.stat_reqst.type);
		break;
	case SRPC_MSG_STAT_REPLY:
		fstat_reply(c, &m->body.stat_reply);
		break;
	case SRPC_MSG_TEST_REQST:
		ftest_reqst(c, &m->body.tes_reqst, m->ses_feats);
		break;
	case SRPC_MSG_TEST_REPLY:
		fsid_reply(c, &m->body.tes_reply);
		break;
	case SRPC_MSG_DEBUG_REQST:
		f64(c, &m->body.dbg_reqst.rpyid);
		fsid(c, &m->body.dbg_reqst.sid);
		f32(c, &m->body.dbg_reqst.flags);
		break;
	case SRPC_MSG_DEBUG_REPLY:
		f32(c, &m->body.dbg_reply.status);
		fsid(c, &m->body.dbg_reply.sid);
		f32(c, &m->body.dbg_reply.timeout);
		f32(c, &m->body.dbg_reply.nbatch);
		fname(c, m->body.dbg_reply.name);
		break;
	case SRPC_MSG_BRW_REQST:
		f64(c, &m->body.brw_reqst.rpyid);
		f64(c, &m->body.brw_reqst.bulkid);
		f32(c, &m->body.brw_reqst.rw);
		f32(c, &m->body.brw_reqst.len);
		f32(c, &m->body.brw_reqst.flags);
		break;
	case SRPC_MSG_BRW_REPLY:
		f32(c, &m->body.brw_reply.status);
		break;
	case SRPC_MSG_PING_REQST:
		f64(c, &m->body.ping_reqst.rpyid);
		f32(c, &m->body.ping_reqst.magic);
		f32(c, &m->body.ping_reqst.seq);
		f64(c, &m->body.ping_reqst.time_sec);
		f64(c, &m->body.ping_reqst.time_nsec);
		break;
	case SRPC_MSG_PING_REPLY:
		f32(c, &m->body.ping_reply.status);
		f32(c, &m->body.ping_reply.magic);
		f32(c, &m->body.ping_reply.seq);
		break;
	case SRPC_MSG_JOIN_REQST:
		f64(c, &m->body.join_reqst.rpyid);
		fsid(c, &m->body.join_reqst.sid);
		fname(c, m->body.join_reqst.group);
		break;
	case SRPC_MSG_JOIN_REPLY:
		f32(c, &m->body.join_reply.status);
		fsid(c, &m->body.join_reply.sid);
		f32(c, &m->body.join_reply.timeout);
		fname(c, m->body.join_reply.session);
		break;
	}
}

/* Wire sizes, from Lustre's packed structures. */
static const __u8 body_size[SRPC_MSG_TYPES] = {
	[SRPC_MSG_MKSN_REQST] = 60,
	[SRPC_MSG_MKSN_REPLY] = 56,
	[SRPC_MSG_RMSN_REQST] = 24,
	[SRPC_MSG_RMSN_REPLY] = 20,
	[SRPC_MSG_BATCH_REQST] = 44,
	[SRPC_MSG_BATCH_REPLY] = 28,
	[SRPC_MSG_STAT_REQST] = 28,
	[SRPC_MSG_STAT_REPLY] = 136,
	[SRPC_MSG_TEST_REQST] = 70,
	[SRPC_MSG_TEST_REPLY] = 20,
	[SRPC_MSG_DEBUG_REQST] = 28,
	[SRPC_MSG_DEBUG_REPLY] = 60,
	[SRPC_MSG_BRW_REQST] = 28,
	[SRPC_MSG_BRW_REPLY] = 4,
	[SRPC_MSG_PING_REQST] = 32,
	[SRPC_MSG_PING_REPLY] = 12,
	[SRPC_MSG_JOIN_REQST] = 56,
	[SRPC_MSG_JOIN_REPLY] = 56,
};

size_t srpc_body_size(__u32 type)
{
	return type < SRPC_MSG_TYPES ? body_size[type] : 0;
}

int srpc_service_reqst_type(__u32 service)
{
	switch (service) {
	case SRPC_SERVICE_DEBUG:
		return SRPC_MSG_DEBUG_REQST;
	case SRPC_SERVICE_MAKE_SESSION:
		return SRPC_MSG_MKSN_REQST;
	case SRPC_SERVICE_REMOVE_SESSION:
		return SRPC_MSG_RMSN_REQST;
	case SRPC_SERVICE_BATCH:
		return SRPC_MSG_BATCH_REQST;
	case SRPC_SERVICE_TEST:
		return SRPC_MSG_TEST_REQST;
	case SRPC_SERVICE_QUERY_STAT:
		return SRPC_MSG_STAT_REQST;
	case SRPC_SERVICE_JOIN:
		return SRPC_MSG_JOIN_REQST;
	case SRPC_SERVICE_BRW:
		return SRPC_MSG_BRW_REQST;
	case SRPC_SERVICE_PING:
		return SRPC_MSG_PING_REQST;
	}
	return -1;
}

static int reject(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -EPROTO;
}

static bool name_ok(const char *name)
{
	return memchr(name, '\0', LST_NAME_SIZE) != NULL;
}

/* The name field of @m, if its type has one. */
static const char *msg_name(const struct srpc_msg *m)
{
	switch (m->type) {
	case SRPC_MSG_MKSN_REQST:
		return m->body.mksn_reqst.name;
	case SRPC_MSG_MKSN_REPLY:
		return m->body.mksn_reply.name;
	case SRPC_MSG_DEBUG_REPLY:
		return m->body.dbg_reply.name;
	case SRPC_MSG_JOIN_REQST:
		return m->body.join_reqst.group;
	case SRPC_MSG_JOIN_REPLY:
		return m->body.join_reply.session;
	}
	return NULL;
}

int srpc_msg_decode(const void *buf, size_t len, struct srpc_msg *msg, bool *swab,
		    const char **why)
{
	struct srpc_cur c = { .p = (__u8 *)buf };
	__u32 magic, version, type, rsv;
	const char *name;

	if (len < SRPC_HDR_SIZE)
		return reject(why, "srpc frame shorter than its header");
	f32(&c, &magic);
	if (magic == __swab32(SRPC_MSG_MAGIC))
		c.swab = true;
	else if (magic != SRPC_MSG_MAGIC)
		return reject(why, "bad srpc magic");
	f32(&c, &version);
	if (version != SRPC_MSG_VERSION)
		return reject(why, "unknown srpc version");
	f32(&c, &type);
	if (type >= SRPC_MSG_TYPES)
		return reject(why, "unknown srpc message type");
	if (len < (size_t)SRPC_HDR_SIZE + body_size[type])
		return reject(why, "srpc body truncated");
	memset(msg, 0, sizeof(*msg));
	msg->type = type;
	f32(&c, &rsv);		/* msg_reserved0 and 1: unused */
	f32(&c, &rsv);
	f32(&c, &msg->ses_feats);
	fbody(&c, msg);

	name = msg_name(msg);
	if (name && !name_ok(name))
		return reject(why, "srpc name not NUL-terminated");
	if (type == SRPC_MSG_BATCH_REQST && (msg->body.bat_reqst.opc < SRPC_BATCH_OPC_RUN ||
					     msg->body.bat_reqst.opc > SRPC_BATCH_OPC_QUERY))
		return reject(why, "unknown batch operation");
	if (type == SRPC_MSG_PING_REQST && msg->body.ping_reqst.magic != LST_PING_TEST_MAGIC)
		return reject(why, "ping request without the ping magic");
	if (swab)
		*swab = c.swab;
	return 0;
}

int srpc_msg_encode(const struct srpc_msg *msg, void *buf, bool swab)
{
	struct srpc_cur c = { .p = buf, .swab = swab, .enc = true };
	/* The walk takes non-const fields; encoding only reads them. */
	struct srpc_msg *m = (struct srpc_msg *)msg;
	__u32 magic = SRPC_MSG_MAGIC, version = SRPC_MSG_VERSION, zero = 0;
	const char *name;

	if (msg->type >= SRPC_MSG_TYPES)
		return -EINVAL;
	name = msg_name(msg);
	if (name && !name_ok(name))
		return -EINVAL;
	memset(buf, 0, SRPC_MSG_SIZE);
	f32(&c, &magic);
	f32(&c, &version);
	f32(&c, &m->type);
	f32(&c, &zero);
	f32(&c, &zero);
	f32(&c, &m->ses_feats);
	fbody(&c, m);
	return SRPC_MSG_SIZE;
}

/* --- a server's checks (reply status) -------------------------------------- */

#define SRPC_NID_ANY ((__u64)-1)

__u32 srpc_check_sid(const struct lst_sid *sid)
{
	return sid->nid == SRPC_NID_ANY ? EINVAL : 0;
}

__u32 srpc_check_feats(__u32 feats)
{
	return feats & ~LST_FEATS_MASK ? EPROTO : 0;
}

static bool brw_opc_ok(__u32 opc)
{
	return opc == LST_BRW_READ || opc == LST_BRW_WRITE;
}

static bool brw_flags_ok(__u32 flags)
{
	return flags >= LST_BRW_CHECK_NONE && flags <= LST_BRW_CHECK_FULL;
}

__u32 srpc_test_bulk_len(const struct srpc_test_bulk *b, __u32 feats)
{
	__u64 len;

	if (feats & LST_FEAT_BULK_LEN) {
		if (b->offset >= SRPC_PAGE_SIZE)
			return 0;
		len = b->len;
		if (len + b->offset > SRPC_MAX_BULK)
			return 0;
	} else {
		if (b->npg > SRPC_MAX_BULK_PAGES)
			return 0;
		len = (__u64)b->npg * SRPC_PAGE_SIZE;
	}
	return (__u32)len;
}

__u32 srpc_check_test(const struct srpc_test_reqst *req, __u32 feats)
{
	if (req->loop == 0 || req->concur == 0 || req->concur > LST_MAX_CONCUR ||
	    req->sid.nid == SRPC_NID_ANY || req->ndest > SRPC_MAX_NDESTS ||
	    (req->is_client && req->ndest == 0) ||
	    (req->service != SRPC_SERVICE_BRW && req->service != SRPC_SERVICE_PING))
		return EINVAL;
	if (req->is_client > 1 || req->stop_onerr > 1)
		return EINVAL;
	if (req->service == SRPC_SERVICE_BRW) {
		const struct srpc_test_bulk *b = &req->u.bulk;

		if (!brw_opc_ok(b->opc) || !brw_flags_ok(b->flags) ||
		    !srpc_test_bulk_len(b, feats))
			return EINVAL;
	}
	return 0;
}

__u32 srpc_brw_bulk_len(const struct srpc_brw_reqst *req, __u32 feats)
{
	if (req->len == 0 || req->len > SRPC_MAX_BULK)
		return 0;
	/* Without variable lengths a brw moves whole pages. */
	if (!(feats & LST_FEAT_BULK_LEN) && req->len % SRPC_PAGE_SIZE)
		return 0;
	return req->len;
}

__u32 srpc_check_brw(const struct srpc_brw_reqst *req, __u32 feats)
{
	if (!brw_opc_ok(req->rw) || !brw_flags_ok(req->flags))
		return EINVAL;
	if (srpc_check_feats(feats))
		return EPROTO;
	return srpc_brw_bulk_len(req, feats) ? 0 : EINVAL;
}

/* --- the destination list -------------------------------------------------- */

static size_t dest_offset(__u32 idx)
{
	return (size_t)(idx / SRPC_ID_PER_PAGE) * SRPC_PAGE_SIZE +
	       (idx % SRPC_ID_PER_PAGE) * SRPC_ID_SIZE;
}

/*
 * Lustre sizes the list as whole pages without LST_FEAT_BULK_LEN, and as
 * 12 bytes a destination with it (so past one page the last destinations of
 * a Lustre console do not fit; its consoles stay below that).  Ours holds
 * every destination: up to the end of the last one.
 */
__u32 srpc_dest_bulk_len(__u32 ndest, __u32 feats)
{
	if (ndest == 0 || ndest > SRPC_MAX_NDESTS)
		return 0;
	if (!(feats & LST_FEAT_BULK_LEN))
		return (ndest + SRPC_ID_PER_PAGE - 1) / SRPC_ID_PER_PAGE * SRPC_PAGE_SIZE;
	return (__u32)(dest_offset(ndest - 1) + SRPC_ID_SIZE);
}

int srpc_dest_decode(const void *bulk, size_t len, __u32 idx, bool swab, __u64 *nid,
		     __u32 *pid)
{
	struct srpc_cur c;
	size_t off;

	if (idx >= SRPC_MAX_NDESTS)
		return -EPROTO;
	off = dest_offset(idx);
	if (off + SRPC_ID_SIZE > len)
		return -EPROTO;
	c = (struct srpc_cur){ .p = (__u8 *)bulk + off, .swab = swab };
	f64(&c, nid);
	f32(&c, pid);
	return 0;
}

void srpc_dest_encode(void *bulk, __u32 idx, __u64 nid, __u32 pid)
{
	struct srpc_cur c = { .p = (__u8 *)bulk + dest_offset(idx), .enc = true };

	f64(&c, &nid);
	f32(&c, &pid);
}

/* --- brw data pattern ------------------------------------------------------ */

#define BRW_WORD 8

void srpc_brw_fill(void *seg, size_t len, __u32 flags, __u64 magic)
{
	__u8 *p = seg;
	size_t i;

	if (len < BRW_WORD)
		return;
	if (flags == LST_BRW_CHECK_SIMPLE) {
		/* In a segment shorter than two words the last one overlaps
		 * the first and wins (it is written last by Lustre too).
		 */
		if (len >= 2 * BRW_WORD)
			memcpy(p, &magic, BRW_WORD);
		memcpy(p + len - BRW_WORD, &magic, BRW_WORD);
	} else if (flags == LST_BRW_CHECK_FULL) {
		for (i = 0; i + BRW_WORD <= len; i += BRW_WORD)
			memcpy(p + i, &magic, BRW_WORD);
	}
}

static bool word_is(const __u8 *p, __u64 magic)
{
	__u64 v;

	memcpy(&v, p, BRW_WORD);
	return v == magic;
}

int srpc_brw_check(const void *seg, size_t len, __u32 flags, __u64 magic)
{
	const __u8 *p = seg;
	size_t i;

	if (len < BRW_WORD)
		return 0;
	if (flags == LST_BRW_CHECK_SIMPLE) {
		if (len >= 2 * BRW_WORD && !word_is(p, magic))
			return -EBADMSG;
		if (!word_is(p + len - BRW_WORD, magic))
			return -EBADMSG;
	} else if (flags == LST_BRW_CHECK_FULL) {
		for (i = 0; i + BRW_WORD <= len; i += BRW_WORD)
			if (!word_is(p + i, magic))
				return -EBADMSG;
	}
	return 0;
}
