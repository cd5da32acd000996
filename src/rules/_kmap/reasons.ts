/**
 * Reason codes of the kmap rules (kmap-atomic-to-local, kmap-to-local), each
 * with the sentence that explains it. Convert reasons name the form the site
 * was converted to; the others say why a human must look.
 */

/** Reasons both rules report. */
export const KMAP_COMMON_REASONS = {
  'kmap-local': 'converted: a plain replacement by kmap_local_*()/kunmap_local()',
  'kmap-local-folio': 'converted: a plain replacement, and the page mapped was the first page of a folio the code holds (&folio->page, folio_page(folio, 0)), so the map is kmap_local_folio(folio, 0), the same mapping',
  'kmap-local-reordered': 'converted; the unmaps were also reordered into LIFO order, which kmap_local_page() requires',
  'memcpy-from-page': 'converted: the whole mapped region was one memcpy() out of the page, now memcpy_from_page()',
  'memcpy-to-page': 'converted: the whole mapped region was one memcpy() into the page, now memcpy_to_page() (which also flushes the data cache)',
  'memzero-page': 'converted: the whole mapped region was one memset() to zero, now memzero_page() (which also flushes the data cache)',
  'clear-highpage': 'converted: the whole mapped region was one clear_page() of the mapped address, or one memset() of the whole page to zero, now clear_highpage() (kmap_local_page() + clear_page() + kunmap_local(): like the original, no data-cache flush)',
  'memset-page': 'converted: the whole mapped region was one memset(), now memset_page()',
  'memcpy-page': 'converted: the whole region of two mappings was one memcpy() between them, now memcpy_page()',
  'not-in-function': 'the call is outside any function body',
  'function-parse-error': 'the function body contains code tree-sitter could not parse, so its control flow cannot be trusted',
  'unsupported-control-flow': 'the function uses control flow the analysis does not model (computed goto, a jump inside a statement expression, a case label outside its switch)',
  'too-complex': 'the function has too many distinct paths for the analysis budget',
  'arch-cache-maintenance': 'architecture code whose file or function is about caches, flushing or DMA, or whose mapped region maintains caches in a way that relies on kmap_atomic() keeping preemption off (the message names the instruction or call): reference §3.5 says never to rewrite it automatically',
  'highmem-internals': 'the function touches the kmap implementation\'s internals (pkmap pool, fixmap slots, __kmap_local_*()) and manages mappings by hand',
  'map-in-conditional-expression': 'the map or unmap sits under &&, || or ?:, so whether it runs depends on the expression',
  'mapping-not-held': 'the mapped address is not kept anywhere the analysis can follow to its unmap',
  'mapping-escapes': 'the mapped address is stored outside the function\'s automatic locals (a struct member, array element, global or static): kmap_local_page() addresses are valid only in the mapping thread and until the LIFO unmap',
  'mapping-returned': 'the mapped address is returned to the caller, which unmaps it (a map helper): the helper and all its callers must be converted together',
  'unmap-elsewhere': 'no path of this function unmaps the mapping: it is unmapped elsewhere',
  'not-unmapped-on-every-path': 'some path returns with the mapping still live (a missing unmap on an error path, or a conditional mapping)',
  'unpaired-unmap': 'on some path this unmap does not end a mapping made in this function (unmapping a caller\'s mapping, or unmapping twice)',
  'unmap-family-mismatch': 'the unmap belongs to another kmap family than the map it ends (e.g. kunmap_atomic() of a kmap_local_page() address)',
  'unmap-order': 'the mappings are not unmapped in reverse order of mapping (LIFO), and the unmaps cannot simply be swapped',
  'remapped-while-live': 'the same map call runs again (in a loop) while its previous mapping is still live',
  'used-after-unmap': 'the mapped address is dereferenced or passed on after its unmap (an existing bug)',
  'preprocessor-split': 'the map and its unmap sit in different #if branches',
  'function-has-unsafe-mapping': 'another mapping in this function needs review; a function\'s mappings are converted together or not at all',
} as const;

/** Only kmap_atomic*() (reference §3.5 rules 3, 4 and 7, §3.4). */
export const KMAP_ATOMIC_REASONS = {
  'kmap-local-pagefault-disable':
    'converted, with pagefault_disable()/pagefault_enable() added around exactly the user access that relied on kmap_atomic() disabling page faults (the upstream i915/mm pattern)',
  'relies-on-pagefault-disable':
    'the code between map and unmap relies on kmap_atomic() having disabled page faults (a user copy, *_inatomic helper or other user access) in a statement the tool cannot bracket with pagefault_disable()/pagefault_enable() (a condition, return or declaration, or a path where it runs unmapped)',
  'relies-on-preempt-disable':
    'the code between map and unmap relies on kmap_atomic() having disabled preemption (smp_processor_id(), this_cpu_*(), raw_cpu_*()) outside any lock or IRQ-off section: it needs preempt_disable() around the section that depends on the CPU, which cannot be delimited syntactically',
  'checks-atomic-context': 'the code between map and unmap reads the atomic state (in_atomic(), preemptible(), pagefault_disabled(), faulthandler_disabled()), whose value the conversion changes',
  'calls-through-pointer':
    'code between kmap_atomic() and kunmap_atomic() calls through a function pointer, whose targets may rely on disabled page faults or preemption; the tool cannot see them',
  'sleeps-in-atomic-region': 'a call between kmap_atomic() and kunmap_atomic() may sleep, which was already a bug (scheduling while atomic); kmap_local_page() would make it legal, but a latent bug fix deserves its own patch and review',
  'unmap-address-outside-mapping':
    'the address given to the unmap is provably below the mapping\'s start (a value added to the mapped address grew before the unmap subtracted it again): an existing bug, reported rather than converted',
  'pfn-gpl-only': 'kmap_local_pfn() calls the GPL-only __kmap_local_pfn_prot() on HIGHMEM kernels and this module is not known to be GPL-compatible',
} as const;

/** Only kmap()/kunmap() (reference §3.6). */
export const KMAP_PAGE_REASONS = {
  'mapping-result-unused': 'kmap()\'s result is discarded (the address is obtained later, e.g. with page_address()), so there is no address for kunmap_local()',
  'mapping-passed-to-function':
    'the mapped address is passed to a function that may keep it or hand it to another thread; kmap_local_page() addresses are valid only in the mapping thread, so the callee needs a human check',
  'unmap-address-unknown': 'no variable holds an address inside the mapped page at this kunmap(page) on every path (it was moved by arithmetic, or is out of scope), and kunmap_local() needs one',
  'page-changed-before-unmap': 'the variables of kmap()\'s page expression change before kunmap(page), so the unmap cannot be matched to its map by the page',
  'kunmap-given-address': 'kunmap() is passed the mapped address, but it takes the page (a bug: it compiles because void * converts silently)',
} as const;
