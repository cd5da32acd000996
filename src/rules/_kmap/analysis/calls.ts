/**
 * What a call inside a kmap_atomic() region means for the conversion
 * (reference §3.5): does it depend on disabled page faults (rule 3) or
 * disabled preemption (rule 4), does it read the atomic state, may it sleep
 * (an existing bug under kmap_atomic()), or does it change the explicit
 * atomic state (locks, IRQ/BH/preempt disabling, pagefault_disable()).
 * Regexes here only read identifiers.
 */
import type { SyntaxNode } from '../../../core/syntax.js';

export type CallRole =
  /** User-memory access that expects a fault to fail fast instead of sleeping. */
  | 'pagefault-reliance'
  /** Reads the atomic state (in_atomic(), pagefault_disabled()...): the code branches on it. */
  | 'atomic-check'
  /** Per-CPU access that needs preemption (or migration) disabled. */
  | 'preempt-reliance'
  /** May sleep: illegal inside kmap_atomic(). */
  | 'sleeps'
  /** Starts / ends an atomic section (spinlock, IRQs or BH off, preempt_disable(), get_cpu()). */
  | 'atomic-enter'
  | 'atomic-exit'
  | 'pagefault-disable'
  | 'pagefault-enable';

const PAGEFAULT_RELIANCE = new Set([
  'copy_from_user',
  'copy_to_user',
  '__copy_from_user',
  '__copy_to_user',
  'raw_copy_from_user',
  'raw_copy_to_user',
  'get_user',
  'put_user',
  '__get_user',
  '__put_user',
  'unsafe_get_user',
  'unsafe_put_user',
  'clear_user',
  '__clear_user',
  'strncpy_from_user',
  'strnlen_user',
  'user_access_begin',
  'copy_page_from_iter_atomic',
  'fault_in_readable',
  'fault_in_writeable',
]);

/**
 * Copies to or from an iov_iter: the iterator may be user memory (ITER_UBUF,
 * ITER_IOVEC), so under kmap_atomic() a fault ends the copy short instead of
 * sleeping. Which kind of iterator it is cannot be read from the call.
 */
const ITER_COPY = /^(?:_?copy_(?:page_)?(?:to|from)_iter(?:_\w+)?|csum_and_copy_(?:to|from)_iter|copy_mc_to_iter|hash_and_copy_to_iter)$/;

const ATOMIC_CHECKS = new Set(['in_atomic', 'preemptible', 'pagefault_disabled', 'faulthandler_disabled']);

const PREEMPT_RELIANCE = new Set(['smp_processor_id', 'this_cpu_ptr', 'raw_cpu_ptr', '__get_cpu_var']);

const ALWAYS_SLEEPS = new Set([
  'msleep',
  'msleep_interruptible',
  'ssleep',
  'usleep_range',
  'usleep_range_state',
  'schedule',
  'schedule_timeout',
  'schedule_timeout_interruptible',
  'schedule_timeout_uninterruptible',
  'schedule_timeout_killable',
  'io_schedule',
  'io_schedule_timeout',
  'cond_resched',
  'might_sleep',
  'mutex_lock',
  'mutex_lock_interruptible',
  'mutex_lock_killable',
  'mutex_lock_nested',
  'down',
  'down_interruptible',
  'down_killable',
  'down_timeout',
  'down_read',
  'down_write',
  'down_read_killable',
  'down_write_killable',
  'wait_for_completion',
  'wait_for_completion_timeout',
  'wait_for_completion_interruptible',
  'wait_for_completion_killable',
  'flush_work',
  'flush_workqueue',
  'cancel_work_sync',
  'cancel_delayed_work_sync',
  'synchronize_rcu',
  'synchronize_net',
  'synchronize_srcu',
  'vmalloc',
  'vzalloc',
  'vfree',
  'vmap',
  'vunmap',
  'kmap',
  'lock_page',
  'folio_lock',
  'wait_on_page_locked',
  'wait_on_page_writeback',
  'folio_wait_writeback',
  'kthread_stop',
  'request_firmware',
]);

/** Allocators that sleep unless given an atomic GFP mask. */
const ALLOCATORS = new Set([
  'kmalloc',
  'kzalloc',
  'kcalloc',
  'kmalloc_array',
  'krealloc',
  'kvmalloc',
  'kvzalloc',
  'kvcalloc',
  'kmem_cache_alloc',
  'kmem_cache_zalloc',
  'kstrdup',
  'kmemdup',
  'alloc_page',
  'alloc_pages',
  'alloc_pages_node',
  'folio_alloc',
  '__get_free_page',
  '__get_free_pages',
  'get_zeroed_page',
  'mempool_alloc',
  'dma_alloc_coherent',
]);
const SLEEPING_GFP = /\bGFP_(?:KERNEL|KERNEL_ACCOUNT|NOFS|NOIO|USER|HIGHUSER|HIGHUSER_MOVABLE|DMA32|DMA)\b/;
const ATOMIC_GFP = /\bGFP_(?:ATOMIC|NOWAIT)\b|__GFP_HIGH\b/;

const LOCK_ENTER = /^(?:raw_)?(?:spin|read|write)_lock(?:_irq|_irqsave|_bh|_nested|_irqsave_nested|_bh_nested)?$|^(?:local_irq_disable|local_irq_save|local_bh_disable|preempt_disable|preempt_disable_notrace|get_cpu|get_cpu_var|get_cpu_ptr|local_lock|local_lock_irq|local_lock_irqsave|rcu_read_lock_sched|rcu_read_lock_bh|bit_spin_lock|hard_irq_disable|arch_spin_lock)$/;
const LOCK_EXIT = /^(?:raw_)?(?:spin|read|write)_unlock(?:_irq|_irqrestore|_bh)?$|^(?:local_irq_enable|local_irq_restore|local_bh_enable|preempt_enable|preempt_enable_no_resched|preempt_enable_notrace|put_cpu|put_cpu_var|put_cpu_ptr|local_unlock|local_unlock_irq|local_unlock_irqrestore|rcu_read_unlock_sched|rcu_read_unlock_bh|bit_spin_unlock|__bit_spin_unlock|arch_spin_unlock)$/;

export function callRole(name: string, call?: SyntaxNode): CallRole | undefined {
  if (name === 'pagefault_disable') return 'pagefault-disable';
  if (name === 'pagefault_enable') return 'pagefault-enable';
  if (LOCK_ENTER.test(name)) return 'atomic-enter';
  if (LOCK_EXIT.test(name)) return 'atomic-exit';
  if (PAGEFAULT_RELIANCE.has(name) || /_inatomic(?:_|$)/.test(name) || ITER_COPY.test(name)) return 'pagefault-reliance';
  if (ATOMIC_CHECKS.has(name)) return 'atomic-check';
  if (PREEMPT_RELIANCE.has(name) || /^(?:__)?this_cpu_\w+$/.test(name) || /^raw_cpu_\w+$/.test(name)) return 'preempt-reliance';
  if (ALWAYS_SLEEPS.has(name) || /^wait_event(?:_\w+)?$/.test(name)) return 'sleeps';
  if (ALLOCATORS.has(name) && call) {
    const args = call.childForFieldName('arguments')?.text ?? '';
    if (SLEEPING_GFP.test(args) && !ATOMIC_GFP.test(args)) return 'sleeps';
  }
  return undefined;
}

/**
 * Calls that take a pointer and neither keep it nor hand it to another
 * thread: copies, fills, compares, checksums, printing. Passing a kmap()
 * address to anything else needs a human to check the callee (§3.6 rule 1).
 */
const NON_RETAINING = new Set([
  'memcpy',
  'memmove',
  'memset',
  'memcmp',
  'memchr',
  'memscan',
  'memchr_inv',
  'memcpy_toio',
  'memcpy_fromio',
  'memset_io',
  'strcpy',
  'strncpy',
  'strscpy',
  'strlcpy',
  'strcat',
  'strncat',
  'strlen',
  'strnlen',
  'strcmp',
  'strncmp',
  'strchr',
  'strrchr',
  'strstr',
  'strnstr',
  'sprintf',
  'snprintf',
  'scnprintf',
  'sscanf',
  'kstrtoul',
  'kstrtol',
  'kstrtouint',
  'kstrtoint',
  'simple_strtoul',
  'simple_strtol',
  'copy_to_user',
  'copy_from_user',
  '__copy_to_user',
  '__copy_from_user',
  'clear_user',
  'clear_page',
  'copy_page',
  'crc32',
  'crc32_le',
  'crc32_be',
  'crc32c',
  '__crc32c_le',
  'crc16',
  'crc_itu_t',
  'crc_t10dif',
  'crc_t10dif_update',
  'csum_partial',
  'csum_partial_copy_nocheck',
  'ip_compute_csum',
  'print_hex_dump',
  'print_hex_dump_bytes',
  'print_hex_dump_debug',
  'hex_dump_to_buffer',
  'printk',
  'pr_err',
  'pr_warn',
  'pr_info',
  'pr_debug',
  'pr_notice',
  'dev_err',
  'dev_warn',
  'dev_info',
  'dev_dbg',
  'sg_copy_from_buffer',
  'sg_copy_to_buffer',
  'sg_pcopy_from_buffer',
  'sg_pcopy_to_buffer',
  'flush_dcache_page',
  'flush_kernel_vmap_range',
  'invalidate_kernel_vmap_range',
  'get_unaligned',
  'put_unaligned',
  'get_unaligned_le16',
  'get_unaligned_le32',
  'get_unaligned_le64',
  'get_unaligned_be16',
  'get_unaligned_be32',
  'get_unaligned_be64',
  'put_unaligned_le16',
  'put_unaligned_le32',
  'put_unaligned_le64',
  'put_unaligned_be16',
  'put_unaligned_be32',
  'put_unaligned_be64',
  'le16_to_cpup',
  'le32_to_cpup',
  'le64_to_cpup',
  'be16_to_cpup',
  'be32_to_cpup',
  'be64_to_cpup',
  'cpu_to_le32p',
  'cpu_to_be32p',
  'WARN_ON',
  'WARN_ON_ONCE',
  'BUG_ON',
  'likely',
  'unlikely',
  'IS_ERR',
  'PTR_ERR',
  'offset_in_page',
  'virt_to_page',
  'kmap_to_page',
  'page_address',
  'crypto_shash_update',
  'crypto_shash_digest',
  'crypto_shash_finup',
  'xxh64_update',
  'sha1_transform',
  'md5_transform',
]);

export function isNonRetaining(name: string): boolean {
  return NON_RETAINING.has(name) || /^(?:pr|dev|netdev)_(?:err|warn|info|dbg|debug|notice|crit|alert|emerg)(?:_ratelimited|_once)?$/.test(name);
}

/** Calls that compute nothing observable besides their value: safe inside remembered conditions. */
export const PURE_PREDICATES = new Set([
  'PageHighMem',
  'folio_test_highmem',
  'is_highmem',
  'IS_ENABLED',
  'likely',
  'unlikely',
  'PageSlab',
  'PageCompound',
  'is_vmalloc_addr',
  'offset_in_page',
  'page_address',
  'virt_to_page',
  'sg_page',
  'sizeof',
  'min',
  'max',
  'min_t',
  'max_t',
]);
