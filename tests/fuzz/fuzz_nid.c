// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for NID and network text (lnet/nid.h): the input, as a
 * NUL-terminated string, is parsed both as a NID ("ADDR@NET") and as a
 * network name ("tcp1").
 *
 * Beyond "no crash": a rejection is -EINVAL with a reason; a parsed NID is of
 * a known LND and size, formats (lnet_nid_format) into LNET_NIDSTR_SIZE, and
 * the text re-parses to the same struct lnet_nid and formats to the same
 * text; a too-small buffer gives -ENOSPC and "" without overflowing; a
 * classic NID survives the 64-bit form; a network formats and re-parses the
 * same.  The address of a tcp or o2ib NID is checked against the C library:
 * accepted exactly when inet_pton() accepts it, as the same bytes.
 */
#include <stdbool.h>
#include <arpa/inet.h>
#include <linux/errno.h>
#include <lnet/nid.h>

#include "fuzz.h"

static bool known_lnd(unsigned int type)
{
	return type == LNET_LND_SOCK || type == LNET_LND_O2IB || type == LNET_LND_LO;
}

/* Every buffer shorter than the text: -ENOSPC, "" and no write past @size
 * (an exact-size heap buffer, so AddressSanitizer sees any overflow).
 */
static void check_small_buffers(const struct lnet_nid *nid, int len)
{
	int size;

	for (size = 0; size <= len; size++) {
		char *buf = malloc(size ? size : 1);

		CHECK(buf != NULL);
		buf[0] = 'x';
		CHECK(lnet_nid_format(nid, buf, size) == -ENOSPC);
		CHECK(buf[0] == (size ? '\0' : 'x'));
		free(buf);
	}
}

/* Differential: the address part against inet_pton() (strict dotted quads
 * without leading zeros, RFC 4291 IPv6), when the network part is valid.
 */
static void check_against_inet_pton(const char *s, int rc, const struct lnet_nid *nid)
{
	const char *at = strrchr(s, '@');
	unsigned char bin[16];
	char *addr;
	__u32 net;
	int ok, v6;

	if (!at || lnet_net_parse(at + 1, &net, NULL) || LNET_NETTYP(net) == LNET_LND_LO)
		return;
	addr = strndup(s, (size_t)(at - s));
	CHECK(addr != NULL);
	v6 = strchr(addr, ':') != NULL;
	ok = inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) == 1;
	free(addr);
	CHECK(ok == (rc == 0));
	if (ok) {
		CHECK(nid->nid_size == (v6 ? 12 : 0));
		CHECK(memcmp(nid->nid_addr, bin, v6 ? 16 : 4) == 0);
	}
}

static void check_nid(const char *s)
{
	struct lnet_nid nid, back, nid4;
	char text[LNET_NIDSTR_SIZE], again[LNET_NIDSTR_SIZE];
	const char *why = NULL;
	int rc, n;

	memset(&nid, 0xa5, sizeof(nid));
	rc = lnet_nid_parse(s, &nid, &why);
	check_against_inet_pton(s, rc, &nid);
	if (rc) {
		CHECK(rc == -EINVAL && why != NULL);
		return;
	}
	CHECK(known_lnd(nid.nid_type));
	CHECK(nid.nid_size == 0 || nid.nid_size == 12);
	if (nid.nid_size == 0)	/* unused address words are zero */
		CHECK(nid.nid_addr[1] == 0 && nid.nid_addr[2] == 0 && nid.nid_addr[3] == 0);
	if (nid.nid_type == LNET_LND_LO)
		CHECK(nid.nid_size == 0 && nid.nid_addr[0] == 0 && nid.nid_num == 0);

	n = lnet_nid_format(&nid, text, sizeof(text));
	CHECK(n > 0 && (size_t)n < sizeof(text) && strlen(text) == (size_t)n);
	memset(&back, 0x5a, sizeof(back));
	why = NULL;
	CHECK(lnet_nid_parse(text, &back, &why) == 0);
	CHECK(memcmp(&nid, &back, sizeof(nid)) == 0);
	CHECK(lnet_nid_format(&back, again, sizeof(again)) == n);
	CHECK(strcmp(text, again) == 0);
	check_small_buffers(&nid, n);

	if (lnet_nid_is_nid4(&nid)) {
		lnet_nid4_to_nid(lnet_nid_to_nid4(&nid), &nid4);
		CHECK(memcmp(&nid, &nid4, sizeof(nid)) == 0);
	}
}

static void check_net(const char *s)
{
	char text[LNET_NETSTR_SIZE];
	const char *why = NULL;
	__u32 net = 0xa5a5a5a5, back = 0;
	int rc, n;

	rc = lnet_net_parse(s, &net, &why);
	if (rc) {
		CHECK(rc == -EINVAL && why != NULL);
		return;
	}
	CHECK(known_lnd(LNET_NETTYP(net)));
	CHECK(LNET_NETNUM(net) <= 0xfffe);
	if (LNET_NETTYP(net) == LNET_LND_LO)
		CHECK(LNET_NETNUM(net) == 0);
	n = lnet_net_format(net, text, sizeof(text));
	CHECK(n > 0 && (size_t)n < sizeof(text));
	CHECK(lnet_net_parse(text, &back, NULL) == 0 && back == net);
	CHECK(lnet_net_format(net, text, (size_t)n) == -ENOSPC && text[0] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);

	check_nid(s);
	check_net(s);
	free(s);
	return 0;
}
