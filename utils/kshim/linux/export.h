/* kshim: kernel <linux/export.h>; EXPORT_SYMBOL is defined in kshim.h. */
#include "../kshim.h"
