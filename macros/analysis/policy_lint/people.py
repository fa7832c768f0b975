"""Roles nobody can sign for on the as-of date, and delegations that are too long or overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...policy.authority import approver_roles
from ...policy.model import Policy
from ..authority.holders import holders_on

Finding = tuple[str, tuple[str | int, ...], str, str, str]
"""(file name, key path, message, hint, code)."""


def _levels(policy: Policy) -> Iterator[tuple[tuple[str | int, ...], object, str]]:
    """Every approver level, ladder level and reviewer role, with its key path and what it is."""
    for t, ctype in enumerate(policy.authority.concession_types):
        base: tuple[str | int, ...] = ("concession_types", t)
        for j, level in enumerate(ctype.ladder):
            yield (*base, "ladder", j), level, f"ladder level of {ctype.name}"
        for r, rule in enumerate(ctype.rules):
            for j, level in enumerate(rule.approvers):
                yield (*base, *ctype.rule_path(r), "approvers", j), level, f"approver of rule {rule.id}"
        for r, review in enumerate(ctype.reviews):
            yield (*base, "reviews", r, "reviewer"), review.reviewer, f"reviewer of {review.id}"


def unheld_roles(policy: Policy, as_of: dt.date) -> list[Finding]:
    """Levels that nobody can sign on ``as_of``: no person holds the role (or, for ``any_of``, any of its roles)
    directly, through a covering role or through a delegation in force that day."""
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for path, level, what in _levels(policy):
        roles = approver_roles(level)
        if any(holders_on(policy, role, as_of) for role in roles):
            continue
        if path in seen:
            continue
        seen.add(path)
        findings.append(
            (
                "authority.yaml",
                path,
                f"nobody holds {policy.roles_text(roles)} on {as_of.isoformat()} ({what}): no person in the role, "
                "no role covering it and no delegation in force",
                "give the role to someone in organisation.yaml, or let a higher role cover it",
                "lint-unheld-role",
            )
        )
    return findings


def delegation_problems(policy: Policy) -> list[Finding]:
    """Delegations longer than ``max_delegation_days``, and delegations of the same role by the same person whose
    dates overlap (which one applies would be unclear)."""
    org = policy.organisation
    findings: list[Finding] = []
    limit = org.max_delegation_days
    for index, delegation in enumerate(org.delegations):
        days = (delegation.ends - delegation.starts).days + 1
        if limit is not None and days > limit:
            findings.append(
                (
                    "organisation.yaml",
                    ("delegations", index, "ends"),
                    f"the delegation from {policy.person_by_id[delegation.delegator].name} runs {days} days "
                    f"({delegation.starts.isoformat()} to {delegation.ends.isoformat()}), longer than "
                    f"max_delegation_days ({limit})",
                    "end it sooner, or record a new delegation when it is renewed",
                    "lint-delegation-too-long",
                )
            )
    for index, delegation in enumerate(org.delegations):
        delegator = policy.person_by_id.get(delegation.delegator)
        if delegator is None:
            continue
        lent = set(delegation.roles or delegator.roles)
        for earlier_index, earlier in enumerate(org.delegations[:index]):
            if earlier.delegator != delegation.delegator:
                continue
            shared = lent & set(earlier.roles or delegator.roles)
            if not shared or earlier.ends < delegation.starts or delegation.ends < earlier.starts:
                continue
            findings.append(
                (
                    "organisation.yaml",
                    ("delegations", index, "starts"),
                    f"{delegator.name} delegates {policy.roles_text(sorted(shared))} twice at once: this delegation "
                    f"({delegation.starts.isoformat()} to {delegation.ends.isoformat()}) overlaps delegations[{earlier_index}] "
                    f"({earlier.starts.isoformat()} to {earlier.ends.isoformat()})",
                    "shorten one so that one person holds the authority at a time",
                    "lint-delegation-overlap",
                )
            )
    return findings
