/* synthetic: of_address_to_resource() on a "memory-region" node describes a RAM carve-out, not MMIO */
#include <linux/of_address.h>

static void *map_carveout(struct device_node *np)
{
	struct device_node *mem = of_parse_phandle(np, "memory-region", 0);
	struct resource r;

	if (of_address_to_resource(mem, 0, &r))
		return NULL;
	return phys_to_virt(r.start);
}
