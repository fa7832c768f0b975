"""The learnings page: every post-escalation review, grouped by blocker type, and the reviews still owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from ..analysis.response_targets import BREACHED
from ..site_context import SiteContext
from ..workbook.records import Escalation, Review
from .escalation_tables import term_name
from .formats import day, plural
from .fragments import TierBadge, tier_badge_model
from .monthly_sections import review_anchor
from .person_links import person_link
from .templating import render
from .urls import anchor, relative

FIELDS = (
    ("what_happened", "What happened"),
    ("what_worked", "What worked"),
    ("what_to_change", "What to change"),
    ("playbook_updates", "Playbook updates"),
)
NO_BLOCKER = "not-recorded"


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
class OwedRow:
    escalation_id: str
    escalation_href: str
    account_name: str
    account_href: str
    tier: TierBadge
    resolved: str
    outcome: str
    due: str
    overdue_by: str
    owner: str


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
    """Newest first."""


@dataclass(frozen=True, slots=True)
class Learnings:
    full: bool
    review_count: str = ""
    as_of: str = ""
    owed: list[OwedRow] = field(default_factory=list)
    groups: list[BlockerGroup] = field(default_factory=list)
    """In the policy's vocabulary order; only blocker types with reviews."""


def _owed_rows(context: SiteContext, page_url: str) -> list[OwedRow]:
    rows = []
    for escalation, due in reviews_owed(context):
        href = relative(page_url, context.account_url(escalation.account_id))
        overdue = -context.portfolio.days_left(due) if due else None
        rows.append(
            OwedRow(
                escalation.escalation_id,
                f"{href}#{anchor(escalation.escalation_id)}",
                context.portfolio.account_of(escalation).name,
                href,
                tier_badge_model(
                    context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier))
                ),
                day(escalation.resolved_on),
                term_name(context, "outcomes", escalation.outcome),
                day(due),
                "—" if overdue is None else plural(overdue, "day"),
                person_link(context.policy, escalation.owner, page_url),
            )
        )
    return rows


def _review_card(context: SiteContext, record: Review, escalation: Escalation, page_url: str) -> ReviewCard:
    href = relative(page_url, context.account_url(escalation.account_id))
    return ReviewCard(
        anchor=review_anchor(record.escalation_id, record.row),
        escalation_id=escalation.escalation_id,
        escalation_href=f"{href}#{anchor(escalation.escalation_id)}",
        account_name=context.portfolio.account_of(escalation).name,
        account_href=href,
        tier=tier_badge_model(context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier))),
        outcome=term_name(context, "outcomes", escalation.outcome),
        resolved=day(escalation.resolved_on),
        reviewed=day(record.review_date),
        facilitator=person_link(context.policy, record.facilitator, page_url),
        issue=escalation.issue,
        fields=[ReviewField(label, getattr(record, name)) for name, label in FIELDS],
    )


def learnings(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return render("reports/learnings.html", page=Learnings(full=False))
    portfolio = context.portfolio
    blockers = context.policy.log_values.blocker_types
    known = {b.id for b in blockers}
    groups: dict[str, list[tuple[Review, Escalation]]] = {}
    for record in portfolio.reviews:
        escalation = portfolio.escalation_by_id.get(record.escalation_id)
        if escalation is None:
            continue
        key = escalation.blocker_type if escalation.blocker_type in known else NO_BLOCKER
        groups.setdefault(key, []).append((record, escalation))
    order = [(b.id, b.name) for b in blockers] + [(NO_BLOCKER, "Blocker type not recorded")]
    shown = []
    for key, name in order:
        if not groups.get(key):
            continue
        items = sorted(groups[key], key=lambda pair: (pair[0].review_date or dt.date.min, pair[0].row), reverse=True)
        cards = [_review_card(context, record, escalation, page_url) for record, escalation in items]
        shown.append(BlockerGroup(anchor(key), name, cards))
    page = Learnings(
        full=True,
        review_count=plural(len(portfolio.reviews), "review"),
        as_of=portfolio.as_of.isoformat(),
        owed=_owed_rows(context, page_url),
        groups=shown,
    )
    return render("reports/learnings.html", page=page)
