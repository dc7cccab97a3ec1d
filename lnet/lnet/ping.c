// SPDX-License-Identifier: GPL-2.0
/*
 * Ping: the responder every node runs (a GET-able MD on the reserved portal
 * 0 with the ping match bits, holding the list of our NIs), and the
 * initiator behind "lnetctl ping".  The reply's layout is Lustre's ping info
 * (lnet/wire.h), so Lustre nodes can ping us and we them.
 *
 * The responder's buffer is replaced, not edited, when NIs change: a GET
 * being answered keeps reading the old buffer, which is freed by the
 * handler of its MD's last event.
 *
 * The reply's features are Lustre 2.16's: NI status, Multi-Rail (peer.c
 * picks among a peer's NIs) and discovery, which obliges us to take the
 * discovery PUSH a Lustre node sends when it learns of us or its NIs
 * change: a PUT of its ping info to the same portal and match bits.  The
 * push target is PUSH_SLOTS buffers, each its own PUT-only MD of
 * threshold 1, so that concurrent pushes never share a buffer; a push is
 * decoded and applied (peer.c: lnet_peer_push_received(), which refuses
 * what could misdirect traffic) by its MD's last event, and the slot is
 * posted again from the once-a-second recovery work
 * (lnet_push_target_rearm()).  PUTs beyond the free slots are dropped,
 * as Lustre drops pushes it has no buffer for; the sender pings us later.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/slab.h>
#include <lnet/lib-lnet.h>

#define PUSH_SLOTS	8
#define PUSH_BUF	(LNET_PING_INFO_HDR_SIZE + LNET_PING_MAX_NIS * LNET_NI_STATUS_SIZE)

struct push_slot {
	struct lnet_handle_md mdh;
	bool posted;			/* push_mutex; false again after its last event */
	u8 buf[PUSH_BUF];
};

static DEFINE_MUTEX(push_mutex);	/* push_enabled, posting */
static bool push_enabled;
static struct push_slot push_slots[PUSH_SLOTS];

static struct lnet_handle_md ping_mdh;
static bool ping_attached;

static void ping_target_event(const struct lnet_event *ev)
{
	if (ev->unlinked)
		kfree(ev->user_ptr);
}

static int ping_target_attach(void)
{
	struct lnet_ni_status *ns;
	struct lnet_ping_info_hdr pi = {
		.pi_magic = LNET_PROTO_PING_MAGIC,
		.pi_features = LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_MULTI_RAIL |
			       LNET_PING_FEAT_DISCOVERY |
			       (the_lnet.routing ? 0 : LNET_PING_FEAT_RTE_DISABLED),
		.pi_pid = the_lnet.pid,
	};
	struct lnet_match match = {
		.portal = LNET_RESERVED_PORTAL,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
		.match_bits = LNET_PROTO_PING_MATCHBITS,
	};
	struct lnet_md_desc desc = {
		.threshold = LNET_MD_THRESH_INF,
		.options = LNET_MD_OP_GET | LNET_MD_TRUNCATE,
		.handler = ping_target_event,
	};
	struct lnet_net *net;
	struct lnet_ni *ni;
	size_t size;
	void *buf;
	int rc;

	lockdep_assert_held(&the_lnet.api_mutex);
	ns = kcalloc(LNET_PING_MAX_NIS, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	/* The NI list only changes under api_mutex, which we hold. */
	list_for_each_entry(net, &the_lnet.nets, list) {
		list_for_each_entry(ni, &net->nis, list) {
			if (pi.pi_nnis == LNET_PING_MAX_NIS || !lnet_nid_is_nid4(&ni->nid))
				continue;
			ns[pi.pi_nnis].ns_nid = lnet_nid_to_nid4(&ni->nid);
			ns[pi.pi_nnis].ns_status = ni->up ? LNET_NI_STATUS_UP :
							   LNET_NI_STATUS_DOWN;
			pi.pi_nnis++;
		}
	}
	size = LNET_PING_INFO_HDR_SIZE + pi.pi_nnis * LNET_NI_STATUS_SIZE;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf) {
		kfree(ns);
		return -ENOMEM;
	}
	lnet_ping_info_encode(&pi, ns, buf, size);
	kfree(ns);

	desc.start = buf;
	desc.length = size;
	desc.user_ptr = buf;
	rc = lnet_md_attach(&match, &desc, &ping_mdh);
	if (rc) {
		kfree(buf);
		return rc;
	}
	ping_attached = true;
	return 0;
}

static void ping_target_detach(void)
{
	if (ping_attached) {
		/* The buffer is freed by the MD's last event, now or later. */
		lnet_md_unlink(ping_mdh);
		ping_attached = false;
	}
}

/* --- the push target ------------------------------------------------------------ */

/* A push of @len bytes from @from landed in @buf: apply it. */
static void push_apply(__u64 from, const u8 *buf, unsigned int len)
{
	struct lnet_ping_info_hdr pi;
	struct lnet_ni_status ns;
	__u64 nids[LNET_PING_MAX_NIS];
	unsigned int i, n = 0;
	const char *why = NULL;
	bool swab = false;
	int rc;

	rc = lnet_ping_info_decode(buf, len, false, &pi, &why);
	if (rc && pi.pi_magic == swab32(LNET_PROTO_PING_MAGIC)) {
		swab = true;
		rc = lnet_ping_info_decode(buf, len, true, &pi, &why);
	}
	if (rc) {
		pr_warn_ratelimited("push from %llx refused: %s\n", from, why);
		return;
	}
	for (i = 0; i < pi.pi_nnis && n < ARRAY_SIZE(nids); i++) {
		if (lnet_ping_info_ni(buf, len, swab, i, &ns))
			break;
		if (lnet_nid4_is_lo(ns.ns_nid) ||
		    LNET_NIDADDR(ns.ns_nid) == 0 || lnet_nid_is_local(ns.ns_nid))
			continue;
		if ((pi.pi_features & LNET_PING_FEAT_NI_STATUS) &&
		    ns.ns_status != LNET_NI_STATUS_UP)
			continue;
		nids[n++] = ns.ns_nid;
	}
	rc = lnet_peer_push_received(from, nids, n,
				     pi.pi_features & LNET_PING_FEAT_MULTI_RAIL);
	if (rc < 0)
		pr_warn_ratelimited("push from %llx refused: %s\n", from,
				    rc == -EPERM ? "it does not list the sender's NID" :
				    "the sender is not a peer");
}

static void push_event(const struct lnet_event *ev)
{
	struct push_slot *slot = ev->user_ptr;

	if (ev->type == LNET_EVENT_PUT && !ev->status)
		push_apply(ev->initiator_nid, slot->buf, min_t(u32, ev->mlength, PUSH_BUF));
	/* The buffer is free once its MD is gone: post it again. */
	if (ev->unlinked)
		smp_store_release(&slot->posted, false);
}

/* Post every free slot (push_mutex held). */
static void push_post_locked(void)
{
	struct lnet_match match = {
		.portal = LNET_RESERVED_PORTAL,
		.nid = LNET_NID_ANY,
		.pid = LNET_PID_ANY,
		.match_bits = LNET_PROTO_PING_MATCHBITS,
	};
	unsigned int i;

	lockdep_assert_held(&push_mutex);
	for (i = 0; i < PUSH_SLOTS && push_enabled; i++) {
		struct push_slot *slot = &push_slots[i];
		struct lnet_md_desc desc = {
			.start = slot->buf,
			.length = PUSH_BUF,
			.threshold = 1,
			.options = LNET_MD_OP_PUT | LNET_MD_TRUNCATE,
			.handler = push_event,
			.user_ptr = slot,
		};

		if (smp_load_acquire(&slot->posted))
			continue;
		/* Before the attach: a push may arrive and unlink the MD (its
		 * event clearing the flag) before lnet_md_attach() returns.
		 */
		WRITE_ONCE(slot->posted, true);
		if (lnet_md_attach(&match, &desc, &slot->mdh)) {
			WRITE_ONCE(slot->posted, false);	/* no MD, no event */
			break;	/* the next round tries again */
		}
	}
}

/** lnet_push_target_rearm() - post the push buffers used since last time. */
void lnet_push_target_rearm(void)
{
	mutex_lock(&push_mutex);
	push_post_locked();
	mutex_unlock(&push_mutex);
}

static void push_target_start(void)
{
	mutex_lock(&push_mutex);
	push_enabled = true;
	push_post_locked();
	mutex_unlock(&push_mutex);
}

/* Take the push buffers down; a push being received keeps its slot until
 * its last event (LNet drains every message before it goes down).
 */
static void push_target_stop(void)
{
	unsigned int i;

	mutex_lock(&push_mutex);
	push_enabled = false;
	for (i = 0; i < PUSH_SLOTS; i++)
		if (smp_load_acquire(&push_slots[i].posted))
			lnet_md_unlink(push_slots[i].mdh);
	mutex_unlock(&push_mutex);
}

/* --- setup -------------------------------------------------------------------------- */

int lnet_ping_target_init(void)
{
	int rc = ping_target_attach();

	if (!rc)
		push_target_start();
	return rc;
}

/* NIs changed: publish a fresh list (api_mutex held, LNet up). */
void lnet_ping_target_update(void)
{
	ping_target_detach();
	if (ping_target_attach())
		pr_warn("lnet: cannot publish the ping list; pings to this node fail\n");
}

void lnet_ping_target_fini(void)
{
	push_target_stop();
	ping_target_detach();
}

/* --- the initiator ------------------------------------------------------------ */

struct ping_wait {
	struct completion done;	/* the MD's last event arrived */
	struct lnet_handle_md mdh;
	int status;
	bool replied;
	unsigned int mlength;
};

static void ping_event(const struct lnet_event *ev)
{
	struct ping_wait *w = ev->user_ptr;

	if (ev->type == LNET_EVENT_REPLY && !ev->status) {
		w->replied = true;
		w->mlength = ev->mlength;
	} else if (ev->status && !w->status) {
		w->status = ev->status;
	}
	if (ev->unlinked) {
		complete(&w->done);
	} else if (ev->type == LNET_EVENT_SEND && ev->status) {
		/* No REPLY can follow a GET that was not sent: stop waiting.
		 * Handlers run without LNet locks, so unlinking here is fine;
		 * its UNLINK event (the last) comes back through this handler.
		 */
		lnet_md_unlink(w->mdh);
	}
}

/**
 * lnet_ping() - ask @nid for its NI list, waiting up to @timeout_ms.
 * Return: 0 with @res filled; -ETIMEDOUT, -EHOSTUNREACH, -EPROTO (a reply
 * that is not valid ping info), -ENETDOWN, -ENOMEM.
 */
int lnet_ping(__u64 nid, unsigned int timeout_ms, struct lnet_ping_result *res,
	      struct netlink_ext_ack *extack)
{
	const size_t size = LNET_PING_INFO_HDR_SIZE + LNET_PING_MAX_NIS * LNET_NI_STATUS_SIZE;
	struct ping_wait w = { .status = 0 };
	struct lnet_ping_info_hdr pi;
	struct lnet_md_desc desc = {
		.length = size,
		.threshold = 2,		/* the GET's send and its REPLY */
		.options = LNET_MD_TRUNCATE,
		.handler = ping_event,
		.user_ptr = &w,
	};
	struct lnet_handle_md mdh;
	const char *why = NULL;
	unsigned int i;
	bool swab;
	void *buf;
	int rc;

	init_completion(&w.done);
	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	desc.start = buf;
	rc = lnet_md_bind(&desc, &mdh);
	w.mdh = mdh;
	if (rc) {
		NL_SET_ERR_MSG(extack, "LNet is not configured (lnetctl lnet configure)");
		goto out;
	}
	rc = lnet_get(mdh, nid, LNET_PID_LUSTRE, LNET_RESERVED_PORTAL, LNET_PROTO_PING_MATCHBITS);
	if (rc) {
		if (rc == -EHOSTUNREACH)
			NL_SET_ERR_MSG(extack, "no local network reaches that NID");
		lnet_md_unlink(mdh);
		wait_for_completion(&w.done);
		goto out;
	}
	if (!wait_for_completion_timeout(&w.done, msecs_to_jiffies(timeout_ms))) {
		/* Late events are dropped once the MD is gone; its last event
		 * comes when the driver finishes with the GET, which it must.
		 */
		lnet_md_unlink(mdh);
		wait_for_completion(&w.done);
	}
	if (!w.replied) {
		rc = w.status ?: -ETIMEDOUT;
		lnet_extack(extack, NULL, rc == -ETIMEDOUT ? "no reply before the timeout" :
							    "the ping could not be sent");
		goto out;
	}
	/* The reply is in the responder's byte order: its magic tells. */
	swab = lnet_ping_info_decode(buf, w.mlength, false, &pi, &why) != 0;
	rc = swab ? lnet_ping_info_decode(buf, w.mlength, true, &pi, &why) : 0;
	if (rc) {
		NL_SET_ERR_MSG(extack, "the peer's reply is not valid ping info");
		goto out;
	}
	res->pid = pi.pi_pid;
	res->nnis = 0;
	for (i = 0; i < pi.pi_nnis && i < LNET_PING_MAX_NIS; i++)
		if (!lnet_ping_info_ni(buf, w.mlength, swab, i, &res->nis[i]))
			res->nnis++;
out:
	kfree(buf);
	return rc;
}
