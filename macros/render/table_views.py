"""The component tables other pages link into: their ids, the keys of the columns a link filters, and the words
each window reads as. The page that shows a table and the page that links to a filtered view of it both take
them from here, so a link's filter always names a value the table's filter offers."""

from __future__ import annotations

from ..analysis.attention import RENEWAL_NEAR_DAYS, RENEWAL_SOON_DAYS
from ..analysis.commitments import BUCKET_LABELS
from .tables import Column, view_query

ESCALATIONS = "escalation-index"
ACCOUNTS = "account-index"
TRACKER = "tracker"
COMMITMENTS = "commitment-list"
FINDINGS = "commitment-findings"

DUE_LABELS = {
    "overdue": "Overdue",
    "this_week": "Due this week",
    "later": "Later",
    "no_date": "No date",
    "done": "Done",
}
CHECK_IN_LABELS = {"passed": "Passed", "this_week": "This week", "later": "Later", "none": "None"}
RENEWAL_LABELS = {
    "passed": "Passed",
    "soon": f"Within {RENEWAL_SOON_DAYS} days",
    "near": f"{RENEWAL_SOON_DAYS + 1} to {RENEWAL_NEAR_DAYS} days",
    "later": "Later",
    "no_date": "No date",
}

DAYS_TO_RENEWAL = Column("Days to renewal", kind="duration", filter=True)
DUE = Column("Due", kind="date", filter=True)
NEXT_CHECK_IN = Column("Next check-in", kind="date", filter=True)
STATE = Column("State", filter=True)


def renewing_soon_view() -> str:
    return view_query(ACCOUNTS, {DAYS_TO_RENEWAL.query_key: RENEWAL_LABELS["soon"]})


def overdue_actions_view() -> str:
    return view_query(TRACKER, {DUE.query_key: DUE_LABELS["overdue"]})


def check_ins_view() -> str:
    return view_query(TRACKER, {NEXT_CHECK_IN.query_key: CHECK_IN_LABELS["this_week"]})


def overdue_commitments_view() -> str:
    return commitments_view("overdue")


def commitments_view(state: str) -> str:
    """The commitments table filtered to one state (a key of ``BUCKET_LABELS``)."""
    return view_query(COMMITMENTS, {STATE.query_key: BUCKET_LABELS[state]})
