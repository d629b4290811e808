// SPDX-License-Identifier: GPL-2.0
/*
 * memmap_race: the bench's race harness, built out of tree against each
 * kernel the bench builds (scripts/build.sh) and loaded by the scenarios
 * that need it (guest/lib.sh).  It is not part of any posting: it widens
 * the windows of ZONE_DEVICE hot-add with kprobes that spin, which no
 * test upstream would take, and stands in for a driver's online_page
 * callback.  The code under test is not changed for any of this.
 *
 * debugfs, memmap_race/:
 *   stall_ms  (KPROBES and ZONE_DEVICE) while non-zero, at most 1000,
 *             every ZONE_DEVICE hot-add spins this long when it enters
 *             move_pfn_range_to_zone() and again when it enters
 *             memmap_init_zone_device(); stall.hits counts the stalls.
 *             The kprobes exist only while it is non-zero.
 *   race      (ZONE_DEVICE) "START END" (pfns) starts a kernel thread
 *             that calls pfn_to_online_page() and get_dev_pagemap() on
 *             every pfn of the range, without locks, round after round;
 *             "stop" ends it.  Read: race.rounds, race.device_online
 *             (pfn_to_online_page() returned a page of the range, all of
 *             which are ZONE_DEVICE) and race.pagemap_uninit
 *             (get_dev_pagemap() found a pagemap for a pfn whose struct
 *             page is not, or no longer, initialised for it).
 *   memremap_pair
 *             (KPROBES and ZONE_DEVICE) "START SIZE SHIFT" (bytes, in
 *             subsections): memremap_pages() of a generic ZONE_DEVICE
 *             range [START, START + SIZE) from a kernel thread and, while
 *             that one is stalled (stall_ms), of [START + SHIFT, ...),
 *             which overlaps it.  Read: both results and how often the
 *             second reached arch_add_memory().  The physical range must
 *             be free; the conflict makes pagemap_range() WARN.
 *   keepback  "START END" (pfns): pages of that range in memory onlined
 *             from now on stay out of the page allocator, PageOffline()
 *             with their reference, as Hyper-V and the Xen balloon keep
 *             memory the host does not back; "stop" ends it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/ioport.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/memory_hotplug.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/version.h>

/*
 * The bench builds this against its two bases only, 6.1 and 7.x: in
 * between, page->flags became a memdesc_flags_t, page->pgmap moved behind
 * page_pgmap() and get_dev_pagemap() lost its second argument.  Versions
 * in between are not supported.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define race_flags(page)	READ_ONCE((page)->flags)
/* pgmap shares its word with compound_head: a tail's is the head's. */
#define race_pgmap(page)	READ_ONCE(compound_head(page)->pgmap)
#define race_get_pagemap(pfn)	get_dev_pagemap(pfn, NULL)
#else
#define race_flags(page)	READ_ONCE((page)->flags.f)
#define race_pgmap(page)	page_pgmap(page)
#define race_get_pagemap(pfn)	get_dev_pagemap(pfn)
#endif

static struct dentry *race_dir;

/* "A B" or "stop" from user space, NUL-terminated, newline dropped. */
static int race_get_user(char *buf, size_t size, const char __user *ubuf,
			 size_t count)
{
	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	return 0;
}

/* "START END" (0, with *start < *end) or "stop" (1) from user space. */
static int race_get_range(const char __user *ubuf, size_t count,
			  unsigned long *start, unsigned long *end)
{
	char buf[64];
	int ret;

	ret = race_get_user(buf, sizeof(buf), ubuf, count);
	if (ret)
		return ret;
	if (!strcmp(buf, "stop"))
		return 1;
	if (sscanf(buf, "%li %li", start, end) != 2 || *start >= *end)
		return -EINVAL;
	return 0;
}

/* Newer seq_file.h defines it; 6.1's does not. */
#ifndef DEFINE_SHOW_STORE_ATTRIBUTE
#define DEFINE_SHOW_STORE_ATTRIBUTE(name)				\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_show, inode->i_private);	\
}									\
static const struct file_operations name##_fops = {			\
	.owner		= THIS_MODULE,					\
	.open		= name##_open,					\
	.read		= seq_read,					\
	.write		= name##_write,					\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}
#endif

/* --- keepback: a driver's online_page callback ------------------------- */

static DEFINE_MUTEX(keep_lock);
static unsigned long keep_start, keep_end;
static bool keep_set;

static void keep_online_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long end = pfn + (1UL << order);

	if (end <= keep_start || pfn >= keep_end) {
		generic_online_page(page, order);
		return;
	}
	/* Mixed: hand out what is outside the range page by page. */
	for (; pfn < end; pfn++) {
		page = pfn_to_page(pfn);
		if (pfn >= keep_start && pfn < keep_end) {
			if (!PageOffline(page))
				__SetPageOffline(page);
		} else {
			generic_online_page(page, 0);
		}
	}
}

static void keep_stop(void)
{
	if (keep_set)
		restore_online_page_callback(keep_online_page);
	keep_set = false;
}

static int keepback_show(struct seq_file *m, void *v)
{
	mutex_lock(&keep_lock);
	seq_printf(m, "keep.set: %d\nkeep.range: 0x%lx 0x%lx\n", keep_set,
		   keep_start, keep_end);
	mutex_unlock(&keep_lock);
	return 0;
}

static ssize_t keepback_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	unsigned long start, end;
	int ret;

	ret = race_get_range(ubuf, count, &start, &end);
	if (ret < 0)
		return ret;
	mutex_lock(&keep_lock);
	if (ret) {
		keep_stop();
		ret = 0;
	} else {
		if (!keep_set)
			ret = set_online_page_callback(keep_online_page);
		if (!ret) {
			keep_start = start;
			keep_end = end;
			keep_set = true;
		}
	}
	mutex_unlock(&keep_lock);
	return ret ? ret : count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(keepback);

#ifdef CONFIG_ZONE_DEVICE
/* --- race: a lockless pfn walker over a ZONE_DEVICE range --------------- */

static DEFINE_MUTEX(race_lock);
static struct task_struct *race_task;
static unsigned long race_start, race_end;
static atomic_long_t race_rounds, race_device_online, race_pagemap_uninit;

/* Is the struct page of @pfn initialised as a page of @pgmap? */
static bool race_page_ready(unsigned long pfn, struct dev_pagemap *pgmap)
{
	struct page *page = pfn_to_page(pfn);
	unsigned long flags = race_flags(page);

	if (flags == PAGE_POISON_PATTERN)
		return false;
	if (((flags >> ZONES_PGSHIFT) & ZONES_MASK) != ZONE_DEVICE)
		return false;
	return race_pgmap(page) == pgmap;
}

static int race_thread(void *arg)
{
	unsigned long pfn;

	while (!kthread_should_stop()) {
		for (pfn = race_start; pfn < race_end; pfn++) {
			struct dev_pagemap *pgmap;

			if (pfn_to_online_page(pfn))
				atomic_long_inc(&race_device_online);
			pgmap = race_get_pagemap(pfn);
			if (pgmap) {
				if (!race_page_ready(pfn, pgmap))
					atomic_long_inc(&race_pagemap_uninit);
				put_dev_pagemap(pgmap);
			}
			if (!(pfn % PAGES_PER_SUBSECTION))
				cond_resched();
		}
		atomic_long_inc(&race_rounds);
		/*
		 * Sleep, not cond_resched(): with a preemptible kernel
		 * (PREEMPT_LAZY) it never schedules voluntarily, and the
		 * RCU Tasks grace period that optimising the stall kprobes
		 * waits for would never end.
		 */
		schedule_timeout_idle(1);
	}
	return 0;
}

static void race_stop(void)
{
	if (race_task)
		kthread_stop(race_task);
	race_task = NULL;
}

static int race_show(struct seq_file *m, void *v)
{
	mutex_lock(&race_lock);
	seq_printf(m, "race.running: %d\n", !!race_task);
	seq_printf(m, "race.range: 0x%lx 0x%lx\n", race_start, race_end);
	seq_printf(m, "race.rounds: %ld\n", atomic_long_read(&race_rounds));
	seq_printf(m, "race.device_online: %ld\n",
		   atomic_long_read(&race_device_online));
	seq_printf(m, "race.pagemap_uninit: %ld\n",
		   atomic_long_read(&race_pagemap_uninit));
	mutex_unlock(&race_lock);
	return 0;
}

static ssize_t race_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	unsigned long start, end;
	int ret;

	ret = race_get_range(ubuf, count, &start, &end);
	if (ret < 0)
		return ret;
	mutex_lock(&race_lock);
	race_stop();
	if (ret) {
		ret = 0;
		goto out;
	}
	race_start = start;
	race_end = end;
	atomic_long_set(&race_rounds, 0);
	atomic_long_set(&race_device_online, 0);
	atomic_long_set(&race_pagemap_uninit, 0);
	race_task = kthread_run(race_thread, NULL, "memmap_race");
	if (IS_ERR(race_task)) {
		ret = PTR_ERR(race_task);
		race_task = NULL;
	}
out:
	mutex_unlock(&race_lock);
	return ret ? ret : count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(race);
#endif

#if defined(CONFIG_KPROBES) && defined(CONFIG_ZONE_DEVICE)
/* --- stall_ms: kprobes that hold a ZONE_DEVICE hot-add half done -------- */

#define STALL_MAX_MS	1000

static DEFINE_MUTEX(stall_lock);	/* stall_ms, the probes, the pair */
static unsigned int stall_ms;
static atomic_t stall_hits;
static atomic_long_t pair_add_start, pair_add_end;
static atomic_t pair_add_memory;

/* A kprobe handler must not sleep: it spins. */
static void stall(void)
{
	unsigned int ms = READ_ONCE(stall_ms);

	if (!ms)
		return;
	atomic_inc(&stall_hits);
	mdelay(ms);
}

/* move_pfn_range_to_zone(zone, ...), after __add_pages() */
static int stall_move_pfn_range(struct kprobe *p, struct pt_regs *regs)
{
	struct zone *zone = (struct zone *)regs_get_kernel_argument(regs, 0);

	if (zone_idx(zone) == ZONE_DEVICE)
		stall();
	return 0;
}

/* memmap_init_zone_device(): the struct pages are not initialised yet */
static int stall_memmap_init(struct kprobe *p, struct pt_regs *regs)
{
	stall();
	return 0;
}

/* arch_add_memory(nid, start, ...): did the second of a pair get here? */
static int count_add_memory(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long start = regs_get_kernel_argument(regs, 1);

	if (start >= atomic_long_read(&pair_add_start) &&
	    start < atomic_long_read(&pair_add_end))
		atomic_inc(&pair_add_memory);
	return 0;
}

static struct kprobe probes[] = {
	{ .symbol_name = "move_pfn_range_to_zone",
	  .pre_handler = stall_move_pfn_range },
	{ .symbol_name = "memmap_init_zone_device",
	  .pre_handler = stall_memmap_init },
	{ .symbol_name = "arch_add_memory",
	  .pre_handler = count_add_memory },
};

static struct kprobe *probe_list[ARRAY_SIZE(probes)];
static bool probes_on;

static int set_probes(bool on)
{
	int i, ret;

	if (on == probes_on)
		return 0;
	if (!on) {
		unregister_kprobes(probe_list, ARRAY_SIZE(probes));
		probes_on = false;
		return 0;
	}
	/* A kprobe is registered again only from a clean slate. */
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		probes[i].addr = NULL;
		probes[i].flags = 0;
		probe_list[i] = &probes[i];
	}
	ret = register_kprobes(probe_list, ARRAY_SIZE(probes));
	if (!ret)
		probes_on = true;
	return ret;
}

static int stall_ms_show(struct seq_file *m, void *v)
{
	seq_printf(m, "stall.ms: %u\n", READ_ONCE(stall_ms));
	seq_printf(m, "stall.hits: %d\n", atomic_read(&stall_hits));
	seq_printf(m, "stall.probes: %d\n", probes_on);
	return 0;
}

static ssize_t stall_ms_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	unsigned int ms;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &ms);
	if (ret)
		return ret;
	/* The handlers spin, with interrupts off on some architectures. */
	if (ms > STALL_MAX_MS)
		return -ERANGE;
	mutex_lock(&stall_lock);
	WRITE_ONCE(stall_ms, ms);
	ret = set_probes(ms);
	mutex_unlock(&stall_lock);
	return ret ? ret : count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(stall_ms);

/* --- memremap_pair: two overlapping memremap_pages(), one stalled ------- */

struct pair_map {
	struct dev_pagemap pgmap;
	void *ret;
	struct completion done;
};

static struct pair_map pair[2];
static long pair_result[2];
static int pair_reached, pair_stalled;

static int pair_first(void *arg)
{
	struct pair_map *p = arg;

	p->ret = memremap_pages(&p->pgmap, NUMA_NO_NODE);
	/* Not through module text once pair_run() has seen it done. */
	kthread_complete_and_exit(&p->done, 0);
}

static void pair_prepare(struct pair_map *p, u64 start, u64 size)
{
	memset(p, 0, sizeof(*p));
	p->pgmap.type = MEMORY_DEVICE_GENERIC;
	p->pgmap.range.start = start;
	p->pgmap.range.end = start + size - 1;
	p->pgmap.nr_range = 1;
	init_completion(&p->done);
}

/*
 * The second memremap_pages() must fail at the conflict check, before it
 * maps, tracks or shadows any part of the range the first one is adding.
 */
static int pair_run(u64 start, u64 size, u64 shift)
{
	struct task_struct *t;
	int hits, i;

	if (!READ_ONCE(stall_ms) || !probes_on)
		return -EINVAL;
	/* memremap_pages() wants a range no resource claims: test that. */
	if (!request_mem_region(start, size + shift, KBUILD_MODNAME))
		return -EBUSY;
	release_mem_region(start, size + shift);

	pair_prepare(&pair[0], start, size);
	pair_prepare(&pair[1], start + shift, size);
	atomic_long_set(&pair_add_start, start + shift);
	atomic_long_set(&pair_add_end, start + shift + size);
	atomic_set(&pair_add_memory, 0);
	hits = atomic_read(&stall_hits);

	t = kthread_run(pair_first, &pair[0], "memmap_race_pair");
	if (IS_ERR(t))
		return PTR_ERR(t);
	/* Race the first hot-add once it is stalled (10 s at most). */
	for (i = 0; i < 10000 && atomic_read(&stall_hits) == hits; i++)
		usleep_range(1000, 2000);
	pair_stalled = atomic_read(&stall_hits) != hits;
	pair[1].ret = memremap_pages(&pair[1].pgmap, NUMA_NO_NODE);
	wait_for_completion(&pair[0].done);
	pair_reached = atomic_read(&pair_add_memory);
	atomic_long_set(&pair_add_start, 0);
	atomic_long_set(&pair_add_end, 0);

	for (i = 0; i < 2; i++) {
		pair_result[i] = PTR_ERR_OR_ZERO(pair[i].ret);
		if (!IS_ERR(pair[i].ret))
			memunmap_pages(&pair[i].pgmap);
	}
	return 0;
}

static int memremap_pair_show(struct seq_file *m, void *v)
{
	mutex_lock(&stall_lock);
	seq_printf(m, "pair.stalled: %d\n", pair_stalled);
	seq_printf(m, "pair.first: %ld\n", pair_result[0]);
	seq_printf(m, "pair.second: %ld\n", pair_result[1]);
	seq_printf(m, "pair.second_add_memory: %d\n", pair_reached);
	mutex_unlock(&stall_lock);
	return 0;
}

static ssize_t memremap_pair_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	const u64 align = PAGES_PER_SUBSECTION << PAGE_SHIFT;
	u64 start, size, shift;
	char buf[80];
	int ret;

	ret = race_get_user(buf, sizeof(buf), ubuf, count);
	if (ret)
		return ret;
	if (sscanf(buf, "%lli %lli %lli", &start, &size, &shift) != 3 ||
	    !size || !shift || shift >= size ||
	    !IS_ALIGNED(start | size | shift, align))
		return -EINVAL;
	mutex_lock(&stall_lock);
	ret = pair_run(start, size, shift);
	mutex_unlock(&stall_lock);
	return ret ? ret : count;
}
DEFINE_SHOW_STORE_ATTRIBUTE(memremap_pair);

static void probes_init(void)
{
	debugfs_create_file("stall_ms", 0600, race_dir, NULL, &stall_ms_fops);
	debugfs_create_file("memremap_pair", 0600, race_dir, NULL,
			    &memremap_pair_fops);
}

static void probes_exit(void)
{
	mutex_lock(&stall_lock);
	WRITE_ONCE(stall_ms, 0);
	set_probes(false);
	mutex_unlock(&stall_lock);
}
#else
static void probes_init(void)
{
}

static void probes_exit(void)
{
}
#endif

static int __init memmap_race_init(void)
{
	race_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("keepback", 0600, race_dir, NULL, &keepback_fops);
#ifdef CONFIG_ZONE_DEVICE
	debugfs_create_file("race", 0600, race_dir, NULL, &race_fops);
#endif
	probes_init();
	return 0;
}

static void __exit memmap_race_exit(void)
{
	/* No new writers once the files are gone. */
	debugfs_remove_recursive(race_dir);
	probes_exit();
#ifdef CONFIG_ZONE_DEVICE
	mutex_lock(&race_lock);
	race_stop();
	mutex_unlock(&race_lock);
#endif
	mutex_lock(&keep_lock);
	keep_stop();
	mutex_unlock(&keep_lock);
}

module_init(memmap_race_init);
module_exit(memmap_race_exit);
MODULE_DESCRIPTION("The memmap bench's ZONE_DEVICE race harness (not for merging)");
MODULE_LICENSE("GPL");
