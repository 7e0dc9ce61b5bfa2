"""The head of sales' doors, tried as a user would: the dashboard (Streamlit's AppTest on the
golden data, then a real headless Chromium on the running app), the reports (HTML and PDF, the
figures they show, opened in Chromium) and the summary at the end of `make build`.

Golden data: fixtures/calls_golden (its build is shared with test_calls_golden.py). as_of_date
is 2024-04-15 (the latest event: a competitor price), so the latest complete month is March
2024 and the latest complete week is Monday 2024-04-08 to Sunday 2024-04-14. Hand-worked
figures (the rest is compared with the marts, read by SQL written here, not by the app's code):

  MRR (plans PL1 USD monthly, PL2 EUR annual; USD per EUR 1.10 from 2024-01-01, 1.20 from 03-01)
    January:  SI1 5 × 20 × (1 − 0.10) / 1 = 90.00 USD; SI3 2 × 216 / 12 = 36 EUR × 1.10 = 39.60
              -> closing 129.60
    February: SI2 (from 02-15) 8 × 20 × (1 − 0.25) = 120.00; SI3 39.60 -> closing 159.60
    March:    SI2 120.00; SI3 36 × 1.20 = 43.20 -> closing 163.20. Bridge: opening 159.60
              (February's closing) + fx 36 × (1.20 − 1.10) = 3.60, nothing else = 163.20.
  Calls, January: latest scores C1 80, C3 40, C5 70, C6 90 -> 280 / 4 = 70.0.
    Needing review (score below 70 or no next step agreed), U3: C3 (40, next step unknown)
    and C5 (70, no next step); not C1 (80, next step agreed).
  Sales cycle, January: D1 won 01-20; its start is its lead L1's created date 01-02 (a deal with
    a lead starts there) -> 18 days, mean 18.0.
  Open pipeline at 2024-03-31: D2 (created 02-05, proposal, 600 USD, U4) -> 600.
  Leaderboard, January: U3 won 1,200 USD (D1) against a quota of 1,000 -> rank 1, 120.0%.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from python_tests import browser
from python_tests.dbt_runner import PROJECT_DIR
from reporting.__main__ import write_reports
from reporting.build_summary import summary
from reporting.figures import Figures, Scope
from reporting.locale import LABELS, Formatter
from reporting.report import Audience, Period, render
from reporting.warehouse import Warehouse

FIXTURE = "calls_golden"
APP = PROJECT_DIR / "dashboard" / "app.py"
PAGES = ("overview", "pipeline", "revenue", "team", "calls", "market")
EN = Formatter("en", "USD")
JANUARY, MARCH = dt.date(2024, 1, 1), dt.date(2024, 3, 1)
NEW_MARTS = ("kpi_pipeline_movement", "fct_open_deals", "kpi_deal_health", "kpi_revenue_cohorts")


@pytest.fixture(scope="module")
def golden(fixture_build) -> Path:
    workdir, run = fixture_build(FIXTURE)
    assert run.ok, run.output[-3000:]
    return workdir / "warehouse.duckdb"


def sql(path: Path, text: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(text, params or []).fetchall()
    finally:
        con.close()


def mart_exists(path: Path, name: str) -> bool:
    return bool(
        sql(
            path,
            "select 1 from information_schema.tables where table_schema = 'marts' "
            "and table_name = ?",
            [name],
        )
    )


def expected_kpis(path: Path, month: dt.date) -> dict[str, float | None]:
    """The seven department figures of `month`, written from the mart definitions."""
    last = sql(path, "select last_day(?::date)", [month])[0][0]

    def one(text, *p):
        return sql(path, text, list(p))[0][0]

    return {
        "pipeline_value": one(
            "select sum(pipeline_value) from marts.kpi_pipeline_value where as_of_date = "
            "(select max(as_of_date) from marts.kpi_pipeline_value where as_of_date <= ?)"
            " and (select max(as_of_date) from marts.kpi_pipeline_value where as_of_date <= ?) >= ?",
            last,
            last,
            month,
        ),
        "conversion_rate": one(
            "select sum(leads_converted_in_window) / nullif(sum(leads_valid), 0) "
            "from marts.kpi_conversion_rate where is_cohort_mature and cohort_month = "
            "(select max(cohort_month) from marts.kpi_conversion_rate "
            " where is_cohort_mature and cohort_month <= ?)",
            month,
        ),
        "mrr": one("select max(closing_mrr) from marts.kpi_mrr where month = ?", month),
        "expansion_mrr": one(
            "select sum(upsell_mrr) + sum(cross_sell_mrr) from marts.kpi_upsell_cross_sell "
            "where month = ?",
            month,
        ),
        "call_score": one(
            "select sum(score_total) / nullif(sum(calls_scored), 0) from marts.kpi_call_quality "
            "where call_month = ?",
            month,
        ),
        "sales_cycle": one(
            "select sum(cycle_days_won_total) / nullif(sum(cycle_days_won_count), 0) "
            "from marts.kpi_sales_cycle where close_month = ?",
            month,
        ),
        "price_index": one(
            "select avg(price_index) from marts.kpi_competitor_pricing where month = ?", month
        ),
    }


KINDS = {
    "pipeline_value": "money",
    "conversion_rate": "rate",
    "mrr": "money",
    "expansion_mrr": "money",
    "call_score": "score",
    "sales_cycle": "days",
    "price_index": "index",
}


def app(golden: Path, monkeypatch, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("DBT_DUCKDB_PATH", str(golden))
    monkeypatch.delenv("REPORT_LANGUAGE", raising=False)
    monkeypatch.delenv("REPORTING_CURRENCY", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["page"] = page
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def table(at: AppTest, index: int) -> list[dict]:
    return at.dataframe[index].value.to_dict("records")


# --- the dashboard under AppTest --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_error(golden, monkeypatch, page, lang):
    at = app(golden, monkeypatch, page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    title = at.title[0].value
    wanted = LABELS["overview_as_of" if page == "overview" else page][lang].split(" {")[0]
    assert title.startswith(wanted), title
    if lang == "ru":
        assert re.search("[а-яА-Я]", title)


@pytest.mark.parametrize("month", [JANUARY, MARCH])
def test_overview_tiles_equal_the_marts(golden, monkeypatch, month):
    at = app(golden, monkeypatch, "overview", month=month.isoformat()[:7])
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    assert len(shown) == 7
    expected = expected_kpis(golden, month)
    previous = expected_kpis(golden, (month - dt.timedelta(days=1)).replace(day=1))
    for key, value in expected.items():
        name = LABELS[key]["en"]
        assert shown[name][0] == EN.kpi(value, KINDS[key], compact=True), key
        if key != "conversion_rate" and value is not None and previous[key] is not None:
            kind = {"money": "money", "rate": "percent_points"}.get(KINDS[key], "number")
            assert shown[name][1] == EN.signed(value - previous[key], kind), key
    # hand-worked (module docstring)
    if month == JANUARY:
        assert shown["MRR"][0] == "$130"  # 129.60
        assert shown["Average call score"][0] == "70.0"
        assert shown["Sales cycle (won, days)"][0] == "18.0"
    else:
        assert shown["MRR"][0] == "$163"  # 163.20
        assert shown["MRR"][1] == "+$4"  # 163.20 − 159.60 = 3.60
        assert shown["Open pipeline"][0] == "$600"
    assert any(
        "rejected" in w.value or "Every raw row" in w.value for w in [*at.warning, *at.success]
    )


def test_tiles_carry_the_hand_worked_values(golden):
    tiles = {t.key: t for t in Figures(Warehouse(golden)).tiles(MARCH)}
    assert tiles["mrr"].value == pytest.approx(163.20)
    assert tiles["mrr"].previous_month == pytest.approx(159.60)
    assert tiles["pipeline_value"].value == pytest.approx(600.0)
    january = {t.key: t for t in Figures(Warehouse(golden)).tiles(JANUARY)}
    assert january["call_score"].value == pytest.approx(70.0)
    assert january["sales_cycle"].value == pytest.approx(18.0)
    assert january["mrr"].value == pytest.approx(129.60)


def test_leaderboard_rows_equal_rep_scorecard(golden, monkeypatch):
    at = app(golden, monkeypatch, "team", month="2024-01")
    shown = table(at, 0)
    rows = sql(
        golden,
        """
        select s.won_amount_rank_in_department, s.user_id, s.team, s.won_amount, s.deals_won,
            p.won_amount_rank_in_department - s.won_amount_rank_in_department
        from marts.rep_scorecard s
        left join marts.rep_scorecard p on p.user_id = s.user_id and p.month = date '2023-12-01'
        where s.month = date '2024-01-01'
        order by 1, 2""",
    )
    assert [
        (r["Rank"], r["Change"], r["Rep"], r["Team"], r["Won amount"], r["Deals won"])
        for r in shown
    ] == [
        (
            EN.number(rank),
            EN.signed(change, "count") if change is not None else "–",
            user,
            team,
            EN.money(won),
            EN.number(deals),
        )
        for rank, user, team, won, deals, change in rows
    ]
    assert (shown[0]["Rank"], shown[0]["Rep"], shown[0]["Won amount"]) == ("1", "U3", "$1,200")
    scorecards = {r["Rep"]: r for r in table(at, 1)}
    assert scorecards["U3"]["Quota attainment"] == "120.0%"  # 1,200 / 1,000


def test_mrr_waterfall_steps_equal_kpi_mrr(golden, monkeypatch):
    at = app(golden, monkeypatch, "revenue", month="2024-03")
    row = sql(
        golden,
        """
        select opening_mrr, fx_effect, new_mrr, expansion_mrr, contraction_mrr, churned_mrr,
            reactivation_mrr, closing_mrr from marts.kpi_mrr where month = date '2024-03-01'""",
    )[0]
    steps = [r["Amount"] for r in table(at, 0)]
    assert steps == [EN.money(v, 2) for v in row]
    assert steps[0] == "$159.60" and steps[1] == "$3.60" and steps[-1] == "$163.20"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "waterfall"
    assert spec["data"][0]["y"] == pytest.approx(list(row))
    assert spec["data"][0]["measure"][0] == "absolute" and spec["data"][0]["measure"][-1] == "total"


def test_call_review_list_and_its_filters(golden, monkeypatch):
    at = app(golden, monkeypatch, "calls", month="2024-01")
    # the review rule: C3 (40 < 70) and C5 (70, no next step); C1 (80, next step) and C6 (90,
    # next step) are fine; C2, C4, C8 were not scored
    assert {r["Call"] for r in table(at, 2)} == {"C3", "C5"}
    at.number_input(key="score_below").set_value(50.0).run()
    assert [r["Call"] for r in table(at, 2)] == ["C3"]
    at.number_input(key="score_below").set_value(None)
    at.checkbox(key="no_next_step").check().run()
    # no next step agreed: C3 (unknown) and C5 (false)
    assert {r["Call"] for r in table(at, 2)} == {"C3", "C5"}
    at.number_input(key="score_below").set_value(75.0).run()
    assert {r["Call"] for r in table(at, 2)} == {"C3", "C5"}
    at.number_input(key="score_below").set_value(60.0).run()
    assert [r["Call"] for r in table(at, 2)] == ["C3"]


def test_manager_view_shows_one_team_only(golden, monkeypatch):
    at = app(golden, monkeypatch, "team", team="smb", month="2024-01")
    teams = {r["Team"] for r in table(at, 0)}
    assert teams == {"smb"}
    assert not [s for s in at.selectbox if s.key == "team"]
    wrong = app(golden, monkeypatch, "team", team="nope")
    assert "no such team" in wrong.error[0].value


def test_missing_or_empty_warehouse_says_what_to_run(tmp_path, monkeypatch):
    missing = app(tmp_path / "nothing.duckdb", monkeypatch, "overview")
    assert "make build" in missing.error[0].value and not missing.exception
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    at = app(empty, monkeypatch, "overview")
    assert "make build" in at.error[0].value and not at.exception


def test_a_build_writing_the_warehouse_shows_the_last_figures_or_a_note(
    golden, tmp_path, monkeypatch
):
    copy = tmp_path / "writing.duckdb"
    shutil.copy(golden, copy)
    first = app(copy, monkeypatch, "market")
    assert not first.exception and not first.error
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "time.sleep(120)",
            str(copy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        again = app(copy, monkeypatch, "market")
        assert not again.exception and not again.error
        assert any("figures read at" in w.value for w in again.warning)
        never_read = app(copy, monkeypatch, "calls")
        assert any("writing" in i.value for i in never_read.info), [
            i.value for i in never_read.info
        ]
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize(
    "page,mart",
    [
        ("pipeline", "kpi_pipeline_movement"),
        ("pipeline", "kpi_deal_health"),
        ("pipeline", "fct_open_deals"),
        ("revenue", "kpi_revenue_cohorts"),
    ],
)
def test_sections_of_the_new_marts_say_when_they_are_not_built(
    golden, tmp_path, monkeypatch, page, mart
):
    """Built: the section shows the mart and no note. Dropped from a copy of the warehouse (an
    older build): the section says the mart is not built yet, and the page still renders."""
    assert mart_exists(golden, mart)
    at = app(golden, monkeypatch, page)
    assert not at.exception
    assert not [i.value for i in at.info if "not built yet" in i.value and mart in i.value]
    copy = tmp_path / "older_build.duckdb"
    shutil.copy(golden, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(f"drop table marts.{mart}")
    finally:
        con.close()
    older = app(copy, monkeypatch, page)
    assert not older.exception
    assert [i.value for i in older.info if i.value.startswith(mart) and "not built yet" in i.value]


def test_movement_waterfall_equals_kpi_pipeline_movement(golden, monkeypatch):
    assert mart_exists(golden, "kpi_pipeline_movement")
    at = app(golden, monkeypatch, "pipeline", month="2024-03")
    row = sql(
        golden,
        """
        select coalesce(sum(opening_value), 0), -coalesce(sum(won_value), 0),
            -coalesce(sum(lost_value), 0), coalesce(sum(fx_effect), 0), coalesce(sum(new_value), 0),
            coalesce(sum(reopened_value), 0), coalesce(sum(closing_value), 0)
        from marts.kpi_pipeline_movement where month = date '2024-03-01'""",
    )[0]
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert spec["data"][0]["y"] == pytest.approx(list(row))


def test_deal_health_equals_kpi_deal_health(golden, monkeypatch):
    assert mart_exists(golden, "kpi_deal_health")
    at = app(golden, monkeypatch, "pipeline")
    rows = sql(
        golden,
        """select stage, sum(open_deals), sum(stuck_deals) from marts.kpi_deal_health
                          group by stage order by stage""",
    )
    shown = [
        t for t in at.dataframe if "Stuck" in t.value.columns and "Open deals" in t.value.columns
    ][0]
    assert [(r["Stage"], r["Open deals"], r["Stuck"]) for r in shown.value.to_dict("records")] == [
        (stage, EN.number(open_), EN.number(stuck)) for stage, open_, stuck in rows
    ]


def test_cohort_heat_map_equals_kpi_revenue_cohorts(golden, monkeypatch):
    assert mart_exists(golden, "kpi_revenue_cohorts")
    at = app(golden, monkeypatch, "revenue")
    values = sorted(
        v
        for (v,) in sql(
            golden,
            "select net_revenue_retention from marts.kpi_revenue_cohorts "
            "where net_revenue_retention is not null",
        )
    )
    spec = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = [s for s in spec if s["data"][0]["type"] == "heatmap"][0]["data"][0]["z"]
    assert sorted(v for row in heat for v in row if v is not None) == pytest.approx(values)


# --- the reports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(golden, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    written = write_reports(
        Warehouse(golden), out / "en", "en", "USD", pdf=True, echo=lambda _: None
    )
    russian = write_reports(
        Warehouse(golden), out / "ru", "ru", "USD", pdf=True, echo=lambda _: None
    )
    return {str(p.relative_to(out)): p for p in [*written, *russian]}


def test_reports_are_written_for_the_department_each_team_and_each_rep(reports):
    for period in ("month", "week"):
        for name in ("department", "team-all", "team-smb", "rep-U1", "rep-U2", "rep-U3", "rep-U4"):
            for suffix in ("html", "pdf"):
                assert f"en/2024-04-15/{period}/{name}.{suffix}" in reports
    for name, path in reports.items():
        data = path.read_bytes()
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF") and len(data) > 5000, name
        else:
            text = data.decode()
            # self-contained: no scripts, no links to fetch, charts inline
            assert "<script" not in text and "<link" not in text and "url(" not in text, name
            assert not re.search(r'(src|href)="https?:', text), name
            assert "<svg" in text, name


def test_report_tiles_equal_the_marts(reports, golden):
    text = reports["en/2024-04-15/month/department.html"].read_text()
    shown = dict(
        re.findall(
            r'data-kpi="(\w+)"><div class="name">[^<]*</div><div class="value">([^<]*)<', text
        )
    )
    expected = expected_kpis(golden, MARCH)  # the latest complete month before 2024-04-15
    assert shown == {k: EN.kpi(v, KINDS[k]) for k, v in expected.items()}
    assert shown["mrr"] == "$163" and shown["pipeline_value"] == "$600"
    assert "March 2024" in text
    week = reports["en/2024-04-15/week/department.html"].read_text()
    assert "Apr 8, 2024 – Apr 14, 2024" in week


def test_a_reps_report_lists_their_calls_to_review_and_rank(golden):
    figures = Figures(Warehouse(golden))
    html = render(
        figures,
        Audience("rep", "U3", Scope(rep="U3")),
        Period("month", JANUARY, dt.date(2024, 1, 31)),
        EN,
        dt.date(2024, 4, 15),
    )
    review = html.split("Calls needing review")[1].split("<h2>")[0]
    assert re.findall(r"<td class=\"\">(C\d)</td>", review) == ["C3", "C5"]  # 40, then 70
    assert "C1" not in review
    rank = re.search(r'<p class="rank">([^<]*)</p>', html).group(1)
    ranks = sql(
        golden,
        "select won_amount_rank_in_department, reps_in_department "
        "from marts.rep_scorecard where month = date '2024-03-01' and user_id = 'U3'",
    )
    assert rank.startswith(f"{ranks[0][0]} / {ranks[0][1]}")
    stuck = html.split("Stuck deals")[1]
    if mart_exists(golden, "fct_open_deals"):
        assert "not built yet" not in stuck
    else:
        assert "fct_open_deals is not built yet" in stuck


def test_russian_labels_have_glyphs_in_the_report_font(reports):
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(browser.CYRILLIC_FONT)).getBestCmap()
    used = {ch for texts in LABELS.values() for ch in texts["ru"] if not ch.isspace()}
    missing = sorted(ch for ch in used if ord(ch) not in cmap)
    assert not missing, f"characters the report font cannot draw: {missing}"
    text = reports["ru/2024-04-15/month/department.html"].read_text()
    assert "Отчёт по отделу" in text and "март 2024" in text
    pdf = reports["ru/2024-04-15/month/department.pdf"].read_bytes()
    streams = [pdf]
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            pass
    # the font with the Cyrillic glyphs is the one embedded (no fallback font without them)
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z-]+)", b"".join(streams)))
    assert fonts and all(name.startswith(b"DejaVu") for name in fonts), fonts


# --- the summary at the end of `make build` ----------------------------------------------------


def test_build_summary_shows_as_of_date_the_seven_kpis_and_rejected_rows(golden):
    lines = summary(Warehouse(golden))
    text = "\n".join(lines)
    assert lines[0] == "as_of_date: 2024-04-15"
    expected = expected_kpis(golden, dt.date(2024, 4, 1))
    for key, value in expected.items():
        line = next(ln for ln in lines if ln.strip().startswith(LABELS[key]["en"]))
        assert line.endswith(EN.kpi(value, KINDS[key])), line
    rejected = sql(
        golden, "select coalesce(sum(rows_rejected), 0) from data_quality.dq_row_counts"
    )[0][0]
    assert (f"Rows rejected: {rejected}" in text) if rejected else ("Rows rejected: none" in text)


def test_money_is_labelled_with_the_currency_the_warehouse_was_built_in(
    golden, tmp_path, monkeypatch
):
    """The build writes its reporting_currency into int_report_period; a EUR warehouse is
    labelled in euros by the summary and the dashboard, whatever the reader's environment."""
    assert sql(golden, "select reporting_currency from intermediate.int_report_period") == [
        ("USD",)
    ]
    copy = tmp_path / "eur.duckdb"
    shutil.copy(golden, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("update intermediate.int_report_period set reporting_currency = 'EUR'")
    finally:
        con.close()
    monkeypatch.delenv("REPORTING_CURRENCY", raising=False)
    pipeline = next(ln for ln in summary(Warehouse(copy)) if LABELS["pipeline_value"]["en"] in ln)
    assert "€" in pipeline and "$" not in pipeline, pipeline
    at = app(copy, monkeypatch, "overview")
    shown = " ".join(str(m.value) for m in at.metric)
    assert "€" in shown and "$" not in shown


def test_build_wrapper_fails_with_the_error_lines(tmp_path):
    """A failing dbt build (a misspelt select) fails the wrapper and shows dbt's error."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "DBT_DUCKDB_PATH": str(tmp_path / "w.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reporting.build_summary",
            "--vars",
            "{conversion_window_days: -1}",
            "--select",
            "int_report_period",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "dbt build FAILED" in done.stderr and "conversion_window_days" in done.stderr
    assert list((tmp_path / "logs").glob("build-*.log"))


# --- a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    return browser.ensure_chromium()


@pytest.fixture(scope="module")
def running_app(golden):
    port = browser.free_port()
    env = {**os.environ, "DBT_DUCKDB_PATH": str(golden)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "viewer",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser.wait_for_http(f"http://127.0.0.1:{port}/_stcore/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


STREAMLIT_READY = (
    "!!document.querySelector('h1') && "
    "!document.querySelector('[data-testid=\"stSkeleton\"]') && "
    "document.querySelectorAll('[data-testid=\"stStatusWidget\"] *').length === 0"
)


def test_every_page_in_a_real_browser(chromium, running_app, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    session = browser.Browser(chromium)
    try:
        for page in PAGES:
            # ready, and still ready 1.5 s later (the charts drawn, no rerun under way); a page
            # that never settles fails with a TimeoutError
            session.open(
                f"{running_app}/?page={page}&month=2024-03", STREAMLIT_READY, stable_for=1.5
            )
            errors = session.evaluate(
                "document.querySelectorAll('[data-testid=\"stException\"]').length"
            )
            assert errors == 0, page
            title = session.evaluate("document.querySelector('h1').innerText")
            assert title.startswith(
                LABELS["overview_as_of" if page == "overview" else page]["en"][:5]
            )
            image = session.screenshot(shots / f"dashboard-{page}.png", full_page=False)
            assert browser.has_content(image), page
        session.open(f"{running_app}/?page=overview&lang=ru", STREAMLIT_READY)
        assert "Обзор на" in session.evaluate("document.querySelector('h1').innerText")
    finally:
        session.close()


def test_reports_in_a_real_browser(chromium, reports, tmp_path):
    session = browser.Browser(chromium)
    try:
        for name in (
            "en/2024-04-15/month/department.html",
            "en/2024-04-15/month/rep-U3.html",
            "ru/2024-04-15/week/team-smb.html",
        ):
            session.open(reports[name].as_uri(), "document.readyState === 'complete'")
            assert session.evaluate("document.querySelectorAll('svg').length") > 0
            image = session.screenshot(tmp_path / (name.replace("/", "_") + ".png"))
            assert browser.has_content(image), name
            if name.startswith("ru/"):
                assert session.evaluate(
                    "document.fonts.check('12px \"DejaVu Sans\"', 'Отчёт команды')"
                )
    finally:
        session.close()


def test_new_mart_sections_render_from_the_spec_columns(golden, tmp_path, monkeypatch):
    """Until the marts of 'Beyond the seven' are built here, a copy of the golden warehouse
    gets hand-made tables with exactly the spec's columns (kpi_definitions.md, "The new
    marts"): the sections read them by those names and show these rows."""
    copy = tmp_path / "with_new_marts.duckdb"
    shutil.copy(golden, copy)
    con = duckdb.connect(str(copy))
    try:
        for mart in NEW_MARTS:
            con.execute(f"drop table if exists marts.{mart}")
        # March 2024, U4: D2 (600) open at both ends, nothing else moved.
        con.execute("""create table marts.kpi_pipeline_movement as select date '2024-03-01' as month,
            'U4' as owner_id, 1 as opening_deals, 600.0 as opening_value, 0 as won_deals,
            0.0 as won_value, 0 as lost_deals, 0.0 as lost_value, 0.0 as fx_effect, 0 as new_deals,
            0.0 as new_value, 0 as reopened_deals, 0.0 as reopened_value, 1 as closing_deals,
            600.0 as closing_value""")
        con.execute("""create table marts.fct_open_deals as select 'D2' as deal_id, 'U4' as owner_id,
            'proposal' as stage, 600.0 as amount, 70 as days_open, 70 as days_in_stage,
            10.0 as stage_median_days, true as is_stuck, true as is_overdue,
            30 as days_since_last_call, true as is_inactive""")
        con.execute("""create table marts.kpi_deal_health as select 'U4' as owner_id,
            'proposal' as stage, 1 as open_deals, 600.0 as open_value, 1 as stuck_deals,
            600.0 as stuck_value, 1 as overdue_deals, 600.0 as overdue_value, 1 as inactive_deals,
            600.0 as inactive_value""")
        con.execute("""create table marts.kpi_revenue_cohorts as select * from (values
            (date '2024-01-01', 0, 2, 2, 129.6, 129.6, 1.0, 1.0),
            (date '2024-01-01', 1, 2, 2, 129.6, 159.6, 1.0, 1.2315)) as t(cohort_month,
            months_since_start, customers_at_start, customers_active, mrr_at_start, mrr_now,
            logo_retention, net_revenue_retention)""")
    finally:
        con.close()
    pipeline = app(copy, monkeypatch, "pipeline", month="2024-03")
    assert not pipeline.exception and not [i for i in pipeline.info if "not built" in i.value]
    movement = json.loads(pipeline.get("plotly_chart")[1].proto.spec)["data"][0]
    assert movement["y"] == pytest.approx([600, 0, 0, 0, 0, 0, 600])
    health = [t.value for t in pipeline.dataframe if "Stuck" in t.value.columns][0]
    assert health.to_dict("records") == [
        {"Stage": "proposal", "Open deals": "1", "Stuck": "1", "Overdue": "1", "Inactive": "1"}
    ]
    stuck = [t.value for t in pipeline.dataframe if "Deal" in t.value.columns][0]
    assert list(stuck["Deal"]) == ["D2"] and list(stuck["Amount"]) == ["$600"]
    revenue = app(copy, monkeypatch, "revenue", month="2024-03")
    heat = [json.loads(c.proto.spec)["data"][0] for c in revenue.get("plotly_chart")]
    heat = [d for d in heat if d["type"] == "heatmap"][0]
    assert heat["z"] == [pytest.approx([1.0, 1.2315])]
    html = render(
        Figures(Warehouse(copy)),
        Audience("rep", "U4", Scope(rep="U4")),
        Period("month", MARCH, dt.date(2024, 3, 31)),
        EN,
        dt.date(2024, 4, 15),
    )
    assert "not built yet" not in html
    assert '<td class="">D2</td>' in html.split("Stuck deals")[1]
