/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksocklnd: the TCP network driver (LND type SOCKLND, networks "tcpN").
 *
 * Objects, per NI (struct ksock_net):
 *   ksock_peer  a remote NID we talk to: its connections, the messages
 *               waiting for one, reconnect back-off
 *   ksock_conn  one TCP connection to a peer, typed as Lustre's are
 *               (CONTROL for small messages, BULK_OUT for our large sends,
 *               BULK_IN for the peer's), with its receive state machine and
 *               its transmit queue
 *   ksock_tx    one socklnd message to send: a NOOP (zero-copy ACK or
 *               keepalive) or an LNet message with its payload
 *
 * Execution: sockets are non-blocking after the HELLO; the socket callbacks
 * only queue work.  Each connection has a receive work item and a transmit
 * work item (a work item never runs concurrently with itself), so one
 * context reads a connection and one writes it.  Connecting, accepting
 * (HELLO exchange, blocking with timeouts) and closing run as work items
 * too, all on the NI's workqueue; a delayed "watch" work enforces timeouts
 * and sends keepalives once a second.
 *
 * Locking: net->lock (bh-safe spinlock) protects the peer list, each
 * peer's connection list and queues, and each connection's queues and
 * flags.  lnet_parse()/lnet_finalize() are never called under it.
 *
 * Lifetime: a peer is referenced by the peer list, its connections and
 * pending work; a connection by its peer's list and by its close work.
 */
#ifndef _SOCKLND_H
#define _SOCKLND_H

#include <linux/net.h>
#include <linux/if.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <lnet/lib-lnet.h>

#define KSOCK_KEEPALIVE_PING	1	/* zc_cookies[1] of a V3 keepalive NOOP */
#define KSOCK_NTYPES		4	/* ANY, CONTROL, BULK_IN, BULK_OUT */
#define KSOCK_MAX_CONNS_PER_TYPE 16

/* Module parameters (socklnd.c). */
extern int ksock_timeout;		/* seconds without progress before a connection dies */
extern int ksock_keepalive;		/* seconds idle before a keepalive NOOP */
extern int ksock_credits;
extern int ksock_peer_credits;
extern int ksock_conns_per_peer;
extern int ksock_typed_conns;
extern int ksock_min_bulk;		/* bytes from which a message is "bulk" */
extern int ksock_zc_min_payload;	/* bytes from which pages go by reference */
extern int ksock_tx_inline_enabled;	/* idle connections: the sender sends */
extern int ksock_min_reconnectms;
extern int ksock_max_reconnectms;
extern int ksock_nonblk_hello_timeout;	/* seconds for a peer to send its HELLO */

struct ksock_net {
	struct lnet_ni *ni;
	__be32 ip;			/* the interface's IPv4 address */
	char ifname[IFNAMSIZ];
	struct workqueue_struct *wq;	/* rx, tx, close, watch */
	struct workqueue_struct *hs_wq;	/* connect and accept (HELLO exchanges) */
	spinlock_t lock;
	struct list_head peers;
	struct mutex hs_mutex;
	struct list_head handshakes;	/* sockets in a HELLO exchange (ksock_hs) */
	bool draining;			/* no new peers, connections or sends */
	struct delayed_work watch;
	atomic_t npeers;		/* freed peers wake drain */
	atomic_t nconns;
};

struct ksock_peer {
	struct list_head list;		/* on net->peers */
	struct ksock_net *net;
	__u64 nid;
	__u32 pid;			/* from its HELLO */
	__u64 incarnation;		/* from its HELLO; 0 until one arrives */
	refcount_t refs;
	struct list_head conns;
	struct list_head txq;		/* waiting for a connection */
	bool connecting;		/* connect work queued or running */
	unsigned long retry_at;		/* jiffies: next connect attempt */
	unsigned int retry_ms;		/* current back-off */
	__u64 zc_next_cookie;
	unsigned long last_alive;	/* jiffies: last byte from it */
	struct delayed_work connect_work;
	int last_error;
};

enum ksock_rx_state {
	KSOCK_RX_KSM,			/* reading the 24-byte socklnd header */
	KSOCK_RX_LNET_HDR,		/* reading the 72-byte LNet header */
	KSOCK_RX_PARSING,		/* in lnet_parse() */
	KSOCK_RX_DELAYED,		/* waiting for a delayed recv() (a router's buffer) */
	KSOCK_RX_PAYLOAD,		/* reading into the MD */
	KSOCK_RX_DISCARD,		/* reading and dropping the rest */
};

struct ksock_conn {
	struct list_head list;		/* on peer->conns */
	struct ksock_peer *peer;
	struct socket *sock;
	int type;			/* enum ksock_conn_type, our side's view */
	bool swab;			/* the peer sends byte-swapped */
	bool closing;
	refcount_t refs;		/* the close work's; one more while a recv() is delayed */
	int error;			/* why it closes */
	__be32 peer_ip;
	u16 peer_port;

	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
	struct work_struct rx_work;
	struct work_struct tx_work;
	struct work_struct close_work;

	/*
	 * Receiving (rx_work only; while a message is parsed or delayed,
	 * recv() from another thread changes the state under net->lock).
	 */
	enum ksock_rx_state rx_state;
	struct task_struct *rx_parser;	/* rx_work's, within lnet_parse() */
	u8 rx_buf[KSOCK_MSG_HDR_SIZE + LNET_HDR_SIZE];
	unsigned int rx_have;		/* bytes of the current header in rx_buf */
	struct ksock_msg_hdr rx_ksm;
	struct lnet_msg *rx_msg;	/* receiving into its MD */
	struct kvec rx_kvec;
	struct iov_iter rx_iter;
	unsigned int rx_discard;	/* bytes to drop after rx_iter */
	unsigned long rx_deadline;	/* jiffies; 0 between messages */

	/*
	 * Transmitting (under net->lock).  One sender at a time owns the
	 * socket's send side (@tx_running): the transmit work, or the thread
	 * whose message found the queue idle and sends it in its own context
	 * (ksock_tx_inline()).  A work run that finds it owned sets @tx_kick:
	 * the owner queues the work again when it lets go.
	 */
	bool tx_running;
	bool tx_kick;
	struct list_head txq;
	struct list_head zcq;		/* sent by reference, waiting for the peer's ZC ACK */
	unsigned int tx_bytes;		/* queued, for choosing a connection */
	unsigned long tx_deadline;	/* jiffies; 0 when the queue is empty */
	unsigned long last_tx;		/* jiffies: last message queued */
};

struct ksock_tx {
	struct list_head list;		/* on a txq, or a list being completed */
	struct list_head zc_list;	/* on conn->zcq until the peer's ZC ACK */
	struct lnet_msg *msg;		/* NULL: a NOOP */
	struct ksock_msg_hdr ksm;
	u8 hdr[KSOCK_MSG_HDR_SIZE + LNET_HDR_SIZE];
	unsigned int hdr_len;
	unsigned int payload_len;
	unsigned int sent;		/* of hdr_len + payload_len */
	bool zc;			/* payload pages go by reference */
	bool sent_all;			/* off the txq; done when off the zcq too */
	unsigned long deadline;		/* jiffies */
};

/* socklnd.c */
void ksock_peer_put(struct ksock_peer *peer);
struct ksock_peer *ksock_peer_find_or_create(struct ksock_net *net, __u64 nid);
void ksock_peer_launch(struct ksock_peer *peer);
void ksock_tx_done(struct ksock_tx *tx, int status);
void ksock_txlist_done(struct list_head *list, int status);
struct ksock_tx *ksock_noop_alloc(__u64 ack_cookie);
bool ksock_queue_tx_locked(struct ksock_conn *conn, struct ksock_tx *tx, bool may_inline);
int ksock_recv(struct lnet_ni *ni, void *private, struct lnet_msg *msg, unsigned int mlen,
	       unsigned int rlen);

/* socklnd_conn.c */
void ksock_connect_work(struct work_struct *w);
int ksock_accept(struct lnet_ni *ni, struct socket *sock);
void ksock_conn_close(struct ksock_conn *conn, int error);
void ksock_conn_put(struct ksock_conn *conn);
void ksock_conn_close_locked(struct ksock_conn *conn, int error);
void ksock_abort_handshakes(struct ksock_net *net);
void ksock_watch(struct work_struct *w);

/* socklnd_rx.c */
void ksock_rx_work(struct work_struct *w);

/* socklnd_tx.c */
void ksock_tx_work(struct work_struct *w);
bool ksock_tx_inline_ok(void);
void ksock_tx_inline(struct ksock_conn *conn);
void ksock_zc_acked(struct ksock_peer *peer, __u64 cookie1, __u64 cookie2);

#endif /* _SOCKLND_H */
