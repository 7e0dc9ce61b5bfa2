"""Small shared helpers: ids, calendar arithmetic, random times."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

Row = dict[str, object]

# Weights of the hour of day (UTC) for business activity: 07:00-19:00 mostly.
HOUR_WEIGHTS = [0, 0, 0, 0, 0, 1, 2, 5, 10, 12, 12, 11, 8, 10, 12, 12, 10, 8, 5, 3, 2, 1, 0, 0]


def make_id(prefix: str, n: int, width: int) -> str:
    """Zero-padded text id, e.g. make_id('L', 123, 6) == 'L000123'."""
    return f"{prefix}{n:0{width}d}"


def width_for(count: int, minimum: int) -> int:
    """Pad width that keeps `count` ids sortable."""
    return max(minimum, len(str(count)))


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clipped to the month's last day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, days_in_month(year, month))
    return date(year, month, day)


def add_months_ts(ts: datetime, months: int) -> datetime:
    return datetime.combine(add_months(ts.date(), months), ts.time())


def days_in_month(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def month_starts(start: date, end: date) -> list[date]:
    """First days of every month touching [start, end]."""
    out, cur = [], date(start.year, start.month, 1)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def business_time(rng: random.Random, day: date) -> datetime:
    """A timestamp on `day` during business hours (UTC), whole seconds."""
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def jitter_seconds(rng: random.Random, ts: datetime, lo: float, hi: float) -> datetime:
    """ts plus a uniform number of seconds in [lo, hi], truncated to whole seconds."""
    return (ts + timedelta(seconds=rng.uniform(lo, hi))).replace(microsecond=0)


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def weighted(rng: random.Random, options: dict[str, float]) -> str:
    """Pick a key with probability proportional to its weight."""
    return rng.choices(list(options), weights=list(options.values()))[0]
