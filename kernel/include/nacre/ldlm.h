/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The distributed lock manager (Lustre's LDLM semantics), in ptlrpc.ko.
 *
 * This is the lock core only: it never sends anything.  The RPC glue turns
 * ENQUEUE/CONVERT/CANCEL requests into calls of this API and the namespace's
 * ops (below) into blocking/completion/glimpse callback RPCs and CANCELs.
 *
 * Namespaces and resources
 *   A namespace is one lock space: a server target's (side SERVER: it
 *   grants, queues and calls locks back) or a client's view of one target
 *   (side CLIENT: it caches the locks the server granted it).  Resources,
 *   named by a struct ldlm_res_id, are created on first use and freed when
 *   their last lock goes; a resource has one type (PLAIN, EXTENT or IBITS).
 *
 * Locks
 *   Each lock has a random 64-bit handle cookie, unique on this node and
 *   found with ldlm_handle2lock().  Server locks also remember the client's
 *   handle for the lock (remote_handle) and the opaque export they belong
 *   to, and are found by the pair with ldlm_lock_find_remote() in constant
 *   time (a resent enqueue gets the lock it has); client locks remember the
 *   server's handle.  A lock is counted (ldlm_lock_get()/ldlm_lock_put());
 *   ldlm_lock_cancel() and friends take it off its resource and out of the
 *   handle table ("destroyed"), and the memory goes with the last reference.
 *
 * Server
 *   ldlm_lock_enqueue() grants a lock at once (an extent lock grown as far as
 *   it can be, see nacre/ldlm_policy.h) or queues it behind the locks it
 *   conflicts with, calling ops->blocking_ast on each conflicting granted
 *   lock once.  Waiting locks are granted in arrival order as conflicts go
 *   away (ops->completion_ast); a request that conflicts with a waiting lock
 *   waits behind it.  A lock whose holder does not cancel within the
 *   namespace's lock_timeout after its blocking AST gets ops->lock_timeout.
 *
 * Client
 *   ldlm_cli_lock_new() makes the local lock an enqueue is sent for;
 *   ldlm_cli_lock_grant() records the grant.  Users hold locks with
 *   readers/writers references (ldlm_lock_addref()/ldlm_lock_decref());
 *   ldlm_lock_match() reuses a cached lock.  A blocking callback
 *   (ldlm_cli_blocking()) makes the lock cancel itself as soon as it is
 *   unused; unused locks wait on the namespace LRU, which cancels the
 *   oldest beyond lru_size and any older than lru_max_age.  A client lock
 *   is cancelled by calling ops->cancelling, then ops->cancel_batch or
 *   ops->cancel (the glue sends the CANCEL), then destroying it.
 *
 * Context: every function here may be called from process context only,
 * with no spinlock held; ldlm_lock_get()/ldlm_lock_put(), addref and decref
 * never sleep.  Ops are always called from process context, with no lock of
 * the core held, and may sleep unless said otherwise.
 */
#ifndef _NACRE_LDLM_H
#define _NACRE_LDLM_H

#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <nacre/lustre_dlm_wire.h>
#include <nacre/ldlm_policy.h>

struct ldlm_lock;
struct ldlm_namespace;

#define LDLM_NS_NAME_MAX		64	/* bytes, NUL included */

/* Namespace parameter defaults (see the sysfs files of the same names). */
#define LDLM_DEFAULT_LRU_SIZE		0	/* no count limit */
#define LDLM_DEFAULT_LRU_MAX_AGE	3900000	/* ms, 65 minutes */
#define LDLM_DEFAULT_LOCK_TIMEOUT	100	/* s */

/** enum ldlm_side - whether a namespace grants locks or caches them. */
enum ldlm_side {
	LDLM_NAMESPACE_SERVER = 1,
	LDLM_NAMESPACE_CLIENT = 2,
};

/**
 * enum ldlm_lock_state - bits of &ldlm_lock.state (set_bit/test_bit).
 * @LDLM_LS_DESTROYED: off its resource and out of the handle table; nothing
 *	new finds it and it is never granted again.
 * @LDLM_LS_BL_AST: server: a blocking AST was issued (ops->blocking_ast
 *	called or about to be) and the lock-timeout clock runs.  A convert
 *	clears it, so a lock that still conflicts is called back again.
 * @LDLM_LS_BL_QUEUED: server, private: on a thread's blocking-AST list.
 * @LDLM_LS_TIMEDOUT: server: ops->lock_timeout was called for it.
 * @LDLM_LS_CBPENDING: client: the server called it back; it is cancelled as
 *	soon as it is unused and ldlm_lock_match() no longer returns it.
 * @LDLM_LS_CANCELING: being cancelled (one owner runs the cancel); client
 *	locks stay findable by handle until ops->cancel has returned.
 */
enum ldlm_lock_state {
	LDLM_LS_DESTROYED,
	LDLM_LS_BL_AST,
	LDLM_LS_BL_QUEUED,
	LDLM_LS_TIMEDOUT,
	LDLM_LS_CBPENDING,
	LDLM_LS_CANCELING,
};

/**
 * struct ldlm_ns_ops - what the core asks of the glue (the RPC layer).
 * Any member may be NULL when its side does not use it.
 *
 * Server side:
 * @blocking_ast: @lock (granted) conflicts with @blocker, which waits for
 *	it.  Called once per lock (again only after a convert), from the
 *	thread whose enqueue, cancel or convert found the conflict, after
 *	dropping every core lock; both locks are counted for the call only.
 *	The glue sends an LDLM_BL_CALLBACK to @lock->export describing
 *	@blocker (ldlm_lock_to_desc()).  If the callback cannot be sent it
 *	should cancel @lock or evict the export.  May be called for a lock
 *	that got cancelled meanwhile (the client then says it has no such
 *	lock).  The lock_timeout clock started before the call.
 * @completion_ast: @lock, which waited, is now granted (&ldlm_lock.policy
 *	may have grown).  Called in grant order, same context as
 *	@blocking_ast; the glue sends an LDLM_CP_CALLBACK.  Not called for a
 *	lock granted by ldlm_lock_enqueue() itself.  May come before the
 *	glue has replied to the enqueue; if the lock already has a blocking
 *	AST (LDLM_LS_BL_AST), @blocking_ast follows right after.
 * @lock_timeout: the holder of @lock did not cancel it within lock_timeout
 *	seconds of its blocking AST.  Called once per lock from the
 *	namespace's timeout work item.  The glue evicts @lock->export, which
 *	ends in ldlm_export_cancel_locks().
 * @glimpse_ast: never called by the core: a slot for the glue's glimpse
 *	path (it picks the locks with ldlm_resource_locks()), so that every
 *	target of a kind shares it.  @data is the glue's.
 *
 * Client side:
 * @cancelling: optional: @lock is about to be cancelled (LRU, blocking
 *	callback, early cancel, lru_size=clear): write back and drop what it
 *	covers.  The lock is still valid on the server and findable by
 *	handle, but no longer matched; readers and writers are 0.  Called
 *	from a core work item or from the thread of
 *	ldlm_cancel_lru_collect()/ldlm_cancel_resource_collect().
 * @cancel: send LDLM_CANCEL for @lock (&ldlm_lock.remote_handle).  Called
 *	from the namespace's cancel work item after @cancelling; the lock is
 *	destroyed locally when it returns (the request may still be in
 *	flight: it needs only the handle).  Not called for early cancels,
 *	whose handles the caller packs into its own request.
 * @cancel_batch: optional, preferred over @cancel: the same for @n locks at
 *	once (one CANCEL RPC carrying @n handles, @n <= LDLM_CANCEL_BATCH).
 */
struct ldlm_ns_ops {
	void (*blocking_ast)(struct ldlm_lock *lock, struct ldlm_lock *blocker);
	void (*completion_ast)(struct ldlm_lock *lock);
	void (*lock_timeout)(struct ldlm_lock *lock);
	int (*glimpse_ast)(struct ldlm_lock *lock, void *data);
	void (*cancelling)(struct ldlm_lock *lock);
	void (*cancel)(struct ldlm_lock *lock);
	void (*cancel_batch)(struct ldlm_namespace *ns, struct ldlm_lock **locks,
			     unsigned int n);
};

#define LDLM_CANCEL_BATCH	32	/* locks per ops->cancel_batch call */

/**
 * struct ldlm_namespace - one lock space.
 * @name: unique name, also its sysfs directory
 * @side: server or client
 * @ops: the glue's callbacks
 * @owner: the glue's (its target or import)
 * @lru_size: client: most unused locks kept (0 = no count limit)
 * @lru_max_age: client: ms an unused lock is kept at most
 * @lock_timeout: server: s a holder has to cancel after a blocking AST
 * @nr_locks: live locks (every lock object not yet freed)
 * @nr_resources: live resources
 * @nr_unused: client: locks on the LRU
 *
 * The rest is private to the core.
 */
struct ldlm_namespace {
	char name[LDLM_NS_NAME_MAX];
	enum ldlm_side side;
	const struct ldlm_ns_ops *ops;
	void *owner;
	unsigned int lru_size;
	unsigned int lru_max_age;
	unsigned int lock_timeout;
	atomic_t nr_locks;
	atomic_t nr_resources;
	unsigned int nr_unused;

	/* private */
	struct rhashtable res_hash;	/* resources by name */
	struct rhashtable remote_hash;	/* server: locks by export and client
					 * handle, for resends (ldlm_remote.c) */
	refcount_t refs;		/* 1 + one per resource */
	struct completion gone;		/* refs reached 0 */
	bool stopping;			/* set under both leaf locks */
	wait_queue_head_t waitq;	/* client grant waiters */
	struct list_head list;		/* ldlm_namespaces */

	spinlock_t lru_lock;		/* lru, cancel_list, nr_unused */
	struct list_head lru;		/* client: unused granted, oldest first */
	struct list_head cancel_list;	/* client: locks for cancel_work */
	struct delayed_work lru_work;
	struct work_struct cancel_work;

	spinlock_t tmo_lock;		/* tmo_list */
	struct list_head tmo_list;	/* server: BL AST sent, by deadline */
	struct delayed_work tmo_work;

	struct kobject kobj;		/* namespaces/<name> */
	bool kobj_added;
	struct completion kobj_gone;
};

/**
 * struct ldlm_resource - one lockable object in a namespace (private).
 * @ns: its namespace (counted)
 * @name: its name (hash key)
 * @type: the type of every lock on it
 * @lock: protects the queues, ngranted and the locks' mutable fields
 * @granted: granted locks, in grant order
 * @waiting: waiting locks (server) or locks not yet granted (client), in
 *	arrival order
 * @ngranted: locks on @granted
 * @refs: one per lock plus transient lookups
 */
struct ldlm_resource {
	struct rhash_head hash;
	struct ldlm_namespace *ns;
	struct ldlm_res_id name;
	enum ldlm_type type;
	spinlock_t lock;
	struct list_head granted;
	struct list_head waiting;
	unsigned int ngranted;
	refcount_t refs;
	struct rcu_head rcu;
};

/**
 * struct ldlm_lock - a lock.  The glue may read the documented fields; the
 * ones that change (modes, policy, state, counts) are stable under
 * res->lock, or once the lock is destroyed.
 * @cookie: this node's handle for the lock (never 0)
 * @remote_handle: the peer's handle: the client's on a server lock, the
 *	server's on a client lock (0 until known)
 * @res: its resource (counted)
 * @type: the resource type
 * @req_mode: the mode asked for
 * @granted_mode: the mode granted; LCK_MINMODE while waiting
 * @policy: the extent or inode bits; once granted, what was granted (an
 *	extent may have grown, try_bits are folded into bits)
 * @flags: server: the LDLM_FL_* the lock was enqueued with
 * @state: enum ldlm_lock_state bits
 * @export: server: the glue's client the lock belongs to (opaque), not
 *	counted: valid while the lock is not destroyed; take a reference
 *	with ldlm_lock_owner_get() to use it beyond that
 * @ast_data: the glue's, free for its use
 * @readers: references in PR/CR/NL taken with ldlm_lock_addref()
 * @writers: references in the other modes
 *
 * The rest is private to the core.
 */
struct ldlm_lock {
	__u64 cookie;
	__u64 remote_handle;
	struct ldlm_resource *res;
	enum ldlm_type type;
	enum ldlm_mode req_mode;
	enum ldlm_mode granted_mode;
	union ldlm_wire_policy_data policy;
	__u32 flags;
	unsigned long state;
	void *export;
	void *ast_data;
	unsigned int readers;
	unsigned int writers;

	/* private */
	refcount_t refs;
	struct rhash_head hash;		/* ldlm_handles */
	struct rhash_head remote_link;	/* ns->remote_hash, if remote_hashed */
	bool remote_hashed;		/* under res->lock */
	struct list_head res_link;	/* res->granted or res->waiting */
	struct list_head bl_link;	/* a BL AST work list (BL_QUEUED) */
	struct list_head cp_link;	/* a CP AST work list (once, at grant) */
	struct list_head lru_link;	/* ns->lru or ns->cancel_list */
	struct list_head tmo_link;	/* ns->tmo_list */
	struct ldlm_lock *blocker;	/* counted while BL_QUEUED */
	unsigned long deadline;		/* jiffies: lock timeout */
	unsigned long last_used;	/* jiffies: put on the LRU */
	struct rcu_head rcu;
};

/* --- module ------------------------------------------------------------------ */

int ldlm_init(void);
void ldlm_fini(void);
int ldlm_sysfs_init(void);
void ldlm_sysfs_fini(void);
int ldlm_selftest(void);

extern atomic_t ldlm_nr_locks;		/* live locks, all namespaces */
extern atomic_t ldlm_nr_resources;	/* live resources, all namespaces */

/* --- namespaces --------------------------------------------------------------- */

struct ldlm_namespace *ldlm_namespace_new(const char *name, enum ldlm_side side,
					  const struct ldlm_ns_ops *ops, void *owner);
void ldlm_namespace_free(struct ldlm_namespace *ns);

/* --- locks (both sides) --------------------------------------------------------- */

struct ldlm_lock *ldlm_handle2lock(__u64 cookie);
struct ldlm_lock *ldlm_lock_get(struct ldlm_lock *lock);
void ldlm_lock_put(struct ldlm_lock *lock);
bool ldlm_lock_is_granted(const struct ldlm_lock *lock);
void *ldlm_lock_owner_get(struct ldlm_lock *lock, void (*get)(void *export));
void ldlm_lock_to_desc(struct ldlm_lock *lock, struct ldlm_lock_desc *desc);
void ldlm_lock_addref(struct ldlm_lock *lock, enum ldlm_mode mode);
void ldlm_lock_decref(struct ldlm_lock *lock, enum ldlm_mode mode);
void ldlm_lock_decref_and_cancel(struct ldlm_lock *lock, enum ldlm_mode mode);
int ldlm_lock_convert(struct ldlm_lock *lock, enum ldlm_mode mode, __u64 bits);
int ldlm_resource_locks(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
			__u32 mode_mask, struct ldlm_lock **locks, unsigned int max);

/* --- server ------------------------------------------------------------------------- */

int ldlm_lock_enqueue(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		      enum ldlm_type type, enum ldlm_mode mode,
		      const union ldlm_wire_policy_data *policy, __u32 *flags,
		      void *export, __u64 remote_handle, struct ldlm_lock **lockp);
void ldlm_lock_cancel(struct ldlm_lock *lock);
unsigned int ldlm_export_cancel_locks(struct ldlm_namespace *ns, void *export);
void ldlm_lock_prolong(struct ldlm_lock *lock);
struct ldlm_lock *ldlm_lock_find_remote(struct ldlm_namespace *ns, void *export,
					__u64 remote_handle);

/* --- client ----------------------------------------------------------------------- */

struct ldlm_lock *ldlm_cli_lock_new(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
				    enum ldlm_type type, enum ldlm_mode mode,
				    const union ldlm_wire_policy_data *policy);
void ldlm_cli_lock_set_remote(struct ldlm_lock *lock, __u64 remote_handle);
int ldlm_cli_lock_grant(struct ldlm_lock *lock, enum ldlm_mode mode,
			const union ldlm_wire_policy_data *policy);
int ldlm_cli_lock_wait_granted(struct ldlm_lock *lock, long timeout);
void ldlm_cli_lock_abort(struct ldlm_lock *lock);
int ldlm_cli_blocking(struct ldlm_namespace *ns, __u64 cookie);
int ldlm_cli_completion(struct ldlm_namespace *ns, __u64 cookie, enum ldlm_mode mode,
			const union ldlm_wire_policy_data *policy);
int ldlm_lock_match(struct ldlm_namespace *ns, const struct ldlm_res_id *res_id,
		    enum ldlm_type type, const union ldlm_wire_policy_data *policy,
		    __u32 mode_mask, struct ldlm_lock **lockp);
unsigned int ldlm_cancel_lru_collect(struct ldlm_namespace *ns, unsigned int max,
				     __u64 *handles);
unsigned int ldlm_cancel_resource_collect(struct ldlm_namespace *ns,
					  const struct ldlm_res_id *res_id, enum ldlm_mode mode,
					  const union ldlm_wire_policy_data *policy,
					  unsigned int max, __u64 *handles);
void ldlm_cancel_lru_all(struct ldlm_namespace *ns);

#endif /* _NACRE_LDLM_H */
