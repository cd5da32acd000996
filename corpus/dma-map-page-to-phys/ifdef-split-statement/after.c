// SPDX-License-Identifier: GPL-2.0
/* synthetic, modelled on drivers/net/ethernet/mellanox/mlx4/en_tx.c (6.12): an #if/#else splits a statement next to the sites; each branch is parsed on its own, so the sites convert */
#include <linux/dma-mapping.h>

static void ring_doorbell(struct ring *r, struct page *pg)
{
	dma_addr_t a = dma_map_phys(r->dev, page_to_phys(pg), PAGE_SIZE, DMA_TO_DEVICE, 0);

#if defined(__LITTLE_ENDIAN)
	iowrite32(
#else
	iowrite32be(
#endif
		  (__force u32)a, r->doorbell);
	dma_unmap_phys(r->dev, a, PAGE_SIZE, DMA_TO_DEVICE, 0);
}
