// SPDX-License-Identifier: GPL-2.0
// A fake parameter tree for lctl's unit tests: two roots (standing for
// /sys/fs/lustre and /sys/kernel/debug/lustre) in a temporary directory,
// removed with the object.  Include after cmocka.h.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

class FakeTree {
public:
	FakeTree()
	{
		char tmpl[] = "/tmp/lctl-unit-XXXXXX";
		if (!::mkdtemp(tmpl))
			fail_msg("mkdtemp failed");
		base_ = tmpl;
		std::filesystem::create_directories(root(0));
		std::filesystem::create_directories(root(1));
	}
	~FakeTree()
	{
		std::error_code ec;
		std::filesystem::remove_all(base_, ec);
	}
	FakeTree(const FakeTree &) = delete;
	FakeTree &operator=(const FakeTree &) = delete;

	std::string root(int i) const { return base_ + (i ? "/debugfs" : "/sysfs"); }
	std::vector<std::string> roots() const { return {root(0), root(1)}; }
	std::string base() const { return base_; }

	// A file `rel` under root `r` (its directories made), with `mode`.
	void file(int r, const std::string &rel, const std::string &content, mode_t mode = 0644) const
	{
		const std::string path = root(r) + "/" + rel;
		std::filesystem::create_directories(std::filesystem::path(path).parent_path());
		std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
		::chmod(path.c_str(), mode);
	}
	void dir(int r, const std::string &rel) const
	{
		std::filesystem::create_directories(root(r) + "/" + rel);
	}
	void link(int r, const std::string &rel, const std::string &target) const
	{
		std::filesystem::create_symlink(target, root(r) + "/" + rel);
	}
	std::string read(int r, const std::string &rel) const
	{
		std::ifstream in(root(r) + "/" + rel, std::ios::binary);
		return std::string(std::istreambuf_iterator<char>(in), {});
	}

	// Lustre-like content: sysfs (root 0) and debugfs (root 1) parts of the
	// same objects, dotted directory names, a multi-line value, an empty
	// and a write-only file, a symbolic link.
	void populate() const
	{
		file(0, "version", "2.16.0-nacre\n", 0444);
		file(0, "ldlm/namespaces/ns1/lru_size", "100\n");
		file(0, "ldlm/namespaces/ns2/lru_size", "200\n");
		file(0, "ldlm/namespaces/ns2/lru_max_age", "3900000\n");
		file(0, "ldlm/namespaces/ns2/clear", "", 0200);
		file(0, "obdecho/echo.1/uuid", "echo.1_UUID\n", 0444);
		file(0, "mgc/MGC10.0.0.1@tcp/import", "import:\n    name: MGC10.0.0.1@tcp\n    state: FULL\n",
		     0444);
		file(0, "empty", "", 0444);
		file(0, "no_newline", "42", 0444);
		file(0, ".hidden", "1\n", 0444);
		link(0, "dlm", "ldlm");
		file(1, "ldlm/namespaces/ns1/pool/stats",
		     "granted 1 samples [locks]\ngrant_rate 2 samples [locks/s]\n", 0444);
		file(1, "debug", "net neterror\n");
	}

private:
	std::string base_;
};
