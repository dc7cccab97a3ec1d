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
 * The acceptor runs while at least one NI whose driver accepts is up
 * (lnet_acceptor_start()/stop() are counted, under the_lnet.api_mutex).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/tcp.h>
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

static struct {
	unsigned int users;
	struct socket *sock;
	struct task_struct *thread;
} acceptor;

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

/* One accepted connection: read its request and hand it to the NI's driver. */
static void accept_one(struct socket *sock)
{
	u8 buf[LNET_ACCEPTOR_REQ_SIZE];
	struct lnet_acceptor_req req;
	struct sockaddr_in peer;
	struct lnet_ni *ni;
	const char *why;
	bool swab;
	int rc;

	rc = kernel_getpeername(sock, (struct sockaddr *)&peer);
	if (rc < 0)
		goto out;
	if (!strcmp(accept_mode, "secure") && ntohs(peer.sin_port) >= 1024) {
		pr_warn_ratelimited("refused connection from %pI4:%u: not a privileged port\n",
				    &peer.sin_addr, ntohs(peer.sin_port));
		goto out;
	}
	set_timeouts(sock, accept_timeout);
	rc = sock_read_all(sock, buf, sizeof(buf));
	if (rc) {
		pr_warn_ratelimited("connection from %pI4: no acceptor request (%d)\n",
				    &peer.sin_addr, rc);
		goto out;
	}
	if (lnet_acceptor_req_decode(buf, sizeof(buf), &req, &swab, &why)) {
		pr_warn_ratelimited("connection from %pI4: bad acceptor request: %s\n",
				    &peer.sin_addr, why);
		goto out;
	}
	ni = lnet_ni_get_local(req.nid);
	if (!ni || !ni->net->lnd->accept) {
		pr_warn_ratelimited("connection from %pI4: NID %llx is not ours\n",
				    &peer.sin_addr, req.nid);
		if (ni)
			lnet_ni_put(ni);
		goto out;
	}
	rc = ni->net->lnd->accept(ni, sock);
	lnet_ni_put(ni);
	return;
out:
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
	t = kthread_run(acceptor_thread, sock, "lnet_acceptor");
	if (IS_ERR(t)) {
		rc = PTR_ERR(t);
		goto release;
	}
	acceptor.sock = sock;
	acceptor.thread = t;
	return 0;
release:
	sock_release(sock);
fail:
	acceptor.users--;
	return rc;
}

/** lnet_acceptor_stop() - the last NI that accepts went: stop listening. */
void lnet_acceptor_stop(void)
{
	lockdep_assert_held(&the_lnet.api_mutex);
	if (WARN_ON(!acceptor.users) || --acceptor.users || !acceptor.thread)
		return;
	/* Shutting the listener down wakes the thread out of accept(). */
	kernel_sock_shutdown(acceptor.sock, SHUT_RDWR);
	kthread_stop(acceptor.thread);
	sock_release(acceptor.sock);
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
