"""Market table: competitor price observations, roughly monthly, with gaps and staleness."""

from __future__ import annotations

from datetime import date, timedelta

from generator.config import GeneratorConfig
from generator.util import Row, month_starts

# competitor, competitor product, our product (None = unmapped), start price, currency,
# billing period months, last month observed (None = until the end).
COMPETITOR_PRODUCTS: tuple[tuple[str, str, str | None, float, str, int, date | None], ...] = (
    ("rivalsoft", "RivalSoft CRM Basic", "P01", 22.0, "USD", 1, None),
    ("rivalsoft", "RivalSoft CRM Pro", "P02", 49.0, "USD", 1, None),
    ("rivalsoft", "RivalSoft Voice AI", None, 18.0, "USD", 1, None),
    ("salesforge", "Forge Starter", "P01", 230.0, "EUR", 12, None),
    ("salesforge", "Forge Growth", "P02", 540.0, "EUR", 12, None),
    ("salesforge", "Forge Enterprise", "P03", 960.0, "EUR", 12, None),
    ("pipemate", "PipeMate Team", "P02", 45.0, "USD", 1, date(2025, 6, 1)),
    ("pipemate", "PipeMate Dialer", "P05", 17.0, "USD", 1, date(2025, 4, 1)),
    ("closewise", "CloseWise Insights", "P04", 39.0, "USD", 3, None),
    ("closewise", "CloseWise Labs Beta", None, 9.0, "USD", 1, None),
)


def competitor_price_rows(cfg: GeneratorConfig) -> list[Row]:
    rng = cfg.rng("market")
    rows: list[Row] = []
    for competitor, product, our_id, price, currency, period, last in COMPETITOR_PRODUCTS:
        for month in month_starts(cfg.start, cfg.end):
            if last is not None and month > last:
                break
            if rng.random() < 0.15:  # a month without an observation
                continue
            if rng.random() < 0.1:  # a price change
                price *= rng.choice((0.9, 0.95, 1.05, 1.08, 1.1))
            day = month + timedelta(days=rng.randrange(27))
            if day > cfg.end:
                continue
            rows.append(
                {
                    "observed_on": day,
                    "competitor": competitor,
                    "competitor_product": product,
                    "product_id": our_id,
                    "price": round(price, 0 if period == 12 else 2),
                    "currency": currency,
                    "billing_period_months": period,
                }
            )
    rows.sort(key=lambda r: (r["observed_on"], r["competitor"], r["competitor_product"]))
    return rows
