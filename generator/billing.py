"""Billing tables: fx rates, plans, customers, subscriptions, items over time, invoices.

The subscription simulation also reports the commercial events (upsells, cross-sells,
renewals) that the CRM turns into expansion deals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from generator.catalog import ADDONS, CORE_TIERS, PRODUCT_BY_ID, Plan, PriceBook
from generator.config import GeneratorConfig
from generator.crm import COUNTRIES, COUNTRY_CURRENCY, Account, Deal
from generator.util import Row, add_months, add_months_ts, clamp, make_id, weighted, width_for

FX_WALKS = {"EUR": (1.085, 1.05, 1.12), "GBP": (1.27, 1.25, 1.30), "RUB": (0.0112, 0.010, 0.013)}
SEGMENT_PERIODS = {
    "smb": {1: 60, 3: 15, 12: 25},
    "mid_market": {1: 35, 3: 20, 12: 45},
    "enterprise": {1: 15, 3: 10, 12: 75},
}
MONTHLY_EVENTS = {
    "seat_increase": 0.05,
    "tier_upgrade": 0.015,
    "add_on": 0.025,
    "seat_decrease": 0.015,
    "discount_change": 0.01,
    "add_on_removal": 0.006,
    "tier_downgrade": 0.004,
}
MONTHLY_CHURN = 0.022
ANNUAL_CHURN = 0.12
REACTIVATION = 0.35
# The first CRM-linked customer follows this script (month -> event) so that every kind
# of change, a churn and a reactivation exist at any scale.
SCRIPT = {2: "seat_increase", 3: "add_on", 4: "tier_upgrade", 5: "discount_change", 6: "churn"}


def fx_rate_rows(cfg: GeneratorConfig) -> list[Row]:
    """Daily usd_per_unit for every non-USD currency: bounded random walks."""
    rng = cfg.rng("fx")
    first = cfg.first_fx_day
    rows: list[Row] = []
    levels = {c: v[0] for c, v in FX_WALKS.items()}
    for i in range((cfg.end - first).days + 1):
        day = first + timedelta(days=i)
        for currency in sorted(FX_WALKS):
            _, lo, hi = FX_WALKS[currency]
            step = rng.gauss(0, (hi - lo) * 0.02)
            levels[currency] = clamp(levels[currency] + step, lo, hi)
            rows.append(
                {"rate_date": day, "currency": currency, "usd_per_unit": round(levels[currency], 6)}
            )
    return rows


def plan_rows(book: PriceBook) -> list[Row]:
    return [
        {
            "plan_id": p.plan_id,
            "product_id": p.product_id,
            "plan_name": p.plan_name,
            "billing_period_months": p.period,
            "list_price": p.list_price,
            "currency": p.currency,
            "available_from": p.available_from,
            "available_to": p.available_to,
        }
        for p in book.plans
    ]


@dataclass
class Item:
    plan: Plan
    quantity: int
    unit_price: float
    discount: float
    valid_from: datetime
    valid_to: datetime | None = None
    item_id: str = ""

    def annual_value(self) -> float:
        return self.unit_price * self.quantity * (1 - self.discount / 100) * 12 / self.plan.period


@dataclass
class Customer:
    account: Account | None
    currency: str
    created_at: datetime
    segment: str
    customer_id: str = ""


@dataclass
class Subscription:
    customer: Customer
    started_at: datetime
    period: int
    ended_at: datetime | None = None
    items: list[Item] = field(default_factory=list)
    sub_id: str = ""

    def current(self) -> list[Item]:
        return [i for i in self.items if i.valid_to is None]


@dataclass
class BillingData:
    customers: list[Customer]
    subscriptions: list[Subscription]
    events: list[dict]
    invoices: list[Row]

    def customer_rows(self) -> list[Row]:
        return [
            {
                "customer_id": c.customer_id,
                "account_id": c.account.account_id if c.account else None,
                "currency": c.currency,
                "created_at": c.created_at,
            }
            for c in self.customers
        ]

    def subscription_rows(self) -> list[Row]:
        return [
            {
                "subscription_id": s.sub_id,
                "customer_id": s.customer.customer_id,
                "started_at": s.started_at,
                "ended_at": s.ended_at,
            }
            for s in self.subscriptions
        ]

    def item_rows(self) -> list[Row]:
        items = [(i, s) for s in self.subscriptions for i in s.items]
        items.sort(key=lambda x: x[0].item_id)
        return [
            {
                "subscription_item_id": i.item_id,
                "subscription_id": s.sub_id,
                "plan_id": i.plan.plan_id,
                "quantity": i.quantity,
                "unit_price": i.unit_price,
                "discount_percent": i.discount,
                "valid_from": i.valid_from,
                "valid_to": i.valid_to,
            }
            for i, s in items
        ]


class Simulator:
    """Runs every customer's subscriptions month by month from the start to the end."""

    def __init__(self, cfg: GeneratorConfig, book: PriceBook) -> None:
        self.cfg = cfg
        self.book = book
        self.rng = cfg.rng("billing")
        self.subs: list[Subscription] = []
        self.events: list[dict] = []

    # -- item changes -------------------------------------------------------------------
    def _price(self, plan: Plan, negotiate: bool = True) -> tuple[float, bool]:
        if negotiate and self.rng.random() < 0.25:
            return round(plan.list_price * self.rng.uniform(0.85, 0.97), 2), True
        return plan.list_price, False

    def _open(
        self, sub: Subscription, product_id: str, qty: int, discount: float, at: datetime
    ) -> Item:
        plan = self.book.plan(product_id, sub.period, sub.customer.currency, at.date())
        price, negotiated = self._price(plan)
        item = Item(plan, max(1, qty), price, 0.0 if negotiated else discount, at)
        sub.items.append(item)
        return item

    def _replace(self, sub: Subscription, old: Item, at: datetime, **changes: object) -> Item:
        old.valid_to = at
        new = Item(
            changes.get("plan", old.plan),
            int(changes.get("quantity", old.quantity)),  # type: ignore[arg-type]
            float(changes.get("unit_price", old.unit_price)),  # type: ignore[arg-type]
            float(changes.get("discount", old.discount)),
            at,
        )  # type: ignore[arg-type]
        sub.items.append(new)
        return new

    def _event(
        self,
        sub: Subscription,
        kind: str,
        at: datetime,
        product_id: str,
        amount: float,
        won: bool = True,
        is_open: bool = False,
    ) -> None:
        account = sub.customer.account
        if account is None or amount <= 0:
            return
        self.events.append(
            {
                "kind": kind,
                "account_id": account.account_id,
                "at": at,
                "won": won,
                "open": is_open,
                "product_id": product_id,
                "amount": round(amount, 2),
                "currency": sub.customer.currency,
            }
        )

    # -- subscription lifecycle -----------------------------------------------------------
    def start(
        self,
        customer: Customer,
        at: datetime,
        product_id: str,
        seats: int,
        discount: float,
        period: int | None = None,
    ) -> Subscription:
        period = period or int(
            weighted(self.rng, {str(k): v for k, v in SEGMENT_PERIODS[customer.segment].items()})
        )
        sub = Subscription(customer, at, period)
        self.subs.append(sub)
        self._open(sub, product_id, seats, discount, at)
        if self.rng.random() < 0.2:
            self._open(sub, self.rng.choice(ADDONS), max(1, seats // 2), discount, at)
        return sub

    def run(self, sub: Subscription, scripted: bool = False) -> None:
        """Month-by-month changes until churn or the end of the range."""
        rng, end = self.rng, self.cfg.end_ts
        last_change = sub.started_at
        k = 0
        while True:
            k += 1
            boundary = add_months_ts(sub.started_at, k)
            if sub.period == 12 and k % 12 == 0:
                churn = rng.random() < ANNUAL_CHURN
                if boundary > end:
                    if boundary <= end + timedelta(days=60):
                        self._event(
                            sub,
                            "renewal",
                            boundary,
                            self._core(sub).plan.product_id,
                            self._value(sub),
                            is_open=True,
                        )
                    return
                self._event(
                    sub,
                    "renewal",
                    boundary,
                    self._core(sub).plan.product_id,
                    self._value(sub),
                    won=not churn,
                )
                if churn:
                    self._churn(sub, boundary)
                    return
            window_start = add_months_ts(sub.started_at, k - 1) + timedelta(days=3)
            at = window_start + timedelta(seconds=rng.randrange(20 * 86400))
            at = max(at, last_change + timedelta(hours=1)).replace(microsecond=0)
            if at > end:
                return
            if scripted and k in SCRIPT:
                kind = SCRIPT[k]
            elif sub.period != 12 and rng.random() < MONTHLY_CHURN:
                kind = "churn"
            else:
                kind = self._draw_event(sub)
            if kind == "churn":
                self._churn(sub, at, scripted)
                return
            if kind and self._apply(sub, kind, at):
                last_change = at
            if rng.random() < 0.012:  # an expansion deal that did not close
                product = self._core(sub).plan.product_id
                self._event(sub, "upsell", at, product, self._value(sub) * 0.2, won=False)
            if boundary > end and rng.random() < 0.1:
                self._event(
                    sub,
                    "cross_sell",
                    end + timedelta(days=rng.randint(10, 60)),
                    rng.choice(ADDONS),
                    self._value(sub) * 0.15,
                    is_open=True,
                )

    def _draw_event(self, sub: Subscription) -> str | None:
        r = self.rng.random()
        for kind, p in MONTHLY_EVENTS.items():
            if r < p:
                return kind
            r -= p
        return None

    def _core(self, sub: Subscription) -> Item:
        current = sub.current()
        core = [i for i in current if i.plan.product_id in CORE_TIERS.values()]
        return (core or current)[0]

    def _value(self, sub: Subscription) -> float:
        return sum(i.annual_value() for i in sub.current())

    def _apply(self, sub: Subscription, kind: str, at: datetime) -> bool:
        rng = self.rng
        core = self._core(sub)
        tier = PRODUCT_BY_ID[core.plan.product_id].tier_rank
        owned = {i.plan.product_id for i in sub.current()}
        before = core.annual_value()
        if kind == "seat_increase":
            new = self._replace(
                sub,
                core,
                at,
                quantity=core.quantity + max(1, round(core.quantity * rng.uniform(0.1, 0.4))),
            )
            if rng.random() < 0.8:  # the rest are self-serve seat adds without a deal
                self._event(sub, "upsell", at, new.plan.product_id, new.annual_value() - before)
        elif kind in ("tier_upgrade", "tier_downgrade"):
            target = tier + (1 if kind == "tier_upgrade" else -1)
            if target not in CORE_TIERS or core.plan.product_id not in CORE_TIERS.values():
                return False
            plan = self.book.plan(CORE_TIERS[target], sub.period, sub.customer.currency, at.date())
            price, negotiated = self._price(plan)
            new = self._replace(
                sub,
                core,
                at,
                plan=plan,
                unit_price=price,
                discount=0.0 if negotiated else core.discount,
            )
            if kind == "tier_upgrade":
                self._event(sub, "upsell", at, plan.product_id, new.annual_value() - before)
        elif kind == "add_on":
            missing = [p for p in ADDONS if p not in owned]
            if not missing:
                return False
            new = self._open(
                sub, rng.choice(missing), max(1, core.quantity // 2), core.discount, at
            )
            self._event(sub, "cross_sell", at, new.plan.product_id, new.annual_value())
        elif kind == "seat_decrease":
            if core.quantity < 2:
                return False
            self._replace(
                sub, core, at, quantity=max(1, core.quantity - max(1, round(core.quantity * 0.2)))
            )
        elif kind == "discount_change":
            choices = [d for d in (0.0, 5.0, 10.0, 15.0, 20.0, 25.0) if d != core.discount]
            self._replace(sub, core, at, discount=rng.choice(choices))
        elif kind == "add_on_removal":
            addons = [i for i in sub.current() if i.plan.product_id in ADDONS]
            if not addons:
                return False
            rng.choice(addons).valid_to = at
        return True

    def _churn(self, sub: Subscription, at: datetime, scripted: bool = False) -> None:
        sub.ended_at = at
        core = self._core(sub)
        for item in sub.current():
            item.valid_to = at
        if scripted or self.rng.random() < REACTIVATION:
            back = at + timedelta(
                days=100 if scripted else self.rng.randint(60, 240), hours=self.rng.randint(0, 8)
            )
            if back < self.cfg.end_ts - timedelta(days=1):
                qty = max(1, round(core.quantity * self.rng.uniform(0.6, 1.1)))
                new = self.start(
                    sub.customer,
                    back,
                    core.plan.product_id,
                    qty,
                    0.0,
                    1 if self.rng.random() < 0.6 else None,
                )
                self.run(new)


def simulate(cfg: GeneratorConfig, book: PriceBook, deals: list[Deal]) -> BillingData:
    """Customers from won new-business deals (plus unlinked ones) and their subscriptions."""
    sim = Simulator(cfg, book)
    rng = cfg.rng("customers")
    starts: list[tuple[Customer, datetime, str, int, float]] = []
    seen: set[str] = set()
    for deal in sorted(deals, key=lambda d: d.closed_at or cfg.end_ts):
        if (
            deal.deal_type != "new_business"
            or not deal.won
            or deal.is_deleted
            or deal.account is None
            or deal.account.account_id in seen
        ):
            continue
        seen.add(deal.account.account_id)
        assert deal.closed_at is not None and deal.product_id is not None
        at = (deal.closed_at + timedelta(hours=rng.randint(0, 48))).replace(minute=0, second=0)
        if at > cfg.end_ts:
            at = deal.closed_at
        customer = Customer(
            deal.account, deal.account.currency, deal.closed_at, deal.account.segment
        )
        starts.append((customer, at, deal.product_id, deal.seats, deal.discount))
    n_unlinked = max(
        1, round(len(starts) * cfg.unlinked_customer_share / (1 - cfg.unlinked_customer_share))
    )
    for _ in range(n_unlinked):
        created = cfg.start_ts + timedelta(seconds=rng.randrange(cfg.n_days * 86400 - 86400 * 20))
        currency = COUNTRY_CURRENCY.get(weighted(rng, COUNTRIES), "USD")
        customer = Customer(None, currency, created, "smb")
        starts.append(
            (
                customer,
                created + timedelta(minutes=rng.randint(1, 120)),
                CORE_TIERS[rng.choice((1, 2))],
                rng.randint(1, 10),
                0.0,
            )
        )
    scripted_done = False
    for customer, at, product_id, seats, discount in starts:
        scripted = not scripted_done and customer.account is not None
        scripted_done = scripted_done or scripted
        sub = sim.start(customer, at, product_id, seats, discount, 1 if scripted else None)
        sim.run(sub, scripted)
    customers = sorted(
        {id(c): c for c, *_ in starts}.values(),
        key=lambda c: (c.created_at, c.account.account_id if c.account else ""),
    )
    width = width_for(len(customers), 4)
    for n, c in enumerate(customers, start=1):
        c.customer_id = make_id("C", n, width)
    subs = sorted(sim.subs, key=lambda s: (s.started_at, s.customer.customer_id))
    width = width_for(len(subs), 4)
    for n, s in enumerate(subs, start=1):
        s.sub_id = make_id("S", n, width)
    items = sorted(
        ((i, s) for s in subs for i in s.items),
        key=lambda x: (x[0].valid_from, x[1].sub_id, x[0].plan.plan_id),
    )
    width = width_for(len(items), 5)
    for n, (item, _) in enumerate(items, start=1):
        item.item_id = make_id("SI", n, width)
    return BillingData(customers, subs, sim.events, invoice_rows(cfg, subs))


def invoice_rows(cfg: GeneratorConfig, subs: list[Subscription]) -> list[Row]:
    """One invoice per billing period of each subscription, amounts at the period start."""
    rng = cfg.rng("invoices")
    pending: list[tuple[datetime, Subscription, date, date, float]] = []
    for sub in subs:
        k = 0
        while True:
            issued = add_months_ts(sub.started_at, k * sub.period)
            if issued > cfg.end_ts or (sub.ended_at and issued >= sub.ended_at):
                break
            amount = sum(
                i.unit_price * i.quantity * (1 - i.discount / 100)
                for i in sub.items
                if i.valid_from <= issued and (i.valid_to is None or issued < i.valid_to)
            )
            start_day = add_months(sub.started_at.date(), k * sub.period)
            end_day = add_months(sub.started_at.date(), (k + 1) * sub.period)
            if amount > 0:
                pending.append((issued, sub, start_day, end_day, round(amount, 2)))
            k += 1
    pending.sort(key=lambda x: (x[0], x[1].sub_id))
    width = width_for(len(pending), 6)
    rows: list[Row] = []
    for n, (issued, sub, start_day, end_day, amount) in enumerate(pending, start=1):
        recent = (cfg.end_ts - issued).days < 30
        status = (
            weighted(rng, {"open": 60, "paid": 40})
            if recent
            else weighted(rng, {"paid": 95, "void": 2, "refunded": 1, "open": 2})
        )
        rows.append(
            {
                "invoice_id": make_id("INV", n, width),
                "customer_id": sub.customer.customer_id,
                "subscription_id": sub.sub_id,
                "issued_at": issued,
                "period_start": start_day,
                "period_end": end_day,
                "amount": amount,
                "currency": sub.customer.currency,
                "status": status,
            }
        )
    return rows
