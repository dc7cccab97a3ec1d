/* kshim: kernel <linux/kernel.h> subset for pure-logic files. */
#include "../kshim.h"
