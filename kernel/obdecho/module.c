// SPDX-License-Identifier: GPL-2.0
/* obdecho.ko: registers the echo target and echo client device types. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "echo.h"

/* The echo target is server code: a client-only build has the client alone. */
static int __init obdecho_init(void)
{
	int rc;

	if (IS_ENABLED(CONFIG_NACRE_SERVER)) {
		rc = obd_type_register(&echo_srv_type);
		if (rc)
			return rc;
	}
	rc = obd_type_register(&echo_client_type);
	if (rc && IS_ENABLED(CONFIG_NACRE_SERVER))
		obd_type_unregister(&echo_srv_type);
	return rc;
}

static void __exit obdecho_exit(void)
{
	obd_type_unregister(&echo_client_type);
	if (IS_ENABLED(CONFIG_NACRE_SERVER))
		obd_type_unregister(&echo_srv_type);
}

module_init(obdecho_init);
module_exit(obdecho_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Nacre echo target and echo client (Lustre obdecho)");
MODULE_ALIAS("obd-type-echo_client");
MODULE_ALIAS("obd-type-obdecho");
MODULE_SOFTDEP("pre: ptlrpc");
