"""What needs attention, in windows a table can filter by: each action's due window and check-in window, each
account's renewal window, and the home page's counts built from the same classification.

The home page counts the items of a window and links to the table filtered by that window; both read the window
from here, so the count and the rows the filtered table shows cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..workbook.records import Account, Action, Commitment
from .commitments import bucket
from .portfolio import Portfolio
from .relative_dates import WEEK_DAYS

RENEWAL_SOON_DAYS = 30
RENEWAL_NEAR_DAYS = 90

DUE_WINDOWS = ("overdue", "this_week", "later", "no_date", "done")
"""An action's due date seen from the as-of date, most urgent first."""
CHECK_IN_WINDOWS = ("passed", "this_week", "later", "none")
"""An action's next check-in seen from the as-of date."""
RENEWAL_WINDOWS = ("passed", "soon", "near", "later", "no_date")
"""An account's renewal date: passed, within :data:`RENEWAL_SOON_DAYS`, within :data:`RENEWAL_NEAR_DAYS`, later."""


def due_window(portfolio: Portfolio, action: Action) -> str:
    if portfolio.action_done(action):
        return "done"
    due = portfolio.relative(action.due)
    if due is None:
        return "no_date"
    if due.overdue:
        return "overdue"
    return "this_week" if due.within(WEEK_DAYS) else "later"


def check_in_window(portfolio: Portfolio, action: Action) -> str:
    check_in = portfolio.relative(action.next_check_in)
    if check_in is None or portfolio.action_done(action):
        return "none"
    if check_in.overdue:
        return "passed"
    return "this_week" if check_in.within(WEEK_DAYS) else "later"


def renewal_window(days: int | None) -> str:
    if days is None:
        return "no_date"
    if days < 0:
        return "passed"
    if days <= RENEWAL_SOON_DAYS:
        return "soon"
    return "near" if days <= RENEWAL_NEAR_DAYS else "later"


@dataclass(frozen=True)
class Attention:
    """What the home page counts; each list is exactly what its linked, filtered table shows."""

    overdue_actions: list[Action]
    check_ins: list[Action]
    """Open actions whose next check-in falls this week."""
    overdue_commitments: list[Commitment]
    findings: list[Commitment]
    """Commitments whose approval does not satisfy the policy (the commitments page's findings table)."""
    renewing_soon: list[Account]
    """Accounts renewing within :data:`RENEWAL_SOON_DAYS` days."""


def attention(portfolio: Portfolio, is_finding) -> Attention:
    """``is_finding(commitment)`` is the governance verdict's test (passed in so this module needs no governance)."""
    open_actions = [a for a in portfolio.actions if not portfolio.action_done(a)]
    return Attention(
        overdue_actions=[a for a in open_actions if due_window(portfolio, a) == "overdue"],
        check_ins=[a for a in open_actions if check_in_window(portfolio, a) == "this_week"],
        overdue_commitments=[c for c in portfolio.commitments if bucket(portfolio, c) == "overdue"],
        findings=[c for c in portfolio.commitments if is_finding(c)],
        renewing_soon=[a for a in portfolio.accounts if renewal_window(portfolio.days_to_renewal(a)) == "soon"],
    )
