// SPDX-License-Identifier: GPL-2.0
// lnet-poke's connection (conn.hpp).  Sockets stay blocking: SO_SNDTIMEO
// bounds connect() and send() (Linux applies it to both), poll() bounds
// every read.
#include "conn.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

extern "C" {
#include <lnet/wire.h>
}

namespace poke {

using util::Error;

namespace {

constexpr std::uint16_t kHighestPrivilegedPort = LNET_ACCEPTOR_MAX_RESERVED_PORT;
constexpr std::uint16_t kLowestPrivilegedPort = LNET_ACCEPTOR_MIN_RESERVED_PORT; // as lnet_connect()
constexpr std::size_t kMaxAnswer = 64 * 1024; // kept of what the server sends

Error sys_error(const std::string &what)
{
	int e = errno;
	return Error{e, what + ": " + std::strerror(e)};
}

sockaddr_in ipv4(std::uint32_t ip, std::uint16_t port)
{
	sockaddr_in sin{};
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(ip);
	sin.sin_port = htons(port);
	return sin;
}

std::string endpoint(std::uint32_t ip, std::uint16_t port)
{
	in_addr a{htonl(ip)};
	char text[INET_ADDRSTRLEN] = "";
	inet_ntop(AF_INET, &a, text, sizeof(text));
	return std::string(text) + ":" + std::to_string(port);
}

int remaining_ms(Clock::time_point deadline)
{
	auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
	return left < 0 ? 0 : static_cast<int>(left);
}

double seconds_since(Clock::time_point start)
{
	return std::chrono::duration<double>(Clock::now() - start).count();
}

Result<Fd> tcp_socket(std::chrono::duration<double> timeout)
{
	Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	if (fd.get() < 0)
		return sys_error("socket");
	auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
	timeval tv{};
	tv.tv_sec = us / 1000000;
	tv.tv_usec = us % 1000000;
	if (::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		return sys_error("setsockopt SO_SNDTIMEO");
	return fd;
}

// Bind to @port (0: let connect() pick an ephemeral one) and connect.
// EADDRINUSE/EADDRNOTAVAIL say that this port cannot be used right now.
Result<Fd> connect_from(std::uint16_t port, std::uint32_t ip, std::uint16_t dport,
                        std::chrono::duration<double> timeout)
{
	Result<Fd> fd = tcp_socket(timeout);
	if (!fd)
		return fd.error();
	if (port) {
		sockaddr_in local = ipv4(INADDR_ANY, port);
		if (::bind(fd->get(), reinterpret_cast<sockaddr *>(&local), sizeof(local)) < 0) {
			Error e = sys_error("bind to port " + std::to_string(port));
			if (e.code == EACCES)
				e.message += " (a privileged port needs root or CAP_NET_BIND_SERVICE)";
			return e;
		}
	}
	sockaddr_in server = ipv4(ip, dport);
	if (::connect(fd->get(), reinterpret_cast<sockaddr *>(&server), sizeof(server)) < 0) {
		if (errno == EINPROGRESS) // SO_SNDTIMEO expired
			return Error{ETIMEDOUT, "connect to " + endpoint(ip, dport) + ": timed out"};
		return sys_error("connect to " + endpoint(ip, dport));
	}
	return fd;
}

bool port_busy(const Error &e)
{
	return e.code == EADDRINUSE || e.code == EADDRNOTAVAIL;
}

// The first privileged port, from 1023 down, that binds and connects.
Result<Fd> connect_privileged(std::uint32_t ip, std::uint16_t dport, std::chrono::duration<double> timeout)
{
	for (std::uint16_t port = kHighestPrivilegedPort; port >= kLowestPrivilegedPort; port--) {
		Result<Fd> fd = connect_from(port, ip, dport, timeout);
		if (fd || !port_busy(fd.error()))
			return fd;
	}
	return Error{EADDRINUSE, "every privileged port from 1023 to 512 is in use"};
}

} // namespace

void Fd::reset(int fd)
{
	if (fd_ >= 0)
		::close(fd_);
	fd_ = fd;
}

Result<Conn> Conn::open(std::uint32_t ip, std::uint16_t port, SourcePort src,
                        std::chrono::duration<double> timeout)
{
	Result<Fd> fd = src.kind == SourcePort::Kind::Privileged ? connect_privileged(ip, port, timeout)
	                : src.kind == SourcePort::Kind::Fixed    ? connect_from(src.port, ip, port, timeout)
	                                                         : connect_from(0, ip, port, timeout);
	if (!fd)
		return fd.error();
	Conn c(std::move(*fd));
	Result<void> r = c.learn_local_address();
	if (!r)
		return r.error();
	return c;
}

Result<void> Conn::learn_local_address()
{
	sockaddr_in sin{};
	socklen_t len = sizeof(sin);
	if (::getsockname(fd_.get(), reinterpret_cast<sockaddr *>(&sin), &len) < 0)
		return sys_error("getsockname");
	local_ip_ = ntohl(sin.sin_addr.s_addr);
	local_port_ = ntohs(sin.sin_port);
	return {};
}

Result<void> Conn::send(std::span<const std::uint8_t> data)
{
	while (!data.empty() && !peer_closed_) {
		ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
			peer_closed_ = true;
			break;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return Error{ETIMEDOUT, "send: the server takes no more bytes (timed out)"};
		if (n < 0)
			return sys_error("send");
		data = data.subspan(static_cast<std::size_t>(n));
	}
	return {};
}

Result<Bytes> Conn::recv_some(std::size_t max, Clock::time_point deadline)
{
	Bytes buf(max);
	for (;;) {
		pollfd p{fd_.get(), POLLIN, 0};
		int rc = ::poll(&p, 1, remaining_ms(deadline));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return sys_error("poll");
		if (rc == 0)
			return Error{ETIMEDOUT, "nothing from the server in time"};
		ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ECONNRESET)
			n = 0;
		if (n < 0)
			return sys_error("recv");
		buf.resize(static_cast<std::size_t>(n));
		return buf;
	}
}

Result<Ending> Conn::wait_for_close(std::chrono::duration<double> timeout)
{
	Clock::time_point start = Clock::now();
	auto deadline = start + std::chrono::duration_cast<Clock::duration>(timeout);
	Ending end;

	while (!peer_closed_) {
		Result<Bytes> got = recv_some(4096, deadline);
		if (!got && got.error().code == ETIMEDOUT)
			break; // the deadline passed: still open
		if (!got)
			return got.error();
		if (got->empty()) {
			peer_closed_ = true;
			break;
		}
		std::size_t keep =
		        std::min(got->size(), kMaxAnswer - std::min(end.answer.size(), kMaxAnswer));
		end.answer.insert(end.answer.end(), got->begin(),
		                  got->begin() + static_cast<std::ptrdiff_t>(keep));
	}
	end.closed = peer_closed_;
	end.seconds = seconds_since(start);
	return end;
}

} // namespace poke
