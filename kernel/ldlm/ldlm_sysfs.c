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
#include "ldlm_internal.h"

static struct kobject *ldlm_kobj;	/* /sys/fs/lustre/ldlm */
static struct kset *ldlm_ns_kset;	/* /sys/fs/lustre/ldlm/namespaces */

static struct ldlm_namespace *kobj2ns(struct kobject *kobj)
{
	return container_of(kobj, struct ldlm_namespace, kobj);
}

static int store_uint(const char *buf, unsigned int min, unsigned int max,
		      unsigned int *val)
{
	unsigned int v;
	int rc = kstrtouint(buf, 0, &v);

	if (rc)
		return rc;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

static ssize_t lru_size_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj2ns(kobj)->lru_size));
}

static ssize_t lru_size_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	struct ldlm_namespace *ns = kobj2ns(kobj);
	unsigned int v;
	int rc;

	if (sysfs_streq(buf, "clear")) {
		ldlm_cancel_lru_all(ns);
		return count;
	}
	rc = store_uint(buf, 0, UINT_MAX, &v);
	if (rc)
		return rc;
	WRITE_ONCE(ns->lru_size, v);
	ldlm_lru_kick(ns);
	return count;
}
static struct kobj_attribute lru_size_attr = __ATTR_RW(lru_size);

static ssize_t lru_max_age_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj2ns(kobj)->lru_max_age));
}

static ssize_t lru_max_age_store(struct kobject *kobj, struct kobj_attribute *attr,
				 const char *buf, size_t count)
{
	struct ldlm_namespace *ns = kobj2ns(kobj);
	unsigned int v;
	int rc = store_uint(buf, 1, UINT_MAX, &v);

	if (rc)
		return rc;
	WRITE_ONCE(ns->lru_max_age, v);
	ldlm_lru_kick(ns);
	return count;
}
static struct kobj_attribute lru_max_age_attr = __ATTR_RW(lru_max_age);

static ssize_t lock_timeout_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj2ns(kobj)->lock_timeout));
}

/* Takes effect for callbacks sent from now on. */
static ssize_t lock_timeout_store(struct kobject *kobj, struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	unsigned int v;
	int rc = store_uint(buf, 1, 86400, &v);

	if (rc)
		return rc;
	WRITE_ONCE(kobj2ns(kobj)->lock_timeout, v);
	return count;
}
static struct kobj_attribute lock_timeout_attr = __ATTR_RW(lock_timeout);

static ssize_t lock_count_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&kobj2ns(kobj)->nr_locks));
}
static struct kobj_attribute lock_count_attr = __ATTR_RO(lock_count);

static ssize_t lock_unused_count_show(struct kobject *kobj, struct kobj_attribute *attr,
				      char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj2ns(kobj)->nr_unused));
}
static struct kobj_attribute lock_unused_count_attr = __ATTR_RO(lock_unused_count);

static ssize_t resource_count_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&kobj2ns(kobj)->nr_resources));
}
static struct kobj_attribute resource_count_attr = __ATTR_RO(resource_count);

static struct attribute *ns_attrs[] = {
	&lru_size_attr.attr,
	&lru_max_age_attr.attr,
	&lock_timeout_attr.attr,
	&lock_count_attr.attr,
	&lock_unused_count_attr.attr,
	&resource_count_attr.attr,
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

static ssize_t lock_count_total_show(struct kobject *kobj, struct kobj_attribute *attr,
				     char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&ldlm_nr_locks));
}
static struct kobj_attribute lock_count_total_attr = __ATTR_RO(lock_count_total);

static ssize_t resource_count_total_show(struct kobject *kobj, struct kobj_attribute *attr,
					 char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&ldlm_nr_resources));
}
static struct kobj_attribute resource_count_total_attr = __ATTR_RO(resource_count_total);

static struct attribute *ldlm_attrs[] = {
	&lock_count_total_attr.attr,
	&resource_count_total_attr.attr,
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
