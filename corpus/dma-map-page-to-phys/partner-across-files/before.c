// SPDX-License-Identifier: GPL-2.0
/* synthetic: the map of a field whose unmap is in another file of the driver (ring.c), kept with it */
#include <linux/dma-mapping.h>
#include "ring.h"

void ring_fill(struct device *dev, struct ring_entry *e, void *data)
{
	e->buf_dma = dma_map_page(dev, virt_to_page(data), offset_in_page(data), e->len, DMA_FROM_DEVICE);
}
