"""Wire the modules together: every contract table, in contract order."""

from __future__ import annotations

from generator import billing, crm, market, mess, team, telephony
from generator.catalog import PriceBook, build_plans
from generator.config import GeneratorConfig
from generator.schema import TABLES
from generator.util import Row


def generate(cfg: GeneratorConfig) -> dict[str, list[Row]]:
    """All raw tables as row dicts (python values; the writer formats them)."""
    book = PriceBook(build_plans(cfg.first_fx_day))
    users = team.make_users(cfg)
    leads = crm.make_leads(cfg, users)
    accounts = crm.make_accounts(cfg, users, leads)
    nb_deals = crm.make_new_business_deals(cfg, users, leads, accounts, book)
    bill = billing.simulate(cfg, book, nb_deals)
    exp_deals = crm.make_expansion_deals(cfg, users, bill.events, accounts)
    deals = crm.finalize_deals(cfg, nb_deals + exp_deals)
    calls = telephony.make_calls(cfg, users, leads, deals, bill)
    tables: dict[str, list[Row]] = {
        "crm__users": [u.row() for u in users],
        "crm__leads": [lead.row() for lead in leads],
        "crm__accounts": [a.row() for a in accounts],
        "crm__deals": [d.row() for d in deals],
        "crm__deal_stage_history": crm.stage_history_rows(deals),
        "crm__pipeline_stages": crm.stage_rows(),
        "crm__products": crm.product_rows(),
        "crm__quotas": team.make_quotas(cfg, users),
        "billing__customers": bill.customer_rows(),
        "billing__plans": billing.plan_rows(book),
        "billing__subscriptions": bill.subscription_rows(),
        "billing__subscription_items": bill.item_rows(),
        "billing__invoices": bill.invoices,
        "billing__fx_rates": billing.fx_rate_rows(cfg),
        "telephony__calls": [c.row() for c in calls],
        "telephony__call_scores": telephony.make_scores(cfg, calls),
        "market__competitor_prices": market.competitor_price_rows(cfg),
    }
    if cfg.mess:
        mess.inject(cfg, tables)
    return {name: tables[name] for name in TABLES}
