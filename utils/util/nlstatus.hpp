// SPDX-License-Identifier: GPL-2.0
// The outcome a netlink NLMSG_ERROR (ack) or NLMSG_DONE (end of dump) message
// carries: an errno and, with NETLINK_EXT_ACK, the kernel's sentence about it
// (NLMSGERR_ATTR_MSG).  Plain bytes in, no socket: unit-testable.
#pragma once

#include <string>

struct nlmsghdr;

namespace util {

struct NlStatus {
	int error = 0;       // positive errno, 0 for success
	std::string message; // the extended-ack message, empty if none
};

// h is a whole NLMSG_ERROR or NLMSG_DONE message of h->nlmsg_len bytes.  A
// message too short to hold its error field reads as EPROTO.
NlStatus parse_nlstatus(const nlmsghdr *h);

} // namespace util
