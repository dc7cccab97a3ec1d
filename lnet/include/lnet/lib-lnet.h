/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LNet core: the types shared by lnet.ko's files and the network drivers.
 *
 * Objects:
 *   the_lnet      global state: up/down, networks, NIs, portals, MD handles
 *   lnet_net      a local network ("tcp0") with its NIs and its driver
 *   lnet_ni       a local network interface: one NID, one driver instance
 *   lnet_lnd      a network driver's ops table (lo built in, others modules)
 *   lnet_md       a memory descriptor: a buffer that messages read or fill,
 *                 optionally attached to a portal with match criteria
 *   lnet_msg      one message in flight, sending or receiving
 *
 * Locks, in order: the_lnet.api_mutex (configuration; may sleep) ->
 * the_lnet.res_lock (spinlock: portals, MDs, NI list reads on the data
 * path).  No driver call and no event handler runs under res_lock.
 */
#ifndef _LNET_LIB_LNET_H
#define _LNET_LIB_LNET_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <linux/netlink.h>
#include <linux/bvec.h>
#include <linux/uio.h>
#include <lnet/nid.h>
#include <lnet/netspec.h>
#include <lnet/wire.h>

#define LNET_MAX_PORTALS	64
#define LNET_NID_ANY		((__u64)-1)
#define LNET_PID_ANY		((__u32)-1)

#define LNET_DEF_PEER_CREDITS	8
#define LNET_PEER_HASH_BITS	8
#define LNET_MAX_IOV		256	/* pages in a page-vector MD (1 MiB of 4 KiB pages) */

struct lnet_msg;
struct lnet_ni;
struct socket;

/**
 * struct lnet_lnd - a network driver (LND).
 * @owner:    the module that provides it (pinned while an NI uses it)
 * @type:     LND type (enum lnet_lnd_type): the network type it serves
 * @name:     "lo", "tcp": the network name prefix
 * @startup:  bring @ni up on its interfaces and set @ni->nid; 0 or -errno
 *            with @extack saying why
 * @drain:    (optional) @ni left the data path: abort what is in flight
 *            (finalize every message the driver holds) and refuse new
 *            sends and connections; the core then waits for the NI's
 *            messages to finish and calls @shutdown
 * @shutdown: take @ni down and free what the driver holds; no call for @ni
 *            follows
 * @send:     transmit @msg (header and payload) from @ni to msg->txpeer;
 *            0 when accepted, and lnet_finalize(msg, status) follows
 *            exactly once; -errno if refused (the caller finalizes).  May
 *            be called in atomic context.
 * @accept:   (optional) the acceptor got a connection for @ni whose
 *            acceptor request it has read: the driver owns @sock now (it
 *            releases it on every path).  Called from the acceptor thread:
 *            must not block on the peer.
 * @recv:     deliver the payload of an incoming message that lnet_parse()
 *            matched: copy @mlen bytes into @msg's MD, discard the rest of
 *            @rlen, then lnet_finalize(msg, status); @private is what the
 *            driver passed to lnet_parse()
 */
struct lnet_lnd {
	struct module *owner;
	__u32 type;
	const char *name;
	/*
	 * What the core asks of a driver instead of testing its type:
	 * @self:     it reaches only this node, so its messages take no peer
	 *            NIs, credits, Multi-Rail choice or source check, and an
	 *            answer leaves by the NI the request came in on;
	 * @implicit: its one network comes and goes with LNet itself: the
	 *            administrator neither adds, removes nor routes to it.
	 */
	bool self;
	bool implicit;
	int (*startup)(struct lnet_ni *ni, struct netlink_ext_ack *extack);
	void (*drain)(struct lnet_ni *ni);
	void (*shutdown)(struct lnet_ni *ni);
	int (*send)(struct lnet_ni *ni, struct lnet_msg *msg);
	int (*accept)(struct lnet_ni *ni, struct socket *sock);
	int (*recv)(struct lnet_ni *ni, void *private, struct lnet_msg *msg,
		    unsigned int mlen, unsigned int rlen);
	struct list_head list;	/* on the registry (lnd.c) */
};

struct lnet_ni_stats {
	atomic64_t send_count;
	atomic64_t recv_count;
	atomic64_t drop_count;
	atomic64_t send_bytes;
	atomic64_t recv_bytes;
};

struct lnet_net {
	struct list_head list;		/* on the_lnet.nets */
	__u32 net_id;			/* LNET_MKNET() */
	const struct lnet_lnd *lnd;
	struct list_head nis;
	__u32 peer_timeout;		/* tunables, seconds / credits */
	__u32 peer_credits;
	__u32 peer_buffer_credits;
	__u32 credits;
};

struct lnet_ni {
	struct list_head list;		/* on net->nis */
	struct lnet_net *net;
	struct lnet_nid nid;
	unsigned int nifaces;
	char ifaces[LNET_NETSPEC_MAX_IFACES][LNET_IFNAME_SIZE];
	void *lnd_data;			/* the driver's */
	atomic_t refs;			/* messages using it; removal waits for 0 */
	bool up;
	struct lnet_ni_stats stats;
	int txcredits;			/* res_lock: negative = messages waiting */
	int mintxcredits;
	struct list_head txq;		/* messages waiting for a credit */
};

/*
 * Take one credit of a count that may go negative (that many messages then
 * wait for one), keeping its low-water mark: false when none was left and
 * the caller must queue the message, which a credit given back wakes.
 */
static inline bool lnet_credit_take(int *credits, int *mincredits)
{
	if (--*credits < *mincredits)
		*mincredits = *credits;
	return *credits >= 0;
}

/* Counters of a peer NI (res_lock). */
struct lnet_peer_ni_stats {
	u64 send_count;
	u64 recv_count;
	u64 drop_count;
	u64 send_bytes;
	u64 recv_bytes;
};

/**
 * struct lnet_peer_ni - one NID of a remote node (peer.c).
 * @txcredits: messages it may still take; negative = that many wait on @txq
 * @health:    0..1000 (1000 healthy), see peer.c
 */
struct lnet_peer_ni {
	struct hlist_node hash;		/* the_lnet.peer_hash */
	struct list_head peer_list;	/* on peer->nis */
	struct lnet_peer *peer;
	__u64 nid;
	refcount_t refs;		/* the table's, and one per message */
	int txcredits;
	int mintxcredits;
	int maxtxcredits;
	struct list_head txq;
	int rtrcredits;			/* router credits (router.c): messages it may have us forward */
	int minrtrcredits;
	struct list_head rtrq;		/* forwarded messages waiting for one */
	int health;
	u64 errors;
	time64_t last_alive;
	time64_t last_used;		/* last send or receive */
	bool unverified;		/* learned from a push, not confirmed by a ping */
	struct lnet_peer_ni_stats stats;
};

/** struct lnet_peer - a remote node: its NIs, the primary NID first. */
struct lnet_peer {
	struct list_head list;		/* on the_lnet.peers, least recently used first */
	time64_t last_used;		/* last send or receive of any NI: aging (peer.c) */
	__u64 primary;
	bool mr;			/* Multi-Rail */
	bool configured;		/* by "peer add" */
	unsigned int nnis;
	unsigned int rr;		/* turns among equally good NIs */
	struct list_head nis;
};

/** struct lnet_route - reach network @net through @gateway (router.c). */
struct lnet_route {
	struct list_head list;		/* on the_lnet.routes */
	__u32 net;
	__u64 gateway;
	unsigned int hops;
	unsigned int priority;
};

/* Global counters ("lnetctl stats show"). */
struct lnet_counters {
	atomic64_t errors;
	atomic64_t send_count;
	atomic64_t recv_count;
	atomic64_t route_count;
	atomic64_t drop_count;
	atomic64_t send_length;
	atomic64_t recv_length;
	atomic64_t route_length;
	atomic64_t drop_length;
	atomic64_t drop_src_count;		/* source NID not the connection's (msg.c) */
	atomic64_t drop_unsolicited_count;	/* REPLY/ACK nothing waited for */
	atomic64_t drop_answer_count;		/* answers over a peer's queue bound */
	atomic64_t route_wait_count;		/* forwarded after waiting for a router buffer */
};

/* MD options. */
#define LNET_MD_OP_PUT		0x1	/* may be the target of PUTs */
#define LNET_MD_OP_GET		0x2	/* may be read by GETs */
#define LNET_MD_TRUNCATE	0x4	/* accept longer messages, truncated */
#define LNET_MD_NO_MR		0x8	/* send to the NID given, not the best of its peer's */
#define LNET_MD_THRESH_INF	(-1)

enum lnet_event_type {
	LNET_EVENT_SEND,	/* a PUT or GET left (the buffer may be reused) */
	LNET_EVENT_PUT,		/* a PUT arrived in this MD */
	LNET_EVENT_GET,		/* a GET read this MD */
	LNET_EVENT_REPLY,	/* the REPLY to our GET arrived in this MD */
	LNET_EVENT_ACK,		/* the target acknowledged our PUT */
	LNET_EVENT_UNLINK,	/* the MD was unlinked with messages pending */
};

struct lnet_event {
	enum lnet_event_type type;
	__u64 initiator_nid;	/* classic NID of the peer */
	__u32 initiator_pid;
	__u64 match_bits;
	__u32 rlength;		/* length the peer sent or asked for */
	__u32 mlength;		/* length that went in or out of the MD */
	__u32 offset;
	__u64 hdr_data;
	int status;		/* 0 or -errno */
	bool unlinked;		/* last event of this MD */
	void *user_ptr;
};

/**
 * struct lnet_md_desc - what a caller asks lnet_md_attach()/bind() for.
 * @start, @length: a kernel buffer; or
 * @kiov, @niov: a page vector (@start NULL; each segment within one page,
 *            at most LNET_MAX_IOV of them); @length is then their sum
 * @threshold: operations before automatic unlink, or LNET_MD_THRESH_INF
 * @options:   LNET_MD_* flags
 * @handler:   called for each event, never under an LNet lock; may not sleep.
 *            Events of one MD may run at once on several CPUs, but the
 *            one with "unlinked" set comes after all others have returned
 * @user_ptr:  handed back in every event
 */
struct lnet_md_desc {
	void *start;
	unsigned int length;
	struct bio_vec *kiov;
	unsigned int niov;
	int threshold;
	unsigned int options;
	void (*handler)(const struct lnet_event *ev);
	void *user_ptr;
};

/* Match criteria of an attached MD. */
struct lnet_match {
	unsigned int portal;
	__u64 nid;		/* classic NID or LNET_NID_ANY */
	__u32 pid;		/* or LNET_PID_ANY */
	__u64 match_bits;
	__u64 ignore_bits;
};

struct lnet_md {
	struct list_head portal_list;	/* on its portal when attached */
	u32 id;				/* xarray index */
	u64 object;			/* wire object cookie: generation << 32 | id */
	struct lnet_md_desc desc;
	struct lnet_match match;
	bool attached;
	bool unlinked;			/* no new operations; freed when idle */
	int pending;			/* messages using it (res_lock) */
	int threshold;			/* remaining */
	unsigned int replies_due;	/* our GETs from it whose REPLY may come (res_lock) */
	unsigned int acks_due;		/* our PUTs from it whose ACK may come */
	__u64 answer_nid;		/* the NID they went to; LNET_NID_ANY: several */
	unsigned int delivering;	/* events in the handler now (res_lock) */
	bool last_owed;			/* last_ev waits for them to return */
	struct lnet_event last_ev;
};

/* An MD handle: never names another MD once its own is gone (the object
 * cookie carries a generation besides the xarray index). */
struct lnet_handle_md {
	__u64 cookie;			/* the_lnet.incarnation */
	__u64 object;			/* the MD's wire object cookie */
};

/**
 * struct lnet_msg - a message in flight.
 * @hdr:     the LNet header (host order); on receive, as decoded
 * @ni:      the local NI it goes out of or came in on
 * @txpeer:  the peer the driver sends it to (the destination, or the
 *           gateway that forwards it)
 * @md:      the local MD it reads from or writes to (NULL: data is dropped)
 * @offset, @len: the part of @md it moves
 * @receiving: an incoming message
 * @ev:      the event finalize delivers to @md's handler
 * @txlpni:  the peer NI it is sent to, with its credits (peer.c)
 * @routing: a message this router forwards (router.c): @md is its buffer
 *           and @fwd_ni the NI it leaves by
 */
struct lnet_msg {
	struct lnet_hdr hdr;
	struct lnet_ni *ni;
	__u64 txpeer;
	struct lnet_md *md;
	unsigned int offset;
	unsigned int len;
	bool receiving;
	struct lnet_event ev;
	struct lnet_peer_ni *txlpni;
	struct list_head tx_list;	/* waiting for a credit */
	bool tx_peercredit;
	bool tx_nicredit;
	bool routing;
	struct lnet_ni *fwd_ni;
	bool answer;			/* a REPLY or ACK we send (bounded per peer) */
	/* Forwarding (router.c): */
	struct lnet_peer_ni *rxlpni;	/* it came from: holds its router credit */
	void *rx_private;		/* the driver's, for a delayed recv() */
	struct list_head rtr_list;	/* waiting for a router credit or buffer */
	bool rtr_credit;
	bool rtr_buffered;		/* holds a buffer (or tiny credit) of its pool */
};

struct lnet_state {
	struct mutex api_mutex;		/* configuration */
	spinlock_t res_lock;		/* portals, MDs, NI list on the data path */
	bool up;
	__u64 incarnation;		/* this start of LNet: the wire interface cookie */
	__u32 pid;			/* LNET_PID_LUSTRE */
	struct list_head nets;
	struct list_head portals[LNET_MAX_PORTALS];
	struct xarray mds;		/* id -> struct lnet_md */
	struct lnet_md *ping_md;	/* our ping responder (portal 0) */
	void *ping_buf;
	atomic_t nmsgs;			/* leak accounting: must be 0 at unload */
	atomic_t nmds;
	int msgs_max;			/* most messages at once */
	struct hlist_head peer_hash[1 << LNET_PEER_HASH_BITS];
	struct list_head peers;
	struct list_head routes;
	unsigned int route_seq;		/* turns among equal routes */
	bool routing;			/* forward messages for other nodes */
	unsigned int users;		/* kernel services using LNet (api_mutex) */
	struct lnet_counters stats;
};

extern struct lnet_state the_lnet;

/*
 * Extended-ack text from a static string chosen at run time (a parser's
 * "why"): NL_SET_ERR_MSG() takes only literals, and 6.1 has no formatted
 * variant.  Stores the pointer as that macro does; @attr may be NULL.
 */
static inline void lnet_extack(struct netlink_ext_ack *extack, const struct nlattr *attr,
			       const char *msg)
{
	if (!extack)
		return;
	extack->_msg = msg;
	if (attr)
		NL_SET_BAD_ATTR(extack, attr);
}

/* lnd.c */
int lnet_register_lnd(struct lnet_lnd *lnd);
void lnet_unregister_lnd(struct lnet_lnd *lnd);
const struct lnet_lnd *lnet_lnd_get(__u32 type, struct netlink_ext_ack *extack);
bool lnet_lnd_implicit(__u32 type);
void lnet_lnd_put(const struct lnet_lnd *lnd);
extern struct lnet_lnd lnet_lolnd;

/* ni.c */
int lnet_configure(bool load_modparams, struct netlink_ext_ack *extack);
int lnet_unconfigure(struct netlink_ext_ack *extack);
int lnet_user_get(void);
void lnet_user_put(void);
int lnet_net_add(const struct lnet_netspec *spec, struct netlink_ext_ack *extack);
int lnet_net_del(__u32 net_id, struct netlink_ext_ack *extack);
struct lnet_ni *lnet_ni_for_dest(__u64 dest_nid, __u64 *txpeer);
bool lnet_nid_is_local_locked(__u64 nid);
struct lnet_ni *lnet_ni_on_net_locked(__u32 net_id);
void lnet_ni_put(struct lnet_ni *ni);
struct lnet_ni *lnet_ni_get_local(__u64 nid);
bool lnet_nid_is_local(__u64 nid);
extern char *lnet_networks;

/* md.c */
int lnet_md_attach(const struct lnet_match *match, const struct lnet_md_desc *desc,
		   struct lnet_handle_md *handle);
int lnet_md_bind(const struct lnet_md_desc *desc, struct lnet_handle_md *handle);
int lnet_md_unlink(struct lnet_handle_md handle);
struct lnet_md *lnet_md_match(unsigned int portal, __u64 src_nid, __u32 src_pid,
			      __u64 match_bits, unsigned int op);
struct lnet_md *lnet_md_lookup_answer(const struct lnet_handle_wire *wh, __u32 type,
				      __u64 src_nid);
void lnet_md_expect_answer(struct lnet_md *md, __u32 type, __u64 dest_nid);
struct lnet_md *lnet_md_get_handle(struct lnet_handle_md handle);
void lnet_md_event(struct lnet_md *md, struct lnet_event *ev, bool only_last);
void lnet_md_flush_all(void);

/* msg.c */
struct lnet_msg *lnet_msg_alloc(gfp_t gfp);
void lnet_msg_free(struct lnet_msg *msg);
void lnet_msg_send(struct lnet_msg *msg);
int lnet_put(struct lnet_handle_md mdh, bool ack, __u64 target_nid, __u32 target_pid,
	     unsigned int portal, __u64 match_bits, __u64 hdr_data);
int lnet_get(struct lnet_handle_md mdh, __u64 target_nid, __u32 target_pid,
	     unsigned int portal, __u64 match_bits);
/* lnet_parse(): taken, the driver's recv() comes later from another context. */
#define LNET_RECV_DELAYED	1
int lnet_parse(struct lnet_ni *ni, const struct lnet_hdr *hdr, __u64 from_nid, void *private);
void lnet_finalize(struct lnet_msg *msg, int status);
void lnet_copy_md(struct lnet_msg *dst, const struct lnet_msg *src, unsigned int len);
void lnet_msg_iter(const struct lnet_msg *msg, unsigned int dir, unsigned int len,
		   struct kvec *kv, struct iov_iter *it);

/* peer.c */
extern unsigned int lnet_health_sensitivity;
struct lnet_peer_ni *lnet_peer_ni_get(__u64 nid, bool for_send);
bool lnet_nid_is_gateway_locked(__u64 nid);
struct lnet_peer_ni *lnet_peer_ni_find_locked(__u64 nid);
void lnet_peer_ni_put(struct lnet_peer_ni *lpni);
void lnet_peer_tables_cleanup(void);
void lnet_peer_select(struct lnet_msg *msg);
unsigned int lnet_peer_ni_unhealthy(__u64 *nids, unsigned int max);
bool lnet_post_send(struct lnet_msg *msg);
void lnet_return_tx_credits(struct lnet_msg *msg, struct list_head *ready);
void lnet_peer_ni_sent(struct lnet_peer_ni *lpni, unsigned int bytes, int status);
void lnet_peer_ni_received(__u64 nid, unsigned int bytes);
int lnet_peer_add(const __u64 *nids, unsigned int n, bool mr, struct netlink_ext_ack *extack);
int lnet_peer_del(__u64 primary, const __u64 *nids, unsigned int n,
		  struct netlink_ext_ack *extack);
int lnet_discover(__u64 nid, unsigned int timeout_ms, __u64 *primary,
		  struct netlink_ext_ack *extack);
void lnet_peer_age(void);
#define LNET_PUSH_MAX_NEW	16	/* NIs one push may add */
int lnet_peer_push_received(__u64 from, const __u64 *nids, unsigned int n, bool mr);
unsigned int lnet_peer_count_unconfigured(void);

/* A copy of a peer NI's state, for a dump made without the lock. */
struct lnet_peer_ni_snap {
	__u64 nid;
	int health;
	int txcredits;
	int mintxcredits;
	int maxtxcredits;
	int rtrcredits;
	int minrtrcredits;
	unsigned int refs;
	u64 errors;
	struct lnet_peer_ni_stats stats;
};

/* A copy of a peer; @cursor is where a dump resumes to send it again. */
struct lnet_peer_snap {
	__u64 primary;
	bool mr;
	unsigned int nnis;
	struct lnet_peer_ni_snap *nis;
	unsigned long cursor[2];
};

unsigned int lnet_peer_snapshot(unsigned long cursor[2], struct lnet_peer_snap *peers,
				unsigned int max_peers, struct lnet_peer_ni_snap *nis,
				unsigned int max_nis);
int lnet_peer_snapshot_one(__u64 primary, struct lnet_peer_snap *peer,
			   struct lnet_peer_ni_snap *nis, unsigned int max_nis);

/* recovery.c */
void lnet_recovery_start(void);
void lnet_recovery_stop(void);

/* router.c */
__u64 lnet_route_nexthop_locked(__u32 net);
int lnet_route_add(__u32 net, __u64 gateway, unsigned int hops, unsigned int priority,
		   struct netlink_ext_ack *extack);
int lnet_route_del(__u32 net, __u64 gateway, struct netlink_ext_ack *extack);
void lnet_routes_cleanup(void);
unsigned int lnet_route_snapshot(unsigned int start, struct lnet_route *out, bool *alive,
				 unsigned int max);
int lnet_parse_forward(struct lnet_ni *ni, const struct lnet_hdr *hdr, __u64 from_nid,
		       void *private);
void lnet_rtrpools_cleanup(void);

#define LNET_RTR_NPOOLS		3	/* tiny, small, large */

/* A router buffer pool's state, for dumps. */
struct lnet_rtrpool_snap {
	unsigned int npages;
	unsigned int nbuffers;
	int credits;
	int mincredits;
};

void lnet_rtrpools_snapshot(struct lnet_rtrpool_snap *snap);
void lnet_forward_finalize(struct lnet_msg *msg, int status);
int lnet_set_routing(bool on);

/* acceptor.c */
int lnet_acceptor_start(void);
void lnet_acceptor_stop(void);
int lnet_connect(struct socket **sockp, __u64 peer_nid, __be32 local_ip, __be32 peer_ip,
		 int port, int timeout_s, void (*track)(void *arg, struct socket *sock), void *arg);
extern int lnet_accept_port;

/* ping.c */
#define LNET_PING_MAX_NIS	64
int lnet_ping_target_init(void);
void lnet_ping_target_update(void);
void lnet_ping_target_fini(void);
void lnet_push_target_rearm(void);
struct lnet_ping_result {
	__u32 pid;
	unsigned int nnis;
	struct lnet_ni_status nis[LNET_PING_MAX_NIS];
};
int lnet_ping(__u64 nid, unsigned int timeout_ms, struct lnet_ping_result *res,
	      struct netlink_ext_ack *extack);

/* netlink.c */
int lnet_nl_nid4(const struct nlattr *a, __u64 *nid4, struct netlink_ext_ack *extack);
int lnet_genl_init(void);
void lnet_genl_fini(void);

#endif /* _LNET_LIB_LNET_H */
