/* linux-source-7.3 arch/mips/cavium-octeon/octeon-irq.c (octeon_irq_init_ciu3, shortened): on MIPS64
 * phys_to_virt() is an XKPHYS address, valid for I/O space: architecture code knows its memory map */
#include <linux/of_address.h>
#include <linux/mm.h>

static int octeon_irq_init_ciu3(struct device_node *ciu_node, struct octeon_ciu3_info *ciu3_info)
{
	struct resource res;
	int ret;

	ret = of_address_to_resource(ciu_node, 0, &res);
	if (WARN_ON(ret))
		return ret;
	ciu3_info->ciu3_addr = (u64)phys_to_virt(res.start);
	/* struct page is not architecture-defined: still reported */
	(void)pfn_to_page(PHYS_PFN(res.start));
	return 0;
}
