"""Fragments that show the governance verdicts: response targets and the tier assessment.

View models here; layout in ``governance/targets.html`` and ``governance/tier_reason.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.response_targets import BREACHED, DUE_SOON, MET, PENDING
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .formats import moment
from .templating import render

STATUS_WORDS = {MET: "Met", BREACHED: "Breached", PENDING: "Pending", DUE_SOON: "Due soon"}
STATUS_CLASS = {MET: "ref-good", BREACHED: "ref-bad", PENDING: "ref-muted", DUE_SOON: "ref-warn"}


@dataclass(frozen=True, slots=True)
class TargetRow:
    label: str
    within: str
    due: str
    status_word: str
    status_class: str
    detail: str


@dataclass(frozen=True, slots=True)
class TierReason:
    kind: str
    """``under_tiered`` (an open escalation below the tier its facts call for), ``recorded`` (the reasons the log
    gives), ``unmatched`` (no criterion of its tier matches it) or ``none`` (nothing to say)."""
    tier_name: str = ""
    text: str = ""


def target_rows(context: SiteContext, escalation: Escalation) -> list[TargetRow]:
    return [
        TargetRow(
            r.label,
            r.target_text,
            moment(r.deadline),
            STATUS_WORDS.get(r.status, r.status),
            STATUS_CLASS.get(r.status, ""),
            r.detail,
        )
        for r in context.governance.targets.get(escalation.escalation_id, [])
    ]


def targets_table(context: SiteContext, escalation: Escalation) -> Markup:
    return render("governance/targets.html", targets=target_rows(context, escalation))


def tier_reason_model(context: SiteContext, escalation: Escalation) -> TierReason:
    assessment = context.governance.assessments.get(escalation.escalation_id)
    if assessment is None:
        return TierReason("none")
    policy = context.policy
    if assessment.under_tiered and context.portfolio.is_open(escalation):
        return TierReason("under_tiered", text=context.governance.describe_tier_check(escalation))
    tier_name = policy.tier_by_id[escalation.tier].name
    if assessment.recorded_reasons:
        return TierReason("recorded", tier_name, "; ".join(r.text for r in assessment.recorded_reasons))
    if policy.tier_rank(escalation.tier) == 0:
        return TierReason("none")  # the entry tier needs no criterion to match
    return TierReason("unmatched", tier_name)


def tier_reason(context: SiteContext, escalation: Escalation) -> Markup:
    return render("governance/tier_reason.html", reason=tier_reason_model(context, escalation))
