"""Post-escalation reviews in full, on a page per blocker type (``learnings/<blocker>/``).

The learnings page keeps the roll-up, the counts and one line per lesson; each review in full (what happened, what
worked, what to change, what changed in the playbook) is on the page of its escalation's blocker type, so that no
page grows with the whole history of a large log. Every link to a review (the lessons table, the monthly reviews)
goes through :func:`review_url`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.learnings import Lesson, analyse_learnings, blocker_of
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .escalation_tables import term_name
from .formats import day, plural
from .fragments import TierBadge, tier_badge_model
from .generated import GeneratedPage
from .learnings_rollup import blocker_name
from .person_links import person_link
from .table_cells import link_html
from .templating import render, template
from .urls import SlugMap, anchor, relative

LEARNINGS_URL = "learnings/"
_NONE_KEY = " not-recorded"
"""Stands for "no blocker type recorded" among the ids given to :class:`.urls.SlugMap`."""
FIELDS = (
    ("what_happened", "What happened"),
    ("what_worked", "What worked"),
    ("what_to_change", "What to change"),
    ("playbook_updates", "Playbook updates"),
)


def review_anchor(escalation_id: str, row: int) -> str:
    """The fragment of one review on its blocker type's page."""
    return f"review-{anchor(escalation_id)}-{row}"


def blocker_urls(blockers: Iterable[str | None]) -> dict[str | None, str]:
    """Blocker type id (None: not recorded) → the site-relative URL of its page of reviews, one URL per type.

    The folders are slugs of the ids (:class:`.urls.SlugMap`: two that would collide get a numeric suffix); the
    page for none recorded is ``not-recorded`` (the key below cannot be a policy id: ids start with a letter or a
    digit)."""
    distinct = set(blockers)
    keys = {blocker: _NONE_KEY if blocker is None else blocker for blocker in distinct}
    slugs = SlugMap(keys.values())
    return {blocker: f"{LEARNINGS_URL}{slugs[key]}/" for blocker, key in keys.items()}


def site_blocker_urls(context: SiteContext) -> dict[str | None, str]:
    """The page of each of the policy's blocker types, and of none recorded (or not one of the policy's)."""
    return blocker_urls([*(t.id for t in context.policy.log_values.blocker_types), None])


def review_url(context: SiteContext, escalation: Escalation, row: int) -> str:
    """Site-relative URL of the review in row ``row`` of the Reviews sheet, on its blocker type's page."""
    page = context.blocker_review_urls[blocker_of(context.portfolio, escalation)]
    return f"{page}#{review_anchor(escalation.escalation_id, row)}"


class PageLinks:
    """Links and badges of one page, relative to its URL."""

    def __init__(self, context: SiteContext, page_url: str) -> None:
        self.context, self.page_url = context, page_url

    def account_href(self, escalation: Escalation) -> str:
        return relative(self.page_url, self.context.account_url(escalation.account_id))

    def escalation_href(self, escalation: Escalation) -> str:
        return f"{self.account_href(escalation)}#{anchor(escalation.escalation_id)}"

    def review_href(self, escalation: Escalation, row: int) -> str:
        return relative(self.page_url, review_url(self.context, escalation, row))

    def blocker_href(self, blocker: str | None) -> str:
        return relative(self.page_url, self.context.blocker_review_urls[blocker])

    def tier(self, tier_id: str) -> TierBadge:
        return tier_badge_model(self.context.policy, tier_id, relative(self.page_url, self.context.tier_url(tier_id)))

    def escalation_cell(self, escalation: Escalation) -> Markup:
        link = link_html(self.escalation_href(escalation), escalation.escalation_id)
        account = link_html(self.account_href(escalation), self.context.portfolio.account_of(escalation).name)
        return Markup("{}<br><small>{}</small>").format(nowrap(link), account)


def nowrap(content: object) -> Markup:
    """``content`` kept on one line, by the ``nowrap`` macro of ``partials/inline.html``."""
    return Markup(template("partials/inline.html").module.nowrap(content))  # noqa: S704 (an autoescaped macro)


@dataclass(frozen=True, slots=True)
class ReviewField:
    label: str
    value: str | None


@dataclass(frozen=True, slots=True)
class ReviewCard:
    anchor: str
    escalation_id: str
    escalation_href: str
    account_name: str
    account_href: str
    tier: TierBadge
    outcome: str
    resolved: str
    reviewed: str
    facilitator: str
    issue: str
    fields: list[ReviewField]


@dataclass(frozen=True, slots=True)
class BlockerReviews:
    """One blocker type's page of reviews (``pages/blocker_reviews.md``)."""

    title: str
    name: str
    count: str
    learnings_href: str
    reviews: list[ReviewCard]
    """Most severe tier first, then newest first (the order of the lessons table)."""


def review_card(context: SiteContext, lesson: Lesson, links: PageLinks) -> ReviewCard:
    record, escalation = lesson.review, lesson.escalation
    return ReviewCard(
        anchor=review_anchor(record.escalation_id, record.row),
        escalation_id=escalation.escalation_id,
        escalation_href=links.escalation_href(escalation),
        account_name=context.portfolio.account_of(escalation).name,
        account_href=links.account_href(escalation),
        tier=links.tier(escalation.tier),
        outcome=term_name(context, "outcomes", escalation.outcome),
        resolved=day(escalation.resolved_on),
        reviewed=day(record.review_date),
        facilitator=person_link(context.policy, record.facilitator, links.page_url),
        issue=escalation.issue,
        fields=[ReviewField(label, getattr(record, name)) for name, label in FIELDS],
    )


def blocker_reviews_model(context: SiteContext, blocker: str | None, lessons: list[Lesson]) -> BlockerReviews:
    url = context.blocker_review_urls[blocker]
    links = PageLinks(context, url)
    name = blocker_name(context.policy, blocker)
    return BlockerReviews(
        title=f"Reviews: {name}",
        name=name,
        count=plural(len(lessons), "review"),
        learnings_href=relative(url, LEARNINGS_URL),
        reviews=[review_card(context, lesson, links) for lesson in lessons],
    )


def blocker_review_pages(context: SiteContext) -> list[GeneratedPage]:
    """A page of reviews in full for each blocker type with at least one review; none in a policy-only build."""
    if not context.full:
        return []
    by_blocker: dict[str | None, list[Lesson]] = {}
    for lesson in analyse_learnings(context.portfolio).lessons:
        by_blocker.setdefault(lesson.blocker, []).append(lesson)
    pages = []
    for blocker, lessons in by_blocker.items():
        model = blocker_reviews_model(context, blocker, lessons)
        url = context.blocker_review_urls[blocker]
        content = str(render("pages/blocker_reviews.md", page=model))
        pages.append(GeneratedPage(url.removesuffix("/") + ".md", url, model.title, content))
    return pages
