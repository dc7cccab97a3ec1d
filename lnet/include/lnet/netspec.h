/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "networks" syntax: which LNet networks to bring up on which
 * interfaces, as in `options lnet networks="tcp0(eth1),o2ib(ib0)"`.
 *
 *   networks := net { sep net }       sep := ',' | white space
 *   net      := NETNAME [ '(' IFNAME { ',' IFNAME } ')' ]
 *
 * A net without interfaces means "the first suitable interface".  The
 * loopback network is implicit and may not be listed; a network may be
 * listed once.  Pure logic (kernel and user space).
 */
#ifndef _LNET_NETSPEC_H
#define _LNET_NETSPEC_H

#include <linux/types.h>

#define LNET_NETSPEC_MAX_NETS	16
#define LNET_NETSPEC_MAX_IFACES	16	/* per network (LNET_INTERFACES_NUM) */
#define LNET_IFNAME_SIZE	16	/* IFNAMSIZ */

struct lnet_netspec {
	__u32 net;			/* LNET_MKNET() form */
	unsigned int nifaces;
	char ifaces[LNET_NETSPEC_MAX_IFACES][LNET_IFNAME_SIZE];
};

/**
 * lnet_networks_parse() - parse a networks string.
 * @s:     NUL-terminated text
 * @specs: room for @max entries (caller-allocated: they are large)
 * @max:   at most LNET_NETSPEC_MAX_NETS is useful
 * @count: number of entries filled on success
 * @why:   on error, a static sentence naming the fault (may be NULL)
 *
 * Return: 0, -EINVAL for malformed text, -E2BIG for more than @max networks.
 */
int lnet_networks_parse(const char *s, struct lnet_netspec *specs, unsigned int max,
			unsigned int *count, const char **why);

#endif /* _LNET_NETSPEC_H */
