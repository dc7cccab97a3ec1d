// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/obd: the registry's ioctls, which lctl uses (uapi
 * <linux/lustre/lustre_ioctl.h>).
 *
 * Command numbers 1 to _IOC_NR(OBD_IOC_DK) are obdclass's own.  Any other
 * command of OBD_IOC_MAGIC that passes a structure starting with
 * char name[OBD_NAME_LEN] goes to that device's type (e.g.
 * OBD_IOC_ECHO_TEST), which copies the structure itself.  Listing devices
 * and reading the debug log are open to anyone who can open the device
 * node (mode 0600); everything else needs CAP_SYS_ADMIN.  Every string
 * from user space must end within its array, or the command fails with
 * -EINVAL before anything is looked up.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "internal.h"

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size);
}

static long ioc_device_get(struct obd_ioc_device __user *uarg)
{
	struct obd_ioc_device dev;
	u32 index;
	int rc;

	if (get_user(index, &uarg->index))
		return -EFAULT;
	memset(&dev, 0, sizeof(dev));
	rc = obd_device_fill(index, &dev);
	if (rc)
		return rc;
	return copy_to_user(uarg, &dev, sizeof(dev)) ? -EFAULT : 0;
}

static long ioc_attach(struct obd_ioc_attach __user *uarg)
{
	struct obd_ioc_attach req;
	struct obd_device *obd;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (!terminated(req.type, sizeof(req.type)) || !terminated(req.name, sizeof(req.name)) ||
	    !terminated(req.uuid, sizeof(req.uuid)))
		return -EINVAL;
	obd = obd_device_attach(req.type, req.name, req.uuid);
	if (IS_ERR(obd))
		return PTR_ERR(obd);
	/* The table's reference keeps it until OBD_IOC_DETACH. */
	obd_device_put(obd);
	return 0;
}

static long ioc_setup(struct obd_ioc_setup __user *uarg)
{
	struct obd_ioc_setup *req;
	struct obd_device *obd;
	char **argv;
	int argc;
	long rc;

	req = memdup_user(uarg, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	rc = -EINVAL;
	if (!terminated(req->name, sizeof(req->name)) || !terminated(req->args, sizeof(req->args)))
		goto free_req;
	rc = -ENOMEM;
	argv = argv_split(GFP_KERNEL, req->args, &argc);
	if (!argv)
		goto free_req;
	rc = -E2BIG;
	if (argc > OBD_SETUP_MAX_ARGS)
		goto free_argv;
	rc = -ENODEV;
	obd = obd_device_get(req->name);
	if (!obd)
		goto free_argv;
	rc = obd_device_setup(obd, argc, argv);
	obd_device_put(obd);
free_argv:
	argv_free(argv);
free_req:
	kfree(req);
	return rc;
}

/* OBD_IOC_CLEANUP, and OBD_IOC_DETACH (@detach), which cleans up first. */
static long ioc_cleanup(struct obd_ioc_name __user *uarg, bool detach)
{
	struct obd_ioc_name req;
	struct obd_device *obd;
	int rc;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (!terminated(req.name, sizeof(req.name)))
		return -EINVAL;
	obd = obd_device_get(req.name);
	if (!obd)
		return -ENODEV;
	if (detach)
		rc = obd_device_remove(obd, req.force);
	else
		rc = obd_device_cleanup(obd, req.force);
	obd_device_put(obd);
	return rc;
}

/* A command for a device's type: OBD_IOC_MAGIC, not ours, name first. */
static bool type_cmd(unsigned int cmd)
{
	return _IOC_TYPE(cmd) == OBD_IOC_MAGIC && _IOC_NR(cmd) > _IOC_NR(OBD_IOC_DK) &&
	       (_IOC_DIR(cmd) & _IOC_WRITE) && _IOC_SIZE(cmd) >= OBD_NAME_LEN;
}

static long ioc_type(unsigned int cmd, void __user *uarg)
{
	char name[OBD_NAME_LEN];
	struct obd_device *obd;
	long rc;

	if (copy_from_user(name, uarg, sizeof(name)))
		return -EFAULT;
	if (!terminated(name, sizeof(name)))
		return -EINVAL;
	obd = obd_device_get(name);
	if (!obd)
		return -ENODEV;
	/* A reader of cfg_sem: cleanup waits for the command to finish. */
	down_read(&obd->cfg_sem);
	if (!obd->type->ops->ioctl)
		rc = -ENOTTY;
	else if (obd->state != OBD_UP)
		rc = -EINVAL;
	else
		rc = obd->type->ops->ioctl(obd, cmd, uarg);
	up_read(&obd->cfg_sem);
	obd_device_put(obd);
	return rc;
}

static long obd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case OBD_IOC_DEVICE_GET:
		return ioc_device_get(uarg);
	case OBD_IOC_DK:
		return dlog_ioctl(uarg);
	case OBD_IOC_ATTACH:
	case OBD_IOC_SETUP:
	case OBD_IOC_CLEANUP:
	case OBD_IOC_DETACH:
		break;
	default:
		if (!type_cmd(cmd))
			return -ENOTTY;
		break;
	}

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case OBD_IOC_ATTACH:
		return ioc_attach(uarg);
	case OBD_IOC_SETUP:
		return ioc_setup(uarg);
	case OBD_IOC_CLEANUP:
		return ioc_cleanup(uarg, false);
	case OBD_IOC_DETACH:
		return ioc_cleanup(uarg, true);
	default:
		return ioc_type(cmd, uarg);
	}
}

/* Every structure has fixed-width fields and __u64 user pointers. */
static const struct file_operations obd_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = obd_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice obd_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "obd",
	.fops = &obd_fops,
	.mode = 0600,
};

int obd_chrdev_init(void)
{
	return misc_register(&obd_misc);
}

void obd_chrdev_fini(void)
{
	misc_deregister(&obd_misc);
}
