{{ landed_table('hubspot', 'owner_team', ['owner_id', 'team_id'], ['is_team_primary'], optional=true) }}
