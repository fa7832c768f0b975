"""Who is involved in an escalation, role by role, against who the stakeholder matrix says must be.

A person counts as involved in a role when they hold that role in the policy and take part in the escalation
(owner, action owner, update author, commitment owner or approver, review facilitator), or when they fill that
role for the account through the Accounts sheet (CSM, AE, Exec Sponsor columns, mapped by `account_team`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy.model import Policy
from ..policy.stakeholders import RACI_ORDER
from ..workbook.records import Escalation
from .portfolio import Portfolio


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    raci: str
    required: bool
    people: tuple[tuple[str, str], ...]
    """(person id, how they are involved)."""

    @property
    def gap(self) -> bool:
        return self.required and not self.people


def participants(policy: Policy, portfolio: Portfolio, escalation: Escalation) -> dict[str, list[str]]:
    """Person id → how they take part in the escalation, in a stable order."""
    found: dict[str, list[str]] = {}

    def add(person_id: str | None, how: str) -> None:
        if person_id and how not in found.setdefault(person_id, []):
            found[person_id].append(how)

    key = escalation.escalation_id
    add(escalation.owner, "owner")
    for action in portfolio.actions_by_escalation.get(key, []):
        add(action.owner, "action owner")
    for update in portfolio.updates_by_escalation.get(key, []):
        add(update.author, "sent updates")
    for commitment in portfolio.commitments_by_escalation.get(key, []):
        add(commitment.owner, "commitment owner")
        add(commitment.approved_by, "approver")
    for review in portfolio.reviews_by_escalation.get(key, []):
        add(review.facilitator, "review facilitator")
    return found


def role_coverage(policy: Policy, portfolio: Portfolio, escalation: Escalation) -> list[RoleCoverage]:
    """Every role of the escalation's tier in the stakeholder matrix, with the people involved in it."""
    account = portfolio.account_of(escalation)
    involved = participants(policy, portfolio, escalation)
    team = policy.organisation.account_team
    account_roles: dict[str, list[tuple[str, str]]] = {}
    for column, label in (("csm", "account CSM"), ("ae", "account AE"), ("exec_sponsor", "account exec sponsor")):
        role = getattr(team, column)
        person = getattr(account, column)
        if role and person:
            account_roles.setdefault(role, []).append((person, label))
    row = policy.stakeholders.matrix.get(escalation.tier, {})
    result = []
    for role_id, involvement in row.items():
        people: dict[str, str] = {}
        for person_id, how in account_roles.get(role_id, []):
            if person_id in involved:
                people[person_id] = f"{how}, " + ", ".join(involved[person_id])
        for person_id, ways in involved.items():
            person = policy.person_by_id.get(person_id)
            if person and role_id in person.roles and person_id not in people:
                people[person_id] = ", ".join(ways)
        if not people:
            # The account's named person for the role counts as involved even before they act in the log.
            for person_id, how in account_roles.get(role_id, []):
                people[person_id] = how
        result.append(RoleCoverage(role_id, involvement.raci, involvement.required, tuple(people.items())))
    result.sort(key=lambda c: (not c.required, RACI_ORDER.index(c.raci), policy.role_name(c.role)))
    return result
