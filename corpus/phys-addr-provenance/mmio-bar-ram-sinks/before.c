/* synthetic: a BAR address given to the RAM-only paths (kmap by pfn, the linear map, struct page) */
#include <linux/pci.h>
#include <linux/highmem.h>

static void peek_bar(struct pci_dev *pdev)
{
	phys_addr_t bar = pci_resource_start(pdev, 0);
	unsigned long pfn = PHYS_PFN(bar);
	void *a = kmap_local_pfn(pfn);
	void *b = kmap_atomic_pfn(bar >> PAGE_SHIFT);
	void *c = phys_to_virt(bar);
	void *d = __va(bar + 0x10);
	struct page *p = pfn_to_page(PFN_DOWN(bar));
	struct page *q = phys_to_page(ALIGN_DOWN(bar, PAGE_SIZE));

	kunmap_atomic(b);
	kunmap_local(a);
	(void)c; (void)d; (void)p; (void)q;
}
