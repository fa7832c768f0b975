"""Links to the calendar feeds: a table of every person's feed (people page) and one line on the home page.

View models here; layout in ``calendar/people_feeds.html`` and ``calendar/home_line.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.reminders import due_items, items_for
from ..site_context import SiteContext
from .calendar_files import ALL_FEED, person_feed
from .person_links import PersonLink, by_name, person_link
from .templating import render
from .urls import relative

HOW_TO_SUBSCRIBE = (
    "To subscribe, copy the feed's link and add it to your calendar app as a calendar from a URL "
    "(Google Calendar: Other calendars → From URL; Outlook: Add calendar → Subscribe from web; "
    "Apple Calendar: File → New Calendar Subscription). The feed follows the site's daily rebuild; "
    "events keep their identity, so moved dates update in place."
)
POLICY_ONLY_NOTE = "Calendar feeds are published with the full site only: every event is about an account."


@dataclass(frozen=True, slots=True)
class PersonFeed:
    name: PersonLink
    title: str
    items: str
    overdue: str
    href: str


@dataclass(frozen=True, slots=True)
class PeopleFeeds:
    full: bool
    """False in a policy-only build: only a note is shown."""
    note: str = ""
    all_href: str = ""
    people: tuple[PersonFeed, ...] = ()


def _feed_href(page_url: str, path: str) -> str:
    # relative() treats a path without a trailing slash as a file, which is what a feed is.
    return relative(page_url, path)


def people_feeds_model(context: SiteContext, page_url: str) -> PeopleFeeds:
    if not context.full:
        return PeopleFeeds(False, POLICY_ONLY_NOTE)
    items = due_items(context.governance)
    people = []
    for person in by_name(context.policy.organisation.people):
        mine = items_for(items, person.id)
        overdue = sum(1 for i in mine if i.overdue)
        href = _feed_href(page_url, person_feed(person.id))
        people.append(
            PersonFeed(
                person_link(context.policy, person.id, page_url), person.title, str(len(mine)), str(overdue), href
            )
        )
    return PeopleFeeds(True, HOW_TO_SUBSCRIBE, _feed_href(page_url, ALL_FEED), tuple(people))


def people_feeds(context: SiteContext, page_url: str) -> Markup:
    """Each person's feed with the number of items in it, and how to subscribe."""
    return render("calendar/people_feeds.html", feeds=people_feeds_model(context, page_url))


def home_feed_line(context: SiteContext, page_url: str) -> Markup:
    """One line under the home page's overview; nothing in a policy-only build."""
    if not context.full:
        return Markup("")
    return render(
        "calendar/home_line.html",
        all_href=_feed_href(page_url, ALL_FEED),
        people_href=relative(page_url, "people/") + "#calendar-feeds",
    )
