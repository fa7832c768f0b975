"""Missed status updates (fixed-day cadences) on the briefing and the tracker.

View models here; layout in ``governance/missed_updates.html`` (the briefing's line) and
``indexes/missed_updates.html`` (the tracker's table).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.business_time import BusinessClock
from ..analysis.cadence import escalation_misses, missed_text
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .templating import render
from .urls import relative


@dataclass(frozen=True, slots=True)
class MissedNote:
    cadence: str
    """The cadence in words."""
    missed: str
    """The missed days, listed (at most ten, the rest counted)."""


@dataclass(frozen=True, slots=True)
class MissedRow:
    account_name: str
    account_href: str
    escalation_id: str
    count: int
    due_on: str


def _clock(context: SiteContext) -> BusinessClock:
    return context.governance.clock


def missed_updates_model(context: SiteContext, escalation: Escalation) -> MissedNote | None:
    missed = escalation_misses(context.portfolio, _clock(context), escalation)
    if not missed:
        return None
    cadence = context.policy.communication.protocols[escalation.tier].status_updates.cadence
    return MissedNote(cadence.describe(), missed_text(missed, limit=10))


def missed_updates_note(context: SiteContext, escalation: Escalation) -> Markup:
    """A warning line listing the missed updates by date, or nothing."""
    return render("governance/missed_updates.html", note=missed_updates_model(context, escalation))


def missed_update_rows(context: SiteContext, page_url: str) -> list[MissedRow]:
    """Open escalations with missed updates, in log order."""
    rows = []
    for escalation in context.portfolio.escalations:
        if not context.portfolio.is_open(escalation):
            continue
        missed = escalation_misses(context.portfolio, _clock(context), escalation)
        if missed:
            account = context.portfolio.account_of(escalation)
            href = relative(page_url, context.account_url(account.account_id))
            rows.append(MissedRow(account.name, href, escalation.escalation_id, len(missed), missed_text(missed)))
    return rows


def missed_updates_table(context: SiteContext, page_url: str) -> Markup:
    """Open escalations with missed updates, for the tracker."""
    return render("indexes/missed_updates.html", rows=missed_update_rows(context, page_url))
