"""Telephony tables: calls (linked to leads, deals, accounts) and their quality scores."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from generator.billing import BillingData
from generator.config import GeneratorConfig
from generator.crm import Deal, Lead, employed_rep, fake_phone
from generator.team import ACCOUNT_TEAM, NEW_BUSINESS_TEAMS, TEAMS, User
from generator.util import Row, business_time, clamp, make_id, weighted, width_for

OUTBOUND_STATUS = {"answered": 45, "no_answer": 30, "voicemail": 15, "busy": 7, "failed": 3}
INBOUND_STATUS = {"answered": 85, "no_answer": 10, "busy": 2, "voicemail": 2, "failed": 1}
MODEL_VERSIONS = (
    (date(2024, 7, 1), "cq-1.0"),
    (date(2025, 3, 1), "cq-1.1"),
    (date(9999, 1, 1), "cq-2.0"),
)
# A re-score uses the model after the one that scored the call first (cq-2.1 only re-scores).
RESCORE_VERSION = {"cq-1.0": "cq-1.1", "cq-1.1": "cq-2.0", "cq-2.0": "cq-2.1"}


@dataclass
class Call:
    started_at: datetime
    direction: str
    user_id: str | None
    lead_id: str | None = None
    deal_id: str | None = None
    account_id: str | None = None
    phone: str = ""
    status: str = ""
    wait_seconds: int | None = None
    talk_seconds: int = 0
    call_id: str = ""

    def row(self) -> Row:
        return {
            "call_id": self.call_id,
            "started_at": self.started_at,
            "direction": self.direction,
            "status": self.status,
            "user_id": self.user_id,
            "lead_id": self.lead_id,
            "deal_id": self.deal_id,
            "account_id": self.account_id,
            "wait_seconds": self.wait_seconds,
            "talk_seconds": self.talk_seconds,
            "phone_number": self.phone,
        }


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return math.exp(rng.gauss(math.log(median), sigma))


def _first_call_delay(rng: random.Random) -> timedelta:
    bucket = weighted(rng, {"before": 1, "5min": 30, "hour": 25, "day": 25, "week": 19})
    seconds = {
        "before": -rng.uniform(60, 7200),
        "5min": rng.uniform(20, 300),
        "hour": rng.uniform(300, 3600),
        "day": rng.uniform(3600, 86400),
        "week": rng.uniform(86400, 7 * 86400),
    }[bucket]
    return timedelta(seconds=int(seconds))


class CallBook:
    """Collects planned calls, then fills the rest of the day-by-day volume."""

    def __init__(self, cfg: GeneratorConfig, users: list[User]) -> None:
        self.cfg = cfg
        self.users = users
        self.rng = cfg.rng("calls")
        self.calls: list[Call] = []

    def add(
        self,
        at: datetime,
        direction: str,
        user_id: str | None,
        phone: str,
        lead: str | None = None,
        deal: str | None = None,
        account: str | None = None,
        status: str | None = None,
    ) -> Call | None:
        if at < self.cfg.start_ts or at > self.cfg.end_ts:
            return None
        call = Call(at.replace(microsecond=0), direction, user_id, lead, deal, account, phone)
        self._outcome(call, status)
        self.calls.append(call)
        return call

    def rep(self, teams: tuple[str, ...], at: datetime, preferred: str | None = None) -> str:
        return employed_rep(self.rng, self.users, teams, at.date(), preferred).user_id

    def _outcome(self, call: Call, status: str | None) -> None:
        rng = self.rng
        call.status = status or weighted(
            rng, INBOUND_STATUS if call.direction == "inbound" else OUTBOUND_STATUS
        )
        if call.status == "answered":
            short = rng.random() < 0.15
            talk = rng.uniform(5, 59) if short else _lognormal(rng, 240, 0.7)
            call.talk_seconds = int(clamp(talk, 5, 3600))
            call.wait_seconds = int(
                clamp(_lognormal(rng, 12 if call.direction == "inbound" else 9, 0.6), 1, 300)
            )
        elif call.direction == "inbound":
            call.wait_seconds = int(clamp(_lognormal(rng, 40, 0.5), 5, 600))


def make_calls(
    cfg: GeneratorConfig,
    users: list[User],
    leads: list[Lead],
    deals: list[Deal],
    billing: BillingData,
) -> list[Call]:
    book = CallBook(cfg, users)
    rng = book.rng
    for lead in leads:
        _lead_calls(book, rng, lead)
    for deal in deals:
        _deal_calls(cfg, book, rng, deal)
    _account_calls(cfg, book, rng, billing)
    _fill(cfg, book, rng)
    calls = sorted(book.calls, key=lambda c: (c.started_at, c.user_id or "", c.phone))
    width = width_for(len(calls), 7)
    for n, call in enumerate(calls, start=1):
        call.call_id = make_id("CALL", n, width)
    return calls


def _lead_calls(book: CallBook, rng: random.Random, lead: Lead) -> None:
    invalid = lead.disqualified_reason in ("spam", "test", "duplicate")
    p_called = 0.3 if invalid else (0.9 if lead.channel == "outbound" else 0.8)
    phone = lead.contact_phone or fake_phone(rng, lead.country)
    if (
        lead.channel == "inbound"
        and lead.source in ("website", "paid_search")
        and rng.random() < 0.2
    ):
        at = lead.created_at + timedelta(minutes=rng.uniform(-30, 2 * 1440))
        book.add(
            at, "inbound", book.rep((lead.segment,), at, lead.owner_id), phone, lead=lead.lead_id
        )
    if rng.random() >= p_called:
        return
    at = lead.created_at + _first_call_delay(rng)
    attempts = rng.randint(1, 3)
    for _ in range(attempts):
        owner = book.rep((lead.segment,), at, lead.owner_id)
        call = book.add(at, "outbound", owner, phone, lead=lead.lead_id)
        if call is None or call.status == "answered":
            break
        at += timedelta(hours=rng.uniform(2, 72))
    follow_ups = {
        "converted": (1, 5),
        "qualified": (1, 4),
        "working": (0, 3),
        "disqualified": (0, 2),
        "new": (0, 1),
    }[lead.status]
    for _ in range(rng.randint(*follow_ups)):
        at += timedelta(days=rng.uniform(1, 12))
        at = business_time(rng, at.date())
        book.add(
            at, "outbound", book.rep((lead.segment,), at, lead.owner_id), phone, lead=lead.lead_id
        )


def _deal_calls(cfg: GeneratorConfig, book: CallBook, rng: random.Random, deal: Deal) -> None:
    stop = deal.closed_at or cfg.end_ts
    span = (stop - deal.created_at).total_seconds()
    if span <= 0:
        return
    phone = (
        deal.account.phone
        if deal.account
        else (
            deal.lead.contact_phone
            if deal.lead and deal.lead.contact_phone
            else fake_phone(rng, None)
        )
    )
    n = rng.randint(1, 4) if deal.deal_type != "new_business" else rng.randint(2, 7)
    for _ in range(n):
        at = business_time(rng, (deal.created_at + timedelta(seconds=rng.uniform(0, span))).date())
        direction = "inbound" if rng.random() < 0.15 else "outbound"
        user = book.rep(tuple(TEAMS), at, deal.owner_id)
        book.add(
            at,
            direction,
            user,
            phone,
            lead=deal.lead.lead_id if deal.lead else None,
            deal=deal.deal_id,
            account=deal.account.account_id if deal.account else None,
        )


def _account_calls(
    cfg: GeneratorConfig, book: CallBook, rng: random.Random, billing: BillingData
) -> None:
    """Account managers' check-ins and customers calling in while subscribed."""
    for sub in billing.subscriptions:
        account = sub.customer.account
        if account is None:
            continue
        stop = sub.ended_at or cfg.end_ts
        at = sub.started_at
        while True:
            at += timedelta(days=rng.expovariate(1 / 20))
            if at >= stop:
                break
            direction = "inbound" if rng.random() < 0.3 else "outbound"
            when = business_time(rng, at.date())
            book.add(
                when,
                direction,
                book.rep((ACCOUNT_TEAM,), when, account.owner_id),
                account.phone,
                account=account.account_id,
            )


def _fill(cfg: GeneratorConfig, book: CallBook, rng: random.Random) -> None:
    """Cold prospecting calls and unknown inbound callers up to the target volume,
    with at least one call on every day of the range."""
    target = cfg.scaled(cfg.calls)
    per_day = [0] * cfg.n_days
    for call in book.calls:
        per_day[(call.started_at.date() - cfg.start).days] += 1
    empty = [i for i, c in enumerate(per_day) if c == 0]
    extra = max(0, target - len(book.calls) - len(empty))
    weights = [
        (1.0, 1.05, 1.05, 1.0, 0.9, 0.15, 0.1)[(cfg.start + timedelta(days=i)).weekday()]
        * (1 + 0.5 * i / cfg.n_days)
        for i in range(cfg.n_days)
    ]
    days = empty + rng.choices(range(cfg.n_days), weights=weights, k=extra)
    for i in days:
        at = business_time(rng, cfg.start + timedelta(days=i))
        if rng.random() < 0.85:
            book.add(at, "outbound", book.rep(NEW_BUSINESS_TEAMS, at), fake_phone(rng, None))
        else:
            book.add(at, "inbound", book.rep(tuple(TEAMS), at), fake_phone(rng, None))


def _model_version(d: date) -> str:
    return next(v for until, v in MODEL_VERSIONS if d < until)


def make_scores(cfg: GeneratorConfig, calls: list[Call]) -> list[Row]:
    """Most answered calls over 30 s are scored; ~5% are re-scored later by a newer model."""
    rng = cfg.rng("scores")
    skill: dict[str, float] = {}
    rows: list[Row] = []
    for call in calls:
        if call.status != "answered" or call.talk_seconds < 30 or rng.random() >= 0.9:
            continue
        bias = skill.setdefault(call.user_id or "", rng.gauss(0, 8))
        at = call.started_at + timedelta(seconds=call.talk_seconds + rng.randint(120, 7200))
        if at > cfg.end_ts:
            continue
        rows.append(_score(rng, call.call_id, at, _model_version(at.date()), bias))
        if rng.random() < 0.05:
            later = at + timedelta(days=rng.uniform(2, 40))
            if later <= cfg.end_ts:
                version = RESCORE_VERSION[str(rows[-1]["model_version"])]
                rows.append(_score(rng, call.call_id, later.replace(microsecond=0), version, bias))
    return rows


def _score(rng: random.Random, call_id: str, at: datetime, version: str, bias: float) -> Row:
    overall = round(clamp(rng.gauss(68 + bias, 13), 0, 100), 1)
    adherence = None if rng.random() < 0.03 else round(clamp(overall + rng.gauss(0, 10), 0, 100), 1)
    next_step = None if rng.random() < 0.05 else rng.random() < overall / 110
    sentiment = (
        None
        if rng.random() < 0.05
        else (
            "positive"
            if overall + rng.gauss(0, 10) > 75
            else "negative"
            if overall + rng.gauss(0, 10) < 50
            else "neutral"
        )
    )
    return {
        "call_id": call_id,
        "scored_at": at.replace(microsecond=0),
        "model_version": version,
        "overall_score": overall,
        "script_adherence_score": adherence,
        "next_step_agreed": next_step,
        "sentiment": sentiment,
    }
