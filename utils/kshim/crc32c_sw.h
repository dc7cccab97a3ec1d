/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: a user-space crc32c() (Castagnoli, reflected, the caller's seed
 * in, no inversion: the kernel's <linux/crc32c.h> contract) for programs
 * that link pure files calling it.  Include it in exactly one file of the
 * program (a unit test, a fuzz harness): it defines the function.
 */
#ifndef NACRE_KSHIM_CRC32C_SW_H
#define NACRE_KSHIM_CRC32C_SW_H

#include <linux/crc32c.h>

__u32 crc32c(__u32 crc, const void *address, unsigned int length)
{
	static __u32 table[256];
	const unsigned char *p = address;

	if (!table[1]) {
		for (__u32 i = 0; i < 256; i++) {
			__u32 c = i;

			for (int k = 0; k < 8; k++)
				c = (c >> 1) ^ ((c & 1) ? 0x82f63b78U : 0);
			table[i] = c;
		}
	}
	while (length--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#endif
