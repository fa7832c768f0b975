"""Missed status updates (fixed-day cadences) on the briefing and the tracker."""

from __future__ import annotations

from ..analysis.business_time import BusinessClock
from ..analysis.cadence import escalation_misses, missed_text
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .html import Markup, esc, link, table
from .urls import relative


def _clock(context: SiteContext) -> BusinessClock:
    return context.governance.clock


def missed_updates_note(context: SiteContext, escalation: Escalation) -> Markup:
    """A warning line listing the missed updates by date, or nothing."""
    missed = escalation_misses(context.portfolio, _clock(context), escalation)
    if not missed:
        return Markup("")
    cadence = context.policy.communication.protocols[escalation.tier].status_updates.cadence
    return Markup(
        f'<p class="ref-bad ref-missed-updates">Status updates missed ({esc(cadence.describe())}): '
        f"{esc(missed_text(missed, limit=10))}</p>"
    )


def missed_updates_table(context: SiteContext, page_url: str) -> Markup:
    """Open escalations with missed updates, for the tracker."""
    rows = []
    for escalation in context.portfolio.escalations:
        if not context.portfolio.is_open(escalation):
            continue
        missed = escalation_misses(context.portfolio, _clock(context), escalation)
        if missed:
            account = context.portfolio.account_of(escalation)
            href = relative(page_url, context.account_url(account.account_id))
            rows.append((link(href, account.name), escalation.escalation_id, len(missed), missed_text(missed)))
    return Markup('<h2 id="missed-updates">Status updates missed</h2>') + table(
        ("Account", "Escalation", "Missed", "Due on"), rows, empty="No status update missed."
    )
