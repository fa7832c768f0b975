"""The data-quality page: warnings from loading, data checks and the governance engine, grouped by kind."""

from __future__ import annotations

from collections import defaultdict

from ..analysis.data_quality import data_quality_warnings
from ..site_context import SiteContext
from .html import Markup, block, esc, table

KIND_TITLES = {
    "missing-check-in": "Open actions without a next check-in",
    "check-in-passed": "Check-ins that have passed",
    "stale": "Stale escalations",
    "review-owed": "Post-escalation reviews owed",
    "missing-fulfilled-on": "Fulfilled commitments without a date",
    "under-tiered": "Escalations below their policy tier",
}


def _title(code: str) -> str:
    if code in KIND_TITLES:
        return KIND_TITLES[code]
    if code.startswith("target-"):
        return "Response targets breached on open escalations"
    if code.startswith("authority-"):
        return "Approvals outside the approval matrix"
    return "Other warnings"


def data_quality_report(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return block(Markup('<p class="ref-muted">This edition publishes the policy only.</p>'))
    warnings = (
        context.dataset.problems.warnings
        + data_quality_warnings(context.dataset, context.portfolio)
        + context.governance.warnings()
    )
    groups: dict[str, list] = defaultdict(list)
    for problem in warnings:
        groups[_title(problem.code)].append(problem)
    order = [
        *KIND_TITLES.values(),
        "Response targets breached on open escalations",
        "Approvals outside the approval matrix",
        "Other warnings",
    ]
    parts = [
        f'<p class="ref-lead"><strong>{len(warnings)}</strong> warnings as of '
        f"{esc(context.dataset.as_of.isoformat())}.</p>"
    ]
    if not warnings:
        parts.append('<p class="ref-empty">Nothing to tidy.</p>')
    for title in order:
        items = groups.get(title)
        if not items:
            continue
        parts.append(f"<h2>{esc(title)} ({len(items)})</h2>")
        rows = [(Markup(f"<code>{esc(p.location)}</code>"), p.message, p.hint) for p in items]
        parts.append(table(("Where", "What", "What to do"), rows, class_="ref-warnings"))
    return block(Markup("".join(str(p) for p in parts)), "ref-data-quality", searchable=False)
