"""Calendar feeds (RFC 5545) of the items people must act on: the header and VTIMEZONE written with the `icalendar`
library, the events line by line (``macros/render/ical_lines.py``).

Reproducible: the same data and as-of date give the same bytes. DTSTAMP is the as-of instant, never the clock;
UIDs come from each item's key (what it is, not when), so a calendar app moves a rescheduled event instead of
adding a copy; the VTIMEZONE covers a fixed span of years around the items.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

import icalendar

from ..analysis.reminders import DueItem
from . import ical_lines as ical
from .urls import slug

PRODID = "-//Renewal Escalation Framework//Calendar feed//EN"
TIMED_EVENT_LENGTH = dt.timedelta(minutes=30)
"""A timed deadline is shown as a short event starting at the deadline."""
REFRESH = dt.timedelta(hours=12)
"""How often calendar apps that honour REFRESH-INTERVAL should fetch the feed again (the site is rebuilt daily)."""


def as_of_instant(as_of: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The moment a build is 'as of', in UTC: the start of the as-of day in the policy's time zone."""
    return dt.datetime.combine(as_of, dt.time(), zone).astimezone(dt.UTC)


def event_uid(item: DueItem, domain: str) -> str:
    return f"{hashlib.sha256(item.key.encode('utf-8')).hexdigest()[:32]}@{domain}"


def uid_domain(company_name: str) -> str:
    """The right-hand side of every UID: the company, so two companies' feeds never share a UID."""
    return f"{slug(company_name).lower()}.renewal-escalations"


def timezone_span(items: Sequence[DueItem], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The years the VTIMEZONE describes: every item's day and the as-of day, a year either side."""
    days = [item.day for item in items] + [as_of]
    return dt.date(min(days).year - 1, 1, 1), dt.date(max(days).year + 2, 1, 1)


def vtimezone(zone_name: str, span: tuple[dt.date, dt.date]) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzinfo(ZoneInfo(zone_name), zone_name, first_date=span[0], last_date=span[1])


def _description(item: DueItem, url: str) -> str:
    lines = [item.label + (" (overdue)" if item.overdue else "")]
    if item.escalation_id:
        lines.append(f"Escalation {item.escalation_id}, {item.account_name}")
    else:
        lines.append(item.account_name)
    if item.detail:
        lines.append(item.detail)
    if url:
        lines.append(f"Open: {url}")
    return "\n".join(lines)


def calendar_feed(
    items: Sequence[DueItem],
    *,
    name: str,
    zone_name: str,
    timezone: icalendar.Timezone,
    stamp: dt.datetime,
    domain: str,
    link: Callable[[DueItem], str],
) -> bytes:
    """One VCALENDAR with a VTIMEZONE for ``zone_name`` and one VEVENT per item.

    ``link(item)`` gives the page an event points at (absolute when the site's URL is known); ``stamp`` is the
    as-of instant in UTC.
    """
    zone = ZoneInfo(zone_name)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add_component(timezone)
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    events = b"".join(_event_lines(item, zone, stamp, domain, link(item)) for item in items)
    return head.removesuffix(end) + events + end


@functools.lru_cache(maxsize=1 << 16)
def _event_lines(item: DueItem, zone: ZoneInfo, stamp: dt.datetime, domain: str, url: str) -> bytes:
    """An event's lines (``macros/render/ical_lines.py``). Written once for every feed that holds the item (the
    whole company's and each of its people's) and kept for the next build of the same process (``mkdocs serve``)."""
    if item.at is None:
        when = [
            ical.content_line("DTSTART", ical.date(item.day), "VALUE=DATE"),
            ical.content_line("DTEND", ical.date(item.day + dt.timedelta(days=1)), "VALUE=DATE"),
        ]
    else:
        start = item.at.replace(tzinfo=zone, microsecond=0)
        zone_parameter = f"TZID={zone.key}"
        when = [
            ical.content_line("DTSTART", ical.local_datetime(start), zone_parameter),
            ical.content_line("DTEND", ical.local_datetime(start + TIMED_EVENT_LENGTH), zone_parameter),
        ]
    lines = [
        "BEGIN:VEVENT\r\n",
        ical.content_line("SUMMARY", ical.text(f"{item.title} ({item.account_name})")),
        *when,
        ical.content_line("DTSTAMP", ical.utc_datetime(stamp)),
        ical.content_line("UID", ical.text(event_uid(item, domain))),
        ical.content_line("CATEGORIES", ical.texts([item.label])),
        ical.content_line("DESCRIPTION", ical.text(_description(item, url))),
        "TRANSP:TRANSPARENT\r\n",
    ]
    if url.startswith(("http://", "https://")):
        lines.append(ical.content_line("URL", url))
    lines.append("END:VEVENT\r\n")
    return "".join(lines).encode("utf-8")
