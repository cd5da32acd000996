// SPDX-License-Identifier: GPL-2.0
/* synthetic, modelled on lib/iov_iter.c and net/core/skbuff.c (6.12): annotations, a brace-less iterator body, a type-taking macro and a KERN_ERR string around a convertible mapping */
#include <linux/highmem.h>
#include <linux/list.h>

static __always_inline __must_check size_t
copy_chunks(struct list_head *head, void __user *dst, size_t len) __must_hold(&lock)
{
	struct chunk *c;
	size_t done = 0;

	list_for_each_entry(c, head, node)
		done += chunk_len(container_of(&c->node, struct chunk, node));
	list_for_each_entry(c, head, node) {
		u8 *v = kmap_atomic(c->page);

		memcpy(c->buf, v + c->off, min_t(unsigned int, c->len, len));
		kunmap_atomic(v);
	}
	if (!done)
		printk(KERN_ERR PFX "no chunks\n");
	return done;
}
