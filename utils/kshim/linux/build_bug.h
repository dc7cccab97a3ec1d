/* kshim: kernel <linux/build_bug.h> subset: static_assert is C11's. */
#include <assert.h>
