// SPDX-License-Identifier: GPL-2.0
/* synthetic: a rewrite that would pass 100 columns is wrapped under the opening parenthesis */
#include <linux/dma-mapping.h>

static int quux_refill(struct quux_ring *ring, struct quux_desc *desc, unsigned int idx)
{
	if (ring->enabled) {
		desc->buf_addr[idx] = dma_map_phys(ring->dev,
						   page_to_phys(desc->pages[idx]) +
						   desc->offsets[idx],
						   ring->buf_size, DMA_FROM_DEVICE, 0);
		ring->stats.mapped++;
	}
	ring->tail_dma = dma_map_phys(ring->dev, page_to_phys(ring->tail_page) + ring->tail_off,
				      ring->tail_len, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	return 0;
}
