// SPDX-License-Identifier: BSD-2-Clause
/* synthetic: kmap_local_pfn() is GPL-only on HIGHMEM; this module is not GPL */
#include <linux/module.h>
#include <linux/highmem.h>

static void touch(unsigned long pfn)
{
	u8 *va = kmap_atomic_pfn(pfn);

	va[0] = 0;
	kunmap_atomic(va);
}

MODULE_LICENSE("Proprietary");
