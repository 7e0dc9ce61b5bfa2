"""Labels and number, date and money formatting for the report languages (en, ru).

One home for how a figure looks: the dashboard and the reports both format through here.
Babel's CLDR data gives the locale rules (ru: `1 234,50 $`, `5 мар. 2024 г.`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass

import pandas as pd
from babel import dates as babel_dates
from babel import numbers as babel_numbers

LANGUAGES = ("en", "ru")
BABEL_LOCALE = {"en": "en_US", "ru": "ru_RU"}

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Sales KPIs", "ru": "KPI отдела продаж"},
    "overview": {"en": "Overview", "ru": "Обзор"},
    "overview_as_of": {"en": "Overview as of {date}", "ru": "Обзор на {date}"},
    "pipeline": {"en": "Pipeline", "ru": "Воронка"},
    "revenue": {"en": "Revenue", "ru": "Выручка"},
    "team": {"en": "Team", "ru": "Команда"},
    "calls": {"en": "Calls", "ru": "Звонки"},
    "market": {"en": "Market", "ru": "Рынок"},
    "period": {"en": "Month", "ru": "Месяц"},
    "all_teams": {"en": "All teams", "ru": "Все команды"},
    "all_reps": {"en": "All reps", "ru": "Все менеджеры"},
    "rep": {"en": "Rep", "ru": "Менеджер"},
    "language": {"en": "Language", "ru": "Язык"},
    "page": {"en": "Page", "ru": "Страница"},
    # the seven KPIs
    "pipeline_value": {"en": "Open pipeline", "ru": "Стоимость воронки"},
    "conversion_rate": {"en": "Lead conversion (in window)", "ru": "Конверсия лидов (в окне)"},
    "mrr": {"en": "MRR", "ru": "MRR (ежемесячный доход)"},
    "expansion_mrr": {"en": "Upsell + cross-sell MRR", "ru": "Допродажи и кросс-продажи, MRR"},
    "call_score": {"en": "Average call score", "ru": "Средняя оценка звонка"},
    "sales_cycle": {"en": "Sales cycle (won, days)", "ru": "Цикл сделки (выигранные, дни)"},
    "price_index": {"en": "Price index (market = 100)", "ru": "Индекс цены (рынок = 100)"},
    "vs_previous_month": {"en": "vs previous month", "ru": "к прошлому месяцу"},
    "vs_last_year": {"en": "vs same month last year", "ru": "к месяцу год назад"},
    "department_only": {"en": "department figure", "ru": "по всему отделу"},
    "no_data": {"en": "no data", "ru": "нет данных"},
    # data quality
    "dq_ok": {"en": "Every raw row was used.", "ru": "Все строки выгрузок использованы."},
    "dq_banner": {
        "en": "{rows} raw rows were rejected (see the ledger data_quality.dq_rejected_rows):",
        "ru": "Отклонено строк выгрузок: {rows} (журнал data_quality.dq_rejected_rows):",
    },
    "source_table": {"en": "Table", "ru": "Таблица"},
    "rows_rejected": {"en": "Rows rejected", "ru": "Отклонено строк"},
    "reason": {"en": "Reason", "ru": "Причина"},
    # pipeline
    "stage": {"en": "Stage", "ru": "Этап"},
    "open_deals": {"en": "Open deals", "ru": "Открытые сделки"},
    "weighted_pipeline": {"en": "Weighted pipeline", "ru": "Взвешенная воронка"},
    "pipeline_by_stage": {"en": "Open pipeline by stage", "ru": "Воронка по этапам"},
    "movement": {"en": "Pipeline movement in the month", "ru": "Движение воронки за месяц"},
    "opening": {"en": "Opening", "ru": "На начало"},
    "won": {"en": "Won", "ru": "Выиграно"},
    "lost": {"en": "Lost", "ru": "Проиграно"},
    "fx_effect": {"en": "FX effect", "ru": "Курсовая разница"},
    "new": {"en": "New", "ru": "Новые"},
    "reopened": {"en": "Reopened", "ru": "Переоткрытые"},
    "closing": {"en": "Closing", "ru": "На конец"},
    "coverage": {"en": "Coverage against quota", "ru": "Покрытие плана"},
    "quarter": {"en": "Quarter", "ru": "Квартал"},
    "quota": {"en": "Quota", "ru": "План"},
    "won_amount": {"en": "Won amount", "ru": "Выиграно, сумма"},
    "remaining_quota": {"en": "Remaining quota", "ru": "Остаток плана"},
    "expected_in_quarter": {"en": "Pipeline expected in quarter", "ru": "Ожидается в квартале"},
    "deal_health": {"en": "Deal health", "ru": "Здоровье сделок"},
    "stuck": {"en": "Stuck", "ru": "Зависшие"},
    "overdue": {"en": "Overdue", "ru": "Просроченные"},
    "inactive": {"en": "Inactive", "ru": "Без активности"},
    "stuck_deals": {"en": "Stuck deals", "ru": "Зависшие сделки"},
    "not_built": {
        "en": "{mart} is not built yet: this section appears once the warehouse has it "
        "(run `make build` on a version of the project that includes it).",
        "ru": "{mart} ещё не построена: раздел появится, когда она будет в хранилище "
        "(запустите `make build` на версии проекта, где она есть).",
    },
    "deal": {"en": "Deal", "ru": "Сделка"},
    "amount": {"en": "Amount", "ru": "Сумма"},
    "days_in_stage": {"en": "Days in stage", "ru": "Дней на этапе"},
    "days_open": {"en": "Days open", "ru": "Дней открыта"},
    "owner": {"en": "Owner", "ru": "Владелец"},
    # revenue
    "mrr_bridge": {"en": "MRR bridge", "ru": "Мост MRR"},
    "opening_mrr": {"en": "Opening MRR", "ru": "MRR на начало"},
    "new_mrr": {"en": "New", "ru": "Новый"},
    "expansion": {"en": "Expansion", "ru": "Расширение"},
    "contraction": {"en": "Contraction", "ru": "Сокращение"},
    "churn": {"en": "Churn", "ru": "Отток"},
    "reactivation": {"en": "Reactivation", "ru": "Возврат"},
    "closing_mrr": {"en": "Closing MRR", "ru": "MRR на конец"},
    "mrr_by_channel": {"en": "MRR by acquisition channel", "ru": "MRR по каналу привлечения"},
    "inbound": {"en": "Inbound", "ru": "Входящие"},
    "outbound": {"en": "Outbound", "ru": "Исходящие"},
    "unattributed": {"en": "Unattributed", "ru": "Без канала"},
    "upsell_cross_sell": {"en": "Upsell and cross-sell", "ru": "Допродажи и кросс-продажи"},
    "upsell_mrr": {"en": "Upsell MRR", "ru": "Допродажи, MRR"},
    "cross_sell_mrr": {"en": "Cross-sell MRR", "ru": "Кросс-продажи, MRR"},
    "downsell_mrr": {"en": "Downsell MRR", "ru": "Сокращения, MRR"},
    "cohorts": {"en": "Revenue retention by cohort", "ru": "Удержание выручки по когортам"},
    "cohort_month": {"en": "Cohort", "ru": "Когорта"},
    "months_since_start": {"en": "Months since start", "ru": "Месяцев с начала"},
    "month": {"en": "Month", "ru": "Месяц"},
    # team
    "leaderboard": {"en": "Leaderboard", "ru": "Рейтинг"},
    "rank": {"en": "Rank", "ru": "Место"},
    "rank_change": {"en": "Change", "ru": "Изменение"},
    "scorecards": {"en": "Scorecards against quota", "ru": "Выполнение плана"},
    "quota_attainment": {"en": "Quota attainment", "ru": "Выполнение плана"},
    "deals_won": {"en": "Deals won", "ru": "Выиграно сделок"},
    "win_rate": {"en": "Win rate (count)", "ru": "Доля выигрышей (по числу)"},
    "team_name": {"en": "Team", "ru": "Команда"},
    "call_activity": {"en": "Call activity and quality per rep", "ru": "Звонки по менеджерам"},
    "calls_total": {"en": "Calls", "ru": "Звонки"},
    "calls_connected": {"en": "Conversations", "ru": "Разговоры"},
    "score_mean": {"en": "Average score", "ru": "Средняя оценка"},
    "your_rank": {"en": "Rank in the department", "ru": "Место в отделе"},
    # calls
    "call_trend": {"en": "Call quality trend", "ru": "Динамика качества звонков"},
    "good_call_rate": {"en": "Good call rate", "ru": "Доля хороших звонков"},
    "speed_to_lead": {"en": "Speed to lead", "ru": "Скорость реакции на лид"},
    "leads": {"en": "Leads", "ru": "Лиды"},
    "called_within_5": {"en": "Called within 5 min", "ru": "Звонок за 5 мин"},
    "median_minutes": {"en": "Median minutes to first call", "ru": "Медиана минут до звонка"},
    "call_review": {"en": "Calls needing review", "ru": "Звонки на разбор"},
    "score_below": {"en": "Score below", "ru": "Оценка ниже"},
    "no_next_step": {"en": "No next step only", "ru": "Только без следующего шага"},
    "call": {"en": "Call", "ru": "Звонок"},
    "date": {"en": "Date", "ru": "Дата"},
    "score": {"en": "Score", "ru": "Оценка"},
    "next_step": {"en": "Next step", "ru": "Следующий шаг"},
    "yes": {"en": "yes", "ru": "да"},
    "no": {"en": "no", "ru": "нет"},
    # market
    "price_index_by_product": {"en": "Price index by product", "ru": "Индекс цены по продуктам"},
    "product": {"en": "Product", "ru": "Продукт"},
    "our_price": {"en": "Our list price", "ru": "Наша цена"},
    "market_mean": {"en": "Market mean", "ru": "Средняя по рынку"},
    "price_rank": {"en": "Our rank (1 = cheapest)", "ru": "Наше место (1 = дешевле всех)"},
    # reports
    "report_department": {"en": "Department report", "ru": "Отчёт по отделу"},
    "report_team": {"en": "Team report: {name}", "ru": "Отчёт команды: {name}"},
    "report_rep": {"en": "Rep report: {name}", "ru": "Отчёт менеджера: {name}"},
    "report_month": {"en": "Month {period}", "ru": "Месяц {period}"},
    "report_week": {"en": "Week {period}", "ru": "Неделя {period}"},
    "generated_from": {
        "en": "Built from the warehouse as of {date}; money in {currency}.",
        "ru": "По данным хранилища на {date}; суммы в {currency}.",
    },
    "calls_in_period": {"en": "Calls in the period", "ru": "Звонки за период"},
    "nothing": {"en": "Nothing to list.", "ru": "Нет записей."},
}


def label(key: str, language: str, **values: object) -> str:
    text = LABELS[key][language if language in LANGUAGES else "en"]
    return text.format(**values) if values else text


def default_language() -> str:
    language = os.environ.get("REPORT_LANGUAGE", "en").strip().lower()
    return language if language in LANGUAGES else "en"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return False


@dataclass(frozen=True)
class Formatter:
    """Formats figures for one language and reporting currency; None/NaN shows as '–'."""

    language: str = "en"
    currency: str = "USD"

    @property
    def locale(self) -> str:
        return BABEL_LOCALE.get(self.language, "en_US")

    def number(self, value: object, digits: int = 0) -> str:
        if _missing(value):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale)

    def money(self, value: object, digits: int = 0) -> str:
        if _missing(value):
            return "–"
        pattern = None
        if digits == 0:
            pattern = "¤#,##0" if self.language == "en" else "#,##0 ¤"
        return babel_numbers.format_currency(
            value,
            self.currency,
            format=pattern,
            locale=self.locale,
            currency_digits=digits != 0,
        )

    def percent(self, value: object, digits: int = 1) -> str:
        if _missing(value):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return babel_numbers.format_percent(value, format=pattern, locale=self.locale)

    def date(self, value: object) -> str:
        if _missing(value):
            return "–"
        return babel_dates.format_date(_as_date(value), format="medium", locale=self.locale)

    def month(self, value: object) -> str:
        if _missing(value):
            return "–"
        return babel_dates.format_date(_as_date(value), format="LLLL yyyy", locale=self.locale)

    def short_month(self, value: object) -> str:
        if _missing(value):
            return "–"
        return babel_dates.format_date(_as_date(value), format="LLL yy", locale=self.locale)

    def signed(self, value: object, kind: str) -> str:
        """A change, with its sign: kind is money, number, count or percent_points."""
        if _missing(value):
            return "–"
        sign = "+" if value >= 0 else "-"  # type: ignore[operator]
        magnitude = abs(value)  # type: ignore[arg-type]
        if kind == "money":
            return sign + self.money(magnitude)
        if kind == "percent_points":
            return (
                sign
                + self.number(magnitude * 100, 1)
                + (" п.п." if self.language == "ru" else " pp")
            )
        if kind == "count":
            return sign + self.number(magnitude)
        return sign + self.number(magnitude, 1)

    def yes_no(self, value: object) -> str:
        if value is None or value is pd.NA or _missing(value):
            return "–"
        return label("yes" if value else "no", self.language)

    def money_compact(self, value: object) -> str:
        """Money in a tile: millions and more shortened ($4.21M, 4,21 млн $)."""
        if _missing(value) or abs(value) < 1_000_000:  # type: ignore[arg-type]
            return self.money(value)
        return babel_numbers.format_compact_currency(
            value, self.currency, locale=self.locale, fraction_digits=2
        )

    def kpi(self, value: object, kind: str, compact: bool = False) -> str:
        """A KPI value by its kind: money, rate, score, days, index."""
        if kind == "money":
            return self.money_compact(value) if compact else self.money(value)
        if kind == "rate":
            return self.percent(value)
        return self.number(value, 1)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()  # type: ignore[union-attr]
    return dt.date.fromisoformat(str(value)[:10])
