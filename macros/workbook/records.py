"""Typed records of the escalation log, one class per sheet. Values are parsed; people are policy person ids;
controlled values are policy term ids. ``cells`` keeps each field's cell address for messages and audits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    row: int
    cells: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    extras: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def ref(self, field_name: str) -> str:
        return self.cells.get(field_name, "")


@dataclass(slots=True)
class Account(Record):
    account_id: str = ""
    name: str = ""
    segment: str | None = None
    region: str | None = None
    arr: float = 0.0
    currency: str | None = None
    renewal_date: dt.date | None = None
    health: str | None = None
    csm: str | None = None
    ae: str | None = None
    exec_sponsor: str | None = None


@dataclass(slots=True)
class Escalation(Record):
    escalation_id: str = ""
    account_id: str = ""
    opened_on: dt.datetime | None = None
    tier: str = ""
    status: str = ""
    issue: str = ""
    impact: str = ""
    requested_support: str = ""
    deadline: dt.date | None = None
    owner: str = ""
    blocker_type: str | None = None
    acknowledged_at: dt.datetime | None = None
    exec_engaged_at: dt.datetime | None = None
    resolved_on: dt.datetime | None = None
    outcome: str | None = None
    arr_at_risk: float | None = None
    desired_outcome: str | None = None
    talking_points: str | None = None
    risks: str | None = None
    play: str | None = None


@dataclass(slots=True)
class Action(Record):
    escalation_id: str = ""
    action: str = ""
    owner: str = ""
    due: dt.date | None = None
    status: str = ""
    next_check_in: dt.date | None = None
    completed_on: dt.date | None = None
    notes: str | None = None


@dataclass(slots=True)
class Commitment(Record):
    commitment_id: str = ""
    escalation_id: str = ""
    type: str = ""
    description: str = ""
    owner: str = ""
    due: dt.date | None = None
    status: str = ""
    value: float | None = None
    approved_by: str | None = None
    approved_on: dt.date | None = None
    fulfilled_on: dt.date | None = None
    term_months: float | None = None


@dataclass(slots=True)
class Update(Record):
    escalation_id: str = ""
    date: dt.datetime | None = None
    author: str = ""
    summary: str = ""
    audience: str | None = None


@dataclass(slots=True)
class Review(Record):
    escalation_id: str = ""
    review_date: dt.date | None = None
    facilitator: str = ""
    what_happened: str | None = None
    what_worked: str | None = None
    what_to_change: str | None = None
    playbook_updates: str | None = None


@dataclass(slots=True)
class Approval(Record):
    """One sign-off of a commitment: a level of its chain or a stacked review."""

    commitment_id: str = ""
    approver: str = ""
    role: str = ""
    """The role id the approver acted in."""
    approved_on: dt.date | None = None


RECORD_FOR_SHEET: dict[str, type[Record]] = {
    "Accounts": Account,
    "Escalations": Escalation,
    "Actions": Action,
    "Commitments": Commitment,
    "Updates": Update,
    "Reviews": Review,
    "Approvals": Approval,
}


@dataclass
class SheetCount:
    read: int = 0
    loaded: int = 0
    in_error: int = 0


@dataclass
class EscalationLog:
    """Everything loaded from the workbook, plus the accounting of rows read, loaded and in error."""

    accounts: list[Account] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    counts: dict[str, SheetCount] = field(default_factory=dict)
    extra_headers: dict[str, list[str]] = field(default_factory=dict)
