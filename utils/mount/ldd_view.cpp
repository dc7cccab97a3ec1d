// SPDX-License-Identifier: GPL-2.0
// The printed form of CONFIGS/mountdata (ldd_view.hpp).
#include "ldd_view.hpp"

#include <cstdio>

namespace tgt {

void describe_ldd(util::Printer &p, const char *title, const nacre_ldd &ldd)
{
	char flags[128];
	char hex[16];

	p.text("\n   ");
	p.text(title);
	p.text(":\n");
	p.text("Target:     ");
	p.field("target", ldd.svname);
	p.text("\nIndex:      ");
	if (ldd.svindex == LDD_INDEX_UNASSIGNED)
		p.field("index", "unassigned");
	else
		p.field("index", ldd.svindex);
	if (ldd.uuid[0]) {
		p.text("\nUUID:       ");
		p.field("uuid", ldd.uuid);
	}
	p.text("\nLustre FS:  ");
	p.field("fsname", ldd.fsname);
	p.text("\nMount type: ");
	p.field("mount_type", ldd_mount_type_name(ldd.mount_type));
	std::snprintf(hex, sizeof(hex), "0x%x", ldd.flags);
	p.text("\nFlags:      ");
	p.field("flags", ldd.flags, hex);
	if (ldd_flags_text(ldd.flags, flags, sizeof(flags)) < 0)
		flags[0] = '\0';
	p.text("\n              (");
	p.text(flags);
	p.text(")\nPersistent mount opts: ");
	p.field("mount_opts", ldd.mount_opts);
	p.text("\nParameters:");
	p.field("params", ldd.params);
	p.text("\n");
	if (ldd.userdata[0]) {
		p.text("Comment: ");
		p.field("comment", ldd.userdata);
		p.text("\n");
	}
	p.text("\n");
}

std::string ldd_text(const char *title, const nacre_ldd &ldd)
{
	util::Printer p(util::Format::Text);
	describe_ldd(p, title, ldd);
	return p.str();
}

} // namespace tgt
