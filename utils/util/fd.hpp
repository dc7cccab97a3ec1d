// SPDX-License-Identifier: GPL-2.0
// Fd: an owned file descriptor, closed when it goes out of scope.
// Project-independent (lctl, mkfs.lustre, tunefs.lustre).
#pragma once

#include <unistd.h>
#include <utility>

namespace util {

class Fd {
public:
	Fd() = default;
	explicit Fd(int fd) : fd_(fd) {}
	~Fd() { reset(); }
	Fd(Fd &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
	Fd &operator=(Fd &&o) noexcept
	{
		if (this != &o) {
			reset();
			fd_ = std::exchange(o.fd_, -1);
		}
		return *this;
	}
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;

	int get() const { return fd_; }
	// Gives the descriptor up without closing it.
	int release() { return std::exchange(fd_, -1); }
	explicit operator bool() const { return fd_ >= 0; }
	void reset()
	{
		if (fd_ >= 0)
			::close(fd_);
		fd_ = -1;
	}

private:
	int fd_ = -1;
};

} // namespace util
