// SPDX-License-Identifier: GPL-2.0
#include "attr.hpp"

#include <cerrno>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

namespace util {

static Error malformed(int rc)
{
	return Error{EPROTO, std::string("malformed reply from the kernel: ") + nl_geterror(rc)};
}

Result<Attrs> Attrs::parse(const nlmsghdr *genl_msg, const Policy &policy)
{
	Attrs a;
	a.tb_.assign(policy.maxtype() + 1, nullptr);
	int rc = genlmsg_parse(const_cast<nlmsghdr *>(genl_msg), 0, a.tb_.data(), policy.maxtype(),
	                       policy.get());
	if (rc < 0)
		return malformed(rc);
	return a;
}

Result<Attrs> Attrs::parse(const nlattr *nest, const Policy &policy)
{
	Attrs a;
	a.tb_.assign(policy.maxtype() + 1, nullptr);
	int rc = nla_parse_nested(a.tb_.data(), policy.maxtype(), const_cast<nlattr *>(nest), policy.get());
	if (rc < 0)
		return malformed(rc);
	return a;
}

const nlattr *Attrs::get(int type) const
{
	return type >= 0 && static_cast<std::size_t>(type) < tb_.size() ? tb_[type] : nullptr;
}

// The policy checked each attribute's length (and a string's terminating NUL).
std::optional<std::string> Attrs::str(int type) const
{
	if (auto *a = get(type))
		return std::string(nla_get_string(const_cast<nlattr *>(a)));
	return std::nullopt;
}

std::optional<std::uint8_t> Attrs::u8(int type) const
{
	if (auto *a = get(type))
		return nla_get_u8(const_cast<nlattr *>(a));
	return std::nullopt;
}

std::optional<std::uint32_t> Attrs::u32(int type) const
{
	if (auto *a = get(type))
		return nla_get_u32(const_cast<nlattr *>(a));
	return std::nullopt;
}

std::optional<std::int32_t> Attrs::s32(int type) const
{
	if (auto *a = get(type))
		return nla_get_s32(const_cast<nlattr *>(a));
	return std::nullopt;
}

std::optional<std::uint64_t> Attrs::u64(int type) const
{
	if (auto *a = get(type))
		return nla_get_u64(const_cast<nlattr *>(a));
	return std::nullopt;
}

std::vector<const nlattr *> nested_all(const nlattr *nest, int type)
{
	std::vector<const nlattr *> out;
	nlattr *pos;
	int rem;
	nla_for_each_nested(pos, const_cast<nlattr *>(nest), rem)
	{
		if (nla_type(pos) == type)
			out.push_back(pos);
	}
	return out;
}

} // namespace util
