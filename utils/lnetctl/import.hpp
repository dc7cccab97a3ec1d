// SPDX-License-Identifier: GPL-2.0
// What 'lnetctl import' does with a checked configuration (conf.hpp) on a node
// whose networks are `running` (a NET_GET dump): pure decisions, so they are
// unit-tested without a kernel; main.cpp carries them out.
//
// Adding is idempotent, as a boot-time 'lnetctl import /etc/lnet.conf' must
// be: a net that is already up on the same interfaces is skipped with a note;
// one that is up on other interfaces is left alone and reported as an error
// (LNet cannot change a net's interfaces in place).  Deleting skips, with a
// note, a net that is not configured.
#pragma once

#include <string>
#include <vector>

#include "conf.hpp"
#include "model.hpp"

namespace lnetctl {

struct ImportStep {
	enum class Kind {
		Add,      // NET_ADD net with its interfaces
		Del,      // NET_DEL net
		Skip,     // nothing to do; `note` says why
		Conflict, // not applied; `note` says why; the import fails
	};
	Kind kind;
	const NetConf *net;
	std::string note; // for Skip and Conflict, without "lnetctl import: "
};

std::vector<ImportStep> import_steps(const LnetConf &conf, const std::vector<NiInfo> &running, bool del);

// Tunables the file asks for that the kernel does not have (it cannot set
// them yet): one warning each.  `running` is the state after the import.
std::vector<std::string> tunable_differences(const LnetConf &conf, const std::vector<NiInfo> &running);

} // namespace lnetctl
