/** Paths (relative to a kernel tree root) that implement kmap itself: its sites there are `skip` (`api-implementation`). */
export const KMAP_IMPLEMENTATION_FILES = ['include/linux/highmem.h', 'include/linux/highmem-internal.h', 'mm/highmem.c'] as const;
