; kmap-to-local: direct calls of kmap() and kunmap().
; Field calls (ops->kmap(x)) have a field_expression callee and do not match;
; a use as a value is reported by the engine.
;
; @api   the callee identifier: the site
; @call  the call expression
(call_expression
  function: (identifier) @api
  (#any-of? @api "kmap" "kunmap")) @call
