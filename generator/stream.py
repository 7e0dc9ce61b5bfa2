"""Generator version 3: every raw table, block of days by block of days, in bounded memory.

Version 1 (`generator.build`) simulates the whole range at once and keeps every row in
memory (~43 MB per scale unit). Version 3 builds the data one *block of creation days* at a
time (`block_days(scale)` days, about 250k rows: 64 days at scale 1 to 62, 4 at scale 1000,
1 from scale 4000; above scale 4000 a day is cut into `day_slices(scale)` slices, each
drawing its share of the day's volume): the leads created on those days, and everything
that grows out of them (accounts, deals and their stage history, customers, subscriptions,
items, invoices, calls and scores), drawn with numpy from a random stream seeded by (seed,
version, scale, chunk) alone, every column built for the whole chunk at once (no per-row
Python, a few hundred numpy and pyarrow calls per chunk). A chunk never depends on another
chunk (rows created after the through date are drawn and dropped), so

- memory is bounded by one chunk (plus the open file writers): about 250k rows at any
  scale;
- the output is the same however the range is cut into chunks;
- generating through one more day (`--through-date`, `--append-day`) keeps every row of
  the append-only tables (calls, scores, stage history, invoices, fx rates) and adds the
  new day's rows. The CRM and billing tables are exports of *current state*: a lead,
  deal, subscription or item shows what had happened by the through date (its status,
  closed_at, ended_at, valid_to), as a real CRM export does, so a row changes when its
  entity changes on the new day.

Ids are fixed width and carry their creation day (`L20240101000001`: lead 1 created on
2024-01-01; calls `CALL` + the block's first day + their number in the block), so they never
change width with the scale up to 4000; above it the slice's digits come before the number
(`L2024010110000001` at scale 20000: lead 1 of slice 1 of that day). Injected bad rows use
ids with an `X` (`LX000001`), which no generated id can take.

Parquet columns are typed (`schema`): timestamps (UTC, without a time zone), dates,
booleans, integers and decimal(28,6), each holding exactly the value its text would mean;
a column into which the injected bad rows write text that is no value of its type
(`TEXT_IN_PARQUET`: the impossible call start 2024-02-30) stays text. CSV is the contract's
text, timestamps in their accepted variant forms now and then (`timestamp_variant_share`).
Version 2 (one day per chunk, every Parquet column text) is no longer written.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import billing, crm, market, team
from generator.catalog import ADDONS, CORE_TIERS, CURRENCIES, PERIODS, PRODUCTS, build_plans
from generator.config import GeneratorConfig
from generator.crm.reference import (
    CALLING_CODE,
    COUNTRIES,
    COUNTRY_CURRENCY,
    DISCOUNTS,
    DISQUALIFY_REASONS,
    INBOUND_SOURCES,
    INDUSTRIES,
    INVALID_REASONS,
    LOST_REASONS,
    NAME_NOUN,
    NAME_PREFIX,
    OPEN_STAGES,
    OUTBOUND_SOURCES,
    SEGMENT_SEATS,
    SOURCE_CONVERSION,
    STAGE_DAYS,
    slug,
)
from generator.schema import CONTRACT
from generator.team import FIRST_NAMES, LAST_NAMES, TEAMS
from generator.telephony import INBOUND_STATUS, OUTBOUND_STATUS
from generator.util import HOUR_WEIGHTS

GENERATOR_VERSION = 3
DAY = 86400
EPOCH = date(1970, 1, 1)
# How far ahead of the design range an entity's future is drawn (its later events are
# cut at the through date): --through-date may go up to this many days past the range.
HORIZON_DAYS = 730
SEGMENTS = ("smb", "mid_market", "enterprise")
TEAM_INDEX = {t: i for i, t in enumerate(TEAMS)}
EXPANSION = TEAM_INDEX["expansion"]
STAGE_CODES = (*OPEN_STAGES, "closed_won", "closed_lost")
LEAD_STATUSES = ("new", "working", "qualified", "disqualified", "converted")
CALL_STATUSES = ("answered", "no_answer", "busy", "voicemail", "failed")
SENTIMENTS = ("positive", "neutral", "negative")
MODEL_VERSIONS = ("cq-1.0", "cq-1.1", "cq-2.0", "cq-2.1")
MODEL_SWITCH_DAYS = ((date(2024, 7, 1) - EPOCH).days, (date(2025, 3, 1) - EPOCH).days)
SEGMENT_PERIOD_WEIGHTS = {
    s: [billing.SEGMENT_PERIODS[s].get(p, 0) for p in PERIODS] for s in SEGMENTS
}
# Cold calls per day at scale 1 beside the calls of leads, deals and accounts, so that a
# scale unit holds about 30,000 calls as in version 1 (calibrated on the output).
FILL_CALLS_PER_DAY = 19.0
WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.9, 0.3, 0.2)
SEASON = (0.9, 1.0, 1.15, 1.05, 1.0, 0.95, 0.85, 0.75, 1.15, 1.15, 1.05, 0.7)


def _p(weights: object) -> np.ndarray:
    w = np.asarray(list(weights), dtype=float)  # type: ignore[call-overload]
    return w / w.sum()


HOUR_P = _p(HOUR_WEIGHTS)
COUNTRY_LIST = tuple(COUNTRIES)
_NAMES = [f"{p} {n}" for p in NAME_PREFIX for n in NAME_NOUN]
COUNTRY_P = _p(COUNTRIES.values())


_STRINGS: dict[tuple, Strings] = {}


@dataclass(frozen=True)
class Strings:
    """Text columns are built by index into these small dictionaries (pyarrow `take`)."""

    values: pa.Array

    @classmethod
    def of(cls, items: object) -> Strings:
        key = tuple(items)  # type: ignore[call-overload]
        if key not in _STRINGS:
            _STRINGS[key] = cls(pa.array(list(key), type=pa.string()))
        return _STRINGS[key]

    def take(self, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        """values[idx], null where mask."""
        idx = np.asarray(idx, dtype=np.int64)
        if mask is not None and mask.any():
            return self.values.take(pa.array(idx, mask=np.asarray(mask, dtype=bool)))
        return self.values.take(pa.array(idx))

    def col(self, idx: np.ndarray, mask: np.ndarray | None = None) -> tuple:
        """values[idx], null where mask, as a column spec for `emit`: taken only for the rows
        kept, once per column and chunk."""
        idx = np.asarray(idx, dtype=np.int64)
        return (self, idx, np.zeros(len(idx), bool) if mask is None else mask)


class Context:
    """What every chunk shares: the team, the price book, lookup tables. Small."""

    def __init__(self, cfg: GeneratorConfig, through: date, typed: bool = False) -> None:
        self.cfg = cfg
        self.through = through
        self.typed = typed
        self.block = block_days(cfg.scale)
        self.slices = day_slices(cfg.scale)
        # ids of a sliced day carry the slice as extra leading digits of their number
        self.slice_width = len(str(self.slices - 1)) if self.slices > 1 else 0
        self.start_day = (cfg.start - EPOCH).days
        self.through_end = ((through - EPOCH).days + 1) * DAY - 1  # last second, epoch s
        self.start_s = self.start_day * DAY
        self.n_design = cfg.n_days
        self.n_span = cfg.n_days + HORIZON_DAYS + 400
        self.users = team.make_users(cfg)
        self.user_ids = Strings.of(u.user_id for u in self.users)
        self._employment()
        rng = np.random.default_rng([cfg.seed, GENERATOR_VERSION, 0])
        self.skill = rng.normal(0, 8, len(self.users))
        weights = [self._day_weight(i) for i in range(self.n_design)]
        self.weight_norm = len(weights) / sum(weights)
        self.weights = np.array([self._day_weight(i) for i in range(self.n_span)])
        self._prices()

    # -- people ---------------------------------------------------------------------------
    def _employment(self) -> None:
        n = self.n_span
        hired = np.array([(u.hired_on - self.cfg.start).days for u in self.users])
        left = np.array(
            [(u.left_on - self.cfg.start).days if u.left_on else 10**6 for u in self.users]
        )
        self.hired, self.left = hired, left
        days = np.arange(n)
        pools = np.zeros((len(TEAMS), n, 12), dtype=np.int64)
        counts = np.zeros((len(TEAMS), n), dtype=np.int64)
        for t, name in enumerate(TEAMS):
            reps = [i for i, u in enumerate(self.users) if u.role == "rep" and u.team == name]
            manager = next(
                i for i, u in enumerate(self.users) if u.role == "manager" and u.team == name
            )
            for d in days:
                active = [i for i in reps if hired[i] <= d < left[i]] or [manager]
                pools[t, d, : len(active)] = active
                counts[t, d] = len(active)
        self.pools, self.pool_counts = pools, counts

    def rep(
        self, rng: np.random.Generator, teams: np.ndarray, days: np.ndarray, preferred=None
    ) -> np.ndarray:
        """The preferred user when employed on the day, else a random employed rep of the
        team (user indexes)."""
        d = np.clip(days, 0, self.n_span - 1)
        j = (rng.random(len(d)) * self.pool_counts[teams, d]).astype(np.int64)
        pick = self.pools[teams, d, j]
        if preferred is None:
            return pick
        ok = (preferred >= 0) & (self.hired[preferred] <= d) & (d < self.left[preferred])
        return np.where(ok, preferred, pick)

    # -- prices ---------------------------------------------------------------------------
    def _prices(self) -> None:
        plans = build_plans(self.cfg.first_fx_day)
        self.plans = plans
        self.plan_ids = Strings.of(p.plan_id for p in plans)
        self.plan_price = np.array([p.list_price for p in plans])
        products = [p.product_id for p in PRODUCTS]
        self.product_index = {p: i for i, p in enumerate(products)}
        self.products = Strings.of(products)
        n = self.n_span
        table = np.zeros((len(products), len(PERIODS), len(CURRENCIES), n), dtype=np.int64)
        for k, p in enumerate(plans):
            lo = max(0, (p.available_from - self.cfg.start).days)
            hi = n if p.available_to is None else max(0, (p.available_to - self.cfg.start).days)
            table[
                self.product_index[p.product_id],
                PERIODS.index(p.period),
                CURRENCIES.index(p.currency),
                lo:hi,
            ] = k
        self.plan_table = table

    def plan(self, product: np.ndarray, period: np.ndarray, currency: np.ndarray, day: np.ndarray):
        return self.plan_table[product, period, currency, np.clip(day, 0, self.n_span - 1)]

    # -- volume ---------------------------------------------------------------------------
    def _day_weight(self, i: int) -> float:
        d = self.cfg.start + timedelta(days=i)
        return (1 + 0.7 * i / self.n_design) * WEEKDAY[d.weekday()] * SEASON[d.month - 1]

    def expected(self, per_scale_unit: float, days: np.ndarray) -> np.ndarray:
        """Expected counts on days (indexes) for a volume given per scale unit over the range."""
        volume = self.cfg.scale / self.slices  # one slice's share of a day
        return per_scale_unit * volume * self.weights[days] * self.weight_norm

    def counts(self, rng: np.random.Generator, per_scale_unit: float, days: np.ndarray):
        """A Poisson count per day (at least one) and the day of each row."""
        counts = np.maximum(1, rng.poisson(self.expected(per_scale_unit, days)))
        return counts, np.repeat(days, counts)

    def rng(self, i: int) -> np.random.Generator:
        return np.random.default_rng(
            [self.cfg.seed, GENERATOR_VERSION, 1, round(self.cfg.scale * 10**6), i]
        )


# -- small vector helpers -------------------------------------------------------------------
def _choice(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    return np.searchsorted(np.cumsum(p), rng.random(n) * p.sum(), side="right").clip(0, len(p) - 1)


def _lognormal_days(rng, median, lo, hi, n) -> np.ndarray:
    days = np.exp(rng.normal(np.log(median), 0.8, n)).clip(lo, hi)
    return np.round(days * DAY).astype(np.int64)


def _business_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    return _choice(rng, HOUR_P, n) * 3600 + rng.integers(0, 3600, n)


def _day_of(ts: np.ndarray) -> np.ndarray:
    return ts // DAY


# Calendar look-ups for epoch days 0 .. 2199-12-31 (month index since 1970-01, day of month)
_CAL_DAYS = np.arange((date(2200, 1, 1) - EPOCH).days)
_MONTH_OF = _CAL_DAYS.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
_MONTH_START = np.arange(_MONTH_OF[-1] + 2).astype("datetime64[M]").astype("datetime64[D]")
_MONTH_START = _MONTH_START.astype(np.int64)
_DOM = _CAL_DAYS - _MONTH_START[_MONTH_OF]
_MONTH_LEN = np.diff(_MONTH_START)


def _add_months(epoch_days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Same day `months` later (clipped to the month's last day), epoch days."""
    d = np.asarray(epoch_days, dtype=np.int64)
    target = _MONTH_OF[d] + np.asarray(months, dtype=np.int64)
    return _MONTH_START[target] + np.minimum(_DOM[d], _MONTH_LEN[target] - 1)


CHUNK_SCALE_DAYS = 4000  # scale x days per chunk: about 250k rows (65 a day per scale unit)


def block_days(scale: float) -> int:
    """Days per chunk: about 250k rows a chunk, 1 to 64 days. A function of the scale alone,
    so a day always falls in the same chunk."""
    return max(1, min(64, int(CHUNK_SCALE_DAYS / scale)))


def day_slices(scale: float) -> int:
    """Chunks per day above scale 4000 (1 below): each slice draws its share of the day's
    volume from its own random stream, so a chunk stays about 250k rows at any scale."""
    return max(1, math.ceil(scale / CHUNK_SCALE_DAYS))


_QUADS = np.frombuffer("".join(f"{i:04d}" for i in range(10000)).encode(), np.uint32)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers (below 10**width): an (n, width)
    uint8 matrix, four digits (one uint32) per table look-up."""
    v = np.asarray(values, dtype=np.int64)
    k = -(-width // 4)
    out = np.empty((len(v), k), dtype=np.uint32)
    for j in range(k - 1, -1, -1):
        out[:, j] = _QUADS[v % 10000]
        v = v // 10000
    return out.view(np.uint8)[:, 4 * k - width :]


def _lit(text: str, n: int) -> np.ndarray:
    """The same ASCII text on n rows: an (n, len) uint8 matrix."""
    return np.broadcast_to(np.frombuffer(text.encode("ascii"), dtype=np.uint8), (n, len(text)))


def _fixed_width(parts: list[np.ndarray]) -> pa.Array:
    """A string array from (n, w) uint8 matrices side by side (ASCII, fixed width)."""
    mat = np.ascontiguousarray(np.concatenate(parts, axis=1))
    n, w = mat.shape
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(mat)])


def _ids(prefix: str, epoch_days: np.ndarray, numbers: np.ndarray, width: int) -> pa.Array:
    """prefix + YYYYMMDD of each day + the number zero-padded to width."""
    return _fixed_width([_lit(prefix, len(numbers)), _stems(epoch_days, numbers, width)])


def _stems(epoch_days: np.ndarray, numbers: np.ndarray, width: int) -> np.ndarray:
    """YYYYMMDD of each day + the number zero-padded to width: an (n, 8 + width) matrix."""
    d = np.asarray(epoch_days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    ymd = (
        (month.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000
        + (month.astype(np.int64) % 12 + 1) * 100
        + (d - month.astype("datetime64[D]")).astype(np.int64)
        + 1
    )
    return np.concatenate([_digits(ymd, 8), _digits(numbers, width)], axis=1)


def _suffix_ids(prefix: str, stems: np.ndarray, tail: str) -> pa.Array:
    """prefix + stem + tail per row (stems: see _stems)."""
    n = len(stems)
    return _fixed_width([_lit(prefix, n), stems, _lit(tail, n)])


# -- one chunk ---------------------------------------------------------------------------------
class Chunk:
    """Chunk i: the rows created on the days of block b = i // ctx.slices (`ctx.block` days
    from day b * ctx.block), slice i % ctx.slices of their volume, with the futures they
    carry (cut at the through date). Below scale 4000 a block has one slice (i == b)."""

    def __init__(self, ctx: Context, i: int) -> None:
        self.ctx, self.i = ctx, i
        b, self.slice = divmod(i, ctx.slices)
        self.days = np.arange(b * ctx.block, (b + 1) * ctx.block)
        self.day = ctx.cfg.start + timedelta(days=int(self.days[0]))
        self.rng = ctx.rng(i)
        self.out: dict[str, dict[str, object]] = {}
        self.calls: list[dict[str, np.ndarray]] = []
        self._leads()
        self._deals()
        self._billing()
        self._calls()

    def numbers(self, within: np.ndarray, width: int) -> tuple[np.ndarray, int]:
        """Row numbers within a day (or block), prefixed by the slice's digits when the day
        is sliced: (numbers, their width). Unchanged below scale 4000."""
        return self.slice * 10**width + within, width + self.ctx.slice_width

    # leads and accounts ------------------------------------------------------------------
    def _leads(self) -> None:
        ctx, rng = self.ctx, self.rng
        counts, day = ctx.counts(rng, 3000 / ctx.n_design, self.days)
        n = len(day)
        self.n_leads = n
        created = (ctx.start_day + day) * DAY + _business_seconds(rng, n)
        inbound = rng.random(n) < 0.55 + 0.1 * day / ctx.n_design
        in_src, out_src = list(INBOUND_SOURCES), list(OUTBOUND_SOURCES)
        sources = in_src + [s for s in out_src if s not in in_src]
        src_in = _choice(rng, _p(INBOUND_SOURCES.values()), n)
        src_out = np.array([sources.index(s) for s in out_src])[
            _choice(rng, _p(OUTBOUND_SOURCES.values()), n)
        ]
        source = np.where(inbound, src_in, src_out)
        segment = np.where(
            inbound, _choice(rng, _p((50, 35, 15)), n), _choice(rng, _p((30, 40, 30)), n)
        )
        owner = ctx.rep(rng, segment, created // DAY - ctx.start_day)
        country = _choice(rng, COUNTRY_P, n)
        no_country = rng.random(n) < 0.03
        prefix = rng.integers(0, len(NAME_PREFIX), n)
        noun = rng.integers(0, len(NAME_NOUN), n)
        first, last = rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(LAST_NAMES), n)
        no_email, no_phone = rng.random(n) < 0.05, rng.random(n) < 0.2
        phone = rng.integers(0, 10**7, n)
        # fate: invalid, converted, qualified, disqualified, working forever, new forever
        r = rng.random(n)
        inv_p = np.cumsum(list(INVALID_REASONS.values()))
        invalid = np.searchsorted(inv_p, r, side="right")  # 0..2 invalid, 3 valid
        conv_p = np.array([SOURCE_CONVERSION.get(s, 0.1) for s in sources])[source]
        r2 = rng.random(n)
        fate = np.select(
            [invalid < 3, r2 < conv_p, r2 < conv_p + 0.08, r2 < conv_p + 0.08 + 0.45],
            [3, 4, 2, 3],
            default=np.where(rng.random(n) < 0.65, 1, 0),
        )
        t_work = created + _lognormal_days(rng, 1.0, 0.01, 10, n)
        t_end = created + np.select(
            [fate == 4, fate == 2, invalid < 3],
            [
                _lognormal_days(rng, 9, 0.05, 80, n),
                _lognormal_days(rng, 7, 0.1, 60, n),
                rng.integers(60, 7200, n),
            ],
            default=_lognormal_days(rng, 30, 5, 120, n),
        )
        t_work = np.minimum(t_work, t_end)
        reason = np.where(
            invalid < 3,
            invalid,
            3 + _choice(rng, _p(DISQUALIFY_REASONS.values()), n),
        )
        no_owner = ((fate == 0) & (rng.random(n) < 0.3)) | ((invalid == 1) | (invalid == 2)) & (
            rng.random(n) < 0.5
        )
        deleted = (fate != 4) & (rng.random(n) < 0.02)
        self.lead = {
            "created": created,
            "segment": segment,
            "owner": np.where(no_owner, -1, owner),
            "fate": fate,
            "t_end": t_end,
            "country": np.where(no_country, -1, country),
            "phone": phone,
            "has_phone": ~no_phone,
            "invalid": invalid < 3,
            "inbound": inbound,
            "source": source,
            "name": (prefix, noun),
        }
        numbers = np.arange(1, n + 1) - np.repeat(np.cumsum(counts) - counts, counts)
        self.stems = _stems(ctx.start_day + day, *self.numbers(numbers, 6))
        # status as of the through date
        T = ctx.through_end
        terminal = np.array([0, 1, 2, 3, 4])[fate]
        status = np.where(t_end <= T, terminal, np.where(t_work <= T, 1, 0))
        status = np.where((fate == 0), 0, np.where(fate == 1, np.where(t_work <= T, 1, 0), status))
        status = np.where(invalid < 3, np.where(t_end <= T, 3, 0), status)
        converted = (fate == 4) & (t_end <= T)
        self.lead["converted"] = converted
        combo = prefix * len(NAME_NOUN) + noun
        companies = COMPANIES.take(combo)
        emails = pc.binary_join_element_wise(
            FIRST_LOWER.take(first), ".", LAST_LOWER.take(last), "@", SLUGS.take(combo), ""
        )
        reasons = (*INVALID_REASONS, *DISQUALIFY_REASONS)
        keep = created <= T
        phones = self._phones(np.where(no_country, -1, country), phone)
        self.emit(
            "crm__leads",
            keep,
            lead_id=_suffix_ids("L", self.stems, ""),
            created_at=("ts", created),
            channel=Strings.of(("inbound", "outbound")).col(np.where(inbound, 0, 1)),
            source=Strings.of(sources).col(source),
            owner_id=ctx.user_ids.col(np.maximum(owner, 0), no_owner),
            status=Strings.of(LEAD_STATUSES).col(status),
            disqualified_reason=Strings.of(reasons).col(reason, status != 3),
            converted_at=("ts", t_end, ~converted),
            account_id=pc.if_else(
                pa.array(converted), _suffix_ids("A", self.stems, ""), pa.scalar(None, pa.string())
            ),
            company_name=companies,
            contact_email=pc.if_else(pa.array(no_email), pa.scalar(None, pa.string()), emails),
            contact_phone=pc.if_else(pa.array(no_phone), pa.scalar(None, pa.string()), phones),
            is_deleted=("bool", deleted),
        )
        # accounts: one per converted lead, created when it converted
        conv = fate == 4
        a_owner = ctx.rep(
            rng, np.full(n, EXPANSION), t_end // DAY - ctx.start_day
        )  # drawn for every lead: chunk-stable
        no_industry = rng.random(n) < 0.08
        industry = rng.integers(0, len(INDUSTRIES), n)
        self.account_owner = a_owner
        self.emit(
            "crm__accounts",
            conv & (t_end <= T),
            account_id=_suffix_ids("A", self.stems, ""),
            account_name=companies,
            industry=Strings.of(INDUSTRIES).col(industry, no_industry),
            country=Strings.of(COUNTRY_LIST).col(np.maximum(country, 0), no_country),
            created_at=("ts", t_end),
            owner_id=ctx.user_ids.col(a_owner),
        )

    def _phones(self, country: np.ndarray, number: np.ndarray) -> pa.Array:
        """+<calling code>555 and seven digits (country -1: +1)."""
        code = np.where(country < 0, len(COUNTRY_LIST), country)
        lengths = PHONE_CODE_LENGTHS[code]
        mat = np.concatenate([PHONE_CODES[code], _digits(number, 7)], axis=1)
        width = PHONE_CODES.shape[1]
        select = np.concatenate(
            [np.arange(width)[None, :] < lengths[:, None], np.ones((len(code), 7), bool)], axis=1
        )
        offsets = np.zeros(len(code) + 1, dtype=np.int32)
        np.cumsum(lengths + 7, out=offsets[1:])
        data = mat[select]
        return pa.Array.from_buffers(
            pa.string(), len(code), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        )

    # deals -------------------------------------------------------------------------------
    def _deals(self) -> None:
        """New business from converted leads (and most qualified ones); expansions come from
        billing (see _billing)."""
        ctx, rng, lead = self.ctx, self.rng, self.lead
        n = self.n_leads
        fate = lead["fate"]
        has = (fate == 4) | ((fate == 2) & (rng.random(n) < 0.85))
        outcome = np.where(
            fate == 4,
            _choice(rng, _p((58, 34, 8)), n),  # won, lost, open
            np.where(rng.random(n) < 0.7, 1, 2),
        )
        segment = lead["segment"]
        created = lead["t_end"]
        owner = ctx.rep(rng, segment, created // DAY - ctx.start_day, lead["owner"])
        tier = np.where(
            segment == 0,
            np.where(rng.random(n) < 0.65, 1, 2),
            np.where(
                segment == 1,
                np.where(rng.random(n) < 0.7, 2, 3),
                np.where(rng.random(n) < 0.7, 3, 2),
            ),
        )
        product = np.array([self.ctx.product_index[CORE_TIERS[t]] for t in (1, 2, 3)])[tier - 1]
        lo = np.array([SEGMENT_SEATS[s][0] for s in SEGMENTS])[segment]
        hi = np.array([SEGMENT_SEATS[s][1] for s in SEGMENTS])[segment]
        seats = rng.integers(lo, hi + 1)
        discount = np.array(list(DISCOUNTS))[_choice(rng, _p(DISCOUNTS.values()), n)]
        country = lead["country"]
        cur_names = [COUNTRY_CURRENCY.get(c, "USD") for c in COUNTRY_LIST] + ["USD"]
        currency = np.array([CURRENCIES.index(c) for c in cur_names])[
            np.where(country < 0, len(COUNTRY_LIST), country)
        ]
        day = created // DAY - ctx.start_day
        plan = ctx.plan(product, np.full(n, PERIODS.index(12)), currency, day)
        amount = np.round(ctx.plan_price[plan] * seats * (1 - discount / 100), 2)
        # stage walk: up to 4 open stages, then the close
        median = np.array([STAGE_DAYS[s] for s in SEGMENTS])[segment]
        start = (rng.random(n) < 0.5).astype(np.int64)
        last = np.where(outcome == 0, 3, start + (rng.random(n) * (4 - start)).astype(np.int64))
        steps = np.exp(rng.normal(np.log(median)[:, None], 0.8, (n, 5))).clip(0.2, 90)
        steps = np.round(steps * DAY).astype(np.int64)
        keep = rng.random((n, 4)) > 0.15
        stage_idx = np.arange(4)[None, :]
        in_path = (stage_idx >= start[:, None]) & (stage_idx <= last[:, None])
        in_path &= keep | (stage_idx == start[:, None])
        times = np.zeros((n, 5), dtype=np.int64)
        t = created.copy()
        for s in range(4):
            first = stage_idx[0, s] == start
            t = np.where(in_path[:, s] & ~first, t + steps[:, s], t)
            times[:, s] = t
        close = t + steps[:, 4]
        times[:, 4] = close
        closes = outcome < 2
        path = np.concatenate([in_path, closes[:, None]], axis=1)
        codes = np.concatenate(
            [np.tile(np.arange(4), (n, 1)), np.where(outcome == 0, 4, 5)[:, None]], axis=1
        )
        expected_days = created // DAY + np.round(median * 4.5).astype(np.int64)
        early_null = rng.random(n) < 0.5
        lost_reason = _choice(rng, _p(LOST_REASONS.values()), n)
        deleted = (outcome != 0) & (rng.random(n) < 0.015)
        account = fate == 4
        self.deal = {
            "has": has,
            "won": has & (outcome == 0),
            "close": close,
            "created": created,
            "segment": segment,
            "product": product,
            "seats": seats,
            "discount": discount,
            "currency": currency,
            "owner": owner,
        }
        self._emit_deals(
            has,
            _suffix_ids("D", self.stems, "00"),
            pc.if_else(
                pa.array(account), _suffix_ids("A", self.stems, ""), pa.scalar(None, pa.string())
            ),
            _suffix_ids("L", self.stems, ""),
            owner,
            np.zeros(n, dtype=np.int64),
            product,
            amount,
            currency,
            created,
            expected_days,
            times,
            path,
            codes,
            early_null,
            lost_reason,
            deleted,
        )

    def _emit_deals(
        self,
        has,
        deal_id,
        account_id,
        lead_id,
        owner,
        deal_type,
        product,
        amount,
        currency,
        created,
        expected_days,
        times,
        path,
        codes,
        early_null,
        lost_reason,
        deleted,
    ) -> None:
        T = self.ctx.through_end
        seen = path & (times <= T)
        # current stage: the last entered by the through date
        pos = np.where(seen, np.arange(times.shape[1])[None, :], -1).max(axis=1)
        pos = np.maximum(pos, 0)
        stage = codes[np.arange(len(pos)), pos]
        closed = stage >= 4
        close_t = times[np.arange(len(pos)), pos]
        no_amount = ~closed & (stage <= 1) & early_null
        types = Strings.of(("new_business", "upsell", "cross_sell", "renewal"))
        self.emit(
            "crm__deals",
            has & (created <= T),
            deal_id=deal_id,
            account_id=account_id,
            lead_id=lead_id,
            owner_id=self.ctx.user_ids.col(owner),
            deal_type=types.col(deal_type),
            product_id=self.ctx.products.col(product),
            stage=Strings.of(STAGE_CODES).col(stage),
            amount=("money", amount, no_amount),
            currency=Strings.of(CURRENCIES).col(currency, no_amount),
            created_at=("ts", created),
            expected_close_on=("date", expected_days),
            closed_at=("ts", close_t, ~closed),
            lost_reason=Strings.of(LOST_REASONS).col(lost_reason, stage != 5),
            is_deleted=("bool", deleted),
        )
        rows, cols = np.nonzero(has[:, None] & seen & (created <= T)[:, None])
        self.emit(
            "crm__deal_stage_history",
            None,
            deal_id=deal_id.take(pa.array(rows)),
            stage=Strings.of(STAGE_CODES).col(codes[rows, cols]),
            entered_at=("ts", times[rows, cols]),
        )

    # billing ------------------------------------------------------------------------------
    def _billing(self) -> None:
        ctx, rng, deal = self.ctx, self.rng, self.deal
        T = ctx.through_end
        n = self.n_leads
        won = deal["won"]
        start = deal["close"]
        unlinked = rng.random(n) < 0.05
        self.emit(
            "billing__customers",
            won & (start <= T),
            customer_id=_suffix_ids("C", self.stems, ""),
            account_id=pc.if_else(
                pa.array(unlinked), pa.scalar(None, pa.string()), _suffix_ids("A", self.stems, "")
            ),
            currency=Strings.of(CURRENCIES).col(deal["currency"]),
            created_at=("ts", start),
        )
        # two subscription lives at most: the first, and a reactivation after churn
        period = np.array(PERIODS)[
            np.array([_choice(rng, _p(SEGMENT_PERIOD_WEIGHTS[s]), n) for s in SEGMENTS])[
                deal["segment"], np.arange(n)
            ]
        ]
        horizon = (ctx.start_day + ctx.n_design + HORIZON_DAYS) * DAY
        subs = []
        s_start = start
        alive = won.copy()
        for life in (1, 2):
            months = np.where(
                period == 12,
                12 * rng.geometric(billing.ANNUAL_CHURN, n),
                rng.geometric(billing.MONTHLY_CHURN, n),
            )
            months = np.minimum(months, 240)
            end_day = _add_months(s_start // DAY, months)
            ended = end_day * DAY + s_start % DAY
            churns = ended < horizon
            subs.append((life, alive.copy(), s_start.copy(), np.where(churns, ended, -1), period))
            again = alive & churns & (rng.random(n) < billing.REACTIVATION)
            s_start = ended + rng.integers(30, 180, n) * DAY
            alive = again & (s_start < horizon)
        item_frames, invoice_frames = [], []
        for life, has, started, ended, per in subs:
            sub_id = _suffix_ids("S", self.stems, str(life))
            self.emit(
                "billing__subscriptions",
                has & (started <= T),
                subscription_id=sub_id,
                customer_id=_suffix_ids("C", self.stems, ""),
                started_at=("ts", started),
                ended_at=("ts", ended, (ended < 0) | (ended > T)),
            )
            self._items(life, has, started, ended, per, sub_id, item_frames, invoice_frames)
        for frame in item_frames:
            self.emit("billing__subscription_items", frame.pop("_keep"), **frame)
        for frame in invoice_frames:
            self.emit("billing__invoices", None, **frame)

    def _items(self, life, has, started, ended, period, sub_id, item_frames, invoice_frames):
        ctx, rng, deal = self.ctx, self.rng, self.deal
        T = ctx.through_end
        n = len(has)
        stop = np.where(ended < 0, np.iinfo(np.int64).max, ended)
        per_idx = np.searchsorted(np.array(PERIODS), period)
        day = started // DAY - ctx.start_day
        core_plan = ctx.plan(deal["product"], per_idx, deal["currency"], day)
        negotiated = rng.random(n) < 0.25
        price = np.where(
            negotiated,
            np.round(ctx.plan_price[core_plan] * rng.uniform(0.85, 0.97, n), 2),
            ctx.plan_price[core_plan],
        )
        discount = np.where(negotiated, 0.0, deal["discount"])
        seats = deal["seats"]
        # one seat increase, some months in (an upsell deal wins it)
        grow_month = rng.geometric(billing.MONTHLY_EVENTS["seat_increase"], n)
        grow_at = (
            _add_months(started // DAY, grow_month) * DAY
            + started % DAY
            + rng.integers(3, 23, n) * DAY
        )
        grows = grow_at < stop
        more = seats + np.maximum(1, np.round(seats * rng.uniform(0.1, 0.4, n))).astype(np.int64)
        # an add-on product: at the start (20%) or later (a cross-sell deal wins it)
        addon = np.array([ctx.product_index[a] for a in ADDONS])[rng.integers(0, 3, n)]
        addon_month = rng.geometric(billing.MONTHLY_EVENTS["add_on"], n)
        addon_at = np.where(
            rng.random(n) < 0.2,
            started,
            _add_months(started // DAY, addon_month) * DAY + started % DAY,
        )
        has_addon = addon_at < stop
        addon_plan = ctx.plan(addon, per_idx, deal["currency"], addon_at // DAY - ctx.start_day)
        addon_seats = np.maximum(1, seats // 2)
        versions = (
            ("1", has, started, np.where(grows, grow_at, ended), core_plan, seats, price),
            ("2", has & grows, grow_at, ended, core_plan, more, price),
            (
                "3",
                has & has_addon,
                addon_at,
                ended,
                addon_plan,
                addon_seats,
                ctx.plan_price[addon_plan],
            ),
        )
        for tag, ok, frm, to, plan, qty, unit in versions:
            to = np.where(to < 0, -1, to)
            item_frames.append(
                {
                    "_keep": ok & (frm <= T),
                    "subscription_item_id": _suffix_ids("SI", self.stems, str(life) + tag),
                    "subscription_id": sub_id,
                    "plan_id": ctx.plan_ids.col(plan),
                    "quantity": ("int", qty),
                    "unit_price": ("money", unit),
                    "discount_percent": ("pct", discount),
                    "valid_from": ("ts", frm),
                    "valid_to": ("ts", to, (to < 0) | (to > T)),
                }
            )
        # expansion deals: the seat increase (upsell), a later add-on (cross-sell), renewals
        annual = lambda q, u, d, p: q * u * (1 - d / 100) * 12 / p  # noqa: E731
        base_value = annual(seats, price, discount, period)
        exp = (
            (
                "1",
                1,
                has & grows & (rng.random(n) < 0.8),
                grow_at,
                annual(more - seats, price, discount, period),
                deal["product"],
                True,
            ),
            (
                "2",
                2,
                has & has_addon & (addon_at > started),
                addon_at,
                annual(addon_seats, ctx.plan_price[addon_plan], 0.0, period),
                addon,
                True,
            ),
        )
        renew = []
        for k in (1, 2, 3):
            at = _add_months(started // DAY, np.full(n, 12 * k)) * DAY + started % DAY
            ok = (
                has
                & (period == 12)
                & (at <= stop)
                & (at < (ctx.start_day + ctx.n_design + HORIZON_DAYS) * DAY)
            )
            renewed = at < stop
            renew.append((str(2 + k), 3, ok, at, base_value, deal["product"], renewed))
        for tag, kind, ok, close_at, value, product, won in (*exp, *renew):
            won = np.broadcast_to(won, (n,))
            # opened 5 to 45 days before it closes, never before the subscription started
            created = np.maximum(close_at - rng.integers(5, 45, n) * DAY, started + 3600)
            times = np.stack([created, created + (close_at - created) // 2, close_at], axis=1)
            codes = np.stack([np.full(n, 2), np.full(n, 3), np.where(won, 4, 5)], axis=1)
            path = np.ones((n, 3), dtype=bool)
            owner = ctx.rep(
                rng, np.full(n, EXPANSION), created // DAY - ctx.start_day, self.account_owner
            )
            self._emit_deals(
                ok & (self.lead["fate"] == 4),
                _suffix_ids("D", self.stems, f"{life}{tag}"),
                _suffix_ids("A", self.stems, ""),
                pa.nulls(n, pa.string()),
                owner,
                np.full(n, kind),
                product,
                np.round(np.maximum(value, 1.0), 2),
                deal["currency"],
                created,
                close_at // DAY,
                times,
                path,
                codes,
                np.zeros(n, dtype=bool),
                np.zeros(n, dtype=np.int64),
                np.zeros(n, dtype=bool),
            )
        # invoices: one per billing period while the subscription runs (cut at the horizon)
        end_cap = np.minimum(stop, np.full(n, (ctx.start_day + ctx.n_design + HORIZON_DAYS) * DAY))
        span_months = np.maximum(0, (end_cap - started) // (DAY * 30))
        n_periods = np.where(has, span_months // period + 1, 0)
        rows = np.repeat(np.arange(n), n_periods)
        k = np.arange(len(rows)) - np.repeat(np.cumsum(n_periods) - n_periods, n_periods)
        p_start = _add_months(started[rows] // DAY, k * period[rows])
        p_end = _add_months(started[rows] // DAY, (k + 1) * period[rows])
        issued = p_start * DAY + started[rows] % DAY
        grown = grows[rows] & (issued >= grow_at[rows])
        value = np.where(grown, more[rows], seats[rows]) * price[rows] * (1 - discount[rows] / 100)
        value = value + np.where(
            has_addon[rows] & (issued >= addon_at[rows]),
            addon_seats[rows] * ctx.plan_price[addon_plan][rows],
            0.0,
        )
        ok = (issued < stop[rows]) & (issued <= T)
        status = _choice(self.rng, _p((95, 2, 1, 2)), len(rows))
        invoice_frames.append(
            {
                "invoice_id": _fixed_width(
                    [
                        _lit("INV", int(ok.sum())),
                        self.stems[rows[ok]],
                        _lit(str(life), int(ok.sum())),
                        _digits(k[ok], 3),
                    ]
                ),
                "customer_id": _suffix_ids("C", self.stems[rows[ok]], ""),
                "subscription_id": sub_id.take(pa.array(rows)).filter(pa.array(ok)),
                "issued_at": ("ts", issued[ok]),
                "period_start": ("date", p_start[ok]),
                "period_end": ("date", p_end[ok]),
                "amount": ("money", np.round(value[ok], 2)),
                "currency": Strings.of(CURRENCIES).col(self.deal["currency"][rows][ok]),
                "status": Strings.of(("paid", "void", "refunded", "open")).col(status[ok]),
            }
        )
        self.subs_for_calls = getattr(self, "subs_for_calls", [])
        self.subs_for_calls.append((has, started, np.minimum(stop, end_cap)))

    # calls and scores ----------------------------------------------------------------------
    def _calls(self) -> None:
        ctx, rng, lead, deal = self.ctx, self.rng, self.lead, self.deal
        n = self.n_leads
        parts: list[dict[str, np.ndarray]] = []
        idx = np.arange(n)
        # leads: an inbound call at creation, outbound attempts, follow-ups by outcome
        call_in = lead["inbound"] & (lead["source"] <= 1) & (rng.random(n) < 0.2)
        parts.append(
            self._part(
                idx[call_in],
                lead["created"][call_in] + rng.integers(0, 2 * DAY, call_in.sum()),
                0,
                lead["segment"][call_in],
                lead["owner"][call_in],
                "lead",
            )
        )
        p_called = np.where(lead["invalid"], 0.3, np.where(lead["inbound"], 0.8, 0.9))
        called = rng.random(n) < p_called
        attempts = np.where(called, rng.integers(1, 4, n), 0)
        follow = np.where(
            called,
            rng.integers(0, np.array([2, 4, 5, 3, 6])[lead["fate"]]),
            0,
        )
        per = attempts + follow
        rows = np.repeat(idx, per)
        k = np.arange(len(rows)) - np.repeat(np.cumsum(per) - per, per)
        first = lead["created"] + np.where(
            rng.random(n) < 0.3, rng.integers(20, 3600, n), rng.integers(3600, 7 * DAY, n)
        )
        gap = np.where(
            k < attempts[rows],
            rng.uniform(2, 72, len(rows)) * 3600,
            rng.uniform(1, 12, len(rows)) * DAY,
        ).astype(np.int64)
        gap = np.where(k == 0, 0, gap)
        cum = np.cumsum(gap)
        offset = cum - cum[np.repeat(np.cumsum(per) - per, per)]
        at = first[rows] + offset
        parts.append(self._part(rows, at, 1, lead["segment"][rows], lead["owner"][rows], "lead"))
        # deals: a few calls between creation and close
        has = deal["has"]
        nd = np.where(has, rng.integers(2, 8, n), 0)
        rows = np.repeat(idx, nd)
        span = np.maximum(
            1, np.where(deal["close"] > deal["created"], deal["close"] - deal["created"], 30 * DAY)
        )
        at = deal["created"][rows] + (rng.random(len(rows)) * span[rows]).astype(np.int64)
        direction = (rng.random(len(rows)) < 0.15).astype(np.int64) ^ 1
        parts.append(
            self._part(rows, at, direction, deal["segment"][rows], deal["owner"][rows], "deal")
        )
        # accounts: check-ins and customers calling in while subscribed (every ~20 days)
        for alive, started, stop in self.subs_for_calls:
            count = np.where(alive, rng.poisson(np.maximum(0, stop - started) / (20 * DAY)), 0)
            rows = np.repeat(idx, count)
            at = started[rows] + (rng.random(len(rows)) * (stop - started)[rows]).astype(np.int64)
            at = (at // DAY) * DAY + _business_seconds(rng, len(rows))
            direction = (rng.random(len(rows)) < 0.3).astype(np.int64) ^ 1
            parts.append(
                self._part(
                    rows,
                    at,
                    direction,
                    np.full(len(rows), EXPANSION),
                    self.account_owner[rows],
                    "account",
                )
            )
        # cold calls and unknown callers on the chunk's own day: at least one a day
        _, day = ctx.counts(rng, FILL_CALLS_PER_DAY, self.days)
        m = len(day)
        at = (ctx.start_day + day) * DAY + _business_seconds(rng, m)
        direction = (rng.random(m) < 0.85).astype(np.int64)
        team_ = np.where(direction == 1, rng.integers(0, 3, m), rng.integers(0, 4, m))
        parts.append(self._part(np.full(m, -1), at, direction, team_, np.full(m, -1), "cold"))
        self._emit_calls(parts)

    def _part(self, rows, at, direction, team_, preferred, kind) -> dict[str, np.ndarray]:
        m = len(rows)
        return {
            "row": rows,
            "at": at,
            "direction": np.broadcast_to(np.asarray(direction), (m,)).astype(np.int64),
            "team": team_,
            "preferred": preferred,
            "kind": np.full(m, ("lead", "deal", "account", "cold").index(kind)),
        }

    def _emit_calls(self, parts: list[dict[str, np.ndarray]]) -> None:
        ctx, rng = self.ctx, self.rng
        c = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        order = np.argsort(c["at"], kind="stable")
        c = {k: v[order] for k, v in c.items()}
        m = len(order)
        at, direction, kind, row = c["at"], c["direction"], c["kind"], c["row"]
        user = ctx.rep(rng, c["team"], at // DAY - ctx.start_day, c["preferred"])
        status = np.where(
            direction == 0,
            _choice(rng, _p(INBOUND_STATUS.values()), m),
            _choice(rng, _p(OUTBOUND_STATUS.values()), m),
        )
        answered = status == 0
        short = rng.random(m) < 0.15
        talk = np.where(short, rng.uniform(5, 59, m), np.exp(rng.normal(np.log(240), 0.7, m)))
        talk = np.where(answered, talk.clip(5, 3600), 0).astype(np.int64)
        wait_ans = np.exp(rng.normal(np.log(np.where(direction == 0, 12, 9)), 0.6)).clip(1, 300)
        wait_miss = np.exp(rng.normal(np.log(40), 0.5, m)).clip(5, 600)
        wait = np.where(answered, wait_ans, wait_miss).astype(np.int64)
        no_wait = ~answered & (direction == 1)
        r = np.maximum(row, 0)
        lead_link = (kind == 0) | ((kind == 1) & (self.lead["fate"][r] >= 0))
        deal_link = kind == 1
        acct_link = ((kind == 1) & (self.lead["fate"][r] == 4)) | (kind == 2)
        cold_phone = rng.integers(0, 10**7, m)
        cold = kind == 3
        phone = self._phones(
            np.where(cold, -1, self.lead["country"][r]),
            np.where(cold, cold_phone, self.lead["phone"][r]),
        )
        T = ctx.through_end
        keep = (at >= ctx.start_s) & (at <= T)
        first_day = np.full(m, ctx.start_day + self.days[0])
        call_id = _ids("CALL", first_day, *self.numbers(np.arange(1, m + 1), 8))
        self.emit(
            "telephony__calls",
            keep,
            call_id=call_id,
            started_at=("ts", at),
            direction=Strings.of(("inbound", "outbound")).col(direction),
            status=Strings.of(CALL_STATUSES).col(status),
            user_id=ctx.user_ids.col(user),
            lead_id=_suffix_ids("L", self.stems, "").take(pa.array(r, mask=~lead_link)),
            deal_id=_suffix_ids("D", self.stems, "00").take(pa.array(r, mask=~deal_link)),
            account_id=_suffix_ids("A", self.stems, "").take(pa.array(r, mask=~acct_link)),
            wait_seconds=("int", wait, no_wait),
            talk_seconds=("int", talk),
            phone_number=phone,
        )
        # scores: most answered calls over 30 s; ~5% re-scored later by the next model
        scored = answered & (talk >= 30) & (rng.random(m) < 0.9)
        s_at = at + talk + rng.integers(120, 7200, m)
        again = scored & (rng.random(m) < 0.05)
        later = s_at + (rng.uniform(2, 40, m) * DAY).astype(np.int64)
        rows = np.concatenate([np.nonzero(scored)[0], np.nonzero(again)[0]])
        when = np.concatenate([s_at[scored], later[again]])
        rescore = np.concatenate([np.zeros(scored.sum(), bool), np.ones(again.sum(), bool)])
        version = np.searchsorted(
            np.array(MODEL_SWITCH_DAYS), np.where(rescore, s_at[rows], when) // DAY, side="right"
        )
        version = version + rescore
        k = len(rows)
        overall = np.round(rng.normal(68 + ctx.skill[user[rows]], 13).clip(0, 100), 1)
        adherence = np.round((overall + rng.normal(0, 10, k)).clip(0, 100), 1)
        next_step = rng.random(k) < overall / 110
        s1, s2 = overall + rng.normal(0, 10, k), overall + rng.normal(0, 10, k)
        sentiment = np.where(s1 > 75, 0, np.where(s2 < 50, 2, 1))
        self.emit(
            "telephony__call_scores",
            (when <= T) & (at[rows] >= ctx.start_s),
            call_id=call_id.take(pa.array(rows)),
            scored_at=("ts", when),
            model_version=Strings.of(MODEL_VERSIONS).col(version),
            overall_score=("score", overall),
            script_adherence_score=("score", adherence, rng.random(k) < 0.03),
            next_step_agreed=("bool", next_step, rng.random(k) < 0.05),
            sentiment=Strings.of(SENTIMENTS).col(sentiment, rng.random(k) < 0.05),
        )

    # output -------------------------------------------------------------------------------
    def emit(self, table: str, keep, _nulls=None, **columns) -> None:
        """Queue rows for `table`: pyarrow text arrays or (kind, numpy values[, nulls]);
        `keep` selects the rows that exist by the through date. Converted to the contract's
        text in one pass per table and chunk (`tables`)."""
        n = _length(columns)
        part = {
            "_keep": np.ones(n, bool) if keep is None else np.asarray(keep, dtype=bool),
            **{k: _spec(v, (_nulls or {}).get(k)) for k, v in columns.items()},
        }
        self.out.setdefault(table, []).append(part)  # type: ignore[union-attr]

    def tables(self) -> dict[str, pa.Table]:
        """The chunk's rows per table: every column as the contract's text, or (ctx.typed:
        Parquet) typed where `schema` says so."""
        out = {}
        share = self.ctx.cfg.timestamp_variant_share
        for table, parts in self.out.items():
            rng = np.random.default_rng([self.ctx.cfg.seed, GENERATOR_VERSION, 2, self.i])
            keep = np.concatenate([p["_keep"] for p in parts])  # type: ignore[index]
            target = schema(table, self.ctx.typed)
            arrays = []
            for (name, _), field in zip(CONTRACT[table], target, strict=True):
                specs = [p[name] for p in parts]  # type: ignore[index]
                kind = specs[0][0]
                same = [x[0] is kind or (isinstance(kind, str) and x[0] == kind) for x in specs]
                if all(isinstance(x[1], np.ndarray) for x in specs) and all(same):
                    data = np.concatenate([x[1] for x in specs])[keep]
                    nulls = np.concatenate([x[2] for x in specs])[keep]
                    # drawn for text and typed timestamps alike
                    variant = rng.random(len(data)) if kind == "ts" else None
                    if field.type == pa.string():
                        arrays.append(_text((kind, data, nulls), share, variant))
                    else:
                        arrays.append(_typed(kind, data, nulls, field.type))
                else:
                    text = pa.concat_arrays(
                        [_text(x, share, None) for x in specs]  # type: ignore[arg-type]
                    ).filter(pa.array(keep))
                    arrays.append(text if field.type == pa.string() else text.cast(field.type))
            out[table] = pa.Table.from_arrays(arrays, schema=target)
        return out


def _length(columns: dict[str, object]) -> int:
    for value in columns.values():
        return len(value) if isinstance(value, pa.Array) else len(value[1])  # type: ignore[index, arg-type]
    return 0


def _spec(value: object, nulls: np.ndarray | None) -> tuple:
    """(kind, numpy values, nulls) or ("text", pyarrow array, nulls)."""
    if isinstance(value, (pa.Array, pa.ChunkedArray)):
        return ("text", value, nulls)
    kind, data, *rest = value  # type: ignore[misc]
    data = np.asarray(data)
    mask = np.zeros(len(data), bool) if not rest else np.asarray(rest[0], dtype=bool)
    if nulls is not None:
        mask = mask | nulls
    return (kind, data, mask)


_CODES = [f"+{CALLING_CODE.get(c, '1')}555".encode() for c in COUNTRY_LIST] + [b"+1555"]
PHONE_CODE_LENGTHS = np.array([len(c) for c in _CODES])
PHONE_CODES = np.array([list(c.ljust(max(PHONE_CODE_LENGTHS), b" ")) for c in _CODES], np.uint8)
COMPANIES = Strings.of(_NAMES)
SLUGS = Strings.of(slug(name) + ".example" for name in _NAMES)
FIRST_LOWER = Strings.of(n.lower() for n in FIRST_NAMES)
LAST_LOWER = Strings.of(n.lower() for n in LAST_NAMES)
DIGITS = {"money": 2, "rate": 6, "prob": 2, "pct": 2, "score": 1}
BOOLS = Strings.of(("false", "true"))
SIGNS = Strings.of(("", "-"))


# Columns the injected bad rows write text that is not a value of the column's type (an
# impossible date): they stay text in Parquet too.
TEXT_IN_PARQUET = {("telephony__calls", "started_at")}
DECIMAL = pa.decimal128(28, 6)  # the contract's decimal: numeric(28,6)
PARQUET_TYPES = {
    "text": pa.string(),
    "ts": pa.timestamp("us"),  # UTC, without a time zone
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    **{kind: DECIMAL for kind in ("money", "rate", "prob", "pct", "score")},
}


def schema(table: str, typed: bool) -> pa.Schema:
    """A table's Arrow schema: every column text (CSV, or typed=False), or typed Parquet
    columns (timestamps, dates, booleans, integers, decimals) except TEXT_IN_PARQUET."""
    return pa.schema(
        [
            (
                name,
                PARQUET_TYPES[kind]
                if typed and (table, name) not in TEXT_IN_PARQUET
                else pa.string(),
            )
            for name, kind in CONTRACT[table]
        ]
    )


def _typed(kind: str, data: np.ndarray, nulls: np.ndarray, type_: pa.DataType) -> pa.Array:
    """A typed column from numpy values (see _spec): the value its text would mean."""
    mask = nulls if nulls.any() else None
    if kind == "ts":
        return pa.array((data.astype(np.int64) * 10**6).view("datetime64[us]"), mask=mask)
    if kind == "date":
        return pa.array(data.astype(np.int64).astype("datetime64[D]"), mask=mask)
    if kind == "bool":
        return pa.array(data.astype(bool), mask=mask)
    if kind == "int":
        return pa.array(data.astype(np.int64), mask=mask)
    digits = DIGITS[kind]
    scaled = np.rint(data.astype(float) * 10**digits).astype(np.int64) * 10 ** (6 - digits)
    words = np.empty((len(scaled), 2), dtype=np.int64)  # 128-bit little-endian integers
    words[:, 0], words[:, 1] = scaled, scaled >> 63
    valid = None if mask is None else pa.py_buffer(np.packbits(~mask, bitorder="little"))
    return pa.Array.from_buffers(type_, len(scaled), [valid, pa.py_buffer(words)])


_PAIRS = np.frombuffer("".join(f"{i:02d}" for i in range(100)).encode(), np.uint16)


def _ts_text(seconds: np.ndarray, variant: np.ndarray | None, share: float) -> pa.Array:
    """`YYYY-MM-DD HH:MM:SS` of epoch seconds; where variant < share / 2 the ISO form with
    `T` and `Z`, where variant < share `+00:00` appended (accepted forms of the same UTC time)."""
    s = np.asarray(seconds, dtype=np.int64)
    n = len(s)
    day, sec = s // DAY, s % DAY
    month = _MONTH_OF[day]
    mat = np.zeros((n, 25), dtype=np.uint8)
    mat[:, 0:4] = _QUADS[month // 12 + 1970].view(np.uint8).reshape(n, 4)
    for col, values in (
        (5, month % 12 + 1),
        (8, _DOM[day] + 1),
        (11, sec // 3600),
        (14, sec // 60 % 60),
        (17, sec % 60),
    ):
        mat[:, col : col + 2] = _PAIRS[values].view(np.uint8).reshape(n, 2)
    mat[:, [4, 7]] = ord("-")
    mat[:, 10] = ord(" ")
    mat[:, [13, 16]] = ord(":")
    lengths = np.full(n, 19)
    if variant is not None:
        iso = variant < share / 2
        offset = (variant >= share / 2) & (variant < share)
        mat[iso, 10], mat[iso, 19], lengths[iso] = ord("T"), ord("Z"), 20
        mat[offset, 19:25], lengths[offset] = np.frombuffer(b"+00:00", np.uint8), 25
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    data = mat[np.arange(25)[None, :] < lengths[:, None]]
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _text(spec: tuple, variant_share: float, variant: np.ndarray | None) -> pa.Array:
    """Contract text of a column spec (see _spec); `variant`: a uniform draw per row that
    picks the timestamps written in another accepted form."""
    vkind, data, nulls = spec
    if isinstance(vkind, Strings):
        return vkind.take(data, nulls)
    if vkind == "text":
        text = data
    elif vkind == "ts":
        text = _ts_text(data, variant if variant_share > 0 else None, variant_share)
    elif vkind == "date":
        text = pa.array(data.astype("datetime64[D]")).cast(pa.string())
    elif vkind == "bool":
        text = BOOLS.take(data.astype(np.int64))
    elif vkind == "int":
        text = pa.array(data.astype(np.int64)).cast(pa.string())
    else:
        digits = DIGITS[vkind]
        scaled = np.rint(data.astype(float) * 10**digits).astype(np.int64)
        mag = np.abs(scaled)
        whole = pa.array(mag // 10**digits).cast(pa.string())
        frac = pc.utf8_lpad(pa.array(mag % 10**digits).cast(pa.string()), digits, "0")
        text = pc.binary_join_element_wise(whole, frac, ".")
        if (scaled < 0).any():
            text = pc.binary_join_element_wise(SIGNS.take((scaled < 0).astype(np.int64)), text, "")
    if nulls is not None and nulls.any():
        text = _null_where(text, nulls)
    return text


def _null_where(text: pa.Array, nulls: np.ndarray) -> pa.Array:
    """`text` with nulls where `nulls`: a new validity bitmap over the same string buffers."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if text.offset:
        text = pa.concat_arrays([text])
    valid = ~np.asarray(nulls, dtype=bool)
    if text.null_count:
        valid &= text.is_valid().to_numpy(zero_copy_only=False)
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes())
    return pa.Array.from_buffers(text.type, len(text), [bitmap, *text.buffers()[1:]])


def reference_tables(
    cfg: GeneratorConfig, through: date, typed: bool = False
) -> dict[str, pa.Table]:
    """The small tables (team, stages, products, quotas, plans, fx rates, market), whole:
    the contract's text, cast to the typed schema when `typed` (text that parses exactly)."""
    from generator.writer import text_rows

    users = team.make_users(cfg)
    upto = replace(cfg, end=max(through, cfg.start))
    rows = {
        "crm__users": [u.row() for u in users],
        "crm__pipeline_stages": crm.stage_rows(),
        "crm__products": crm.product_rows(),
        "crm__quotas": team.make_quotas(upto, users),
        "billing__plans": billing.plan_rows(billing.PriceBook(build_plans(cfg.first_fx_day))),
        "billing__fx_rates": billing.fx_rate_rows(upto),
        "market__competitor_prices": [
            r for r in market.competitor_price_rows(cfg) if r["observed_on"] <= through
        ],
    }
    out = {}
    for table, data in rows.items():
        names = [n for n, _ in CONTRACT[table]]
        values = list(text_rows(table, data, cfg.seed, 0.0))
        out[table] = pa.Table.from_arrays(
            [pa.array([v[i] for v in values], pa.string()) for i in range(len(names))],
            names=names,
        ).cast(schema(table, typed))
    return out


def chunks(
    cfg: GeneratorConfig, through: date, jobs: int = 1, typed: bool = False
) -> Iterator[tuple[date, dict[str, pa.Table]]]:
    """Every chunk's rows (a block of creation days, or above scale 4000 a slice of one day),
    first chunk first, up to the through date. With jobs > 1 the chunks are built in that many
    worker processes (same rows, same order)."""
    blocks = (through - cfg.start).days // block_days(cfg.scale) + 1
    indexes = range(blocks * day_slices(cfg.scale))
    if jobs <= 1:
        ctx = Context(cfg, through, typed)
        for i in indexes:
            chunk = Chunk(ctx, i)
            yield chunk.day, chunk.tables()
        return
    import multiprocessing
    import shutil
    import tempfile
    from collections import deque

    # The workers hand their tables over as Arrow IPC files in shared memory (when the
    # machine has 1 GB of it: a container's default is 64 MB), read back memory-mapped: no
    # copy through a pipe. Else in the temporary folder.
    shm = Path("/dev/shm")
    roomy = shm.is_dir() and shutil.disk_usage(shm).free >= 2**30
    spool = Path(tempfile.mkdtemp(prefix="generator-", dir=shm if roomy else None))
    try:
        with multiprocessing.get_context("fork").Pool(
            jobs, initializer=_init_worker, initargs=(cfg, through, typed, spool)
        ) as pool:
            pending: deque = deque()  # at most 2 chunks per worker in flight: bounded memory
            for i in indexes:
                pending.append(pool.apply_async(_build_chunk, (i,)))
                if len(pending) >= 2 * jobs:
                    yield _read_chunk(*pending.popleft().get())
            while pending:
                yield _read_chunk(*pending.popleft().get())
    finally:
        shutil.rmtree(spool, ignore_errors=True)


_WORKER: dict[str, object] = {}


def _init_worker(cfg: GeneratorConfig, through: date, typed: bool, spool: Path) -> None:
    _WORKER["ctx"] = Context(cfg, through, typed)
    _WORKER["spool"] = spool


def _build_chunk(i: int) -> tuple[date, dict[str, Path]]:
    chunk = Chunk(_WORKER["ctx"], i)  # type: ignore[arg-type]
    paths = {}
    for table, data in chunk.tables().items():
        paths[table] = _WORKER["spool"] / f"{i}-{table}.arrow"  # type: ignore[operator]
        with pa.OSFile(str(paths[table]), "wb") as sink, pa.ipc.new_file(sink, data.schema) as w:
            w.write_table(data)
    return chunk.day, paths


def _read_chunk(day: date, paths: dict[str, Path]) -> tuple[date, dict[str, pa.Table]]:
    tables = {}
    for table, path in paths.items():
        with pa.memory_map(str(path)) as source:
            tables[table] = pa.ipc.open_file(source).read_all()
        path.unlink()  # the mapping stays readable until the table is released
    return day, tables
