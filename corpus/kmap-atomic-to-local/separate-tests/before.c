// SPDX-License-Identifier: GPL-2.0
/* synthetic: modelled on fcoe_xmit(): mapped and unmapped under two tests of a member a call may change */
#include <linux/highmem.h>

struct frame {
	bool paged;
	struct page *page;
	u8 *tail;
};

void frame_update(struct frame *f);

static void frame_trailer(struct frame *f, u8 eof)
{
	u8 *cp;

	if (f->paged)
		cp = kmap_atomic(f->page);
	else
		cp = f->tail;
	frame_update(f);
	cp[0] = eof;
	if (f->paged)
		kunmap_atomic(cp);
}
