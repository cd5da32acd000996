// SPDX-License-Identifier: GPL-2.0
/* synthetic: per-CPU accounting that relied on kmap_atomic() disabling preemption */
#include <linux/highmem.h>
#include <linux/percpu.h>

static DEFINE_PER_CPU(unsigned long, zero_pages);

static bool page_is_zero(struct page *page)
{
	unsigned long *p = kmap_atomic(page);
	bool zero = !memchr_inv(p, 0, PAGE_SIZE);

	if (zero)
		__this_cpu_inc(zero_pages);
	kunmap_atomic(p);
	return zero;
}
