// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the "networks" parser (lnet/netspec.h); the input is
 * the text, NUL-terminated.
 *
 * Beyond "no crash": a rejection is -EINVAL or -E2BIG with a reason and a
 * zero count; a success has 1..max networks, none of them lo, none twice,
 * each with at most 16 distinct, non-empty, NUL-terminated interface names
 * of name characters; written back as text ("tcp1(eth0,eth1),o2ib") it
 * parses to the same entries; and a limit one below the count is -E2BIG.
 */
#include <stdbool.h>
#include <linux/errno.h>
#include <lnet/nid.h>
#include <lnet/netspec.h>

#include "fuzz.h"

static bool name_char(char c)
{
	return c > ' ' && c < 0x7f && !strchr("(),[]/:", c);
}

static void check_spec(const struct lnet_netspec *spec)
{
	char text[LNET_NETSTR_SIZE];
	unsigned int i, k;
	__u32 net;
	size_t len;

	CHECK(LNET_NETTYP(spec->net) != LNET_LND_LO);
	CHECK(lnet_net_format(spec->net, text, sizeof(text)) > 0);
	CHECK(lnet_net_parse(text, &net, NULL) == 0 && net == spec->net);
	CHECK(spec->nifaces <= LNET_NETSPEC_MAX_IFACES);
	for (i = 0; i < spec->nifaces; i++) {
		len = strnlen(spec->ifaces[i], LNET_IFNAME_SIZE);
		CHECK(len > 0 && len < LNET_IFNAME_SIZE);
		for (k = 0; k < len; k++)
			CHECK(name_char(spec->ifaces[i][k]));
		for (k = 0; k < i; k++)
			CHECK(strcmp(spec->ifaces[i], spec->ifaces[k]) != 0);
	}
}

/* The entries as networks text; room: 16 x (net + 16 x (15 + ',') + "(),"). */
static void unparse(const struct lnet_netspec *specs, unsigned int count, char *buf,
		    size_t size)
{
	size_t n = 0;
	unsigned int i, k;
	int r;

	for (i = 0; i < count; i++) {
		if (i)
			buf[n++] = ',';
		r = lnet_net_format(specs[i].net, buf + n, size - n);
		CHECK(r > 0);
		n += (size_t)r;
		for (k = 0; k < specs[i].nifaces; k++) {
			r = snprintf(buf + n, size - n, "%c%s", k ? ',' : '(',
				     specs[i].ifaces[k]);
			CHECK(r > 0 && (size_t)r < size - n);
			n += (size_t)r;
		}
		if (specs[i].nifaces)
			buf[n++] = ')';
		CHECK(n < size);
	}
	buf[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lnet_netspec specs[LNET_NETSPEC_MAX_NETS], back[LNET_NETSPEC_MAX_NETS];
	static char text[LNET_NETSPEC_MAX_NETS * (LNET_NETSTR_SIZE + 2 +
						  LNET_NETSPEC_MAX_IFACES * LNET_IFNAME_SIZE)];
	unsigned int count = 12345, count2 = 12345, i, k;
	const char *why = NULL;
	char *s = fuzz_cstr(data, size);
	int rc;

	memset(specs, 0xa5, sizeof(specs));
	rc = lnet_networks_parse(s, specs, LNET_NETSPEC_MAX_NETS, &count, &why);
	if (rc) {
		CHECK((rc == -EINVAL || rc == -E2BIG) && why != NULL && count == 0);
		free(s);
		return 0;
	}
	CHECK(count >= 1 && count <= LNET_NETSPEC_MAX_NETS);
	for (i = 0; i < count; i++) {
		check_spec(&specs[i]);
		for (k = 0; k < i; k++)
			CHECK(specs[i].net != specs[k].net);
	}

	unparse(specs, count, text, sizeof(text));
	memset(back, 0x5a, sizeof(back));
	CHECK(lnet_networks_parse(text, back, LNET_NETSPEC_MAX_NETS, &count2, NULL) == 0);
	CHECK(count2 == count && memcmp(specs, back, count * sizeof(specs[0])) == 0);

	/* One network fewer allowed: the same walk stops at the last one. */
	why = NULL;
	CHECK(lnet_networks_parse(s, back, count - 1, &count2, &why) == -E2BIG);
	CHECK(why != NULL && count2 == 0);
	free(s);
	return 0;
}
