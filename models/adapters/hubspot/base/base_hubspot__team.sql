{{ landed_table('hubspot', 'team', ['id', 'name'], optional=true) }}
