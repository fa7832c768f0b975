"""Commitment tracking: which bucket each commitment is in as of a date, what it is worth, and totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..workbook.records import Commitment
from .portfolio import Portfolio

DUE_SOON_DAYS = 30
BUCKETS: tuple[str, ...] = ("overdue", "due_soon", "open", "fulfilled", "missed", "cancelled")
BUCKET_LABELS = {
    "overdue": "Overdue",
    "due_soon": f"Due in {DUE_SOON_DAYS} days",
    "open": "Open",
    "fulfilled": "Fulfilled",
    "missed": "Missed",
    "cancelled": "Cancelled",
}


def bucket(portfolio: Portfolio, commitment: Commitment) -> str:
    """overdue / due_soon / open for open commitments by due date; otherwise the status's state."""
    state = portfolio.commitment_state(commitment)
    if state != "open":
        return state
    due = portfolio.relative(commitment.due)
    if due is not None and due.overdue:
        return "overdue"
    if due is not None and due.due_within(DUE_SOON_DAYS):
        return "due_soon"
    return "open"


def money_worth(portfolio: Portfolio, commitment: Commitment) -> float | None:
    """What a concession is worth in money where the policy says how: the value itself, or % × account ARR."""
    ctype = portfolio.policy.concession_by_id.get(commitment.type)
    if ctype is None or commitment.value is None:
        return None
    if ctype.money_value == "value":
        return commitment.value
    if ctype.money_value == "percent_of_arr":
        escalation = portfolio.escalation_by_id.get(commitment.escalation_id)
        return commitment.value * portfolio.account_of(escalation).arr / 100 if escalation else None
    return None


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    value_given: float = 0.0
    """Money value of concessions not cancelled or missed."""

    def add(self, bucket_name: str, worth: float | None) -> None:
        self.counts[bucket_name] += 1
        if worth is not None and bucket_name not in ("cancelled", "missed"):
            self.value_given += worth


def tallies(portfolio: Portfolio, key) -> dict[str, Tally]:
    """Tally per group (``key(commitment)`` → group id), in first-seen order."""
    result: dict[str, Tally] = {}
    for commitment in portfolio.commitments:
        group = key(commitment)
        result.setdefault(group, Tally()).add(bucket(portfolio, commitment), money_worth(portfolio, commitment))
    return result
