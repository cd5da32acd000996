// SPDX-License-Identifier: GPL-2.0
/* synthetic: kmap_atomic() hidden in a macro is reported, not rewritten */
#include <linux/highmem.h>

#define MAP_FIRST(sg) kmap_atomic(sg_page(sg))
#define UNMAP(v) kunmap_atomic(v)

static u8 first_byte(struct scatterlist *sg)
{
	u8 *v = MAP_FIRST(sg);
	u8 b = v[sg->offset];

	UNMAP(v);
	return b;
}
