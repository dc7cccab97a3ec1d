// SPDX-License-Identifier: GPL-2.0
/*
 * The LND registry.  Each network driver registers an ops table for its LND
 * type; a network of that type pins the driver's module while it exists.
 * Drivers outside lnet.ko are loaded on demand by name ("ksocklnd" for tcp,
 * "ko2iblnd" for o2ib), as Lustre's modules are.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmod.h>
#include <linux/module.h>
#include <lnet/lib-lnet.h>

static LIST_HEAD(lnds);
static DEFINE_MUTEX(lnds_mutex);

static struct lnet_lnd *find_lnd(__u32 type)
{
	struct lnet_lnd *lnd;

	lockdep_assert_held(&lnds_mutex);
	list_for_each_entry(lnd, &lnds, list)
		if (lnd->type == type)
			return lnd;
	return NULL;
}

/**
 * lnet_register_lnd() - make a driver available for its network type.
 * Return: 0, or -EEXIST when the type already has a driver.
 */
int lnet_register_lnd(struct lnet_lnd *lnd)
{
	int rc = 0;

	mutex_lock(&lnds_mutex);
	if (find_lnd(lnd->type))
		rc = -EEXIST;
	else
		list_add_tail(&lnd->list, &lnds);
	mutex_unlock(&lnds_mutex);
	return rc;
}
EXPORT_SYMBOL(lnet_register_lnd);

/**
 * lnet_unregister_lnd() - withdraw a driver.  Its networks are gone: each
 * held a reference to the driver's module, so it could not be unloading.
 */
void lnet_unregister_lnd(struct lnet_lnd *lnd)
{
	mutex_lock(&lnds_mutex);
	list_del(&lnd->list);
	mutex_unlock(&lnds_mutex);
}
EXPORT_SYMBOL(lnet_unregister_lnd);

struct lnd_module {
	__u32 type;
	const char *name;
	const char *missing;	/* extack text (static: 6.1 cannot format) */
};

static const struct lnd_module lnd_modules[] = {
	{ LNET_LND_SOCK, "ksocklnd", "no driver for tcp networks (module ksocklnd not available)" },
	{ LNET_LND_O2IB, "ko2iblnd", "no driver for o2ib networks (module ko2iblnd not available)" },
};

static const struct lnd_module *lnd_module(__u32 type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lnd_modules); i++)
		if (lnd_modules[i].type == type)
			return &lnd_modules[i];
	return NULL;
}

/**
 * lnet_lnd_get() - the driver for a network type, its module pinned; loads
 * the driver's module when none is registered.  Release with lnet_lnd_put().
 */
const struct lnet_lnd *lnet_lnd_get(__u32 type, struct netlink_ext_ack *extack)
{
	const struct lnd_module *mod = lnd_module(type);
	struct lnet_lnd *lnd;
	bool tried = false;

	for (;;) {
		mutex_lock(&lnds_mutex);
		lnd = find_lnd(type);
		if (lnd && !try_module_get(lnd->owner))
			lnd = NULL;
		mutex_unlock(&lnds_mutex);
		if (lnd || tried || !mod)
			break;
		/* Not under lnds_mutex: the module's init registers itself. */
		request_module("%s", mod->name);
		tried = true;
	}
	if (!lnd)
		lnet_extack(extack, NULL, mod ? mod->missing : "no driver for this network type");
	return lnd;
}

/**
 * lnet_lnd_implicit() - whether networks of @type are implicit (see
 * struct lnet_lnd); a type without a registered driver is not.
 */
bool lnet_lnd_implicit(__u32 type)
{
	struct lnet_lnd *lnd;
	bool implicit;

	mutex_lock(&lnds_mutex);
	lnd = find_lnd(type);
	implicit = lnd && lnd->implicit;
	mutex_unlock(&lnds_mutex);
	return implicit;
}

void lnet_lnd_put(const struct lnet_lnd *lnd)
{
	module_put(lnd->owner);
}
