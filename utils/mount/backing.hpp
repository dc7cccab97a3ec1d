// SPDX-License-Identifier: GPL-2.0
// The ext4 under a target, from user space: the mke2fs command that makes
// it, reading CONFIGS/mountdata without mounting (debugfs), and a private
// mount (a mount namespace of our own, a loop device for an image) to write
// CONFIGS/mountdata and the /NACRE directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device.hpp"
#include "util/result.hpp"

extern "C" {
#include <nacre/ldd.h>
}

namespace tgt {

// What mkfs.lustre writes beside CONFIGS/mountdata: /NACRE (0700) holding
// VERSION, one line naming the layout.  Layout 0 is "mountdata only": the
// backing-store module creates the rest of /NACRE at the first mount.
inline constexpr const char *nacre_dir = "NACRE";
inline constexpr const char *nacre_version_file = "NACRE/VERSION";
inline constexpr const char *nacre_version_text = "nacre layout 0\n";

// mke2fs's arguments for a target: ext4 with 4 KiB blocks, 512-byte inodes
// (room for xattrs in the inode), no reserved blocks, large directories,
// inode tables and journal written now; a metadata target gets an inode per
// 2 KiB.  @extra are --mkfsoptions' words (they come after ours, so they
// win).  @kb limits the size (0: the whole device).
struct Mke2fs {
	std::vector<std::string> options; // what Lustre prints as "options"
	std::vector<std::string> argv;    // mke2fs -t ext4 -b 4096 -L NAME OPTIONS DEVICE [KBk]
};
Mke2fs mke2fs_command(const nacre_ldd &ldd, const std::string &device, std::uint64_t kb,
                      const std::vector<std::string> &extra);

// The bytes of CONFIGS/mountdata on the device, read-only through debugfs;
// nullopt when the device holds no ext4 or the file is not there.
util::Result<std::optional<std::string>> probe_mountdata(const std::string &device);

// The ext4 mounted where only this process sees it; unmounted (and the loop
// device released) by unmount() or, as a fallback, the destructor.
class PrivateMount {
public:
	static util::Result<PrivateMount> mount(const Device &d);
	PrivateMount(PrivateMount &&o) noexcept;
	PrivateMount &operator=(PrivateMount &&) = delete;
	~PrivateMount();

	const std::string &dir() const { return dir_; }
	// Unmounts, then makes an image's blocks durable (fsync of the file).
	util::Result<void> unmount();

private:
	PrivateMount() = default;
	std::string dir_;
	std::string image_; // the regular file under the loop device, if any
	bool mounted_ = false;
};

// Writes @bytes as @rel (under @root) durably: a temporary file, fsync,
// rename over the old one, fsync of the directory.
util::Result<void> write_file(const std::string &root, const std::string &rel, const void *bytes,
                              std::size_t len, unsigned mode);

// CONFIGS/ (0755) with mountdata, for mkfs and tunefs.
util::Result<void> write_mountdata(const std::string &root, const nacre_ldd &ldd);

// mkfs's /NACRE skeleton (layout 0, see above).
util::Result<void> write_nacre_dir(const std::string &root);

} // namespace tgt
