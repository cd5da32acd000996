/* Copy protection info between an sg list and one page (target_core_sbc.c, 6.12). */
void copy_prot(struct scatterlist *psg, struct scatterlist *sg, unsigned int offset, bool read)
{
	void *paddr, *addr;
	unsigned int len, copied = 0, psg_len = psg->length;

	paddr = kmap_atomic(sg_page(psg)) + psg->offset;
	while (psg_len) {
		len = min(psg_len, sg->length - offset);
		addr = kmap_atomic(sg_page(sg)) + sg->offset + offset;

		if (read)
			memcpy(paddr + copied, addr, len);
		else
			memcpy(addr, paddr + copied, len);

		offset += len;
		copied += len;
		psg_len -= len;

		kunmap_atomic(addr - sg->offset - offset);

		if (offset >= sg->length) {
			sg = sg_next(sg);
			offset = 0;
		}
	}
	kunmap_atomic(paddr - psg->offset);
}

/* The same with the unmap before the offset moves: converted. */
void copy_prot_fixed(struct scatterlist *psg, struct scatterlist *sg, unsigned int offset)
{
	void *addr;
	unsigned int len = min(psg->length, sg->length - offset);

	addr = kmap_atomic(sg_page(sg)) + sg->offset + offset;
	memset(addr, 0, len);
	kunmap_atomic(addr - sg->offset - offset);
	offset += len;
}
