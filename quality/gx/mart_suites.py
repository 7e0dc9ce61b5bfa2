"""One suite per KPI mart: ranges, invariants and distributions, written as data.

Each entry of MART_SUITES is the list of rules of one mart (see quality/gx/rules/). One home
per invariant: the keys and the invariants of the definitions (bridges that close, counts
that nest, signs, shares between 0 and 1, ranks) are dbt tests, which fail the build before
anything reads a mart; no suite repeats them (CONTRIBUTING.md, "One home per invariant"
lists the guard of each). These suites look at the public tables as a BI consumer would, with
what the dbt tests do not assert: distributions (sanity bands that catch unit mistakes such as
a 0-100 probability or minutes stored as seconds), each rate recomputed from its sum and count
(Ratio), month columns on the first day, enumerations, and that the mart has rows.

To add a suite for a new mart: add an entry below. A convention test fails when a kpi_ or rep_
mart has no suite, or a suite names a mart that does not exist.
"""

from __future__ import annotations

from quality.gx.rules import (
    MONEY_TOLERANCE,
    AtMost,
    Between,
    FirstOfMonth,
    InSet,
    MeanBetween,
    NonNegative,
    Ratio,
    RowCountAtLeast,
    Rule,
    Share,
    Suite,
    SumEquals,
)

DEAL_TYPES = ("new_business", "upsell", "cross_sell", "renewal")
CHANNELS = ("inbound", "outbound")


def _scorecard_rules(key: tuple[str, ...], attainment_numerator: str) -> list[Rule]:
    """What the rep scorecard and its team and department roll-ups share."""
    return [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        NonNegative(
            "leads_owned",
            "deals_won",
            "deals_lost",
            "won_amount",
            "open_deals",
            "open_pipeline_value",
            "calls",
            "calls_connected",
            "won_upsell_deals",
            "won_cross_sell_deals",
        ),
        AtMost("calls_answered", "calls"),
        AtMost("calls_connected", "calls_answered"),
        AtMost("calls_scored", "calls"),
        AtMost("open_weighted_pipeline_value", "open_pipeline_value", MONEY_TOLERANCE),
        Ratio("win_rate_by_count", "deals_won", ("deals_won", "deals_lost")),
        Ratio("score_mean", "score_total", "calls_scored"),
        Ratio("cycle_days_won_mean", "cycle_days_won_total", "cycle_days_won_count"),
        Ratio("quota_attainment", attainment_numerator, "quota_amount"),
        Between(("score_mean",), 0, 100, label="score_0_100"),
    ]


MART_SUITES: dict[str, list[Rule]] = {
    "kpi_pipeline_value": [
        RowCountAtLeast(1),
        InSet("deal_type", DEAL_TYPES),
        NonNegative("open_deals", "open_deals_without_amount"),
        AtMost("open_deals_without_amount", "open_deals"),
        # weighted <= value and both >= 0: assert_pipeline_weighted_not_above_value (dbt).
        # The known mistake: a 0-100 probability makes the weighted pipeline 100 times too large.
        Share("stage_probability"),
    ],
    "kpi_pipeline_coverage": [
        RowCountAtLeast(1),
        FirstOfMonth("quarter_start"),
        NonNegative(
            "pipeline_expected_in_quarter",
            "won_amount_quarter_to_date",
            "pipeline_coverage",
        ),
        AtMost(
            "weighted_pipeline_expected_in_quarter",
            "pipeline_expected_in_quarter",
            MONEY_TOLERANCE,
        ),
    ],
    "kpi_conversion_rate": [
        RowCountAtLeast(1),
        FirstOfMonth("cohort_month"),
        InSet("channel", CHANNELS),
        NonNegative(
            "leads_total",
            "leads_excluded",
            "leads_valid",
            "leads_converted_to_date",
            "leads_converted_in_window",
        ),
        # total = excluded + valid, converted <= valid, rates in 0..1: dbt guards
        # assert_conversion_leads_total_balance, _converted_not_above_valid, funnel_rates_between_0_and_1.
        Ratio("conversion_rate_to_date", "leads_converted_to_date", "leads_valid"),
        Ratio("conversion_rate_in_window", "leads_converted_in_window", "leads_valid"),
        MeanBetween(
            "conversion_rate_to_date",
            0.001,
            0.9,
            "A cohort rate near 1 on average smells of a period ratio.",
        ),
    ],
    "kpi_lead_funnel": [
        RowCountAtLeast(1),
        FirstOfMonth("cohort_month"),
        # The steps narrow: assert_lead_funnel_steps_nest (dbt).
        Ratio("valid_to_won_rate", "leads_won", "leads_valid"),
    ],
    "kpi_mrr": [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        # The bridge closes, the splits and ARR add up, each month opens at the last one's close
        # and movements keep their signs: dbt guards assert_mrr_bridge_closes, _split_sums,
        # _opening_equals_previous_closing, _movement_signs.
        NonNegative(
            "customers_active",
            "customers_new",
            "customers_churned",
            "customers_reactivated",
        ),
        AtMost("customers_new", "customers_active"),
    ],
    "kpi_upsell_cross_sell": [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        NonNegative(
            "customers_upsold",
            "customers_cross_sold",
            "customers_active_at_start",
            "upsell_mrr",
            "cross_sell_mrr",
            "downsell_mrr",
            "won_upsell_deals",
            "won_upsell_amount",
            "won_cross_sell_deals",
            "won_cross_sell_amount",
            "won_amount_total",
        ),
        AtMost("won_upsell_amount", "won_amount_total", MONEY_TOLERANCE),
        AtMost("won_cross_sell_amount", "won_amount_total", MONEY_TOLERANCE),
        Ratio("upsell_rate", "customers_upsold", "customers_active_at_start"),
        # upsell_rate in 0..1: assert_revenue_rates_in_range (dbt).
    ],
    "kpi_upsell_cross_sell_by_family": [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        NonNegative(
            "customers_upsold",
            "customers_cross_sold",
            "upsell_mrr",
            "cross_sell_mrr",
            "downsell_mrr",
        ),
    ],
    "kpi_call_quality": [
        RowCountAtLeast(1),
        InSet("direction", CHANNELS),
        NonNegative("calls", "talk_seconds_total", "wait_seconds_total", "score_total"),
        # Counts nest (answered <= calls, ...): assert_calls_answered_not_above_calls (dbt).
        Ratio("answer_rate", "calls_answered", "calls"),
        Ratio("score_mean", "score_total", "calls_scored"),
        Between(("score_mean",), 0, 100, label="score_0_100"),
        MeanBetween(
            "talk_seconds_mean",
            5,
            3600,
            "Talk time is in seconds, not minutes or milliseconds.",
        ),
    ],
    "kpi_speed_to_lead": [
        RowCountAtLeast(1),
        FirstOfMonth("cohort_month"),
        NonNegative(
            "leads",
            "leads_called",
            "leads_called_within_5_min",
            "leads_called_within_60_min",
        ),
        # Counts nest (within 5 <= within 60 <= called <= leads): assert_speed_to_lead_counts_nest.
        MeanBetween("median_minutes_to_first_call", 0.5, 43200, "Minutes, not seconds or days."),
    ],
    "kpi_sales_cycle": [
        RowCountAtLeast(1),
        FirstOfMonth("close_month"),
        InSet("deal_type", DEAL_TYPES),
        NonNegative(
            "deals_won",
            "deals_lost",
            "won_amount",
            "lost_amount",
            "cycle_days_won_mean",
        ),
        # Cycle days >= 0 and win rates in 0..1: assert_sales_cycle_days_non_negative,
        # assert_funnel_rates_between_0_and_1 (dbt).
        Ratio("win_rate_by_count", "deals_won", ("deals_won", "deals_lost")),
        AtMost("cycle_days_won_median", "cycle_days_won_p90"),
        MeanBetween("cycle_days_won_mean", 1, 730, "Cycle length is in days."),
    ],
    "kpi_stage_velocity": [
        RowCountAtLeast(1),
        NonNegative(
            "stage_entries",
            "days_in_stage_total",
            "days_in_stage_mean",
            "days_in_stage_median",
        ),
        MeanBetween("days_in_stage_mean", 0.1, 365, "Days in a stage, not seconds."),
    ],
    "kpi_competitor_pricing": [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        NonNegative(
            "our_list_price",
            "our_realised_price",
            "competitors_observed",
            "market_min_price",
            "market_max_price",
            "market_mean_price",
            "market_median_price",
            "stale_observations",
        ),
        AtMost("market_min_price", "market_mean_price", MONEY_TOLERANCE),
        AtMost("market_mean_price", "market_max_price", MONEY_TOLERANCE),
        AtMost("market_min_price", "market_median_price", MONEY_TOLERANCE),
        AtMost("market_median_price", "market_max_price", MONEY_TOLERANCE),
        Between(("our_price_rank",), minimum=1, label="rank_from_1"),
        Ratio("price_index", "our_list_price", "market_mean_price", scale=100),
    ],
    "rep_scorecard": [
        *_scorecard_rules(("month", "user_id"), "won_amount"),
        # Each rank is 1 + the peers who won more: assert_scorecard_ranks_follow_won_amount.
        AtMost("won_amount_rank_in_team", "reps_in_team"),
        AtMost("won_amount_rank_in_department", "reps_in_department"),
        AtMost("reps_in_team", "reps_in_department"),
        AtMost("leads_converted_to_date", "leads_owned"),
        AtMost("won_upsell_deals", "deals_won"),
    ],
    "rep_scorecard_teams": [
        *_scorecard_rules(("month", "team"), "won_amount_with_quota"),
        AtMost("won_amount_with_quota", "won_amount", MONEY_TOLERANCE),
    ],
    "rep_scorecard_department": [
        *_scorecard_rules(("month",), "won_amount_with_quota"),
        AtMost("won_amount_with_quota", "won_amount", MONEY_TOLERANCE),
    ],
    "kpi_pipeline_movement": [
        RowCountAtLeast(1),
        FirstOfMonth("month"),
        NonNegative(
            "opening_deals",
            "opening_value",
            "won_deals",
            "won_value",
            "lost_deals",
            "lost_value",
            "new_deals",
            "new_value",
            "reopened_deals",
            "reopened_value",
            "created_and_closed_won",
            "created_and_closed_lost",
            "closing_deals",
            "closing_value",
        ),
        SumEquals("carried_deals", ("advanced_deals", "regressed_deals", "unchanged_deals")),
        AtMost("weighted_opening_value", "opening_value", MONEY_TOLERANCE),
        AtMost("weighted_closing_value", "closing_value", MONEY_TOLERANCE),
    ],
    "kpi_deal_health": [
        RowCountAtLeast(1),
        NonNegative("open_deals", "open_value", "stuck_deals", "overdue_deals", "inactive_deals"),
        AtMost("stuck_deals", "open_deals"),
        AtMost("overdue_deals", "open_deals"),
        AtMost("inactive_deals", "open_deals"),
        AtMost("stuck_value", "open_value", MONEY_TOLERANCE),
    ],
    "kpi_forecast": [
        RowCountAtLeast(1),
        NonNegative(
            "won_amount",
            "commit_amount",
            "best_case_amount",
            "pipeline_amount",
            "open_without_close_date",
        ),
        AtMost("won_amount", "weighted_forecast", MONEY_TOLERANCE),
    ],
    "kpi_loss_reasons": [
        RowCountAtLeast(1),
        FirstOfMonth("close_month"),
        NonNegative("lost_deals", "lost_amount"),
        Ratio("share_of_lost_deals", "lost_deals", "month_lost_deals"),
        Share("share_of_lost_deals", "share_of_lost_amount"),
    ],
    "kpi_revenue_cohorts": [
        RowCountAtLeast(1),
        FirstOfMonth("cohort_month"),
        NonNegative("customers_at_start", "customers_active", "mrr_at_start", "mrr_now"),
        AtMost("customers_active", "customers_at_start"),
        Ratio("logo_retention", "customers_active", "customers_at_start"),
        Share("logo_retention"),
    ],
}


def mart_suites() -> list[Suite]:
    return [
        Suite(
            name=mart,
            table=mart,
            rules=rules,
            description=f"KPI mart marts.{mart}: ranges, invariants and distributions.",
            tags=("mart",),
        )
        for mart, rules in MART_SUITES.items()
    ]
