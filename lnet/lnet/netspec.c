// SPDX-License-Identifier: GPL-2.0
/*
 * Parser for the "networks" syntax (lnet/netspec.h).  Input comes from a
 * module parameter, a configuration file or a tool's command line: every
 * token is bounded and checked, and a rejection says what was wrong.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <lnet/nid.h>
#include <lnet/netspec.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool is_name_char(char c)
{
	return c > ' ' && c < 0x7f && c != '(' && c != ')' && c != ',' && c != '[' &&
	       c != ']' && c != '/' && c != ':';
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -EINVAL;
}

int lnet_networks_parse(const char *s, struct lnet_netspec *specs, unsigned int max,
			unsigned int *count, const char **why)
{
	unsigned int n = 0, i;
	const char *p = s;

	*count = 0;
	for (;;) {
		char name[LNET_NETSTR_SIZE];
		struct lnet_netspec *spec;
		size_t len = 0;
		int rc;

		while (is_space(*p) || *p == ',')
			p++;
		if (!*p)
			break;
		while (is_name_char(p[len]))
			len++;
		if (len == 0)
			return fail(why, "expected a network name such as tcp0");
		if (len >= sizeof(name))
			return fail(why, "network name too long");
		if (n == max) {
			if (why)
				*why = "too many networks";
			return -E2BIG;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		p += len;

		spec = &specs[n];
		memset(spec, 0, sizeof(*spec));
		rc = lnet_net_parse(name, &spec->net, why);
		if (rc)
			return rc;
		if (LNET_NETTYP(spec->net) == LNET_LND_LO)
			return fail(why, "the loopback network is implicit: do not list lo");
		for (i = 0; i < n; i++)
			if (specs[i].net == spec->net)
				return fail(why, "a network is listed twice");

		/* "tcp0 (eth0)": a '(' cannot start a network, so it is this one's. */
		len = 0;
		while (is_space(p[len]))
			len++;
		if (p[len] == '(') {
			p += len + 1;
			for (;;) {
				while (is_space(*p))
					p++;
				len = 0;
				while (is_name_char(p[len]))
					len++;
				if (len == 0)
					return fail(why, "expected an interface name inside ( )");
				if (len >= LNET_IFNAME_SIZE)
					return fail(why, "interface name longer than 15 characters");
				if (spec->nifaces == LNET_NETSPEC_MAX_IFACES)
					return fail(why, "more than 16 interfaces on one network");
				for (i = 0; i < spec->nifaces; i++)
					if (strlen(spec->ifaces[i]) == len &&
					    !memcmp(spec->ifaces[i], p, len))
						return fail(why, "an interface is listed twice");
				memcpy(spec->ifaces[spec->nifaces], p, len);
				spec->ifaces[spec->nifaces][len] = '\0';
				spec->nifaces++;
				p += len;
				while (is_space(*p))
					p++;
				if (*p == ',') {
					p++;
					continue;
				}
				if (*p == ')') {
					p++;
					break;
				}
				return fail(why, "unterminated interface list: ')' is missing");
			}
		}
		if (*p == '[')
			return fail(why, "CPT lists ([...]) are not supported");
		if (*p && !is_space(*p) && *p != ',')
			return fail(why, "unexpected character after a network");
		n++;
	}
	if (n == 0)
		return fail(why, "no network given");
	*count = n;
	return 0;
}
