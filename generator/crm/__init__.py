"""CRM tables: pipeline stages, products, leads, accounts, deals and their stage history.

reference: the fixed lists (stages, sources, reasons, countries, names) and the stage and
product tables; records: the Lead, Account and Deal records; leads, accounts, deals: how each
is generated. The names other modules use are re-exported here.
"""

from generator.crm.accounts import make_accounts
from generator.crm.deals import (
    finalize_deals,
    make_expansion_deals,
    make_new_business_deals,
    product_family,
    stage_history_rows,
)
from generator.crm.leads import employed_rep, make_leads
from generator.crm.records import Account, Deal, Lead
from generator.crm.reference import (
    COUNTRIES,
    COUNTRY_CURRENCY,
    fake_phone,
    product_rows,
    stage_rows,
)

__all__ = [
    "COUNTRIES",
    "COUNTRY_CURRENCY",
    "Account",
    "Deal",
    "Lead",
    "employed_rep",
    "fake_phone",
    "finalize_deals",
    "make_accounts",
    "make_expansion_deals",
    "make_leads",
    "make_new_business_deals",
    "product_family",
    "product_rows",
    "stage_history_rows",
    "stage_rows",
]
