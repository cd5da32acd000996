/**
 * A converted dma_map_page() call's fix carries, besides the rule's note, a
 * sentence saying how the new address follows from the old page and offset
 * (virt_to_phys, sg_phys, ...), so the patch's message explains the idiom; a
 * plain page_to_phys() conversion needs none (the rationale states it).
 */
import { describe, expect, it } from 'vitest';
import { runOnText } from '../harness/run-case.js';

const before = `// SPDX-License-Identifier: GPL-2.0
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

static int foo_map(struct device *dev, void *buf, size_t len, dma_addr_t *out)
{
	*out = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, *out))
		return -ENOMEM;
	dma_unmap_page(dev, *out, len, DMA_TO_DEVICE);
	return 0;
}

static void foo_sg(struct device *dev, struct scatterlist *sg)
{
	dma_addr_t a = dma_map_page(dev, sg_page(sg), sg->offset, sg->length, DMA_FROM_DEVICE);

	dma_unmap_page(dev, a, sg->length, DMA_FROM_DEVICE);
}

static void foo_page(struct device *dev, struct page *page)
{
	dma_addr_t a = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	dma_unmap_page(dev, a, PAGE_SIZE, DMA_FROM_DEVICE);
}

MODULE_LICENSE("GPL");
`;

describe('the message notes of a converted dma_map_page()', () => {
  it('say how the address was derived, per form, and only where there is something to say', async () => {
    const { file } = await runOnText(before, ['dma-map-page-to-phys'], { policy: 'all' });
    const notesAt = (line: number) => {
      const site = file!.findings.find((f) => f.line === line)!;
      expect(site.status).toBe('convert');
      return file!.applied.find((a) => a.id === site.fixId)?.notes ?? [];
    };
    expect(notesAt(7).some((n) => n.includes('virt_to_phys(p)'))).toBe(true);
    expect(notesAt(16).some((n) => n.includes('sg_phys(sg)'))).toBe(true);
    expect(notesAt(16).some((n) => n.includes('virt_to_phys'))).toBe(false);
    const plain = notesAt(23);
    expect(plain.some((n) => n.startsWith('Where the page'))).toBe(false);
    expect(plain.length).toBeGreaterThan(0);
  });
});
