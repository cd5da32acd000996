; dma-ops-map-page-to-map-phys: the .map_page/.unmap_page/.map_resource/.unmap_resource
; designators in the initialiser of an object whose declared type is struct dma_map_ops.
; The type is matched, not the field name: driver-private ops structs with a .map_page
; member (drivers/net/ethernet/sun/niu.c's struct niu_ops) are not matched.
;
; @api    the field name in the designator: the site
; @value  the initialiser value (the provider function's name)
; @ops    the name of the ops object
(declaration
  type: (struct_specifier
    name: (type_identifier) @_type)
  declarator: (init_declarator
    declarator: (identifier) @ops
    value: (initializer_list
      (initializer_pair
        designator: (field_designator
          (field_identifier) @api)
        value: (_) @value)))
  (#eq? @_type "dma_map_ops")
  (#any-of? @api "map_page" "unmap_page" "map_resource" "unmap_resource"))

; A plain function called map_page()/unmap_page() (microblaze and openrisc have
; page-table helpers of that name): not a dma_map_ops callback; reported as skip.
(call_expression
  function: (identifier) @api
  (#any-of? @api "map_page" "unmap_page" "map_resource" "unmap_resource"))
