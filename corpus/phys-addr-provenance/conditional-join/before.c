/* synthetic: every value that can reach the sink must agree, or nothing is said */
#include <linux/pci.h>

static void *pick_bar(struct pci_dev *pdev, bool hi)
{
	phys_addr_t a = hi ? pci_resource_start(pdev, 2) : pci_resource_start(pdev, 0);

	return phys_to_virt(a);
}

static void *pick_mixed(struct pci_dev *pdev, void *buf, bool hi)
{
	return phys_to_virt(hi ? pci_resource_start(pdev, 2) : virt_to_phys(buf));
}

static void *reassigned(struct pci_dev *pdev, void *buf)
{
	phys_addr_t a = pci_resource_start(pdev, 0);

	if (!a)
		a = virt_to_phys(buf);
	return phys_to_virt(a);
}

static void *advanced(struct pci_dev *pdev, int i)
{
	phys_addr_t a = pci_resource_start(pdev, 0);

	a += i * PAGE_SIZE;
	return phys_to_virt(a);
}

static unsigned long bar_len(struct pci_dev *pdev)
{
	/* two addresses combined are a length, not an address */
	return (unsigned long)phys_to_virt(pci_resource_end(pdev, 0) - pci_resource_start(pdev, 0));
}
