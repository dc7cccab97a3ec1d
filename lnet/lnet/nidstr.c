// SPDX-License-Identifier: GPL-2.0
/*
 * NID and network text: parsing and printing.
 *
 * Every string here comes from an administrator, a configuration file or a
 * peer, so parsing is strict: no signs, no spaces, no empty fields, numbers
 * in range, and an explanation for each rejection (the "why" sentence goes
 * into netlink extended acks and tool messages).  Pure logic: no allocation,
 * no locking, nothing but the C library subset the unit-test shim provides.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <lnet/nid.h>

struct lnd_name {
	const char *name;
	__u8 type;
	bool ip;		/* addresses are IPv4 or IPv6 */
};

static const struct lnd_name lnd_names[] = {
	{ "tcp", LNET_LND_SOCK, true },
	{ "o2ib", LNET_LND_O2IB, true },
	{ "lo", LNET_LND_LO, false },
};

static const struct lnd_name *lnd_by_type(unsigned int type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lnd_names); i++)
		if (lnd_names[i].type == type)
			return &lnd_names[i];
	return NULL;
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -EINVAL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal in [0, max] from s[0..len); no sign, no leading zeros but "0". */
static bool parse_dec(const char *s, size_t len, __u32 max, __u32 *out)
{
	__u32 v = 0;
	size_t i;

	if (len == 0 || (len > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		if (v > (max - (__u32)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (__u32)(s[i] - '0');
	}
	*out = v;
	return true;
}

int lnet_net_parse(const char *s, __u32 *net, const char **why)
{
	size_t i, n, len = strlen(s);
	__u32 num = 0;

	for (i = 0; i < ARRAY_SIZE(lnd_names); i++) {
		n = strlen(lnd_names[i].name);
		if (len < n || memcmp(s, lnd_names[i].name, n))
			continue;
		/* "o2ib" must not be taken for an "o2" net, nor "tcpx" for tcp. */
		if (len > n && !is_digit(s[n]))
			continue;
		if (len > n && !parse_dec(s + n, len - n, 0xfffe, &num))
			return fail(why, "network number must be a decimal from 0 to 65534");
		if (lnd_names[i].type == LNET_LND_LO && num != 0)
			return fail(why, "the loopback network has no number");
		*net = LNET_MKNET(lnd_names[i].type, num);
		return 0;
	}
	return fail(why, "unknown network type (expected tcp, o2ib or lo)");
}

int lnet_net_format(__u32 net, char *buf, size_t size)
{
	const struct lnd_name *lnd = lnd_by_type(LNET_NETTYP(net));
	int n;

	if (!lnd)
		return -EINVAL;
	if (LNET_NETNUM(net) == 0)
		n = snprintf(buf, size, "%s", lnd->name);
	else
		n = snprintf(buf, size, "%s%u", lnd->name, LNET_NETNUM(net));
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}

/* Dotted quad, exactly four fields; *out in host order. */
static bool parse_ipv4(const char *s, size_t len, __u32 *out)
{
	__u32 addr = 0, part;
	size_t start = 0, i;
	int fields = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (fields == 4 || !parse_dec(s + start, i - start, 255, &part))
			return false;
		addr = (addr << 8) | part;
		fields++;
		start = i + 1;
	}
	if (fields != 4)
		return false;
	*out = addr;
	return true;
}

/* IPv6 text (RFC 4291 2.2: "::" once, an optional dotted-quad tail). */
static bool parse_ipv6(const char *s, size_t len, __be32 out[4])
{
	__u16 words[8];
	int nw = 0, gap = -1, i;
	size_t pos = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		pos = 2;
	} else if (len >= 1 && s[0] == ':') {
		return false;
	}
	while (pos < len) {
		size_t end = pos;
		__u32 v = 0;

		while (end < len && s[end] != ':' && s[end] != '.')
			end++;
		if (end < len && s[end] == '.') {
			/* IPv4 tail: takes the last two words. */
			if (nw > 6 || !parse_ipv4(s + pos, len - pos, &v))
				return false;
			words[nw++] = v >> 16;
			words[nw++] = v & 0xffff;
			pos = len;
			break;
		}
		if (end == pos || end - pos > 4 || nw == 8)
			return false;
		for (; pos < end; pos++) {
			int h = hex_value(s[pos]);

			if (h < 0)
				return false;
			v = (v << 4) | (__u32)h;
		}
		words[nw++] = v;
		if (pos == len)
			break;
		/* s[pos] == ':' */
		pos++;
		if (pos < len && s[pos] == ':') {
			if (gap >= 0)
				return false;
			gap = nw;
			pos++;
		} else if (pos == len) {
			return false;	/* trailing single ':' */
		}
	}
	if (gap < 0 && nw != 8)
		return false;
	if (gap >= 0 && nw > 7)
		return false;
	for (i = 0; i < 4; i++)
		out[i] = 0;
	if (gap >= 0) {
		int tail = nw - gap;

		/* Slide the words after the gap to the end. */
		for (i = 0; i < tail; i++)
			words[7 - i] = words[nw - 1 - i];
		for (i = gap; i < 8 - tail; i++)
			words[i] = 0;
	}
	for (i = 0; i < 4; i++)
		out[i] = __cpu_to_be32(((__u32)words[2 * i] << 16) | words[2 * i + 1]);
	return true;
}

int lnet_nid_parse(const char *s, struct lnet_nid *nid, const char **why)
{
	const char *at = strrchr(s, '@');
	const struct lnd_name *lnd;
	size_t alen;
	__u32 net, v4;
	int rc;

	if (!at)
		return fail(why, "a NID is ADDRESS@NETWORK: '@' is missing");
	alen = (size_t)(at - s);
	if (alen == 0)
		return fail(why, "the address before '@' is empty");
	rc = lnet_net_parse(at + 1, &net, why);
	if (rc)
		return rc;
	lnd = lnd_by_type(LNET_NETTYP(net));

	memset(nid, 0, sizeof(*nid));
	nid->nid_type = LNET_NETTYP(net);
	nid->nid_num = __cpu_to_be16(LNET_NETNUM(net));
	if (!lnd->ip) {
		if (alen != 1 || s[0] != '0')
			return fail(why, "the loopback NID is 0@lo");
		return 0;
	}
	if (memchr(s, ':', alen)) {
		if (!parse_ipv6(s, alen, nid->nid_addr))
			return fail(why, "malformed IPv6 address");
		nid->nid_size = 12;
		return 0;
	}
	if (!parse_ipv4(s, alen, &v4))
		return fail(why, "malformed IPv4 address (expected four decimals 0-255, like 10.0.0.1)");
	nid->nid_addr[0] = __cpu_to_be32(v4);
	return 0;
}

/* RFC 5952: lowercase, no leading zeros, the longest run (>= 2) of zero
 * words as "::" (the first of equal runs), dotted tail for ::ffff:a.b.c.d.
 */
static int format_ipv6(const __be32 addr[4], char *buf, size_t size)
{
	__u16 w[8];
	int i, best = -1, best_len = 1, run = 0, n = 0, r;

	for (i = 0; i < 4; i++) {
		__u32 v = __be32_to_cpu(addr[i]);

		w[2 * i] = v >> 16;
		w[2 * i + 1] = v & 0xffff;
	}
	for (i = 0; i < 8; i++) {
		run = w[i] ? 0 : run + 1;
		if (run > best_len) {
			best_len = run;
			best = i - run + 1;
		}
	}
	if (best == 0 && best_len == 5 && w[5] == 0xffff) {
		__u32 v4 = __be32_to_cpu(addr[3]);

		return snprintf(buf, size, "::ffff:%u.%u.%u.%u", v4 >> 24,
				(v4 >> 16) & 0xff, (v4 >> 8) & 0xff, v4 & 0xff);
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			r = snprintf(buf + n, size > (size_t)n ? size - n : 0, "::");
			i += best_len - 1;
		} else {
			r = snprintf(buf + n, size > (size_t)n ? size - n : 0, "%s%x",
				     (i == 0 || i == best + best_len) ? "" : ":", w[i]);
		}
		if (r < 0)
			return r;
		n += r;
	}
	return n;
}

int lnet_nid_format(const struct lnet_nid *nid, char *buf, size_t size)
{
	const struct lnd_name *lnd = lnd_by_type(nid->nid_type);
	char net[LNET_NETSTR_SIZE];
	int n;

	if (!lnd || (nid->nid_size != 0 && nid->nid_size != 12) ||
	    (nid->nid_size == 12 && !lnd->ip))
		return -EINVAL;
	if (lnet_net_format(lnet_nid_net(nid), net, sizeof(net)) < 0)
		return -EINVAL;

	if (!lnd->ip) {
		n = snprintf(buf, size, "%u@%s", __be32_to_cpu(nid->nid_addr[0]), net);
	} else if (nid->nid_size == 0) {
		__u32 v4 = __be32_to_cpu(nid->nid_addr[0]);

		n = snprintf(buf, size, "%u.%u.%u.%u@%s", v4 >> 24, (v4 >> 16) & 0xff,
			     (v4 >> 8) & 0xff, v4 & 0xff, net);
	} else {
		n = format_ipv6(nid->nid_addr, buf, size);
		if (n >= 0)
			n += snprintf(size > (size_t)n ? buf + n : NULL,
				      size > (size_t)n ? size - n : 0, "@%s", net);
	}
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}
