"""What a change to the policy (and the log) does to decisions, open escalations, open commitments and people.

Each function takes the two ends of a comparison (``before`` and ``after``: a policy and, where rows matter, the
log loaded against it) and returns only what differs. Decisions are compared on the policy's own boundary cases
(:func:`~macros.analysis.authority.boundary_cases` of both versions); escalations and commitments are compared
row by row, matched by id, so a row edited in the workbook shows its new facts under the new policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..policy.model import Policy
from ..workbook.records import EscalationLog
from .authority import ApprovalResult, ConcessionRequest, boundary_cases, required_approvals
from .business_time import BusinessClock
from .policy_diff import changed_concession_types
from .portfolio import Portfolio
from .response_targets import TARGET_LABELS, evaluate_escalation
from .tiering import assess_tier


@dataclass(frozen=True)
class DecisionChange:
    concession: str
    """The concession type's name."""
    case: str
    """The request in words, e.g. ``Extended payment terms, 60 days``."""
    before: str
    after: str
    rule_before: str | None
    rule_after: str | None

    def sentence(self) -> str:
        return f"{self.case}: {self.before} → {self.after}"

    def to_json(self) -> dict:
        return {
            "concession": self.concession,
            "case": self.case,
            "before": self.before,
            "after": self.after,
            "rule_before": self.rule_before,
            "rule_after": self.rule_after,
        }


@dataclass(frozen=True)
class RowEffect:
    """An open escalation or a commitment whose obligations change: ``id`` and what changes, in words."""

    id: str
    title: str
    """The account (escalations) or the concession (commitments)."""
    changes: tuple[str, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "changes": list(self.changes)}


def _number(value: float) -> str:
    return f"{value:,.2f}".removesuffix(".00") if value != int(value) else f"{int(value):,}"


def _value_text(unit: str, value: float, currency: str) -> str:
    if unit == "percent":
        return f"{value:g}%"
    if unit == "money":
        return f"{currency} {_number(value)}"
    if unit in ("days", "months"):
        return f"{value:g} {unit[:-1] if value == 1 else unit}"
    return f"{value:g}"


def case_text(policy: Policy, request: ConcessionRequest) -> str:
    concession = policy.concession_by_id.get(request.type)
    parts = [concession.name if concession else request.type]
    currency = policy.organisation.company.currency
    if request.value is not None:
        parts.append(_value_text(concession.unit if concession else "count", request.value, currency))
    if request.arr is not None:
        parts.append(f"ARR {currency} {_number(request.arr)}")
    if request.segment is not None:
        segment = policy.find_term("segments", request.segment)
        parts.append(f"segment {segment.name if segment else request.segment}")
    if request.term_months is not None:
        parts.append(f"term {request.term_months:g} months")
    return ", ".join(parts)


def answer_text(result: ApprovalResult | None) -> str:
    """Who must approve, in words: the chain (lowest first), not allowed, no approval, or no rule."""
    if result is None:
        return "not in the policy"
    if result.no_rule:
        text = "no rule applies"
    elif result.allowed is False:
        text = "not allowed"
    elif not result.chain:
        text = "no approval needed"
    else:
        text = ", ".join(step.role_name for step in result.chain)
    if result.reviews:
        text += "; reviews: " + ", ".join(step.role_name for step in result.reviews)
    return text


def _answer(policy: Policy, request: ConcessionRequest) -> ApprovalResult | None:
    if request.type not in policy.concession_by_id:
        return None
    return required_approvals(policy, request)


def decision_changes(before: Policy, after: Policy) -> list[DecisionChange]:
    """Boundary cases of each changed concession type whose answer differs, in policy order."""
    changed = set(changed_concession_types(before, after))
    if not changed:
        return []
    cases = dict.fromkeys(c for c in boundary_cases(after) if c.type in changed)
    cases.update(dict.fromkeys(c for c in boundary_cases(before) if c.type in changed))
    order = {c.id: i for i, c in enumerate(after.authority.concession_types)}
    segments = {t.id: i for i, t in enumerate(after.log_values.segments)}
    result = []
    for request in sorted(cases, key=lambda r: (order.get(r.type, len(order)), _sort_key(r, segments))):
        old, new = _answer(before, request), _answer(after, request)
        was, now = answer_text(old), answer_text(new)
        if was == now:
            continue
        concession = after.concession_by_id.get(request.type) or before.concession_by_id[request.type]
        result.append(
            DecisionChange(
                concession.name,
                case_text(after if request.type in after.concession_by_id else before, request),
                was,
                now,
                old.rule.id if old and old.rule else None,
                new.rule.id if new and new.rule else None,
            )
        )
    return result


def _sort_key(request: ConcessionRequest, segments: dict[str, int]) -> tuple:
    """By value, ARR, segment (in policy order, none last) and term; a missing number first."""

    def num(value: float | None) -> float:
        return -1.0 if value is None else value

    segment = (
        len(segments) + (request.segment is None) if request.segment not in segments else segments[request.segment]
    )
    return (num(request.value), num(request.arr), segment, num(request.term_months))


# --- open escalations ---------------------------------------------------------------------------------------------


def _escalation_facts(
    policy: Policy, portfolio: Portfolio, clock: BusinessClock, escalation
) -> dict[str, tuple[object, str]]:
    """What an open escalation owes: label → (what is compared, what is shown). Tiers and roles are compared by
    id, so renaming one does not show as a change to every escalation (the policy changes say it once)."""
    account = portfolio.account_by_id.get(escalation.account_id)
    facts: dict[str, tuple[object, str]] = {}
    if account is not None:
        assessment = assess_tier(
            policy,
            clock,
            escalation,
            account,
            as_of=portfolio.as_of,
            arr_at_risk=portfolio.arr_at_risk(escalation),
            is_open=True,
        )
        tier = policy.tier_by_id.get(assessment.policy_tier)
        facts["Tier by policy"] = (assessment.policy_tier, tier.name if tier else assessment.policy_tier)
    tier = policy.tier_by_id.get(escalation.tier)
    if tier is None:
        facts["Recorded tier"] = (escalation.tier, f"{escalation.tier} (not a tier of the policy)")
        return facts
    involvement = policy.stakeholders.matrix.get(tier.id, {})
    required = [role for role, how in involvement.items() if how.required]
    facts["Required stakeholders"] = (
        sorted(required),
        ", ".join(policy.role_name(role) for role in required) or "none",
    )
    every = tier.response.status_update_every
    facts["Status updates every"] = (every, every.describe() if every else "no cadence")
    results = evaluate_escalation(
        clock,
        tier.response,
        escalation,
        portfolio.updates_by_escalation.get(escalation.escalation_id, []),
        portfolio.reviews_by_escalation.get(escalation.escalation_id, []),
        is_open=True,
        as_of=portfolio.as_of,
    )
    for target in results:
        if (target.deadline is not None and target.actual is None) or target.target == "status_update_every":
            shown = target.deadline.strftime("%Y-%m-%d %H:%M") if target.deadline else "(none)"
            facts[f"{TARGET_LABELS.get(target.target, target.target)} due"] = (target.deadline, shown)
    return facts


def _portfolio(policy: Policy, log: EscalationLog, as_of: dt.date) -> Portfolio:
    return Portfolio(
        policy, as_of, log.accounts, log.escalations, log.actions, log.commitments, log.updates, log.reviews
    )


def escalation_changes(
    before: Policy, before_log: EscalationLog, after: Policy, after_log: EscalationLog, as_of: dt.date
) -> list[RowEffect]:
    """Escalations open in ``after`` (and present in ``before``) whose tier, stakeholders, deadlines or cadence
    differ, by escalation id."""
    old, new = _portfolio(before, before_log, as_of), _portfolio(after, after_log, as_of)
    old_clock, new_clock = BusinessClock(before.organisation.calendar), BusinessClock(after.organisation.calendar)
    result = []
    for escalation in sorted(new.open_escalations, key=lambda e: e.escalation_id):
        was = old.escalation_by_id.get(escalation.escalation_id)
        if was is None:
            continue
        facts_before = _escalation_facts(before, old, old_clock, was)
        facts_after = _escalation_facts(after, new, new_clock, escalation)
        missing = (None, "(none)")
        changes = tuple(
            f"{key}: {facts_before.get(key, missing)[1]} → {facts_after.get(key, missing)[1]}"
            for key in dict.fromkeys([*facts_before, *facts_after])
            if facts_before.get(key, missing)[0] != facts_after.get(key, missing)[0]
        )
        if changes:
            account = new.account_by_id.get(escalation.account_id)
            result.append(
                RowEffect(escalation.escalation_id, account.name if account else escalation.account_id, changes)
            )
    return result


# --- commitments not yet approved ---------------------------------------------------------------------------------


def _commitment_answer(policy: Policy, portfolio: Portfolio, commitment) -> tuple[str, str | None]:
    escalation = portfolio.escalation_by_id.get(commitment.escalation_id)
    account = portfolio.account_by_id.get(escalation.account_id) if escalation else None
    request = ConcessionRequest(
        type=commitment.type,
        value=commitment.value,
        arr=account.arr if account else None,
        segment=account.segment if account else None,
    )
    result = _answer(policy, request)
    return answer_text(result), (result.rule.id if result and result.rule else None)


def commitment_changes(
    before: Policy, before_log: EscalationLog, after: Policy, after_log: EscalationLog, as_of: dt.date
) -> list[RowEffect]:
    """Commitments with nobody in Approved By whose required approvers differ. Approved commitments keep the
    policy that was in force when they were approved, so they are left out."""
    old, new = _portfolio(before, before_log, as_of), _portfolio(after, after_log, as_of)
    old_by_id = {c.commitment_id: c for c in old.commitments}
    result = []
    for commitment in sorted(new.commitments, key=lambda c: c.commitment_id):
        if commitment.approved_by or new.commitment_state(commitment) != "open":
            continue
        was = old_by_id.get(commitment.commitment_id)
        if was is None:
            continue
        answer_before, rule_before = _commitment_answer(before, old, was)
        answer_after, rule_after = _commitment_answer(after, new, commitment)
        if answer_before == answer_after:
            continue
        concession = after.concession_by_id.get(commitment.type)
        rules = f" (rule {rule_before or 'none'} → {rule_after or 'none'})" if rule_before != rule_after else ""
        result.append(
            RowEffect(
                commitment.commitment_id,
                concession.name if concession else commitment.type,
                (f"Approvers: {answer_before} → {answer_after}{rules}",),
            )
        )
    return result


# --- people -------------------------------------------------------------------------------------------------------


def authority_changes(before: Policy, after: Policy, on: dt.date) -> list[RowEffect]:
    """People whose approval authority (roles held directly, through the hierarchy or a delegation) differs."""
    ids = list(dict.fromkeys([*(p.id for p in after.organisation.people), *(p.id for p in before.organisation.people)]))
    result = []
    for person_id in ids:
        held_before = before.authority_of(person_id, on)
        held_after = after.authority_of(person_id, on)
        gained = [after.role_name(r) for r in held_after if r not in held_before]
        lost = [before.role_name(r) for r in held_before if r not in held_after]
        changes = []
        if gained:
            changes.append("gains " + ", ".join(gained))
        if lost:
            changes.append("loses " + ", ".join(lost))
        if changes:
            person = after.person_by_id.get(person_id) or before.person_by_id[person_id]
            result.append(RowEffect(person_id, person.name, tuple(changes)))
    return result
