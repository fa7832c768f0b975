"""The learnings page: a short roll-up, the reviews still owed, blockers by count, every lesson grouped by blocker
type and tier, and the full reviews.

Its tables are component tables (:func:`.tables.table_model`) with stable ids; each row carries the values a
reader filters by (quarter, segment, tier, blocker type) as ``data-*`` attributes, in the words the page shows.
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
from .fragments import TierBadge, tier_badge_model
from .learnings_rollup import blocker_name, rollup_sentences
from .monthly_sections import review_anchor
from .person_links import person_link
from .tables import Table, table_model
from .templating import render, template
from .urls import anchor, relative

FIELDS = (
    ("what_happened", "What happened"),
    ("what_worked", "What worked"),
    ("what_to_change", "What to change"),
    ("playbook_updates", "Playbook updates"),
)
NO_BLOCKER = "not-recorded"
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
class BlockerGroup:
    anchor: str
    name: str
    reviews: list[ReviewCard]
    """Most severe tier first, then newest first."""


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
    groups: list[BlockerGroup] = field(default_factory=list)
    """Blocker types with reviews, most escalations first."""


def _inline(name: str, *args: object) -> Markup:
    """A piece of ``partials/inline.html`` (a link, a tier badge) as a table cell."""
    macro = getattr(template("partials/inline.html").module, name)
    return Markup(macro(*args))  # noqa: S704 (an autoescaped macro's output)


class _Links:
    """Links and badges of one page, relative to its URL."""

    def __init__(self, context: SiteContext, page_url: str) -> None:
        self.context, self.page_url = context, page_url

    def account_href(self, escalation: Escalation) -> str:
        return relative(self.page_url, self.context.account_url(escalation.account_id))

    def escalation_href(self, escalation: Escalation) -> str:
        return f"{self.account_href(escalation)}#{anchor(escalation.escalation_id)}"

    def tier(self, tier_id: str) -> TierBadge:
        return tier_badge_model(self.context.policy, tier_id, relative(self.page_url, self.context.tier_url(tier_id)))

    def escalation_cell(self, escalation: Escalation) -> Markup:
        link = _inline("link", self.escalation_href(escalation), escalation.escalation_id)
        account = _inline("link", self.account_href(escalation), self.context.portfolio.account_of(escalation).name)
        return Markup("{}<br><small>{}</small>").format(_inline("nowrap", link), account)


def _tier_name(context: SiteContext, tier_id: str) -> str:
    tier = context.policy.tier_by_id.get(tier_id)
    return tier.name if tier else tier_id


def owed_table(context: SiteContext, links: _Links) -> Table:
    rows, attrs = [], []
    for escalation, due in reviews_owed(context):
        overdue = -context.portfolio.days_left(due) if due else None
        rows.append(
            (
                links.escalation_cell(escalation),
                _inline("tier_badge", links.tier(escalation.tier)),
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
    )


def blockers_table(context: SiteContext, blockers: list[BlockerCount], reviewed: set[str | None]) -> Table:
    tiers = list(reversed(context.policy.tiers))
    total = sum(b.escalations for b in blockers)
    rows, attrs = [], []
    for item in blockers:
        name = blocker_name(context.policy, item.blocker)
        shown = _inline("link", f"#blocker-{anchor(item.blocker or NO_BLOCKER)}", name)
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


def slices_table(context: SiteContext, slices: list[BlockerSlice]) -> Table:
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
    )


def lessons_table(context: SiteContext, lessons: list[Lesson], links: _Links) -> Table:
    rows, attrs = [], []
    for lesson in lessons:
        record, blocker = lesson.review, blocker_name(context.policy, lesson.blocker)
        review_link = _inline("link", f"#{review_anchor(record.escalation_id, record.row)}", day(record.review_date))
        rows.append(
            (
                blocker,
                _inline("tier_badge", links.tier(lesson.tier)),
                quarter_label(lesson.quarter),
                _segment_name(context, lesson.segment),
                record.what_to_change or "—",
                record.playbook_updates or "—",
                links.escalation_cell(lesson.escalation),
                _inline("nowrap", review_link),
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
    )


def _review_card(context: SiteContext, lesson: Lesson, links: _Links) -> ReviewCard:
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


def review_groups(context: SiteContext, lessons: list[Lesson], links: _Links) -> list[BlockerGroup]:
    """The full reviews in the lessons' order, one group per blocker type."""
    groups: dict[str | None, list[ReviewCard]] = {}
    for lesson in lessons:
        groups.setdefault(lesson.blocker, []).append(_review_card(context, lesson, links))
    return [
        BlockerGroup(anchor(blocker or NO_BLOCKER), blocker_name(context.policy, blocker), cards)
        for blocker, cards in groups.items()
    ]


def learnings_model(context: SiteContext, page_url: str) -> Learnings:
    if not context.full:
        return Learnings(full=False)
    portfolio = context.portfolio
    analysis = analyse_learnings(portfolio)
    links = _Links(context, page_url)
    owed = owed_table(context, links)
    return Learnings(
        full=True,
        review_count=plural(len(analysis.lessons), "review"),
        as_of=portfolio.as_of.isoformat(),
        rollup=rollup_sentences(context.policy, analysis.rollup, len(analysis.lessons)) if analysis.rollup else [],
        owed_count=len(owed.rows),
        owed=owed,
        blockers=blockers_table(context, analysis.blockers, {lesson.blocker for lesson in analysis.lessons}),
        slices=slices_table(context, analysis.slices),
        lessons=lessons_table(context, analysis.lessons, links),
        groups=review_groups(context, analysis.lessons, links),
    )


def learnings(context: SiteContext, page_url: str) -> Markup:
    return render("reports/learnings.html", page=learnings_model(context, page_url))
