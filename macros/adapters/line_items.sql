{#- The rule that picks a deal's product from its line items (Salesforce OpportunityLineItem,
    HubSpot line_item): the line item with the largest amount, ties broken by the smallest
    product id; line items without a deal or a product are skipped (a line item typed on the
    deal without a catalogue product names no product). One row per deal: deal_id,
    product_id (both trimmed text). `amount` is a numeric SQL expression over the line items. -#}
{% macro main_line_item_products(line_items, deal_column, product_column, amount) -%}
    select
        deal_id,
        product_id
    from (
        select
            trim({{ deal_column }}) as deal_id,
            trim({{ product_column }}) as product_id,
            row_number() over (
                partition by trim({{ deal_column }})
                order by {{ amount }} desc nulls last, trim({{ product_column }})
            ) as amount_rank
        from {{ line_items }}
        where
            {{ nullif_blank(deal_column) }} is not null
            and {{ nullif_blank(product_column) }} is not null
    ) as ranked_line_items
    where amount_rank = 1
{%- endmacro %}
