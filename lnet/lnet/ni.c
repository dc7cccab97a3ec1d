// SPDX-License-Identifier: GPL-2.0
/*
 * LNet up and down, and its local networks and NIs.
 *
 * Configuration runs under the_lnet.api_mutex.  The data path finds NIs
 * under res_lock and holds a reference (ni->refs) per message, so removing
 * an NI is: unlink it under res_lock, wait for its references to drain,
 * then shut its driver instance down.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <lnet/lib-lnet.h>

char *lnet_networks = "";
module_param_named(networks, lnet_networks, charp, 0444);
MODULE_PARM_DESC(networks, "local networks, e.g. \"tcp0(eth0),o2ib(ib0)\" (lnetctl lnet configure --all)");

/* Default tunables, as Lustre's socklnd uses them. */
#define LNET_DEF_PEER_TIMEOUT	180
#define LNET_DEF_CREDITS	256

void lnet_ni_put(struct lnet_ni *ni)
{
	if (atomic_dec_and_test(&ni->refs))
		wake_up_var(&ni->refs);
}

static struct lnet_net *find_net(__u32 net_id)
{
	struct lnet_net *net;

	list_for_each_entry(net, &the_lnet.nets, list)
		if (net->net_id == net_id)
			return net;
	return NULL;
}

/*
 * Shut one NI down (it is off the data path): its driver aborts what is in
 * flight, the messages still using the NI finish, then the driver frees it.
 */
static void ni_destroy(struct lnet_ni *ni)
{
	const struct lnet_lnd *lnd = ni->net->lnd;

	if (ni->up && lnd->drain)
		lnd->drain(ni);
	wait_var_event(&ni->refs, atomic_read(&ni->refs) == 0);
	if (ni->up) {
		lnd->shutdown(ni);
		if (lnd->accept)
			lnet_acceptor_stop();
	}
	kfree(ni);
}

/* Take a network out of the data path, then destroy it (api_mutex held). */
static void net_destroy(struct lnet_net *net)
{
	struct lnet_ni *ni, *tmp;

	lockdep_assert_held(&the_lnet.api_mutex);
	spin_lock(&the_lnet.res_lock);
	list_del_init(&net->list);
	spin_unlock(&the_lnet.res_lock);
	list_for_each_entry_safe(ni, tmp, &net->nis, list) {
		list_del(&ni->list);
		ni_destroy(ni);
	}
	lnet_lnd_put(net->lnd);
	kfree(net);
}

static struct lnet_ni *ni_new(struct lnet_net *net, const char *iface)
{
	struct lnet_ni *ni = kzalloc(sizeof(*ni), GFP_KERNEL);

	if (!ni)
		return NULL;
	ni->net = net;
	atomic_set(&ni->refs, 0);
	INIT_LIST_HEAD(&ni->txq);
	if (iface) {
		strscpy(ni->ifaces[0], iface, sizeof(ni->ifaces[0]));
		ni->nifaces = 1;
	}
	return ni;
}

/* Create a network from @spec, one NI per interface (api_mutex held). */
static int net_create(const struct lnet_netspec *spec, struct netlink_ext_ack *extack)
{
	const struct lnet_lnd *lnd;
	struct lnet_net *net;
	struct lnet_ni *ni, *tmp;
	unsigned int i, n = spec->nifaces ?: 1;
	int rc;

	lockdep_assert_held(&the_lnet.api_mutex);
	if (find_net(spec->net)) {
		NL_SET_ERR_MSG(extack, "network already exists");
		return -EEXIST;
	}
	lnd = lnet_lnd_get(LNET_NETTYP(spec->net), extack);
	if (!lnd)
		return -EPROTONOSUPPORT;
	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net) {
		lnet_lnd_put(lnd);
		return -ENOMEM;
	}
	net->net_id = spec->net;
	net->lnd = lnd;
	net->peer_timeout = LNET_DEF_PEER_TIMEOUT;
	net->peer_credits = LNET_DEF_PEER_CREDITS;
	net->credits = LNET_DEF_CREDITS;
	INIT_LIST_HEAD(&net->nis);
	INIT_LIST_HEAD(&net->list);

	for (i = 0; i < n; i++) {
		ni = ni_new(net, spec->nifaces ? spec->ifaces[i] : NULL);
		if (!ni) {
			rc = -ENOMEM;
			goto fail;
		}
		list_add_tail(&ni->list, &net->nis);
		ni->nid.nid_type = LNET_NETTYP(spec->net);
		ni->nid.nid_num = cpu_to_be16(LNET_NETNUM(spec->net));
		rc = lnd->startup(ni, extack);
		if (rc)
			goto fail;
		ni->txcredits = net->credits;
		ni->mintxcredits = net->credits;
		if (lnd->accept) {
			rc = lnet_acceptor_start();
			if (rc) {
				lnd->shutdown(ni);
				NL_SET_ERR_MSG(extack, "cannot listen on the acceptor port (see dmesg)");
				goto fail;
			}
		}
		ni->up = true;
	}
	spin_lock(&the_lnet.res_lock);
	list_add_tail(&net->list, &the_lnet.nets);
	spin_unlock(&the_lnet.res_lock);
	return 0;

fail:
	/* Not yet visible to the data path: no references to wait for. */
	list_for_each_entry_safe(ni, tmp, &net->nis, list) {
		list_del(&ni->list);
		ni_destroy(ni);
	}
	lnet_lnd_put(lnd);
	kfree(net);
	return rc;
}

static void destroy_all_nets(void)
{
	struct lnet_net *net, *tmp;

	list_for_each_entry_safe_reverse(net, tmp, &the_lnet.nets, list)
		net_destroy(net);
}

static int add_modparam_nets(struct netlink_ext_ack *extack)
{
	struct lnet_netspec *specs;
	unsigned int i, n;
	const char *why;
	int rc;

	specs = kcalloc(LNET_NETSPEC_MAX_NETS, sizeof(*specs), GFP_KERNEL);
	if (!specs)
		return -ENOMEM;
	rc = lnet_networks_parse(lnet_networks, specs, LNET_NETSPEC_MAX_NETS, &n, &why);
	if (rc) {
		pr_err("networks=\"%s\": %s\n", lnet_networks, why);
		NL_SET_ERR_MSG(extack, "the lnet module parameter networks= is malformed (see dmesg)");
	}
	for (i = 0; !rc && i < n; i++)
		rc = net_create(&specs[i], extack);
	kfree(specs);
	return rc;
}

/**
 * lnet_configure() - bring LNet up: the loopback network always, and with
 * @load_modparams the networks of the "networks" module parameter.
 * Configuring LNet that is up changes nothing and is not an error.
 */
int lnet_configure(bool load_modparams, struct netlink_ext_ack *extack)
{
	static const struct lnet_netspec lo = { .net = LNET_MKNET(LNET_LND_LO, 0) };
	int rc;

	mutex_lock(&the_lnet.api_mutex);
	if (the_lnet.up) {
		rc = 0;
		goto out;
	}
	the_lnet.incarnation = ktime_get_real_ns();
	the_lnet.pid = LNET_PID_LUSTRE;
	rc = net_create(&lo, extack);
	if (!rc && load_modparams && *lnet_networks)
		rc = add_modparam_nets(extack);
	if (rc)
		goto undo;

	spin_lock(&the_lnet.res_lock);
	the_lnet.up = true;
	spin_unlock(&the_lnet.res_lock);
	rc = lnet_ping_target_init();
	if (rc) {
		spin_lock(&the_lnet.res_lock);
		the_lnet.up = false;
		spin_unlock(&the_lnet.res_lock);
		goto undo;
	}
	lnet_recovery_start();
	pr_info("configured\n");
	goto out;
undo:
	destroy_all_nets();
out:
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}

/** lnet_unconfigure() - take LNet down; down already is not an error. */
int lnet_unconfigure(struct netlink_ext_ack *extack)
{
	mutex_lock(&the_lnet.api_mutex);
	if (the_lnet.up && the_lnet.users) {
		/* As Lustre: LNet stays up while a service uses it. */
		NL_SET_ERR_MSG(extack, "LNet is in use (unload the modules using it first)");
		mutex_unlock(&the_lnet.api_mutex);
		return -EBUSY;
	}
	if (the_lnet.up) {
		lnet_ping_target_fini();
		spin_lock(&the_lnet.res_lock);
		the_lnet.up = false;
		spin_unlock(&the_lnet.res_lock);
		destroy_all_nets();
		lnet_recovery_stop();
		lnet_routes_cleanup();
		lnet_rtrpools_cleanup();
		lnet_peer_tables_cleanup();
		the_lnet.routing = false;
		lnet_md_flush_all();
		pr_info("unconfigured\n");
	}
	mutex_unlock(&the_lnet.api_mutex);
	return 0;
}

/**
 * lnet_user_get() - a kernel service starts using LNet: it must be up, and
 * stays up (unconfigure is refused) until lnet_user_put().
 */
int lnet_user_get(void)
{
	int rc = 0;

	mutex_lock(&the_lnet.api_mutex);
	if (the_lnet.up)
		the_lnet.users++;
	else
		rc = -ENETDOWN;
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}
EXPORT_SYMBOL(lnet_user_get);

void lnet_user_put(void)
{
	mutex_lock(&the_lnet.api_mutex);
	WARN_ON(!the_lnet.users--);
	mutex_unlock(&the_lnet.api_mutex);
}
EXPORT_SYMBOL(lnet_user_put);

/** lnet_net_add() - add a network while LNet is up. */
int lnet_net_add(const struct lnet_netspec *spec, struct netlink_ext_ack *extack)
{
	int rc;

	if (lnet_lnd_implicit(LNET_NETTYP(spec->net))) {
		NL_SET_ERR_MSG(extack, "the loopback network always exists");
		return -EEXIST;
	}
	mutex_lock(&the_lnet.api_mutex);
	if (!the_lnet.up) {
		NL_SET_ERR_MSG(extack, "LNet is not configured (lnetctl lnet configure)");
		rc = -ENETDOWN;
	} else {
		rc = net_create(spec, extack);
		if (!rc)
			lnet_ping_target_update();
	}
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}

/** lnet_net_del() - remove a network (not the loopback one). */
int lnet_net_del(__u32 net_id, struct netlink_ext_ack *extack)
{
	struct lnet_net *net;
	int rc = 0;

	if (lnet_lnd_implicit(LNET_NETTYP(net_id))) {
		NL_SET_ERR_MSG(extack, "the loopback network cannot be removed");
		return -EINVAL;
	}
	mutex_lock(&the_lnet.api_mutex);
	net = the_lnet.up ? find_net(net_id) : NULL;
	if (!net) {
		NL_SET_ERR_MSG(extack, "no such network");
		rc = -ENOENT;
	} else {
		net_destroy(net);
		lnet_ping_target_update();
	}
	mutex_unlock(&the_lnet.api_mutex);
	return rc;
}

/* A NID is ours when an NI has it; 0@lo is always ours (res_lock held). */
static struct lnet_ni *local_ni(__u64 nid)
{
	struct lnet_net *net;
	struct lnet_ni *ni;

	lockdep_assert_held(&the_lnet.res_lock);
	list_for_each_entry(net, &the_lnet.nets, list)
		list_for_each_entry(ni, &net->nis, list)
			if (ni->up && lnet_nid_to_nid4(&ni->nid) == nid)
				return ni;
	return NULL;
}

/** lnet_ni_get_local() - the up NI whose NID is @nid, with a reference. */
struct lnet_ni *lnet_ni_get_local(__u64 nid)
{
	struct lnet_ni *ni;

	spin_lock(&the_lnet.res_lock);
	ni = the_lnet.up ? local_ni(nid) : NULL;
	if (ni)
		atomic_inc(&ni->refs);
	spin_unlock(&the_lnet.res_lock);
	return ni;
}

bool lnet_nid_is_local_locked(__u64 nid)
{
	return the_lnet.up && local_ni(nid);
}

bool lnet_nid_is_local(__u64 nid)
{
	bool local;

	spin_lock(&the_lnet.res_lock);
	local = the_lnet.up && local_ni(nid);
	spin_unlock(&the_lnet.res_lock);
	return local;
}
EXPORT_SYMBOL(lnet_nid_is_local);

/* An up NI on network @net_id (res_lock held; no reference taken). */
struct lnet_ni *lnet_ni_on_net_locked(__u32 net_id)
{
	struct lnet_net *net;
	struct lnet_ni *ni;

	list_for_each_entry(net, &the_lnet.nets, list) {
		if (net->net_id != net_id)
			continue;
		list_for_each_entry(ni, &net->nis, list)
			if (ni->up)
				return ni;
	}
	return NULL;
}

/**
 * lnet_ni_for_dest() - the NI to send to @dest_nid from, with a reference
 * (lnet_ni_put()), and in *@txpeer the peer to hand the message to: the
 * loopback NI for our own NIDs, an NI on the destination's network, or
 * one on the network of the gateway a route names.  NULL: unreachable.
 */
struct lnet_ni *lnet_ni_for_dest(__u64 dest_nid, __u64 *txpeer)
{
	struct lnet_ni *ni = NULL;
	struct lnet_net *net;
	__u64 gw;

	*txpeer = dest_nid;
	spin_lock(&the_lnet.res_lock);
	if (!the_lnet.up)
		goto out;
	if (local_ni(dest_nid)) {
		net = list_first_entry(&the_lnet.nets, struct lnet_net, list);
		ni = list_first_entry(&net->nis, struct lnet_ni, list);
		goto out;
	}
	ni = lnet_ni_on_net_locked(LNET_NIDNET(dest_nid));
	if (ni)
		goto out;
	gw = lnet_route_nexthop_locked(LNET_NIDNET(dest_nid));
	if (gw) {
		ni = lnet_ni_on_net_locked(LNET_NIDNET(gw));
		*txpeer = gw;
	}
out:
	if (ni)
		atomic_inc(&ni->refs);
	spin_unlock(&the_lnet.res_lock);
	return ni;
}
