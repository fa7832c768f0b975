"""Where the log departs from policy, for a set of escalations: tier checks, breached targets, authority findings.

Shown on tier pages and the home page; the same verdicts appear on briefings and in `escalation validate`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from ..workbook.records import Escalation
from .templating import render
from .urls import anchor, relative


def departures(context: SiteContext, escalations: list[Escalation]) -> list[tuple[Escalation, str, str]]:
    """(escalation, kind, text) for every departure, in escalation order."""
    governance = context.governance
    portfolio = context.portfolio
    found = []
    for escalation in escalations:
        assessment = governance.assessments.get(escalation.escalation_id)
        if assessment is not None and assessment.under_tiered and portfolio.is_open(escalation):
            found.append((escalation, "Tier check", assessment.describe(context.policy)))
        for result in governance.breaches(escalation):
            found.append((escalation, result.label, result.detail))
        for commitment in portfolio.commitments_by_escalation.get(escalation.escalation_id, []):
            if governance.is_finding(commitment):
                verdict = governance.verdict(commitment)
                reasons = "; ".join(f.reason for f in verdict.findings if f.code == verdict.status) or verdict.status
                found.append((escalation, f"Authority ({commitment.commitment_id})", reasons))
    return found


@dataclass(frozen=True, slots=True)
class DepartureRow:
    escalation_id: str
    escalation_href: str
    account_name: str
    account_href: str
    kind: str
    text: str


def departures_table(context: SiteContext, escalations: list[Escalation], page_url: str, *, empty: str) -> Markup:
    rows = []
    for escalation, kind, text in departures(context, escalations):
        account = context.portfolio.account_of(escalation)
        href = relative(page_url, context.account_url(account.account_id))
        rows.append(
            DepartureRow(
                escalation.escalation_id, f"{href}#{anchor(escalation.escalation_id)}", account.name, href, kind, text
            )
        )
    return render("escalations/departures.html", rows=rows, empty=empty)
