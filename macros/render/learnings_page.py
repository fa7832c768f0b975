"""The learnings page: a short roll-up, the reviews still owed, blockers by count, every lesson grouped by blocker
type and tier, and links to the reviews in full (a page per blocker type, :mod:`.learnings_reviews`).

Its tables are component tables (:func:`.tables.table_model`) with stable ids; each row carries the values a
reader filters by (quarter, segment, tier, blocker type) as ``data-*`` attributes, in the words the page shows.
The lessons table, one row per review, carries its rows as JSON when it is long (:mod:`.table_payload`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from ..analysis.learnings import BlockerCount, BlockerSlice, Lesson, analyse_learnings, quarter_label
from ..analysis.response_targets import BREACHED
from ..site_context import SiteContext
from ..workbook.records import Escalation
from .escalation_tables import term_name
from .formats import day, plural
from .learnings_reviews import PageLinks, nowrap
from .learnings_rollup import blocker_name, rollup_sentences
from .person_links import person_link
from .table_cells import link_html, tier_badge_html
from .tables import Table, table_model
from .templating import render

OWED_TABLE, BLOCKERS_TABLE, LESSONS_TABLE = "learnings-owed", "learnings-blockers", "learnings-lessons"
SLICES_TABLE = "learnings-blockers-by-quarter"


def reviews_owed(context: SiteContext) -> list[tuple[Escalation, dt.datetime | None]]:
    """Resolved escalations whose review deadline has passed with no review, oldest deadline first."""
    owed = []
    reviewed = context.portfolio.reviews_by_escalation
    for escalation in context.portfolio.escalations:
        for result in context.governance.targets.get(escalation.escalation_id, []):
            if (
                result.target == "review_within"
                and result.status == BREACHED
                and result.actual is None
                and not reviewed.get(escalation.escalation_id)
            ):
                owed.append((escalation, result.deadline))
    owed.sort(key=lambda pair: (pair[1] or dt.datetime.max, pair[0].escalation_id))
    return owed


@dataclass(frozen=True, slots=True)
class ReviewPageLink:
    name: str
    href: str
    count: str


@dataclass(frozen=True, slots=True)
class Learnings:
    full: bool
    review_count: str = ""
    as_of: str = ""
    rollup: list[str] = field(default_factory=list)
    """The sentences the page leads with."""
    owed_count: int = 0
    owed: Table | None = None
    blockers: Table | None = None
    slices: Table | None = None
    """Blockers by count within each quarter and segment."""
    lessons: Table | None = None
    review_pages: list[ReviewPageLink] = field(default_factory=list)
    """The page of reviews in full of each blocker type with reviews, most escalations first."""


def _tier_name(context: SiteContext, tier_id: str) -> str:
    tier = context.policy.tier_by_id.get(tier_id)
    return tier.name if tier else tier_id


def owed_table(context: SiteContext, links: PageLinks) -> Table:
    rows, attrs = [], []
    for escalation, due in reviews_owed(context):
        overdue = -context.portfolio.days_left(due) if due else None
        rows.append(
            (
                links.escalation_cell(escalation),
                tier_badge_html(links.tier(escalation.tier)),
                day(escalation.resolved_on),
                term_name(context, "outcomes", escalation.outcome),
                day(due),
                "—" if overdue is None else plural(overdue, "day"),
                person_link(context.policy, escalation.owner, links.page_url),
            )
        )
        attrs.append({"data_tier": _tier_name(context, escalation.tier)})
    return table_model(
        ("Escalation", "Tier", "Resolved", "Outcome", "Review was due", "Overdue by", "Owner"),
        rows,
        class_="ref-reviews-owed",
        empty="No review is owed: every escalation past its review deadline has been reviewed.",
        row_attrs=attrs,
        id_=OWED_TABLE,
        noun="review",
        page_url=links.page_url,
    )


def blockers_table(
    context: SiteContext, blockers: list[BlockerCount], reviewed: set[str | None], links: PageLinks
) -> Table:
    tiers = list(reversed(context.policy.tiers))
    total = sum(b.escalations for b in blockers)
    rows, attrs = [], []
    for item in blockers:
        name = blocker_name(context.policy, item.blocker)
        shown = link_html(links.blocker_href(item.blocker), name)
        rows.append(
            (
                shown if item.blocker in reviewed else name,
                item.escalations,
                f"{100 * item.escalations / total:.0f}%" if total else "—",
                *(item.by_tier.get(t.id, 0) for t in tiers),
                item.open,
                item.reviewed,
            )
        )
        attrs.append({"data_blocker_type": name})
    return table_model(
        ("Blocker type", "Escalations", "Share", *(t.name for t in tiers), "Open now", "Reviewed"),
        rows,
        class_="ref-learnings-blockers",
        empty="No escalations recorded yet.",
        row_attrs=attrs,
        id_=BLOCKERS_TABLE,
    )


def _segment_name(context: SiteContext, segment: str | None) -> str:
    return term_name(context, "segments", segment) if segment else "Not recorded"


def slices_table(context: SiteContext, slices: list[BlockerSlice], page_url: str | None = None) -> Table:
    rows, attrs = [], []
    for item in slices:
        quarter, segment = quarter_label(item.quarter), _segment_name(context, item.segment)
        blocker = blocker_name(context.policy, item.blocker)
        rows.append((quarter, segment, blocker, item.escalations, item.reviewed))
        attrs.append({"data_quarter": quarter, "data_segment": segment, "data_blocker_type": blocker})
    return table_model(
        ("Opened in", "Segment", "Blocker type", "Escalations", "Reviewed"),
        rows,
        class_="ref-learnings-slices",
        empty="No escalations recorded yet.",
        row_attrs=attrs,
        id_=SLICES_TABLE,
        page_url=page_url,
    )


def lessons_table(context: SiteContext, lessons: list[Lesson], links: PageLinks) -> Table:
    rows, attrs = [], []
    for lesson in lessons:
        record, blocker = lesson.review, blocker_name(context.policy, lesson.blocker)
        review_link = link_html(links.review_href(lesson.escalation, record.row), day(record.review_date))
        rows.append(
            (
                blocker,
                tier_badge_html(links.tier(lesson.tier)),
                quarter_label(lesson.quarter),
                _segment_name(context, lesson.segment),
                record.what_to_change or "—",
                record.playbook_updates or "—",
                links.escalation_cell(lesson.escalation),
                nowrap(review_link),
            )
        )
        attrs.append(
            {
                "data_blocker_type": blocker,
                "data_tier": _tier_name(context, lesson.tier),
                "data_quarter": quarter_label(lesson.quarter),
                "data_segment": _segment_name(context, lesson.segment),
            }
        )
    return table_model(
        (
            "Blocker type",
            "Tier",
            "Opened in",
            "Segment",
            "Lesson: what to change",
            "Playbook update",
            "Escalation",
            "Reviewed",
        ),
        rows,
        class_="ref-learnings-lessons",
        empty="No post-escalation reviews recorded yet.",
        row_attrs=attrs,
        id_=LESSONS_TABLE,
        noun="lesson",
        caption="Lessons",
        page_url=links.page_url,
    )


def review_page_links(context: SiteContext, lessons: list[Lesson], links: PageLinks) -> list[ReviewPageLink]:
    """A link to each blocker type's page of reviews, in the lessons' order, with how many reviews it holds."""
    counts: dict[str | None, int] = {}
    for lesson in lessons:
        counts[lesson.blocker] = counts.get(lesson.blocker, 0) + 1
    return [
        ReviewPageLink(blocker_name(context.policy, blocker), links.blocker_href(blocker), plural(count, "review"))
        for blocker, count in counts.items()
    ]


def learnings_model(context: SiteContext, page_url: str) -> Learnings:
    if not context.full:
        return Learnings(full=False)
    portfolio = context.portfolio
    analysis = analyse_learnings(portfolio)
    links = PageLinks(context, page_url)
    owed = owed_table(context, links)
    return Learnings(
        full=True,
        review_count=plural(len(analysis.lessons), "review"),
        as_of=portfolio.as_of.isoformat(),
        rollup=rollup_sentences(context.policy, analysis.rollup, len(analysis.lessons)) if analysis.rollup else [],
        owed_count=len(owed.rows),
        owed=owed,
        blockers=blockers_table(context, analysis.blockers, {lesson.blocker for lesson in analysis.lessons}, links),
        slices=slices_table(context, analysis.slices, page_url),
        lessons=lessons_table(context, analysis.lessons, links),
        review_pages=review_page_links(context, analysis.lessons, links),
    )


def learnings(context: SiteContext, page_url: str) -> Markup:
    return render("reports/learnings.html", page=learnings_model(context, page_url))
