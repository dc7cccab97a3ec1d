// SPDX-License-Identifier: GPL-2.0
/*
 * ptlrpc message framing: sizes, buffer lookup, the receive-side check and
 * opcode names (see nacre/ptlrpc_pack.h).
 *
 * lustre_msg_check() is the one place that trusts nothing: it proves that
 * the header, every buffer length and every buffer (with its padding) lie
 * inside the received bytes, summing in 64 bits so that no set of 32-bit
 * lengths can wrap, and that buffer 0 is a whole ptlrpc_body of a known
 * type and version.  The accessors after it do no bounds checking of their
 * own beyond bufcount and the buffer lengths: they rely on that proof (or
 * on the node having built the message itself).
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <nacre/lustre_msg.h>
#include <nacre/lustre_dlm_wire.h>
#include <nacre/ptlrpc_pack.h>

/*
 * lm_secflvr: the security flavor in the low 24 bits, the sender's part
 * (client, MDT, OST, MGC, MGS) in the top byte under the null flavor.
 */
#define LUSTRE_MSG_FLVR_MASK	0x00ffffffU
#define LUSTRE_MSG_FLVR_NULL	0

/**
 * lustre_msg_hdr_size() - bytes of a message header with @count buffers
 * @count: number of buffers, at most PTLRPC_MAX_BUFCOUNT
 *
 * Return: the header (fixed part and buffer lengths) rounded up to 8 bytes.
 */
__u32 lustre_msg_hdr_size(__u32 count)
{
	return lustre_msg_size_round(offsetof(struct lustre_msg_v2, lm_buflens) +
				     count * sizeof(__u32));
}
EXPORT_SYMBOL(lustre_msg_hdr_size);

/**
 * lustre_msg_size() - bytes of a whole message
 * @count: number of buffers, at most PTLRPC_MAX_BUFCOUNT
 * @lens: length of each buffer; the lengths a node chooses for its own
 *        messages, far below 4 GiB in total
 *
 * Return: the header plus every buffer rounded up to 8 bytes.
 */
__u32 lustre_msg_size(__u32 count, const __u32 *lens)
{
	__u64 size = lustre_msg_hdr_size(count);
	__u32 i;

	for (i = 0; i < count; i++)
		size += lustre_msg_size_round(lens[i]);
	return size;
}
EXPORT_SYMBOL(lustre_msg_size);

/**
 * lustre_msg_init() - set up the header of a message being built
 * @m: lustre_msg_size(@count, @lens) zeroed bytes, 8-byte aligned
 * @count: number of buffers, 1 to PTLRPC_MAX_BUFCOUNT
 * @lens: length of each buffer
 *
 * Sets the magic, the buffer count and the buffer lengths; the body and
 * the other buffers are the caller's to fill.
 */
void lustre_msg_init(struct lustre_msg_v2 *m, __u32 count, const __u32 *lens)
{
	__u32 i;

	m->lm_magic = LUSTRE_MSG_MAGIC_V2;
	m->lm_bufcount = count;
	for (i = 0; i < count; i++)
		m->lm_buflens[i] = lens[i];
}
EXPORT_SYMBOL(lustre_msg_init);

/**
 * lustre_msg_buflen() - length of buffer @n
 * @m: checked or self-built message
 * @n: buffer index
 *
 * Return: the length the header gives (without padding), 0 when the
 * message has no buffer @n.
 */
__u32 lustre_msg_buflen(const struct lustre_msg_v2 *m, __u32 n)
{
	return n < m->lm_bufcount ? m->lm_buflens[n] : 0;
}
EXPORT_SYMBOL(lustre_msg_buflen);

/**
 * lustre_msg_buf() - buffer @n of a message
 * @m: checked or self-built message
 * @n: buffer index
 * @min_size: bytes the caller will access
 *
 * A zero-length buffer asked for with @min_size 0 yields a pointer that
 * must not be dereferenced.
 *
 * Return: the buffer, or NULL when the message has no buffer @n or it is
 * shorter than @min_size.
 */
void *lustre_msg_buf(struct lustre_msg_v2 *m, __u32 n, __u32 min_size)
{
	__u32 offset, i;

	if (n >= m->lm_bufcount || m->lm_buflens[n] < min_size)
		return NULL;

	/* lustre_msg_check() proved the whole message fits in a __u32 */
	offset = lustre_msg_hdr_size(m->lm_bufcount);
	for (i = 0; i < n; i++)
		offset += lustre_msg_size_round(m->lm_buflens[i]);
	return (char *)m + offset;
}
EXPORT_SYMBOL(lustre_msg_buf);

/**
 * lustre_msg_body() - the ptlrpc body (buffer 0) of a message
 * @m: checked or self-built message
 *
 * Return: the body, or NULL when buffer 0 is shorter than a ptlrpc_body
 * (never for a message lustre_msg_check() accepted).
 */
struct ptlrpc_body *lustre_msg_body(struct lustre_msg_v2 *m)
{
	return lustre_msg_buf(m, MSG_PTLRPC_BODY_OFF, sizeof(struct ptlrpc_body));
}
EXPORT_SYMBOL(lustre_msg_body);

/**
 * lustre_msg_string() - buffer @n as a NUL-terminated string
 * @m: checked message
 * @n: buffer index
 * @max_len: room the caller has for the string and its NUL (for a UUID,
 *           sizeof(struct obd_uuid)); 0 for no limit beyond the buffer
 *
 * Lustre sends strings with their NUL and padding inside the buffer
 * length: a connect request's UUIDs come in 39-byte buffers (the size of
 * struct obd_uuid less one), whatever the text's length.
 *
 * Return: the string, or NULL when there is no buffer @n, it holds no NUL,
 * or the string with its NUL is longer than @max_len.
 */
const char *lustre_msg_string(struct lustre_msg_v2 *m, __u32 n, __u32 max_len)
{
	const char *str = lustre_msg_buf(m, n, 1);
	__u32 blen, slen;

	if (!str)
		return NULL;
	blen = m->lm_buflens[n];
	slen = strnlen(str, blen);
	if (slen == blen)
		return NULL;
	if (max_len && slen >= max_len)
		return NULL;
	return str;
}
EXPORT_SYMBOL(lustre_msg_string);

static int reject(const char **why, const char *reason, int err)
{
	if (why)
		*why = reason;
	return err;
}

/**
 * lustre_msg_check_why() - validate a received message, saying why not
 * @buf: the received bytes, 8-byte aligned
 * @len: how many bytes were received
 * @why: set to a short reason on rejection (may be NULL)
 *
 * Checks, in this order: the fixed header is there; the magic is V2 in
 * little-endian (a byte-swapped magic is rejected: Nacre does not swab);
 * the null security flavor; 1 <= lm_bufcount <= PTLRPC_MAX_BUFCOUNT; the
 * buffer lengths are there; every buffer with its padding is there;
 * buffer 0 holds a whole ptlrpc_body; pb_type is request, reply or error;
 * the message version in pb_version is PTLRPC_MSG_VERSION.
 *
 * Return: 0; -EBADMSG for a truncated message or inconsistent lengths;
 * -EPROTO for a wrong magic, flavor, type or version.
 */
int lustre_msg_check_why(const void *buf, __u32 len, const char **why)
{
	const struct lustre_msg_v2 *m = buf;
	const struct ptlrpc_body *pb;
	__u64 size;
	__u32 i;

	if (len < sizeof(*m))
		return reject(why, "shorter than the message header", -EBADMSG);
	if (m->lm_magic == LUSTRE_MSG_MAGIC_V2_SWABBED)
		return reject(why, "byte-swapped sender (not supported)", -EPROTO);
	if (m->lm_magic != LUSTRE_MSG_MAGIC_V2)
		return reject(why, "bad magic", -EPROTO);
	if ((m->lm_secflvr & LUSTRE_MSG_FLVR_MASK) != LUSTRE_MSG_FLVR_NULL)
		return reject(why, "security flavor not supported", -EPROTO);
	if (m->lm_bufcount == 0)
		return reject(why, "no buffers", -EBADMSG);
	if (m->lm_bufcount > PTLRPC_MAX_BUFCOUNT)
		return reject(why, "too many buffers", -EBADMSG);

	size = lustre_msg_hdr_size(m->lm_bufcount);
	if (len < size)
		return reject(why, "buffer lengths truncated", -EBADMSG);
	for (i = 0; i < m->lm_bufcount; i++)
		size += lustre_msg_size_round(m->lm_buflens[i]);
	if (len < size)
		return reject(why, "buffers truncated", -EBADMSG);

	if (m->lm_buflens[MSG_PTLRPC_BODY_OFF] < sizeof(*pb))
		return reject(why, "ptlrpc body too short", -EBADMSG);
	pb = (const void *)((const char *)m + lustre_msg_hdr_size(m->lm_bufcount));
	if (pb->pb_type != PTL_RPC_MSG_REQUEST &&
	    pb->pb_type != PTL_RPC_MSG_REPLY &&
	    pb->pb_type != PTL_RPC_MSG_ERR)
		return reject(why, "bad pb_type", -EPROTO);
	if ((pb->pb_version & ~LUSTRE_VERSION_MASK) != PTLRPC_MSG_VERSION)
		return reject(why, "bad message version", -EPROTO);
	return 0;
}
EXPORT_SYMBOL(lustre_msg_check_why);

/**
 * lustre_msg_check() - validate a received message before anything reads it
 * @buf: the received bytes, 8-byte aligned
 * @len: how many bytes were received
 *
 * See lustre_msg_check_why() for what is checked.
 *
 * Return: 0; -EBADMSG for a truncated message or inconsistent lengths;
 * -EPROTO for a wrong magic, flavor, type or version.
 */
int lustre_msg_check(const void *buf, __u32 len)
{
	return lustre_msg_check_why(buf, len, NULL);
}
EXPORT_SYMBOL(lustre_msg_check);

/**
 * ldlm_request_check() - check that an ldlm_request holds its handles
 * @rq: the request buffer
 * @buflen: its length (lustre_msg_buflen())
 *
 * Return: 0 when @buflen holds a whole struct ldlm_request and lock_count
 * handles (ldlm_request_handle() may then be used for i < lock_count),
 * -EBADMSG otherwise.
 */
int ldlm_request_check(const struct ldlm_request *rq, __u32 buflen)
{
	__u64 need;

	if (buflen < sizeof(*rq))
		return -EBADMSG;
	need = offsetof(struct ldlm_request, lock_handle) +
	       (__u64)rq->lock_count * sizeof(struct lustre_handle);
	if (need > buflen)
		return -EBADMSG;
	return 0;
}
EXPORT_SYMBOL(ldlm_request_check);

/* Lustre's names for its RPC statistics (lctl get_param *.*.stats). */
static const struct {
	__u32 opc;
	const char *name;
} opcode_names[] = {
	{ OST_REPLY,			"ost_reply" },
	{ OST_GETATTR,			"ost_getattr" },
	{ OST_SETATTR,			"ost_setattr" },
	{ OST_READ,			"ost_read" },
	{ OST_WRITE,			"ost_write" },
	{ OST_CREATE,			"ost_create" },
	{ OST_DESTROY,			"ost_destroy" },
	{ OST_GET_INFO,			"ost_get_info" },
	{ OST_CONNECT,			"ost_connect" },
	{ OST_DISCONNECT,		"ost_disconnect" },
	{ OST_PUNCH,			"ost_punch" },
	{ OST_OPEN,			"ost_open" },
	{ OST_CLOSE,			"ost_close" },
	{ OST_STATFS,			"ost_statfs" },
	{ OST_SYNC,			"ost_sync" },
	{ OST_SET_INFO,			"ost_set_info" },
	{ OST_QUOTACHECK,		"ost_quotacheck" },
	{ OST_QUOTACTL,			"ost_quotactl" },
	{ OST_QUOTA_ADJUST_QUNIT,	"ost_quota_adjust_qunit" },
	{ OST_LADVISE,			"ost_ladvise" },
	{ OST_FALLOCATE,		"ost_fallocate" },
	{ OST_SEEK,			"ost_seek" },
	{ MDS_GETATTR,			"mds_getattr" },
	{ MDS_GETATTR_NAME,		"mds_getattr_lock" },
	{ MDS_CLOSE,			"mds_close" },
	{ MDS_REINT,			"mds_reint" },
	{ MDS_READPAGE,			"mds_readpage" },
	{ MDS_CONNECT,			"mds_connect" },
	{ MDS_DISCONNECT,		"mds_disconnect" },
	{ MDS_GET_ROOT,			"mds_get_root" },
	{ MDS_STATFS,			"mds_statfs" },
	{ MDS_PIN,			"mds_pin" },
	{ MDS_UNPIN,			"mds_unpin" },
	{ MDS_SYNC,			"mds_sync" },
	{ MDS_DONE_WRITING,		"mds_done_writing" },
	{ MDS_SET_INFO,			"mds_set_info" },
	{ MDS_QUOTACHECK,		"mds_quotacheck" },
	{ MDS_QUOTACTL,			"mds_quotactl" },
	{ MDS_GETXATTR,			"mds_getxattr" },
	{ MDS_SETXATTR,			"mds_setxattr" },
	{ MDS_WRITEPAGE,		"mds_writepage" },
	{ MDS_IS_SUBDIR,		"mds_is_subdir" },
	{ MDS_GET_INFO,			"mds_get_info" },
	{ MDS_HSM_STATE_GET,		"mds_hsm_state_get" },
	{ MDS_HSM_STATE_SET,		"mds_hsm_state_set" },
	{ MDS_HSM_ACTION,		"mds_hsm_action" },
	{ MDS_HSM_PROGRESS,		"mds_hsm_progress" },
	{ MDS_HSM_REQUEST,		"mds_hsm_request" },
	{ MDS_HSM_CT_REGISTER,		"mds_hsm_ct_register" },
	{ MDS_HSM_CT_UNREGISTER,	"mds_hsm_ct_unregister" },
	{ MDS_SWAP_LAYOUTS,		"mds_swap_layouts" },
	{ MDS_RMFID,			"mds_rmfid" },
	{ MDS_BATCH,			"mds_batch" },
	{ LDLM_ENQUEUE,			"ldlm_enqueue" },
	{ LDLM_CONVERT,			"ldlm_convert" },
	{ LDLM_CANCEL,			"ldlm_cancel" },
	{ LDLM_BL_CALLBACK,		"ldlm_bl_callback" },
	{ LDLM_CP_CALLBACK,		"ldlm_cp_callback" },
	{ LDLM_GL_CALLBACK,		"ldlm_gl_callback" },
	{ LDLM_SET_INFO,		"ldlm_set_info" },
	{ MGS_CONNECT,			"mgs_connect" },
	{ MGS_DISCONNECT,		"mgs_disconnect" },
	{ MGS_EXCEPTION,		"mgs_exception" },
	{ MGS_TARGET_REG,		"mgs_target_reg" },
	{ MGS_TARGET_DEL,		"mgs_target_del" },
	{ MGS_SET_INFO,			"mgs_set_info" },
	{ MGS_CONFIG_READ,		"mgs_config_read" },
	{ OBD_PING,			"obd_ping" },
	{ OBD_LOG_CANCEL,		"llog_cancel" },
	{ OBD_QC_CALLBACK,		"obd_quota_callback" },
	{ OBD_IDX_READ,			"dt_index_read" },
	{ LLOG_ORIGIN_HANDLE_CREATE,	"llog_origin_handle_open" },
	{ LLOG_ORIGIN_HANDLE_NEXT_BLOCK, "llog_origin_handle_next_block" },
	{ LLOG_ORIGIN_HANDLE_READ_HEADER, "llog_origin_handle_read_header" },
	{ LLOG_ORIGIN_HANDLE_WRITE_REC,	"llog_origin_handle_write_rec" },
	{ LLOG_ORIGIN_HANDLE_CLOSE,	"llog_origin_handle_close" },
	{ LLOG_ORIGIN_CONNECT,		"llog_origin_connect" },
	{ LLOG_CATINFO,			"llog_catinfo" },
	{ LLOG_ORIGIN_HANDLE_PREV_BLOCK, "llog_origin_handle_prev_block" },
	{ LLOG_ORIGIN_HANDLE_DESTROY,	"llog_origin_handle_destroy" },
	{ QUOTA_DQACQ,			"quota_acquire" },
	{ QUOTA_DQREL,			"quota_release" },
	{ SEQ_QUERY,			"seq_query" },
	{ SEC_CTX_INIT,			"sec_ctx_init" },
	{ SEC_CTX_INIT_CONT,		"sec_ctx_init_cont" },
	{ SEC_CTX_FINI,			"sec_ctx_fini" },
	{ FLD_QUERY,			"fld_query" },
	{ FLD_READ,			"fld_read" },
	{ OUT_UPDATE,			"out_update" },
	{ LFSCK_NOTIFY,			"lfsck_notify" },
	{ LFSCK_QUERY,			"lfsck_query" },
};

/**
 * ptlrpc_opcode_name() - Lustre's statistics name of an opcode
 * @opc: pb_opc value
 *
 * Return: a name such as "ost_write" or "ldlm_enqueue", NULL for an
 * opcode Lustre 2.16 does not define.
 */
const char *ptlrpc_opcode_name(__u32 opc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opcode_names); i++)
		if (opcode_names[i].opc == opc)
			return opcode_names[i].name;
	return NULL;
}
EXPORT_SYMBOL(ptlrpc_opcode_name);
