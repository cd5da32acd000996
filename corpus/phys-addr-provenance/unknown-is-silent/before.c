/* synthetic: addresses whose provenance the analysis cannot see are never reported */
#include <linux/pci.h>

extern phys_addr_t shared_base;
static phys_addr_t tunable = 0x10000000;

static void fill(phys_addr_t *out, struct pci_dev *pdev)
{
	*out = pci_resource_start(pdev, 0);
}

struct bar_info {
	phys_addr_t base;
};

static void *unknowns(struct pci_dev *pdev, phys_addr_t param, struct bar_info *info, struct bar_info **pp)
{
	phys_addr_t taken = pci_resource_start(pdev, 0);
	phys_addr_t uninit;

	fill(&taken, pdev);
	(*pp)->base = virt_to_phys(pp);
	info->base = pci_resource_start(pdev, 0);
	phys_to_virt(param);
	phys_to_virt(0xfee00000);
	phys_to_virt(shared_base);
	phys_to_virt(tunable);
	phys_to_virt(taken);
	phys_to_virt(uninit);
	return phys_to_virt(info->base);
}
