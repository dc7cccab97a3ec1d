// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk checksums (kernel/ptlrpc/cksum.c) against known vectors, with the
 * seeds and final inversions of Lustre's kernel hashes; the algorithm
 * names of o_flags and the client's choice; and the OST wire structures'
 * sizes and offsets (nacre/lustre_ost_wire.h) as Lustre 2.16 has them;
 * the T10-PI kinds: a guard tag per sector of each page, cut at the page's
 * sector boundaries, and Adler-32 of the tags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/crc-t10dif.h>
#include <linux/crc32.h>
#include <linux/crc32c.h>
#include <net/checksum.h>
#include <nacre/lustre_ost_wire.h>
#include <nacre/obd_cksum.h>

/*
 * Reference CRCs, bit by bit, with the kernel's conventions: reflected,
 * the caller's seed in, no inversion (crc32_le: 0xedb88320, crc32c:
 * Castagnoli 0x82f63b78).
 */
static __u32 crc_bitwise(__u32 crc, const unsigned char *p, size_t len, __u32 poly)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ ((crc & 1) ? poly : 0);
	}
	return crc;
}

__u32 crc32_le(__u32 crc, const unsigned char *p, size_t len)
{
	return crc_bitwise(crc, p, len, 0xedb88320U);
}

__u32 crc32c(__u32 crc, const void *address, unsigned int length)
{
	return crc_bitwise(crc, address, length, 0x82f63b78U);
}

/* CRC-16/T10-DIF (poly 0x8bb7, not reflected, 0 in, no inversion). */
__u16 crc_t10dif(const unsigned char *p, size_t len)
{
	__u16 crc = 0;

	while (len--) {
		crc ^= (__u16)(*p++ << 8);
		for (int i = 0; i < 8; i++)
			crc = (__u16)(crc & 0x8000 ? (crc << 1) ^ 0x8bb7 : crc << 1);
	}
	return crc;
}

/*
 * The IP checksum (RFC 1071) as the kernel's ip_compute_csum() leaves it
 * in memory: its bytes are the checksum in network order.  Computed here
 * on big-endian words, whatever the host's order.
 */
__sum16 ip_compute_csum(const void *buff, int len)
{
	const unsigned char *p = buff;
	__u32 sum = 0;
	unsigned char be[2];
	__u16 mem;

	for (int i = 0; i + 1 < len; i += 2)
		sum += (__u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (__u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	be[0] = (unsigned char)(sum >> 8);
	be[1] = (unsigned char)sum;
	memcpy(&mem, be, sizeof(mem));
	return mem;
}

static unsigned char *big_buf(size_t len)
{
	unsigned char *b = malloc(len);

	assert_non_null(b);
	for (size_t i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 7 + 3);
	return b;
}

static void test_vectors(void **state)
{
	static const char check[] = "123456789";
	unsigned char *b = big_buf(100000);
	unsigned char ff[6000];

	(void)state;
	/* Adler-32 (RFC 1950): zlib's values. */
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_ADLER, "", 0), 1);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_ADLER, "Wikipedia", 9), 0x11e60398);
	/* Past the 5552-byte run where the sums must be reduced. */
	memset(ff, 0xff, sizeof(ff));
	assert_int_equal(obd_adler32(1, ff, sizeof(ff)), 0xa49759ea);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_ADLER, b, 100000), 0x2dfb940f);
	/* CRC32C: the standard check value (crc32c hash: ~0 in, inverted). */
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_CRC32C, check, 9), 0xe3069283);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_CRC32C, b, 100000), 0x96f31dc6);
	/* CRC32: Lustre's is the kernel crc32 hash, ~0 in, not inverted: the
	 * complement of the standard check value 0xcbf43926. */
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_CRC32, check, 9), 0x340bc6d9);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_CRC32, b, 100000), 0x08cf3557);
	free(b);
}

/* Pieces (a bulk's pages) give what one buffer gives. */
static void test_incremental(void **state)
{
	static const __u32 types[] = { OBD_CKSUM_ADLER, OBD_CKSUM_CRC32, OBD_CKSUM_CRC32C };
	unsigned char *b = big_buf(3 * 4096 + 100);

	(void)state;
	for (size_t t = 0; t < 3; t++) {
		__u32 st = obd_cksum_init(types[t]);

		for (size_t off = 0; off < 3 * 4096 + 100; off += 4096) {
			size_t n = 3 * 4096 + 100 - off < 4096 ? 3 * 4096 + 100 - off : 4096;

			st = obd_cksum_update(types[t], st, b + off, n);
		}
		assert_int_equal(obd_cksum_final(types[t], st),
				 obd_cksum_buf(types[t], b, 3 * 4096 + 100));
	}
	/* A changed byte changes each. */
	for (size_t t = 0; t < 3; t++) {
		__u32 c = obd_cksum_buf(types[t], b, 8192);

		b[5000] ^= 1;
		assert_int_not_equal(obd_cksum_buf(types[t], b, 8192), c);
		b[5000] ^= 1;
	}
	free(b);
}

/* The tags' bytes, then Adler-32 of them: what Lustre's osc computes. */
static __u32 t10_expected(const unsigned char *page, unsigned int off, unsigned int len,
			  unsigned int sector, int crc)
{
	__u32 adler = 1;

	for (unsigned int i = off; i < off + len;) {
		unsigned int next = (i / sector + 1) * sector;
		unsigned int n = (next < off + len ? next : off + len) - i;
		unsigned char tag[2];

		if (crc) {
			__u16 c = crc_t10dif(page + i, n);

			tag[0] = (unsigned char)(c >> 8);
			tag[1] = (unsigned char)c;
		} else {
			__sum16 ip = ip_compute_csum(page + i, (int)n);

			memcpy(tag, &ip, sizeof(tag));
		}
		adler = obd_adler32(adler, tag, 2);
		i += n;
	}
	return adler;
}

static void test_t10(void **state)
{
	static const unsigned char rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const struct {
		__u32 type;
		unsigned int sector;
		int crc;
	} kinds[] = {
		{ OBD_CKSUM_T10IP512, 512, 0 },
		{ OBD_CKSUM_T10IP4K, 4096, 0 },
		{ OBD_CKSUM_T10CRC512, 512, 1 },
		{ OBD_CKSUM_T10CRC4K, 4096, 1 },
	};
	unsigned char zero[4096] = { 0 };
	unsigned char *b = big_buf(3 * 4096);
	__sum16 ip;
	unsigned char ipb[2];

	(void)state;
	/* The references: CRC-16/T10-DIF's check value; RFC 1071's example
	 * (sum 0xddf2, checksum 0x220d in network order). */
	assert_int_equal(crc_t10dif((const unsigned char *)"123456789", 9), 0xd0db);
	ip = ip_compute_csum(rfc1071, sizeof(rfc1071));
	memcpy(ipb, &ip, 2);
	assert_int_equal(ipb[0], 0x22);
	assert_int_equal(ipb[1], 0x0d);

	assert_int_equal(obd_t10_sector_size(OBD_CKSUM_T10IP512), 512);
	assert_int_equal(obd_t10_sector_size(OBD_CKSUM_T10CRC4K), 4096);
	assert_int_equal(obd_t10_sector_size(OBD_CKSUM_CRC32C), 0);
	/* A zero 4 KiB page by hand: one CRC tag 0x0000, Adler-32 of 00 00 is
	 * 0x00020001; one IP tag ff ff gives 0x02ff01ff; 8 IP tags of 512. */
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_T10CRC4K, zero, 4096), 0x00020001);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_T10IP4K, zero, 4096), 0x02ff01ff);
	assert_int_equal(obd_cksum_buf(OBD_CKSUM_T10IP512, zero, 4096),
			 obd_adler32(1, (const unsigned char[16]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
								   0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
								   0xff, 0xff, 0xff, 0xff }, 16));
	for (size_t k = 0; k < 4; k++) {
		__u32 t = kinds[k].type, st;

		assert_int_equal(obd_cksum_init(t), 1);
		/* Whole pages, piece by piece, as one buffer. */
		st = obd_cksum_init(t);
		for (unsigned int pg = 0; pg < 3; pg++)
			st = obd_cksum_update_page(t, st, b + pg * 4096, 0, 4096);
		assert_int_equal(obd_cksum_final(t, st), obd_cksum_buf(t, b, 3 * 4096));
		/* A segment 300 bytes into its page, 1500 long: sectors cut
		 * where the page's are (300..512, 512..1024, ... for 512). */
		st = obd_cksum_update_page(t, obd_cksum_init(t), b + 300, 300, 1500);
		assert_int_equal(obd_cksum_final(t, st),
				 t10_expected(b, 300, 1500, kinds[k].sector, kinds[k].crc));
		/* A changed byte changes each. */
		st = obd_cksum_buf(t, b, 8192);
		b[5000] ^= 1;
		assert_int_not_equal(obd_cksum_buf(t, b, 8192), st);
		b[5000] ^= 1;
	}
	/* Not the same as one tag over the segment: the cut matters. */
	assert_int_not_equal(obd_cksum_update_page(OBD_CKSUM_T10CRC512, 1, b + 300, 300, 1500),
			     obd_cksum_update_page(OBD_CKSUM_T10CRC512, 1, b + 300, 0, 1500));
	free(b);
}

/*
 * What a real Lustre 2.16.1 client and server computed (mount-io.pcap in
 * the reference captures: T10IP4K, o_flags 0x6000): the 2 MiB OST_WRITE of
 * frame 185 (o_cksum 0xd2f7ec37) and the two 1 MiB OST_READ replies of
 * frames 2849 and 3617 (0x9fa9f610, 0xf86bf619), over the file data of the
 * capture: "LUSTRE-REFERENCE-DATA-0123456789abcdef\n" repeated.
 */
static void test_t10_lustre(void **state)
{
	static const char line[] = "LUSTRE-REFERENCE-DATA-0123456789abcdef\n";
	const size_t n = 2 << 20, len = sizeof(line) - 1;
	unsigned char *file = malloc(n);
	__u32 st[3];

	(void)state;
	assert_non_null(file);
	for (size_t i = 0; i < n; i++)
		file[i] = (unsigned char)line[i % len];
	for (int k = 0; k < 3; k++)
		st[k] = obd_cksum_init(OBD_CKSUM_T10IP4K);
	for (size_t pg = 0; pg < n / 4096; pg++) {
		const unsigned char *p = file + pg * 4096;

		st[0] = obd_cksum_update_page(OBD_CKSUM_T10IP4K, st[0], p, 0, 4096);
		st[1 + pg / 256] = obd_cksum_update_page(OBD_CKSUM_T10IP4K, st[1 + pg / 256], p, 0,
							 4096);
	}
	assert_int_equal(obd_cksum_final(OBD_CKSUM_T10IP4K, st[0]), 0xd2f7ec37);
	assert_int_equal(obd_cksum_final(OBD_CKSUM_T10IP4K, st[1]), 0x9fa9f610);
	assert_int_equal(obd_cksum_final(OBD_CKSUM_T10IP4K, st[2]), 0xf86bf619);
	free(file);
}

static void test_flags(void **state)
{
	(void)state;
	/* o_flags name the algorithm; none named is Adler-32 (Lustre). */
	assert_int_equal(obd_cksum_type_unpack(0), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_unpack(OBD_FL_CKSUM_ADLER), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_unpack(OBD_FL_CKSUM_CRC32 | OBD_FL_DEBUG_CHECK),
			 OBD_CKSUM_CRC32);
	assert_int_equal(obd_cksum_type_unpack(OBD_FL_CKSUM_CRC32C | OBD_FL_SHORT_IO),
			 OBD_CKSUM_CRC32C);
	assert_int_equal(obd_cksum_type_unpack(OBD_FL_CKSUM_T10IP4K), OBD_CKSUM_T10IP4K);
	assert_int_equal(obd_cksum_type_unpack(0xf000), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_pack(OBD_CKSUM_CRC32), 0x1000);
	assert_int_equal(obd_cksum_type_pack(OBD_CKSUM_ADLER), 0x2000);
	assert_int_equal(obd_cksum_type_pack(OBD_CKSUM_CRC32C), 0x4000);
	assert_int_equal(obd_cksum_type_pack(OBD_CKSUM_T10CRC4K), 0x8000);
	for (__u32 bit = 1; bit <= OBD_CKSUM_T10CRC4K; bit <<= 1)
		if (bit != OBD_CKSUM_RESERVED)
			assert_int_equal(obd_cksum_type_unpack(obd_cksum_type_pack(bit)), bit);
	assert_string_equal(obd_cksum_type_name(OBD_CKSUM_CRC32C), "crc32c");
	assert_string_equal(obd_cksum_type_name(OBD_CKSUM_ADLER), "adler");
	assert_null(obd_cksum_type_name(OBD_CKSUM_RESERVED));
}

static void test_select(void **state)
{
	const __u32 all = OBD_CKSUM_ADLER | OBD_CKSUM_CRC32 | OBD_CKSUM_CRC32C;

	(void)state;
	assert_int_equal(obd_cksum_type_select(all, 0), OBD_CKSUM_CRC32C);
	assert_int_equal(obd_cksum_type_select(all | OBD_CKSUM_T10IP4K, 0), OBD_CKSUM_CRC32C);
	assert_int_equal(obd_cksum_type_select(OBD_CKSUM_ADLER | OBD_CKSUM_CRC32, 0),
			 OBD_CKSUM_CRC32);
	assert_int_equal(obd_cksum_type_select(all, OBD_CKSUM_ADLER), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_select(all, OBD_CKSUM_CRC32), OBD_CKSUM_CRC32);
	/* A preference not granted, several at once, or one Nacre does not
	 * compute falls back to the best granted. */
	assert_int_equal(obd_cksum_type_select(OBD_CKSUM_ADLER, OBD_CKSUM_CRC32C), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_select(all, OBD_CKSUM_ADLER | OBD_CKSUM_CRC32),
			 OBD_CKSUM_CRC32C);
	assert_int_equal(obd_cksum_type_select(all, OBD_CKSUM_RESERVED), OBD_CKSUM_CRC32C);
	/* T10-PI when asked for and granted, or when nothing else is. */
	assert_int_equal(obd_cksum_type_select(all | OBD_CKSUM_T10IP4K, OBD_CKSUM_T10IP4K),
			 OBD_CKSUM_T10IP4K);
	assert_int_equal(obd_cksum_type_select(all, OBD_CKSUM_T10IP4K), OBD_CKSUM_CRC32C);
	assert_int_equal(obd_cksum_type_select(OBD_CKSUM_T10CRC4K | OBD_CKSUM_T10IP512, 0),
			 OBD_CKSUM_T10CRC4K);
	/* Nothing granted (no OBD_CONNECT_CKSUM): Adler-32. */
	assert_int_equal(obd_cksum_type_select(0, 0), OBD_CKSUM_ADLER);
}

/* Lustre 2.16's wire_test.c values. */
static void test_ost_wire(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct obdo), 208);
	assert_int_equal(offsetof(struct obdo, o_flags), 96);
	assert_int_equal(offsetof(struct obdo, o_cksum), 100);
	assert_int_equal(offsetof(struct obdo, o_handle), 128);
	assert_int_equal(offsetof(struct obdo, o_layout), 136);
	assert_int_equal(offsetof(struct obdo, o_projid), 184);
	assert_int_equal(sizeof(struct ost_body), 208);
	assert_int_equal(sizeof(struct obd_statfs), 144);
	assert_int_equal(offsetof(struct obd_statfs, os_ffree), 40);
	assert_int_equal(offsetof(struct obd_statfs, os_fsid), 48);
	assert_int_equal(offsetof(struct obd_statfs, os_bsize), 88);
	assert_int_equal(offsetof(struct obd_statfs, os_namelen), 92);
	assert_int_equal(offsetof(struct obd_statfs, os_maxbytes), 96);
	assert_int_equal(offsetof(struct obd_statfs, os_state), 104);
	assert_int_equal(offsetof(struct obd_statfs, os_fprecreated), 108);
	assert_int_equal(offsetof(struct obd_statfs, os_granted), 112);
	assert_int_equal(offsetof(struct obd_statfs, os_spare9), 140);
	assert_int_equal(sizeof(struct obd_ioobj), 24);
	assert_int_equal(sizeof(struct niobuf_remote), 16);
	/* An echo object's id is the FID [FID_SEQ_ECHO:oid:0] in the ost_id. */
	{
		struct ost_id oi = { 0 };
		unsigned char raw[16];

		oi.oi_fid.f_seq = FID_SEQ_ECHO;
		oi.oi_fid.f_oid = ECHO_INIT_OID + 1;
		memcpy(raw, &oi, sizeof(raw));
		assert_int_equal(raw[0], 2);
		assert_int_equal(raw[8], 0x01);
		assert_int_equal(raw[11], 0x10);
		assert_int_equal(oi.oi.oi_seq, ECHO_INIT_OID + 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_t10),
		cmocka_unit_test(test_t10_lustre),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_ost_wire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
