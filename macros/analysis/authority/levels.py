"""Level-by-level audit from the Approvals sheet: every level of a chain and every stacked review needs its own
sign-off by someone holding that level's authority on the day they signed.

Rows are matched to levels by the role the approver acted in: first rows naming exactly the level's role (or
one of an ``any_of``), then rows in a higher role that covers it. Each row signs one level.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from ...policy.model import Policy
from .audit import Finding, person_name, resolved_day, segregation_findings
from .holders import can_approve, held_roles_text, how_text, lapsed_delegations
from .lookup import ApprovalResult, ApprovalStep


def _label(index: int, step: ApprovalStep) -> str:
    if step.kind == "review":
        return f"review {step.rule_id} ({step.role_name})"
    return f"level {index} ({step.role_name})"


def match_rows(policy: Policy, steps: Sequence[ApprovalStep], rows: Sequence[Any]) -> list[Any | None]:
    """The Approvals row signing each step (``None`` when none does), earliest rows first."""
    unused = sorted(rows, key=lambda a: (a.approved_on or dt.date.max, a.row))
    matched: list[Any | None] = [None] * len(steps)
    for exact in (True, False):
        for index, step in enumerate(steps):
            if matched[index] is not None:
                continue
            for row in unused:
                covered = {row.role} if exact else policy.covered_roles.get(row.role, frozenset({row.role}))
                if covered & set(step.roles):
                    matched[index] = row
                    unused.remove(row)
                    break
    return matched


def audit_levels(
    policy: Policy,
    commitment: Any,
    account: Any | None,
    escalation: Any | None,
    result: ApprovalResult,
    rows: Sequence[Any],
    findings: list[Finding],
) -> tuple[dt.date | None, str | None, str | None]:
    """Append a finding per problem (or one ``ok``) to ``findings``; return the day, the authority and the
    person of the chain's final level, when it was signed with authority."""
    rule = result.rule
    assert rule is not None
    steps = list(result.chain) + list(result.reviews)
    if not steps:
        if rule.allowed:
            findings.append(
                Finding("not_needed", f"Rule {rule.id} needs no approval (the Approvals rows are not required)")
            )
        return None, None, None
    matched = match_rows(policy, steps, rows)
    resolved = resolved_day(escalation)
    signed: list[str] = []
    problems_before = len(findings)
    final: tuple[dt.date | None, str | None, str | None] = (None, None, None)
    for index, (step, row) in enumerate(zip(steps, matched, strict=True), start=1):
        label = _label(index, step)
        if row is None:
            findings.append(
                Finding(
                    "missing_approval",
                    f"Rule {rule.id} needs {label}; no row of the Approvals sheet records that sign-off",
                    commitment.ref("commitment_id"),
                )
            )
            continue
        name = person_name(policy, row.approver)
        day = row.approved_on
        how = can_approve(policy, row.approver, row.role, day)
        if how is None:
            text = (
                f"Rule {rule.id} needs {label}; {name} signed as {policy.role_name(row.role)} on {day.isoformat()} "
                f"but holds {held_roles_text(policy, row.approver, day, result.concession)} that day"
            )
            lapsed = lapsed_delegations(policy, row.approver, step.roles, day)
            if lapsed:
                text += " — " + "; ".join(lapsed)
            findings.append(Finding("no_authority", text, row.ref("role")))
        else:
            signed.append(f"{label} by {name} {how_text(how, policy.role_name(row.role))} on {day.isoformat()}")
            if index == len(result.chain):  # the chain's final level
                final = (day, how, row.approver)
        if resolved is not None and day > resolved:
            findings.append(
                Finding(
                    "approved_after_close",
                    f"{label[0].upper()}{label[1:]} was signed on {day.isoformat()}, after the escalation was "
                    f"resolved on {resolved.isoformat()}",
                    row.ref("approved_on"),
                )
            )
        findings.extend(
            segregation_findings(policy, commitment, account, row.approver, rule.id, row.ref("approver"), label)
        )
    if rule.in_order:
        chain_rows = [(i, row) for i, row in enumerate(matched[: len(result.chain)], start=1) if row is not None]
        for (low, earlier), (high, later) in itertools.pairwise(chain_rows):
            if later.approved_on < earlier.approved_on:
                findings.append(
                    Finding(
                        "out_of_order",
                        f"Rule {rule.id} needs its levels in order, but level {high} was signed on "
                        f"{later.approved_on.isoformat()}, before level {low} on {earlier.approved_on.isoformat()}",
                        later.ref("approved_on"),
                    )
                )
    if len(findings) == problems_before:
        findings.append(Finding("ok", f"Rule {rule.id}: " + "; ".join(signed)))
    extra = [row for row in rows if not any(row is m for m in matched)]
    if extra:
        listed = "; ".join(
            f"{person_name(policy, row.approver)} as {policy.role_name(row.role)} on {row.approved_on.isoformat()}"
            for row in extra
        )
        findings.append(Finding("ok", f"Also recorded, not required by rule {rule.id}: {listed}", extra[0].ref("role")))
    return final
