// SPDX-License-Identifier: GPL-2.0
/* synthetic: a kmap_atomic() call in a file-scope initializer, outside any function */
#include <linux/highmem.h>

static struct page *boot_page;
static void *boot_map = kmap_atomic(boot_page);
