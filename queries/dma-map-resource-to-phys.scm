; dma-map-resource-to-phys: direct calls of dma_map_resource()/dma_unmap_resource().
;
; @api   the callee identifier: the site
; @call  the call expression that is rewritten
; @args  its argument list
(call_expression
  function: (identifier) @api
  arguments: (argument_list) @args
  (#any-of? @api "dma_map_resource" "dma_unmap_resource")) @call
