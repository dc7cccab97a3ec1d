// SPDX-License-Identifier: GPL-2.0
/*
 * The acceptor: one kernel thread listening on TCP port 988 (accept_port)
 * for the socket-based drivers, as Lustre's does.  A connecting node sends
 * a 16-byte acceptor request naming the NID it wants; the acceptor reads
 * it (within accept_timeout), finds that local NI and hands the socket to
 * the NI's driver.  Anything else (wrong magic, unknown NID, unprivileged
 * source port with accept=secure) is closed with a rate-limited message.
 *
 * lnet_connect() is the other side: a socket from a privileged port (1023
 * downwards, as Lustre's), connected, with the acceptor request sent.
 *
 * The listening thread never reads from a connection: it checks the source
 * port and passes the socket to a work item (on an unbound workqueue) that
 * waits for the request, so one silent connection cannot hold up the
 * others.  At most accept_max_pending connections wait for their request
 * at once; a newer one beyond that shuts the oldest waiting one down (a
 * real peer sends its request at once, so the oldest is the likeliest to
 * be a stall), which keeps a flood of silent connections from pinning
 * memory or workers while real connections still get through; while twice
 * that many are still waiting (those shut down not gone yet), new ones are
 * refused.
 *
 * The acceptor runs while at least one NI whose driver accepts is up
 * (lnet_acceptor_start()/stop() are counted, under the_lnet.api_mutex).
 * Lock order: api_mutex -> acceptor.lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <lnet/lib-lnet.h>

static char *accept_mode = "secure";
module_param_named(accept, accept_mode, charp, 0444);
MODULE_PARM_DESC(accept, "accept connections: secure (privileged source ports only), all, none");

int lnet_accept_port = LNET_ACCEPTOR_PORT;
module_param_named(accept_port, lnet_accept_port, int, 0444);
MODULE_PARM_DESC(accept_port, "TCP port of the acceptor (and of peers)");

static int accept_backlog = 127;
module_param(accept_backlog, int, 0444);
MODULE_PARM_DESC(accept_backlog, "listen backlog of the acceptor");

static int accept_timeout = 5;
module_param(accept_timeout, int, 0644);
MODULE_PARM_DESC(accept_timeout, "seconds a new connection has to send its acceptor request");

static unsigned int accept_max_pending = 32;
module_param(accept_max_pending, uint, 0644);
MODULE_PARM_DESC(accept_max_pending,
		 "connections waiting for their acceptor request at once (beyond: the oldest is dropped)");

/* A connection waiting for its acceptor request. */
struct accept_conn {
	struct list_head list;		/* on acceptor.pending, while waiting */
	struct work_struct work;
	struct socket *sock;
	struct sockaddr_in peer;
};

static struct {
	unsigned int users;
	struct socket *sock;
	struct task_struct *thread;
	struct workqueue_struct *wq;
	struct mutex lock;		/* pending, npending, dropped */
	struct list_head pending;	/* oldest first */
	unsigned int npending;
	unsigned long dropped;		/* shut down to make room */
} acceptor = {
	.lock = __MUTEX_INITIALIZER(acceptor.lock),
	.pending = LIST_HEAD_INIT(acceptor.pending),
};

/* Read exactly @len bytes, blocking up to the socket's receive timeout. */
static int sock_read_all(struct socket *sock, void *buf, size_t len)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_flags = MSG_WAITALL };
	int rc = kernel_recvmsg(sock, &mh, &kv, 1, len, MSG_WAITALL);

	if (rc < 0)
		return rc;
	return rc == len ? 0 : -ECONNABORTED;
}

static int sock_write_all(struct socket *sock, const void *buf, size_t len)
{
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = { .msg_flags = MSG_NOSIGNAL };
	int rc = kernel_sendmsg(sock, &mh, &kv, 1, len);

	if (rc < 0)
		return rc;
	return rc == len ? 0 : -ECONNABORTED;
}

static void set_timeouts(struct socket *sock, int seconds)
{
	sock->sk->sk_rcvtimeo = seconds * HZ;
	sock->sk->sk_sndtimeo = seconds * HZ;
}

/* The work of one accepted connection: read its request and hand it to
 * the NI's driver.
 */
static void accept_work(struct work_struct *work)
{
	struct accept_conn *ac = container_of(work, struct accept_conn, work);
	struct socket *sock = ac->sock;
	u8 buf[LNET_ACCEPTOR_REQ_SIZE];
	struct lnet_acceptor_req req;
	struct lnet_ni *ni;
	const char *why;
	bool swab;
	int rc;

	rc = sock_read_all(sock, buf, sizeof(buf));
	/* Off the list before anything else: nobody shuts it down after this. */
	mutex_lock(&acceptor.lock);
	list_del(&ac->list);
	acceptor.npending--;
	mutex_unlock(&acceptor.lock);
	if (rc) {
		pr_warn_ratelimited("connection from %pI4: no acceptor request (%d)\n",
				    &ac->peer.sin_addr, rc);
		goto out;
	}
	if (lnet_acceptor_req_decode(buf, sizeof(buf), &req, &swab, &why)) {
		pr_warn_ratelimited("connection from %pI4: bad acceptor request: %s\n",
				    &ac->peer.sin_addr, why);
		goto out;
	}
	ni = lnet_ni_get_local(req.nid);
	if (!ni || !ni->net->lnd->accept) {
		pr_warn_ratelimited("connection from %pI4: NID %llx is not ours\n",
				    &ac->peer.sin_addr, req.nid);
		if (ni)
			lnet_ni_put(ni);
		goto out;
	}
	ni->net->lnd->accept(ni, sock);	/* the driver owns the socket now */
	lnet_ni_put(ni);
	kfree(ac);
	return;
out:
	sock_release(sock);
	kfree(ac);
}

/* A new connection: check its source port and queue the read of its
 * request, making room by dropping the oldest waiting one if need be.
 */
static void accept_one(struct socket *sock)
{
	struct accept_conn *ac, *oldest;
	unsigned int max_pending;
	int rc;

	ac = kzalloc(sizeof(*ac), GFP_KERNEL);
	if (!ac)
		goto release;
	rc = kernel_getpeername(sock, (struct sockaddr *)&ac->peer);
	if (rc < 0)
		goto release;
	if (!strcmp(accept_mode, "secure") && ntohs(ac->peer.sin_port) >= 1024) {
		pr_warn_ratelimited("refused connection from %pI4:%u: not a privileged port\n",
				    &ac->peer.sin_addr, ntohs(ac->peer.sin_port));
		goto release;
	}
	set_timeouts(sock, accept_timeout);
	ac->sock = sock;
	INIT_WORK(&ac->work, accept_work);
	max_pending = max(READ_ONCE(accept_max_pending), 1U);
	mutex_lock(&acceptor.lock);
	if (acceptor.npending >= 2 * max_pending) {
		/* The ones shut down have not left yet: refuse outright. */
		mutex_unlock(&acceptor.lock);
		pr_warn_ratelimited("refused connection from %pI4: too many waiting for their request\n",
				    &ac->peer.sin_addr);
		goto release;
	}
	if (acceptor.npending >= max_pending) {
		/* Its worker wakes from the read with an error, takes it off
		 * the list and releases it; the socket stays valid until then.
		 */
		oldest = list_first_entry(&acceptor.pending, struct accept_conn, list);
		list_move_tail(&oldest->list, &acceptor.pending);
		kernel_sock_shutdown(oldest->sock, SHUT_RDWR);
		acceptor.dropped++;
		pr_warn_ratelimited("too many connections without an acceptor request: dropped the oldest, from %pI4\n",
				    &oldest->peer.sin_addr);
	}
	list_add_tail(&ac->list, &acceptor.pending);
	acceptor.npending++;
	mutex_unlock(&acceptor.lock);
	queue_work(acceptor.wq, &ac->work);
	return;
release:
	kfree(ac);
	sock_release(sock);
}

static int acceptor_thread(void *arg)
{
	struct socket *lsock = arg, *sock;
	int rc;

	while (!kthread_should_stop()) {
		rc = kernel_accept(lsock, &sock, 0);
		if (rc) {
			if (kthread_should_stop())
				break;
			if (rc != -EAGAIN && rc != -EINTR && rc != -ERESTARTSYS && rc != -EINVAL)
				pr_warn_ratelimited("accept failed: %d\n", rc);
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		accept_one(sock);
	}
	return 0;
}

/**
 * lnet_acceptor_start() - an NI that accepts came up: listen on
 * accept_port unless already listening (api_mutex held).
 */
int lnet_acceptor_start(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct task_struct *t;
	struct socket *sock;
	int rc;

	lockdep_assert_held(&the_lnet.api_mutex);
	if (acceptor.users++ || !strcmp(accept_mode, "none"))
		return 0;
	if (strcmp(accept_mode, "secure") && strcmp(accept_mode, "all")) {
		pr_err("accept=\"%s\": expected secure, all or none\n", accept_mode);
		rc = -EINVAL;
		goto fail;
	}
	sin.sin_port = htons(lnet_accept_port);
	rc = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (rc)
		goto fail;
	sock_set_reuseaddr(sock->sk);
	rc = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	if (rc) {
		pr_err("cannot bind port %d: %d (another LNet, or a port in use?)\n",
		       lnet_accept_port, rc);
		goto release;
	}
	rc = kernel_listen(sock, accept_backlog);
	if (rc)
		goto release;
	/* Unbound: each waiting connection may block its worker for up to
	 * accept_timeout, and accept_max_pending bounds how many do.
	 */
	acceptor.wq = alloc_workqueue("lnet_accept", WQ_UNBOUND, 0);
	if (!acceptor.wq) {
		rc = -ENOMEM;
		goto release;
	}
	acceptor.sock = sock;
	t = kthread_run(acceptor_thread, sock, "lnet_acceptor");
	if (IS_ERR(t)) {
		rc = PTR_ERR(t);
		goto destroy_wq;
	}
	acceptor.thread = t;
	return 0;
destroy_wq:
	destroy_workqueue(acceptor.wq);
	acceptor.wq = NULL;
	acceptor.sock = NULL;
release:
	sock_release(sock);
fail:
	acceptor.users--;
	return rc;
}

/** lnet_acceptor_stop() - the last NI that accepts went: stop listening. */
void lnet_acceptor_stop(void)
{
	struct accept_conn *ac;

	lockdep_assert_held(&the_lnet.api_mutex);
	if (WARN_ON(!acceptor.users) || --acceptor.users || !acceptor.thread)
		return;
	/* Shutting the listener down wakes the thread out of accept(). */
	kernel_sock_shutdown(acceptor.sock, SHUT_RDWR);
	kthread_stop(acceptor.thread);
	/* No new connection is queued now; wake those waiting for their
	 * request (their reads fail) and wait for every worker, so that no
	 * driver accept() runs after this returns.
	 */
	mutex_lock(&acceptor.lock);
	list_for_each_entry(ac, &acceptor.pending, list)
		kernel_sock_shutdown(ac->sock, SHUT_RDWR);
	mutex_unlock(&acceptor.lock);
	destroy_workqueue(acceptor.wq);
	WARN_ON_ONCE(acceptor.npending);
	sock_release(acceptor.sock);
	acceptor.wq = NULL;
	acceptor.thread = NULL;
	acceptor.sock = NULL;
}

/**
 * lnet_connect() - a TCP connection to @peer_ip:@port from a privileged
 * port on @local_ip (0: any), with the acceptor request for @peer_nid sent.
 * Socket operations on it time out after @timeout_s.  @track (if set) is
 * told of each socket as it is created (before connecting, so that the
 * caller can shut it down to abort) and with NULL before one is released.
 * Return: 0 with *@sockp set, or -errno (-EADDRINUSE when every privileged
 * port is taken).
 */
int lnet_connect(struct socket **sockp, __u64 peer_nid, __be32 local_ip, __be32 peer_ip,
		 int port, int timeout_s, void (*track)(void *arg, struct socket *sock), void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct lnet_acceptor_req req = {
		.magic = LNET_PROTO_ACCEPTOR_MAGIC,
		.version = LNET_PROTO_ACCEPTOR_VERSION,
		.nid = peer_nid,
	};
	u8 buf[LNET_ACCEPTOR_REQ_SIZE];
	struct socket *sock;
	int lport, rc = -EADDRINUSE;

	for (lport = LNET_ACCEPTOR_MAX_RESERVED_PORT; lport >= LNET_ACCEPTOR_MIN_RESERVED_PORT;
	     lport--) {
		rc = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &sock);
		if (rc)
			return rc;
		sock_set_reuseaddr(sock->sk);
		set_timeouts(sock, timeout_s);
		if (track)
			track(arg, sock);
		sin.sin_addr.s_addr = local_ip;
		sin.sin_port = htons(lport);
		rc = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
		if (!rc) {
			sin.sin_addr.s_addr = peer_ip;
			sin.sin_port = htons(port);
			rc = kernel_connect(sock, (struct sockaddr *)&sin, sizeof(sin), 0);
		}
		if (!rc)
			break;
		if (track)
			track(arg, NULL);
		sock_release(sock);
		if (rc != -EADDRINUSE && rc != -EADDRNOTAVAIL)
			return rc;
	}
	if (rc)
		return rc;
	lnet_acceptor_req_encode(&req, buf);
	rc = sock_write_all(sock, buf, sizeof(buf));
	if (rc) {
		if (track)
			track(arg, NULL);
		sock_release(sock);
		return rc;
	}
	*sockp = sock;
	return 0;
}
EXPORT_SYMBOL(lnet_connect);
