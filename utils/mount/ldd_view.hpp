// SPDX-License-Identifier: GPL-2.0
// CONFIGS/mountdata as mkfs.lustre and tunefs.lustre print it: Lustre's
// block, word for word, so that procedures and scripts that read it work:
//
//
//    Permanent disk data:
// Target:     fs00:OST0001
// Index:      1
// Lustre FS:  fs00
// Mount type: ldiskfs
// Flags:      0x62
//               (OST first_time update )
// Persistent mount opts: ,errors=remount-ro
// Parameters: mgsnode=10.0.0.1@tcp
//
// described once to a util::Printer (the same fields as a YAML/JSON tree).
#pragma once

#include <string>

#include "util/print.hpp"

extern "C" {
#include <nacre/ldd.h>
}

namespace tgt {

// The block with its title ("Permanent disk data", "Read previous values").
void describe_ldd(util::Printer &p, const char *title, const nacre_ldd &ldd);
std::string ldd_text(const char *title, const nacre_ldd &ldd);

} // namespace tgt
