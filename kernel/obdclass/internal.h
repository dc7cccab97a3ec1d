/* SPDX-License-Identifier: GPL-2.0 */
/* obdclass.ko: what its files share and do not export. */
#ifndef NACRE_OBDCLASS_INTERNAL_H
#define NACRE_OBDCLASS_INTERNAL_H

#include <linux/mutex.h>
#include <linux/xarray.h>
#include <nacre/obd.h>

struct dentry;

/* Registry (type.c, device.c): types list and devices by index. */
extern struct mutex obd_mutex;
extern struct xarray obd_devices;

struct obd_type *obd_type_get(const char *name);
void obd_type_put(struct obd_type *type);
bool obd_name_valid(const char *s, size_t size);
int obd_device_remove(struct obd_device *obd, bool force);
int obd_device_fill(u32 index, struct obd_ioc_device *out);
void obd_devices_debugfs_init(struct dentry *root);

/* /dev/obd (ioctl.c). */
int obd_chrdev_init(void);
void obd_chrdev_fini(void);

/* Debug log (dlog.c). */
int dlog_init(void);
void dlog_fini(void);
void dlog_debugfs_init(struct dentry *root);
int dlog_ioctl(struct obd_ioc_dk __user *uarg);

#endif /* NACRE_OBDCLASS_INTERNAL_H */
