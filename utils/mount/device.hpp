// SPDX-License-Identifier: GPL-2.0
// The target's device: a block device or a regular file (an image, set up
// on a loop device to mount it), its size, and whether something uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>

#include "util/result.hpp"

namespace tgt {

struct Device {
	std::string path;
	bool regular = false; // a regular file, not a block device
	dev_t rdev = 0;       // block device number
	dev_t fs_dev = 0;     // a regular file's st_dev and st_ino
	ino_t ino = 0;
	std::uint64_t bytes = 0; // size
};

// Opens nothing: stats the path.  With @size_kb a regular file is created
// or resized to that many KiB first (--device-size), as Lustre does.
util::Result<Device> find_device(const std::string &path, std::optional<std::uint64_t> size_kb);

// EBUSY with what uses it: mounted (and where), a loop device over the
// file, or held open exclusively (a running target, a RAID or LVM member).
util::Result<void> check_not_in_use(const Device &d);

} // namespace tgt
