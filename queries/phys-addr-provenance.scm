; phys-addr-provenance: calls that need a RAM physical address, or a non-RAM one
; (the sinks of src/engine/analyze/provenance/table.ts). The rule reads the
; whole file from there: where each address came from, through locals, fields
; and the file's functions.
;
; @api   the callee identifier
; @call  the call expression
(call_expression
  function: (identifier) @api
  (#any-of? @api
    "dma_map_phys" "dma_map_resource" "kmap_local_pfn" "kmap_atomic_pfn" "phys_to_virt" "__va"
    "pfn_to_page" "phys_to_page" "arch_sync_dma_for_device" "arch_sync_dma_for_cpu"
    "outer_clean_range" "outer_flush_range" "outer_inv_range")) @call
