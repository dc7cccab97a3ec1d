// SPDX-License-Identifier: GPL-2.0
// Shared by the lnet.conf unit tests: what "lnetctl import" does with a
// document before any netlink (read the YAML, check and turn it into
// operations), and the checks the case tables run.  Include after cmocka.h.
#pragma once

#include <cerrno>
#include <string>

#include "conf.hpp"
#include "util/result.hpp"
#include "util/yaml_read.hpp"

inline util::Result<lnetctl::LnetConf> parse_conf(const std::string &yaml)
{
	auto tree = util::read_yaml(yaml);
	if (!tree)
		return tree.error();
	return lnetctl::lnet_conf(*tree);
}

// The document is accepted: what `render` makes of it.
template <typename Render>
std::string accepted(const std::string &yaml, Render render)
{
	auto conf = parse_conf(yaml);
	if (!conf)
		fail_msg("rejected: %s", conf.error().message.c_str());
	return render(*conf);
}

// The document is refused (EINVAL) with exactly `message`.
template <typename Render>
void assert_refused(const char *yaml, const char *message, Render render)
{
	print_message("'%s'\n", yaml);
	auto conf = parse_conf(yaml);
	if (conf)
		fail_msg("accepted as '%s'", render(*conf).c_str());
	assert_int_equal(conf.error().code, EINVAL);
	assert_string_equal(conf.error().message.c_str(), message);
}
