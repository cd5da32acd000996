/* synthetic: a BAR stored in the driver's private struct, or a file-scope variable, and used elsewhere */
#include <linux/pci.h>
#include <linux/io.h>

struct foo_priv {
	phys_addr_t regs_phys;
	phys_addr_t shadow;
};

static phys_addr_t foo_mailbox;

static int foo_probe(struct pci_dev *pdev, struct foo_priv *priv)
{
	priv->regs_phys = pci_resource_start(pdev, 0);
	priv->shadow = pci_resource_start(pdev, 1);
	foo_mailbox = pci_resource_start(pdev, 2) + 0x100;
	return 0;
}

static void foo_reset(struct pci_dev *pdev, struct foo_priv *priv)
{
	/* another store makes the field unknown */
	priv->shadow = virt_to_phys(priv);
}

static void *foo_regs(struct foo_priv *priv)
{
	return phys_to_virt(priv->regs_phys);
}

static void *foo_shadow(struct foo_priv *priv)
{
	return phys_to_virt(priv->shadow);
}

static struct page *foo_mailbox_page(void)
{
	return pfn_to_page(PHYS_PFN(foo_mailbox));
}
