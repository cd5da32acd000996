// SPDX-License-Identifier: GPL-2.0
/* synthetic: a handle returned to the caller (its unmap cannot be followed), and one stored through a pointer */
#include <linux/dma-mapping.h>

static dma_addr_t map_buf(struct device *dev, void *buf, size_t len)
{
	return dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), len, DMA_TO_DEVICE);
}

static void map_out(struct device *dev, void *buf, size_t len, dma_addr_t *out)
{
	*out = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), len, DMA_TO_DEVICE);
}
