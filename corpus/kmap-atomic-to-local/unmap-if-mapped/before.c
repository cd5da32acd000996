// SPDX-License-Identifier: GPL-2.0
/* synthetic: NULL tests: modelled on au1xmmc_receive_pio() (mapped only sometimes, unmapped under `if (ptr)`) and on caam_dump_sg() */
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
		sg_ptr = kmap_atomic(pio->page) + pio->offset;
	for (count = 0; count < max; count++) {
		if (sg_ptr)
			sg_ptr[count] = fifo[count];
	}
	if (sg_ptr)
		kunmap_atomic(sg_ptr);
}

static void dump_sg(struct scatterlist *sg, size_t tlen)
{
	struct scatterlist *it;
	void *it_page;

	for (it = sg; it && tlen > 0; it = sg_next(it)) {
		/* modelled on caam_dump_sg(): a failure check the mapping never needs */
		it_page = kmap_atomic(sg_page(it));
		if (unlikely(!it_page)) {
			pr_err("kmap failed\n");
			return;
		}
		print_hex_dump_debug("sg ", DUMP_PREFIX_ADDRESS, 16, 4, it_page + it->offset, it->length, false);
		tlen -= min_t(size_t, tlen, it->length);
		kunmap_atomic(it_page);
	}
}
