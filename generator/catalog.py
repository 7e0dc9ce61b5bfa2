"""What we sell: products, currencies and the price book that plans and deals share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Product:
    product_id: str
    product_name: str
    family: str
    tier_rank: int
    usd_per_seat_month: float


PRODUCTS: tuple[Product, ...] = (
    Product("P01", "CRM Suite Starter", "crm_suite", 1, 25.0),
    Product("P02", "CRM Suite Professional", "crm_suite", 2, 55.0),
    Product("P03", "CRM Suite Enterprise", "crm_suite", 3, 95.0),
    Product("P04", "Analytics Add-on", "analytics", 1, 15.0),
    Product("P05", "Telephony Add-on", "telephony", 1, 20.0),
    Product("P06", "Premium Support", "support", 1, 12.0),
)
PRODUCT_BY_ID = {p.product_id: p for p in PRODUCTS}
CORE_TIERS = {1: "P01", 2: "P02", 3: "P03"}
ADDONS = ("P04", "P05", "P06")

# Local price of one USD of list price (not the fx rate: a price book rounds).
CURRENCY_FACTOR = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "RUB": 90.0}
CURRENCIES = tuple(CURRENCY_FACTOR)
PERIODS = (1, 3, 12)
PERIOD_MULTIPLIER = {1: 1.0, 3: 0.95, 12: 0.83}  # longer commitment, cheaper per month
PERIOD_LABEL = {1: "monthly", 3: "quarterly", 12: "annual"}

# (product family, change date, price multiplier from then on): list price changes.
PRICE_CHANGES: tuple[tuple[str, date, float], ...] = (
    ("telephony", date(2024, 7, 1), 0.9),
    ("crm_suite", date(2025, 1, 1), 1.1),
)


@dataclass(frozen=True)
class Plan:
    plan_id: str
    product_id: str
    plan_name: str
    period: int
    list_price: float
    currency: str
    available_from: date
    available_to: date | None

    def available_on(self, d: date) -> bool:
        return self.available_from <= d and (self.available_to is None or d < self.available_to)


def round_price(x: float, currency: str) -> float:
    """Price-book rounding: whole roubles by tens, other currencies to whole units."""
    if currency == "RUB":
        return float(max(10, round(x / 10) * 10))
    return float(max(1, round(x)))


def epochs(family: str, first_day: date) -> list[tuple[date, date | None, float]]:
    """Price epochs (from, to exclusive, multiplier) for a product family."""
    changes = sorted((d, m) for f, d, m in PRICE_CHANGES if f == family)
    out: list[tuple[date, date | None, float]] = []
    start, mult = first_day, 1.0
    for change_on, new_mult in changes:
        out.append((start, change_on, mult))
        start, mult = change_on, new_mult
    out.append((start, None, mult))
    return out


def build_plans(first_day: date) -> list[Plan]:
    """Every product x price epoch x billing period x currency, the first available from
    `first_day` (the first day with fx rates, so every plan price converts)."""
    plans: list[Plan] = []
    for product in PRODUCTS:
        for avail_from, avail_to, mult in epochs(product.family, first_day):
            for period in PERIODS:
                for currency in CURRENCIES:
                    price = round_price(
                        product.usd_per_seat_month
                        * mult
                        * period
                        * PERIOD_MULTIPLIER[period]
                        * CURRENCY_FACTOR[currency],
                        currency,
                    )
                    name = f"{product.product_name} {PERIOD_LABEL[period]} {currency}"
                    if avail_from > first_day:
                        name += f" ({avail_from.year} price)"
                    plans.append(
                        Plan(
                            f"PL{len(plans) + 1:04d}",
                            product.product_id,
                            name,
                            period,
                            price,
                            currency,
                            avail_from,
                            avail_to,
                        )
                    )
    return plans


class PriceBook:
    """Lookup of the plan for a product, period and currency on a date."""

    def __init__(self, plans: list[Plan]) -> None:
        self.plans = plans
        self.by_id = {p.plan_id: p for p in plans}

    def plan(self, product_id: str, period: int, currency: str, on: date) -> Plan:
        for p in self.plans:
            if (
                p.product_id == product_id
                and p.period == period
                and p.currency == currency
                and p.available_on(on)
            ):
                return p
        raise KeyError((product_id, period, currency, on))

    def annual_price(self, product_id: str, currency: str, on: date) -> float:
        """List price of one seat for a year (annual plan), used for deal amounts."""
        return self.plan(product_id, 12, currency, on).list_price
