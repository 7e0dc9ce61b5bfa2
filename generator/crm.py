"""CRM tables: pipeline stages, products, leads, accounts, deals and their stage history."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from generator.catalog import CORE_TIERS, PRODUCT_BY_ID, PRODUCTS, PriceBook
from generator.config import GeneratorConfig
from generator.team import ACCOUNT_TEAM, FIRST_NAMES, LAST_NAMES, NEW_BUSINESS_TEAMS, User, reps
from generator.util import Row, business_time, clamp, make_id, weighted, width_for

STAGES: tuple[tuple[str, int, float, bool, bool], ...] = (
    ("prospecting", 1, 0.10, False, False),
    ("discovery", 2, 0.20, False, False),
    ("proposal", 3, 0.50, False, False),
    ("negotiation", 4, 0.75, False, False),
    ("closed_won", 5, 1.0, True, True),
    ("closed_lost", 6, 0.0, True, False),
)
OPEN_STAGES = ("prospecting", "discovery", "proposal", "negotiation")

INBOUND_SOURCES = {
    "website": 30,
    "paid_search": 20,
    "organic_search": 15,
    "social": 10,
    "referral": 10,
    "event": 8,
    "partner": 7,
}
OUTBOUND_SOURCES = {"cold_call": 45, "cold_email": 40, "event": 10, "partner": 5}
SOURCE_CONVERSION = {
    "referral": 0.24,
    "partner": 0.2,
    "event": 0.13,
    "website": 0.15,
    "paid_search": 0.12,
    "organic_search": 0.14,
    "social": 0.09,
    "cold_call": 0.08,
    "cold_email": 0.06,
}
DISQUALIFY_REASONS = {"no_budget": 30, "no_fit": 30, "unresponsive": 28, "competitor": 12}
INVALID_REASONS = {"duplicate": 0.025, "spam": 0.015, "test": 0.007}
LOST_REASONS = {"price": 25, "competitor": 25, "no_budget": 20, "no_decision": 20, "timing": 10}

COUNTRIES = {
    "US": 50,
    "CA": 5,
    "AU": 3,
    "AE": 2,
    "DE": 8,
    "FR": 5,
    "NL": 4,
    "ES": 3,
    "IT": 2,
    "GB": 6,
    "RU": 10,
    "KZ": 2,
}
COUNTRY_CURRENCY = {
    "GB": "GBP",
    "RU": "RUB",
    "KZ": "RUB",
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "ES": "EUR",
    "IT": "EUR",
}
CALLING_CODE = {
    "US": "1",
    "CA": "1",
    "AU": "61",
    "AE": "971",
    "DE": "49",
    "FR": "33",
    "NL": "31",
    "ES": "34",
    "IT": "39",
    "GB": "44",
    "RU": "7",
    "KZ": "7",
}
LEGAL_SUFFIX = {
    "US": "Inc",
    "CA": "Inc",
    "AU": "Pty Ltd",
    "AE": "FZE",
    "DE": "GmbH",
    "FR": "SAS",
    "NL": "B.V.",
    "ES": "S.L.",
    "IT": "S.r.l.",
    "GB": "Ltd",
    "RU": "LLC",
    "KZ": "LLP",
}
INDUSTRIES = (
    "software",
    "retail",
    "manufacturing",
    "logistics",
    "healthcare",
    "finance",
    "education",
    "real_estate",
    "hospitality",
    "professional_services",
)
NAME_PREFIX = (
    "Acme",
    "Northwind",
    "Blue River",
    "Granite",
    "Silverline",
    "Redwood",
    "Apex",
    "Bright",
    "Cobalt",
    "Evergreen",
    "Falcon",
    "Harbor",
    "Ironclad",
    "Juniper",
    "Keystone",
    "Lighthouse",
    "Meridian",
    "Nova",
    "Orion",
    "Pioneer",
    "Quantum",
    "Riverside",
    "Summit",
    "Tidewater",
    "Union",
    "Vertex",
    "Westfield",
    "Zenith",
    "Aurora",
    "Beacon",
    "Cedar",
    "Delta",
    "Ember",
    "Frontier",
    "Golden",
    "Horizon",
)
NAME_NOUN = (
    "Logistics",
    "Labs",
    "Foods",
    "Systems",
    "Retail",
    "Dental",
    "Consulting",
    "Motors",
    "Analytics",
    "Builders",
    "Health",
    "Media",
    "Energy",
    "Capital",
    "Textiles",
    "Pharma",
    "Travel",
    "Robotics",
    "Clinics",
    "Furniture",
)
SPECIAL_NAMES = (
    "Müller & Söhne",
    "Smith, Jones & Partners",
    "Café Lumière",
    "O'Brien Bros",
    "Søndergaard Design",
    'Peña "Global" Trading',
)

SEGMENT_TIERS = {"smb": {1: 65, 2: 35}, "mid_market": {2: 70, 3: 30}, "enterprise": {3: 70, 2: 30}}
SEGMENT_SEATS = {"smb": (3, 15), "mid_market": (10, 50), "enterprise": (40, 220)}
STAGE_DAYS = {"smb": 5.0, "mid_market": 9.0, "enterprise": 16.0}
DISCOUNTS = {0.0: 50, 10.0: 25, 15.0: 15, 20.0: 10}


@dataclass
class Lead:
    created_at: datetime
    channel: str
    source: str
    owner_id: str | None
    segment: str
    country: str | None
    industry: str | None
    company_name: str
    contact_email: str | None
    contact_phone: str | None
    status: str = "new"
    disqualified_reason: str | None = None
    converted_at: datetime | None = None
    qualified_at: datetime | None = None
    is_deleted: bool = False
    lead_id: str = ""
    account_id: str | None = None

    def row(self) -> Row:
        return {
            k: getattr(self, k)
            for k in (
                "lead_id",
                "created_at",
                "channel",
                "source",
                "owner_id",
                "status",
                "disqualified_reason",
                "converted_at",
                "account_id",
                "company_name",
                "contact_email",
                "contact_phone",
                "is_deleted",
            )
        }


@dataclass
class Account:
    account_name: str
    industry: str | None
    country: str | None
    created_at: datetime
    owner_id: str | None
    segment: str
    phone: str
    lead: Lead | None = None
    imported: bool = False
    account_id: str = ""

    @property
    def currency(self) -> str:
        return COUNTRY_CURRENCY.get(self.country or "US", "USD")

    def row(self) -> Row:
        created: object = self.created_at.date() if self.imported else self.created_at
        return {
            "account_id": self.account_id,
            "account_name": self.account_name,
            "industry": self.industry,
            "country": self.country,
            "created_at": created,
            "owner_id": self.owner_id,
        }


@dataclass
class Deal:
    deal_type: str
    owner_id: str
    created_at: datetime
    path: list[tuple[str, datetime]]
    account: Account | None = None
    lead: Lead | None = None
    product_id: str | None = None
    amount: float | None = None
    currency: str | None = None
    expected_close_on: date | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    is_deleted: bool = False
    seats: int = 0
    discount: float = 0.0
    has_history: bool = True
    deal_id: str = ""

    @property
    def stage(self) -> str:
        return self.path[-1][0]

    @property
    def won(self) -> bool:
        return self.stage == "closed_won"

    def row(self) -> Row:
        return {
            "deal_id": self.deal_id,
            "account_id": self.account.account_id if self.account else None,
            "lead_id": self.lead.lead_id if self.lead else None,
            "owner_id": self.owner_id,
            "deal_type": self.deal_type,
            "product_id": self.product_id,
            "stage": self.stage,
            "amount": self.amount,
            "currency": self.currency,
            "created_at": self.created_at,
            "expected_close_on": self.expected_close_on,
            "closed_at": self.closed_at,
            "lost_reason": self.lost_reason,
            "is_deleted": self.is_deleted,
        }


# The forecast category of each stage (the optional crm__pipeline_stages.forecast_category):
# closed stages are out of the forecast.
FORECAST_CATEGORIES = {
    "prospecting": "pipeline",
    "discovery": "pipeline",
    "proposal": "best_case",
    "negotiation": "commit",
}


def stage_rows() -> list[Row]:
    return [
        {
            "stage": s,
            "stage_order": o,
            "probability": p,
            "is_closed": c,
            "is_won": w,
            "forecast_category": FORECAST_CATEGORIES.get(s, "omitted"),
        }
        for s, o, p, c, w in STAGES
    ]


def product_rows() -> list[Row]:
    return [
        {
            "product_id": p.product_id,
            "product_name": p.product_name,
            "product_family": p.family,
            "tier_rank": p.tier_rank,
        }
        for p in PRODUCTS
    ]


def fake_phone(rng: random.Random, country: str | None) -> str:
    """A phone number in the fictitious 555 range of the country's calling code."""
    return f"+{CALLING_CODE.get(country or 'US', '1')}555{rng.randrange(10**7):07d}"


def _company(rng: random.Random, country: str | None) -> str:
    if rng.random() < 0.01:
        return rng.choice(SPECIAL_NAMES)
    base = f"{rng.choice(NAME_PREFIX)} {rng.choice(NAME_NOUN)}"
    return f"{base} {LEGAL_SUFFIX[country]}" if country and rng.random() < 0.6 else base


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:20] or "co"


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
    company = _company(rng, country)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = None if rng.random() < 0.05 else f"{first}.{last}@{_slug(company)}.example".lower()
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


def _delay(rng: random.Random, median_days: float, lo: float, hi: float) -> timedelta:
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
        at = lead.created_at + _delay(rng, 9, 0.05, 80)
        if at <= end:
            lead.status, lead.converted_at = "converted", at
        else:
            lead.status = "working"
        return
    if r < p_conv + 0.08:
        at = lead.created_at + _delay(rng, 7, 0.1, 60)
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
                _company(rng, country),
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


def _stage_days(rng: random.Random, segment: str) -> timedelta:
    return _delay(rng, STAGE_DAYS.get(segment, 7.0), 0.2, 90)


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
