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
class Verdict:
    words: str
    css_class: str
    reasons: str
    """The findings' reasons, joined; empty when the commitment is in order."""


def verdict_model(context: SiteContext, commitment: Commitment) -> Verdict:
    verdict = context.governance.verdict(commitment)
    words, css = VERDICT_WORDS.get(verdict.status, (verdict.status, ""))
    return Verdict(words, css, "; ".join(f.reason for f in verdict.findings))


def verdict_cell(context: SiteContext, commitment: Commitment) -> Markup:
    """The verdict laid out by the ``verdict`` macro of ``partials/verdict.html``."""
    macro = template("partials/verdict.html").module.verdict
    return Markup(macro(verdict_model(context, commitment)))  # noqa: S704 (an autoescaped macro's output)
