// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on au1xmmc_receive_pio(): mapped only sometimes, unmapped under `if (ptr)`; a NULL-initialized pointer tells the paths apart */
#include <linux/highmem.h>

struct pio {
	struct page *page;
	unsigned int offset;
	bool active;
};

static void pio_receive(struct pio *pio, const u8 *fifo, int max)
{
	unsigned char *sg_ptr = NULL;
	int count;

	if (pio->active)
		sg_ptr = kmap_local_page(pio->page) + pio->offset;
	for (count = 0; count < max; count++) {
		if (sg_ptr)
			sg_ptr[count] = fifo[count];
	}
	if (sg_ptr)
		kunmap_local(sg_ptr);
}
