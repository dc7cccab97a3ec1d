// SPDX-License-Identifier: GPL-2.0
/* lctl's /dev/obd logic without a kernel: dl's walk of OBD_IOC_DEVICE_GET,
 * the buffer dk gives OBD_IOC_DK (the log's size), what the commands report
 * when /dev/obd is not the device (ENOTTY) or a name does not fit, and the
 * SIGINT handling that lets Ctrl-C end echo_lock's wait. */
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <pthread.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "obd.hpp"
#include "session.hpp"

/* Last: cmocka.h defines macros (fail) that clash with C++ headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

#include "lctl_tree.hpp"

using lctl::DeviceInfo;
using util::Error;
using util::Result;

/* ---- dl's walk ----------------------------------------------------------- */

/* The registry: the device with the smallest index >= from. */
static Result<std::optional<DeviceInfo>> registry(const std::map<uint32_t, std::string> &devs, uint32_t from)
{
	auto it = devs.lower_bound(from);
	if (it == devs.end())
		return std::optional<DeviceInfo>();
	return std::optional<DeviceInfo>(
	        DeviceInfo{it->first, "UP", "echo", it->second, it->second + "_UUID", 1});
}

static std::string names(const Result<std::vector<DeviceInfo>> &r)
{
	if (!r)
		return "!" + r.error().message;
	std::string out;
	for (const auto &d : *r)
		out += std::to_string(d.index) + ":" + d.name + " ";
	return out;
}

static void test_walk_devices(void **)
{
	std::map<uint32_t, std::string> holes = {{0, "a"}, {2, "b"}, {5, "c"}};
	std::map<uint32_t, std::string> last = {{1, "a"}, {UINT32_MAX, "z"}};
	std::vector<uint32_t> asked;

	auto some = lctl::walk_devices([&](uint32_t from) {
		asked.push_back(from);
		return registry(holes, from);
	});
	auto none = lctl::walk_devices([](uint32_t from) { return registry({}, from); });
	auto to_the_end = lctl::walk_devices([&](uint32_t from) { return registry(last, from); });
	auto backwards = lctl::walk_devices([](uint32_t) { return registry({{0, "a"}}, 0); });
	auto broken = lctl::walk_devices(
	        [](uint32_t) -> Result<std::optional<DeviceInfo>> { return Error::from_errno(ENOTTY); });

	assert_string_equal(names(some).c_str(), "0:a 2:b 5:c ");
	assert_true(asked == std::vector<uint32_t>({0, 1, 3, 6}));
	assert_string_equal(names(none).c_str(), "");
	assert_string_equal(names(to_the_end).c_str(), "1:a 4294967295:z ");
	assert_string_equal(names(backwards).c_str(), "0:a ");
	assert_string_equal(names(broken).c_str(), "!Inappropriate ioctl for device");
}

/* ---- dk's buffer ------------------------------------------------------- */

struct DkCase {
	const char *dlog_size_kb; /* the module parameter's text */
	uint32_t len;
};

static const DkCase dks[] = {
        {"1024\n", 1U << 20},
        {"64\n", 64U << 10},
        {"65536", 64U << 20},
        /* out of the parameter's range: clamped */
        {"10\n", 64U << 10},
        {"100000\n", 64U << 20},
        /* unreadable or not a number: the largest log */
        {"", 64U << 20},
        {"abc\n", 64U << 20},
        {"12x\n", 64U << 20},
        {"-1\n", 64U << 20},
        {"99999999999\n", 64U << 20},
};

static void test_dk_buffer_size(void **)
{
	for (const auto &c : dks) {
		print_message("'%s'\n", c.dlog_size_kb);

		uint32_t len = lctl::dk_buffer_size(c.dlog_size_kb);

		assert_int_equal(len, c.len);
	}
}

/* ---- /dev/obd that is not the device ------------------------------------ */

struct ObdCase {
	std::vector<std::string> args;
	const char *err;
};

static const std::string long_name(200, 'n');

static const ObdCase obds[] = {
        {{"dl"}, "error: dl: Inappropriate ioctl for device\n"},
        {{"device", "ec"}, "error: device: Inappropriate ioctl for device\n"},
        {{"device", "%0"}, "error: device: Inappropriate ioctl for device\n"},
        {{"--device", "ec", "echo_test"}, "error: echo_test: Inappropriate ioctl for device\n"},
        {{"--device", "ec", "echo_lock", "--mode", "PW"},
         "error: echo_lock: Inappropriate ioctl for device\n"},
        {{"--device", "ec", "echo_unlock", "0x1"}, "error: echo_unlock: Inappropriate ioctl for device\n"},
        {{"cfg_device", "ec"}, ""},
        {{"attach", "echo", "ES"}, "error: attach: Inappropriate ioctl for device\n"},
        {{"attach", "echo", long_name}, "error: attach: name \"nnnnnnnnnn"},
        {{"attach", "echo", "ES", std::string(40, 'u')}, "error: attach: uuid \"uuuu"},
        {{"dk"}, "error: debug_kernel: Inappropriate ioctl for device\n"},
};

static void test_not_the_device(void **)
{
	FakeTree t;
	std::ofstream(t.base() + "/obd") << "not a device\n";

	for (const auto &c : obds) {
		print_message("%s\n", c.args[0].c_str());
		std::ostringstream out, err;
		lctl::Env env;
		env.param_roots = t.roots();
		env.obd_path = t.base() + "/obd";
		env.out = &out;
		env.err = &err;
		lctl::Session s(env);

		auto g = s.globals(c.args);
		int status = g.exit ? *g.exit : s.run(g.command);

		assert_int_equal(status, *c.err ? 1 : 0);
		if (err.str().compare(0, strlen(c.err), c.err) != 0)
			fail_msg("stderr '%s' does not start with '%s'", err.str().c_str(), c.err);
		assert_string_equal(out.str().c_str(), "");
	}
}

static void test_name_limits(void **)
{
	FakeTree t;
	std::ofstream(t.base() + "/obd") << "not a device\n";
	auto ctl = lctl::ObdCtl::open(t.base() + "/obd");
	assert_true(ctl.ok());

	auto fits = ctl->attach("echo", std::string(127, 'n'), std::string(39, 'u'));
	auto name = ctl->attach("echo", std::string(128, 'n'), "");
	auto type = ctl->setup(std::string(128, 'n'), "");
	auto args = ctl->setup("ec", std::string(512, 'a'));

	/* what fits reaches the ioctl, refused by a regular file */
	assert_int_equal(fits.error().code, ENOTTY);
	assert_int_equal(name.error().code, ENAMETOOLONG);
	assert_non_null(strstr(name.error().message.c_str(), "at most 127 characters"));
	assert_int_equal(type.error().code, ENAMETOOLONG);
	assert_int_equal(args.error().code, ENAMETOOLONG);
	assert_non_null(strstr(args.error().message.c_str(), "setup arguments"));
	assert_non_null(strstr(args.error().message.c_str(), "at most 511 characters"));
}

static void test_echo_lock_reaches_the_ioctl(void **)
{
	FakeTree t;
	std::ofstream(t.base() + "/obd") << "not a device\n";
	auto ctl = lctl::ObdCtl::open(t.base() + "/obd");
	assert_true(ctl.ok());
	lctl::LockParams p;

	auto lock = ctl->echo_lock("ec", p);
	auto unlock = ctl->echo_unlock("ec", 0x1a2b3c);
	auto long_lock = ctl->echo_lock(std::string(128, 'n'), p);
	auto long_unlock = ctl->echo_unlock(std::string(128, 'n'), 1);

	assert_int_equal(lock.error().code, ENOTTY);
	assert_int_equal(unlock.error().code, ENOTTY);
	assert_int_equal(long_lock.error().code, ENAMETOOLONG);
	assert_int_equal(long_unlock.error().code, ENAMETOOLONG);
}

/* ---- Ctrl-C during echo_lock's wait -------------------------------------- */

static void test_sigint_interrupts(void **)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	/* as in a shell's foreground (a test run from the background may
	 * have SIGINT ignored, which the guard would keep) */
	struct sigaction dfl = {}, outer, before;
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGINT, &dfl, &outer);
	sigaction(SIGINT, nullptr, &before);
	ssize_t n;
	int err;
	{
		lctl::InterruptibleBySigint guard;
		/* SIGINT while a read waits on an empty pipe, as the ioctl waits
		 * for its grant: the process lives and the call fails with EINTR
		 * (a handler with SA_RESTART would restart it and wait forever) */
		pthread_t main_thread = pthread_self();
		/* again until the read returns: one that came before the read
		 * started waiting is lost, as the guard says */
		std::atomic<bool> returned = false;
		std::thread ctrl_c([main_thread, &returned] {
			while (!returned) {
				std::this_thread::sleep_for(std::chrono::milliseconds(50));
				if (!returned)
					pthread_kill(main_thread, SIGINT);
			}
		});
		char c;
		n = read(fds[0], &c, 1);
		err = errno;
		returned = true;
		ctrl_c.join();
	}
	struct sigaction after;
	sigaction(SIGINT, nullptr, &after);
	sigaction(SIGINT, &outer, nullptr);
	close(fds[0]);
	close(fds[1]);

	assert_int_equal(n, -1);
	assert_int_equal(err, EINTR);
	/* what was there before is back (the flags read back may differ:
	 * glibc adds SA_RESTORER to what it installs) */
	assert_true(after.sa_handler == before.sa_handler);
}

static void test_sigint_ignored_stays_ignored(void **)
{
	struct sigaction ign = {}, old, during, after;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old);
	{
		lctl::InterruptibleBySigint guard;
		sigaction(SIGINT, nullptr, &during);
	}
	sigaction(SIGINT, nullptr, &after);
	sigaction(SIGINT, &old, nullptr);

	assert_true(during.sa_handler == SIG_IGN);
	assert_true(after.sa_handler == SIG_IGN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_walk_devices),
	        cmocka_unit_test(test_dk_buffer_size),
	        cmocka_unit_test(test_not_the_device),
	        cmocka_unit_test(test_name_limits),
	        cmocka_unit_test(test_echo_lock_reaches_the_ioctl),
	        cmocka_unit_test(test_sigint_interrupts),
	        cmocka_unit_test(test_sigint_ignored_stays_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
