/* kshim: <linux/crc32.h>; the unit test that uses it defines crc32_le(). */
#include "../kshim.h"
#include <linux/types.h>
__u32 crc32_le(__u32 crc, const unsigned char *p, size_t len);
