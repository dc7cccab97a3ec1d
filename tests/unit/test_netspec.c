// SPDX-License-Identifier: GPL-2.0
/* The "networks" syntax: accepted forms and rejections with their reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <lnet/nid.h>
#include <lnet/netspec.h>

struct good {
	const char *in;
	const char *expect;	/* "net:if,if;net:..." canonical rendering */
};

static const struct good goods[] = {
	{ "tcp0(eth1)", "tcp:eth1" },
	{ "tcp", "tcp:" },
	{ "tcp(eth0,eth1)", "tcp:eth0,eth1" },
	{ "tcp0(eth0),o2ib(ib0)", "tcp:eth0;o2ib:ib0" },
	{ "tcp1(eth1) tcp2(eth2)", "tcp1:eth1;tcp2:eth2" },
	{ "  tcp0 ( eth0 , eth1 ) ,, o2ib3(ib0)  ", "tcp:eth0,eth1;o2ib3:ib0" },
	{ "tcp(enp0s31f6.100)", "tcp:enp0s31f6.100" },
	{ "tcp(abcdefghijklmno)", "tcp:abcdefghijklmno" },
};

static void render(const struct lnet_netspec *specs, unsigned int n, char *out, size_t size)
{
	size_t off = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		char net[LNET_NETSTR_SIZE];

		assert_true(lnet_net_format(specs[i].net, net, sizeof(net)) > 0);
		off += (size_t)snprintf(out + off, size - off, "%s%s:", i ? ";" : "", net);
		for (unsigned int k = 0; k < specs[i].nifaces; k++)
			off += (size_t)snprintf(out + off, size - off, "%s%s", k ? "," : "",
						specs[i].ifaces[k]);
	}
}

static void test_good(void **state)
{
	struct lnet_netspec *specs = calloc(LNET_NETSPEC_MAX_NETS, sizeof(*specs));
	char out[512];

	(void)state;
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		unsigned int n = 99;
		const char *why = NULL;

		print_message("'%s'\n", goods[i].in);
		assert_int_equal(lnet_networks_parse(goods[i].in, specs, LNET_NETSPEC_MAX_NETS, &n,
						     &why), 0);
		assert_null(why);
		render(specs, n, out, sizeof(out));
		assert_string_equal(out, goods[i].expect);
	}
	free(specs);
}

struct bad {
	const char *in;
	int rc;
	const char *why;
};

static const struct bad bads[] = {
	{ "", -EINVAL, "no network" },
	{ " , ", -EINVAL, "no network" },
	{ "udp0(eth0)", -EINVAL, "unknown network type" },
	{ "tcp99999(eth0)", -EINVAL, "network number" },
	{ "lo", -EINVAL, "loopback network is implicit" },
	{ "tcp0(eth0),tcp(eth1)", -EINVAL, "listed twice" },
	{ "tcp(eth0,eth0)", -EINVAL, "interface is listed twice" },
	{ "tcp(eth0", -EINVAL, "')' is missing" },
	{ "tcp(eth0 eth1)", -EINVAL, "')' is missing" },
	{ "tcp()", -EINVAL, "interface name" },
	{ "tcp(eth0,)", -EINVAL, "interface name" },
	{ "tcp(abcdefghijklmnop)", -EINVAL, "longer than 15" },
	{ "tcp(eth0)[0,1]", -EINVAL, "CPT" },
	{ "tcp(eth0)x", -EINVAL, "unexpected character" },
	{ "(eth0)", -EINVAL, "network name" },
	{ "tcp0123456789012345678(eth0)", -EINVAL, "network name too long" },
	{ "tcp(a/b)", -EINVAL, "')' is missing" },
	{ "tcp0 tcp1 tcp2", -E2BIG, "too many networks" },	/* max 2 below */
};

static void test_bad(void **state)
{
	struct lnet_netspec *specs = calloc(LNET_NETSPEC_MAX_NETS, sizeof(*specs));

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		unsigned int n = 99, max = bads[i].rc == -E2BIG ? 2 : LNET_NETSPEC_MAX_NETS;
		const char *why = NULL;

		print_message("'%s'\n", bads[i].in);
		assert_int_equal(lnet_networks_parse(bads[i].in, specs, max, &n, &why), bads[i].rc);
		assert_int_equal(n, 0);
		assert_non_null(why);
		if (!strstr(why, bads[i].why))
			fail_msg("'%s': reason '%s' lacks '%s'", bads[i].in, why, bads[i].why);
	}
	free(specs);
}

/* Seventeen interfaces on one net, and 16 nets, are the limits. */
static void test_limits(void **state)
{
	struct lnet_netspec *specs = calloc(LNET_NETSPEC_MAX_NETS, sizeof(*specs));
	char s[1024];
	size_t off;
	unsigned int n;

	(void)state;
	off = (size_t)snprintf(s, sizeof(s), "tcp(");
	for (int i = 0; i < 16; i++)
		off += (size_t)snprintf(s + off, sizeof(s) - off, "%seth%d", i ? "," : "", i);
	snprintf(s + off, sizeof(s) - off, ")");
	assert_int_equal(lnet_networks_parse(s, specs, LNET_NETSPEC_MAX_NETS, &n, NULL), 0);
	assert_int_equal(specs[0].nifaces, 16);
	snprintf(s + off, sizeof(s) - off, ",eth16)");
	assert_int_equal(lnet_networks_parse(s, specs, LNET_NETSPEC_MAX_NETS, &n, NULL), -EINVAL);

	off = 0;
	for (int i = 0; i < 16; i++)
		off += (size_t)snprintf(s + off, sizeof(s) - off, "tcp%d ", i);
	assert_int_equal(lnet_networks_parse(s, specs, LNET_NETSPEC_MAX_NETS, &n, NULL), 0);
	assert_int_equal(n, 16);
	snprintf(s + off, sizeof(s) - off, "o2ib");
	assert_int_equal(lnet_networks_parse(s, specs, LNET_NETSPEC_MAX_NETS, &n, NULL), -E2BIG);
	free(specs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
