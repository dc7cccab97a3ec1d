// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-manager parameters under /sys/fs/lustre/ldlm (lctl get_param/
 * set_param ldlm.*):
 *
 *   ldlm/lock_count_total         live locks, every namespace (leak checks)
 *   ldlm/resource_count_total     live resources, every namespace
 *   ldlm/namespaces/<ns>/
 *       lru_size           rw  most unused locks a client keeps (0: no count
 *                              limit); writing "clear" cancels every unused
 *                              lock now
 *       lru_max_age        rw  ms an unused lock is kept at most
 *       lock_timeout       rw  s a client has to cancel a called-back lock
 *                              (server)
 *       lock_count         ro  live locks
 *       lock_unused_count  ro  locks on the LRU (client)
 *       resource_count     ro  live resources
 *
 * The directories need obdclass's lustre_kset; ldlm_sysfs_init() adds the
 * namespaces made before it ran, and namespaces made after it add their
 * own.  All of it is under ldlm_ns_mutex.  Namespace kobjects are embedded:
 * their release only completes ns->kobj_gone, for ldlm_namespace_free().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <nacre/obd.h>
#include <nacre/obd_attr.h>
#include "ldlm_internal.h"

static struct kobject *ldlm_kobj;	/* /sys/fs/lustre/ldlm */
static struct kset *ldlm_ns_kset;	/* /sys/fs/lustre/ldlm/namespaces */

static struct ldlm_namespace *kobj2ns(struct kobject *kobj)
{
	return container_of(kobj, struct ldlm_namespace, kobj);
}

static void ns_lru_kick(struct kobject *kobj)
{
	ldlm_lru_kick(kobj2ns(kobj));
}

/* lru_size also takes "clear": cancel every unused lock now. */
static ssize_t lru_size_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	if (sysfs_streq(buf, "clear")) {
		ldlm_cancel_lru_all(kobj2ns(kobj));
		return count;
	}
	return obd_attr_store(kobj, attr, buf, count);
}

OBD_ATTR_FIELD_RW(lru_size, struct ldlm_namespace, kobj, lru_size, 0, UINT_MAX,
		  lru_size_store, ns_lru_kick);
OBD_ATTR_FIELD_RW(lru_max_age, struct ldlm_namespace, kobj, lru_max_age, 1, UINT_MAX,
		  obd_attr_store, ns_lru_kick);
/* Takes effect for callbacks sent from now on. */
OBD_ATTR_FIELD_RW(lock_timeout, struct ldlm_namespace, kobj, lock_timeout, 1, 86400,
		  obd_attr_store, NULL);
OBD_ATTR_FIELD_RO(lock_count, struct ldlm_namespace, kobj, nr_locks);
OBD_ATTR_FIELD_RO(lock_unused_count, struct ldlm_namespace, kobj, nr_unused);
OBD_ATTR_FIELD_RO(resource_count, struct ldlm_namespace, kobj, nr_resources);

static struct attribute *ns_attrs[] = {
	OBD_ATTR_PTR(lru_size),
	OBD_ATTR_PTR(lru_max_age),
	OBD_ATTR_PTR(lock_timeout),
	OBD_ATTR_PTR(lock_count),
	OBD_ATTR_PTR(lock_unused_count),
	OBD_ATTR_PTR(resource_count),
	NULL,
};
ATTRIBUTE_GROUPS(ns);

static void ns_kobj_release(struct kobject *kobj)
{
	complete(&kobj2ns(kobj)->kobj_gone);
}

const struct kobj_type ldlm_ns_ktype = {
	.release = ns_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = ns_groups,
};

OBD_ATTR_GLOBAL_RO(lock_count_total, ldlm_nr_locks);
OBD_ATTR_GLOBAL_RO(resource_count_total, ldlm_nr_resources);

static struct attribute *ldlm_attrs[] = {
	OBD_ATTR_PTR(lock_count_total),
	OBD_ATTR_PTR(resource_count_total),
	NULL,
};
static const struct attribute_group ldlm_group = { .attrs = ldlm_attrs };

/* Give @ns its directory if the tree exists (ldlm_ns_mutex held). */
int ldlm_ns_sysfs_add(struct ldlm_namespace *ns)
{
	int rc;

	lockdep_assert_held(&ldlm_ns_mutex);
	if (!ldlm_ns_kset || ns->kobj_added)
		return 0;
	ns->kobj.kset = ldlm_ns_kset;
	rc = kobject_add(&ns->kobj, NULL, "%s", ns->name);
	if (rc)
		return rc;
	ns->kobj_added = true;
	return 0;
}

/* Remove @ns's directory; returns once no show/store runs in it
 * (ldlm_ns_mutex held).
 */
void ldlm_ns_sysfs_del(struct ldlm_namespace *ns)
{
	lockdep_assert_held(&ldlm_ns_mutex);
	if (!ns->kobj_added)
		return;
	kobject_del(&ns->kobj);
	ns->kobj_added = false;
}

/**
 * ldlm_sysfs_init() - create /sys/fs/lustre/ldlm and the directories of the
 * namespaces that exist.  ldlm_init() calls it; calling it again is a no-op.
 *
 * Context: process context, after obdclass made lustre_kset.
 * Return: 0 or -ENOMEM.
 */
int ldlm_sysfs_init(void)
{
	struct ldlm_namespace *ns;
	int rc = 0;

	mutex_lock(&ldlm_ns_mutex);
	if (ldlm_ns_kset)
		goto out;
	ldlm_kobj = kobject_create_and_add("ldlm", &lustre_kset->kobj);
	if (!ldlm_kobj) {
		rc = -ENOMEM;
		goto out;
	}
	rc = sysfs_create_group(ldlm_kobj, &ldlm_group);
	if (rc)
		goto out_kobj;
	ldlm_ns_kset = kset_create_and_add("namespaces", NULL, ldlm_kobj);
	if (!ldlm_ns_kset) {
		rc = -ENOMEM;
		goto out_group;
	}
	list_for_each_entry(ns, &ldlm_namespaces, list)
		if (ldlm_ns_sysfs_add(ns))
			pr_warn("namespace %s: no sysfs directory\n", ns->name);
	goto out;

out_group:
	sysfs_remove_group(ldlm_kobj, &ldlm_group);
out_kobj:
	kobject_put(ldlm_kobj);
	ldlm_kobj = NULL;
out:
	mutex_unlock(&ldlm_ns_mutex);
	return rc;
}

/**
 * ldlm_sysfs_fini() - remove /sys/fs/lustre/ldlm (ldlm_fini() calls it);
 * namespaces still alive lose their directories.
 */
void ldlm_sysfs_fini(void)
{
	struct ldlm_namespace *ns;

	mutex_lock(&ldlm_ns_mutex);
	if (ldlm_ns_kset) {
		list_for_each_entry(ns, &ldlm_namespaces, list)
			ldlm_ns_sysfs_del(ns);
		kset_unregister(ldlm_ns_kset);
		ldlm_ns_kset = NULL;
		sysfs_remove_group(ldlm_kobj, &ldlm_group);
		kobject_put(ldlm_kobj);
		ldlm_kobj = NULL;
	}
	mutex_unlock(&ldlm_ns_mutex);
}
