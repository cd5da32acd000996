; dma-map-page-to-phys: direct calls of the struct-page DMA mapping API.
; A call through a pointer (ops->dma_map_page(...)) has a field_expression
; callee and does not match; a use as a value is reported by the engine.
;
; @api   the callee identifier: the site
; @call  the call expression that is rewritten
; @args  its argument list
(call_expression
  function: (identifier) @api
  arguments: (argument_list) @args
  (#any-of? @api "dma_map_page" "dma_map_page_attrs" "dma_unmap_page" "dma_unmap_page_attrs")) @call
