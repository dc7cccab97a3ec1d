// SPDX-License-Identifier: GPL-2.0
/*
 * lnet.ko: the LNet core.  So far it carries the NID library (nidstr.c),
 * exported for the network drivers and the RPC layer; it holds no state, so
 * init and exit have nothing to set up or tear down.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <lnet/nid.h>

EXPORT_SYMBOL(lnet_net_parse);
EXPORT_SYMBOL(lnet_net_format);
EXPORT_SYMBOL(lnet_nid_parse);
EXPORT_SYMBOL(lnet_nid_format);

static int __init lnet_init(void)
{
	return 0;
}

static void __exit lnet_exit(void)
{
}

module_init(lnet_init);
module_exit(lnet_exit);
MODULE_DESCRIPTION("Nacre LNet core");
MODULE_LICENSE("GPL");
