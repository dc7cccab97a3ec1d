// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk checksums (kernel/ptlrpc/cksum.c) against known vectors, with the
 * seeds and final inversions of Lustre's kernel hashes; the algorithm
 * names of o_flags and the client's choice; and the OST wire structures'
 * sizes and offsets (nacre/lustre_ost_wire.h) as Lustre 2.16 has them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/crc32.h>
#include <linux/crc32c.h>
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
	assert_int_equal(obd_cksum_type_select(all | OBD_CKSUM_T10IP4K, OBD_CKSUM_T10IP4K),
			 OBD_CKSUM_CRC32C);
	/* Nothing granted (no OBD_CONNECT_CKSUM): Adler-32. */
	assert_int_equal(obd_cksum_type_select(0, 0), OBD_CKSUM_ADLER);
	assert_int_equal(obd_cksum_type_select(OBD_CKSUM_T10CRC4K, 0), OBD_CKSUM_ADLER);
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
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_ost_wire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
