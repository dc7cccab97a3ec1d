// SPDX-License-Identifier: GPL-2.0
#include "obd.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <linux/lustre/lustre_ioctl.h>
#include <sys/ioctl.h>

namespace lctl {

using util::Error;
using util::Result;

namespace {

// `s` into a NUL-terminated array; `what` names it in the refusal.
template <std::size_t N>
Result<void> put(char (&dst)[N], const std::string &s, const char *what)
{
	if (s.size() >= N || s.find('\0') != std::string::npos)
		return Error{ENAMETOOLONG, std::string(what) + " \"" + s + "\": at most " +
		                                   std::to_string(N - 1) + " characters"};
	std::memcpy(dst, s.data(), s.size());
	dst[s.size()] = '\0';
	return {};
}

template <std::size_t N>
std::string get(const char (&src)[N])
{
	return std::string(src, strnlen(src, N));
}

} // namespace

const char *echo_op_name(EchoOp op)
{
	switch (op) {
	case EchoOp::Write:
		return "write";
	case EchoOp::Read:
		return "read";
	default:
		return "ping";
	}
}

namespace {

struct ModeName {
	LockMode mode;
	const char *name;
};

const ModeName mode_names[] = {
        {LockMode::EX, "EX"}, {LockMode::PW, "PW"}, {LockMode::PR, "PR"},
        {LockMode::CW, "CW"}, {LockMode::CR, "CR"},
};

} // namespace

const char *lock_mode_name(LockMode m)
{
	for (const auto &n : mode_names)
		if (n.mode == m)
			return n.name;
	return "??";
}

std::optional<LockMode> lock_mode(std::string_view name)
{
	if (name.size() != 2)
		return std::nullopt;
	auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
	for (const auto &n : mode_names)
		if (upper(name[0]) == n.name[0] && upper(name[1]) == n.name[1])
			return n.mode;
	return std::nullopt;
}

InterruptibleBySigint::InterruptibleBySigint() : old_{}
{
	struct sigaction sa = {};
	sa.sa_handler = [](int) {};
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; // no SA_RESTART: the interrupted call fails with EINTR
	if (::sigaction(SIGINT, nullptr, &old_) == 0 && old_.sa_handler != SIG_IGN)
		installed_ = ::sigaction(SIGINT, &sa, nullptr) == 0;
}

InterruptibleBySigint::~InterruptibleBySigint()
{
	if (installed_)
		::sigaction(SIGINT, &old_, nullptr);
}

Result<ObdCtl> ObdCtl::open(const std::string &path)
{
	Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
	if (!fd && errno == ENOENT)
		return Error{ENOENT, path + ": " + std::strerror(ENOENT) +
		                             " (is obdclass loaded? modprobe obdclass)"};
	if (!fd)
		return Error{errno, path + ": " + std::strerror(errno)};
	return ObdCtl(std::move(fd));
}

Result<void> ObdCtl::ioctl(unsigned long cmd, void *arg)
{
	if (::ioctl(fd_.get(), cmd, arg) < 0)
		return Error::from_errno(errno);
	return {};
}

Result<std::optional<DeviceInfo>> ObdCtl::device_get(std::uint32_t from)
{
	obd_ioc_device d{};
	d.index = from;
	auto r = ioctl(OBD_IOC_DEVICE_GET, &d);
	if (!r && r.error().code == ENOENT)
		return std::optional<DeviceInfo>();
	if (!r)
		return r.error();
	return std::optional<DeviceInfo>(
	        DeviceInfo{d.index, get(d.state), get(d.type), get(d.name), get(d.uuid), d.refcount});
}

Result<std::vector<DeviceInfo>>
walk_devices(const std::function<Result<std::optional<DeviceInfo>>(std::uint32_t)> &get)
{
	std::vector<DeviceInfo> all;
	std::uint32_t next = 0;
	for (;;) {
		auto d = get(next);
		if (!d)
			return d.error();
		// A kernel that answered with a smaller index would loop forever.
		if (!*d || (*d)->index < next)
			break;
		next = (*d)->index + 1;
		all.push_back(std::move(**d));
		if (next == 0)
			break;
	}
	return all;
}

Result<std::vector<DeviceInfo>> ObdCtl::devices()
{
	return walk_devices([this](std::uint32_t from) { return device_get(from); });
}

std::uint32_t dk_buffer_size(std::string_view dlog_size_kb)
{
	constexpr std::uint32_t min_kb = OBD_DLOG_MIN_KB, max_kb = OBD_DLOG_MAX_KB; // the parameter's range
	std::uint32_t kb = 0;
	auto [end, ec] = std::from_chars(dlog_size_kb.data(), dlog_size_kb.data() + dlog_size_kb.size(), kb);
	const std::string_view rest(end, dlog_size_kb.data() + dlog_size_kb.size() - end);
	if (ec != std::errc() || (!rest.empty() && rest != "\n"))
		kb = max_kb;
	return std::clamp(kb, min_kb, max_kb) * 1024;
}

Result<void> ObdCtl::attach(const std::string &type, const std::string &name, const std::string &uuid)
{
	obd_ioc_attach a{};
	if (auto r = put(a.type, type, "type"); !r)
		return r;
	if (auto r = put(a.name, name, "name"); !r)
		return r;
	if (auto r = put(a.uuid, uuid, "uuid"); !r)
		return r;
	return ioctl(OBD_IOC_ATTACH, &a);
}

Result<void> ObdCtl::setup(const std::string &device, const std::string &args)
{
	obd_ioc_setup s{};
	if (auto r = put(s.name, device, "device"); !r)
		return r;
	if (auto r = put(s.args, args, "setup arguments"); !r)
		return r;
	return ioctl(OBD_IOC_SETUP, &s);
}

Result<void> ObdCtl::cleanup(const std::string &device, bool force)
{
	obd_ioc_name n{};
	if (auto r = put(n.name, device, "device"); !r)
		return r;
	n.force = force ? 1 : 0;
	return ioctl(OBD_IOC_CLEANUP, &n);
}

Result<void> ObdCtl::detach(const std::string &device)
{
	obd_ioc_name n{};
	if (auto r = put(n.name, device, "device"); !r)
		return r;
	return ioctl(OBD_IOC_DETACH, &n);
}

Result<DebugLog> ObdCtl::debug_log(std::uint32_t len, bool clear)
{
	std::vector<char> buf(len);
	obd_ioc_dk dk{};
	dk.buf = reinterpret_cast<std::uintptr_t>(buf.data());
	dk.len = len;
	dk.flags = clear ? OBD_DK_CLEAR : 0;
	if (auto r = ioctl(OBD_IOC_DK, &dk); !r)
		return r.error();
	const std::uint32_t n = std::min(dk.out_len, len);
	return DebugLog{std::string(buf.data(), n), dk.lost};
}

Result<EchoResult> ObdCtl::echo_test(const std::string &device, const EchoParams &p)
{
	obd_ioc_echo e{};
	if (auto r = put(e.name, device, "device"); !r)
		return r.error();
	e.op = p.op == EchoOp::Write ? ECHO_OP_WRITE : p.op == EchoOp::Read ? ECHO_OP_READ : ECHO_OP_PING;
	e.flags = (p.verify ? ECHO_FL_VERIFY : 0) | (p.checksum ? ECHO_FL_CKSUM : 0) |
	          (p.fail_cksum ? ECHO_FL_FAIL_CKSUM : 0);
	e.cksum_type = p.checksum ? p.cksum_type : 0;
	e.size = p.op == EchoOp::Ping ? 0 : p.size;
	e.concurrency = p.concurrency;
	e.count = p.count;
	e.oid = p.oid;
	e.offset = p.offset;
	if (auto r = ioctl(OBD_IOC_ECHO_TEST, &e); !r)
		return r.error();
	EchoResult res;
	res.done = e.done;
	res.errors = e.errors;
	res.first_error = e.first_error < 0 ? -e.first_error : e.first_error;
	res.bytes = e.bytes;
	res.usec = e.usec;
	res.lat_min_us = e.lat_min_us;
	res.lat_avg_us = e.lat_avg_us;
	res.lat_max_us = e.lat_max_us;
	return res;
}

Result<void> ObdCtl::echo_md(const std::string &device, EchoMdCmd cmd, EchoObject &o)
{
	obd_ioc_echo_md m{};
	if (auto r = put(m.name, device, "device"); !r)
		return r;
	m.cmd = static_cast<std::uint32_t>(cmd);
	m.oid = o.oid;
	m.valid = o.valid;
	m.size = o.size;
	m.mtime = o.mtime;
	m.atime = o.atime;
	m.ctime = o.ctime;
	m.mode = o.mode;
	m.uid = o.uid;
	m.gid = o.gid;
	m.projid = o.projid;
	if (auto r = ioctl(OBD_IOC_ECHO_MD, &m); !r)
		return r;
	o = EchoObject{m.oid,   m.valid, m.size, m.blocks, m.mtime, m.atime,
	               m.ctime, m.mode,  m.uid,  m.gid,    m.projid};
	return {};
}

Result<EchoStatfs> ObdCtl::echo_statfs(const std::string &device)
{
	obd_ioc_echo_md m{};
	if (auto r = put(m.name, device, "device"); !r)
		return r.error();
	m.cmd = ECHO_MD_STATFS;
	if (auto r = ioctl(OBD_IOC_ECHO_MD, &m); !r)
		return r.error();
	return EchoStatfs{m.os_blocks, m.os_bfree,    m.os_bavail, m.os_files,
	                  m.os_ffree,  m.os_maxbytes, m.os_bsize,  m.os_namelen};
}

Result<LockGrant> ObdCtl::echo_lock(const std::string &device, const LockParams &p)
{
	obd_ioc_echo_lock l{};
	if (auto r = put(l.name, device, "device"); !r)
		return r.error();
	l.op = ECHO_LOCK_ENQUEUE;
	l.mode = static_cast<std::uint32_t>(p.mode);
	l.oid = p.oid;
	l.start = p.start;
	l.end = p.end;
	if (auto r = ioctl(OBD_IOC_ECHO_LOCK, &l); !r)
		return r.error();
	return LockGrant{l.cookie, p.mode, l.granted_start, l.granted_end, l.wait_usec};
}

Result<void> ObdCtl::echo_unlock(const std::string &device, std::uint64_t cookie)
{
	obd_ioc_echo_lock l{};
	if (auto r = put(l.name, device, "device"); !r)
		return r;
	l.op = ECHO_LOCK_CANCEL;
	l.cookie = cookie;
	return ioctl(OBD_IOC_ECHO_LOCK, &l);
}

} // namespace lctl
