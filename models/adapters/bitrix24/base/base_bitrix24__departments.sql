{{ landed_table('bitrix24', 'departments', ['id', 'name'], ['parent', 'uf_head'], optional=true) }}
