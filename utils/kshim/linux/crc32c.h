/* kshim: <linux/crc32c.h>; the unit test that uses it defines crc32c(). */
#include "../kshim.h"
#include <linux/types.h>
__u32 crc32c(__u32 crc, const void *address, unsigned int length);
