// SPDX-License-Identifier: GPL-2.0
// Reading netlink attributes: a table by type, checked against a policy, for
// a generic-netlink message or a nested attribute; and the repeated members
// of a nest in order.  Attribute types this side does not know (a newer
// kernel) are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <netlink/attr.h>

#include "result.hpp"

struct nlmsghdr;

namespace util {

// A policy table for attribute types 0..maxtype; unset types are unchecked.
class Policy {
public:
	explicit Policy(int maxtype) : p_(maxtype + 1) {}
	Policy &set(int type, std::uint16_t nla_type)
	{
		p_.at(type).type = nla_type;
		return *this;
	}
	int maxtype() const { return static_cast<int>(p_.size()) - 1; }
	nla_policy *get() const { return const_cast<nla_policy *>(p_.data()); }

private:
	std::vector<nla_policy> p_;
};

class Attrs {
public:
	static Result<Attrs> parse(const nlmsghdr *genl_msg, const Policy &policy);
	static Result<Attrs> parse(const nlattr *nest, const Policy &policy);

	const nlattr *get(int type) const;
	bool has(int type) const { return get(type) != nullptr; }
	std::optional<std::string> str(int type) const;
	std::optional<std::uint8_t> u8(int type) const;
	std::optional<std::uint32_t> u32(int type) const;
	std::optional<std::int32_t> s32(int type) const;
	std::optional<std::uint64_t> u64(int type) const;

private:
	std::vector<nlattr *> tb_;
};

// The attributes of type `type` directly inside nest, in order.
std::vector<const nlattr *> nested_all(const nlattr *nest, int type);

} // namespace util
