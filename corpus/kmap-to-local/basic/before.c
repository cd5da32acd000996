// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on ceph_crc32c_page(): kunmap(page) becomes kunmap_local() of the variable holding the address */
#include <linux/highmem.h>

static u32 page_crc(u32 crc, struct page *page, unsigned int off, unsigned int len)
{
	char *kaddr;

	kaddr = kmap(page);
	BUG_ON(kaddr == NULL);
	crc = crc32c(crc, kaddr + off, len);
	kunmap(page);

	return crc;
}
