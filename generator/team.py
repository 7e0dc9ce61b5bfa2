"""The sales team (crm__users) and their monthly quotas (crm__quotas)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from generator.config import GeneratorConfig
from generator.util import Row, add_months, make_id, month_starts

FIRST_NAMES = (
    "Anna",
    "Boris",
    "Clara",
    "Daniel",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Irina",
    "Jonas",
    "Katya",
    "Liam",
    "Maria",
    "Nikita",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sergei",
    "Tara",
    "Umar",
    "Vera",
    "Will",
    "Xenia",
    "Yuri",
    "Zoe",
    "Alex",
    "Dmitri",
    "Emma",
    "Marco",
)
LAST_NAMES = (
    "Ivanova",
    "Smith",
    "Petrov",
    "Garcia",
    "Mueller",
    "Novak",
    "Kowalski",
    "Brown",
    "Sokolova",
    "Rossi",
    "Dubois",
    "Jensen",
    "Lebedev",
    "Khan",
    "Moreau",
    "Fischer",
    "Popova",
    "Wilson",
    "Haas",
    "Orlov",
    "Santos",
    "Berg",
    "Volkova",
    "Clarke",
)
EMAIL_DOMAIN = "salesco.example"

TEAMS = ("smb", "mid_market", "enterprise", "expansion")
REPS_PER_TEAM = {"smb": 8, "mid_market": 7, "enterprise": 5, "expansion": 5}
NEW_BUSINESS_TEAMS = ("smb", "mid_market", "enterprise")
ACCOUNT_TEAM = "expansion"
# Monthly won-amount quota of a fully ramped rep, USD.
QUOTA_BASE = {"smb": 1800, "mid_market": 11500, "enterprise": 50000, "expansion": 25000}


@dataclass
class User:
    user_id: str
    full_name: str
    email: str
    role: str
    manager_id: str | None
    team: str
    hired_on: date
    left_on: date | None

    def employed(self, d: date) -> bool:
        return self.hired_on <= d and (self.left_on is None or d < self.left_on)

    def row(self) -> Row:
        return dict(self.__dict__)


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def make_users(cfg: GeneratorConfig) -> list[User]:
    """Head of sales, one manager per team, ~25 reps (some hired mid-range, some left)."""
    rng = cfg.rng("team")
    names: set[str] = set()

    def new_name() -> tuple[str, str]:
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if f"{first} {last}" not in names:
                names.add(f"{first} {last}")
                email = f"{first}.{last}@{EMAIL_DOMAIN}".lower()
                return f"{first} {last}", email

    users: list[User] = []

    def add(role: str, manager: str | None, team: str, hired: date, left: date | None) -> User:
        full_name, email = new_name()
        user = User(
            make_id("U", len(users) + 1, 3), full_name, email, role, manager, team, hired, left
        )
        users.append(user)
        return user

    head = add("head", None, "leadership", date(2019, 9, 2), None)
    mid_lo, mid_hi = cfg.start + timedelta(days=60), cfg.end - timedelta(days=150)
    managers = {
        team: add(
            "manager",
            head.user_id,
            team,
            _rand_date(rng, date(2020, 1, 1), date(2022, 12, 31)),
            None,
        )
        for team in TEAMS
    }
    for team in TEAMS:
        n = REPS_PER_TEAM[team]
        for i in range(n):
            if (i >= n - 2 and team != "expansion") or (team == "expansion" and i == n - 1):
                hired = _rand_date(rng, mid_lo, mid_hi)  # joined during the range
            else:
                hired = _rand_date(rng, date(2021, 3, 1), cfg.start - timedelta(days=30))
            left = None
            if (i in (1, 3) and team != "enterprise") or (team == "enterprise" and i == 2):
                left = _rand_date(rng, max(hired, cfg.start) + timedelta(days=120), mid_hi)
            add("rep", managers[team].user_id, team, hired, left)
    return users


def reps(users: list[User], teams: tuple[str, ...]) -> list[User]:
    return [u for u in users if u.role == "rep" and u.team in teams]


def make_quotas(cfg: GeneratorConfig, users: list[User]) -> list[Row]:
    """Monthly USD quota per rep for every month the rep was employed, ramped after hire."""
    rows: list[Row] = []
    months = month_starts(cfg.start, cfg.end)
    for user in users:
        if user.role != "rep":
            continue
        for idx, month in enumerate(months):
            month_end = add_months(month, 1)
            if user.hired_on >= month_end or (user.left_on and user.left_on <= month):
                continue
            tenure = (month.year - user.hired_on.year) * 12 + month.month - user.hired_on.month
            ramp = 0.33 if tenure <= 0 else 0.66 if tenure == 1 else 1.0
            amount = QUOTA_BASE[user.team] * ramp * (1 + 0.015 * idx)
            rows.append(
                {
                    "user_id": user.user_id,
                    "month": month,
                    "quota_amount": float(round(amount / 100) * 100),
                    "currency": "USD",
                }
            )
    return rows
