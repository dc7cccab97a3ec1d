// SPDX-License-Identifier: GPL-2.0
// Options into CONFIGS/mountdata (target.hpp).
#include "target.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "params.hpp"

namespace tgt {

using util::Error;
using util::Result;

namespace {

Result<void> copy(char *dst, std::size_t size, const std::string &src, const char *what)
{
	if (src.size() >= size || src.find('\0') != std::string::npos)
		return Error{EINVAL,
		             std::string(what) + " is longer than " + std::to_string(size - 1) + " bytes"};
	std::memset(dst, 0, size);
	std::memcpy(dst, src.data(), src.size());
	return {};
}

// --mgsnode, --servicenode, --failnode and --param onto the parameters.
Result<bool> apply_nodes(Params &p, const TargetEdits &e, std::uint32_t &flags)
{
	bool changed = false;
	for (const std::string &n : e.mgsnodes) {
		auto nids = node_nids(n);
		if (!nids)
			return Error{EINVAL, "--mgsnode: " + nids.error().message};
		p.add_node("mgsnode", *nids);
		changed = true;
	}
	if (!e.servicenodes.empty() && !e.failnodes.empty())
		return Error{EINVAL, "--servicenode and --failnode cannot be used together"};
	if (!e.servicenodes.empty()) {
		// Every server of the target, this one included: replaces the list
		// (in its place among the words).
		std::string nodes;
		for (const std::string &n : e.servicenodes) {
			auto nids = node_nids(n);
			if (!nids)
				return Error{EINVAL, "--servicenode: " + nids.error().message};
			nodes += (nodes.empty() ? "" : ":") + *nids;
		}
		p.set("failover.node", nodes);
		flags |= LDD_F_NO_PRIMNODE;
		changed = true;
	}
	for (const std::string &n : e.failnodes) {
		auto nids = node_nids(n);
		if (!nids)
			return Error{EINVAL, "--failnode: " + nids.error().message};
		p.add_node("failover.node", *nids);
		changed = true;
	}
	for (const std::string &w : e.params) {
		auto r = p.add_word(w);
		if (!r)
			return Error{EINVAL, "--param: " + r.error().message};
	}
	return changed;
}

Result<nacre_ldd> finish(nacre_ldd l, const Params &p, const TargetEdits &e)
{
	auto r = copy(l.params, sizeof(l.params), p.str(), "the parameter list");
	if (!r)
		return r.error();
	if (e.mountfsoptions) {
		std::string opts = *e.mountfsoptions;
		if (opts.find("errors=") == std::string::npos)
			opts += ",errors=remount-ro";
		if (!(r = copy(l.mount_opts, sizeof(l.mount_opts), opts, "--mountfsoptions")))
			return r.error();
	}
	if (e.comment && !(r = copy(l.userdata, sizeof(l.userdata), *e.comment, "--comment")))
		return r.error();
	ldd_error err{};
	if (ldd_check(&l, &err) != 0)
		return Error{EINVAL, std::string("internal: the new mountdata is invalid: ") + err.why};
	return l;
}

Result<void> set_svname(nacre_ldd &l)
{
	int n = ldd_svname_make(l.svname, sizeof(l.svname), l.fsname, l.flags, l.svindex);
	if (n < 0)
		return Error{EINVAL, "cannot make a target name of fsname '" + std::string(l.fsname) + "'"};
	return {};
}

} // namespace

Result<void> check_backfstype(const std::string &type)
{
	if (type == "ldiskfs" || type == "ext4")
		return {};
	if (type == "zfs")
		return Error{EINVAL,
		             "ZFS back ends are not supported by Nacre; use --backfstype=ldiskfs (ext4)"};
	return Error{EINVAL, "unknown --backfstype '" + type + "' (ldiskfs or ext4)"};
}

Result<std::uint32_t> parse_index(const std::string &text)
{
	char *end = nullptr;
	errno = 0;
	if (text.empty() || text[0] == '-' || text[0] == '+' || text[0] == ' ')
		return Error{EINVAL, "--index '" + text + "' is not a number from 0 to 65534"};
	unsigned long v = std::strtoul(text.c_str(), &end, 0);
	if (errno || *end || v > LDD_INDEX_MAX)
		return Error{EINVAL, "--index '" + text + "' is not a number from 0 to 65534"};
	return static_cast<std::uint32_t>(v);
}

std::string default_mount_opts(std::uint32_t flags)
{
	// Lustre's: user_xattr on metadata targets, errors=remount-ro on all
	// (an OST's starts with the comma of an empty first option).
	return (flags & (LDD_F_SV_TYPE_MDT | LDD_F_SV_TYPE_MGS)) ? "user_xattr,errors=remount-ro"
	                                                         : ",errors=remount-ro";
}

Result<nacre_ldd> make_ldd(const MkfsOptions &o)
{
	auto bt = check_backfstype(o.backfstype);
	if (!bt)
		return bt.error();
	if (!o.mgs && !o.mdt && !o.ost)
		return Error{EINVAL, "must specify --mgs, --mdt or --ost"};
	if (o.mdt && o.ost)
		return Error{EINVAL, "a target cannot be both --mdt and --ost"};
	if (o.mgs && o.ost)
		return Error{EINVAL, "an MGS can share its device with an MDT only, not an OST"};
	if (!ldd_fsname_valid(o.fsname.c_str()))
		return Error{EINVAL,
		             "filesystem name must be 1-8 chars of A-Z a-z 0-9 _ - ('" + o.fsname + "')"};
	nacre_ldd l{};
	l.mount_type = LDD_MT_LDISKFS;
	l.flags = LDD_F_VIRGIN | LDD_F_UPDATE;
	if (o.mdt)
		l.flags |= LDD_F_SV_TYPE_MDT;
	if (o.ost)
		l.flags |= LDD_F_SV_TYPE_OST;
	if (o.mgs)
		l.flags |= LDD_F_SV_TYPE_MGS;
	l.svindex = LDD_INDEX_UNASSIGNED;
	if (o.index) {
		if (!o.mdt && !o.ost)
			return Error{EINVAL, "--index applies to an MDT or an OST, not an MGS alone"};
		auto i = parse_index(*o.index);
		if (!i)
			return i.error();
		l.svindex = *i;
	} else if (o.mdt || o.ost) {
		return Error{EINVAL, std::string("an ") + (o.mdt ? "MDT" : "OST") + " needs --index=N"};
	}
	if (!o.mgs && o.edits.mgsnodes.empty())
		return Error{EINVAL, "a target without --mgs needs --mgsnode=NID of its MGS"};
	std::strcpy(l.fsname, o.fsname.c_str());
	auto r = set_svname(l);
	if (!r)
		return r.error();
	std::strcpy(l.mount_opts, default_mount_opts(l.flags).c_str());
	Params p;
	auto nodes = apply_nodes(p, o.edits, l.flags);
	if (!nodes)
		return nodes.error();
	return finish(l, p, o.edits);
}

Result<nacre_ldd> tune_ldd(const nacre_ldd &old, const TunefsOptions &o)
{
	nacre_ldd l = old;
	Params p;
	if (!o.erase_params) {
		auto parsed = Params::parse(old.params);
		if (!parsed)
			return parsed.error();
		p = *parsed;
	} else {
		l.flags &= ~static_cast<std::uint32_t>(LDD_F_NO_PRIMNODE);
	}
	if (o.fsname) {
		if (!ldd_fsname_valid(o.fsname->c_str()))
			return Error{EINVAL, "filesystem name must be 1-8 chars of A-Z a-z 0-9 _ - ('" +
			                             *o.fsname + "')"};
		std::strcpy(l.fsname, o.fsname->c_str());
	}
	if (o.index) {
		if (!(l.flags & (LDD_F_SV_TYPE_MDT | LDD_F_SV_TYPE_OST)))
			return Error{EINVAL, "--index applies to an MDT or an OST, not an MGS alone"};
		auto i = parse_index(*o.index);
		if (!i)
			return i.error();
		l.svindex = *i;
		l.flags &= ~static_cast<std::uint32_t>(LDD_F_NEED_INDEX);
	}
	auto nodes = apply_nodes(p, o.edits, l.flags);
	if (!nodes)
		return nodes.error();
	// The MGS learns of new NIDs, names or parameters at the next mount.
	if (*nodes || o.fsname || o.index || o.erase_params)
		l.flags |= LDD_F_UPDATE;
	if (!o.edits.params.empty() || o.erase_params)
		l.flags |= LDD_F_PARAM;
	if (o.writeconf)
		l.flags |= LDD_F_WRITECONF;
	if (o.fsname || o.index || o.writeconf) {
		auto r = set_svname(l);
		if (!r)
			return r.error();
	}
	if (!(l.flags & LDD_F_SV_TYPE_MGS) && !p.get("mgsnode"))
		return Error{EINVAL,
		             "a target without an MGS of its own needs an mgsnode parameter (--mgsnode=NID)"};
	return finish(l, p, o.edits);
}

} // namespace tgt
