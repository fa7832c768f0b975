"""Who holds a role's authority on a day: through the role itself, a higher role that covers it, or a delegation
in force. The audit, `escalation approvers` and the lint all ask here, so they always agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ...policy.authority import ConcessionType
from ...policy.model import Policy
from .lookup import chain_roles


def can_approve(policy: Policy, person_id: str, role_id: str, on: dt.date) -> str | None:
    """How ``person_id`` holds ``role_id``'s authority on ``on``: ``'role'`` (their own role),
    ``'hierarchy (A covers B)'`` (a higher role of theirs covers it) or ``'delegation from X (start to end)'``
    (a delegation in force that day, both ends included); ``None`` when they do not hold it."""
    return policy.authority_of(person_id, on).get(role_id)


def authority_for_any(policy: Policy, person_id: str, roles: Iterable[str], on: dt.date) -> tuple[str, str] | None:
    """The first of ``roles`` the person holds on ``on`` and how (see :func:`can_approve`); ``None`` for none."""
    held = policy.authority_of(person_id, on)
    for role in roles:
        if role in held:
            return role, held[role]
    return None


def holders_on(policy: Policy, role_id: str, on: dt.date) -> list[tuple[str, str]]:
    """Everyone holding ``role_id``'s authority on ``on`` → how, people holding the role itself first."""
    found = []
    for person in policy.organisation.people:
        how = can_approve(policy, person.id, role_id, on)
        if how is not None:
            found.append((person.id, how))
    return sorted(found, key=lambda item: item[1] != "role")


def holders_text(policy: Policy, roles: Iterable[str], on: dt.date) -> str:
    """Who can sign for any of ``roles`` on ``on``, as the audit counts them: the people holding a role
    themselves, people holding it through a delegation in force, and the covering roles whose holders may sign
    too (named as roles, not listed person by person). "nobody holds this role" only when none of these exist."""
    roles = list(roles)
    direct: dict[str, str] = {}
    delegated: dict[str, str] = {}
    through_hierarchy = False
    for role in roles:
        for person_id, how in holders_on(policy, role, on):
            name = policy.person_by_id[person_id].name
            if how == "role":
                direct[person_id] = name
            elif how.startswith("hierarchy"):
                through_hierarchy = True
            else:
                delegated.setdefault(person_id, f"{name} through {how}")
    parts = list(direct.values()) + [text for pid, text in delegated.items() if pid not in direct]
    covering = covering_roles(policy, roles) if through_hierarchy else []
    if covering:
        anyone = "anyone holding " + _or_list([policy.role_name(r) for r in covering])
        parts.append(f"or {anyone}" if parts else anyone)
    return ", ".join(parts) or "nobody holds this role"


def covering_roles(policy: Policy, roles: list[str]) -> list[str]:
    """Roles other than ``roles`` whose authority includes one of them and that somebody holds, in policy
    order."""
    wanted = set(roles)
    return [
        role.id
        for role in policy.organisation.roles
        if role.id not in wanted
        and wanted & policy.covered_roles.get(role.id, frozenset())
        and policy.people_with_role(role.id)
    ]


def _or_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def how_text(how: str, role_name: str) -> str:
    return f"as {role_name}" if how == "role" else f"through {how}"


def held_roles_text(policy: Policy, person_id: str, on: dt.date, concession: ConcessionType) -> str:
    """The roles a person holds that matter for this concession type, highest only (e.g. 'VP Sales only')."""
    held = policy.authority_of(person_id, on)
    relevant: set[str] = set()
    for rule in concession.rules:
        relevant.update(chain_roles(concession, rule))
    for level in concession.ladder:
        relevant.update([level] if isinstance(level, str) else level.any_of)
    own = [r for r, how in held.items() if not how.startswith("hierarchy")]
    shown = [r for r in own if r in relevant] or [r for r in held if r in relevant]
    top = [r for r in shown if not any(o != r and r in policy.covered_roles.get(o, ()) for o in shown)]
    if top:
        return " and ".join(policy.role_name(r) for r in top) + " only"
    direct = ", ".join(policy.role_name(r) for r in own) or "no role"
    return f"none of the roles that approve {concession.name} ({direct})"


def lapsed_delegations(policy: Policy, person_id: str, roles: Iterable[str], on: dt.date) -> list[str]:
    """Delegations to the person that are not in force on ``on`` but would have given one of ``roles`` if they
    were: they lend a role covering it, and the delegator held that role on that day."""
    wanted = set(roles)
    notes = []
    for delegation in policy.organisation.delegations:
        if delegation.delegate != person_id or delegation.active_on(on):
            continue
        delegator = policy.person_by_id.get(delegation.delegator)
        if delegator is None:
            continue
        lent = [r for r in (delegation.roles or delegator.roles) if r in delegator.roles]
        if any(wanted & policy.covered_roles.get(r, frozenset({r})) for r in lent):
            tense = "ended on" if delegation.ends < on else "starts on"
            day = delegation.ends if delegation.ends < on else delegation.starts
            notes.append(
                f"the delegation from {delegator.name} runs {delegation.starts.isoformat()} to "
                f"{delegation.ends.isoformat()} ({tense} {day.isoformat()})"
            )
    return notes
