// SPDX-License-Identifier: GPL-2.0
// Layouts (net/netlink/af_netlink.c, netlink_ack and netlink_dump_done):
//   NLMSG_ERROR: nlmsghdr | nlmsgerr (error, the request's nlmsghdr)
//                | the request's payload unless NLM_F_CAPPED | TLVs if NLM_F_ACK_TLVS
//   NLMSG_DONE:  nlmsghdr | int error | TLVs if NLM_F_ACK_TLVS
// each part starting on a NLMSG_ALIGN boundary.
#include "nlstatus.hpp"

#include <cerrno>
#include <cstring>
#include <linux/netlink.h>

namespace util {
namespace {

std::string find_msg(const nlmsghdr *h, std::size_t off)
{
	const auto *base = reinterpret_cast<const unsigned char *>(h);
	const std::size_t end = h->nlmsg_len;

	while (off + NLA_HDRLEN <= end) {
		nlattr a;
		std::memcpy(&a, base + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > end)
			break;
		if ((a.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			const char *s = reinterpret_cast<const char *>(base + off + NLA_HDRLEN);
			return std::string(s, strnlen(s, a.nla_len - NLA_HDRLEN));
		}
		off += NLA_ALIGN(a.nla_len);
	}
	return "";
}

} // namespace

NlStatus parse_nlstatus(const nlmsghdr *h)
{
	const auto *data = reinterpret_cast<const unsigned char *>(h) + NLMSG_HDRLEN;
	NlStatus st;
	std::size_t tlv_off;
	int err;

	if (h->nlmsg_type == NLMSG_ERROR) {
		nlmsgerr e;
		if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(e))
			return NlStatus{EPROTO, "truncated netlink error message"};
		std::memcpy(&e, data, sizeof(e));
		err = e.error;
		std::size_t payload = sizeof(e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED) && e.msg.nlmsg_len > NLMSG_HDRLEN)
			payload += e.msg.nlmsg_len - NLMSG_HDRLEN;
		tlv_off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	} else {
		if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
			return NlStatus{}; // an old-style DONE without an error field
		std::memcpy(&err, data, sizeof(err));
		tlv_off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	}
	st.error = err < 0 ? -err : err;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS)
		st.message = find_msg(h, tlv_off);
	return st;
}

} // namespace util
