/* kshim: <net/checksum.h>; the unit test that uses it defines ip_compute_csum(). */
#include "../kshim.h"
#include <linux/types.h>
__sum16 ip_compute_csum(const void *buff, int len);
