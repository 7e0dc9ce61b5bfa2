"""CRM reference data: pipeline stages, lead sources and reasons, countries, company names;
the stage and product tables."""

from __future__ import annotations

import random

from generator.catalog import PRODUCTS
from generator.util import Row

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


def company_name(rng: random.Random, country: str | None) -> str:
    if rng.random() < 0.01:
        return rng.choice(SPECIAL_NAMES)
    base = f"{rng.choice(NAME_PREFIX)} {rng.choice(NAME_NOUN)}"
    return f"{base} {LEGAL_SUFFIX[country]}" if country and rng.random() < 0.6 else base


def slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:20] or "co"
