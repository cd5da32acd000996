// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic: dma-migrate boot test harness (never rewritten). It finds QEMU's
 * edu PCI device, runs every check on code that dma-migrate rewrote (real DMA
 * round trips through the device's DMA engine at sub-page offsets, kmap
 * patterns on highmem pages), then the negative controls. Console protocol,
 * read by dma-migrate's console judge:
 *   dmv: start
 *   dmv: check <name> PASS|FAIL [detail]
 *   dmv: neg-begin <name> / dmv: neg-end <name> [detected|missed]
 *   dmv: done <checks> checks, <failed> failed
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/dma-mapping.h>
#include <linux/dma-map-ops.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include "dmv.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF			0x40000
/* QEMU 7.2 aborts on a DMA that covers the whole 4 KiB buffer: stay at 2 KiB. */
#define EDU_MAX_XFER		2048
#define CANARY			0xee

static void __iomem *edu;
static struct pci_dev *edu_pdev;
static int checks, failed;

static void report(const char *name, bool ok, const char *detail)
{
	checks++;
	if (!ok)
		failed++;
	pr_info("dmv: check %s %s%s%s\n", name, ok ? "PASS" : "FAIL",
		detail && *detail ? " " : "", detail ? detail : "");
}

/* One DMA through the edu engine between guest RAM and its buffer; polled. */
static int edu_dma(dma_addr_t ram, u32 len, bool to_ram)
{
	int i;

	if (len == 0 || len > EDU_MAX_XFER || upper_32_bits(ram))
		return -EINVAL;
	writel(to_ram ? EDU_BUF : lower_32_bits(ram), edu + EDU_REG_DMA_SRC);
	writel(to_ram ? lower_32_bits(ram) : EDU_BUF, edu + EDU_REG_DMA_DST);
	writel(len, edu + EDU_REG_DMA_CNT);
	writel(EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0), edu + EDU_REG_DMA_CMD);
	for (i = 0; i < 1000; i++) {
		if (!(readl(edu + EDU_REG_DMA_CMD) & EDU_DMA_RUN))
			return 0;
		msleep(5);
	}
	return -ETIMEDOUT;
}

static u8 pattern(u8 seed, unsigned int i)
{
	return seed + i * 7 + (i >> 8);
}

static void fill_page(struct page *page, u8 seed, bool canary)
{
	u8 *v = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		v[i] = canary ? CANARY : pattern(seed, i);
	kunmap_local(v);
}

struct mapper {
	dmv_map_fn *map;
	dmv_unmap_fn *unmap;
};

/*
 * RAM -> device through @tx at @soff, device -> RAM through @rx at @doff, then
 * check that the destination page holds exactly the source bytes at @doff and
 * the canary everywhere around them, and that each handle is the physical
 * address of page + offset (dma-direct on x86 maps 1:1). Returns the number of
 * wrong bytes, or a negative errno; @why says what went wrong.
 */
static int roundtrip(const struct mapper *tx, struct page *src, unsigned int soff,
		     const struct mapper *rx, struct page *dst, unsigned int doff,
		     size_t len, u8 seed, char *why, size_t whylen)
{
	struct device *dev = &edu_pdev->dev;
	dma_addr_t h;
	unsigned int i, bad = 0, first = 0;
	u8 *v;
	int err;

	fill_page(src, seed, false);
	fill_page(dst, 0, true);

	err = tx->map(dev, src, soff, len, DMA_TO_DEVICE, &h);
	if (err) {
		snprintf(why, whylen, "tx map failed (%d)", err);
		return err;
	}
	if (h != page_to_phys(src) + soff)
		snprintf(why, whylen, "tx handle %pad is not phys %pa + %#x", &h,
			 &(phys_addr_t){ page_to_phys(src) }, soff);
	err = edu_dma(h, len, false);
	tx->unmap(dev, h, len, DMA_TO_DEVICE);
	if (err) {
		snprintf(why, whylen, "edu dma to device failed (%d)", err);
		return err;
	}

	err = rx->map(dev, dst, doff, len, DMA_FROM_DEVICE, &h);
	if (err) {
		snprintf(why, whylen, "rx map failed (%d)", err);
		return err;
	}
	if (h != page_to_phys(dst) + doff && !*why)
		snprintf(why, whylen, "rx handle %pad is not phys %pa + %#x", &h,
			 &(phys_addr_t){ page_to_phys(dst) }, doff);
	err = edu_dma(h, len, true);
	rx->unmap(dev, h, len, DMA_FROM_DEVICE);
	if (err) {
		snprintf(why, whylen, "edu dma to RAM failed (%d)", err);
		return err;
	}

	v = kmap_local_page(dst);
	for (i = 0; i < PAGE_SIZE; i++) {
		u8 want = (i >= doff && i < doff + len) ? pattern(seed, soff + i - doff) : CANARY;

		if (v[i] != want && bad++ == 0)
			first = i;
	}
	kunmap_local(v);
	if (bad)
		snprintf(why, whylen, "%u bytes wrong, first at %#x (copied %zu bytes from %#x to %#x)",
			 bad, first, len, soff, doff);
	return bad ? bad : (*why ? 1 : 0);
}

static void check_roundtrip(const char *name, const struct mapper *m,
			    struct page *src, unsigned int soff,
			    struct page *dst, unsigned int doff, size_t len, u8 seed)
{
	char why[160] = "";
	int r = roundtrip(m, src, soff, m, dst, doff, len, seed, why, sizeof(why));

	report(name, r == 0, why);
}

static void check_mmio(void)
{
	phys_addr_t bar = pci_resource_start(edu_pdev, 0);
	char why[96] = "";
	dma_addr_t h;
	int err;

	err = dmv_map_mmio(&edu_pdev->dev, bar, PAGE_SIZE, &h);
	if (err) {
		snprintf(why, sizeof(why), "map failed (%d)", err);
	} else {
		if (h != bar)
			snprintf(why, sizeof(why), "handle %pad is not the MMIO address %pa", &h, &bar);
		dmv_unmap_mmio(&edu_pdev->dev, h, PAGE_SIZE);
	}
	report("dma-resource-mmio", !*why, why);
}

static void check_kmap(struct page **hi)
{
	char why[96] = "";
	u8 *a, *b, buf[100];
	u32 sum, want;
	int i, bad;

	/* nested-lifo */
	fill_page(hi[0], 0x31, false);
	fill_page(hi[1], 0, true);
	dmv_copy_pages(hi[1], hi[0]);
	a = kmap_local_page(hi[0]);
	b = kmap_local_page(hi[1]);
	bad = memcmp(a, b, PAGE_SIZE);
	kunmap_local(b);
	kunmap_local(a);
	report("kmap-nested-lifo", !bad, bad ? "copy_page through the rewritten mappings differs" : NULL);

	/* loop */
	for (i = 0, want = 0; i < 3; i++) {
		u32 *v = kmap_local_page(hi[i]);

		v[0] = 1000u * (i + 1) + 7;
		want += v[0];
		kunmap_local(v);
	}
	sum = dmv_sum_pages(hi, 3);
	if (sum != want)
		snprintf(why, sizeof(why), "sum %u, expected %u", sum, want);
	report("kmap-loop", sum == want, why);

	/* memcpy-region */
	fill_page(hi[2], 0x5a, false);
	dmv_blk_read(hi[2], 0x123, buf, sizeof(buf));
	for (i = 0, bad = 0; i < sizeof(buf); i++)
		bad += buf[i] != pattern(0x5a, 0x123 + i);
	report("kmap-memcpy-region", !bad, bad ? "bytes read through the rewritten mapping differ" : NULL);
}

#ifdef DMV_HAVE_PROVIDER
static int provider_map(struct device *dev, struct page *page, unsigned int off,
			size_t len, enum dma_data_direction dir, dma_addr_t *out)
{
	*out = dmv_provider_ops.map_phys(dev, page_to_phys(page) + off, len, dir, 0);
	return *out == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

static void provider_unmap(struct device *dev, dma_addr_t addr, size_t len,
			   enum dma_data_direction dir)
{
	dmv_provider_ops.unmap_phys(dev, addr, len, dir, 0);
}

static void check_provider(struct page **hi)
{
	static const struct mapper m = { provider_map, provider_unmap };
	dma_addr_t h;
	bool refused;

	check_roundtrip("provider-map-phys", &m, hi[0], 0x2a8, hi[1], 0x4c0, 0x600, 0x77);
	h = dmv_provider_ops.map_phys(&edu_pdev->dev, pci_resource_start(edu_pdev, 0),
				      64, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	refused = h == DMA_MAPPING_ERROR;
	if (!refused)
		dmv_provider_ops.unmap_phys(&edu_pdev->dev, h, 64, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	report("provider-rejects-mmio", refused, refused ? NULL : "map_phys accepted DMA_ATTR_MMIO");
}
#endif

static void neg_begin(const char *name)
{
	pr_info("dmv: neg-begin %s\n", name);
}

static void neg_end(const char *name, const char *verdict)
{
	pr_info("dmv: neg-end %s%s%s\n", name, verdict ? " " : "", verdict ? verdict : "");
}

static void negative_controls(struct page **hi)
{
	static const struct mapper neg = { neg_dmv_map_basic, neg_dmv_unmap_basic };
	char why[160] = "";
	int r;

	neg_begin("kunmap-order");
	dmv_neg_kunmap_order(hi[0], hi[1]);
	neg_end("kunmap-order", NULL);

	neg_begin("unmap-size");
	r = dmv_neg_unmap_size(&edu_pdev->dev, hi[0]);
	neg_end("unmap-size", r ? "map-failed" : NULL);

	neg_begin("sleep-in-atomic");
	dmv_neg_sleep_in_atomic(hi[0]);
	neg_end("sleep-in-atomic", NULL);

	/* the rewritten dmv_dma.c, mutated to drop the offset: only the data shows it */
	neg_begin("dropped-offset");
	r = roundtrip(&neg, hi[0], 0x1a0, &neg, hi[1], 0x2c8, 0x300, 0x42, why, sizeof(why));
	if (r > 0)
		pr_info("dmv: neg-detail dropped-offset %s\n", why);
	neg_end("dropped-offset", r > 0 ? "detected" : "missed");
}

static int __init dmv_init(void)
{
	static const struct mapper basic = { dmv_map_basic, dmv_unmap_basic };
	static const struct mapper attrs = { dmv_map_attrs, dmv_unmap_attrs };
	static const struct mapper expr = { dmv_map_expr, dmv_unmap_basic };
	static const struct mapper sg = { dmv_map_sg, dmv_unmap_basic };
	static const struct mapper bvec = { dmv_map_bvec, dmv_unmap_basic };
	static const struct mapper virt = { dmv_map_virt, dmv_unmap_basic };
	static const struct mapper pfn = { dmv_map_pfn, dmv_unmap_basic };
	struct page *hi[3] = {}, *lo[2] = {};
	int i, err;

	pr_info("dmv: start\n");
	edu_pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!edu_pdev) {
		pr_err("dmv: error no edu device (QEMU -device edu,dma_mask=0xffffffff)\n");
		return -ENODEV;
	}
	err = pci_enable_device(edu_pdev);
	if (!err)
		err = dma_set_mask_and_coherent(&edu_pdev->dev, DMA_BIT_MASK(32));
	if (err) {
		pr_err("dmv: error cannot set up the edu device (%d)\n", err);
		goto out_put;
	}
	pci_set_master(edu_pdev);
	edu = pci_iomap(edu_pdev, 0, 0);
	for (i = 0; i < 3; i++)
		hi[i] = alloc_page(GFP_HIGHUSER);
	for (i = 0; i < 2; i++)
		lo[i] = alloc_page(GFP_KERNEL);
	if (!edu || !hi[0] || !hi[1] || !hi[2] || !lo[0] || !lo[1]) {
		pr_err("dmv: error out of memory or no BAR\n");
		err = -ENOMEM;
		goto out_free;
	}
	pr_info("dmv: pages %s highmem\n", PageHighMem(hi[0]) ? "are" : "are not");

	check_roundtrip("dma-page-offset", &basic, hi[0], 0x1a0, hi[1], 0x2c8, 0x300, 0x11);
	check_roundtrip("dma-page-attrs", &attrs, hi[0], 0x040, hi[1], 0x5f0, 0x200, 0x22);
	check_roundtrip("dma-offset-expression", &expr, hi[0], 0x123, hi[1], 0x077, 0x400, 0x33);
	check_roundtrip("dma-sg-phys", &sg, hi[0], 0x010, hi[1], 0x800, 0x7f0, 0x44);
	check_roundtrip("dma-bvec-phys", &bvec, hi[0], 0xabc, hi[1], 0x100, 0x500, 0x55);
	check_roundtrip("dma-virt-to-phys", &virt, lo[0], 0x035, lo[1], 0x6d1, 0x111, 0x66);
	check_roundtrip("dma-pfn-phys", &pfn, hi[0], 0, hi[1], 0, EDU_MAX_XFER, 0x77);
	check_mmio();
	check_kmap(hi);
#ifdef DMV_HAVE_PROVIDER
	check_provider(hi);
#endif
	negative_controls(hi);
	pr_info("dmv: done %d checks, %d failed\n", checks, failed);
	err = 0;
out_free:
	for (i = 0; i < 3; i++)
		if (hi[i])
			__free_page(hi[i]);
	for (i = 0; i < 2; i++)
		if (lo[i])
			__free_page(lo[i]);
	if (edu)
		pci_iounmap(edu_pdev, edu);
out_put:
	pci_dev_put(edu_pdev);
	return err;
}
module_init(dmv_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dma-migrate boot test: rewritten DMA and kmap patterns under DMA_API_DEBUG and DEBUG_KMAP_LOCAL");
