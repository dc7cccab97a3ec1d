// SPDX-License-Identifier: GPL-2.0
/*
 * Memory descriptors and portal matching.
 *
 * An MD is a buffer that messages read from or write into.  Attached, it sits
 * on a portal with match criteria and incoming PUTs and GETs look for it
 * there; bound, it only serves our own PUT/GET and the ACK/REPLY they bring
 * back, found by the handle carried on the wire (interface cookie = this
 * LNet incarnation, object cookie = the MD's id in the_lnet.mds).
 *
 * Lifetime: each message using an MD counts in md->pending.  An MD is freed
 * when it is unlinked (explicitly, or because its threshold ran out) and no
 * message uses it; the event that reports the last use carries "unlinked",
 * after which its buffer belongs to the caller again.  All of this state is
 * under the_lnet.res_lock.  Every lookup (xa_load) runs under res_lock too,
 * so an MD leaves the_lnet.mds inside the same locked section that decides
 * its end: a lookup then either finds it counted in use, or not at all, and
 * the kfree() after dropping the lock cannot race a reader.
 *
 * Answers: a REPLY or ACK names an MD by its wire handle, which a peer can
 * forge or guess.  Only a bound MD that has a GET (for a REPLY) or a PUT
 * asking for an ACK outstanding takes one, and only from the NID that
 * operation went to (md->answer_nid): an attached MD (a buffer this node
 * serves, such as the ping list) never does.
 */
#include <linux/slab.h>
#include <lnet/lib-lnet.h>

static atomic_t md_generation = ATOMIC_INIT(0);

/* @md is done: take it out of the table so no lookup finds it (res_lock
 * held, since lookups run under it); md_free() follows after unlocking. */
static void md_remove_locked(struct lnet_md *md)
{
	lockdep_assert_held(&the_lnet.res_lock);
	WARN_ON_ONCE(xa_erase(&the_lnet.mds, md->id) != md);
}

static void md_free(struct lnet_md *md)
{
	kfree(md);
	atomic_dec(&the_lnet.nmds);
}

/* Take @md off its portal so nothing new finds it (res_lock held). */
static void md_detach(struct lnet_md *md)
{
	lockdep_assert_held(&the_lnet.res_lock);
	md->unlinked = true;
	if (md->attached) {
		list_del(&md->portal_list);
		md->attached = false;
	}
}

/*
 * @md's last event @ev is due (it is out of the table, nothing uses it):
 * true when another of its events is still in the handler, which is then
 * left to deliver @ev (a copy) once it returns (res_lock held).
 */
static bool md_owe_last_locked(struct lnet_md *md, const struct lnet_event *ev)
{
	lockdep_assert_held(&the_lnet.res_lock);
	if (!md->delivering)
		return false;
	md->last_ev = *ev;
	md->last_ev.unlinked = true;
	md->last_owed = true;
	return true;
}

/* The bytes of a page-vector descriptor; 0 when it is malformed. */
static unsigned int kiov_length(const struct lnet_md_desc *desc)
{
	unsigned int i, len = 0;

	if (desc->start || !desc->niov || desc->niov > LNET_MAX_IOV)
		return 0;
	for (i = 0; i < desc->niov; i++) {
		const struct bio_vec *bv = &desc->kiov[i];

		if (!bv->bv_page || !bv->bv_len || bv->bv_offset >= PAGE_SIZE ||
		    bv->bv_len > PAGE_SIZE - bv->bv_offset)
			return 0;
		len += bv->bv_len;
	}
	return len;
}

static int md_new(const struct lnet_md_desc *desc, struct lnet_md **mdp)
{
	struct lnet_md *md;
	u32 gen;
	int rc;

	unsigned int length = desc->length;

	if (!desc->handler || desc->threshold == 0 || desc->threshold < LNET_MD_THRESH_INF)
		return -EINVAL;
	if (desc->kiov) {
		length = kiov_length(desc);
		if (!length)
			return -EINVAL;
	} else if (desc->niov || (length && !desc->start)) {
		return -EINVAL;
	}
	if (length > LNET_MAX_PAYLOAD)
		return -EINVAL;
	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md)
		return -ENOMEM;
	md->desc = *desc;
	md->desc.length = length;
	md->threshold = desc->threshold;
	rc = xa_alloc(&the_lnet.mds, &md->id, md, xa_limit_31b, GFP_KERNEL);
	if (rc) {
		kfree(md);
		return rc;
	}
	/* A generation in the high half: a stale handle or wire cookie of a
	 * freed MD never finds the MD that reuses its index. */
	do {
		gen = (u32)atomic_inc_return(&md_generation);
	} while (!gen);
	md->object = (u64)gen << 32 | md->id;
	atomic_inc(&the_lnet.nmds);
	*mdp = md;
	return 0;
}

static int md_publish(struct lnet_md *md, const struct lnet_match *match,
		      struct lnet_handle_md *handle)
{
	spin_lock(&the_lnet.res_lock);
	if (!the_lnet.up) {
		md_remove_locked(md);
		spin_unlock(&the_lnet.res_lock);
		md_free(md);
		return -ENETDOWN;
	}
	if (match) {
		md->match = *match;
		md->attached = true;
		list_add_tail(&md->portal_list, &the_lnet.portals[match->portal]);
	}
	handle->cookie = the_lnet.incarnation;
	handle->object = md->object;
	spin_unlock(&the_lnet.res_lock);
	return 0;
}

/**
 * lnet_md_attach() - put a buffer on a portal for incoming PUTs/GETs.
 * Return: 0 with @handle set, -EINVAL for a bad portal or descriptor,
 * -ENETDOWN when LNet is down, -ENOMEM.
 */
int lnet_md_attach(const struct lnet_match *match, const struct lnet_md_desc *desc,
		   struct lnet_handle_md *handle)
{
	struct lnet_md *md;
	int rc;

	if (match->portal >= LNET_MAX_PORTALS)
		return -EINVAL;
	rc = md_new(desc, &md);
	return rc ?: md_publish(md, match, handle);
}
EXPORT_SYMBOL(lnet_md_attach);

/** lnet_md_bind() - a buffer for our own PUT or GET (not on any portal). */
int lnet_md_bind(const struct lnet_md_desc *desc, struct lnet_handle_md *handle)
{
	struct lnet_md *md;
	int rc = md_new(desc, &md);

	return rc ?: md_publish(md, NULL, handle);
}
EXPORT_SYMBOL(lnet_md_bind);

/**
 * lnet_md_unlink() - no new operation may use the MD.  If none is using it,
 * it goes now and its handler gets an UNLINK event; otherwise the last one
 * to finish reports "unlinked".  Return: 0, or -ENOENT when it is gone.
 */
int lnet_md_unlink(struct lnet_handle_md handle)
{
	struct lnet_event ev = { .type = LNET_EVENT_UNLINK, .unlinked = true };
	struct lnet_md *md;
	bool now;

	spin_lock(&the_lnet.res_lock);
	md = handle.cookie == the_lnet.incarnation ? xa_load(&the_lnet.mds, (u32)handle.object) :
						    NULL;
	if (!md || md->object != handle.object || md->unlinked) {
		spin_unlock(&the_lnet.res_lock);
		return -ENOENT;
	}
	md_detach(md);
	now = md->pending == 0;
	if (now) {
		md_remove_locked(md);
		ev.user_ptr = md->desc.user_ptr;
		now = !md_owe_last_locked(md, &ev);
	}
	spin_unlock(&the_lnet.res_lock);

	if (now) {
		md->desc.handler(&ev);
		md_free(md);
	}
	return 0;
}
EXPORT_SYMBOL(lnet_md_unlink);

static bool md_matches(const struct lnet_md *md, __u64 src_nid, __u32 src_pid,
		       __u64 match_bits, unsigned int op)
{
	const struct lnet_match *m = &md->match;

	return !md->unlinked && md->threshold != 0 && (md->desc.options & op) &&
	       (m->nid == LNET_NID_ANY || m->nid == src_nid) &&
	       (m->pid == LNET_PID_ANY || m->pid == src_pid) &&
	       ((m->match_bits ^ match_bits) & ~m->ignore_bits) == 0;
}

/* One operation on @md begins (res_lock held). */
static void md_use(struct lnet_md *md)
{
	lockdep_assert_held(&the_lnet.res_lock);
	md->pending++;
	if (md->threshold != LNET_MD_THRESH_INF && --md->threshold == 0)
		md_detach(md);
}

/**
 * lnet_md_match() - the first MD on @portal that accepts an incoming
 * operation (@op: LNET_MD_OP_PUT or _GET), in attach order; the operation is
 * counted in it (release with lnet_md_release()).  NULL: no match.
 */
struct lnet_md *lnet_md_match(unsigned int portal, __u64 src_nid, __u32 src_pid,
			      __u64 match_bits, unsigned int op)
{
	struct lnet_md *md, *found = NULL;

	if (portal >= LNET_MAX_PORTALS)
		return NULL;
	spin_lock(&the_lnet.res_lock);
	list_for_each_entry(md, &the_lnet.portals[portal], portal_list) {
		if (md_matches(md, src_nid, src_pid, match_bits, op)) {
			found = md;
			md_use(md);
			break;
		}
	}
	spin_unlock(&the_lnet.res_lock);
	return found;
}

/*
 * The MD behind the wire handle @wh, counted as in use; NULL when it is not
 * ours (another incarnation) or no longer there.
 */
static struct lnet_md *md_lookup_wire(const struct lnet_handle_wire *wh)
{
	struct lnet_md *md = NULL;

	spin_lock(&the_lnet.res_lock);
	if (wh->wh_interface_cookie == the_lnet.incarnation) {
		md = xa_load(&the_lnet.mds, (u32)wh->wh_object_cookie);
		if (md && (md->object != wh->wh_object_cookie || md->unlinked ||
			   md->threshold == 0))
			md = NULL;
		if (md)
			md_use(md);
	}
	spin_unlock(&the_lnet.res_lock);
	return md;
}

/**
 * lnet_md_lookup_answer() - the MD an incoming REPLY (@type LNET_MSG_REPLY)
 * or ACK (LNET_MSG_ACK) from @src_nid names, counted as in use; NULL (and
 * nothing counted) unless it is a bound MD waiting for that answer from
 * that NID.  The answer it was waiting for is taken.
 */
struct lnet_md *lnet_md_lookup_answer(const struct lnet_handle_wire *wh, __u32 type,
				      __u64 src_nid)
{
	struct lnet_md *md = NULL;
	unsigned int *due;

	spin_lock(&the_lnet.res_lock);
	if (wh->wh_interface_cookie != the_lnet.incarnation)
		goto out;
	md = xa_load(&the_lnet.mds, (u32)wh->wh_object_cookie);
	if (!md || md->object != wh->wh_object_cookie || md->unlinked || md->threshold == 0 ||
	    md->attached) {
		md = NULL;
		goto out;
	}
	due = type == LNET_MSG_REPLY ? &md->replies_due : &md->acks_due;
	if (!*due || (md->answer_nid != LNET_NID_ANY && md->answer_nid != src_nid)) {
		md = NULL;
		goto out;
	}
	(*due)--;
	md_use(md);
out:
	spin_unlock(&the_lnet.res_lock);
	return md;
}

/**
 * lnet_md_expect_answer() - our GET (@type LNET_MSG_GET) or PUT asking for
 * an ACK (LNET_MSG_PUT) from @md goes to @dest_nid: one REPLY or ACK from
 * that NID may come into @md.  Two operations to different NIDs take an
 * answer from either.
 */
void lnet_md_expect_answer(struct lnet_md *md, __u32 type, __u64 dest_nid)
{
	spin_lock(&the_lnet.res_lock);
	if (!md->replies_due && !md->acks_due)
		md->answer_nid = dest_nid;
	else if (md->answer_nid != dest_nid)
		md->answer_nid = LNET_NID_ANY;
	if (type == LNET_MSG_GET)
		md->replies_due++;
	else
		md->acks_due++;
	spin_unlock(&the_lnet.res_lock);
}

/* For our own PUT/GET: the MD behind a handle, counted as in use. */
struct lnet_md *lnet_md_get_handle(struct lnet_handle_md handle)
{
	struct lnet_handle_wire wh = {
		.wh_interface_cookie = handle.cookie,
		.wh_object_cookie = handle.object,
	};

	return md_lookup_wire(&wh);
}

/**
 * lnet_md_event() - an operation on @md finished: release it and hand @ev
 * to the MD's handler, with ev->unlinked set when that was the MD's last
 * use (the MD is then freed).  Events of one MD may finish at once on
 * several CPUs (a PUT's SEND completing while its ACK arrives): the one
 * that reports "unlinked" is delivered only after every other event of the
 * MD has returned from the handler, so its owner may free what user_ptr
 * names as soon as it sees it (the last one out delivers it).  With
 * @only_last (an operation that did not happen), @ev goes to the handler
 * only if it is the last one.
 */
void lnet_md_event(struct lnet_md *md, struct lnet_event *ev, bool only_last)
{
	void (*handler)(const struct lnet_event *ev) = md->desc.handler;
	bool last, owed;

	spin_lock(&the_lnet.res_lock);
	WARN_ON_ONCE(md->pending <= 0);
	md->pending--;
	last = md->unlinked && md->pending == 0;
	ev->unlinked = last;
	if (last) {
		md_remove_locked(md);
		if (md_owe_last_locked(md, ev)) {
			spin_unlock(&the_lnet.res_lock);
			return;
		}
	} else if (only_last) {
		spin_unlock(&the_lnet.res_lock);
		return;
	} else {
		md->delivering++;
	}
	spin_unlock(&the_lnet.res_lock);

	handler(ev);
	if (last) {
		md_free(md);
		return;
	}
	spin_lock(&the_lnet.res_lock);
	owed = --md->delivering == 0 && md->last_owed;
	spin_unlock(&the_lnet.res_lock);
	if (owed) {
		handler(&md->last_ev);
		md_free(md);
	}
}

/*
 * Unlink every MD at shutdown (LNet is already marked down, so no new one
 * appears; every message has finished).  A bound MD left is a caller's
 * operation that is ending (a ping waiting for its answer): its owner gets
 * the UNLINK event.  An attached one means a user of LNet kept a buffer on
 * a portal past unconfigure (users hold LNet up): a leak, reported once.
 */
void lnet_md_flush_all(void)
{
	struct lnet_md *md;
	unsigned long id;

	xa_for_each(&the_lnet.mds, id, md) {
		WARN_ONCE(READ_ONCE(md->attached), "lnet: MD %lu still attached at shutdown\n", id);
		lnet_md_unlink((struct lnet_handle_md){ the_lnet.incarnation, md->object });
	}
}
