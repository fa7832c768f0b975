"""Fragments for commitments: the value in its unit (and in money) and the authority verdict."""

from __future__ import annotations

from ..analysis.commitments import money_worth as analysis_money_worth
from ..site_context import SiteContext
from ..workbook.records import Commitment
from .formats import bound_value, money
from .html import Markup, esc

VERDICT_WORDS = {
    "ok": ("Authorised", "ref-good"),
    "not_needed": ("No approval needed", "ref-muted"),
    "missing_approval": ("Approval missing", "ref-bad"),
    "no_authority": ("Without authority", "ref-bad"),
    "approved_after_close": ("Approved after close", "ref-warn"),
    "segregation": ("Segregation of duties", "ref-bad"),
    "not_allowed": ("Not permitted by policy", "ref-bad"),
    "no_rule": ("No rule covers it", "ref-warn"),
    "incomplete": ("Incomplete record", "ref-warn"),
}


def commitment_value(context: SiteContext, commitment: Commitment) -> str:
    if commitment.value is None:
        return "—"
    ctype = context.policy.concession_by_id.get(commitment.type)
    if ctype is None:
        return str(commitment.value)
    text = bound_value(commitment.value, ctype.unit, context.currency)
    worth = money_worth(context, commitment)
    if worth is not None and ctype.unit != "money":
        text += f" ({money(worth, context.currency)})"
    return text


def money_worth(context: SiteContext, commitment: Commitment) -> float | None:
    return analysis_money_worth(context.portfolio, commitment)


def verdict_cell(context: SiteContext, commitment: Commitment) -> Markup:
    verdict = context.governance.verdict(commitment)
    words, css = VERDICT_WORDS.get(verdict.status, (verdict.status, ""))
    reasons = "; ".join(f.reason for f in verdict.findings)
    return Markup(
        f'<span class="{css}" title="{esc(reasons)}">{esc(words)}</span>'
        + (f'<br><small class="ref-muted">{esc(reasons)}</small>' if reasons else "")
        + policy_version_note(context, commitment)
    )


def policy_version_note(context: SiteContext, commitment: Commitment) -> Markup:
    """Which policy version judged the approval, and what today's policy would say when it differs."""
    governance = context.governance
    if not governance.timeline.has_history:
        return Markup("")
    version = governance.verdict_version(commitment)
    used = f"Judged by {version.label()}"
    approved = governance.approval_day(commitment)
    if version.date is not None and approved is not None and version.date > approved:
        used += " (the oldest version on record)"
    parts = [f'<br><small class="ref-policy-version">{esc(used)}.</small>']
    if governance.judged_differently_today(commitment):
        then = VERDICT_WORDS.get(governance.verdict(commitment).status, ("", ""))[0]
        current = governance.current_verdict(commitment)
        now = VERDICT_WORDS.get(current.status, (current.status, ""))[0]
        why = "; ".join(f.reason for f in current.findings)
        parts.append(
            f'<br><small class="ref-warn ref-policy-today">{esc(then)} when approved; '
            f"{esc(now.lower())} under today's policy" + (f": {esc(why)}" if why else "") + ".</small>"
        )
    return Markup("".join(parts))


def policy_timeline_note(context: SiteContext) -> Markup:
    """Said once on the commitments page: the policy history is missing, or a version did not load."""
    timeline = context.governance.timeline
    parts = []
    if not timeline.has_history:
        parts.append(
            f'<p class="ref-muted ref-policy-history">Every approval is judged by the current policy: '
            f"{esc(timeline.note)}.</p>"
        )
    for failed in timeline.failed:
        parts.append(
            f'<p class="ref-warn ref-policy-history">Policy version {esc(failed.commit[:7])} of '
            f"{esc(failed.date.isoformat())} does not load ({esc(failed.message)}); the version before it stays in "
            "force for its period.</p>"
        )
    return Markup("".join(parts))
