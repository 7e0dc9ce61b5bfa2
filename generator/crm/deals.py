"""Deals: new business from converted leads, expansions from billing events, their walk through
the pipeline stages and the stage history rows."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from generator.catalog import CORE_TIERS, PRODUCT_BY_ID, PriceBook
from generator.config import GeneratorConfig
from generator.crm.leads import employed_rep, random_delay
from generator.crm.records import Account, Deal, Lead
from generator.crm.reference import (
    COUNTRY_CURRENCY,
    DISCOUNTS,
    LOST_REASONS,
    OPEN_STAGES,
    SEGMENT_SEATS,
    SEGMENT_TIERS,
    STAGE_DAYS,
)
from generator.team import ACCOUNT_TEAM, NEW_BUSINESS_TEAMS, User
from generator.util import Row, business_time, make_id, weighted, width_for


def _stage_days(rng: random.Random, segment: str) -> timedelta:
    return random_delay(rng, STAGE_DAYS.get(segment, 7.0), 0.2, 90)


def walk_stages(
    rng: random.Random, created: datetime, segment: str, outcome: str, end: datetime
) -> tuple[list[tuple[str, datetime]], datetime | None, date]:
    """Stage path from created_at; outcome won/lost/open. Returns path, closed_at, expected."""
    start = 0 if rng.random() < 0.5 else 1
    last = 3 if outcome == "won" else rng.randint(start, 3)
    stages = [OPEN_STAGES[start]] + [
        s for s in OPEN_STAGES[start + 1 : last + 1] if rng.random() > 0.15
    ]
    expected = (created + timedelta(days=STAGE_DAYS.get(segment, 7.0) * 4.5)).date()
    path = [(stages[0], created)]
    t = created
    for stage in stages[1:]:
        t += _stage_days(rng, segment)
        if t > end:
            return path, None, expected
        path.append((stage, t))
    if outcome in ("won", "lost"):
        t += _stage_days(rng, segment)
        if t <= end:
            path.append(("closed_won" if outcome == "won" else "closed_lost", t))
            return path, t, expected
    return path, None, expected


def _deal_amount(
    book: PriceBook, product_id: str, currency: str, seats: int, discount: float, on: date
) -> float:
    return round(book.annual_price(product_id, currency, on) * seats * (1 - discount / 100), 2)


def _finish_open_deal(cfg: GeneratorConfig, rng: random.Random, deal: Deal) -> None:
    """Open deals may lack an amount early on; their expected close is mostly ahead."""
    if deal.closed_at is None:
        if deal.expected_close_on and deal.expected_close_on <= cfg.end and rng.random() < 0.65:
            deal.expected_close_on = cfg.end + timedelta(days=rng.randint(5, 120))
        if deal.stage in ("prospecting", "discovery") and rng.random() < 0.5:
            deal.amount, deal.currency = None, None
    elif deal.stage == "closed_lost":
        deal.lost_reason = weighted(rng, LOST_REASONS)
        if deal.path[-2][0] == "prospecting" and rng.random() < 0.5:
            deal.amount, deal.currency = None, None


def make_new_business_deals(
    cfg: GeneratorConfig,
    users: list[User],
    leads: list[Lead],
    accounts: list[Account],
    book: PriceBook,
) -> list[Deal]:
    """New-business deals from converted and qualified leads and some imported accounts."""
    rng = cfg.rng("deals")
    end = cfg.end_ts
    acc_by_lead = {a.lead.lead_id: a for a in accounts if a.lead is not None}
    deals: list[Deal] = []
    for lead in leads:
        account = acc_by_lead.get(lead.lead_id)
        if account is not None:
            created = lead.converted_at
            outcome = weighted(rng, {"won": 58, "lost": 34, "open": 8})
        elif lead.status == "qualified" and lead.qualified_at and rng.random() < 0.85:
            created = lead.qualified_at
            outcome = weighted(rng, {"lost": 70, "open": 30})
        else:
            continue
        assert created is not None
        deals.append(_nb_deal(cfg, rng, users, book, lead, account, created, outcome, end))
    for account in accounts:
        if account.imported and rng.random() < 0.4:
            created = business_time(
                rng, account.created_at.date() + timedelta(days=rng.randint(5, 600))
            )
            if created < end:
                outcome = weighted(rng, {"won": 45, "lost": 40, "open": 15})
                deals.append(_nb_deal(cfg, rng, users, book, None, account, created, outcome, end))
    return deals


def _nb_deal(
    cfg: GeneratorConfig,
    rng: random.Random,
    users: list[User],
    book: PriceBook,
    lead: Lead | None,
    account: Account | None,
    created: datetime,
    outcome: str,
    end: datetime,
) -> Deal:
    segment = lead.segment if lead else (account.segment if account else "smb")
    teams = (segment,) if segment in NEW_BUSINESS_TEAMS else NEW_BUSINESS_TEAMS
    owner = employed_rep(rng, users, teams, created.date(), lead.owner_id if lead else None)
    product_id = CORE_TIERS[
        int(weighted(rng, {str(k): v for k, v in SEGMENT_TIERS[segment].items()}))
    ]
    seats = rng.randint(*SEGMENT_SEATS[segment])
    discount = float(weighted(rng, {str(k): v for k, v in DISCOUNTS.items()}))
    country = account.country if account else (lead.country if lead else None)
    currency = COUNTRY_CURRENCY.get(country or "US", "USD")
    path, closed_at, expected = walk_stages(rng, created, segment, outcome, end)
    deal = Deal(
        "new_business",
        owner.user_id,
        created,
        path,
        account,
        lead,
        product_id,
        _deal_amount(book, product_id, currency, seats, discount, created.date()),
        currency,
        expected,
        closed_at,
        seats=seats,
        discount=discount,
    )
    _finish_open_deal(cfg, rng, deal)
    if not deal.won and rng.random() < 0.015:
        deal.is_deleted = True
    return deal


def make_expansion_deals(
    cfg: GeneratorConfig, users: list[User], events: list[dict], accounts: list[Account]
) -> list[Deal]:
    """Upsell, cross-sell and renewal deals on customer accounts, from billing's events.

    An event is a dict with kind (upsell, cross_sell, renewal), account_id, at (when the
    billing change happened or the renewal was due), won (bool), product_id, amount,
    currency. Some events of billing's self-serve seat changes have no deal.
    """
    rng = cfg.rng("expansion_deals")
    end = cfg.end_ts
    by_id = {a.account_id: a for a in accounts}
    deals: list[Deal] = []
    for ev in events:
        account = by_id[str(ev["account_id"])]
        at: datetime = ev["at"]  # type: ignore[assignment]
        kind = str(ev["kind"])
        lead_days = 45 if kind == "renewal" else rng.randint(7, 45)
        created = max(
            at - timedelta(days=lead_days, hours=rng.randint(0, 48)),
            account.created_at + timedelta(days=1),
        )
        created = created.replace(microsecond=0)
        if created > end or created >= at:
            continue
        owner = employed_rep(rng, users, (ACCOUNT_TEAM,), created.date(), account.owner_id)
        closed: datetime | None = at - timedelta(hours=rng.randint(1, 72))
        if closed is not None and closed <= created:
            closed = created + (at - created) / 2
        outcome = "open" if ev.get("open") else ("won" if ev["won"] else "lost")
        if closed is not None and closed > end:
            outcome = "open"
        path = _path_between(rng, created, closed, outcome, end)
        deal = Deal(
            kind,
            owner.user_id,
            created,
            path,
            account,
            None,
            str(ev["product_id"]),
            round(float(ev["amount"]), 2),  # type: ignore[arg-type]
            str(ev["currency"]),
            at.date(),
            path[-1][1] if outcome != "open" else None,
        )
        _finish_open_deal(cfg, rng, deal)
        deals.append(deal)
    return deals


def _path_between(
    rng: random.Random, created: datetime, closed: datetime | None, outcome: str, end: datetime
) -> list[tuple[str, datetime]]:
    """Stages spread between created and closed (or up to end for open deals)."""
    stages = [s for s in OPEN_STAGES[1:] if rng.random() < 0.7] or ["discovery"]
    stop = closed if closed is not None and outcome != "open" else end
    span = (min(stop, end) - created).total_seconds()
    path: list[tuple[str, datetime]] = []
    n = len(stages) + (1 if outcome != "open" else 0)
    for i, stage in enumerate(stages):
        t = created + timedelta(seconds=int(span * i / max(n, 1)))
        if outcome == "open" and i > 0 and t > end - timedelta(days=1):
            break
        path.append((stage, t))
    if outcome != "open" and closed is not None:
        closed = closed.replace(microsecond=0)
        if closed <= path[-1][1]:
            closed = path[-1][1] + timedelta(hours=1)
        path.append(("closed_won" if outcome == "won" else "closed_lost", closed))
    return path


def finalize_deals(cfg: GeneratorConfig, deals: list[Deal]) -> list[Deal]:
    """Sort by creation, assign ids, and pick the ~10% of deals without stage history."""
    rng = cfg.rng("deal_ids")
    deals.sort(key=lambda d: (d.created_at, d.deal_type, d.path[-1][1]))
    width = width_for(len(deals), 6)
    for n, deal in enumerate(deals, start=1):
        deal.deal_id = make_id("D", n, width)
        deal.has_history = rng.random() >= 0.1
    return deals


def stage_history_rows(deals: list[Deal]) -> list[Row]:
    rows: list[Row] = []
    for deal in deals:
        if deal.has_history:
            rows.extend(
                {"deal_id": deal.deal_id, "stage": s, "entered_at": t} for s, t in deal.path
            )
    return rows


def product_family(product_id: str) -> str:
    return PRODUCT_BY_ID[product_id].family
