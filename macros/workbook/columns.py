"""The workbook's data contract: sheets, their columns, which are required and what kind of value each holds.

Header text matches case-insensitively with surrounding spaces ignored; column order is free; extra columns are
kept but never shown. This table is the one place the contract is written down; the loader, the blank template
workbook and the documentation all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "id",  # an identifier of a row on this or another sheet (text; numbers are read as their digits)
    "text",  # free text
    "date",  # a calendar day: an Excel date or ISO text 2026-03-01
    "datetime",  # a moment: an Excel date-time, or ISO text 2026-03-01 14:30 (local business time zone)
    "money",  # a number, or text like $120,000
    "person",  # a person id, exact name or email from the policy
    "term",  # a value from a policy vocabulary (see `vocabulary`)
    "concession_value",  # a value in the unit of the row's concession type (15%, $20,000, 60)
    "quantity",  # a count of days or months: 24, 24 months
]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    """Header as written in the contract."""
    field: str
    """Attribute name on the loaded record."""
    kind: Kind
    required: bool = False
    vocabulary: str | None = None
    """For `term` columns: which policy list the value comes from (an attribute of Policy)."""
    help: str = ""
    """One line shown in the blank template's header comment and in the documentation."""


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """Fields that identify a row for duplicate detection (empty: rows need not be unique)."""
    help: str = ""
    optional: bool = False
    """An optional sheet may be left out of the workbook altogether."""

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


ACCOUNTS = Sheet(
    "Accounts",
    (
        Column("Account ID", "account_id", "id", True, help="Unique id, e.g. ACME-001"),
        Column("Account Name", "name", "text", True),
        Column("Segment", "segment", "term", vocabulary="segments"),
        Column("Region", "region", "text"),
        Column("ARR", "arr", "money", True, help="Annual recurring revenue, a number or text like $120,000"),
        Column("Currency", "currency", "text", help="ISO code; defaults to the company's currency"),
        Column("Renewal Date", "renewal_date", "date", True),
        Column("Health", "health", "term", vocabulary="health_values"),
        Column("CSM", "csm", "person"),
        Column("AE", "ae", "person"),
        Column("Exec Sponsor", "exec_sponsor", "person"),
    ),
    key=("account_id",),
    help="One row per customer account.",
)

ESCALATIONS = Sheet(
    "Escalations",
    (
        Column("Escalation ID", "escalation_id", "id", True),
        Column("Account ID", "account_id", "id", True, help="An Account ID from the Accounts sheet"),
        Column("Opened On", "opened_on", "datetime", True),
        Column("Tier", "tier", "term", True, vocabulary="tiers"),
        Column("Status", "status", "term", True, vocabulary="escalation_statuses"),
        Column("Issue", "issue", "text", True),
        Column("Impact", "impact", "text", True),
        Column("Requested Support", "requested_support", "text", True),
        Column("Deadline", "deadline", "date", True),
        Column("Owner", "owner", "person", True),
        Column("Blocker Type", "blocker_type", "term", vocabulary="blocker_types"),
        Column("Acknowledged At", "acknowledged_at", "datetime"),
        Column("Exec Engaged At", "exec_engaged_at", "datetime"),
        Column("Resolved On", "resolved_on", "datetime"),
        Column("Outcome", "outcome", "term", vocabulary="outcomes"),
        Column("ARR At Risk", "arr_at_risk", "money"),
        Column("Desired Outcome", "desired_outcome", "text"),
        Column("Talking Points", "talking_points", "text"),
        Column("Risks", "risks", "text"),
        Column("Play", "play", "text", help="Id of the renewal play being run"),
    ),
    key=("escalation_id",),
    help="One row per escalation (the intake form).",
)

ACTIONS = Sheet(
    "Actions",
    (
        Column("Escalation ID", "escalation_id", "id", True),
        Column("Action", "action", "text", True),
        Column("Owner", "owner", "person", True),
        Column("Due", "due", "date", True),
        Column("Status", "status", "term", True, vocabulary="action_statuses"),
        Column("Next Check-in", "next_check_in", "date"),
        Column("Completed On", "completed_on", "date"),
        Column("Notes", "notes", "text"),
    ),
    key=(),
    help="The resolution tracker: actions, owners and next check-ins.",
)

COMMITMENTS = Sheet(
    "Commitments",
    (
        Column("Commitment ID", "commitment_id", "id", True),
        Column("Escalation ID", "escalation_id", "id", True),
        Column("Type", "type", "term", True, vocabulary="concession_types"),
        Column("Description", "description", "text", True),
        Column("Owner", "owner", "person", True),
        Column("Due", "due", "date", True),
        Column("Status", "status", "term", True, vocabulary="commitment_statuses"),
        Column("Value", "value", "concession_value", help="In the type's unit: 15%, $20,000, 60 (days)"),
        Column("Approved By", "approved_by", "person"),
        Column("Approved On", "approved_on", "date"),
        Column("Fulfilled On", "fulfilled_on", "date"),
        Column("Term (Months)", "term_months", "quantity", help="Contract term in months, for term-based rules"),
    ),
    key=("commitment_id",),
    help="Every concession and promise made to a customer.",
)

UPDATES = Sheet(
    "Updates",
    (
        Column("Escalation ID", "escalation_id", "id", True),
        Column("Date", "date", "datetime", True),
        Column("Author", "author", "person", True),
        Column("Summary", "summary", "text", True),
        Column("Audience", "audience", "text"),
    ),
    key=(),
    help="Status updates sent while an escalation is open.",
)

REVIEWS = Sheet(
    "Reviews",
    (
        Column("Escalation ID", "escalation_id", "id", True),
        Column("Review Date", "review_date", "date", True),
        Column("Facilitator", "facilitator", "person", True),
        Column("What Happened", "what_happened", "text"),
        Column("What Worked", "what_worked", "text"),
        Column("What To Change", "what_to_change", "text"),
        Column("Playbook Updates", "playbook_updates", "text"),
    ),
    key=(),
    help="Post-escalation reviews.",
)

APPROVALS = Sheet(
    "Approvals",
    (
        Column("Commitment ID", "commitment_id", "id", True, help="A Commitment ID from the Commitments sheet"),
        Column("Approver", "approver", "person", True),
        Column("Role", "role", "term", True, vocabulary="roles", help="The role the approver acted in"),
        Column("Approved On", "approved_on", "date", True),
    ),
    key=(),
    help="One row per sign-off: each level of a chain and each stacked review. Optional; without it the "
    "Commitments sheet's Approved By is checked.",
    optional=True,
)

SHEETS: tuple[Sheet, ...] = (ACCOUNTS, ESCALATIONS, ACTIONS, COMMITMENTS, UPDATES, REVIEWS, APPROVALS)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
