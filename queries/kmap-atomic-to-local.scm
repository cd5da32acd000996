; kmap-atomic-to-local: direct calls of the atomic kmap family and its unmap.
; Field calls (ops->kmap_atomic(x)) have a field_expression callee and do not match.
;
; @api   the callee identifier: the site
; @call  the call expression
(call_expression
  function: (identifier) @api
  (#any-of? @api "kmap_atomic" "kmap_atomic_pfn" "kmap_atomic_prot" "kunmap_atomic")) @call
