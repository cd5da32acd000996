/* synthetic: the address crosses the file's functions (a returned BAR, a parameter that reaches a sink) */
#include <linux/pci.h>
#include <linux/highmem.h>

static phys_addr_t doorbell_phys(struct pci_dev *pdev, unsigned int off)
{
	return pci_resource_start(pdev, 0) + off;
}

static phys_addr_t pick(phys_addr_t a)
{
	return a;
}

static void *map_one(phys_addr_t addr)
{
	return kmap_local_pfn(PHYS_PFN(addr));
}

static void *map_two(phys_addr_t where, int flags)
{
	return map_one(where);
}

static void ring(struct pci_dev *pdev)
{
	phys_addr_t db = doorbell_phys(pdev, 0x40);
	void *v = phys_to_virt(pick(db));
	void *w = map_two(db, 0);

	/* a RAM address through the same helpers is fine */
	map_two(page_to_phys(ZERO_PAGE(0)), 0);
	(void)v; (void)w;
}
