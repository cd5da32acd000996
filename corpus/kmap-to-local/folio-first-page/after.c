// SPDX-License-Identifier: GPL-2.0
/* 6.12 fs/vboxsf/file.c vboxsf_read_folio() (reduced): kmap(&folio->page) of a folio the function holds becomes kmap_local_folio(folio, 0) */
#include <linux/highmem.h>

/* stands for the host call, which fills buf before it returns */
static int vboxsf_read(u32 root, u64 handle, loff_t off, u32 *nread, u8 *buf)
{
	memset(buf, 0, *nread);
	return 0;
}

static int vboxsf_read_folio(struct file *file, struct folio *folio)
{
	loff_t off = folio_pos(folio);
	u32 nread = PAGE_SIZE;
	u8 *buf;
	int err;

	buf = kmap_local_folio(folio, 0);

	err = vboxsf_read(0, 0, off, &nread, buf);
	if (err == 0) {
		memset(&buf[nread], 0, PAGE_SIZE - nread);
		flush_dcache_folio(folio);
	}

	kunmap_local(buf);
	folio_end_read(folio, err == 0);

	return err;
}
