"""Links to the calendar feeds: a table of every person's feed (people page) and one line on the home page."""

from __future__ import annotations

from ..analysis.reminders import due_items, items_for
from ..site_context import SiteContext
from .calendar_files import ALL_FEED, person_feed
from .html import Markup, block, esc, link, table
from .urls import relative

HOW_TO_SUBSCRIBE = (
    "To subscribe, copy the feed's link and add it to your calendar app as a calendar from a URL "
    "(Google Calendar: Other calendars → From URL; Outlook: Add calendar → Subscribe from web; "
    "Apple Calendar: File → New Calendar Subscription). The feed follows the site's daily rebuild; "
    "events keep their identity, so moved dates update in place."
)
POLICY_ONLY_NOTE = "Calendar feeds are published with the full site only: every event is about an account."


def _feed_href(page_url: str, path: str) -> str:
    # relative() treats a path without a trailing slash as a file, which is what a feed is.
    return relative(page_url, path)


def people_feeds(context: SiteContext, page_url: str) -> Markup:
    """Each person's feed with the number of items in it, and how to subscribe."""
    if not context.full:
        return block(Markup(f'<p class="ref-muted">{esc(POLICY_ONLY_NOTE)}</p>'))
    items = due_items(context.governance)
    rows = []
    for person in sorted(context.policy.organisation.people, key=lambda p: (p.name.lower(), p.id)):
        mine = items_for(items, person.id)
        overdue = sum(1 for i in mine if i.overdue)
        rows.append(
            (
                person.name,
                person.title,
                str(len(mine)),
                str(overdue),
                link(_feed_href(page_url, person_feed(person.id)), "calendar.ics", class_="ref-feed"),
            )
        )
    everything = link(_feed_href(page_url, ALL_FEED), "calendar.ics", class_="ref-feed")
    parts = [
        f"<p>{esc(HOW_TO_SUBSCRIBE)}</p>",
        f"<p>Everything in one feed: {everything}</p>",
        table(("Person", "Title", "Items", "Overdue", "Feed"), rows, class_="ref-feeds"),
    ]
    return block(Markup("".join(parts)), "ref-calendar-feeds")


def home_feed_line(context: SiteContext, page_url: str) -> Markup:
    """One line under the home page's overview; nothing in a policy-only build."""
    if not context.full:
        return Markup("")
    everything = link(_feed_href(page_url, ALL_FEED), "calendar feed", class_="ref-feed")
    people = link(relative(page_url, "people/") + "#calendar-feeds", "your own feed")
    return block(
        Markup(
            f'<p class="ref-muted">Check-ins, due dates, deadlines and response targets are also in a {everything} '
            f"(or {people}): subscribe to it from your calendar app to see them where you plan your day.</p>"
        )
    )
