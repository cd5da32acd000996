/* synthetic: platform and device-tree memory resources given to CPU cache maintenance */
#include <linux/platform_device.h>
#include <linux/of_address.h>
#include <linux/dma-map-ops.h>

static int probe_sync(struct platform_device *pdev)
{
	struct resource *res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	struct resource *named = platform_get_resource_byname(pdev, IORESOURCE_MEM, "fifo");
	struct resource *irq = platform_get_resource(pdev, IORESOURCE_IRQ, 0);

	arch_sync_dma_for_device(res->start, resource_size(res), DMA_TO_DEVICE);
	arch_sync_dma_for_cpu(named->end - 63, 64, DMA_FROM_DEVICE);
	/* not a memory resource: not a source */
	arch_sync_dma_for_cpu(irq->start, 4, DMA_FROM_DEVICE);
	return 0;
}

static int probe_outer(struct platform_device *pdev, struct device_node *np)
{
	struct resource *regs;
	struct resource dt;
	void __iomem *base = devm_platform_get_and_ioremap_resource(pdev, 1, &regs);

	if (IS_ERR(base))
		return PTR_ERR(base);
	outer_clean_range(regs->start, regs->end);
	if (of_address_to_resource(np, 0, &dt))
		return -EINVAL;
	outer_flush_range(dt.start, dt.end + 1);
	outer_inv_range(dt.start, dt.end + 1);
	return 0;
}
