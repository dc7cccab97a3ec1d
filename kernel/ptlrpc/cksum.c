// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk checksum algorithms (nacre/obd_cksum.h).  Pure: built into ptlrpc.ko
 * and into the unit tests, where the CRCs come from reference
 * implementations, so the known vectors check the seeds and inversions.
 */
#include <linux/kernel.h>
#include <asm/byteorder.h>
#include <linux/crc32.h>
#include <linux/crc32c.h>
#include <linux/crc-t10dif.h>
#include <linux/export.h>
#include <linux/string.h>
#include <net/checksum.h>
#include <nacre/lustre_ost_wire.h>
#include <nacre/obd_cksum.h>

__u32 obd_cksum_type_unpack(__u32 o_flags)
{
	switch (o_flags & OBD_FL_CKSUM_MASK) {
	case OBD_FL_CKSUM_CRC32:
		return OBD_CKSUM_CRC32;
	case OBD_FL_CKSUM_CRC32C:
		return OBD_CKSUM_CRC32C;
	case OBD_FL_CKSUM_T10IP512:
		return OBD_CKSUM_T10IP512;
	case OBD_FL_CKSUM_T10IP4K:
		return OBD_CKSUM_T10IP4K;
	case OBD_FL_CKSUM_T10CRC512:
		return OBD_CKSUM_T10CRC512;
	case OBD_FL_CKSUM_T10CRC4K:
		return OBD_CKSUM_T10CRC4K;
	default:
		/* OBD_FL_CKSUM_ADLER, or nothing named: Lustre's default. */
		return OBD_CKSUM_ADLER;
	}
}
EXPORT_SYMBOL(obd_cksum_type_unpack);

__u32 obd_cksum_type_pack(__u32 type)
{
	switch (type) {
	case OBD_CKSUM_CRC32:
		return OBD_FL_CKSUM_CRC32;
	case OBD_CKSUM_CRC32C:
		return OBD_FL_CKSUM_CRC32C;
	case OBD_CKSUM_T10IP512:
		return OBD_FL_CKSUM_T10IP512;
	case OBD_CKSUM_T10IP4K:
		return OBD_FL_CKSUM_T10IP4K;
	case OBD_CKSUM_T10CRC512:
		return OBD_FL_CKSUM_T10CRC512;
	case OBD_CKSUM_T10CRC4K:
		return OBD_FL_CKSUM_T10CRC4K;
	default:
		return OBD_FL_CKSUM_ADLER;
	}
}
EXPORT_SYMBOL(obd_cksum_type_pack);

__u32 obd_cksum_type_select(__u32 types, __u32 preferred)
{
	static const __u32 order[] = { OBD_CKSUM_CRC32C, OBD_CKSUM_CRC32, OBD_CKSUM_ADLER,
				       OBD_CKSUM_T10IP4K, OBD_CKSUM_T10CRC4K,
				       OBD_CKSUM_T10IP512, OBD_CKSUM_T10CRC512 };
	size_t i;

	types &= NACRE_CKSUM_SUPPORTED;
	/* One bit only: a preference of several algorithms names none. */
	if (preferred && !(preferred & (preferred - 1)) && (preferred & types))
		return preferred;
	for (i = 0; i < ARRAY_SIZE(order); i++)
		if (types & order[i])
			return order[i];
	return OBD_CKSUM_ADLER;
}
EXPORT_SYMBOL(obd_cksum_type_select);

const char *obd_cksum_type_name(__u32 type)
{
	switch (type) {
	case OBD_CKSUM_CRC32:
		return "crc32";
	case OBD_CKSUM_ADLER:
		return "adler";
	case OBD_CKSUM_CRC32C:
		return "crc32c";
	case OBD_CKSUM_T10IP512:
		return "t10ip512";
	case OBD_CKSUM_T10IP4K:
		return "t10ip4K";
	case OBD_CKSUM_T10CRC512:
		return "t10crc512";
	case OBD_CKSUM_T10CRC4K:
		return "t10crc4K";
	default:
		return NULL;
	}
}
EXPORT_SYMBOL(obd_cksum_type_name);

/* The largest n with 255 n (n + 1) / 2 + (n + 1) (65521 - 1) < 2^32: the
 * sums may run that many bytes before they must be reduced. */
#define ADLER_MOD	65521U
#define ADLER_NMAX	5552U

__u32 obd_adler32(__u32 adler, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	__u32 a = adler & 0xffff, b = adler >> 16;

	while (len) {
		size_t n = len < ADLER_NMAX ? len : ADLER_NMAX;

		len -= n;
		while (n--) {
			a += *p++;
			b += a;
		}
		a %= ADLER_MOD;
		b %= ADLER_MOD;
	}
	return (b << 16) | a;
}
EXPORT_SYMBOL(obd_adler32);

unsigned int obd_t10_sector_size(__u32 type)
{
	switch (type) {
	case OBD_CKSUM_T10IP512:
	case OBD_CKSUM_T10CRC512:
		return 512;
	case OBD_CKSUM_T10IP4K:
	case OBD_CKSUM_T10CRC4K:
		return 4096;
	default:
		return 0;
	}
}
EXPORT_SYMBOL(obd_t10_sector_size);

/*
 * T10-PI: the guard tag of each sector (cut at the page's sector
 * boundaries, @off being where @p sits in its page), as the tag's bytes
 * would be stored: the IP checksum as ip_compute_csum() leaves it, the
 * CRC big-endian; the tags' bytes, one after the other, go into Adler-32
 * (Lustre's OBD_CKSUM_T10_TOP).
 */
static __u32 t10_update(__u32 type, __u32 adler, const unsigned char *p, unsigned int off,
			unsigned int len, unsigned int sector)
{
	unsigned int end = off + len;

	while (off < end) {
		unsigned int next = (off / sector + 1) * sector;
		unsigned int n = (next < end ? next : end) - off;
		unsigned char tag[2];

		if (type == OBD_CKSUM_T10CRC512 || type == OBD_CKSUM_T10CRC4K) {
			__be16 crc = __cpu_to_be16(crc_t10dif(p, n));

			memcpy(tag, &crc, sizeof(tag));
		} else {
			__sum16 ip = ip_compute_csum(p, n);

			memcpy(tag, &ip, sizeof(tag));
		}
		adler = obd_adler32(adler, tag, sizeof(tag));
		p += n;
		off += n;
	}
	return adler;
}

__u32 obd_cksum_init(__u32 type)
{
	return type == OBD_CKSUM_ADLER || obd_t10_sector_size(type) ? 1 : ~0U;
}
EXPORT_SYMBOL(obd_cksum_init);

__u32 obd_cksum_update_page(__u32 type, __u32 state, const void *data, unsigned int off,
			    unsigned int len)
{
	unsigned int sector = obd_t10_sector_size(type);

	if (sector)
		return t10_update(type, state, data, off, len, sector);
	return obd_cksum_update(type, state, data, len);
}
EXPORT_SYMBOL(obd_cksum_update_page);

__u32 obd_cksum_update(__u32 type, __u32 state, const void *buf, size_t len)
{
	unsigned int sector = obd_t10_sector_size(type);

	if (sector)
		return t10_update(type, state, buf, 0, len, sector);
	switch (type) {
	case OBD_CKSUM_CRC32:
		return crc32_le(state, buf, len);
	case OBD_CKSUM_CRC32C:
		return crc32c(state, buf, len);
	default:
		return obd_adler32(state, buf, len);
	}
}
EXPORT_SYMBOL(obd_cksum_update);

__u32 obd_cksum_final(__u32 type, __u32 state)
{
	/* The kernel's crc32c hash inverts at the end, its crc32 does not:
	 * Lustre's o_cksum is what those hashes give (Adler-32, and the
	 * T10-PI kinds' Adler-32 of their tags, as they are). */
	return type == OBD_CKSUM_CRC32C ? ~state : state;
}
EXPORT_SYMBOL(obd_cksum_final);

__u32 obd_cksum_buf(__u32 type, const void *buf, size_t len)
{
	return obd_cksum_final(type, obd_cksum_update(type, obd_cksum_init(type), buf, len));
}
EXPORT_SYMBOL(obd_cksum_buf);
