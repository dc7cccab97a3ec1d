/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-space shim for pure-logic kernel files (force-included).  Those
 * files may use the uapi headers (linux/types.h, linux/errno.h,
 * asm/byteorder.h: the real ones are used) and the small kernel subset
 * defined here or in kshim/linux/: nothing that allocates, locks or sleeps.
 */
#ifndef NACRE_KSHIM_H
#define NACRE_KSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define EXPORT_SYMBOL(sym)

/* sparse annotations */
#ifndef __force
#define __force
#endif

#endif
