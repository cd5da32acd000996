/// Benchmark counterpart of the kmap-atomic-to-local rule: a kmap_atomic()
/// held in a variable and unmapped later in the same function becomes
/// kmap_local_page()/kunmap_local(), with no check of what happens in between
/// (user copies, per-CPU access). For timing only.
// Confidence: Low
// Options: --no-includes --include-headers

@@
expression page;
identifier v;
type T;
@@
(
- T v = kmap_atomic(page);
+ T v = kmap_local_page(page);
|
- v = kmap_atomic(page);
+ v = kmap_local_page(page);
)
  ...
- kunmap_atomic(v);
+ kunmap_local(v);
