// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module that proves the VM rig: it loads, logs, and unloads, and
 * on request misbehaves in the ways the rig must catch (a WARN, a BUG-style
 * report, a module that refuses to unload).  It is never packaged.
 *
 *   modprobe nacre_rigcheck            load, log, nothing else
 *   modprobe nacre_rigcheck mode=warn  WARN_ON_ONCE at load
 *   modprobe nacre_rigcheck mode=pin   keep a reference: rmmod fails
 *   echo 1 > /sys/module/nacre_rigcheck/parameters/poke   WARN at run time
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <nacre/compat.h>

static char *mode = "ok";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "ok | warn | pin: how to behave at load");

static bool pinned;

static int poke_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int rc = kstrtobool(val, &on);

	if (rc)
		return rc;
	/* Deliberate: the rig's detector must fail the test that does this. */
	WARN(on, "nacre_rigcheck: poked\n");
	return 0;
}

static const struct kernel_param_ops poke_ops = {
	.set = poke_set,
};
module_param_cb(poke, &poke_ops, NULL, 0200);
MODULE_PARM_DESC(poke, "write 1 to raise a WARNING");

static int __init rigcheck_init(void)
{
	if (!strcmp(mode, "warn")) {
		WARN_ON_ONCE(1);
	} else if (!strcmp(mode, "pin")) {
		pinned = try_module_get(THIS_MODULE);
	} else if (strcmp(mode, "ok")) {
		pr_err("unknown mode '%s'\n", mode);
		return -EINVAL;
	}
	pr_info("loaded (mode=%s)\n", mode);
	return 0;
}

static void __exit rigcheck_exit(void)
{
	pr_info("unloaded\n");
}

module_init(rigcheck_init);
module_exit(rigcheck_exit);
MODULE_DESCRIPTION("Nacre VM rig self-test module");
MODULE_LICENSE("GPL");
