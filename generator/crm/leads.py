"""Leads: daily volumes, the rep who owns each, and what becomes of it (qualified, disqualified,
invalid, converted)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from generator.config import GeneratorConfig
from generator.crm.records import Lead
from generator.crm.reference import (
    COUNTRIES,
    DISQUALIFY_REASONS,
    INBOUND_SOURCES,
    INDUSTRIES,
    INVALID_REASONS,
    OUTBOUND_SOURCES,
    SOURCE_CONVERSION,
    company_name,
    fake_phone,
    slug,
)
from generator.team import FIRST_NAMES, LAST_NAMES, User, reps
from generator.util import business_time, clamp, make_id, weighted, width_for


def employed_rep(
    rng: random.Random,
    users: list[User],
    teams: tuple[str, ...],
    d: date,
    preferred: str | None = None,
) -> User:
    """The preferred rep if employed on d, else a random employed rep of the teams."""
    pool = [u for u in reps(users, teams) if u.employed(d)]
    for u in pool:
        if u.user_id == preferred:
            return u
    if not pool:
        pool = [u for u in users if u.role == "manager" and u.team in teams] or users
    return rng.choice(pool)


def _daily_counts(cfg: GeneratorConfig, rng: random.Random, total: int) -> list[int]:
    """Leads per day: at least one every day, the rest by growth x weekday x season."""
    season = {
        1: 0.9,
        2: 1.0,
        3: 1.15,
        4: 1.05,
        5: 1.0,
        6: 0.95,
        7: 0.85,
        8: 0.75,
        9: 1.15,
        10: 1.15,
        11: 1.05,
        12: 0.7,
    }
    weights = []
    for i in range(cfg.n_days):
        d = cfg.start + timedelta(days=i)
        weekday = (1.0, 1.05, 1.05, 1.0, 0.9, 0.3, 0.2)[d.weekday()]
        weights.append((1 + 0.7 * i / cfg.n_days) * weekday * season[d.month])
    counts = [1] * cfg.n_days
    for idx in rng.choices(range(cfg.n_days), weights=weights, k=max(0, total - cfg.n_days)):
        counts[idx] += 1
    return counts


def make_leads(cfg: GeneratorConfig, users: list[User]) -> list[Lead]:
    """Leads on every day of the range, with outcomes that depend on their age."""
    rng = cfg.rng("leads")
    total = max(cfg.scaled(cfg.leads), cfg.n_days)
    leads: list[Lead] = []
    for i, count in enumerate(_daily_counts(cfg, rng, total)):
        day = cfg.start + timedelta(days=i)
        for _ in range(count):
            leads.append(_new_lead(cfg, rng, users, business_time(rng, day)))
    leads.sort(key=lambda lead: lead.created_at)
    width = width_for(len(leads), 6)
    for n, lead in enumerate(leads, start=1):
        lead.lead_id = make_id("L", n, width)
    return leads


def _new_lead(
    cfg: GeneratorConfig, rng: random.Random, users: list[User], created: datetime
) -> Lead:
    inbound_share = 0.55 + 0.1 * (created.date() - cfg.start).days / cfg.n_days
    channel = "inbound" if rng.random() < inbound_share else "outbound"
    source = weighted(rng, INBOUND_SOURCES if channel == "inbound" else OUTBOUND_SOURCES)
    team_w = (
        {"smb": 50, "mid_market": 35, "enterprise": 15}
        if channel == "inbound"
        else {"smb": 30, "mid_market": 40, "enterprise": 30}
    )
    segment = weighted(rng, team_w)
    owner = employed_rep(rng, users, (segment,), created.date())
    country = None if rng.random() < 0.03 else weighted(rng, COUNTRIES)
    company = company_name(rng, country)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = None if rng.random() < 0.05 else f"{first}.{last}@{slug(company)}.example".lower()
    phone = None if rng.random() < 0.2 else fake_phone(rng, country)
    industry = None if rng.random() < 0.08 else rng.choice(INDUSTRIES)
    lead = Lead(
        created, channel, source, owner.user_id, segment, country, industry, company, email, phone
    )
    _decide_outcome(cfg, rng, lead)
    if (lead.status in ("new",) and rng.random() < 0.3) or (
        lead.disqualified_reason in ("spam", "test") and rng.random() < 0.5
    ):
        lead.owner_id = None
    if lead.status != "converted" and rng.random() < 0.02:
        lead.is_deleted = True
    return lead


def random_delay(rng: random.Random, median_days: float, lo: float, hi: float) -> timedelta:
    days = clamp(math.exp(rng.gauss(math.log(median_days), 0.8)), lo, hi)
    return timedelta(seconds=round(days * 86400))


def _decide_outcome(cfg: GeneratorConfig, rng: random.Random, lead: Lead) -> None:
    end = cfg.end_ts
    age_days = (end - lead.created_at).days
    r = rng.random()
    for reason, p in INVALID_REASONS.items():
        if r < p:
            lead.status, lead.disqualified_reason = "disqualified", reason
            return
        r -= p
    p_conv = SOURCE_CONVERSION.get(lead.source, 0.1)
    r = rng.random()
    if r < p_conv:
        at = lead.created_at + random_delay(rng, 9, 0.05, 80)
        if at <= end:
            lead.status, lead.converted_at = "converted", at
        else:
            lead.status = "working"
        return
    if r < p_conv + 0.08:
        at = lead.created_at + random_delay(rng, 7, 0.1, 60)
        lead.status = "qualified" if at <= end else "working"
        lead.qualified_at = at if at <= end else None
        return
    if age_days < 10:
        lead.status = "new" if rng.random() < 0.6 else "working"
    elif age_days < 45 and rng.random() < 0.6:
        lead.status = "working"
    elif r < p_conv + 0.08 + 0.5:
        lead.status = "disqualified"
        lead.disqualified_reason = weighted(rng, DISQUALIFY_REASONS)
    else:
        lead.status = weighted(rng, {"working": 25, "new": 10, "disqualified": 65})
        if lead.status == "disqualified":
            lead.disqualified_reason = "unresponsive"
