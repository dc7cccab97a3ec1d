// SPDX-License-Identifier: GPL-2.0
/*
 * Stats counters, read as Lustre's "stats" files.
 *
 * Every CPU has its own copy of each counter, updated with local64
 * operations under preempt_disable(): an interrupt or softirq adding to the
 * same counter on the same CPU cannot corrupt it, and no other CPU ever
 * writes it (except a clear), so adding takes no lock and no shared cache
 * line.  Readers add the CPUs' copies up; a sample being added while they
 * read may show in some fields and not yet in others, as in Lustre.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/local64.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <nacre/obd_stats.h>

/* One CPU's copy of one counter. */
struct stats_counter {
	local64_t count;
	local64_t sum;
	local64_t min;
	local64_t max;
	local64_t sumsq;
};

struct stats_desc {
	const char *name;	/* NULL: unused slot */
	const char *unit;
};

struct obd_stats {
	unsigned int n;
	struct stats_counter __percpu *cpu;	/* @n counters per CPU */
	struct mutex lock;			/* start time; clear against read */
	struct timespec64 start_real;
	u64 start_ns;				/* ktime_get_ns() at start_real */
	struct stats_desc desc[];
};

struct stats_totals {
	u64 count;
	s64 sum;
	s64 min;
	s64 max;
	u64 sumsq;
};

static void stats_reset(struct obd_stats *s)
{
	struct stats_counter *c;
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(s->cpu, cpu);
		for (i = 0; i < s->n; i++, c++) {
			local64_set(&c->count, 0);
			local64_set(&c->sum, 0);
			local64_set(&c->min, S64_MAX);
			local64_set(&c->max, S64_MIN);
			local64_set(&c->sumsq, 0);
		}
	}
	ktime_get_real_ts64(&s->start_real);
	s->start_ns = ktime_get_ns();
}

static void stats_sum(struct obd_stats *s, unsigned int i, struct stats_totals *t)
{
	struct stats_counter *c;
	s64 v;
	int cpu;

	*t = (struct stats_totals){ .min = S64_MAX, .max = S64_MIN };
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(s->cpu, cpu) + i;
		t->count += local64_read(&c->count);
		t->sum += local64_read(&c->sum);
		t->sumsq += local64_read(&c->sumsq);
		v = local64_read(&c->min);
		if (v < t->min)
			t->min = v;
		v = local64_read(&c->max);
		if (v > t->max)
			t->max = v;
	}
	if (!t->count)
		t->min = t->max = 0;
}

/**
 * obd_stats_alloc() - a set of counters, all unused until named.
 * @n: how many (1 to OBD_STATS_MAX_COUNTERS)
 *
 * Context: process; sleeps.
 * Return: the counters (free with obd_stats_free()), or NULL.
 */
struct obd_stats *obd_stats_alloc(unsigned int n)
{
	struct obd_stats *s;

	if (WARN_ON_ONCE(!n || n > OBD_STATS_MAX_COUNTERS))
		return NULL;
	s = kzalloc(struct_size(s, desc, n), GFP_KERNEL);
	if (!s)
		return NULL;
	s->cpu = __alloc_percpu(n * sizeof(struct stats_counter), __alignof__(struct stats_counter));
	if (!s->cpu) {
		kfree(s);
		return NULL;
	}
	s->n = n;
	mutex_init(&s->lock);
	stats_reset(s);
	return s;
}
EXPORT_SYMBOL_GPL(obd_stats_alloc);

/**
 * obd_stats_init_counter() - name counter @i (before adding to it).
 * @s:    the counters
 * @i:    which, below the number allocated
 * @name: shown in the stats file; a string that outlives @s (a literal);
 *        NULL leaves the slot unused
 * @unit: "usec", "bytes" ...; NULL for "reqs"
 */
void obd_stats_init_counter(struct obd_stats *s, unsigned int i, const char *name,
			    const char *unit)
{
	if (WARN_ON_ONCE(i >= s->n))
		return;
	s->desc[i].name = name;
	s->desc[i].unit = unit;
}
EXPORT_SYMBOL_GPL(obd_stats_init_counter);

/**
 * obd_stats_add() - add one sample to counter @i.
 * @s:     the counters
 * @i:     which, below the number allocated
 * @value: the sample (1 for a plain event count)
 *
 * Context: any, hard interrupts included; never sleeps, takes no lock.
 */
void obd_stats_add(struct obd_stats *s, unsigned int i, s64 value)
{
	struct stats_counter *c;
	s64 old, seen;

	if (WARN_ON_ONCE(i >= s->n))
		return;
	c = get_cpu_ptr(s->cpu) + i;
	local64_inc(&c->count);
	local64_add(value, &c->sum);
	/* Squares wrap on overflow, as Lustre's do. */
	local64_add((s64)((u64)value * (u64)value), &c->sumsq);
	old = local64_read(&c->min);
	while (value < old) {
		seen = local64_cmpxchg(&c->min, old, value);
		if (seen == old)
			break;
		old = seen;
	}
	old = local64_read(&c->max);
	while (value > old) {
		seen = local64_cmpxchg(&c->max, old, value);
		if (seen == old)
			break;
		old = seen;
	}
	put_cpu_ptr(s->cpu);
}
EXPORT_SYMBOL_GPL(obd_stats_add);

/**
 * obd_stats_read() - the totals of counter @i over all CPUs since the last
 * clear.
 * @s:     the counters
 * @i:     which, below the number allocated
 * @count: samples
 * @sum:   their sum
 * @min:   the smallest (0 without samples)
 * @max:   the largest (0 without samples)
 *
 * Any of the result pointers may be NULL.
 *
 * Context: any; never sleeps.
 */
void obd_stats_read(struct obd_stats *s, unsigned int i, u64 *count, s64 *sum, s64 *min,
		    s64 *max)
{
	struct stats_totals t = {};

	if (!WARN_ON_ONCE(i >= s->n))
		stats_sum(s, i, &t);
	if (count)
		*count = t.count;
	if (sum)
		*sum = t.sum;
	if (min)
		*min = t.min;
	if (max)
		*max = t.max;
}
EXPORT_SYMBOL_GPL(obd_stats_read);

static int stats_show(struct seq_file *m, void *unused)
{
	struct obd_stats *s = m->private;
	struct timespec64 now, elapsed;
	struct stats_totals t;
	unsigned int i;

	ktime_get_real_ts64(&now);
	mutex_lock(&s->lock);
	elapsed = ns_to_timespec64(ktime_get_ns() - s->start_ns);
	seq_printf(m, "%-25s %lld.%09ld secs.nsecs\n", "snapshot_time", (s64)now.tv_sec,
		   now.tv_nsec);
	seq_printf(m, "%-25s %lld.%09ld secs.nsecs\n", "start_time", (s64)s->start_real.tv_sec,
		   s->start_real.tv_nsec);
	seq_printf(m, "%-25s %lld.%09ld secs.nsecs\n", "elapsed_time", (s64)elapsed.tv_sec,
		   elapsed.tv_nsec);
	for (i = 0; i < s->n; i++) {
		if (!s->desc[i].name)
			continue;
		stats_sum(s, i, &t);
		if (!t.count)
			continue;
		seq_printf(m, "%-25s %llu samples [%s] %lld %lld %lld %llu\n", s->desc[i].name,
			   t.count, s->desc[i].unit ?: "reqs", t.min, t.max, t.sum, t.sumsq);
	}
	mutex_unlock(&s->lock);
	return 0;
}

static int stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, stats_show, inode->i_private);
}

/* Any write clears, as "lctl set_param ...stats=clear" does. */
static ssize_t stats_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct obd_stats *s = m->private;

	mutex_lock(&s->lock);
	stats_reset(s);
	mutex_unlock(&s->lock);
	return len;
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = seq_read,
	.write = stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * obd_stats_debugfs() - show the counters as debugfs file @name in @parent;
 * writing to the file clears them.
 * @s:      the counters
 * @name:   the file's name ("stats")
 * @parent: its directory (an ERR_PTR parent fails quietly)
 *
 * The file is the caller's: remove it, or its directory, before
 * obd_stats_free() (debugfs removal waits for readers in progress).
 *
 * Context: process; sleeps.
 * Return: the file's dentry, or an ERR_PTR that needs no handling.
 */
struct dentry *obd_stats_debugfs(struct obd_stats *s, const char *name, struct dentry *parent)
{
	return debugfs_create_file(name, 0644, parent, s, &stats_fops);
}
EXPORT_SYMBOL_GPL(obd_stats_debugfs);

/**
 * obd_stats_free() - free counters whose debugfs files are gone.
 * @s: the counters, or NULL
 *
 * Context: any; never sleeps.  No obd_stats_add() may follow or run.
 */
void obd_stats_free(struct obd_stats *s)
{
	if (!s)
		return;
	free_percpu(s->cpu);
	kfree(s);
}
EXPORT_SYMBOL_GPL(obd_stats_free);
