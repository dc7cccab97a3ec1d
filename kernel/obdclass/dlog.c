// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel debug log that "lctl dk" dumps: a ring of text lines, no
 * debug masks.
 *
 * The ring holds whole lines, each ending in '\n'; a new line drops the
 * oldest ones until it fits, and those count as lost.  Lines are formatted
 * on the caller's stack, then copied in under one spinlock taken with
 * interrupts off, so any context may log.  @dropped counts the bytes ever
 * dropped: a reader that cleared what it copied drops exactly the lines
 * that were there when it copied, even if others logged meanwhile.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "internal.h"

#define DLOG_HDR_MAX	160	/* "<secs>.<usecs> <cpu> <pid> <subsys> <func>:<line> " */

static unsigned int dlog_size_kb = 1024;
module_param(dlog_size_kb, uint, 0444);
MODULE_PARM_DESC(dlog_size_kb, "size of the debug log (lctl dk) in KiB, 64 to 65536");

static struct {
	spinlock_t lock;
	char *buf;
	size_t size;
	size_t head;		/* offset of the oldest byte */
	size_t len;		/* bytes in use */
	u64 dropped;		/* bytes ever dropped */
	u64 lost;		/* lines dropped since the last clear */
} dlog = {
	.lock = __SPIN_LOCK_UNLOCKED(dlog.lock),
};

static size_t ring_offset(size_t off)
{
	size_t pos = dlog.head + off;

	return pos >= dlog.size ? pos - dlog.size : pos;
}

/* Copy @n bytes starting @off bytes after the oldest into @dst. */
static void ring_read(char *dst, size_t off, size_t n)
{
	size_t pos = ring_offset(off);
	size_t first = min(n, dlog.size - pos);

	lockdep_assert_held(&dlog.lock);
	memcpy(dst, dlog.buf + pos, first);
	memcpy(dst + first, dlog.buf, n - first);
}

/* Append @n bytes for which there is room. */
static void ring_write(const char *src, size_t n)
{
	size_t pos = ring_offset(dlog.len);
	size_t first = min(n, dlog.size - pos);

	lockdep_assert_held(&dlog.lock);
	memcpy(dlog.buf + pos, src, first);
	memcpy(dlog.buf, src + first, n - first);
	dlog.len += n;
}

static void ring_drop(size_t n)
{
	lockdep_assert_held(&dlog.lock);
	dlog.head = ring_offset(n);
	dlog.len -= n;
	dlog.dropped += n;
}

static void ring_drop_line(void)
{
	size_t first = min(dlog.len, dlog.size - dlog.head);
	const char *nl;
	size_t n;

	lockdep_assert_held(&dlog.lock);
	nl = memchr(dlog.buf + dlog.head, '\n', first);
	if (nl) {
		n = nl - (dlog.buf + dlog.head) + 1;
	} else {
		nl = memchr(dlog.buf, '\n', dlog.len - first);
		/* Every line ends in '\n'. */
		n = WARN_ON_ONCE(!nl) ? dlog.len : first + (nl - dlog.buf) + 1;
	}
	ring_drop(n);
	dlog.lost++;
}

/* Make @msg of @n bytes one line: no '\n' inside, none at the end. */
static size_t one_line(char *msg, size_t n)
{
	size_t i;

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	for (i = 0; i < n; i++)
		if (msg[i] == '\n' || msg[i] == '\r')
			msg[i] = ' ';
	return n;
}

/**
 * obd_dlog() - add a line to the debug log (use OBD_DLOG()).
 * @subsys: the subsystem ("ptlrpc", "obdecho" ...)
 * @func:   the calling function
 * @line:   the calling line
 * @fmt:    printf format of the message, whose first OBD_DLOG_MSG_MAX
 *          bytes are kept, newlines turned into spaces
 *
 * The line also goes to pr_debug() (dynamic debug of obdclass's dlog.c).
 *
 * Context: any; never sleeps.
 */
void obd_dlog(const char *subsys, const char *func, int line, const char *fmt, ...)
{
	char text[DLOG_HDR_MAX + OBD_DLOG_MSG_MAX + 1];
	struct timespec64 ts;
	unsigned long flags;
	size_t hdr, n;
	va_list args;
	char *msg;

	ktime_get_real_ts64(&ts);
	hdr = scnprintf(text, DLOG_HDR_MAX, "%lld.%06ld %u %d %s %s:%d ", (s64)ts.tv_sec,
			ts.tv_nsec / NSEC_PER_USEC, raw_smp_processor_id(),
			in_task() ? task_pid_nr(current) : 0, subsys, func, line);
	msg = text + hdr;
	va_start(args, fmt);
	n = vscnprintf(msg, OBD_DLOG_MSG_MAX + 1, fmt, args);
	va_end(args);
	n = one_line(msg, n);
	msg[n] = '\0';
	pr_debug("%s %s:%d %s\n", subsys, func, line, msg);
	msg[n] = '\n';
	n += hdr + 1;

	spin_lock_irqsave(&dlog.lock, flags);
	if (dlog.buf) {
		while (dlog.size - dlog.len < n)
			ring_drop_line();
		ring_write(text, n);
	}
	spin_unlock_irqrestore(&dlog.lock, flags);
}
EXPORT_SYMBOL_GPL(obd_dlog);

/*
 * Copy the oldest whole lines, at most @max bytes, into @dst; return how
 * many bytes.  *@end is where the log ended, *@lost the lines lost until
 * then, for dlog_clear().
 */
static size_t dlog_copy(char *dst, size_t max, u64 *end, u64 *lost)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&dlog.lock, flags);
	n = min(dlog.len, max);
	if (n)
		ring_read(dst, 0, n);
	if (n < dlog.len) {
		/* Only whole lines: cut after the last '\n' copied. */
		while (n && dst[n - 1] != '\n')
			n--;
	}
	*end = dlog.dropped + dlog.len;
	*lost = dlog.lost;
	spin_unlock_irqrestore(&dlog.lock, flags);
	return n;
}

/* Drop the lines logged before @end, and @lost from the lost count. */
static void dlog_clear(u64 end, u64 lost)
{
	unsigned long flags;

	spin_lock_irqsave(&dlog.lock, flags);
	if (end > dlog.dropped)
		ring_drop(min_t(u64, end - dlog.dropped, dlog.len));
	dlog.lost -= min(dlog.lost, lost);
	spin_unlock_irqrestore(&dlog.lock, flags);
}

/*
 * OBD_IOC_DK: the oldest whole lines that fit in the caller's buffer.
 * With OBD_DK_CLEAR every line that was in the log then is dropped, copied
 * or not (callers size the buffer from the dlog_size_kb parameter), and
 * the lost count restarts.
 */
int dlog_ioctl(struct obd_ioc_dk __user *uarg)
{
	struct obd_ioc_dk dk;
	char *kbuf = NULL;
	u64 end, lost;
	size_t max, n;
	int rc = 0;

	if (copy_from_user(&dk, uarg, sizeof(dk)))
		return -EFAULT;
	if (dk.flags & ~OBD_DK_CLEAR)
		return -EINVAL;
	max = min_t(size_t, dk.len, dlog.size);
	if (max) {
		kbuf = kvmalloc(max, GFP_KERNEL);
		if (!kbuf)
			return -ENOMEM;
	}
	n = dlog_copy(kbuf, max, &end, &lost);
	if (n && copy_to_user(u64_to_user_ptr(dk.buf), kbuf, n)) {
		rc = -EFAULT;
		goto out;
	}
	if (dk.flags & OBD_DK_CLEAR)
		dlog_clear(end, lost);
	dk.out_len = n;
	dk.lost = min_t(u64, lost, U32_MAX);
	if (copy_to_user(uarg, &dk, sizeof(dk)))
		rc = -EFAULT;
out:
	kvfree(kbuf);
	return rc;
}

/* /sys/kernel/debug/lustre/dk: the whole log as it was at open. */
struct dk_snapshot {
	size_t len;
	char text[];
};

static int dk_open(struct inode *inode, struct file *file)
{
	struct dk_snapshot *snap;
	u64 end, lost;

	snap = kvmalloc(struct_size(snap, text, dlog.size), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	snap->len = dlog_copy(snap->text, dlog.size, &end, &lost);
	file->private_data = snap;
	return 0;
}

static ssize_t dk_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct dk_snapshot *snap = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, snap->text, snap->len);
}

static int dk_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations dk_fops = {
	.owner = THIS_MODULE,
	.open = dk_open,
	.read = dk_read,
	.llseek = default_llseek,
	.release = dk_release,
};

void dlog_debugfs_init(struct dentry *root)
{
	debugfs_create_file("dk", 0400, root, NULL, &dk_fops);
}

int dlog_init(void)
{
	char *buf;

	dlog_size_kb = clamp_t(unsigned int, dlog_size_kb, OBD_DLOG_MIN_KB, OBD_DLOG_MAX_KB);
	buf = vmalloc((size_t)dlog_size_kb * 1024);
	if (!buf)
		return -ENOMEM;
	spin_lock_irq(&dlog.lock);
	dlog.buf = buf;
	dlog.size = (size_t)dlog_size_kb * 1024;
	spin_unlock_irq(&dlog.lock);
	return 0;
}

void dlog_fini(void)
{
	char *buf;

	spin_lock_irq(&dlog.lock);
	buf = dlog.buf;
	dlog.buf = NULL;
	dlog.head = 0;
	dlog.len = 0;
	spin_unlock_irq(&dlog.lock);
	vfree(buf);
}
