/**
 * A converted DMA call whose function still has a comment naming the
 * replaced function ("dma_map_page() the buffer", "see dma_unmap_page"):
 * the comment is left as it is, and the site gets a to-do naming its line,
 * as the kmap rules do. A function without such a comment gets none.
 */
import { describe, expect, it } from 'vitest';
import { runOnText } from '../harness/run-case.js';

const before = `// SPDX-License-Identifier: GPL-2.0
#include <linux/dma-mapping.h>

/* Maps the rx buffer; see foo_unmap_rx, which must dma_unmap_page() it. */
static int foo_map_rx(struct foo_priv *priv, struct foo_rx_buf *buf)
{
	/* dma_map_page() the buffer for the device */
	buf->dma = dma_map_page(priv->dev, buf->page, buf->page_offset,
				priv->rx_buf_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, buf->dma))
		return -ENOMEM;
	return 0;
}

static void foo_unmap_rx(struct foo_priv *priv, struct foo_rx_buf *buf)
{
	/* the buffer goes back to the CPU */
	dma_unmap_page(priv->dev, buf->dma, priv->rx_buf_len, DMA_FROM_DEVICE);
	buf->dma = 0;
}

static void foo_res(struct device *dev, phys_addr_t p, dma_addr_t *out)
{
	/* dma_map_resource() of the doorbell; see dma_unmap_resource */
	*out = dma_map_resource(dev, p, 4, DMA_TO_DEVICE, 0);
}

MODULE_LICENSE("GPL");
`;

describe('comments that still name a replaced DMA function', () => {
  it('are named by line in a to-do of the converted site, and left as they are', async () => {
    const { output, file } = await runOnText(before, ['dma-map-page-to-phys', 'dma-map-resource-to-phys'], { policy: 'all' });
    const at = (line: number) => file!.findings.find((f) => f.line === line)!;
    expect(at(8).status).toBe('convert');
    expect(at(8).todo).toEqual(['foo_map_rx(): the comments at lines 4, 7 still name dma_unmap_page(), dma_map_page(); dma-migrate does not edit comments: check they still describe the code']);
    // foo_unmap_rx()'s comment names neither function: no to-do.
    expect(at(18).status).toBe('convert');
    expect(at(18).todo).toBeUndefined();
    expect(at(25).status).toBe('convert');
    expect(at(25).todo).toEqual(['foo_res(): the comment at line 24 still names dma_map_resource(), dma_unmap_resource(); dma-migrate does not edit comments: check it still describes the code']);
    expect(output).toContain('/* dma_map_page() the buffer for the device */');
    expect(output).toContain('page_to_phys(buf->page) + buf->page_offset,');
  });
});
