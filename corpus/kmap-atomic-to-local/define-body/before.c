// SPDX-License-Identifier: GPL-2.0
/* synthetic: each #define body is read as a function of its own: the mapping is not held there, the unmap unpaired */
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
