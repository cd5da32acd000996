/**
 * A small kernel-like tree for the series/check tests (synthetic C modelled
 * on drivers/net and fs patterns; written for these tests, not kernel code):
 * a Makefile naming 6.18, the two headers the target probe reads, drivers in
 * their own directories and two single-file drivers sharing drivers/net/,
 * each with its own MAINTAINERS section.
 */

export const MAKEFILE = 'VERSION = 6\nPATCHLEVEL = 18\nSUBLEVEL = 0\n';

export const HEADERS: Record<string, string> = {
  'include/linux/highmem.h': '/* test header */\nvoid *kmap_local_page(struct page *page);\nvoid kunmap_local(const void *addr);\n',
  'include/linux/dma-mapping.h': '/* test header */\ndma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size, int dir, unsigned long attrs);\n',
};

export function kmapDriver(name: string, license = true): string {
  return `// SPDX-License-Identifier: GPL-2.0
/* ${name}: synthetic driver for dma-migrate's series tests. */
#include <linux/highmem.h>

static void ${name}_copy_rx(struct page *page, unsigned int off, void *dst, size_t len)
{
\tchar *kaddr = kmap_atomic(page);

\tmemcpy(dst, kaddr + off, len);
\tkunmap_atomic(kaddr);
}
${license ? '\nMODULE_LICENSE("GPL");\n' : ''}`;
}

export function dmaDriver(name: string): string {
  return `// SPDX-License-Identifier: GPL-2.0
/* ${name}: synthetic driver for dma-migrate's series tests. */
#include <linux/dma-mapping.h>

struct ${name}_buf {
\tvoid *data;
\tsize_t len;
\tdma_addr_t dma;
};

static int ${name}_map(struct device *dev, struct ${name}_buf *b)
{
\tb->dma = dma_map_page(dev, virt_to_page(b->data),
\t\t\t      offset_in_page(b->data), b->len, DMA_TO_DEVICE);
\treturn dma_mapping_error(dev, b->dma) ? -ENOMEM : 0;
}

static void ${name}_unmap(struct device *dev, struct ${name}_buf *b)
{
\tdma_unmap_page(dev, b->dma, b->len, DMA_TO_DEVICE);
}

MODULE_LICENSE("GPL");
`;
}

/** Both rules in one file. */
export function mixedDriver(name: string): string {
  return dmaDriver(name).replace('MODULE_LICENSE', `static void ${name}_peek(struct page *page, void *dst)
{
\tvoid *vaddr = kmap_atomic(page);

\tmemcpy(dst, vaddr, 8);
\tkunmap_atomic(vaddr);
}

MODULE_LICENSE`);
}

export const BLKFS = `// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static void blkfs_read_block(struct page *page, unsigned int off, void *dst, size_t len)
{
\tchar *kaddr = kmap_atomic(page);

\tmemcpy(dst, kaddr + off, len);
\tkunmap_atomic(kaddr);
}

/* Relies on kmap_atomic() disabling page faults: left for review. */
static int blkfs_fast_write(struct page *page, unsigned int off, const char *ubuf, int len)
{
\tchar *kaddr = kmap_atomic(page);
\tunsigned long left = __copy_from_user_inatomic(kaddr + off, ubuf, len);

\tkunmap_atomic(kaddr);
\treturn left ? -EFAULT : 0;
}
`;

export const MAINTAINERS = `List of maintainers
===================

Descriptions of section entries and preferred order
---------------------------------------------------

\tM: *Mail* patches to: FullName <address@domain>
\tF: *Files* and directories wildcard patterns.

Maintainers List
----------------

ACME ETHERNET DRIVER
M:\tAnn Acme <ann@acme.example>
L:\tacme-dev@lists.example (moderated for non-subscribers)
S:\tMaintained
F:\tdrivers/net/ethernet/acme/

BLKFS
M:\tBob Blk <bob@blk.example>
R:\tRita Review <rita@review.example>
S:\tMaintained
F:\tfs/blkfs/

BOLT ETHERNET DRIVER
M:\tBea Bolt <bea@bolt.example>
S:\tOdd Fixes
F:\tdrivers/net/ethernet/bolt/

NETWORKING DRIVERS
M:\tNed Net <ned@net.example>
L:\tnetdev@vger.kernel.org
S:\tMaintained
F:\tdrivers/net/
X:\tdrivers/net/wireless/

TUNLIKE DRIVER
M:\tTina Tun <tina@tun.example>
S:\tMaintained
F:\tdrivers/net/tunlike.c

VETHLIKE DRIVER
M:\tVic Veth <vic@veth.example>
S:\tMaintained
F:\tdrivers/net/vethlike.c

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
L:\tlinux-kernel@vger.kernel.org
S:\tBuried alive in reporters
F:\t*
F:\t*/
`;

export function kernelLikeTree(): Record<string, string> {
  return {
    Makefile: MAKEFILE,
    MAINTAINERS,
    ...HEADERS,
    'drivers/net/ethernet/acme/acme_main.c': dmaDriver('acme'),
    'drivers/net/ethernet/acme/acme_rx.c': kmapDriver('acme_rx', false),
    'drivers/net/ethernet/bolt/bolt.c': mixedDriver('bolt'),
    'drivers/net/tunlike.c': kmapDriver('tunlike'),
    'drivers/net/vethlike.c': kmapDriver('vethlike'),
    'fs/blkfs/read.c': BLKFS,
  };
}
