// SPDX-License-Identifier: GPL-2.0
// An LNet configuration file (/etc/lnet.conf, what 'lnetctl export' prints) as
// Lustre's lnetctl reads it, checked whole into the networks to configure.
//
//   net:
//       - net type: tcp                  required; tcp, tcp1, o2ib0 ...
//         local NI(s):                   optional list of NIs
//           - interfaces:                index: name, index 0..15
//                 0: eth0
//             tunables:                  peer_timeout, peer_credits,
//                 credits: 256           peer_buffer_credits, credits
//
// What the kernel reports rather than configures (nid, status, statistics
// ...) is read past, so a plain 'lnetctl export' imports too.  The loopback
// net is implicit and skipped.  Lustre keys and sections Nacre does not
// support yet become warnings; anything else is an error naming its line,
// and an error anywhere rejects the whole file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"
#include "util/value.hpp"

namespace lnetctl {

struct NetConf {
	std::string net; // as the kernel prints it: "tcp" for tcp0
	std::size_t line = 0;
	std::vector<std::string> ifaces; // in index order, all NIs together
	std::vector<std::pair<std::string, std::uint32_t>> tunables;
};

struct LnetConf {
	std::vector<NetConf> nets;         // in file order, lo left out
	std::vector<std::string> warnings; // one sentence each, no prefix
};

// The tree util::read_yaml made of the file.  Errors are
// Error{EINVAL, "line N: ..."}.
util::Result<LnetConf> lnet_conf(const util::Value &root);

} // namespace lnetctl
