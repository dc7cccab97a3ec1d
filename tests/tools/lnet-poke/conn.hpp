// SPDX-License-Identifier: GPL-2.0
// lnet-poke's TCP connection to the server under test: opened from the
// source port LNet's security model cares about, written to in whole
// buffers, read with deadlines, and watched until the server closes it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace poke {

using util::Result;
using Bytes = std::vector<std::uint8_t>;
using Clock = std::chrono::steady_clock;

// An owned file descriptor.
class Fd {
public:
	Fd() = default;
	explicit Fd(int fd) : fd_(fd) {}
	Fd(Fd &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
	Fd &operator=(Fd &&o) noexcept
	{
		reset(std::exchange(o.fd_, -1));
		return *this;
	}
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;
	~Fd() { reset(); }

	int get() const { return fd_; }
	void reset(int fd = -1);

private:
	int fd_ = -1;
};

// Where a connection comes from: a privileged port (1023 down to 512, the
// first one free, as LNet's own connections do), an ephemeral one (>= 1024
// on any usual system), or exactly the one given.
struct SourcePort {
	enum class Kind { Privileged, Ephemeral, Fixed };
	Kind kind = Kind::Privileged;
	std::uint16_t port = 0; // Kind::Fixed only
};

// How the server left a connection we stopped writing to.
struct Ending {
	bool closed = false; // false: still open at the deadline
	double seconds = 0;  // from the start of the wait to the close (or the deadline)
	Bytes answer;        // what the server sent meanwhile
};

// A connected TCP socket; IPv4 addresses in host byte order.
class Conn {
public:
	// Connect to @ip:@port from @src, giving up after @timeout.
	static Result<Conn> open(std::uint32_t ip, std::uint16_t port, SourcePort src,
	                         std::chrono::duration<double> timeout);

	std::uint32_t local_ip() const { return local_ip_; }
	std::uint16_t local_port() const { return local_port_; }
	int fd() const { return fd_.get(); } // for socket options

	// Send all of @data.  The server closing first (EPIPE, ECONNRESET) is
	// not an error: it is what bad input should cause, and wait_for_close()
	// reports it.
	Result<void> send(std::span<const std::uint8_t> data);

	// Receive up to @max bytes, waiting until @deadline: some bytes; none
	// when the server closed; ETIMEDOUT when nothing came in time.
	Result<Bytes> recv_some(std::size_t max, Clock::time_point deadline);

	// Wait (no more sending) until the server closes or @timeout passes,
	// keeping what it sends.
	Result<Ending> wait_for_close(std::chrono::duration<double> timeout);

private:
	explicit Conn(Fd fd) : fd_(std::move(fd)) {}
	Result<void> learn_local_address();

	Fd fd_;
	std::uint32_t local_ip_ = 0;
	std::uint16_t local_port_ = 0;
	bool peer_closed_ = false; // a send found the connection closed
};

} // namespace poke
