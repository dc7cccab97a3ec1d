// SPDX-License-Identifier: GPL-2.0
// The backing ext4 from user space (backing.hpp).
//
// The private mount: unshare(CLONE_NEWNS) and a recursive MS_PRIVATE on /
// keep our ext4 mount out of every other namespace (nothing else sees it or
// can hold it), a mkdtemp directory is its mount point.  An image is put on
// a free loop device (LOOP_CTL_GET_FREE, LOOP_CONFIGURE) with autoclear, so
// the loop device goes away with the mount.
#include "backing.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/loop.h>
#include <memory>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.hpp"
#include "util/fd.hpp"

namespace tgt {

using util::Error;
using util::Fd;
using util::Result;

Mke2fs mke2fs_command(const nacre_ldd &ldd, const std::string &device, std::uint64_t kb,
                      const std::vector<std::string> &extra)
{
	Mke2fs c;
	std::vector<std::string> &o = c.options;
	o = {"-m", "0", "-I", "512"};
	if (ldd.flags & LDD_F_SV_TYPE_MDT) {
		o.push_back("-i");
		o.push_back("2048");
	}
	for (const char *w : {"-O", "large_dir", "-E", "lazy_itable_init=0,lazy_journal_init=0"})
		o.push_back(w);
	o.insert(o.end(), extra.begin(), extra.end());
	o.push_back("-q");
	o.push_back("-F");
	c.argv = {"mke2fs", "-t", "ext4", "-b", "4096", "-L", ldd.svname};
	c.argv.insert(c.argv.end(), o.begin(), o.end());
	c.argv.push_back(device);
	if (kb)
		c.argv.push_back(std::to_string(kb) + "k");
	return c;
}

Result<std::optional<std::string>> probe_mountdata(const std::string &device)
{
	// -c: catastrophic mode, opens the device read-only without the bitmaps.
	auto r = run_capture({"debugfs", "-c", "-R", "cat /" MOUNT_DATA_FILE, device});
	if (!r)
		return r.error();
	if (r->err.find("Permission denied") != std::string::npos)
		return Error{EACCES, "cannot read " + device + ": permission denied (run as root)"};
	if (r->err.find("while trying to open") != std::string::npos ||
	    r->err.find("not found by ext2_lookup") != std::string::npos)
		return std::optional<std::string>();
	if (r->status != 0)
		return Error{EIO, "debugfs could not read " + device + ": " + r->err};
	return std::optional<std::string>(std::move(r->out));
}

namespace {

Result<void> private_namespace()
{
	static bool done = false;
	if (done)
		return {};
	if (::unshare(CLONE_NEWNS) < 0)
		return Error{errno, std::string("cannot make a private mount namespace: ") +
		                            std::strerror(errno) + (errno == EPERM ? " (run as root)" : "")};
	if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0)
		return Error{errno, std::string("cannot make / private: ") + std::strerror(errno)};
	done = true;
	return {};
}

struct Loop {
	std::string path;
	Fd fd; // held until the mount holds the device
};

// A free loop device over @image, released when its last user (the mount)
// lets go.  Another program may take the free device first: try again.
Result<Loop> attach_loop(const std::string &image)
{
	Fd ctl(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
	if (!ctl && errno == ENOENT) {
		// No static device node (a minimal system): load the driver.
		(void)run_capture({"modprobe", "-q", "loop"});
		ctl = Fd(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
	}
	if (!ctl)
		return Error{errno, std::string("/dev/loop-control: ") + std::strerror(errno)};
	Fd file(::open(image.c_str(), O_RDWR | O_CLOEXEC));
	if (!file)
		return Error{errno, image + ": " + std::strerror(errno)};
	for (int attempt = 0; attempt < 8; attempt++) {
		int n = ::ioctl(ctl.get(), LOOP_CTL_GET_FREE);
		if (n < 0)
			return Error{errno, std::string("no free loop device: ") + std::strerror(errno)};
		std::string path = "/dev/loop" + std::to_string(n);
		Fd loop(::open(path.c_str(), O_RDWR | O_CLOEXEC));
		if (!loop)
			return Error{errno, path + ": " + std::strerror(errno)};
		loop_config cfg{};
		cfg.fd = static_cast<__u32>(file.get());
		cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR;
		std::strncpy(reinterpret_cast<char *>(cfg.info.lo_file_name), image.c_str(),
		             LO_NAME_SIZE - 1);
		if (::ioctl(loop.get(), LOOP_CONFIGURE, &cfg) == 0)
			return Loop{path, std::move(loop)};
		if (errno != EBUSY)
			return Error{errno, path + ": LOOP_CONFIGURE: " + std::strerror(errno)};
	}
	return Error{EBUSY, "every free loop device was taken by someone else"};
}

} // namespace

Result<PrivateMount> PrivateMount::mount(const Device &d)
{
	auto ns = private_namespace();
	if (!ns)
		return ns.error();
	PrivateMount m;
	char tmpl[] = "/tmp/nacre-target.XXXXXX";
	if (!::mkdtemp(tmpl))
		return Error{errno, std::string("mkdtemp: ") + std::strerror(errno)};
	m.dir_ = tmpl;
	std::string source = d.path;
	Loop loop;
	if (d.regular) {
		auto l = attach_loop(d.path);
		if (!l)
			return l.error();
		loop = std::move(*l);
		source = loop.path;
		m.image_ = d.path;
	}
	if (::mount(source.c_str(), m.dir_.c_str(), "ext4", MS_NOATIME, "") < 0)
		return Error{errno, "cannot mount " + d.path + " (ext4): " + std::strerror(errno)};
	m.mounted_ = true;
	return m;
}

PrivateMount::PrivateMount(PrivateMount &&o) noexcept
    : dir_(std::move(o.dir_)), image_(std::move(o.image_)), mounted_(std::exchange(o.mounted_, false))
{
	o.dir_.clear();
}

PrivateMount::~PrivateMount()
{
	if (mounted_)
		::umount2(dir_.c_str(), 0);
	if (!dir_.empty())
		::rmdir(dir_.c_str());
}

Result<void> PrivateMount::unmount()
{
	if (mounted_) {
		if (::umount2(dir_.c_str(), 0) < 0)
			return Error{errno, "cannot unmount " + dir_ + ": " + std::strerror(errno)};
		mounted_ = false;
	}
	if (!image_.empty()) {
		Fd f(::open(image_.c_str(), O_RDONLY | O_CLOEXEC));
		if (!f || ::fsync(f.get()) < 0)
			return Error{errno, "fsync " + image_ + ": " + std::strerror(errno)};
	}
	return {};
}

Result<void> write_file(const std::string &root, const std::string &rel, const void *bytes, std::size_t len,
                        unsigned mode)
{
	const std::string path = root + "/" + rel;
	const std::string tmp = path + ".tmp";
	Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
	if (!fd)
		return Error{errno, tmp + ": " + std::strerror(errno)};
	const char *p = static_cast<const char *>(bytes);
	while (len > 0) {
		ssize_t n = ::write(fd.get(), p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return Error{errno ? errno : EIO, "write " + rel + ": " + std::strerror(errno)};
		p += n;
		len -= static_cast<std::size_t>(n);
	}
	if (::fsync(fd.get()) < 0)
		return Error{errno, "fsync " + rel + ": " + std::strerror(errno)};
	fd.reset();
	if (::rename(tmp.c_str(), path.c_str()) < 0)
		return Error{errno, "rename " + rel + ": " + std::strerror(errno)};
	const std::string parent = path.substr(0, path.rfind('/'));
	Fd dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (!dir || ::fsync(dir.get()) < 0)
		return Error{errno, "fsync " + parent + ": " + std::strerror(errno)};
	return {};
}

namespace {

Result<void> make_dir(const std::string &path, unsigned mode)
{
	if (::mkdir(path.c_str(), mode) < 0 && errno != EEXIST)
		return Error{errno, "mkdir " + path + ": " + std::strerror(errno)};
	return {};
}

} // namespace

Result<void> write_mountdata(const std::string &root, const nacre_ldd &ldd)
{
	auto d = make_dir(root + "/" MOUNT_CONFIGS_DIR, 0755);
	if (!d)
		return d;
	auto buf = std::make_unique<lustre_disk_data>();
	ldd_error err{};
	if (ldd_encode(&ldd, buf.get(), &err) != 0)
		return Error{EINVAL, "offset " + std::to_string(err.offset) + ": " + err.why};
	return write_file(root, MOUNT_DATA_FILE, buf.get(), sizeof(*buf), 0644);
}

Result<void> write_nacre_dir(const std::string &root)
{
	auto d = make_dir(root + "/" + nacre_dir, 0700);
	if (!d)
		return d;
	return write_file(root, nacre_version_file, nacre_version_text, std::strlen(nacre_version_text),
	                  0600);
}

} // namespace tgt
