"""The quarter and year-to-date totals on the reviews index (figures from :mod:`macros.analysis.monthly_totals`)."""

from __future__ import annotations

from markupsafe import Markup

from ..analysis.monthly import HEADLINE_BY_KEY, MonthReview
from ..analysis.monthly_totals import PeriodTotal, period_totals
from ..site_context import SiteContext
from .monthly_sections import figure_text, month_url
from .tables import Table, table_model
from .templating import template
from .urls import relative

TOTALS_TABLE = "reviews-totals"
COLUMNS = (
    ("opened_count", "Opened"),
    ("resolved_count", "Resolved"),
    ("arr_saved", "ARR saved"),
    ("arr_lost", "ARR lost"),
    ("compliance", "Response targets met"),
    ("commitments_due_count", "Commitments due"),
    ("unauthorised_count", "Approvals without authority"),
    ("reviews_completed_count", "Reviews completed"),
    ("open_at_end", "Open at period end"),
    ("arr_at_risk", "ARR at risk at period end"),
    ("commitments_overdue_count", "Commitments overdue at period end"),
    ("renewals_at_risk_count", "Renewals at risk in 90 days"),
)


def period_label(total: PeriodTotal) -> str:
    """``2026``, ``2026 to date``, ``Q2 2026``, ``Q2 2026 to date``."""
    if total.kind == "year":
        name = total.key
    else:
        year, quarter = total.key.split("-")
        name = f"{quarter} {year}"
    return f"{name} to date" if total.to_date else name


def _last_month_link(total: PeriodTotal, page_url: str) -> Markup:
    """The period's label, linked to the review of its last month (whose month-end state the stocks are)."""
    href = relative(page_url, month_url(total.months[-1].key))
    return Markup(template("partials/inline.html").module.link(href, period_label(total)))  # noqa: S704


def totals_table(context: SiteContext, months: list[MonthReview], page_url: str) -> Table:
    rows, attrs = [], []
    for total in period_totals(months):
        rows.append(
            (
                _last_month_link(total, page_url),
                total.start.isoformat(),
                total.end.isoformat(),
                *(figure_text(context, HEADLINE_BY_KEY[key], total.figure(key)) for key, _ in COLUMNS),
            )
        )
        attrs.append({"data_period": "Year" if total.kind == "year" else "Quarter", "class_": f"ref-{total.kind}"})
    return table_model(
        ("Period", "From", "To", *(label for _, label in COLUMNS)),
        rows,
        class_="ref-month-totals",
        empty="No month to total yet.",
        row_attrs=attrs,
        id_=TOTALS_TABLE,
    )
