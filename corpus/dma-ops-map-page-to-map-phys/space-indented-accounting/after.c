// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on the pseries vio shape: a provider whose
 * continuation lines are indented with spaces and whose first statement
 * charges an allocation to the device. The DMA_ATTR_MMIO refusal goes before
 * that statement (after it, the charge would leak on every MMIO request),
 * and the re-packed parameter lines are indented with tabs. */
#include <linux/dma-map-ops.h>

static dma_addr_t acct_map_phys(struct device *dev, phys_addr_t phys,
				size_t size, enum dma_data_direction direction,
				unsigned long attrs)
{
	struct acct_dev *adev = to_acct_dev(dev);
	dma_addr_t ret = DMA_MAPPING_ERROR;

	if (unlikely(attrs & DMA_ATTR_MMIO))
		return DMA_MAPPING_ERROR;

	if (acct_charge_alloc(adev, size))
		goto out_fail;
	ret = acct_iommu_map(dev, phys, size, direction);
	if (unlikely(ret == DMA_MAPPING_ERROR))
		goto out_uncharge;
	return ret;

out_uncharge:
	acct_charge_free(adev, size);
out_fail:
	return DMA_MAPPING_ERROR;
}

static void acct_unmap_phys(struct device *dev, dma_addr_t dma_handle,
                            size_t size, enum dma_data_direction direction,
                            unsigned long attrs)
{
	acct_iommu_unmap(dev, dma_handle, size);
	acct_charge_free(to_acct_dev(dev), size);
}

static const struct dma_map_ops acct_ops = {
	.map_phys	= acct_map_phys,
	.unmap_phys	= acct_unmap_phys,
};
