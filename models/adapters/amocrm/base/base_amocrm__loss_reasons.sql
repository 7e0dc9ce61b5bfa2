{{ landed_table('amocrm', 'loss_reasons', ['id', 'name'], optional=true) }}
