// SPDX-License-Identifier: GPL-2.0
/* synthetic: the lock is dropped before the per-CPU access, so only kmap_atomic() kept preemption off */
#include <linux/highmem.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>

static DEFINE_PER_CPU(unsigned long, peeks);

static u32 peek_unlocked(spinlock_t *lock, struct page *page)
{
	u32 *v;
	u32 val;

	spin_lock(lock);
	v = kmap_atomic(page);
	val = v[0];
	spin_unlock(lock);
	__this_cpu_inc(peeks);
	kunmap_atomic(v);
	return val;
}
