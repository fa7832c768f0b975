"""The three lines at the top of a monthly review: what changed since the month before, the biggest risk at month
end, and the commitments at risk then.

Decisions made here:

* **What changed** compares the month's opened and resolved counts, escalations open at month end and ARR at risk
  at month end with the month before (:data:`SUMMARY_FIGURES`).
* **The biggest risk** is the escalation open at month end in the most severe tier, then with the most ARR at risk,
  then with the soonest renewal (an account without a renewal date last), then by id.
* **Commitments at risk** at month end exist then (their escalation was opened by month end) and are not fulfilled,
  missed or cancelled then: those already overdue (due before the month's last counted day) and those due from
  that day to :data:`~macros.analysis.commitments.DUE_SOON_DAYS` days after it, the window the commitments report
  calls "due soon".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..workbook.records import Account, Commitment, Escalation
from .commitments import DUE_SOON_DAYS
from .monthly import MonthReview, state_at
from .portfolio import Portfolio
from .relative_dates import days_from
from .response_targets import as_of_moment

SUMMARY_FIGURES = ("opened_count", "resolved_count", "open_at_end", "arr_at_risk")


@dataclass(frozen=True)
class Change:
    key: str
    """A :data:`~macros.analysis.monthly.HEADLINES` key."""
    value: float
    delta: float | None
    """Since the month before; ``None`` in the first month."""


@dataclass(frozen=True)
class BiggestRisk:
    escalation: Escalation
    account: Account
    arr_at_risk: float
    days_to_renewal: int | None
    """From the month's last counted day; negative when the renewal date had passed; ``None`` when not recorded."""


@dataclass(frozen=True)
class CommitmentsAtRisk:
    overdue: list[Commitment] = field(default_factory=list)
    """Due before the month's last counted day and still open then, oldest due first."""
    due_soon: list[Commitment] = field(default_factory=list)
    """Open and due within :attr:`window_days` days of it, soonest first."""
    window_days: int = DUE_SOON_DAYS

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


@dataclass(frozen=True)
class MonthSummary:
    previous: str | None
    """Key of the month before, ``None`` for the first month."""
    changes: list[Change]
    biggest_risk: BiggestRisk | None
    """``None`` when nothing was open at month end."""
    commitments: CommitmentsAtRisk


def biggest_risk(portfolio: Portfolio, review: MonthReview) -> BiggestRisk | None:
    policy = portfolio.policy
    candidates = []
    for escalation in review.open_escalations:
        account = portfolio.account_by_id.get(escalation.account_id)
        if account is None:
            continue
        days = days_from(account.renewal_date, review.end)
        rank = policy.tier_rank(escalation.tier) if escalation.tier in policy.tier_by_id else -1
        arr = portfolio.arr_at_risk(escalation)
        key = (-rank, -arr, days is None, days if days is not None else 0, escalation.escalation_id)
        candidates.append((key, BiggestRisk(escalation, account, arr, days)))
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def commitments_at_risk(portfolio: Portfolio, review: MonthReview) -> CommitmentsAtRisk:
    end = as_of_moment(review.end)
    overdue, due_soon = [], []
    for commitment in portfolio.commitments:
        escalation = portfolio.escalation_by_id.get(commitment.escalation_id)
        if escalation is None or escalation.opened_on is None or escalation.opened_on > end:
            continue
        if commitment.due is None:
            continue
        state = state_at(portfolio, commitment, review.end)
        if state == "overdue":
            overdue.append(commitment)
        elif state == "open" and 0 <= days_from(commitment.due, review.end) <= DUE_SOON_DAYS:
            due_soon.append(commitment)
    overdue.sort(key=lambda c: (c.due, c.commitment_id))
    due_soon.sort(key=lambda c: (c.due, c.commitment_id))
    return CommitmentsAtRisk(overdue, due_soon)


def month_summary(portfolio: Portfolio, review: MonthReview) -> MonthSummary:
    changes = [Change(key, review.figure(key) or 0, review.deltas.get(key)) for key in SUMMARY_FIGURES]
    return MonthSummary(
        review.previous, changes, biggest_risk(portfolio, review), commitments_at_risk(portfolio, review)
    )
