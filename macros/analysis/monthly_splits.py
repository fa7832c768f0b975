"""A month's escalations split by the account's segment and by its region.

Segments are the policy's vocabulary, in its order; regions are free text, in alphabetical order. Accounts with no
segment or region recorded make a line of their own, last. When no account of the log records a region (the
Accounts sheet may have no Region column at all), there is no split by region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..workbook.records import Account, Escalation
from .monthly import MonthReview
from .portfolio import Portfolio


@dataclass
class SplitLine:
    key: str | None
    """Segment id or region; ``None`` for not recorded."""
    opened: int = 0
    resolved: int = 0
    open_at_end: int = 0
    arr_at_risk: float = 0.0
    """On escalations open at month end."""
    arr_saved: float = 0.0
    arr_lost: float = 0.0


@dataclass
class Splits:
    by_segment: list[SplitLine]
    by_region: list[SplitLine] | None
    """``None`` when no account records a region."""


def _split(
    portfolio: Portfolio, review: MonthReview, key_of: Callable[[Account], str | None], order: list[str]
) -> list[SplitLine]:
    results = {o.id: o.arr_result for o in portfolio.policy.log_values.outcomes}
    lines: dict[str | None, SplitLine] = {}

    def line(escalation: Escalation) -> SplitLine:
        account = portfolio.account_by_id.get(escalation.account_id)
        key = key_of(account) if account else None
        return lines.setdefault(key, SplitLine(key))

    for escalation in review.opened:
        line(escalation).opened += 1
    for escalation in review.resolved:
        item = line(escalation)
        item.resolved += 1
        result = results.get(escalation.outcome or "")
        if result == "saved":
            item.arr_saved += portfolio.arr_at_risk(escalation)
        elif result == "lost":
            item.arr_lost += portfolio.arr_at_risk(escalation)
    for escalation in review.open_escalations:
        item = line(escalation)
        item.open_at_end += 1
        item.arr_at_risk += portfolio.arr_at_risk(escalation)
    rank = {key: i for i, key in enumerate(order)}
    return sorted(lines.values(), key=lambda s: (s.key is None, rank.get(s.key or "", len(rank)), s.key or ""))


def month_splits(portfolio: Portfolio, review: MonthReview) -> Splits:
    segments = [s.id for s in portfolio.policy.log_values.segments]
    by_segment = _split(portfolio, review, lambda a: a.segment, segments)
    regions = sorted({a.region for a in portfolio.accounts if a.region}, key=str.casefold)
    by_region = _split(portfolio, review, lambda a: a.region or None, regions) if regions else None
    return Splits(by_segment, by_region)
