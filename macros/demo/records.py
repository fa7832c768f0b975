"""What the demo-data generator draws before it writes a single cell: accounts and escalations with their actions,
commitments, updates and reviews, holding policy objects rather than text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..policy.authority import ConcessionType
from ..policy.log_values import CommitmentStatus, EscalationStatus, HealthValue, Outcome, Term
from ..policy.organisation import Person
from ..policy.tiers import Tier


@dataclass(eq=False)
class Account:
    account_id: str
    name: str
    segment: Term
    region: str
    arr: int
    renewal: dt.date
    health: HealthValue | None = None
    csm: Person | None = None
    ae: Person | None = None
    sponsor: Person | None = None


@dataclass(eq=False)
class Action:
    text: str
    owner: Person
    due: dt.date
    status: Term
    next_check_in: dt.date | None = None
    completed_on: dt.date | None = None
    notes: str | None = None


@dataclass(eq=False)
class Commitment:
    ctype: ConcessionType
    value: float | None
    description: str
    owner: Person
    due: dt.date
    status: CommitmentStatus
    made_on: dt.date
    """When it was agreed (and approved, when it needs approval)."""
    approver: Person | None = None
    approved_on: dt.date | None = None
    fulfilled_on: dt.date | None = None


@dataclass(eq=False)
class Update:
    when: dt.datetime
    author: Person
    summary: str
    audience: str


@dataclass(eq=False)
class Review:
    day: dt.date
    facilitator: Person
    happened: str
    worked: str
    change: str
    playbook: str


@dataclass(eq=False)
class Escalation:
    account: Account
    rank: int
    tier: Tier
    opened: dt.datetime
    is_open: bool
    blocker: Term | None
    arr_at_risk: int
    renewal: dt.date
    """The renewal this escalation is about (an earlier anniversary of the account's renewal when long closed)."""
    flags: set[str] = field(default_factory=set)
    escalation_id: str = ""
    status: EscalationStatus | None = None
    resolved: dt.datetime | None = None
    outcome: Outcome | None = None
    owner: Person | None = None
    acknowledged: dt.datetime | None = None
    exec_engaged: dt.datetime | None = None
    deadline: dt.date | None = None
    play: str | None = None
    customer_role: str = ""
    actions: list[Action] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

    def active_on(self, day: dt.date) -> bool:
        return self.opened.date() <= day and (self.resolved is None or day <= self.resolved.date())
