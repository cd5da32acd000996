/* linux-source-7.3 drivers/spi/spi-qpic-snand.c (qcom_spi_probe, shortened) and
 * drivers/ntb/ntb_transport.c (ntb_async_tx_submit, shortened): the right forms are silent */
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>

static int qcom_spi_probe(struct platform_device *pdev, struct qcom_nand_controller *snandc, struct device *dev)
{
	struct resource *res;

	snandc->base = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(snandc->base))
		return PTR_ERR(snandc->base);

	snandc->base_phys = res->start;
	snandc->base_dma = dma_map_resource(dev, res->start, resource_size(res), DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(dev, snandc->base_dma))
		return -ENXIO;
	return 0;
}

static int ntb_async_tx_submit(struct device *dev, struct dmaengine_unmap_data *unmap, void *buf, size_t len)
{
	unmap->addr[0] = dma_map_phys(dev, virt_to_phys(buf), len, DMA_TO_DEVICE, 0);
	if (dma_mapping_error(dev, unmap->addr[0]))
		return -ENOMEM;
	return 0;
}
