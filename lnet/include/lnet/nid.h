/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LNet network identifiers (NIDs) and network numbers.
 *
 * A NID names one end-point: an address on an LNet network, printed
 * "ADDR@NET" ("10.0.0.1@tcp", "fe80::1@tcp1", "0@lo").  A network is an LND
 * type plus a number ("tcp" is tcp0, "o2ib3").  The classic 64-bit NID
 * keeps the network in the high 32 bits (type << 16 | number) and an IPv4
 * address in the low 32; struct lnet_nid is the large form (Lustre 2.15+)
 * that also carries IPv6 addresses, with the address in network byte order.
 *
 * Pure logic: this header and nidstr.c compile in the kernel and, through
 * the unit-test shim, in user space.
 */
#ifndef _LNET_NID_H
#define _LNET_NID_H

#include <linux/types.h>
#include <asm/byteorder.h>

/* LND types: values are on the wire and on disk, never renumber them. */
enum lnet_lnd_type {
	LNET_LND_SOCK = 2,	/* "tcp" */
	LNET_LND_O2IB = 5,	/* "o2ib" */
	LNET_LND_LO = 9,	/* "lo" */
};

#define LNET_NET_ANY		0xffffffffU
#define LNET_NIDNET(nid4)	((__u32)((nid4) >> 32))
#define LNET_NIDADDR(nid4)	((__u32)((nid4) & 0xffffffff))
#define LNET_MKNID(net, addr)	(((__u64)(net) << 32) | (__u32)(addr))
#define LNET_NETTYP(net)	(((net) >> 16) & 0xffff)
#define LNET_NETNUM(net)	((net) & 0xffff)
#define LNET_MKNET(typ, num)	((((__u32)(typ)) << 16) | ((__u32)(num) & 0xffff))

/* Longest NID text: a full IPv6 address, '@', the longest net name. */
#define LNET_NIDSTR_SIZE	64
#define LNET_NETSTR_SIZE	16

/**
 * struct lnet_nid - a NID of any size.
 * @nid_size: bytes of address beyond the first four (0 for IPv4 and lo,
 *	      12 for IPv6)
 * @nid_type: LND type (enum lnet_lnd_type)
 * @nid_num:  network number, big-endian
 * @nid_addr: the address, big-endian words; only 4 + @nid_size bytes count
 */
struct lnet_nid {
	__u8 nid_size;
	__u8 nid_type;
	__be16 nid_num;
	__be32 nid_addr[4];
};

/**
 * lnet_net_parse() - parse a network name ("tcp", "tcp0", "o2ib12", "lo").
 * @s:   NUL-terminated text
 * @net: the network (LNET_MKNET form) on success
 * @why: on error, a static sentence naming the fault (may be NULL)
 *
 * Return: 0, or -EINVAL for an unknown LND name or a bad network number.
 */
int lnet_net_parse(const char *s, __u32 *net, const char **why);

/**
 * lnet_net_format() - print a network ("tcp" for tcp0, "o2ib3").
 * Return: the length written (without NUL), or -ENOSPC if @size is too small
 * (@buf then holds "" when @size > 0), -EINVAL for an unknown LND type.
 */
int lnet_net_format(__u32 net, char *buf, size_t size);

/**
 * lnet_nid_parse() - parse "ADDR@NET" into a NID.
 * @s:   NUL-terminated text; no spaces
 * @nid: the NID on success (all of it written: unused words are zero)
 * @why: on error, a static sentence naming the fault (may be NULL)
 *
 * tcp and o2ib take an IPv4 dotted quad or an IPv6 address; lo takes only
 * "0".  Return: 0 or -EINVAL.
 */
int lnet_nid_parse(const char *s, struct lnet_nid *nid, const char **why);

/**
 * lnet_nid_format() - print a NID as "ADDR@NET" (IPv6 in RFC 5952 form).
 * Return: the length written, -ENOSPC when @size is too small, -EINVAL for
 * a NID no parser could have produced.
 */
int lnet_nid_format(const struct lnet_nid *nid, char *buf, size_t size);

/** lnet_nid4_is_lo() - whether a NID names a loopback NI (no other node's). */
static inline bool lnet_nid4_is_lo(__u64 nid4)
{
	return LNET_NETTYP(LNET_NIDNET(nid4)) == LNET_LND_LO;
}

/** lnet_nid_net() - the network of a NID (LNET_MKNET form). */
static inline __u32 lnet_nid_net(const struct lnet_nid *nid)
{
	return LNET_MKNET(nid->nid_type, __be16_to_cpu(nid->nid_num));
}

/** lnet_nid_is_nid4() - whether a NID fits the classic 64-bit form. */
static inline bool lnet_nid_is_nid4(const struct lnet_nid *nid)
{
	return nid->nid_size == 0;
}

/** lnet_nid_to_nid4() - the classic form of a NID that fits it. */
static inline __u64 lnet_nid_to_nid4(const struct lnet_nid *nid)
{
	return LNET_MKNID(lnet_nid_net(nid), __be32_to_cpu(nid->nid_addr[0]));
}

/** lnet_nid4_to_nid() - the large form of a classic NID. */
static inline void lnet_nid4_to_nid(__u64 nid4, struct lnet_nid *nid)
{
	__u32 net = LNET_NIDNET(nid4);

	nid->nid_size = 0;
	nid->nid_type = LNET_NETTYP(net);
	nid->nid_num = __cpu_to_be16(LNET_NETNUM(net));
	nid->nid_addr[0] = __cpu_to_be32(LNET_NIDADDR(nid4));
	nid->nid_addr[1] = 0;
	nid->nid_addr[2] = 0;
	nid->nid_addr[3] = 0;
}

#endif /* _LNET_NID_H */
