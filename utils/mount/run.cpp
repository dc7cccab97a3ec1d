// SPDX-License-Identifier: GPL-2.0
// Child processes for the e2fsprogs commands (run.hpp).
#include "run.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fd.hpp"

namespace tgt {

using util::Error;
using util::Fd;
using util::Result;

namespace {

std::vector<char *> c_argv(const std::vector<std::string> &argv)
{
	std::vector<char *> v;
	for (const std::string &a : argv)
		v.push_back(const_cast<char *>(a.c_str()));
	v.push_back(nullptr);
	return v;
}

int wait_status(pid_t pid)
{
	int st = 0;
	while (::waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

// Both pipes read to their ends together, so that neither fills and blocks
// the child.
void drain(int out_fd, int err_fd, std::string &out, std::string &err)
{
	pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	std::string *dst[2] = {&out, &err};
	int open = 2;
	char buf[65536];
	while (open > 0) {
		if (::poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
			if (n > 0) {
				dst[i]->append(buf, static_cast<std::size_t>(n));
			} else if (n == 0 || errno != EINTR) {
				fds[i].fd = -1;
				open--;
			}
		}
	}
}

} // namespace

std::string command_line(const std::vector<std::string> &argv)
{
	std::string s;
	for (const std::string &a : argv) {
		if (!s.empty())
			s += ' ';
		s += a;
	}
	return s;
}

Result<RunOutput> run_capture(const std::vector<std::string> &argv)
{
	int out[2], err[2];
	if (::pipe2(out, O_CLOEXEC) < 0)
		return Error::from_errno(errno);
	Fd out_r(out[0]), out_w(out[1]);
	if (::pipe2(err, O_CLOEXEC) < 0)
		return Error::from_errno(errno);
	Fd err_r(err[0]), err_w(err[1]);
	auto args = c_argv(argv);
	pid_t pid = ::fork();
	if (pid < 0)
		return Error::from_errno(errno);
	if (pid == 0) {
		int null = ::open("/dev/null", O_RDONLY);
		if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(out_w.get(), 1) < 0 ||
		    ::dup2(err_w.get(), 2) < 0)
			::_exit(127);
		::execvp(args[0], args.data());
		::_exit(127);
	}
	out_w.reset();
	err_w.reset();
	RunOutput r;
	drain(out_r.get(), err_r.get(), r.out, r.err);
	r.status = wait_status(pid);
	if (r.status == 127 && r.out.empty() && r.err.empty())
		return Error{ENOENT, "cannot run " + argv[0] + " (is e2fsprogs installed?)"};
	return r;
}

Result<void> run(const std::vector<std::string> &argv)
{
	// What we printed comes before what the command prints.
	std::cout.flush();
	std::cerr.flush();
	auto args = c_argv(argv);
	pid_t pid = ::fork();
	if (pid < 0)
		return Error::from_errno(errno);
	if (pid == 0) {
		::execvp(args[0], args.data());
		::_exit(127);
	}
	int st = wait_status(pid);
	if (st == 127)
		return Error{ENOENT, "cannot run " + argv[0] + " (is e2fsprogs installed?)"};
	if (st != 0)
		return Error{EIO, argv[0] + " failed (exit status " + std::to_string(st) + ")"};
	return {};
}

} // namespace tgt
