/**
 * Calls that depend on the side effects of kmap_atomic() (reference §3.5):
 * disabled page faults (rule 3) or disabled preemption (rule 4).
 */
export type Reliance = 'pagefault' | 'preempt';

const PAGEFAULT_CALLS = new Set([
  'copy_from_user',
  'copy_to_user',
  '__copy_from_user',
  '__copy_to_user',
  'get_user',
  'put_user',
  '__get_user',
  '__put_user',
  'pagefault_disabled',
  'faulthandler_disabled',
  'copy_from_user_nofault',
  'copy_to_user_nofault',
]);

const PREEMPT_CALLS = new Set(['smp_processor_id', 'get_cpu_var', 'put_cpu_var', 'get_cpu_ptr', 'put_cpu_ptr', 'in_atomic', 'preemptible']);

export function relianceOf(callName: string): Reliance | undefined {
  if (PAGEFAULT_CALLS.has(callName) || callName.endsWith('_inatomic') || /_inatomic_/.test(callName)) return 'pagefault';
  if (PREEMPT_CALLS.has(callName) || /^(?:__)?this_cpu_/.test(callName) || callName.startsWith('raw_cpu_')) return 'preempt';
  return undefined;
}
