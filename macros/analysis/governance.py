"""The policy applied to the whole log, once per build: tier assessments, response targets, authority verdicts.

Every page and `escalation validate` read their verdicts from here, so they always agree.
"""

from __future__ import annotations

from functools import cached_property

from ..problems import Problem, ProblemLog
from ..workbook.records import Commitment, Escalation
from .authority import AuthorityVerdict, audit_commitment
from .business_time import BusinessClock
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


class Governance:
    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.policy = portfolio.policy
        self.clock = BusinessClock(self.policy.organisation.calendar)

    @cached_property
    def assessments(self) -> dict[str, TierAssessment]:
        p = self.portfolio
        return {
            e.escalation_id: assess_tier(
                self.policy,
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
    def verdicts(self) -> dict[str, AuthorityVerdict]:
        p = self.portfolio
        result = {}
        approvals: dict[str, list] = {}
        for row in p.approvals:
            approvals.setdefault(row.commitment_id, []).append(row)
        for c in p.commitments:
            escalation = p.escalation_by_id.get(c.escalation_id)
            account = p.account_of(escalation) if escalation else None
            rows = approvals.get(c.commitment_id, ())
            result[c.commitment_id] = audit_commitment(self.policy, c, account, escalation, rows)
        return result

    def analyse(self) -> None:
        """Compute every assessment, target and verdict now rather than on first use, so a build can time this step."""
        _ = self.assessments, self.targets, self.verdicts

    def verdict(self, commitment: Commitment) -> AuthorityVerdict:
        return self.verdicts[commitment.commitment_id]

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
                    assessment.describe(self.policy),
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
