// SPDX-License-Identifier: GPL-2.0
/*
 * lnet.ko: the LNet core.  Loading it registers the "lnet" generic netlink
 * family and the loopback driver; LNet itself comes up on
 * "lnetctl lnet configure" and goes down on "lnetctl lnet unconfigure".
 * While it is up the module is pinned (its loopback NI holds a reference,
 * as every NI holds its driver's), so, as with Lustre, unloading needs
 * unconfigure first.  Message and MD counts must be back to zero at unload:
 * a leak is reported.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <lnet/lib-lnet.h>

struct lnet_state the_lnet = {
	.api_mutex = __MUTEX_INITIALIZER(the_lnet.api_mutex),
	.res_lock = __SPIN_LOCK_UNLOCKED(the_lnet.res_lock),
	.nets = LIST_HEAD_INIT(the_lnet.nets),
	.mds = XARRAY_INIT(the_lnet.mds, XA_FLAGS_ALLOC),
	.peers = LIST_HEAD_INIT(the_lnet.peers),
	.routes = LIST_HEAD_INIT(the_lnet.routes),
};

EXPORT_SYMBOL(the_lnet);
EXPORT_SYMBOL(lnet_net_parse);
EXPORT_SYMBOL(lnet_net_format);
EXPORT_SYMBOL(lnet_nid_parse);
EXPORT_SYMBOL(lnet_nid_format);
EXPORT_SYMBOL(ksock_hello_decode);
EXPORT_SYMBOL(ksock_hello_encode);
EXPORT_SYMBOL(ksock_msg_hdr_decode);
EXPORT_SYMBOL(ksock_msg_hdr_encode);
EXPORT_SYMBOL(lnet_hdr_decode);
EXPORT_SYMBOL(lnet_hdr_encode);
EXPORT_SYMBOL(lnet_accept_port);

static int __init lnet_init(void)
{
	int i, rc;

	for (i = 0; i < LNET_MAX_PORTALS; i++)
		INIT_LIST_HEAD(&the_lnet.portals[i]);
	rc = lnet_register_lnd(&lnet_lolnd);
	if (rc)
		return rc;
	rc = lnet_genl_init();
	if (rc)
		goto unregister_lo;
	return 0;

unregister_lo:
	lnet_unregister_lnd(&lnet_lolnd);
	return rc;
}

static void __exit lnet_exit(void)
{
	/* No netlink request can arrive once the family is gone; LNet is down
	 * (it pins the module while up).
	 */
	lnet_genl_fini();
	WARN_ON_ONCE(the_lnet.up);
	lnet_unregister_lnd(&lnet_lolnd);
	WARN(atomic_read(&the_lnet.nmsgs), "lnet: %d messages leaked\n",
	     atomic_read(&the_lnet.nmsgs));
	WARN(atomic_read(&the_lnet.nmds), "lnet: %d MDs leaked\n", atomic_read(&the_lnet.nmds));
	xa_destroy(&the_lnet.mds);
}

module_init(lnet_init);
module_exit(lnet_exit);
MODULE_DESCRIPTION("Nacre LNet core");
MODULE_LICENSE("GPL");
