// SPDX-License-Identifier: GPL-2.0
// Device checks (device.hpp).  A block device is "in use" when mountinfo
// lists it or an O_EXCL open fails (the kernel holds it: a mount in another
// namespace, an in-kernel target, a device-mapper or md member); a regular
// file when a loop device is backed by it.
#include "device.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/fd.hpp"

namespace tgt {

using util::Error;
using util::Fd;
using util::Result;

namespace {

// Where mountinfo says device @dev is mounted, if anywhere.
std::optional<std::string> mounted_at(dev_t dev)
{
	std::ifstream in("/proc/self/mountinfo");
	std::string line;
	const std::string want = std::to_string(major(dev)) + ":" + std::to_string(minor(dev));
	while (std::getline(in, line)) {
		std::istringstream ws(line);
		std::string id, parent, devno, root, point;
		if (!(ws >> id >> parent >> devno >> root >> point))
			continue;
		if (devno == want)
			return point;
	}
	return std::nullopt;
}

// The loop device backed by this file (by device and inode), if any.
std::optional<std::string> loop_over(const Device &d)
{
	DIR *dir = ::opendir("/sys/block");
	if (!dir)
		return std::nullopt;
	std::optional<std::string> found;
	while (dirent *e = ::readdir(dir)) {
		std::string name = e->d_name;
		if (name.rfind("loop", 0) != 0)
			continue;
		std::ifstream f("/sys/block/" + name + "/loop/backing_file");
		std::string backing;
		if (!std::getline(f, backing))
			continue;
		struct stat st;
		if (::stat(backing.c_str(), &st) == 0 && st.st_dev == d.fs_dev && st.st_ino == d.ino) {
			found = "/dev/" + name;
			break;
		}
	}
	::closedir(dir);
	return found;
}

} // namespace

Result<Device> find_device(const std::string &path, std::optional<std::uint64_t> size_kb)
{
	if (size_kb) {
		struct stat st;
		if (::stat(path.c_str(), &st) < 0 || S_ISREG(st.st_mode)) {
			Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
			if (!fd || ::ftruncate(fd.get(), static_cast<off_t>(*size_kb * 1024)) < 0)
				return Error{errno, "cannot size " + path + " to " +
				                            std::to_string(*size_kb) +
				                            " KB: " + std::strerror(errno)};
		}
	}
	struct stat st;
	if (::stat(path.c_str(), &st) < 0) {
		int e = errno;
		return Error{
		        e, path + ": " + std::strerror(e) +
		                   (e == ENOENT ? " (an image file is created with --device-size=KB)" : "")};
	}
	Device d;
	d.path = path;
	if (S_ISREG(st.st_mode)) {
		d.regular = true;
		d.fs_dev = st.st_dev;
		d.ino = st.st_ino;
		d.bytes = static_cast<std::uint64_t>(st.st_size);
	} else if (S_ISBLK(st.st_mode)) {
		d.rdev = st.st_rdev;
		Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
		off_t end = fd ? ::lseek(fd.get(), 0, SEEK_END) : -1;
		if (end < 0)
			return Error{errno, path + ": " + std::strerror(errno)};
		d.bytes = static_cast<std::uint64_t>(end);
	} else {
		return Error{ENOTBLK, path + " is neither a block device nor a regular file"};
	}
	if (d.bytes == 0)
		return Error{EINVAL, path + " is empty (give its size with --device-size=KB)"};
	return d;
}

Result<void> check_not_in_use(const Device &d)
{
	if (d.regular) {
		if (auto loop = loop_over(d)) {
			struct stat st;
			std::optional<std::string> at;
			if (::stat(loop->c_str(), &st) == 0)
				at = mounted_at(st.st_rdev);
			return Error{EBUSY,
			             d.path + " is in use: attached to " + *loop +
			                     (at ? ", mounted on " + *at : std::string()) +
			                     (at ? " (umount it first)" : " (losetup -d " + *loop + ")")};
		}
		return {};
	}
	if (auto at = mounted_at(d.rdev))
		return Error{EBUSY, d.path + " is mounted on " + *at + " (umount it first)"};
	Fd fd(::open(d.path.c_str(), O_RDONLY | O_EXCL | O_CLOEXEC));
	if (!fd && errno == EBUSY)
		return Error{EBUSY, d.path + " is in use (a mounted target, or a RAID, LVM or other holder)"};
	return {};
}

} // namespace tgt
