/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock-manager policy: which locks conflict, which granted lock satisfies a
 * request, and how far the server grows an extent lock it grants.
 *
 * Pure logic (kernel/ldlm/ldlm_policy.c), compiled into ptlrpc.ko and, through
 * utils/kshim, into user space for the unit tests.  Nothing here allocates,
 * locks or sleeps.
 *
 * Modes (the VMS-style matrix Lustre uses; 'x' = compatible):
 *
 *             EX  PW  PR  CW  CR  NL  GROUP
 *     EX                          x
 *     PW                      x   x
 *     PR              x       x   x
 *     CW                  x   x   x
 *     CR          x   x   x   x   x
 *     NL      x   x   x   x   x   x   x
 *     GROUP                       x   x (same gid only)
 *
 * LCK_COS and LCK_TXN are MDT-local modes that never travel in a request;
 * Nacre makes each compatible with itself and with NL only.
 *
 * Two locks on one resource conflict when their modes are incompatible and
 * (EXTENT) their byte ranges overlap, (IBITS) their inode bits intersect, or
 * (PLAIN) always.  Two GROUP locks conflict when their group ids differ.
 */
#ifndef _NACRE_LDLM_POLICY_H
#define _NACRE_LDLM_POLICY_H

#include <linux/types.h>
#include <nacre/lustre_dlm_wire.h>

/* Every mode ldlm_mode_valid() accepts, as a mask. */
#define LCK_ALL_MODES	(LCK_EX | LCK_PW | LCK_PR | LCK_CW | LCK_CR | LCK_NL | \
			 LCK_GROUP | LCK_COS | LCK_TXN)

/*
 * Extent growth on a contended resource: with more than
 * LDLM_CONTENDED_LOCKS granted locks, a PW or CW lock does not grow below
 * its requested start nor more than LDLM_CONTENDED_GROW_MAX bytes above it
 * (see ldlm_extent_grow_result()).
 */
#define LDLM_CONTENDED_LOCKS	32
#define LDLM_CONTENDED_GROW_MAX	(32ULL << 20)

bool ldlm_mode_valid(enum ldlm_mode mode);
bool ldlm_modes_compat(enum ldlm_mode a, enum ldlm_mode b);
__u32 ldlm_mode_covers_mask(enum ldlm_mode want);
bool ldlm_mode_is_downgrade(enum ldlm_mode from, enum ldlm_mode to);
bool ldlm_mode_is_writer(enum ldlm_mode mode);
const char *ldlm_mode_name(enum ldlm_mode mode);

bool ldlm_type_supported(enum ldlm_type type);
int ldlm_policy_check(enum ldlm_type type, enum ldlm_mode mode,
		      const union ldlm_wire_policy_data *policy);

bool ldlm_extent_overlap(const struct ldlm_extent *a, const struct ldlm_extent *b);
bool ldlm_extent_contains(const struct ldlm_extent *outer, const struct ldlm_extent *inner);

bool ldlm_locks_conflict(enum ldlm_type type,
			 enum ldlm_mode mode_a, const union ldlm_wire_policy_data *a,
			 enum ldlm_mode mode_b, const union ldlm_wire_policy_data *b);
bool ldlm_policy_contains(enum ldlm_type type, enum ldlm_mode held_mode,
			  const union ldlm_wire_policy_data *held,
			  const union ldlm_wire_policy_data *want);

/**
 * struct ldlm_extent_grow - the bounds an extent lock may grow to, narrowed
 * by each other lock on the resource in turn.
 * @mode: the mode being granted
 * @req: the requested extent (never shrunk)
 * @lo: lowest start so far
 * @hi: highest end so far
 */
struct ldlm_extent_grow {
	enum ldlm_mode mode;
	struct ldlm_extent req;
	__u64 lo;
	__u64 hi;
};

void ldlm_extent_grow_init(struct ldlm_extent_grow *g, enum ldlm_mode mode,
			   const struct ldlm_extent *req);
void ldlm_extent_grow_add(struct ldlm_extent_grow *g, enum ldlm_mode mode,
			  const struct ldlm_extent *other);
void ldlm_extent_grow_result(const struct ldlm_extent_grow *g, unsigned int granted,
			     struct ldlm_extent *out);

#endif /* _NACRE_LDLM_POLICY_H */
