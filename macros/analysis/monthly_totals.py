"""Quarter and year-to-date totals of the monthly reviews.

A period's flows (opened, resolved, ARR saved and lost, targets met, commitments due, approvals without authority,
reviews completed) are the sums of its months; its stocks (open at period end, ARR at risk then, commitments overdue,
reviews owed, renewals at risk) are those of its last month. Months come from :func:`~.monthly.monthly_reviews`, so
a period holds only months from the first escalation to the as-of month, and the as-of month counts to the as-of
date: the as-of year's total is its year to date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .monthly import MonthReview

FLOWS = (
    "opened_count",
    "resolved_count",
    "arr_saved",
    "arr_lost",
    "arr_downsell",
    "targets_met",
    "targets_counted",
    "commitments_due_count",
    "unauthorised_count",
    "reviews_completed_count",
)
STOCKS = ("open_at_end", "arr_at_risk", "commitments_overdue_count", "reviews_owed_count", "renewals_at_risk_count")


@dataclass
class PeriodTotal:
    key: str
    """``2026`` for a year, ``2026-Q2`` for a quarter."""
    kind: str
    """``year`` or ``quarter``."""
    months: list[MonthReview] = field(default_factory=list)
    """Oldest first."""
    figures: dict[str, float] = field(default_factory=dict)
    """:data:`FLOWS` summed and :data:`STOCKS` at the last month's end."""

    @property
    def start(self) -> dt.date:
        return self.months[0].start

    @property
    def end(self) -> dt.date:
        """The last day counted."""
        return self.months[-1].end

    @property
    def to_date(self) -> bool:
        """The period is not over on the as-of date: its last month is partial or its last quarter month missing."""
        last = self.months[-1]
        period_last_month = 12 if self.kind == "year" else ((last.start.month - 1) // 3 + 1) * 3
        return last.partial or last.start.month < period_last_month

    @property
    def compliance(self) -> float | None:
        counted = self.figures.get("targets_counted", 0)
        return 100.0 * self.figures.get("targets_met", 0) / counted if counted else None

    def figure(self, key: str) -> float | None:
        return self.compliance if key == "compliance" else self.figures.get(key)


def quarter_of(review: MonthReview) -> str:
    return f"{review.start.year:04d}-Q{(review.start.month - 1) // 3 + 1}"


def _total(key: str, kind: str, months: list[MonthReview]) -> PeriodTotal:
    figures = {name: float(sum(getattr(m, name) for m in months)) for name in FLOWS}
    last = months[-1]
    figures.update({name: float(getattr(last, name)) for name in STOCKS})
    return PeriodTotal(key, kind, months, figures)


def period_totals(months: list[MonthReview]) -> list[PeriodTotal]:
    """Each year (newest first), followed by its quarters (newest first)."""
    years: dict[str, list[MonthReview]] = {}
    quarters: dict[str, list[MonthReview]] = {}
    for review in months:
        years.setdefault(f"{review.start.year:04d}", []).append(review)
        quarters.setdefault(quarter_of(review), []).append(review)
    result = []
    for year in sorted(years, reverse=True):
        result.append(_total(year, "year", years[year]))
        for quarter in sorted((q for q in quarters if q.startswith(year)), reverse=True):
            result.append(_total(quarter, "quarter", quarters[quarter]))
    return result
