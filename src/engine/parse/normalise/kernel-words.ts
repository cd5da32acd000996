/**
 * Kernel vocabulary the normaliser neutralises before tree-sitter-c sees the
 * text: annotations that expand to compiler attributes (or to nothing), the
 * ones that take arguments, and the iterator macros that expand to `for`.
 */

/** Annotations that are a bare word: blanked. */
export const BLANK_WORDS: ReadonlySet<string> = new Set([
  // sparse address spaces and checks (include/linux/compiler_types.h)
  '__user', '__kernel', '__iomem', '__percpu', '__rcu', '__force', '__nocast', '__safe', '__private', '__bitwise',
  '__must_check', '__must_hold_shared',
  // inlining and placement
  '__always_inline', 'noinline', '__noinline', 'noinline_for_stack', '__flatten', '__noclone', '__cold', '__hot',
  '__pure', '__malloc', '__noreturn', '__weak', '__visible', '__used', '__maybe_unused', '__always_unused',
  '__packed', '__aligned_largest', '__naked', '__attribute_const__', '__nonstring', '__designated_init',
  '__randomize_layout', '__no_randomize_layout', '__latent_entropy', '__init', '__exit', '__initdata',
  '__initconst', '__exitdata', '__init_or_module', '__ref', '__refdata', '__refconst', '__meminit', '__meminitdata',
  '__devinit', '__devexit', '__devinitdata', '__devinitconst', '__cpuinit', '__net_init', '__net_exit',
  '__read_mostly', '__ro_after_init', '__cacheline_aligned', '__cacheline_aligned_in_smp', '____cacheline_aligned',
  '____cacheline_aligned_in_smp', '____cacheline_internodealigned_in_smp', '__page_aligned_data',
  '__page_aligned_bss', '__initdata_or_meminfo', 'asmlinkage', 'notrace', 'noinstr', '__sched', '__kprobes',
  '__cpuidle', '__irq_entry', '__softirq_entry', '__lockfunc', '__bpf_kfunc', '__ksym', '__no_kcsan',
  '__no_sanitize_address', '__no_sanitize_thread', '__no_sanitize_undefined', '__no_stack_protector',
  '__noinline_for_stack', '__fastpath_inline', '__iomem_noderef', '__deprecated', '__cficanonical', '__nocfi',
  '__always_inline_hot', '__ro_after_init_scope', '__noscs', '__init_memblock', '__initdata_memblock',
  '__fix_address',
]);

/** Annotations followed by a parenthesised argument list: blanked with the list. */
export const BLANK_CALLS: ReadonlySet<string> = new Set([
  '__attribute__', '__attribute', '__aligned', '__printf', '__scanf', '__section', '__acquires', '__releases',
  '__acquire_ret', '__must_hold', '__cond_acquires', '__cond_releases', '__acquires_shared', '__releases_shared',
  '__cond_acquires_shared', '__counted_by', '__counted_by_le', '__counted_by_be', '__free', '__cleanup',
  '__alloc_size', '__assume_aligned', '__diagnose_as', '__guarded_by', '__pt_guarded_by', '__nonnull',
  '__no_sanitize_or_inline', '__access', '__copy', '__malloc_like', '__realloc_size', '__alias', '__weak_alias',
  '__ALIGN_KERNEL_ATTR', '__uninitialized',
]);

/** Keywords after which `(` does not open a call's arguments. */
export const NOT_A_CALLEE: ReadonlySet<string> = new Set([
  'if', 'while', 'for', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', '__typeof', '_Alignof', 'alignof',
  '__alignof__', '__alignof', 'defined', '_Generic', 'asm', '__asm__', '__asm', 'volatile', '__volatile__', 'do',
  'else', 'case', 'goto', '_Static_assert', 'static_assert', '__builtin_types_compatible_p', 'typeof_unqual',
  '__typeof_unqual__',
]);

/** Words that make up a type name (with `struct`/`union`/`enum` followed by a tag). */
export const TYPE_KEYWORDS: ReadonlySet<string> = new Set([
  'const', 'volatile', 'unsigned', 'signed', 'char', 'short', 'int', 'long', 'float', 'double', 'void', '_Bool',
  'restrict', '__restrict', '__restrict__',
]);

export const TAG_KEYWORDS: ReadonlySet<string> = new Set(['struct', 'union', 'enum']);

/**
 * Iterator macros used when the tree has no .clang-format. Any identifier
 * containing `for_each` and followed by a loop body is treated as one too.
 */
export const BUILTIN_FOR_EACH_MACROS: readonly string[] = [
  'list_for_each', 'list_for_each_safe', 'list_for_each_entry', 'list_for_each_entry_safe',
  'list_for_each_entry_reverse', 'list_for_each_entry_continue', 'list_for_each_entry_rcu', 'list_for_each_prev',
  'hlist_for_each', 'hlist_for_each_entry', 'hlist_for_each_entry_safe', 'hlist_for_each_entry_rcu',
  'for_each_sg', 'for_each_sgtable_sg', 'for_each_sgtable_dma_sg', 'for_each_sgtable_page', 'for_each_sg_page',
  'for_each_sg_dma_page', 'for_each_set_bit', 'for_each_clear_bit', 'for_each_cpu', 'for_each_online_cpu',
  'for_each_possible_cpu', 'for_each_present_cpu', 'for_each_node', 'for_each_online_node', 'for_each_zone',
  'for_each_bvec', 'bio_for_each_segment', 'bio_for_each_segment_all', 'bio_for_each_bvec', 'rq_for_each_segment',
  'rq_for_each_bvec', 'xa_for_each', 'xa_for_each_start', 'xa_for_each_range', 'idr_for_each_entry',
  'skb_queue_walk', 'skb_queue_walk_safe', 'skb_walk_frags', 'rb_for_each', 'llist_for_each_entry',
  'llist_for_each_entry_safe', 'radix_tree_for_each_slot', 'for_each_child_of_node', 'for_each_available_child_of_node',
  'for_each_pci_dev', 'for_each_netdev', 'netdev_for_each_mc_addr', 'netdev_for_each_uc_addr',
  'for_each_process', 'for_each_thread', 'hash_for_each', 'hash_for_each_safe', 'hash_for_each_possible',
  'hash_for_each_possible_safe', 'for_each_mem_range', 'for_each_mem_pfn_range', 'for_each_vma', 'mas_for_each',
  'plist_for_each', 'plist_for_each_entry', 'for_each_rtd_components', 'drm_for_each_crtc', 'drm_for_each_plane',
];

/** Does this name look like an iterator macro even when no list names it? */
export function looksLikeIterator(name: string): boolean {
  return /(?:^|_)(?:for_each|foreach)(?:_|$)/.test(name) || /(?:^|_)(?:queue_walk|walk_frags)(?:_|$)/.test(name);
}
