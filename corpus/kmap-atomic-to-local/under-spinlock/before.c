// SPDX-License-Identifier: GPL-2.0
/* synthetic: per-CPU statistics updated under a spinlock: already atomic without kmap_atomic() (reference 3.5) */
#include <linux/highmem.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>

struct pool {
	spinlock_t lock;
	unsigned long __percpu *hits;
};

static u32 pool_peek(struct pool *pool, struct page *page)
{
	u32 *v;
	u32 val;

	spin_lock(&pool->lock);
	v = kmap_atomic(page);
	val = v[0];
	this_cpu_inc(*pool->hits);
	kunmap_atomic(v);
	spin_unlock(&pool->lock);
	return val;
}

static u32 pool_peek_irqsave(struct pool *pool, struct page *page)
{
	unsigned long flags;
	u32 *v;
	u32 val;

	local_irq_save(flags);
	v = kmap_atomic(page);
	val = v[smp_processor_id() & 1];
	kunmap_atomic(v);
	local_irq_restore(flags);
	return val;
}
