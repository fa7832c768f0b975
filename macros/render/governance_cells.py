"""Fragments that show the governance verdicts: response targets and the tier assessment."""

from __future__ import annotations

from ..analysis.response_targets import BREACHED, DUE_SOON, MET, PENDING
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .formats import moment
from .html import Markup, esc
from .tables import table

STATUS_WORDS = {MET: "Met", BREACHED: "Breached", PENDING: "Pending", DUE_SOON: "Due soon"}
STATUS_CLASS = {MET: "ref-good", BREACHED: "ref-bad", PENDING: "ref-muted", DUE_SOON: "ref-warn"}


def status_badge(status: str) -> Markup:
    return Markup(f'<span class="{STATUS_CLASS.get(status, "")}">{esc(STATUS_WORDS.get(status, status))}</span>')


def targets_table(context: SiteContext, escalation: Escalation) -> Markup:
    results = context.governance.targets.get(escalation.escalation_id, [])
    rows = [(r.label, r.target_text, moment(r.deadline), status_badge(r.status), r.detail) for r in results]
    return table(
        ("Target", "Within", "Due", "Verdict", "Detail"),
        rows,
        class_="ref-targets",
        empty="The tier sets no response targets.",
    )


def tier_reason(context: SiteContext, escalation: Escalation) -> Markup:
    assessment = context.governance.assessments.get(escalation.escalation_id)
    if assessment is None:
        return Markup("")
    policy = context.policy
    if assessment.under_tiered and context.portfolio.is_open(escalation):
        return Markup(f'<p class="ref-alert ref-bad">Tier check: {esc(assessment.describe(policy))}.</p>')
    tier_name = policy.tier_by_id[escalation.tier].name
    if assessment.recorded_reasons:
        reasons = "; ".join(r.text for r in assessment.recorded_reasons)
        return Markup(f'<p class="ref-muted">Why {esc(tier_name)}: {esc(reasons)}.</p>')
    if policy.tier_rank(escalation.tier) == 0:
        return Markup("")  # the entry tier needs no criterion to match
    return Markup(f'<p class="ref-muted">Recorded as {esc(tier_name)}; no criterion of that tier matches it.</p>')
