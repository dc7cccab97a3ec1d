// SPDX-License-Identifier: GPL-2.0
#include "genl.hpp"

#include <cerrno>
#include <cstdlib>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include "nlstatus.hpp"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace util {
namespace {

Error nl_error(const char *what, int nlerr)
{
	return Error{EIO, std::string(what) + ": " + nl_geterror(nlerr)};
}

void check_put(int rc)
{
	if (rc < 0)
		throw Fatal(std::string("netlink request: ") + nl_geterror(rc));
}

Error kernel_error(const NlStatus &st)
{
	return Error{st.error, st.message.empty() ? std::strerror(st.error) : st.message};
}

} // namespace

void GenlRequest::Free::operator()(nl_msg *m) const
{
	nlmsg_free(m);
}
void GenlSocket::Free::operator()(nl_sock *s) const
{
	nl_socket_free(s);
}

GenlRequest::GenlRequest(int family, std::uint8_t version, std::uint8_t cmd, bool dump)
    : msg_(nlmsg_alloc()), dump_(dump)
{
	if (!msg_)
		throw Fatal("out of memory");
	// A "do" asks for an ack so that success is reported, not assumed.
	int flags = dump ? NLM_F_DUMP : NLM_F_ACK;
	if (!genlmsg_put(msg_.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd, version))
		throw Fatal("netlink request: no room for the header");
}

void GenlRequest::put_string(int type, const std::string &s)
{
	check_put(nla_put_string(msg(), type, s.c_str()));
}
void GenlRequest::put_u8(int type, std::uint8_t v)
{
	check_put(nla_put_u8(msg(), type, v));
}
void GenlRequest::put_u32(int type, std::uint32_t v)
{
	check_put(nla_put_u32(msg(), type, v));
}
void GenlRequest::put_flag(int type)
{
	check_put(nla_put_flag(msg(), type));
}

GenlRequest::Nest::Nest(GenlRequest &req, int type) : req_(req), start_(nla_nest_start(req.msg(), type))
{
	if (!start_)
		throw Fatal("netlink request: no room for a nested attribute");
}

GenlRequest::Nest::~Nest()
{
	nla_nest_end(req_.msg(), start_);
}

Result<GenlSocket> GenlSocket::open(const std::string &family, std::uint8_t version)
{
	std::unique_ptr<nl_sock, Free> sk(nl_socket_alloc());
	if (!sk)
		throw Fatal("out of memory");
	if (int rc = genl_connect(sk.get()); rc < 0)
		return nl_error("cannot open a generic netlink socket", rc);
	// We ask for acks ourselves (GenlRequest) and read them in call().
	nl_socket_disable_auto_ack(sk.get());
	// Read each message whole, however large (MSG_PEEK sizes the buffer).
	nl_socket_enable_msg_peek(sk.get());
	int one = 1;
	// Error messages then carry the kernel's text; older kernels lack it,
	// which only costs the text.
	setsockopt(nl_socket_get_fd(sk.get()), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk.get()), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	int id = genl_ctrl_resolve(sk.get(), family.c_str());
	if (id == -NLE_OBJ_NOTFOUND)
		return Error{ENOENT, "generic netlink family \"" + family + "\" not found"};
	if (id < 0)
		return nl_error("cannot resolve generic netlink family", id);
	return GenlSocket(std::move(sk), id, version);
}

Result<void> GenlSocket::call(const GenlRequest &req, const Handler &on_reply)
{
	if (int rc = nl_send_auto(sk_.get(), req.msg()); rc < 0)
		return nl_error("cannot send netlink request", rc);
	const std::uint32_t seq = nlmsg_hdr(req.msg())->nlmsg_seq;

	for (;;) {
		sockaddr_nl peer;
		unsigned char *buf = nullptr;
		int n = nl_recv(sk_.get(), &peer, &buf, nullptr);
		std::unique_ptr<unsigned char, decltype(&std::free)> owner(buf, &std::free);
		if (n < 0)
			return nl_error("cannot receive netlink reply", n);
		if (n == 0)
			return Error{EPROTO, "netlink socket closed before the reply"};
		if (peer.nl_pid != 0)
			continue; // only the kernel answers requests

		int left = n;
		for (auto *h = reinterpret_cast<nlmsghdr *>(buf); nlmsg_ok(h, left);
		     h = nlmsg_next(h, &left)) {
			if (h->nlmsg_seq != seq)
				continue; // not ours (a late reply to an earlier request)
			if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
				NlStatus st = parse_nlstatus(h);
				if (st.error)
					return kernel_error(st);
				return {};
			}
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				return Error{EAGAIN, "the list changed while it was read; try again"};
			if (h->nlmsg_type == NLMSG_NOOP)
				continue;
			if (on_reply)
				if (auto r = on_reply(h); !r)
					return r;
		}
	}
}

} // namespace util
