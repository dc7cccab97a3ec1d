// SPDX-License-Identifier: GPL-2.0
// /dev/obd, the device registry of obdclass.ko, through its ioctls
// (<linux/lustre/lustre_ioctl.h>).  Devices are named by name or decimal
// index, as the kernel accepts either.  Errors are Error{errno, strerror}.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <signal.h>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <nacre/lustre_dlm_wire.h>
}

#include "util/fd.hpp"
#include "util/result.hpp"

namespace lctl {

using util::Fd;

struct DeviceInfo {
	std::uint32_t index = 0;
	std::string state; // "AT" attached, "UP" set up, "ST" stopping
	std::string type;
	std::string name;
	std::string uuid;
	std::uint32_t refcount = 0;
};

enum class EchoOp { Ping, Write, Read };

struct EchoParams {
	EchoOp op = EchoOp::Ping;
	std::uint32_t size = 1U << 20; // bytes of bulk per RPC (write, read)
	std::uint64_t count = 100;     // RPCs
	std::uint32_t concurrency = 1; // RPCs in flight
	std::uint64_t oid = 1;
	std::uint64_t offset = 0;
	bool verify = false;
	bool checksum = false;
	std::uint32_t cksum_type = 0; // one OBD_CKSUM_* bit; 0: the best one granted
	bool fail_cksum = false;      // first send of each write with a wrong checksum
};

// An object RPC through an echo_client (OBD_IOC_ECHO_MD).
enum class EchoMdCmd : std::uint32_t { Create = 0, Destroy = 1, Getattr = 2, Setattr = 3, Statfs = 4 };

// The attributes of an echo object; `valid` has the OBD_MD_* bits that are
// set (asked for by setattr, returned by getattr).
struct EchoObject {
	std::uint64_t oid = 0;
	std::uint64_t valid = 0;
	std::uint64_t size = 0;
	std::uint64_t blocks = 0;
	std::int64_t mtime = 0;
	std::int64_t atime = 0;
	std::int64_t ctime = 0;
	std::uint32_t mode = 0;
	std::uint32_t uid = 0;
	std::uint32_t gid = 0;
	std::uint32_t projid = 0;
};

struct EchoStatfs {
	std::uint64_t blocks = 0, bfree = 0, bavail = 0, files = 0, ffree = 0, maxbytes = 0;
	std::uint32_t bsize = 0, namelen = 0;
};

struct EchoResult {
	std::uint64_t done = 0;
	std::uint64_t errors = 0;
	int first_error = 0; // positive errno, 0 if none
	std::uint64_t bytes = 0;
	std::uint64_t usec = 0;
	std::uint64_t lat_min_us = 0;
	std::uint64_t lat_avg_us = 0;
	std::uint64_t lat_max_us = 0;
};

// Lustre's lock modes, with their LCK_* values (OBD_IOC_ECHO_LOCK's @mode).
enum class LockMode : std::uint32_t { EX = LCK_EX, PW = LCK_PW, PR = LCK_PR, CW = LCK_CW, CR = LCK_CR };

// "EX", "PW", ...; "??" for a value that is none of them.
const char *lock_mode_name(LockMode m);
// The mode a name stands for, upper or lower case; nullopt if none.
std::optional<LockMode> lock_mode(std::string_view name);

// The end of an extent that runs to the end of the object (Lustre's
// OBD_OBJECT_EOF); extents are inclusive, [start, end].
constexpr std::uint64_t extent_eof = LDLM_EOF;

// An extent lock to take on an echo object.
struct LockParams {
	LockMode mode = LockMode::PR;
	std::uint64_t oid = 1;
	std::uint64_t start = 0;
	std::uint64_t end = extent_eof;
};

// A granted lock: its handle's cookie, the extent the server granted (it
// may grow the one asked for) and how long the grant took.
struct LockGrant {
	std::uint64_t cookie = 0;
	LockMode mode = LockMode::PR;
	std::uint64_t start = 0;
	std::uint64_t end = extent_eof;
	std::uint64_t wait_usec = 0;
};

struct DebugLog {
	std::string text;
	std::uint32_t lost = 0; // lines overwritten since the last clear
};

class ObdCtl {
public:
	static util::Result<ObdCtl> open(const std::string &path);

	// The device with the smallest index >= `from`, nullopt past the last.
	util::Result<std::optional<DeviceInfo>> device_get(std::uint32_t from);
	util::Result<std::vector<DeviceInfo>> devices();

	util::Result<void> attach(const std::string &type, const std::string &name, const std::string &uuid);
	util::Result<void> setup(const std::string &device, const std::string &args);
	util::Result<void> cleanup(const std::string &device, bool force);
	util::Result<void> detach(const std::string &device);
	// The kernel debug log in a buffer of `len` bytes; `clear` empties it.
	util::Result<DebugLog> debug_log(std::uint32_t len, bool clear);
	util::Result<EchoResult> echo_test(const std::string &device, const EchoParams &p);
	// Takes a lock through the device (an echo_client): blocks until it is
	// granted, which can take as long as a conflicting lock's holder keeps
	// it; a signal whose handler does not restart system calls makes it
	// fail with EINTR.  The lock stays held, by the device, until
	// echo_unlock or the device's cleanup.
	util::Result<LockGrant> echo_lock(const std::string &device, const LockParams &p);
	util::Result<void> echo_unlock(const std::string &device, std::uint64_t cookie);
	// One object RPC: `o` in (the object, setattr's attributes) and out.
	util::Result<void> echo_md(const std::string &device, EchoMdCmd cmd, EchoObject &o);
	util::Result<EchoStatfs> echo_statfs(const std::string &device);

private:
	explicit ObdCtl(Fd fd) : fd_(std::move(fd)) {}
	util::Result<void> ioctl(unsigned long cmd, void *arg);
	Fd fd_;
};

const char *echo_op_name(EchoOp op);

// While it lives, SIGINT (Ctrl-C) interrupts a blocking system call, such as
// echo_lock's ioctl, which then fails with EINTR, instead of ending lctl: a
// handler that does nothing, installed without SA_RESTART.  A SIGINT that
// is ignored (lctl started in the background by a shell) stays ignored.  A
// Ctrl-C that comes before the call has started waiting is lost; the next
// one interrupts it.
class InterruptibleBySigint {
public:
	InterruptibleBySigint();
	~InterruptibleBySigint();
	InterruptibleBySigint(const InterruptibleBySigint &) = delete;
	InterruptibleBySigint &operator=(const InterruptibleBySigint &) = delete;

private:
	struct sigaction old_;
	bool installed_ = false;
};

// The walk of dl: `get(from)` as ObdCtl::device_get.
util::Result<std::vector<DeviceInfo>>
walk_devices(const std::function<util::Result<std::optional<DeviceInfo>>(std::uint32_t from)> &get);

// The buffer debug_kernel asks for: the size of the log, from obdclass's
// dlog_size_kb module parameter (`dlog_size_kb`: that file's text), as the
// kernel copies at most that much and a clearing copy drops what does not
// fit; its largest, 64 MiB, when the text is not a number.
std::uint32_t dk_buffer_size(std::string_view dlog_size_kb);

} // namespace lctl
