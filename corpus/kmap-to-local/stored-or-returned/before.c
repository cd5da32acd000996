// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on usdhi6rol0/ttm: the address kept in a struct for later, or returned to the caller */
#include <linux/highmem.h>

struct host {
	struct page *page;
	void *mapped;
};

static void host_map(struct host *host)
{
	host->mapped = kmap(host->page);
}

static void host_unmap(struct host *host)
{
	kunmap(host->page);
	host->mapped = NULL;
}

static void *sg_map(struct page *page, unsigned int off)
{
	return kmap(page) + off;
}
