// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on arch/microblaze/mm/pgtable.c (6.12): an architecture's own
 * page-table helper called map_page() shares the callback's name but has nothing to
 * do with struct dma_map_ops; it is reported as skip and left alone. */
#include <linux/mm.h>

int map_page(unsigned long va, phys_addr_t pa, int flags);

static void __init mapin_ram(unsigned long base, unsigned long top)
{
	unsigned long v = PAGE_OFFSET;
	phys_addr_t p = base;

	for (; p < top; p += PAGE_SIZE, v += PAGE_SIZE)
		map_page(v, p, 0);
}
