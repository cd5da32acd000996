/** Paths (relative to a kernel tree root) that implement the DMA mapping API itself: its sites there are `skip` (`api-implementation`). */
export const DMA_IMPLEMENTATION_FILES = ['include/linux/dma-mapping.h', 'kernel/dma/mapping.c'] as const;
