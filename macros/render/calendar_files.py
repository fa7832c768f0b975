"""The calendar feeds a full build publishes: ``calendar.ics`` with everything and ``people/<id>/calendar.ics``
for each person in the policy. A policy-only build publishes none (every event is about an account)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ..analysis.reminders import DueItem, due_items, items_for
from ..site_context import SiteContext
from .calendar_feed import as_of_instant, calendar_feed, timezone_span, uid_domain, vtimezone
from .generated import GeneratedFile
from .urls import anchor, slug

ALL_FEED = "calendar.ics"


def person_feed(person_id: str) -> str:
    """Site path of a person's feed, e.g. ``people/priya/calendar.ics``."""
    return f"people/{slug(person_id)}/calendar.ics"


def absolute(site_url: str | None, path: str) -> str:
    """``path`` under the site's published URL when it is known, else the site-relative path."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path


def item_page(context: SiteContext, item: DueItem) -> str:
    """Site path of the page that shows an item: the account briefing, at the escalation when there is one."""
    page = context.account_url(item.account_id)
    return page + (f"#{anchor(item.escalation_id)}" if item.escalation_id else "")


def calendar_files(context: SiteContext, site_url: str | None = None) -> list[GeneratedFile]:
    if not context.full:
        return []
    policy = context.policy
    zone_name = policy.organisation.calendar.timezone
    items = due_items(context.governance)
    as_of = context.dataset.as_of
    company = policy.organisation.company.name
    shared = {
        "zone_name": zone_name,
        "timezone": vtimezone(zone_name, timezone_span(items, as_of)),
        "stamp": as_of_instant(as_of, ZoneInfo(zone_name)),
        "domain": uid_domain(company),
        "link": lambda item: absolute(site_url, item_page(context, item)),
    }
    files = [GeneratedFile(ALL_FEED, calendar_feed(items, name=f"{company} renewal escalations", **shared))]
    for person in policy.organisation.people:
        mine = items_for(items, person.id)
        feed = calendar_feed(mine, name=f"{person.name}: renewal escalations", **shared)
        files.append(GeneratedFile(person_feed(person.id), feed))
    return files
