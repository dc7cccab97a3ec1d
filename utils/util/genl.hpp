// SPDX-License-Identifier: GPL-2.0
// A generic-netlink socket bound to one family (libnl-genl-3 underneath):
// build a request, send it, read the reply messages or the dump, and turn the
// kernel's errors (with their extended-ack text) into Error values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "result.hpp"

struct nl_sock;
struct nl_msg;
struct nlmsghdr;
struct nlattr;

namespace util {

// One request message.  Attribute puts throw Fatal if the message overflows
// (requests are small; that would be a bug).
class GenlRequest {
public:
	GenlRequest(int family, std::uint8_t version, std::uint8_t cmd, bool dump);

	void put_string(int type, const std::string &s);
	void put_u8(int type, std::uint8_t v);
	void put_u32(int type, std::uint32_t v);
	void put_flag(int type);

	// A nested attribute, closed when the Nest goes out of scope.
	class Nest {
	public:
		Nest(GenlRequest &req, int type);
		~Nest();
		Nest(const Nest &) = delete;
		Nest &operator=(const Nest &) = delete;

	private:
		GenlRequest &req_;
		::nlattr *start_;
	};
	Nest nest(int type) { return Nest(*this, type); }

	bool dump() const { return dump_; }
	nl_msg *msg() const { return msg_.get(); }

private:
	struct Free {
		void operator()(nl_msg *m) const;
	};
	std::unique_ptr<nl_msg, Free> msg_;
	bool dump_;
};

class GenlSocket {
public:
	// Connect and resolve the family by name.  A family the kernel does
	// not know is Error{ENOENT}: its module is not loaded.
	static Result<GenlSocket> open(const std::string &family, std::uint8_t version);

	GenlRequest request(std::uint8_t cmd, bool dump = false) const
	{
		return GenlRequest(family_, version_, cmd, dump);
	}

	// Called for each reply message (each object of a dump); an Error
	// stops the exchange and becomes its result.
	using Handler = std::function<Result<void>(const nlmsghdr *)>;

	// Send req and read until the kernel's ack (a "do" request) or the end
	// of the dump.  A kernel error becomes Error{errno, extack text or
	// strerror}.
	Result<void> call(const GenlRequest &req, const Handler &on_reply = {});

private:
	struct Free {
		void operator()(nl_sock *s) const;
	};
	GenlSocket(std::unique_ptr<nl_sock, Free> sk, int family, std::uint8_t version)
	    : sk_(std::move(sk)), family_(family), version_(version)
	{
	}

	std::unique_ptr<nl_sock, Free> sk_;
	int family_;
	std::uint8_t version_;
};

} // namespace util
