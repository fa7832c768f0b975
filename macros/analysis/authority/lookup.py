"""The "who must approve this?" lookup: the rule that applies to a request, its chain and its stacked reviews.

:meth:`ApprovalResult.to_json` is the reference the browser lookup must agree with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...policy.authority import Approver, ConcessionType, Rule, approver_roles, chain_levels
from ...policy.model import Policy
from ...problems import did_you_mean
from .requests import FACT_FLAGS, ConcessionRequest, UnknownConcessionType, blocked_by, ordered


@dataclass(frozen=True)
class ApprovalStep:
    """One sign-off. ``kind`` is ``"approval"`` (part of the chain; ``rule_id`` is the rule) or ``"review"``
    (a stacked review; ``rule_id`` is then the review's id). ``role`` is the role id, or for a level any one
    of several roles may sign, their ids joined by ``|`` (``alternatives`` lists them)."""

    role: str
    role_name: str
    rule_id: str
    reason: str
    kind: str = "approval"
    alternatives: tuple[str, ...] = ()
    """The roles any one of which signs this step; empty for a single role."""

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role that can sign this step (one, or each alternative)."""
        return self.alternatives or (self.role,)


def step_for(policy: Policy, level: Approver, rule_id: str, reason: str, kind: str = "approval") -> ApprovalStep:
    """An :class:`ApprovalStep` for a chain level: a single role, or any one of several."""
    roles = approver_roles(level)
    return ApprovalStep(
        role="|".join(roles),
        role_name=policy.roles_text(roles),
        rule_id=rule_id,
        reason=reason,
        kind=kind,
        alternatives=roles if len(roles) > 1 else (),
    )


@dataclass(frozen=True)
class ApprovalResult:
    """Who must approve a request, according to the first rule whose tests all pass."""

    request: ConcessionRequest
    concession: ConcessionType
    rule: Rule | None
    """The rule that applies; ``None`` when no rule matched (see ``no_rule``)."""
    allowed: bool | None
    """The rule's ``allowed``; ``None`` when no rule matched (the policy does not say)."""
    chain: tuple[ApprovalStep, ...]
    """Approvals in order, lowest first. Empty: the requester's own authority suffices."""
    reviews: tuple[ApprovalStep, ...]
    """Stacked reviews whose tests all pass, in the policy's order (evaluated whatever rule applies)."""
    no_rule: bool
    missing_facts: tuple[str, ...]
    """Facts not given that could change the answer: a test on them is all that keeps an earlier rule, or a
    review, from applying. A caller can ask for them (``--arr``)."""
    rule_missing_facts: tuple[str, ...] = ()
    """The part of ``missing_facts`` that could change which rule applies (reviews left out)."""

    @property
    def final_step(self) -> ApprovalStep | None:
        """The highest approval in the chain: the one a single recorded approver must hold."""
        return self.chain[-1] if self.chain else None

    def summary(self) -> str:
        """One readable sentence, e.g. for the command line."""
        name = self.concession.name
        if self.no_rule:
            text = f"No rule of {name} matches this request"
            if self.missing_facts:
                text += "; give " + ", ".join(FACT_FLAGS.get(f, f) for f in self.missing_facts)
            return text + "."
        assert self.rule is not None
        if self.allowed is False:
            return f"Not allowed: rule {self.rule.id} ({self.rule.description or name}) does not permit this."
        if not self.chain:
            text = f"Rule {self.rule.id}: no approval needed"
        else:
            text = f"Rule {self.rule.id}: " + " → ".join(s.role_name for s in self.chain)
        if self.reviews:
            text += "; reviews: " + ", ".join(f"{s.role_name} ({s.rule_id})" for s in self.reviews)
        return text + "."

    def to_json(self) -> dict[str, Any]:
        """Plain data with a stable key order; the browser lookup must produce exactly this."""
        return {
            "type": self.concession.id,
            "inputs": self.request.inputs(),
            "rule": self.rule.id if self.rule else None,
            "allowed": self.allowed,
            "chain": [{"role": s.role, "role_name": s.role_name, "rule": s.rule_id} for s in self.chain],
            "reviews": [{"role": s.role, "role_name": s.role_name, "review": s.rule_id} for s in self.reviews],
            "missing_facts": list(self.missing_facts),
            "no_rule": self.no_rule,
        }


def concession_for(policy: Policy, reference: str) -> ConcessionType:
    """A concession type by id or name; :class:`UnknownConcessionType` (with a hint) when there is none."""
    found = policy.find_concession(reference)
    if found is None:
        choices = [c.id for c in policy.authority.concession_types]
        hint = did_you_mean(reference, choices)
        raise UnknownConcessionType(f"'{reference}' is not a concession type" + (f"; {hint}" if hint else ""))
    return found


def chain_roles(concession: ConcessionType, rule: Rule) -> list[str]:
    """Roles named by a rule's chain in order (each alternative of an ``any_of`` level included)."""
    return list(dict.fromkeys(role for level in chain_levels(concession, rule) for role in approver_roles(level)))


def required_approvals(policy: Policy, request: ConcessionRequest) -> ApprovalResult:
    """The approvals a request needs: the first rule (in order) whose every test passes, its chain, and every
    stacked review whose tests all pass. A test on a fact the request does not give never passes."""
    concession = concession_for(policy, request.type)
    facts = request.facts(concession)
    rule_missing: set[str] = set()
    matched: Rule | None = None
    for rule in concession.rules:
        blocked = blocked_by(rule.when, facts, concession, request)
        if blocked is None:
            continue
        if not blocked:
            matched = rule
            break
        rule_missing.update(blocked)
    review_missing: set[str] = set()
    reviews: list[ApprovalStep] = []
    for review in concession.reviews:
        blocked = blocked_by(review.when, facts, concession, request)
        if blocked is None:
            continue
        if blocked:
            review_missing.update(blocked)
            continue
        reviews.append(
            ApprovalStep(
                role=review.reviewer,
                role_name=policy.role_name(review.reviewer),
                rule_id=review.id,
                reason=f"Review {review.id}" + (f": {review.description}" if review.description else ""),
                kind="review",
            )
        )
    chain: list[ApprovalStep] = []
    if matched is not None:
        reason = f"Rule {matched.id}" + (f": {matched.description}" if matched.description else "")
        if matched.approve_up_to is not None:
            reason += f" (every level up to {policy.role_name(matched.approve_up_to)})"
        chain = [step_for(policy, level, matched.id, reason) for level in chain_levels(concession, matched)]
    return ApprovalResult(
        request=request,
        concession=concession,
        rule=matched,
        allowed=matched.allowed if matched is not None else None,
        chain=tuple(chain),
        reviews=tuple(reviews),
        no_rule=matched is None,
        missing_facts=ordered(rule_missing | review_missing),
        rule_missing_facts=ordered(rule_missing),
    )
