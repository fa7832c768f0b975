"""The policy applied to the whole log, once per build: tier assessments, response targets, authority verdicts.

Every page and `escalation validate` read their verdicts from here, so they always agree. Each approval is judged
by the policy in force on its approval day, and each escalation's tier check by the tiering in force on the day it
opened (see :mod:`.policy_timeline`); where that is not today's policy, the verdict under today's policy is kept
too, so pages can say when the two differ.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..problems import Problem, ProblemLog
from ..workbook.records import Commitment, Escalation
from .authority import AuthorityVerdict, audit_commitment
from .business_time import BusinessClock
from .policy_timeline import PolicyTimeline, PolicyVersion
from .portfolio import Portfolio
from .response_targets import BREACHED, TargetResult, evaluate_escalation
from .tiering import TierAssessment, assess_tier

FINDING_STATUSES = frozenset(
    {
        "not_allowed",
        "no_authority",
        "segregation",
        "missing_approval",
        "out_of_order",
        "approved_after_close",
        "no_rule",
        "incomplete",
    }
)
"""Authority verdicts that are findings (anything but ok / not_needed)."""
BREACH_STATUSES = frozenset({"not_allowed", "no_authority", "segregation", "missing_approval"})
"""Findings that breach the policy (the rest are a late approval, or what cannot be judged); `escalation audit`
exits 1 on any of them."""


class Governance:
    def __init__(self, portfolio: Portfolio, timeline: PolicyTimeline | None = None) -> None:
        self.portfolio = portfolio
        self.policy = portfolio.policy
        self.clock = BusinessClock(self.policy.organisation.calendar)
        self.timeline = timeline or PolicyTimeline.single(self.policy)

    # --- which policy judges what ------------------------------------------------------------------------------
    def approval_day(self, commitment: Commitment) -> dt.date | None:
        """The day an approval is judged on: Approved On, else the escalation's resolution, else unknown."""
        if commitment.approved_on is not None:
            return commitment.approved_on
        escalation = self.portfolio.escalation_by_id.get(commitment.escalation_id)
        if escalation is not None and escalation.resolved_on is not None:
            return escalation.resolved_on.date()
        return None

    def tier_version(self, escalation: Escalation) -> PolicyVersion:
        """The tiering in force on the day the escalation opened; today's when that version lacks its tier."""
        version = self.timeline.in_force(escalation.opened_on)
        if escalation.tier not in version.policy.tier_by_id:
            return self.timeline.current
        return version

    def verdict_version(self, commitment: Commitment) -> PolicyVersion:
        return self.timeline.in_force(self.approval_day(commitment))

    @cached_property
    def assessments(self) -> dict[str, TierAssessment]:
        p = self.portfolio
        return {
            e.escalation_id: assess_tier(
                self.tier_version(e).policy,
                self.clock,
                e,
                p.account_of(e),
                as_of=p.as_of,
                arr_at_risk=p.arr_at_risk(e),
                is_open=p.is_open(e),
            )
            for e in p.escalations
        }

    @cached_property
    def targets(self) -> dict[str, list[TargetResult]]:
        p = self.portfolio
        result = {}
        for e in p.escalations:
            tier = self.policy.tier_by_id.get(e.tier)
            if tier is None:
                result[e.escalation_id] = []
                continue
            result[e.escalation_id] = evaluate_escalation(
                self.clock,
                tier.response,
                e,
                p.updates_by_escalation.get(e.escalation_id, []),
                p.reviews_by_escalation.get(e.escalation_id, []),
                is_open=p.is_open(e),
                as_of=p.as_of,
            )
        return result

    @cached_property
    def _approval_rows(self) -> dict[str, list]:
        """Commitment id → its rows of the Approvals sheet (one per level of a chain or stacked review)."""
        rows: dict[str, list] = {}
        for row in self.portfolio.approvals:
            rows.setdefault(row.commitment_id, []).append(row)
        return rows

    def _audit(self, policy, commitment: Commitment) -> AuthorityVerdict:
        p = self.portfolio
        escalation = p.escalation_by_id.get(commitment.escalation_id)
        account = p.account_of(escalation) if escalation else None
        rows = self._approval_rows.get(commitment.commitment_id, ())
        return audit_commitment(policy, commitment, account, escalation, rows)

    @cached_property
    def verdicts(self) -> dict[str, AuthorityVerdict]:
        """Commitment id → verdict under the policy in force on its approval day."""
        return {c.commitment_id: self._audit(self.verdict_version(c).policy, c) for c in self.portfolio.commitments}

    @cached_property
    def current_verdicts(self) -> dict[str, AuthorityVerdict]:
        """Commitment id → verdict under today's policy (the same object where that policy judged it)."""
        current = self.timeline.current
        result = {}
        for c in self.portfolio.commitments:
            version = self.verdict_version(c)
            same = version is current or (version.tree is not None and version.tree == current.tree)
            result[c.commitment_id] = self.verdicts[c.commitment_id] if same else self._audit(current.policy, c)
        return result

    def analyse(self) -> None:
        """Compute every assessment, target and verdict now rather than on first use, so a build can time this step."""
        _ = self.assessments, self.targets, self.verdicts, self.current_verdicts

    def verdict(self, commitment: Commitment) -> AuthorityVerdict:
        return self.verdicts[commitment.commitment_id]

    def current_verdict(self, commitment: Commitment) -> AuthorityVerdict:
        return self.current_verdicts[commitment.commitment_id]

    def judged_differently_today(self, commitment: Commitment) -> bool:
        return self.current_verdict(commitment).status != self.verdict(commitment).status

    def describe_tier_check(self, escalation: Escalation) -> str:
        """The under-tiering message, in the words (tier names) of the policy that judged it."""
        return self.assessments[escalation.escalation_id].describe(self.tier_version(escalation).policy)

    def is_finding(self, commitment: Commitment) -> bool:
        return self.verdict(commitment).status in FINDING_STATUSES

    def breaches(self, escalation: Escalation) -> list[TargetResult]:
        return [t for t in self.targets.get(escalation.escalation_id, []) if t.status == BREACHED]

    def warnings(self) -> list[Problem]:
        """Governance findings for `escalation validate`: they inform, they never fail a build."""
        log = ProblemLog()
        p = self.portfolio
        for escalation in p.escalations:
            if not p.is_open(escalation):
                continue
            assessment = self.assessments[escalation.escalation_id]
            if assessment.under_tiered:
                log.warning(
                    escalation.ref("tier"),
                    self.describe_tier_check(escalation),
                    path="Tier",
                    hint="raise the tier, or record why not in an update",
                    code="under-tiered",
                )
            for result in self.breaches(escalation):
                log.warning(
                    escalation.ref("escalation_id"),
                    f"{result.label}: {result.detail}",
                    path="Escalation ID",
                    hint="see the account briefing",
                    code=f"target-{result.target}",
                )
        for commitment in p.commitments:
            verdict = self.verdict(commitment)
            if verdict.status not in FINDING_STATUSES:
                continue
            for finding in verdict.findings:
                if finding.code in FINDING_STATUSES:
                    log.warning(
                        finding.cell or commitment.ref("approved_by") or commitment.ref("commitment_id"),
                        f"{commitment.commitment_id}: {finding.reason}",
                        path="Approved By",
                        hint="get approval from someone with the authority, or record who gave it",
                        code=f"authority-{finding.code}",
                    )
        return log.warnings
