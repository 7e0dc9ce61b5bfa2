"""Comparing mart rows with expected rows worked out by hand (golden tests)."""

from __future__ import annotations

import math

# Money and rates agree to the cent; counts and text exactly.
TOLERANCE = 0.005


def same_value(actual: object, expected: object, tolerance: float = TOLERANCE) -> bool:
    """None matches null (or NaN); numbers match within `tolerance`; anything else as text."""
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected
    if isinstance(expected, (int, float)):
        return actual is not None and abs(float(actual) - float(expected)) <= tolerance
    return str(actual) == str(expected)


def compare_rows(
    rows: list[dict], columns: list[str], expected: list[tuple], label_width: int = 3
) -> list[str]:
    """Every difference between `rows` (in order) and `expected` (tuples in `columns` order),
    each labelled with the first `label_width` values of its expected row; [] when equal."""
    problems = []
    if len(rows) != len(expected):
        problems.append(f"{len(rows)} rows, expected {len(expected)}")
    for row, want in zip(rows, expected, strict=False):
        for column, value in zip(columns, want, strict=True):
            if not same_value(row[column], value):
                problems.append(
                    f"{want[:label_width]} {column}: got {row[column]!r}, expected {value!r}"
                )
    return problems
