"""The learnings page: every post-escalation review, grouped by blocker type, and the reviews still owed."""

from __future__ import annotations

import datetime as dt

from ..analysis.response_targets import BREACHED
from ..site_context import SiteContext
from ..workbook.records import Escalation, Review
from .escalation_tables import person_name, term_name
from .formats import day, plural
from .fragments import link, tier_badge
from .html import Markup, block, esc, text_block
from .monthly_page import nowrap, review_anchor
from .tables import table
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


def _owed_table(context: SiteContext, page_url: str) -> Markup:
    rows = []
    for escalation, due in reviews_owed(context):
        href = relative(page_url, context.account_url(escalation.account_id))
        overdue = (context.portfolio.as_of - due.date()).days if due else None
        rows.append(
            [
                nowrap(link(f"{href}#{anchor(escalation.escalation_id)}", escalation.escalation_id)),
                link(href, context.portfolio.account_of(escalation).name),
                tier_badge(context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier))),
                nowrap(day(escalation.resolved_on)),
                term_name(context, "outcomes", escalation.outcome),
                nowrap(day(due)),
                "—" if overdue is None else plural(overdue, "day"),
                person_name(context, escalation.owner),
            ]
        )
    return table(
        ("Escalation", "Account", "Tier", "Resolved", "Outcome", "Review was due", "Overdue by", "Owner"),
        rows,
        class_="ref-reviews-owed",
        empty="No review is owed: every escalation past its review deadline has been reviewed.",
    )


def _review_card(context: SiteContext, record: Review, escalation: Escalation, page_url: str) -> str:
    href = relative(page_url, context.account_url(escalation.account_id))
    account = context.portfolio.account_of(escalation)
    meta = [
        str(tier_badge(context.policy, escalation.tier, relative(page_url, context.tier_url(escalation.tier)))),
        esc(f"Outcome: {term_name(context, 'outcomes', escalation.outcome)}"),
        esc(f"resolved {day(escalation.resolved_on)}"),
        esc(f"reviewed {day(record.review_date)} by {person_name(context, record.facilitator)}"),
    ]
    fields = "".join(
        f"<div><h4>{esc(label)}</h4>"
        + (
            f"<p>{text_block(getattr(record, name))}</p>"
            if getattr(record, name)
            else '<p class="ref-empty">Not recorded.</p>'
        )
        + "</div>"
        for name, label in FIELDS
    )
    return (
        f'<article class="ref-review" id="{esc(review_anchor(record.escalation_id, record.row))}">'
        f"<h3>{link(f'{href}#{anchor(escalation.escalation_id)}', escalation.escalation_id)} · "
        f"{link(href, account.name)}</h3>"
        f'<p class="ref-review-meta">{" · ".join(meta)}</p>'
        f'<p class="ref-review-issue">{text_block(escalation.issue)}</p>'
        f'<div class="ref-review-fields">{fields}</div></article>'
    )


def learnings(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return block(Markup('<p class="ref-muted">This edition publishes the policy only.</p>'))
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
    present = [(key, name) for key, name in order if groups.get(key)]

    owed = reviews_owed(context)
    parts = [
        f'<p class="ref-lead"><strong>{esc(plural(len(portfolio.reviews), "review"))}</strong> recorded; '
        f"<strong>{len(owed)}</strong> owed past the deadline, as of {esc(portfolio.as_of.isoformat())}.</p>",
        f'<h2 id="owed">Reviews owed ({len(owed)})</h2>',
        '<p class="ref-muted">Escalations resolved without a review, past the deadline their tier sets '
        "(the post-escalation review target).</p>",
        _owed_table(context, page_url),
        '<h2 id="by-blocker">Reviews by blocker type</h2>',
    ]
    if present:
        rows = [
            [link(f"#blocker-{anchor(key)}", name), str(len(groups[key]))]
            for key, name in present  # in the policy's vocabulary order
        ]
        parts.append(table(("Blocker type", "Reviews"), rows, class_="ref-learnings-index"))
    else:
        parts.append('<p class="ref-empty">No post-escalation reviews recorded yet.</p>')
    for key, name in present:
        items = sorted(groups[key], key=lambda pair: (pair[0].review_date or dt.date.min, pair[0].row), reverse=True)
        parts.append(f'<h2 id="blocker-{esc(anchor(key))}">{esc(name)} ({len(items)})</h2>')
        parts.extend(_review_card(context, record, escalation, page_url) for record, escalation in items)
    return block(Markup("".join(str(p) for p in parts)), "ref-learnings")
