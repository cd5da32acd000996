// SPDX-License-Identifier: GPL-2.0
/* synthetic: seventeen flags each tested twice: more distinct paths than the analysis budget allows */
#include <linux/highmem.h>

static u32 flags_sum(struct page *page, u32 f)
{
	u32 *v = kmap_atomic(page);
	u32 n = v[0];

	if (f & 1u)
		n += 1;
	if (f & 2u)
		n += 2;
	if (f & 4u)
		n += 3;
	if (f & 8u)
		n += 4;
	if (f & 16u)
		n += 5;
	if (f & 32u)
		n += 6;
	if (f & 64u)
		n += 7;
	if (f & 128u)
		n += 8;
	if (f & 256u)
		n += 9;
	if (f & 512u)
		n += 10;
	if (f & 1024u)
		n += 11;
	if (f & 2048u)
		n += 12;
	if (f & 4096u)
		n += 13;
	if (f & 8192u)
		n += 14;
	if (f & 16384u)
		n += 15;
	if (f & 32768u)
		n += 16;
	if (f & 65536u)
		n += 17;
	if (f & 1u)
		n -= 1;
	if (f & 2u)
		n -= 2;
	if (f & 4u)
		n -= 3;
	if (f & 8u)
		n -= 4;
	if (f & 16u)
		n -= 5;
	if (f & 32u)
		n -= 6;
	if (f & 64u)
		n -= 7;
	if (f & 128u)
		n -= 8;
	if (f & 256u)
		n -= 9;
	if (f & 512u)
		n -= 10;
	if (f & 1024u)
		n -= 11;
	if (f & 2048u)
		n -= 12;
	if (f & 4096u)
		n -= 13;
	if (f & 8192u)
		n -= 14;
	if (f & 16384u)
		n -= 15;
	if (f & 32768u)
		n -= 16;
	if (f & 65536u)
		n -= 17;
	kunmap_atomic(v);
	return n;
}
