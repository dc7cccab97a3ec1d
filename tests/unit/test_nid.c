// SPDX-License-Identifier: GPL-2.0
/* NID and network text: round trips, canonical forms, rejections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <lnet/nid.h>

struct good {
	const char *in;
	const char *out;	/* canonical text */
	__u8 type;
	__u16 num;
	__u8 size;
	__u32 addr[4];		/* host order */
};

static const struct good goods[] = {
	{ "10.0.0.1@tcp", "10.0.0.1@tcp", LNET_LND_SOCK, 0, 0, { 0x0a000001 } },
	{ "10.0.0.1@tcp0", "10.0.0.1@tcp", LNET_LND_SOCK, 0, 0, { 0x0a000001 } },
	{ "192.168.1.5@tcp1", "192.168.1.5@tcp1", LNET_LND_SOCK, 1, 0, { 0xc0a80105 } },
	{ "255.255.255.255@tcp65534", "255.255.255.255@tcp65534", LNET_LND_SOCK, 65534, 0,
	  { 0xffffffff } },
	{ "0.0.0.0@o2ib", "0.0.0.0@o2ib", LNET_LND_O2IB, 0, 0, { 0 } },
	{ "10.1.2.3@o2ib3", "10.1.2.3@o2ib3", LNET_LND_O2IB, 3, 0, { 0x0a010203 } },
	{ "0@lo", "0@lo", LNET_LND_LO, 0, 0, { 0 } },
	{ "fe80::1@tcp", "fe80::1@tcp", LNET_LND_SOCK, 0, 12, { 0xfe800000, 0, 0, 1 } },
	{ "::@tcp2", "::@tcp2", LNET_LND_SOCK, 2, 12, { 0, 0, 0, 0 } },
	{ "::1@tcp", "::1@tcp", LNET_LND_SOCK, 0, 12, { 0, 0, 0, 1 } },
	{ "1::@tcp", "1::@tcp", LNET_LND_SOCK, 0, 12, { 0x00010000, 0, 0, 0 } },
	{ "2001:DB8:0:0:0:0:0:1@o2ib", "2001:db8::1@o2ib", LNET_LND_O2IB, 0, 12,
	  { 0x20010db8, 0, 0, 1 } },
	{ "2001:db8::ff00:42:8329@tcp", "2001:db8::ff00:42:8329@tcp", LNET_LND_SOCK, 0, 12,
	  { 0x20010db8, 0, 0x0000ff00, 0x00428329 } },
	/* Longest zero run wins; the first of equal runs; no "::" for one word. */
	{ "1:0:0:2:0:0:0:3@tcp", "1:0:0:2::3@tcp", LNET_LND_SOCK, 0, 12,
	  { 0x00010000, 0x00000002, 0, 3 } },
	{ "1:0:0:2:3:0:0:4@tcp", "1::2:3:0:0:4@tcp", LNET_LND_SOCK, 0, 12,
	  { 0x00010000, 0x00000002, 0x00030000, 4 } },
	{ "1:0:2:3:4:5:6:7@tcp", "1:0:2:3:4:5:6:7@tcp", LNET_LND_SOCK, 0, 12,
	  { 0x00010000, 0x00020003, 0x00040005, 0x00060007 } },
	{ "::ffff:10.0.0.1@tcp", "::ffff:10.0.0.1@tcp", LNET_LND_SOCK, 0, 12,
	  { 0, 0, 0x0000ffff, 0x0a000001 } },
	{ "64:ff9b::192.0.2.33@tcp", "64:ff9b::c000:221@tcp", LNET_LND_SOCK, 0, 12,
	  { 0x0064ff9b, 0, 0, 0xc0000221 } },
};

static void test_parse_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];
		struct lnet_nid nid;
		char buf[LNET_NIDSTR_SIZE];
		const char *why = NULL;

		print_message("%s\n", g->in);
		assert_int_equal(lnet_nid_parse(g->in, &nid, &why), 0);
		assert_null(why);
		assert_int_equal(nid.nid_type, g->type);
		assert_int_equal(__be16_to_cpu(nid.nid_num), g->num);
		assert_int_equal(nid.nid_size, g->size);
		for (int k = 0; k < 4; k++)
			assert_int_equal(__be32_to_cpu(nid.nid_addr[k]), g->addr[k]);

		assert_int_equal(lnet_nid_format(&nid, buf, sizeof(buf)), (int)strlen(g->out));
		assert_string_equal(buf, g->out);

		/* The canonical text parses back to the same NID. */
		struct lnet_nid again;

		assert_int_equal(lnet_nid_parse(buf, &again, NULL), 0);
		assert_memory_equal(&nid, &again, sizeof(nid));
	}
}

struct bad {
	const char *in;
	const char *why;	/* a word of the expected reason */
};

static const struct bad bads[] = {
	{ "", "'@' is missing" },
	{ "10.0.0.1", "'@' is missing" },
	{ "@tcp", "empty" },
	{ "10.0.0.1@", "unknown network type" },
	{ "10.0.0.1@udp", "unknown network type" },
	{ "10.0.0.1@tcpx", "unknown network type" },
	{ "10.0.0.1@tcp ", "unknown network type" },
	{ "10.0.0.1@TCP", "unknown network type" },
	{ "10.0.0.1@tcp65535", "network number" },
	{ "10.0.0.1@tcp01", "network number" },
	{ "10.0.0.1@tcp99999999999", "network number" },
	{ "10.0.0.1@tcp-1", "unknown network type" },
	{ "0@lo1", "loopback network has no number" },
	{ "1@lo", "0@lo" },
	{ "00@lo", "0@lo" },
	{ "10.0.0.256@tcp", "IPv4" },
	{ "10.0.0@tcp", "IPv4" },
	{ "10.0.0.1.5@tcp", "IPv4" },
	{ "010.0.0.1@tcp", "IPv4" },
	{ "10..0.1@tcp", "IPv4" },
	{ "+10.0.0.1@tcp", "IPv4" },
	{ " 10.0.0.1@tcp", "IPv4" },
	{ "10.0.0.1 @tcp", "IPv4" },
	{ "4294967296@tcp", "IPv4" },
	{ "host.example@tcp", "IPv4" },
	{ "1:2:3:4:5:6:7:8:9@tcp", "IPv6" },
	{ "1:2:3:4:5:6:7@tcp", "IPv6" },
	{ "1::2::3@tcp", "IPv6" },
	{ ":1::2@tcp", "IPv6" },
	{ "1:2:3:4:5:6:7:@tcp", "IPv6" },
	{ "12345::1@tcp", "IPv6" },
	{ "g::1@tcp", "IPv6" },
	{ ":::@tcp", "IPv6" },
	{ "1:2:3:4:5:6:7::8@tcp", "IPv6" },
	{ "1:2:3:4:5:6:7:1.2.3.4@tcp", "IPv6" },
	{ "::1.2.3@tcp", "IPv6" },
	{ "::1.2.3.4:5@tcp", "IPv6" },
	{ "fe80::1@lo", "0@lo" },
};

static void test_parse_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct lnet_nid nid;
		const char *why = NULL;

		print_message("'%s'\n", bads[i].in);
		assert_int_equal(lnet_nid_parse(bads[i].in, &nid, &why), -EINVAL);
		assert_non_null(why);
		if (!strstr(why, bads[i].why))
			fail_msg("'%s': reason '%s' lacks '%s'", bads[i].in, why, bads[i].why);
	}
}

static void test_net(void **state)
{
	char buf[LNET_NETSTR_SIZE];
	__u32 net;

	(void)state;
	assert_int_equal(lnet_net_parse("tcp", &net, NULL), 0);
	assert_int_equal(net, LNET_MKNET(LNET_LND_SOCK, 0));
	assert_int_equal(lnet_net_parse("o2ib12", &net, NULL), 0);
	assert_int_equal(net, (5u << 16) | 12);
	assert_int_equal(lnet_net_format(net, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "o2ib12");
	assert_int_equal(lnet_net_parse("lo", &net, NULL), 0);
	assert_int_equal(net, 9u << 16);
	assert_int_equal(lnet_net_format(net, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "lo");
	/* Unknown LND types do not print. */
	assert_int_equal(lnet_net_format(LNET_MKNET(77, 0), buf, sizeof(buf)), -EINVAL);
}

static void test_format_limits(void **state)
{
	struct lnet_nid nid;
	char small[8], exact[13];

	(void)state;
	assert_int_equal(lnet_nid_parse("10.0.0.1@tcp", &nid, NULL), 0);
	assert_int_equal(lnet_nid_format(&nid, small, sizeof(small)), -ENOSPC);
	assert_string_equal(small, "");
	assert_int_equal(lnet_nid_format(&nid, exact, sizeof(exact)), 12);
	assert_int_equal(lnet_nid_format(&nid, exact, 12), -ENOSPC);

	assert_int_equal(lnet_nid_parse("2001:db8:1:2:3:4:5:6@o2ib65534", &nid, NULL), 0);
	assert_int_equal(lnet_nid_format(&nid, small, sizeof(small)), -ENOSPC);
	char big[LNET_NIDSTR_SIZE];

	assert_int_equal(lnet_nid_format(&nid, big, sizeof(big)), 30);

	/* NIDs that no parser produces are refused, not printed. */
	nid.nid_size = 4;
	assert_int_equal(lnet_nid_format(&nid, big, sizeof(big)), -EINVAL);
	nid.nid_size = 12;
	nid.nid_type = LNET_LND_LO;
	assert_int_equal(lnet_nid_format(&nid, big, sizeof(big)), -EINVAL);
	nid.nid_type = 200;
	nid.nid_size = 0;
	assert_int_equal(lnet_nid_format(&nid, big, sizeof(big)), -EINVAL);
}

static void test_nid4(void **state)
{
	struct lnet_nid nid, back;
	__u64 nid4;

	(void)state;
	assert_int_equal(lnet_nid_parse("192.168.1.5@tcp1", &nid, NULL), 0);
	assert_true(lnet_nid_is_nid4(&nid));
	nid4 = lnet_nid_to_nid4(&nid);
	/* The classic layout: net (type 2, number 1) high, address low. */
	assert_int_equal(nid4, 0x00020001c0a80105ULL);
	lnet_nid4_to_nid(nid4, &back);
	assert_memory_equal(&nid, &back, sizeof(nid));
	assert_int_equal(lnet_nid_parse("::1@tcp", &nid, NULL), 0);
	assert_false(lnet_nid_is_nid4(&nid));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_net),
		cmocka_unit_test(test_format_limits),
		cmocka_unit_test(test_nid4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
