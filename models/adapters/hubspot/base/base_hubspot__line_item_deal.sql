{{ landed_table('hubspot', 'line_item_deal', ['line_item_id', 'deal_id'], optional=true) }}
