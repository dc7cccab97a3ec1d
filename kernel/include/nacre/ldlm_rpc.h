/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock manager's RPC glue (in ptlrpc.ko): what turns the lock core of
 * nacre/ldlm.h into Lustre's LDLM protocol.
 *
 * Server (a target with a lock namespace)
 *   ldlm_target_setup() gives a target its SERVER namespace (tgt->ns); the
 *   target lists LDLM_TGT_SLICE among its handler slices, so LDLM_ENQUEUE,
 *   LDLM_CONVERT and LDLM_CANCEL sent to its request portal are handled
 *   here.  Cancels also arrive on the node's "ldlm_canceld" service
 *   (LDLM_CANCEL_REQUEST_PORTAL), which runs while any server namespace
 *   exists.  Blocking and completion callbacks go to the lock's client
 *   through a reverse import of its export, from a work item; a client that
 *   does not cancel a called-back lock within the namespace's lock_timeout
 *   is evicted.  ldlm_glimpse() asks the writers of a resource for their
 *   view of the object's size and times.
 *
 * Client (an import with a lock namespace)
 *   ldlm_cli_ns_new() gives an import its CLIENT namespace; while any
 *   exists the node's "ldlm_cbd" service (LDLM_CB_REQUEST_PORTAL) takes the
 *   servers' callbacks.  ldlm_cli_enqueue() reuses a cached lock or asks
 *   the server for one (with early cancels of unused locks when the server
 *   agreed to OBD_CONNECT_CANCELSET); ldlm_cli_lock_release() lets it go.
 *   The import's owner calls ldlm_cli_ns_evicted() from its evicted_cb.
 *
 * Wire formats are Lustre 2.16's (see nacre/lustre_dlm_wire.h and
 * docs/protocol.md).
 */
#ifndef _NACRE_LDLM_RPC_H
#define _NACRE_LDLM_RPC_H

#include <nacre/ldlm.h>
#include <nacre/lustre_ost_wire.h>
#include <nacre/ptlrpc.h>

/*
 * Lustre's LDLM statuses above the errno range (enum ldlm_error), as they
 * travel in pb_status: positive for outcomes, negated for errors.
 */
#define ELDLM_OK		0
#define ELDLM_LOCK_CHANGED	300
#define ELDLM_LOCK_ABORTED	301	/* intent executed, no lock granted */
#define ELDLM_LOCK_REPLACED	302
#define ELDLM_NO_LOCK_DATA	303	/* glimpse: the holder has nothing to say */
#define ELDLM_LOCK_WOULDBLOCK	304

/* Largest number of locks one ldlm_glimpse() asks. */
#define LDLM_GLIMPSE_MAX	32

/* --- server ----------------------------------------------------------------- */

int ldlm_target_setup(struct ptlrpc_target *tgt);
void ldlm_target_cleanup(struct ptlrpc_target *tgt);

/*
 * The handlers of LDLM_ENQUEUE .. LDLM_CANCEL for a target's slices, e.g.
 *
 *	static const struct tgt_slice my_slices[] = {
 *		{ OST_REPLY, OST_WRITE, my_ost_handlers },
 *		LDLM_TGT_SLICE,
 *		{ 0 },
 *	};
 *
 * (an initializer, since an array of slices cannot be initialized from
 * another object).
 */
extern const struct tgt_handler ldlm_tgt_handlers[];
#define LDLM_TGT_SLICE	{ LDLM_ENQUEUE, LDLM_CANCEL, ldlm_tgt_handlers }

int ldlm_glimpse(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		 struct ost_lvb *lvb);

/* export.c: @exp is going (disconnect or eviction). */
void ldlm_export_cleanup(struct obd_export *exp);

/* --- client ----------------------------------------------------------------- */

struct ldlm_namespace *ldlm_cli_ns_new(struct obd_import *imp, const char *name,
				       int (*glimpse)(struct ldlm_lock *lock,
						      struct ost_lvb *lvb));
void ldlm_cli_ns_free(struct ldlm_namespace *ns);
void ldlm_cli_ns_evicted(struct ldlm_namespace *ns);
int ldlm_cli_enqueue(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		     enum ldlm_type type, enum ldlm_mode mode,
		     const union ldlm_wire_policy_data *policy, __u32 flags,
		     struct ldlm_lock **lockp);
void ldlm_cli_lock_release(struct ldlm_lock *lock, enum ldlm_mode mode);

#endif /* _NACRE_LDLM_RPC_H */
