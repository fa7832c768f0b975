"""What each person in the organisation owns, owes and may approve: the facts behind their page.

Everything is computed once per build for everyone (:func:`people_items`), in passes over the log, so the people
index and every person's page agree. Dates are seen from the as-of date through :mod:`.relative_dates` and the
reminders of :mod:`.reminders` (the one clock): "due this week" means due by :func:`~.relative_dates.horizon_of`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..policy.authority import approver_roles, chain_levels
from ..policy.codeowners import owned_files
from ..policy.model import Policy
from ..policy.organisation import Delegation
from ..workbook.records import Action, Commitment, Escalation
from .governance import Governance
from .relative_dates import horizon_of
from .reminders import CHECK_IN, STATUS_UPDATE, DueItem, due_items

DUE_SOON_KINDS: tuple[str, ...] = (CHECK_IN, STATUS_UPDATE)
"""The reminders a person's page lists as due this week."""

OWNER = "owner"
APPROVER = "approver"


@dataclass(frozen=True, slots=True)
class CommitmentLink:
    commitment: Commitment
    relations: tuple[str, ...]
    """``owner``, ``approver`` or both, in that order."""


@dataclass(frozen=True, slots=True)
class DelegationLink:
    delegation: Delegation
    direction: str
    """``to`` (the person receives the authority) or ``from`` (the person lends theirs)."""
    active: bool
    """In force on the as-of date; otherwise it starts later."""


@dataclass(frozen=True, slots=True)
class ApprovalReach:
    """A sign-off that would come to the person: a level of a rule's chain, or a stacked review."""

    concession_type: str
    rule_id: str
    """The rule's id, or the review's id for a review."""
    kind: str
    """``approval`` (a level of the rule's chain) or ``review``."""
    level: int
    """1-based position of the level in the chain (1 for a review)."""
    levels: int
    """How many levels the chain has (1 for a review)."""
    roles: tuple[str, ...]
    """The roles any one of which signs the level."""
    role: str
    """The one of ``roles`` the person holds."""
    how: str
    """``role``, or ``delegation from …`` (see :meth:`Policy.authority_of`)."""


@dataclass
class PersonItems:
    person_id: str
    escalations: list[Escalation] = field(default_factory=list)
    """Escalations they own: open ones first, then newest first."""
    open_escalations: int = 0
    actions: list[Action] = field(default_factory=list)
    """Their open actions: overdue first, then by due date."""
    overdue_actions: int = 0
    due_soon: list[DueItem] = field(default_factory=list)
    """Check-ins and status updates of theirs due by the as-of horizon (overdue ones included), by day."""
    commitments: list[CommitmentLink] = field(default_factory=list)
    """Commitments they own or approved, by due date."""
    roles: tuple[str, ...] = ()
    delegations: list[DelegationLink] = field(default_factory=list)
    """Delegations to or from them in force on the as-of date or starting later, by start date."""
    approvals: list[ApprovalReach] = field(default_factory=list)
    """Sign-offs that would come to them through a role they hold themselves or through a delegation in force."""
    policy_files: list[str] = field(default_factory=list)


def _by_day(day: dt.date | None) -> dt.date:
    return day if day is not None else dt.date.max


def approvals_reaching(policy: Policy, person_id: str, on: dt.date) -> list[ApprovalReach]:
    """Every level of every rule's chain, and every stacked review, that a role the person holds on ``on`` signs.

    Roles held only because a higher role covers them are left out: such approvals go to the covered role's
    holders first, and listing them would give the most senior people every rule of the policy.
    """
    held = {role: how for role, how in policy.authority_of(person_id, on).items() if not how.startswith("hierarchy")}
    found: list[ApprovalReach] = []
    for concession in policy.authority.concession_types:
        for rule in concession.rules:
            if rule.allowed is False:
                continue
            levels = [approver_roles(level) for level in chain_levels(concession, rule)]
            for index, roles in enumerate(levels, start=1):
                mine = next((r for r in roles if r in held), None)
                if mine is not None:
                    found.append(
                        ApprovalReach(
                            concession.id, rule.id, "approval", index, len(levels), tuple(roles), mine, held[mine]
                        )
                    )
        for review in concession.reviews:
            if review.reviewer in held:
                found.append(
                    ApprovalReach(
                        concession.id,
                        review.id,
                        "review",
                        1,
                        1,
                        (review.reviewer,),
                        review.reviewer,
                        held[review.reviewer],
                    )
                )
    return found


def delegations_of(policy: Policy, person_id: str, on: dt.date) -> list[DelegationLink]:
    """Delegations to or from the person that are in force on ``on`` or start after it."""
    links = []
    for delegation in sorted(policy.organisation.delegations, key=lambda d: (d.starts, d.ends)):
        if delegation.ends < on:
            continue
        for direction, who in (("to", delegation.delegate), ("from", delegation.delegator)):
            if who == person_id:
                links.append(DelegationLink(delegation, direction, delegation.active_on(on)))
    return links


def people_items(governance: Governance, reminders: list[DueItem] | None = None) -> dict[str, PersonItems]:
    """Person id → their items, for everyone in the organisation file (people with nothing get empty lists).

    ``reminders`` is :func:`~.reminders.due_items` when the caller already has it. Log rows naming someone
    outside the organisation file belong to no page here (the pages that list them show the name plain).
    """
    portfolio = governance.portfolio
    policy = portfolio.policy
    as_of = portfolio.as_of
    result = {p.id: PersonItems(p.id) for p in policy.organisation.people}
    for person in policy.organisation.people:
        items = result[person.id]
        items.roles = tuple(person.roles)
        items.delegations = delegations_of(policy, person.id, as_of)
        items.approvals = approvals_reaching(policy, person.id, as_of)
        items.policy_files = owned_files(policy, person.id)

    for escalation in portfolio.escalations:
        if escalation.owner in result:
            result[escalation.owner].escalations.append(escalation)
    for items in result.values():
        items.escalations.sort(key=lambda e: (e.opened_on or dt.datetime.min, e.escalation_id), reverse=True)
        items.escalations.sort(key=lambda e: not portfolio.is_open(e))  # stable: open first, each newest first
        items.open_escalations = sum(1 for e in items.escalations if portfolio.is_open(e))

    for action in sorted(portfolio.actions, key=lambda a: (_by_day(a.due), a.row)):
        if action.owner in result and not portfolio.action_done(action):
            result[action.owner].actions.append(action)
    for items in result.values():
        items.actions.sort(key=lambda a: not portfolio.is_overdue(a.due))  # stable: overdue first
        items.overdue_actions = sum(1 for a in items.actions if portfolio.is_overdue(a.due))

    approvers: dict[str, set[str]] = defaultdict(set)
    for approval in portfolio.approvals:
        approvers[approval.commitment_id].add(approval.approver)
    for commitment in sorted(portfolio.commitments, key=lambda c: (_by_day(c.due), c.commitment_id)):
        signed = approvers.get(commitment.commitment_id, set()) | {commitment.approved_by}
        for person_id in dict.fromkeys([commitment.owner, *sorted(p for p in signed if p)]):
            if person_id not in result:
                continue
            relations = tuple(
                r for r, yes in ((OWNER, commitment.owner == person_id), (APPROVER, person_id in signed)) if yes
            )
            result[person_id].commitments.append(CommitmentLink(commitment, relations))

    horizon = horizon_of(as_of)
    for item in reminders if reminders is not None else due_items(governance):
        if item.kind not in DUE_SOON_KINDS or not (item.overdue or item.day <= horizon):
            continue
        for person_id in item.people:
            if person_id in result:
                result[person_id].due_soon.append(item)
    return result
