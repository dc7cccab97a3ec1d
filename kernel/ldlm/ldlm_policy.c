// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-manager policy (see nacre/ldlm_policy.h): the mode matrix, conflicts
 * per resource type, lock matching and the extent-growing rule.
 *
 * Extent growth.  A granted extent lock is made as large as it can be
 * without overlapping a lock that would conflict with it, so that the
 * client's next I/O nearby needs no new enqueue:
 *
 *   start = 1 + the end of the nearest conflicting lock wholly below the
 *           request (0 when there is none),
 *   end   = the start of the nearest conflicting lock wholly above the
 *           request - 1 (LDLM_EOF when there is none),
 *
 * over the resource's granted locks and its waiting locks alike (growing
 * over a waiting lock would only earn an immediate callback).  A
 * conflicting lock that overlaps the request stops growth on each side it
 * sticks out of.  The requested extent itself is never shrunk.  On a
 * contended resource (more than LDLM_CONTENDED_LOCKS granted locks) PW and
 * CW locks, the ones writers fight over, do not grow below the requested
 * start nor further than LDLM_CONTENDED_GROW_MAX bytes past it: a writer
 * that took the whole file would be called back at once by the next one.
 * GROUP locks never grow.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <nacre/ldlm_policy.h>

/* The standard modes, strongest first (ldlm_mode_covers_mask() walks them). */
static const enum ldlm_mode standard_modes[] = {
	LCK_EX, LCK_PW, LCK_PR, LCK_CW, LCK_CR, LCK_NL,
};

/* The modes compatible with @mode; 0 for an invalid mode. */
static __u32 compat_mask(enum ldlm_mode mode)
{
	switch (mode) {
	case LCK_EX:
		return LCK_NL;
	case LCK_PW:
		return LCK_NL | LCK_CR;
	case LCK_PR:
		return LCK_NL | LCK_CR | LCK_PR;
	case LCK_CW:
		return LCK_NL | LCK_CR | LCK_CW;
	case LCK_CR:
		return LCK_NL | LCK_CR | LCK_CW | LCK_PR | LCK_PW;
	case LCK_NL:
		return LCK_ALL_MODES;
	case LCK_GROUP:
		return LCK_NL | LCK_GROUP;
	case LCK_COS:
		return LCK_NL | LCK_COS;
	case LCK_TXN:
		return LCK_NL | LCK_TXN;
	default:
		return 0;
	}
}

/**
 * ldlm_mode_valid() - whether @mode is exactly one known mode
 * @mode: value to check (from the wire: anything)
 *
 * Return: true for LCK_EX ... LCK_TXN.
 */
bool ldlm_mode_valid(enum ldlm_mode mode)
{
	return compat_mask(mode) != 0;
}
EXPORT_SYMBOL(ldlm_mode_valid);

/**
 * ldlm_modes_compat() - whether locks of modes @a and @b may be held at once
 * @a: a mode
 * @b: another mode
 *
 * The matrix is symmetric.  Two GROUP locks are compatible here; whether
 * their group ids agree is ldlm_locks_conflict()'s business.
 *
 * Return: true when compatible; false when not or when either is invalid.
 */
bool ldlm_modes_compat(enum ldlm_mode a, enum ldlm_mode b)
{
	return ldlm_mode_valid(b) && (compat_mask(a) & b);
}
EXPORT_SYMBOL(ldlm_modes_compat);

/**
 * ldlm_mode_covers_mask() - the granted modes that satisfy a request
 * @want: the mode a caller wants
 *
 * A held standard mode covers @want when everything that conflicts with
 * @want also conflicts with it (it is at least as strong): PW covers PR and
 * CW, EX covers every standard mode.  GROUP, COS and TXN are only covered
 * by themselves.  This is the mode mask a client passes to
 * ldlm_lock_match() to reuse a cached lock.
 *
 * Return: a mask of modes, 0 for an invalid @want.
 */
__u32 ldlm_mode_covers_mask(enum ldlm_mode want)
{
	__u32 mask = 0;
	size_t i;

	if (!ldlm_mode_valid(want))
		return 0;
	if (want == LCK_GROUP || want == LCK_COS || want == LCK_TXN)
		return want;
	for (i = 0; i < ARRAY_SIZE(standard_modes); i++) {
		enum ldlm_mode held = standard_modes[i];

		if (!(compat_mask(held) & ~compat_mask(want)))
			mask |= held;
	}
	return mask;
}
EXPORT_SYMBOL(ldlm_mode_covers_mask);

/**
 * ldlm_mode_is_downgrade() - whether a lock may convert from @from to @to
 * @from: its mode now
 * @to: the mode asked for
 *
 * A conversion may only weaken a lock (so it never has to wait): @from must
 * cover @to.  Converting to the same mode is allowed (a no-op).
 *
 * Return: true when allowed.
 */
bool ldlm_mode_is_downgrade(enum ldlm_mode from, enum ldlm_mode to)
{
	return ldlm_mode_valid(from) && (ldlm_mode_covers_mask(to) & from);
}
EXPORT_SYMBOL(ldlm_mode_is_downgrade);

/**
 * ldlm_mode_is_writer() - whether a reference in @mode counts as a writer
 * @mode: a valid mode
 *
 * Return: true for EX, PW, CW, GROUP, COS and TXN; false for PR, CR, NL.
 */
bool ldlm_mode_is_writer(enum ldlm_mode mode)
{
	return !(mode & (LCK_PR | LCK_CR | LCK_NL));
}
EXPORT_SYMBOL(ldlm_mode_is_writer);

/**
 * ldlm_mode_name() - short name of a mode, for messages
 * @mode: any value
 *
 * Return: "EX", "PW" ... or "--" for an invalid mode.
 */
const char *ldlm_mode_name(enum ldlm_mode mode)
{
	switch (mode) {
	case LCK_EX:
		return "EX";
	case LCK_PW:
		return "PW";
	case LCK_PR:
		return "PR";
	case LCK_CW:
		return "CW";
	case LCK_CR:
		return "CR";
	case LCK_NL:
		return "NL";
	case LCK_GROUP:
		return "GROUP";
	case LCK_COS:
		return "COS";
	case LCK_TXN:
		return "TXN";
	default:
		return "--";
	}
}
EXPORT_SYMBOL(ldlm_mode_name);

/**
 * ldlm_type_supported() - whether the lock manager handles @type
 * @type: any value
 *
 * Return: true for PLAIN, EXTENT and IBITS; FLOCK is not implemented.
 */
bool ldlm_type_supported(enum ldlm_type type)
{
	return type == LDLM_PLAIN || type == LDLM_EXTENT || type == LDLM_IBITS;
}
EXPORT_SYMBOL(ldlm_type_supported);

/**
 * ldlm_policy_check() - validate a lock request before it is used
 * @type: resource type
 * @mode: requested mode
 * @policy: extent or inode bits; unused (may be NULL) for PLAIN
 *
 * Return: 0; -EOPNOTSUPP for FLOCK; -EINVAL for an unknown type or mode, an
 * extent whose start is past its end, IBITS with no bit at all, a GROUP
 * PLAIN lock or a missing policy.
 */
int ldlm_policy_check(enum ldlm_type type, enum ldlm_mode mode,
		      const union ldlm_wire_policy_data *policy)
{
	if (!ldlm_mode_valid(mode))
		return -EINVAL;
	switch (type) {
	case LDLM_PLAIN:
		return mode == LCK_GROUP ? -EINVAL : 0;
	case LDLM_EXTENT:
		if (!policy || policy->l_extent.start > policy->l_extent.end)
			return -EINVAL;
		return 0;
	case LDLM_IBITS:
		if (!policy || !(policy->l_inodebits.bits | policy->l_inodebits.try_bits))
			return -EINVAL;
		return 0;
	case LDLM_FLOCK:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL(ldlm_policy_check);

/** ldlm_extent_overlap() - whether [a] and [b] share a byte (ends inclusive). */
bool ldlm_extent_overlap(const struct ldlm_extent *a, const struct ldlm_extent *b)
{
	return a->start <= b->end && b->start <= a->end;
}
EXPORT_SYMBOL(ldlm_extent_overlap);

/** ldlm_extent_contains() - whether @outer covers every byte of @inner. */
bool ldlm_extent_contains(const struct ldlm_extent *outer, const struct ldlm_extent *inner)
{
	return outer->start <= inner->start && inner->end <= outer->end;
}
EXPORT_SYMBOL(ldlm_extent_contains);

/* Both GROUP: compatible exactly when the group ids agree. */
static bool group_pair(enum ldlm_mode a, enum ldlm_mode b)
{
	return a == LCK_GROUP && b == LCK_GROUP;
}

/**
 * ldlm_locks_conflict() - whether two locks on one resource conflict
 * @type: the resource's type
 * @mode_a: mode of the first lock
 * @a: its policy (unused for PLAIN)
 * @mode_b: mode of the second lock
 * @b: its policy
 *
 * IBITS compares @bits only: try_bits are resolved before a lock is queued.
 *
 * Return: true when they cannot both be granted.
 */
bool ldlm_locks_conflict(enum ldlm_type type,
			 enum ldlm_mode mode_a, const union ldlm_wire_policy_data *a,
			 enum ldlm_mode mode_b, const union ldlm_wire_policy_data *b)
{
	bool group = group_pair(mode_a, mode_b);

	if (!group && ldlm_modes_compat(mode_a, mode_b))
		return false;
	switch (type) {
	case LDLM_PLAIN:
		return !group;
	case LDLM_EXTENT:
		if (!ldlm_extent_overlap(&a->l_extent, &b->l_extent))
			return false;
		return !group || a->l_extent.gid != b->l_extent.gid;
	case LDLM_IBITS:
		if (!(a->l_inodebits.bits & b->l_inodebits.bits))
			return false;
		return !group || a->l_inodebits.li_gid != b->l_inodebits.li_gid;
	default:
		return true;
	}
}
EXPORT_SYMBOL(ldlm_locks_conflict);

/**
 * ldlm_policy_contains() - whether a held lock's policy covers a request's
 * @type: the resource's type
 * @held_mode: the held lock's mode (GROUP locks also need the same gid)
 * @held: the held lock's policy
 * @want: the requested policy
 *
 * The modes are the caller's business (ldlm_mode_covers_mask()).
 *
 * Return: true when @want's extent lies inside @held's (EXTENT), when
 * @want's bits are a subset of @held's (IBITS), always for PLAIN.
 */
bool ldlm_policy_contains(enum ldlm_type type, enum ldlm_mode held_mode,
			  const union ldlm_wire_policy_data *held,
			  const union ldlm_wire_policy_data *want)
{
	switch (type) {
	case LDLM_PLAIN:
		return true;
	case LDLM_EXTENT:
		if (!ldlm_extent_contains(&held->l_extent, &want->l_extent))
			return false;
		return held_mode != LCK_GROUP || held->l_extent.gid == want->l_extent.gid;
	case LDLM_IBITS:
		if (want->l_inodebits.bits & ~held->l_inodebits.bits)
			return false;
		return held_mode != LCK_GROUP ||
		       held->l_inodebits.li_gid == want->l_inodebits.li_gid;
	default:
		return false;
	}
}
EXPORT_SYMBOL(ldlm_policy_contains);

/**
 * ldlm_extent_grow_init() - start growing a request to the whole file
 * @g: state to fill
 * @mode: mode being granted
 * @req: the requested extent
 */
void ldlm_extent_grow_init(struct ldlm_extent_grow *g, enum ldlm_mode mode,
			   const struct ldlm_extent *req)
{
	g->mode = mode;
	g->req = *req;
	g->lo = 0;
	g->hi = LDLM_EOF;
}
EXPORT_SYMBOL(ldlm_extent_grow_init);

/**
 * ldlm_extent_grow_add() - narrow the growth by one other lock
 * @g: state from ldlm_extent_grow_init()
 * @mode: the other lock's mode (granted mode, or requested mode if waiting)
 * @other: its extent (for a GROUP lock, gid included)
 *
 * A lock compatible with @g's mode changes nothing.
 */
void ldlm_extent_grow_add(struct ldlm_extent_grow *g, enum ldlm_mode mode,
			  const struct ldlm_extent *other)
{
	if (group_pair(g->mode, mode)) {
		if (g->req.gid == other->gid)
			return;
	} else if (ldlm_modes_compat(g->mode, mode)) {
		return;
	}
	if (other->end < g->req.start) {
		if (other->end + 1 > g->lo)
			g->lo = other->end + 1;
	} else if (other->start > g->req.end) {
		if (other->start - 1 < g->hi)
			g->hi = other->start - 1;
	} else {
		if (other->start < g->req.start)
			g->lo = g->req.start;
		if (other->end > g->req.end)
			g->hi = g->req.end;
	}
}
EXPORT_SYMBOL(ldlm_extent_grow_add);

/**
 * ldlm_extent_grow_result() - the extent to grant
 * @g: state after every other lock was added
 * @granted: how many locks the resource has granted (contention measure)
 * @out: the extent to grant; always contains the request, gid kept
 */
void ldlm_extent_grow_result(const struct ldlm_extent_grow *g, unsigned int granted,
			     struct ldlm_extent *out)
{
	__u64 lo = g->lo, hi = g->hi;

	*out = g->req;
	if (g->mode == LCK_GROUP)
		return;
	if (granted > LDLM_CONTENDED_LOCKS && (g->mode == LCK_PW || g->mode == LCK_CW)) {
		__u64 cap = LDLM_EOF;

		if (g->req.start <= LDLM_EOF - (LDLM_CONTENDED_GROW_MAX - 1))
			cap = g->req.start + (LDLM_CONTENDED_GROW_MAX - 1);
		if (cap < g->req.end)
			cap = g->req.end;
		lo = g->req.start;
		if (hi > cap)
			hi = cap;
	}
	out->start = lo;
	out->end = hi;
}
EXPORT_SYMBOL(ldlm_extent_grow_result);
