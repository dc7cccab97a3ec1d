/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer harnesses: an invariant check that names the
 * broken invariant and then traps (a crash libFuzzer records), and a copy of
 * the input as a NUL-terminated string in an exact-size heap buffer, so
 * AddressSanitizer sees a parser that reads past the NUL.  C and C++ (the
 * lnet.conf harness) alike.
 */
#ifndef NACRE_FUZZ_H
#define NACRE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__,  \
				__LINE__, #cond);                                \
			__builtin_trap();                                        \
		}                                                                \
	} while (0)

static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = (char *)malloc(size + 1);

	CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif /* NACRE_FUZZ_H */
