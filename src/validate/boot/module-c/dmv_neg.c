// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma-migrate boot test negative controls, written wrong on
 * purpose. The harness runs each between "dmv: neg-begin" and "dmv: neg-end";
 * the boot test fails unless the kernel's debugging catches every one. That
 * proves the checks that judge the rewritten code are really armed.
 */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include "dmv.h"

/* kunmap_local out of LIFO order: DEBUG_KMAP_LOCAL warns in kunmap_local_indexed */
void dmv_neg_kunmap_order(struct page *a, struct page *b)
{
	u8 *va = kmap_local_page(a);
	u8 *vb = kmap_local_page(b);

	WRITE_ONCE(*va, 1);
	WRITE_ONCE(*vb, 2);
	kunmap_local(va);
	kunmap_local(vb);
}

/* an unmap with another size than the map: DMA_API_DEBUG reports it */
int dmv_neg_unmap_size(struct device *dev, struct page *page)
{
	dma_addr_t addr = dma_map_page(dev, page, 0, 512, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, addr))
		return -ENOMEM;
	dma_unmap_page(dev, addr, 256, DMA_TO_DEVICE);
	return 0;
}

/* a sleeping allocation inside kmap_atomic: DEBUG_ATOMIC_SLEEP reports it */
void dmv_neg_sleep_in_atomic(struct page *page)
{
	u8 *v = kmap_atomic(page);
	void *p = kmalloc(64, GFP_KERNEL);

	WRITE_ONCE(*v, 3);
	kfree(p);
	kunmap_atomic(v);
}
