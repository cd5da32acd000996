// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap() call in a file-scope initializer, outside any function */
#include <linux/highmem.h>

static struct page *boot_page;
static void *boot_map = kmap(boot_page);
