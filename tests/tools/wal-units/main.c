// SPDX-License-Identifier: GPL-2.0
/*
 * wal-units FIRST_LSN COUNT: write COUNT one-block write-ahead log units
 * (LSNs FIRST_LSN, FIRST_LSN + 1, ...; each one transaction destroying an
 * object) to standard output, made by the kernel's own encoder
 * (osd_wal_format.c through nacre_pure), for the VM tests to put in a
 * store's /NACRE/WAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nacre/osd_wal.h>
#include <crc32c_sw.h>

int main(int argc, char **argv)
{
	static unsigned char unit[WAL_BLOCK], rec[256];
	unsigned long long lsn, count;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: wal-units FIRST_LSN COUNT\n");
		return 2;
	}
	errno = 0;
	lsn = strtoull(argv[1], &end, 0);
	if (errno || *end || !lsn) {
		fprintf(stderr, "wal-units: bad LSN '%s'\n", argv[1]);
		return 2;
	}
	count = strtoull(argv[2], &end, 0);
	if (errno || *end) {
		fprintf(stderr, "wal-units: bad count '%s'\n", argv[2]);
		return 2;
	}
	for (unsigned long long i = 0; i < count; i++) {
		struct wal_op op = { .op = WOP_DESTROY, .fid = { FID_SEQ_NORMAL, (__u32)(i + 1), 0 } };
		struct wal_rec_builder b;
		struct wal_unit_builder u;
		__u32 len;

		wal_rec_begin(&b, rec, sizeof(rec), WAL_REC_TX, i);
		if (wal_rec_add(&b, &op, NULL))
			return 1;
		len = wal_rec_end(&b);
		wal_rec_set_transno(rec, 100 + i);
		wal_unit_begin(&u, unit, sizeof(unit));
		if (wal_unit_add(&u, rec, len) || wal_unit_seal(&u, lsn + i) != WAL_BLOCK)
			return 1;
		if (fwrite(unit, 1, sizeof(unit), stdout) != sizeof(unit)) {
			perror("wal-units");
			return 1;
		}
	}
	return fflush(stdout) ? 1 : 0;
}
