"""Dated items people must act on: check-ins, due dates, deadlines, response targets, renewals, status updates.

One list, computed once from the analysed portfolio, feeds both the calendar feeds and the daily digest, so the
two always agree with each other and with the pages (verdicts come from :class:`~.governance.Governance`).

Only things still to do are items: completed actions, closed commitments and closed escalations have none.
Each item has a ``key`` that names *what* it is (the escalation, the action, the commitment, the target), never
*when*, so a calendar app that sees the next day's feed moves an event whose date changed instead of adding
a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from .governance import Governance
from .portfolio import Portfolio
from .relative_dates import horizon_of
from .response_targets import BREACHED, TARGET_LABELS, as_of_moment

CHECK_IN = "check_in"
ACTION_DUE = "action_due"
COMMITMENT_DUE = "commitment_due"
ESCALATION_DEADLINE = "escalation_deadline"
RESPONSE_TARGET = "response_target"
STATUS_UPDATE = "status_update"
RENEWAL = "renewal"
KINDS: tuple[str, ...] = (
    CHECK_IN,
    ACTION_DUE,
    COMMITMENT_DUE,
    ESCALATION_DEADLINE,
    RESPONSE_TARGET,
    STATUS_UPDATE,
    RENEWAL,
)
KIND_LABELS: dict[str, str] = {
    CHECK_IN: "Check-in",
    ACTION_DUE: "Action due",
    COMMITMENT_DUE: "Commitment due",
    ESCALATION_DEADLINE: "Escalation deadline",
    RESPONSE_TARGET: "Response target",
    STATUS_UPDATE: "Status update due",
    RENEWAL: "Renewal",
}


@dataclass(frozen=True, slots=True)
class DueItem:
    key: str
    """What the item is, independent of its date: the calendar UID is derived from it."""
    kind: str
    """One of :data:`KINDS`."""
    title: str
    """One line: what is due, e.g. ``Check-in: Send the fix plan``."""
    day: dt.date
    """The day it is due (for a timed item, the day of ``at``)."""
    at: dt.datetime | None
    """Naive local wall-clock moment in the policy's time zone for timed items (response targets, status
    updates); ``None`` for items due on a day."""
    people: tuple[str, ...]
    """Person ids the item is for (the owner first)."""
    escalation_id: str | None
    account_id: str
    account_name: str
    detail: str
    """More words: the verdict, the commitment, the channel an update goes to."""
    overdue: bool
    """Still to do and past due at the as-of moment (renewals are never overdue)."""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def owner(self) -> str:
        return self.people[0] if self.people else ""


def _digest(*parts: str) -> str:
    """A short stable fingerprint of text that identifies an item (an action has no id of its own)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _short(text: str, limit: int = 80) -> str:
    """The start of a long free-text cell, for a one-line title."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _people(*ids: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in ids if i))


def _about(account, escalation_id: str, owner: str | None) -> dict:
    """The fields every item about one escalation shares: who it is for and which escalation and account."""
    return {
        "people": _people(owner),
        "escalation_id": escalation_id,
        "account_id": account.account_id,
        "account_name": account.name,
    }


def due_items(governance: Governance) -> list[DueItem]:
    """Every item still to do in the portfolio, sorted by day, time and key."""
    portfolio = governance.portfolio
    items: list[DueItem] = []
    items += _action_items(portfolio)
    items += _commitment_items(portfolio)
    items += _escalation_items(governance)
    items += _renewal_items(portfolio)
    return sorted(items, key=lambda i: (i.day, i.at or dt.datetime.min, i.key))


def _action_items(portfolio: Portfolio) -> list[DueItem]:
    items = []
    seen: Counter[str] = Counter()
    for action in sorted(portfolio.actions, key=lambda a: a.row):
        escalation = portfolio.escalation_by_id.get(action.escalation_id)
        if escalation is None or portfolio.action_done(action):
            continue
        account = portfolio.account_of(escalation)
        # Two identical actions on one escalation are told apart by their order, not by their row number, so
        # inserting a row above them elsewhere keeps both keys.
        identity = _digest(action.escalation_id, " ".join(action.action.split()).lower())
        seen[identity] += 1
        if seen[identity] > 1:
            identity += f"-{seen[identity]}"
        common = {"at": None, **_about(account, action.escalation_id, action.owner)}
        if action.next_check_in is not None:
            items.append(
                DueItem(
                    key=f"check-in/{action.escalation_id}/{identity}",
                    kind=CHECK_IN,
                    title=f"Check-in: {action.action}",
                    day=action.next_check_in,
                    detail=f"Report back on the action, due {action.due.isoformat()}." if action.due else "",
                    overdue=portfolio.is_overdue(action.next_check_in),
                    **common,
                )
            )
        if action.due is not None:
            items.append(
                DueItem(
                    key=f"action/{action.escalation_id}/{identity}",
                    kind=ACTION_DUE,
                    title=f"Action due: {action.action}",
                    day=action.due,
                    detail=action.notes or "",
                    overdue=portfolio.is_overdue(action.due),
                    **common,
                )
            )
    return items


def _commitment_items(portfolio: Portfolio) -> list[DueItem]:
    items = []
    for commitment in portfolio.commitments:
        escalation = portfolio.escalation_by_id.get(commitment.escalation_id)
        if escalation is None or commitment.due is None or portfolio.commitment_state(commitment) != "open":
            continue
        account = portfolio.account_of(escalation)
        items.append(
            DueItem(
                key=f"commitment/{commitment.commitment_id}",
                kind=COMMITMENT_DUE,
                title=f"Commitment due: {commitment.commitment_id} {_short(commitment.description)}",
                day=commitment.due,
                at=None,
                detail=" ".join(filter(None, (_concession_name(portfolio, commitment.type), commitment.description))),
                overdue=portfolio.is_overdue(commitment.due),
                **_about(account, commitment.escalation_id, commitment.owner),
            )
        )
    return items


def _concession_name(portfolio: Portfolio, type_id: str) -> str:
    concession = portfolio.policy.concession_by_id.get(type_id)
    return f"Type: {concession.name}." if concession is not None else ""


def _escalation_items(governance: Governance) -> list[DueItem]:
    portfolio = governance.portfolio
    policy = governance.policy
    items = []
    for escalation in portfolio.open_escalations:
        account = portfolio.account_of(escalation)
        ident = escalation.escalation_id
        common = _about(account, ident, escalation.owner)
        if escalation.deadline is not None:
            items.append(
                DueItem(
                    key=f"deadline/{ident}",
                    kind=ESCALATION_DEADLINE,
                    title=f"Escalation deadline: {ident} {_short(escalation.issue)}",
                    day=escalation.deadline,
                    at=None,
                    detail=f"Requested support: {escalation.requested_support}",
                    overdue=portfolio.is_overdue(escalation.deadline),
                    **common,
                )
            )
        protocol = policy.communication.protocols.get(escalation.tier)
        for result in governance.targets.get(ident, []):
            done = result.actual is not None and result.target != "status_update_every"
            if result.deadline is None or done:
                continue  # nothing left to put in a calendar
            if result.target == "status_update_every":
                updates = protocol.status_updates if protocol else None
                where = f" Send it to: {updates.channel}." if updates and updates.channel else ""
                items.append(
                    DueItem(
                        key=f"status-update/{ident}",
                        kind=STATUS_UPDATE,
                        title=f"Status update due: {ident}",
                        day=result.deadline.date(),
                        at=result.deadline,
                        detail=f"{result.detail}.{where}",
                        # An earlier late gap breaches the target, but the next update is overdue only once
                        # its own due time has passed (the comparison the target's verdict uses).
                        overdue=as_of_moment(portfolio.as_of) > result.deadline,
                        **common,
                    )
                )
                continue
            label = TARGET_LABELS.get(result.target, result.target)
            items.append(
                DueItem(
                    key=f"target/{ident}/{result.target}",
                    kind=RESPONSE_TARGET,
                    title=f"{label} by: {ident}",
                    day=result.deadline.date(),
                    at=result.deadline,
                    detail=result.detail,
                    overdue=result.status == BREACHED,
                    **common,
                )
            )
    return items


def _renewal_items(portfolio: Portfolio) -> list[DueItem]:
    """One renewal per account with an open escalation, for everyone who owns one of them and its account team."""
    owners: dict[str, list[str]] = {}
    for escalation in portfolio.open_escalations:
        owners.setdefault(escalation.account_id, []).append(escalation.owner)
    items = []
    for account_id, escalation_owners in owners.items():
        account = portfolio.account_by_id[account_id]
        if account.renewal_date is None:
            continue
        items.append(
            DueItem(
                key=f"renewal/{account_id}",
                kind=RENEWAL,
                title="Renewal",
                day=account.renewal_date,
                at=None,
                people=_people(*escalation_owners, account.csm, account.ae, account.exec_sponsor),
                escalation_id=None,
                account_id=account_id,
                account_name=account.name,
                detail=f"Renewal of an escalated account ({len(escalation_owners)} open escalation"
                f"{'s' if len(escalation_owners) != 1 else ''}).",
                overdue=False,
            )
        )
    return items


def items_for(items: list[DueItem], person_id: str) -> list[DueItem]:
    return [i for i in items if person_id in i.people]


def is_due_today(item: DueItem, as_of: dt.date) -> bool:
    return not item.overdue and item.day == as_of


def is_due_this_week(item: DueItem, as_of: dt.date) -> bool:
    """Due after today and by :func:`~.relative_dates.horizon_of` (overdue and today's items are listed on their own)."""
    return not item.overdue and as_of < item.day <= horizon_of(as_of)
