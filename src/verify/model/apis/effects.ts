/**
 * How ordinary calls depend on the atomic context (reference §3.5 rules 3
 * and 4): user-memory access behaves differently with page faults disabled,
 * per-CPU access needs preemption disabled, and sleeping is illegal with
 * preemption disabled. This list is the model's own, kept apart from the
 * rules' reliance lists.
 */
import type { Effect } from '../events.js';
import { idName, someSubterm, type Term } from '../term.js';

const FAULTS = /^(?:(?:__)?(?:raw_)?copy_(?:from|to|in)_user(?:_\w+)?|(?:__)?(?:get|put)_user(?:_\w+)?|unsafe_(?:get|put)_user|(?:__)?clear_user|strncpy_from_user|strnlen_user|copy_(?:page_)?(?:to|from)_iter(?:_\w+)?|_copy_(?:to|from)_iter|copy_page_from_iter_atomic|\w*_inatomic\w*)$/;
const PF_QUERY = new Set(['pagefault_disabled', 'faulthandler_disabled']);
const PREEMPT_RELIANT = /^(?:smp_processor_id|this_cpu_\w+|__this_cpu_\w+|raw_cpu_\w+)$/;
const PREEMPT_QUERY = new Set(['in_atomic', 'preemptible']);
const SLEEPS = /^(?:might_sleep|msleep\w*|ssleep|usleep_range\w*|schedule(?:_timeout\w*)?|cond_resched\w*|mutex_lock\w*|down(?:_interruptible|_killable|_read|_write|_timeout)?|wait_for_completion\w*|wait_event\w*|vmalloc|vzalloc|vfree|flush_work|flush_workqueue|synchronize_rcu|synchronize_net|kmap)$/;
const ALLOCATES = /^(?:k[mz]alloc\w*|kcalloc\w*|krealloc\w*|kvmalloc\w*|kvzalloc\w*|alloc_pages?\w*|__get_free_pages?|get_zeroed_page|kmem_cache_alloc\w*|mempool_alloc|dma_alloc_coherent|dma_alloc_attrs|page_pool_alloc\w*)$/;
const SLEEPING_GFP = new Set(['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_USER', 'GFP_HIGHUSER', 'GFP_HIGHUSER_MOVABLE', 'GFP_KERNEL_ACCOUNT']);

export function effectOfCall(name: string, args: readonly Term[]): Effect | undefined {
  if (name.endsWith('_nofault')) return undefined;
  if (FAULTS.test(name)) return 'faults';
  if (PF_QUERY.has(name)) return 'pf-query';
  if (PREEMPT_RELIANT.test(name)) return 'preempt-reliant';
  if (PREEMPT_QUERY.has(name)) return 'preempt-query';
  if (SLEEPS.test(name)) return 'sleeps';
  if (ALLOCATES.test(name) && args.some((a) => someSubterm(a, (t) => SLEEPING_GFP.has(idName(t) ?? '')))) return 'sleeps';
  return undefined;
}

/** CPU cache maintenance by physical address: never for MMIO (reference §1.4). */
const CACHE_MAINTENANCE = /^(?:arch_sync_dma_for_(?:device|cpu)|arch_dma_cache_\w+|dma_cache_maint\w*|__dma_page_\w+|flush_dcache_\w+)$/;

export function isCacheMaintenance(name: string): boolean {
  return CACHE_MAINTENANCE.test(name);
}
