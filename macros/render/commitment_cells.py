"""Fragments for commitments: the value in its unit (and in money) and the authority verdict."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.commitments import money_worth as analysis_money_worth
from ..site_context import SiteContext
from ..workbook.records import Commitment
from .formats import bound_value, money
from .templating import template

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


@dataclass(frozen=True, slots=True)
class PolicyToday:
    then: str
    """The verdict's words when the approval was made."""
    now: str
    """The verdict's words under today's policy, in lower case."""
    why: str


@dataclass(frozen=True, slots=True)
class Verdict:
    words: str
    css_class: str
    reasons: str
    """The findings' reasons, joined; empty when the commitment is in order."""
    policy_version: str = ""
    """Which policy version judged the approval (empty without a policy history)."""
    today: PolicyToday | None = None
    """What today's policy would say, when it judges the approval differently."""


def verdict_model(context: SiteContext, commitment: Commitment) -> Verdict:
    verdict = context.governance.verdict(commitment)
    words, css = VERDICT_WORDS.get(verdict.status, (verdict.status, ""))
    used, today = policy_version_note(context, commitment)
    return Verdict(words, css, "; ".join(f.reason for f in verdict.findings), used, today)


def policy_version_note(context: SiteContext, commitment: Commitment) -> tuple[str, PolicyToday | None]:
    """Which policy version judged the approval, and what today's policy would say when it differs."""
    governance = context.governance
    if not governance.timeline.has_history:
        return "", None
    version = governance.verdict_version(commitment)
    used = f"Judged by {version.label()}"
    approved = governance.approval_day(commitment)
    if version.date is not None and approved is not None and version.date > approved:
        used += " (the oldest version on record)"
    today = None
    if governance.judged_differently_today(commitment):
        then = VERDICT_WORDS.get(governance.verdict(commitment).status, ("", ""))[0]
        current = governance.current_verdict(commitment)
        now = VERDICT_WORDS.get(current.status, (current.status, ""))[0]
        today = PolicyToday(then, now.lower(), "; ".join(f.reason for f in current.findings))
    return f"{used}.", today


@dataclass(frozen=True, slots=True)
class FailedVersion:
    commit: str
    date: str
    message: str


@dataclass(frozen=True, slots=True)
class PolicyTimelineNote:
    """Said once on the commitments page: the policy history is missing, or a version did not load."""

    missing: str
    """Why every approval is judged by the current policy (empty when the history is there)."""
    failed: list[FailedVersion]


def policy_timeline_note(context: SiteContext) -> PolicyTimelineNote:
    timeline = context.governance.timeline
    return PolicyTimelineNote(
        "" if timeline.has_history else timeline.note,
        [FailedVersion(f.commit[:7], f.date.isoformat(), f.message) for f in timeline.failed],
    )


def verdict_cell(context: SiteContext, commitment: Commitment) -> Markup:
    """The verdict laid out by the ``verdict`` macro of ``partials/verdict.html``."""
    macro = template("partials/verdict.html").module.verdict
    return Markup(macro(verdict_model(context, commitment)))  # noqa: S704 (an autoescaped macro's output)
