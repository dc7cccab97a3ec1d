/* kshim: kernel <linux/string.h> is the C library's. */
#include <string.h>
