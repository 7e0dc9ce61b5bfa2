"""Round trip: the bundled seeds written out in a system's layout
(`python -m generator.system_layouts`) and built through that system's adapter give the same
marts as the seeds themselves.

One build per supported (crm_system, billing_system, telephony_system) combination, started
in the background when the session starts; the seeds build is the session's shared
`seeds_build`. Every mart is compared row by row (values rounded to 6 decimals) — except the
marts a system cannot feed the same, each listed in DIFFERS with the reason (README "Run it on
your Salesforce / HubSpot + Stripe data", DECISIONLOG.md "HubSpot adapter"). A new mart must
be put in one list or the other.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from generator.system_layouts.hubspot import DEAL_TYPES_SETTING
from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, DbtRun, query, run_dbt

# The seeds' lead sources as an org's LeadSource picklist (lead_source_channels' defaults
# plus the two search sources); partner and event leads are inbound here.
SALESFORCE_CHANNELS = {
    "website": "inbound",
    "organic search": "inbound",
    "paid search": "inbound",
    "social": "inbound",
    "referral": "inbound",
    "partner": "inbound",
    "event": "inbound",
    "cold call": "outbound",
    "cold email": "outbound",
}

# (crm_system, billing_system, telephony_system) -> the extra settings its build needs.
COMBINATIONS: dict[tuple[str, str, str], dict] = {
    ("hubspot", "contract", "hubspot"): {"hubspot_deal_types": DEAL_TYPES_SETTING},
    ("salesforce", "contract", "salesforce"): {"lead_source_channels": SALESFORCE_CHANNELS},
    ("contract", "stripe", "contract"): {},
}

# Marts that legitimately differ from the seeds build, per system, with the reason (what the
# system's layout cannot carry; README "Run it on your Salesforce / HubSpot + Stripe data").
_LEAD_CHANNELS = "lead channel / source (the marts split by channel; MRR by the won deal's lead)"
_HUBSPOT = {
    "users": "owners carry no manager, role, hire or leave date (reps, first / last activity)",
    "leads": "original source: cold e-mail, cold call, event and partner are all OFFLINE "
    "(outbound), so the " + _LEAD_CHANNELS + " differ",
    "calls": "calls carry no wait time, and talk time only when connected",
}
_SALESFORCE = {
    "users": "a user's leave date (inactive users leave on their last activity)",
    "leads": "LeadSource maps to one channel (partner / event leads are all inbound) and "
    "ConvertedDate has no time, so the " + _LEAD_CHANNELS + " differ",
    "calls": "tasks carry no wait time, one related record (what_id: the deal, else the "
    "account), and talk time only when answered",
}
DIFFERS: dict[str, dict[str, str]] = {
    "hubspot": {
        "dim_reps": _HUBSPOT["users"],
        "fct_rep_figures_monthly": _HUBSPOT["users"],
        "rep_scorecard": _HUBSPOT["users"],
        "rep_scorecard_department": _HUBSPOT["users"],
        "rep_scorecard_teams": _HUBSPOT["users"],
        "fct_leads": _HUBSPOT["leads"],
        "kpi_conversion_rate": _HUBSPOT["leads"],
        "kpi_lead_funnel": _HUBSPOT["leads"],
        "kpi_mrr": _HUBSPOT["leads"],
        "kpi_sales_cycle": _HUBSPOT["leads"],
        "kpi_speed_to_lead": _HUBSPOT["leads"],
        "kpi_upsell_cross_sell": _HUBSPOT["leads"],
        "kpi_upsell_cross_sell_by_family": _HUBSPOT["leads"],
        "kpi_pipeline_movement": _HUBSPOT["leads"],
        "fct_call_reports": _HUBSPOT["calls"],
        "kpi_call_quality": _HUBSPOT["calls"],
        "dim_products": "products have no tier (every product tier 1)",
        "kpi_forecast": "stages carry no forecast category (every open stage is pipeline)",
        "kpi_pipeline_coverage": "one closedate property: a deal closed since keeps no "
        "expected close date for the months it was open",
    },
    "salesforce": {
        "dim_products": "Product2 has no tier (every product tier 1)",
        "dim_reps": _SALESFORCE["users"],
        "fct_rep_figures_monthly": _SALESFORCE["users"],
        "rep_scorecard": _SALESFORCE["users"],
        "rep_scorecard_department": _SALESFORCE["users"],
        "rep_scorecard_teams": _SALESFORCE["users"],
        "fct_leads": _SALESFORCE["leads"],
        "kpi_conversion_rate": _SALESFORCE["leads"],
        "kpi_lead_funnel": _SALESFORCE["leads"],
        "kpi_mrr": _SALESFORCE["leads"],
        "kpi_revenue_cohorts": _SALESFORCE["leads"],
        "kpi_upsell_cross_sell": _SALESFORCE["leads"],
        "kpi_upsell_cross_sell_by_family": _SALESFORCE["leads"],
        "kpi_speed_to_lead": _SALESFORCE["calls"],
        "fct_call_reports": _SALESFORCE["calls"],
        "kpi_call_quality": _SALESFORCE["calls"],
        "kpi_sales_cycle": "CloseDate has no time (a close reads as midnight)",
        "kpi_pipeline_movement": "CloseDate has no time (a close reads as midnight)",
        "kpi_pipeline_coverage": "one CloseDate: a deal closed since keeps no expected close "
        "date for the months it was open",
    },
    "stripe": {
        "kpi_competitor_pricing": "prices have no end of sale (available_to), and an item "
        "sold off list price is a price of its own",
    },
}
# Ledger tables whose rows_in legitimately differ, per system, with the reason.
LEDGER_DIFFERS: dict[str, dict[str, str]] = {
    "stripe": {"billing__plans": "an item sold off its plan's list price gets a price of its own"},
}

_factory: list[pytest.TempPathFactory] = []


def _key(combination: tuple[str, str, str]) -> str:
    return "round_trip:" + "-".join(combination)


def _build(combination: tuple[str, str, str]) -> tuple[Path, DbtRun]:
    crm, billing, telephony = combination
    workdir = _factory[0].mktemp("round_trip_" + "_".join(combination))
    layout = workdir / "layout"
    systems = [s for s in dict.fromkeys(combination) if s != "contract"]
    command = [sys.executable, "-m", "generator.system_layouts"]
    for system in systems:
        command += ["--system", system]
    command += ["--seeds", str(PROJECT_DIR / "seeds"), "--out", str(layout)]
    subprocess.run(command, cwd=PROJECT_DIR, check=True, capture_output=True)
    variables = {
        "crm_system": crm,
        "billing_system": billing,
        "telephony_system": telephony,
        **COMBINATIONS[combination],
    }
    run = run_dbt(["build", "--exclude", "resource_type:unit_test"], workdir, layout, variables)
    return workdir, run


def _start(combination: tuple[str, str, str]):
    return background.start(_key(combination), lambda: _build(combination), background.LONG)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start every combination's build on the session's pool (called by conftest)."""
    if not _factory:
        _factory.append(factory)
    for combination in COMBINATIONS:
        _start(combination)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory):
    if not _factory:
        _factory.append(tmp_path_factory)

    def built(combination: tuple[str, str, str]) -> Path:
        workdir, run = _start(combination).result()
        assert run.ok, run.output[-5000:]
        return workdir

    return built


def _marts(workdir: Path) -> list[str]:
    rows = query(
        workdir,
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1",
    )
    return [r["table_name"] for r in rows]


def _normalised(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "__float__") and not isinstance(value, (bool, int)):
        return float(value)  # doubles and decimals
    return value


def _rows(workdir: Path, mart: str) -> list[tuple]:
    """The mart's rows, sorted by their text columns then their numbers rounded."""
    rows = query(workdir, f"select * from marts.{mart}")
    return sorted(
        (tuple(_normalised(v) for v in r.values()) for r in rows),
        key=lambda t: tuple(
            (v is None, round(v, 4) if isinstance(v, float) else str(v)) for v in t
        ),
    )


def _same(a: list[tuple], b: list[tuple]) -> bool:
    """Equal row by row; numbers within float noise (the sums' order differs between builds)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        for u, v in zip(x, y, strict=True):
            if isinstance(u, float) and isinstance(v, float):
                if not math.isclose(u, v, rel_tol=1e-9, abs_tol=1e-6):
                    return False
            elif u != v:
                return False
    return True


def _systems(combination: tuple[str, str, str]) -> list[str]:
    return [s for s in dict.fromkeys(combination) if s != "contract"]


@pytest.mark.parametrize("combination", list(COMBINATIONS), ids="-".join)
def test_every_mart_is_compared_or_its_difference_explained(seeds_build, round_trip, combination):
    seeds_dir, seeds_run = seeds_build
    assert seeds_run.ok, seeds_run.output[-3000:]
    workdir = round_trip(combination)
    assert _marts(workdir) == _marts(seeds_dir)
    differs = {m: why for s in _systems(combination) for m, why in DIFFERS[s].items()}
    assert set(differs) <= set(_marts(seeds_dir))
    unequal = []
    for mart in _marts(seeds_dir):
        if mart in differs:
            continue
        got, want = _rows(workdir, mart), _rows(seeds_dir, mart)
        if not _same(got, want):
            only_got = len(set(got) - set(want))
            only_want = len(set(want) - set(got))
            unequal.append(
                f"{mart}: {len(got)} rows vs {len(want)}, {only_got} / {only_want} differ"
            )
    assert unequal == []


@pytest.mark.parametrize("combination", list(COMBINATIONS), ids="-".join)
def test_every_seed_row_is_counted(seeds_build, round_trip, combination):
    # The ledger: every contract table gets the same number of rows in (one landed row per
    # seed row); which rows are rejected may differ (a value one layout cannot carry).
    seeds_dir, _ = seeds_build
    workdir = round_trip(combination)
    skip = {t for s in _systems(combination) for t in LEDGER_DIFFERS.get(s, {})}
    sql = "select source_table, rows_in from data_quality.dq_row_counts order by 1"
    got = [r for r in query(workdir, sql) if r["source_table"] not in skip]
    assert got == [r for r in query(seeds_dir, sql) if r["source_table"] not in skip]
