"""Small inline SVG charts for the reports: no JavaScript, no network, rendered the same by a
browser and by WeasyPrint (which runs no scripts). Labels are escaped; numbers are formatted by
the caller (reporting.locale)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

FONT = "font-family:'DejaVu Sans',Arial,sans-serif"
POSITIVE, NEGATIVE, TOTAL, LINE = "#2e7d32", "#c62828", "#1f4e79", "#1f4e79"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'style="{FONT}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def sparkline(
    values: Sequence[float | None], title: str, width: int = 120, height: int = 28
) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return _svg(width, height, [], title)
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    coords = " ".join(
        f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}" for i, v in points
    )
    return _svg(
        width,
        height,
        [f'<polyline fill="none" stroke="{LINE}" stroke-width="1.5" points="{coords}"/>'],
        title,
    )


def bars(
    items: Sequence[tuple[str, float]],
    title: str,
    fmt: Callable[[float], str],
    width: int = 520,
) -> str:
    """Horizontal bars, one per (label, value)."""
    row, left, right = 22, 150, 110
    height = max(row * len(items) + 10, 30)
    top = max((v for _, v in items), default=0) or 1.0
    body = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * row
        length = max(value, 0) / top * (width - left - right)
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(str(name))}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{TOTAL}"/>'
            f'<text x="{left + length + 4:.1f}" y="{y + 14}" font-size="11">{escape(fmt(value))}</text>'
        )
    return _svg(width, height, body, title)


def waterfall(
    steps: Sequence[tuple[str, float, bool]],
    title: str,
    fmt: Callable[[float], str],
    width: int = 620,
    height: int = 240,
) -> str:
    """A bridge: (label, value, is_total). Totals stand on zero; the others float from the
    running total (up green, down red)."""
    if not steps:
        return _svg(width, height, [], title)
    running, bars_ = 0.0, []
    for name, value, is_total in steps:
        if is_total:
            bars_.append((name, 0.0, value, TOTAL, value))
            running = value
        else:
            start, running = running, running + value
            bars_.append((name, start, running, POSITIVE if value >= 0 else NEGATIVE, value))
    low = min(0.0, *(min(a, b) for _, a, b, _, _ in bars_))
    high = max(0.0, *(max(a, b) for _, a, b, _, _ in bars_)) or 1.0
    plot_top, plot_bottom = 20, height - 40
    scale = (plot_bottom - plot_top) / ((high - low) or 1.0)

    def y(value: float) -> float:
        return plot_bottom - (value - low) * scale

    slot = width / len(bars_)
    body = [f'<line x1="0" x2="{width}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>']
    for i, (name, a, b, colour, value) in enumerate(bars_):
        x = i * slot + slot * 0.15
        top, bottom = y(max(a, b)), y(min(a, b))
        body.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{max(bottom - top, 1):.1f}" fill="{colour}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top - 4:.1f}" font-size="10" '
            f'text-anchor="middle">{escape(fmt(value))}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{height - 22}" font-size="10" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    return _svg(width, height, body, title)


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    fmt: Callable[[float], str],
    width: int = 620,
    height: int = 200,
) -> str:
    """Line chart over labelled x positions; several named series, a legend on top."""
    colours = ["#1f4e79", "#e07b00", "#2e7d32", "#7b1fa2"]
    values = [v for _, vs in series for v in vs if v is not None]
    if not values or not labels:
        return _svg(width, height, [], title)
    low, high = min(0.0, min(values)), max(values) or 1.0
    left, plot_top, plot_bottom = 60, 24, height - 26
    step = (width - left - 10) / max(len(labels) - 1, 1)

    def y(value: float) -> float:
        return plot_bottom - (value - low) / ((high - low) or 1.0) * (plot_bottom - plot_top)

    body = [
        f'<text x="{left - 4}" y="{y(high) + 4:.1f}" font-size="10" text-anchor="end">{escape(fmt(high))}</text>',
        f'<text x="{left - 4}" y="{y(low) + 4:.1f}" font-size="10" text-anchor="end">{escape(fmt(low))}</text>',
        f'<line x1="{left}" x2="{width - 10}" y1="{y(low):.1f}" y2="{y(low):.1f}" stroke="#999"/>',
    ]
    for k, (name, vs) in enumerate(series):
        colour = colours[k % len(colours)]
        pts = [f"{left + i * step:.1f},{y(v):.1f}" for i, v in enumerate(vs) if v is not None]
        if pts:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(pts)}"/>'
            )
        body.append(
            f'<rect x="{left + k * 150}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + k * 150 + 14}" y="13" font-size="11">{escape(name)}</text>'
        )
    every = max(1, len(labels) // 8)
    for i, text in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{height - 8}" font-size="10" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
    return _svg(width, height, body, title)
