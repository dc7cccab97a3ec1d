// SPDX-License-Identifier: GPL-2.0
// The connection handshake (hello.hpp).
#include "hello.hpp"

#include <cerrno>
#include <string>

#include "msg.hpp"

namespace poke {

using util::Error;

util::Result<ksock_hello> handshake(Session &s)
{
	auto fault = [](const std::string &what) { return Error{EPROTO, what}; };
	util::Result<void> sent = s.conn.send(acceptor_request(s.server_nid) +
	                                      encode(connector_hello(s.my_nid, s.server_nid, SOCKLND_CONN_CONTROL)));
	if (!sent)
		return sent.error();
	auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(s.timeout);
	Bytes buf;
	std::size_t need = 8;
	for (;;) {
		while (buf.size() < need) {
			util::Result<Bytes> got = s.conn.recv_some(need - buf.size(), deadline);
			if (!got)
				return fault("no HELLO from the server: " + got.error().message);
			if (got->empty())
				return fault("the server closed the connection instead of a HELLO");
			buf = std::move(buf) + *got;
		}
		ksock_hello h{};
		bool swab = false;
		const char *why = nullptr;
		int rc = ksock_hello_decode(buf.data(), buf.size(), &h, &swab, &need, &why);
		if (rc == 0 && h.dst_nid == s.my_nid)
			return h;
		if (rc == 0)
			return fault("the server's HELLO is to " + nid_str(h.dst_nid));
		if (rc != -EAGAIN || need <= buf.size())
			return fault(std::string("the server's HELLO: ") + (why ? why : "malformed"));
	}
}

} // namespace poke
