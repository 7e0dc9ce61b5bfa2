"""Accounts: the companies converted leads (and a few outbound prospects) belong to."""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.config import GeneratorConfig
from generator.crm.leads import employed_rep
from generator.crm.records import Account, Lead
from generator.crm.reference import COUNTRIES, INDUSTRIES, company_name, fake_phone
from generator.team import ACCOUNT_TEAM, User
from generator.util import make_id, weighted, width_for


def make_accounts(cfg: GeneratorConfig, users: list[User], leads: list[Lead]) -> list[Account]:
    """One account per converted lead, plus accounts imported without a lead."""
    rng = cfg.rng("accounts")
    accounts: list[Account] = []
    for lead in leads:
        if lead.status == "converted" and lead.converted_at is not None:
            accounts.append(
                Account(
                    lead.company_name,
                    lead.industry,
                    lead.country,
                    lead.converted_at,
                    None,
                    lead.segment,
                    lead.contact_phone or fake_phone(rng, lead.country),
                    lead,
                )
            )
    import_days = (cfg.start + timedelta(days=1), cfg.start + timedelta(days=182))
    for i in range(cfg.scaled(cfg.imported_accounts, minimum=4)):
        country = weighted(rng, COUNTRIES)
        day = import_days[0] if i % 3 else import_days[1]
        created = datetime(day.year, day.month, day.day)
        segment = weighted(rng, {"mid_market": 60, "enterprise": 40})
        accounts.append(
            Account(
                company_name(rng, country),
                rng.choice(INDUSTRIES),
                country,
                created,
                None,
                segment,
                fake_phone(rng, country),
                imported=True,
            )
        )
    accounts.sort(key=lambda a: (a.created_at, a.lead.lead_id if a.lead else a.account_name))
    width = width_for(len(accounts), 5)
    for n, acc in enumerate(accounts, start=1):
        acc.account_id = make_id("A", n, width)
        if acc.lead is not None:
            acc.lead.account_id = acc.account_id
        # The CRM shows today's account manager: someone still employed at the end.
        manager = employed_rep(rng, users, (ACCOUNT_TEAM,), acc.created_at.date())
        if not manager.employed(cfg.end):
            manager = employed_rep(rng, users, (ACCOUNT_TEAM,), cfg.end)
        acc.owner_id = manager.user_id
    return accounts
