/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synthetic: dma-migrate boot test, declarations shared by the harness
 * (dmv_main.c, dmv_neg.c) and the parts dma-migrate generates by rewriting
 * the templates (dmv_dma.c, dmv_kmap.c, dmv_provider.c).
 */
#ifndef DMV_H
#define DMV_H

#include <linux/types.h>
#include <linux/dma-direction.h>

struct device;
struct page;

/*
 * The negative control "dropped offset" links a second copy of the rewritten
 * dmv_dma.c, mutated, built with -DDMV_NEG_COPY: its functions get a neg_ prefix.
 */
#ifdef DMV_NEG_COPY
#define dmv_map_basic neg_dmv_map_basic
#define dmv_unmap_basic neg_dmv_unmap_basic
#define dmv_map_attrs neg_dmv_map_attrs
#define dmv_unmap_attrs neg_dmv_unmap_attrs
#define dmv_map_expr neg_dmv_map_expr
#define dmv_map_sg neg_dmv_map_sg
#define dmv_map_bvec neg_dmv_map_bvec
#define dmv_map_virt neg_dmv_map_virt
#define dmv_map_pfn neg_dmv_map_pfn
#define dmv_map_mmio neg_dmv_map_mmio
#define dmv_unmap_mmio neg_dmv_unmap_mmio
#endif

typedef int dmv_map_fn(struct device *dev, struct page *page, unsigned int off,
		       size_t len, enum dma_data_direction dir, dma_addr_t *out);
typedef void dmv_unmap_fn(struct device *dev, dma_addr_t addr, size_t len,
			  enum dma_data_direction dir);

/* dmv_dma.c: one mapping pattern each (corpus/dma-map-page-to-phys, -resource-to-phys) */
dmv_map_fn dmv_map_basic, dmv_map_attrs, dmv_map_expr, dmv_map_sg, dmv_map_bvec;
dmv_map_fn dmv_map_virt;	/* the page must be lowmem */
dmv_map_fn dmv_map_pfn;		/* off must be 0 */
dmv_unmap_fn dmv_unmap_basic, dmv_unmap_attrs;
int dmv_map_mmio(struct device *dev, phys_addr_t phys, size_t len, dma_addr_t *out);
void dmv_unmap_mmio(struct device *dev, dma_addr_t addr, size_t len);

dmv_map_fn neg_dmv_map_basic;
dmv_unmap_fn neg_dmv_unmap_basic;

/* dmv_kmap.c: corpus/kmap-atomic-to-local patterns */
void dmv_copy_pages(struct page *dst, struct page *src);
u32 dmv_sum_pages(struct page **pages, int n);
void dmv_blk_read(struct page *page, unsigned int off, void *dst, size_t len);

/* dmv_provider.c: a dma_map_ops provider, exercised directly */
struct dma_map_ops;
extern const struct dma_map_ops dmv_provider_ops;

/* dmv_neg.c: hand-written negative controls, each must be caught */
void dmv_neg_kunmap_order(struct page *a, struct page *b);
int dmv_neg_unmap_size(struct device *dev, struct page *page);
void dmv_neg_sleep_in_atomic(struct page *page);

#endif
