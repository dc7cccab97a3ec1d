/* kshim: <linux/crc-t10dif.h>; the unit test that uses it defines crc_t10dif(). */
#include "../kshim.h"
#include <linux/types.h>
__u16 crc_t10dif(const unsigned char *buffer, size_t len);
