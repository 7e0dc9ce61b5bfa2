"""Static reports: one self-contained HTML file (inline CSS and SVG charts, no scripts, no
network) and its PDF (WeasyPrint) per audience and period.

Audiences: the department, each team, each rep. Periods: the latest complete month and the
latest complete week on or before as_of_date. Month-grain figures (the seven KPIs, the
leaderboard, the bridges) are those of the latest complete month in both; the week report
narrows what has a daily grain (calls and the calls to review) to the week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

import pandas as pd

from reporting import svg
from reporting.figures import (
    Figures,
    Scope,
    latest_complete_month,
    latest_complete_week,
)
from reporting.locale import Formatter, label

CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #222; font-size: 11px; margin: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; }
.meta { color: #666; margin-bottom: 10px; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; }
.tile { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 8px; width: 160px; }
.tile .name { color: #555; font-size: 10px; } .tile .value { font-size: 17px; font-weight: bold; }
.tile .delta { font-size: 9px; color: #555; }
table { border-collapse: collapse; width: 100%; margin-top: 4px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 5px; text-align: left; }
td.num, th.num { text-align: right; }
.note { background: #fff8e1; border: 1px solid #f0c36d; padding: 6px; border-radius: 4px; }
"""


@dataclass(frozen=True)
class Audience:
    kind: str  # department | team | rep
    name: str | None
    scope: Scope

    @property
    def slug(self) -> str:
        if self.kind == "department":
            return "department"
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", str(self.name)).strip("_") or "unnamed"
        return f"{self.kind}-{safe}"


@dataclass(frozen=True)
class Period:
    kind: str  # month | week
    start: dt.date
    end: dt.date


def audiences(figures: Figures) -> list[Audience]:
    found = [Audience("department", None, Scope())]
    found += [Audience("team", team, Scope(team=team)) for team in figures.teams()]
    reps = figures.reps()
    found += [Audience("rep", user, Scope(rep=user)) for user in reps["user_id"]]
    return found


def periods(as_of: dt.date) -> list[Period]:
    return [
        Period("month", *latest_complete_month(as_of)),
        Period("week", *latest_complete_week(as_of)),
    ]


def _table(headers: list[tuple[str, bool]], rows: list[list[str]], language: str) -> str:
    if not rows:
        return f"<p>{escape(label('nothing', language))}</p>"
    head = "".join(f'<th class="{"num" if n else ""}">{escape(h)}</th>' for h, n in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if headers[i][1] else ""}">{escape(c)}</td>'
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _not_built(mart: str, language: str) -> str:
    return f'<p class="note">{escape(label("not_built", language, mart=mart))}</p>'


def render(
    figures: Figures, audience: Audience, period: Period, fmt: Formatter, as_of: dt.date
) -> str:
    lang = fmt.language
    scope = audience.scope
    month_start, month_end = latest_complete_month(as_of)
    if audience.kind == "department":
        title = label("report_department", lang)
    else:
        title = label(f"report_{audience.kind}", lang, name=audience.name)
    if period.kind == "month":
        period_text = label("report_month", lang, period=fmt.month(period.start))
    else:
        period_text = label(
            "report_week", lang, period=f"{fmt.date(period.start)} – {fmt.date(period.end)}"
        )
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<div class="meta">{escape(period_text)} · '
        f"{escape(label('generated_from', lang, date=fmt.date(as_of), currency=fmt.currency))}</div>",
    ]

    # the seven KPIs of the latest complete month
    tiles = []
    for tile in figures.tiles(month_start, scope):
        name = label(tile.key, lang) + (
            f" ({label('department_only', lang)})" if tile.department_only else ""
        )
        delta_kind = {"money": "money", "rate": "percent_points"}.get(tile.kind, "number")
        tiles.append(
            f'<div class="tile" data-kpi="{tile.key}"><div class="name">{escape(name)}</div>'
            f'<div class="value">{escape(fmt.kpi(tile.value, tile.kind))}</div>'
            f'<div class="delta">{escape(fmt.signed(tile.change(tile.previous_month), delta_kind))} '
            f"{escape(label('vs_previous_month', lang))}<br>"
            f"{escape(fmt.signed(tile.change(tile.last_year), delta_kind))} {escape(label('vs_last_year', lang))}</div>"
            + svg.sparkline([v for _, v in tile.history], name)
            + "</div>"
        )
    parts += [
        f"<h2>{escape(label('overview', lang))}: {escape(fmt.month(month_start))}</h2>",
        f'<div class="tiles">{"".join(tiles)}</div>',
    ]

    # calls of the period (daily grain: the week or the month)
    calls = figures.calls_between(period.start, period.end, scope)
    parts += [
        f"<h2>{escape(label('calls_in_period', lang))}</h2>",
        _table(
            [
                (label("calls_total", lang), True),
                (label("calls_connected", lang), True),
                (label("score_mean", lang), True),
            ],
            [
                [
                    fmt.number(calls["calls"]),
                    fmt.number(calls["calls_connected"]),
                    fmt.number(calls["score_mean"], 1),
                ]
            ],
            lang,
        ),
    ]

    # leaderboard (department, team) or the rep's rank
    board = figures.leaderboard(month_start, scope)
    if audience.kind == "rep":
        if not board.empty:
            row = board.iloc[0]
            parts.append(
                f"<h2>{escape(label('your_rank', lang))}</h2>"
                f'<p class="rank">{escape(fmt.number(row["rank"]))} / '
                f"{escape(fmt.number(row['reps_in_department']))} · "
                f"{escape(label('won_amount', lang))}: {escape(fmt.money(row['won_amount']))} · "
                f"{escape(label('quota_attainment', lang))}: {escape(fmt.percent(row['quota_attainment']))}</p>"
            )
    else:
        parts += [
            f"<h2>{escape(label('leaderboard', lang))}</h2>",
            _table(
                [
                    (label("rank", lang), True),
                    (label("rank_change", lang), True),
                    (label("rep", lang), False),
                    (label("team_name", lang), False),
                    (label("won_amount", lang), True),
                    (label("quota_attainment", lang), True),
                    (label("calls_total", lang), True),
                ],
                [
                    [
                        fmt.number(r.rank),
                        fmt.signed(r.rank_change, "count") if pd.notna(r.rank_change) else "–",
                        str(r.user_id),
                        str(r.team),
                        fmt.money(r.won_amount),
                        fmt.percent(r.quota_attainment),
                        fmt.number(r.calls),
                    ]
                    for r in board.itertuples()
                ],
                lang,
            ),
        ]

    # pipeline by stage at the end of the period
    stages = figures.pipeline_by_stage(period.end, scope)
    parts += [
        f"<h2>{escape(label('pipeline_by_stage', lang))}</h2>",
        svg.bars(
            [(str(r.stage), float(r.pipeline_value or 0)) for r in stages.itertuples()],
            label("pipeline_by_stage", lang),
            fmt.money,
        ),
    ]

    # pipeline movement of the month
    parts.append(f"<h2>{escape(label('movement', lang))}</h2>")
    movement = figures.pipeline_movement(month_start, scope)
    if movement is None:
        parts.append(_not_built("kpi_pipeline_movement", lang))
    else:
        parts.append(
            svg.waterfall(movement_steps(movement, lang), label("movement", lang), fmt.money)
        )

    # MRR bridge (department figure)
    if audience.kind == "department":
        mrr = figures.mrr_month(month_start)
        if mrr:
            parts += [
                f"<h2>{escape(label('mrr_bridge', lang))}</h2>",
                svg.waterfall(mrr_steps(mrr, lang), label("mrr_bridge", lang), fmt.money),
            ]

    # calls needing review (the period) and stuck deals
    review = figures.calls_to_review(scope, period.start, period.end, limit=20)
    parts += [
        f"<h2>{escape(label('call_review', lang))}</h2>",
        _table(
            [
                (label("call", lang), False),
                (label("date", lang), False),
                (label("rep", lang), False),
                (label("score", lang), True),
                (label("next_step", lang), False),
            ],
            [
                [
                    str(r.call_id),
                    fmt.date(r.call_date),
                    str(r.user_id),
                    fmt.number(r.overall_score, 1),
                    fmt.yes_no(r.next_step_agreed),
                ]
                for r in review.itertuples()
            ],
            lang,
        ),
        f"<h2>{escape(label('stuck_deals', lang))}</h2>",
    ]
    stuck = figures.stuck_deals(scope)
    if stuck is None:
        parts.append(_not_built("fct_open_deals", lang))
    else:
        parts.append(
            _table(
                [
                    (label("deal", lang), False),
                    (label("owner", lang), False),
                    (label("stage", lang), False),
                    (label("amount", lang), True),
                    (label("days_in_stage", lang), True),
                ],
                [
                    [
                        str(r.deal_id),
                        str(r.owner_id),
                        str(r.stage),
                        fmt.money(r.amount),
                        fmt.number(r.days_in_stage),
                    ]
                    for r in stuck.head(30).itertuples()
                ],
                lang,
            )
        )

    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} — {escape(period_text)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def movement_steps(movement: dict[str, float], lang: str) -> list[tuple[str, float, bool]]:
    return [
        (label("opening", lang), movement["opening"], True),
        (label("won", lang), -movement["won"], False),
        (label("lost", lang), -movement["lost"], False),
        (label("fx_effect", lang), movement["fx_effect"], False),
        (label("new", lang), movement["new"], False),
        (label("reopened", lang), movement["reopened"], False),
        (label("closing", lang), movement["closing"], True),
    ]


def mrr_steps(mrr: dict[str, float | None], lang: str) -> list[tuple[str, float, bool]]:
    """The MRR bridge: contraction and churned are stored as amounts <= 0."""
    v = {k: (x or 0.0) for k, x in mrr.items()}
    return [
        (label("opening_mrr", lang), v["opening_mrr"], True),
        (label("fx_effect", lang), v["fx_effect"], False),
        (label("new_mrr", lang), v["new_mrr"], False),
        (label("expansion", lang), v["expansion_mrr"], False),
        (label("contraction", lang), v["contraction_mrr"], False),
        (label("churn", lang), v["churned_mrr"], False),
        (label("reactivation", lang), v["reactivation_mrr"], False),
        (label("closing_mrr", lang), v["closing_mrr"], True),
    ]
