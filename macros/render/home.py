"""The home page: open escalations by tier, ARR at risk, and what needs attention this week."""

from __future__ import annotations

import datetime as dt

from ..site_context import SiteContext
from .escalation_tables import escalation_table
from .formats import money, short_money
from .fragments import tier_badge
from .html import Markup, block, esc, unsearchable
from .urls import relative

ATTENTION_DAYS = 7


def tier_cards(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    cards = []
    for tier in reversed(context.policy.tiers):  # most severe first
        open_items = portfolio.open_by_tier().get(tier.id, [])
        at_risk = sum(portfolio.arr_at_risk(e) for e in open_items)
        href = relative(page_url, context.tier_url(tier.id))
        cards.append(
            f'<a class="ref-card" href="{esc(href)}" style="--tier-color: {esc(tier.color)}">'
            f'<span class="ref-card-title">{esc(tier.name)}</span>'
            f'<span class="ref-card-figure">{len(open_items)}</span>'
            f'<span class="ref-card-caption">open · {esc(short_money(at_risk, context.currency))} at risk</span></a>'
        )
    return Markup(f'<div class="ref-cards">{"".join(cards)}</div>')


def home_overview(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return block(
            Markup(
                '<p class="ref-muted">This edition of the site publishes the policy only: tiers, stakeholders, '
                "communication and decision authority. Account data is left out.</p>"
            )
        )
    portfolio = context.portfolio
    as_of = context.dataset.as_of
    open_items = portfolio.open_escalations
    total = sum(portfolio.arr_at_risk(e) for e in open_items)
    horizon = as_of + dt.timedelta(days=ATTENTION_DAYS)
    attention = sorted(
        (e for e in open_items if e.deadline and e.deadline <= horizon),
        key=lambda e: (e.deadline, -context.policy.tier_rank(e.tier), e.escalation_id),
    )
    summary = (
        f'<p class="ref-lead"><strong>{len(open_items)}</strong> open escalations with '
        f"<strong>{esc(money(total, context.currency))}</strong> ARR at risk, as of {esc(as_of.isoformat())}.</p>"
    )
    parts = [
        summary,
        tier_cards(context, page_url),
        "<h2>Needs attention this week</h2>",
        attention_list(context, page_url, horizon),
        f'<p class="ref-muted">Open escalations whose deadline has passed or falls by {esc(horizon.isoformat())}.</p>',
        unsearchable(escalation_table(context, attention, page_url, empty="No deadlines this week.")),
    ]
    return block(Markup("".join(parts)), "ref-home")


def attention_list(context: SiteContext, page_url: str, horizon: dt.date) -> Markup:
    """One line each for the other things due this week, linking to where they are listed."""
    from ..analysis.commitments import bucket

    portfolio = context.portfolio
    as_of = portfolio.as_of
    overdue_actions = sum(1 for a in portfolio.actions if not portfolio.action_done(a) and portfolio.is_overdue(a.due))
    check_ins = sum(
        1
        for a in portfolio.actions
        if not portfolio.action_done(a) and a.next_check_in and as_of <= a.next_check_in <= horizon
    )
    commitments_due = sum(
        1 for c in portfolio.commitments if bucket(portfolio, c) in ("overdue", "due_soon") and c.due <= horizon
    )
    findings = sum(1 for c in portfolio.commitments if context.governance.is_finding(c))
    renewing = {
        e.account_id
        for e in portfolio.open_escalations
        if (days := portfolio.days_to_renewal(portfolio.account_of(e))) is not None and 0 <= days <= 30
    }
    items = [
        (overdue_actions, "overdue action", "overdue actions", "actions/#by-owner"),
        (check_ins, "check-in due", "check-ins due", "actions/#check-ins"),
        (commitments_due, "commitment overdue or due", "commitments overdue or due", "commitments/#all"),
        (findings, "approval outside authority", "approvals outside authority", "commitments/#authority"),
        (
            len(renewing),
            "account renewing within 30 days with an open escalation",
            "accounts renewing within 30 days with an open escalation",
            "escalations/",
        ),
    ]
    lines = "".join(
        f'<li><a href="{esc(relative(page_url, target))}"><strong>{count}</strong> {esc(one if count == 1 else many)}'
        "</a></li>"
        for count, one, many, target in items
    )
    return Markup(f'<ul class="ref-attention">{lines}</ul>')


def open_by_tier_tables(context: SiteContext, page_url: str) -> Markup:
    parts = []
    for tier in reversed(context.policy.tiers):
        items = context.portfolio.open_by_tier().get(tier.id, [])
        parts.append(
            f"<h3>{tier_badge(context.policy, tier.id, relative(page_url, context.tier_url(tier.id)))} "
            f"{len(items)} open</h3>"
        )
        parts.append(unsearchable(escalation_table(context, items, page_url, show_tier=False)))
    return block(Markup("".join(parts)))
