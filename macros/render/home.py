"""The home page: open escalations by tier, ARR at risk, and what needs attention this week."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..analysis.attention import RENEWAL_SOON_DAYS, attention
from ..analysis.relative_dates import WEEK_DAYS, horizon_of
from ..site_context import SiteContext
from . import table_views as views
from .escalation_tables import escalation_table
from .formats import money, short_money
from .fragments import TierBadge, tier_badge_model
from .templating import render
from .urls import relative

ATTENTION_DAYS = WEEK_DAYS
NOTHING = Markup("")


@dataclass(frozen=True, slots=True)
class TierCard:
    name: str
    color: str
    href: str
    open_count: int
    arr_at_risk: str


@dataclass(frozen=True, slots=True)
class HomeOverview:
    full: bool
    """False in the policy-only edition: only a note is shown."""
    open_count: int = 0
    arr_at_risk: str = ""
    as_of: str = ""
    horizon: str = ""
    cards: Markup = NOTHING
    attention: Markup = NOTHING
    attention_table: Markup = NOTHING


@dataclass(frozen=True, slots=True)
class AttentionItem:
    count: int
    words: str
    href: str


@dataclass(frozen=True, slots=True)
class TierTable:
    badge: TierBadge
    open_count: int
    table: Markup


def tier_cards(context: SiteContext, page_url: str) -> Markup:
    portfolio = context.portfolio
    cards = []
    for tier in context.policy.tiers_by_severity:
        open_items = portfolio.open_by_tier().get(tier.id, [])
        at_risk = sum(portfolio.arr_at_risk(e) for e in open_items)
        href = relative(page_url, context.tier_url(tier.id))
        cards.append(TierCard(tier.name, tier.color, href, len(open_items), short_money(at_risk, context.currency)))
    return render("home/tier_cards.html", cards=cards)


def home_overview(context: SiteContext, page_url: str) -> Markup:
    if not context.full:
        return render("home/overview.html", home=HomeOverview(full=False))
    portfolio = context.portfolio
    as_of = context.dataset.as_of
    open_items = portfolio.open_escalations
    total = sum(portfolio.arr_at_risk(e) for e in open_items)
    horizon = horizon_of(as_of, ATTENTION_DAYS)
    attention = sorted(
        (e for e in open_items if e.deadline and portfolio.relative(e.deadline).due_within(ATTENTION_DAYS)),
        key=lambda e: (e.deadline, -context.policy.tier_rank(e.tier), e.escalation_id),
    )
    model = HomeOverview(
        full=True,
        open_count=len(open_items),
        arr_at_risk=money(total, context.currency),
        as_of=as_of.isoformat(),
        horizon=horizon.isoformat(),
        cards=tier_cards(context, page_url),
        attention=attention_list(context, page_url),
        attention_table=escalation_table(
            context, attention, page_url, empty="No deadlines this week.", id_="deadlines-this-week"
        ),
    )
    return render("home/overview.html", home=model)


def attention_list(context: SiteContext, page_url: str) -> Markup:
    """One line each for the other things that need attention, linking to the table filtered to exactly them."""
    found = attention(context.portfolio, context.governance.is_finding)
    items = [
        (found.overdue_actions, "overdue action", "overdue actions", "actions/", views.overdue_actions_view()),
        (found.check_ins, "check-in due this week", "check-ins due this week", "actions/", views.check_ins_view()),
        (
            found.overdue_commitments,
            "overdue commitment",
            "overdue commitments",
            "commitments/",
            views.overdue_commitments_view(),
        ),
        (
            found.findings,
            "approval outside authority",
            "approvals outside authority",
            "commitments/",
            f"#{views.FINDINGS}",
        ),
        (
            found.renewing_soon,
            f"account renewing within {RENEWAL_SOON_DAYS} days",
            f"accounts renewing within {RENEWAL_SOON_DAYS} days",
            "accounts/",
            views.renewing_soon_view(),
        ),
    ]
    lines = [
        AttentionItem(len(listed), one if len(listed) == 1 else many, relative(page_url, target) + view)
        for listed, one, many, target, view in items
    ]
    return render("home/attention.html", items=lines)


def open_by_tier_tables(context: SiteContext, page_url: str) -> Markup:
    tiers = []
    for tier in context.policy.tiers_by_severity:
        items = context.portfolio.open_by_tier().get(tier.id, [])
        badge = tier_badge_model(context.policy, tier.id, relative(page_url, context.tier_url(tier.id)))
        tiers.append(TierTable(badge, len(items), escalation_table(context, items, page_url, show_tier=False)))
    return render("home/open_by_tier.html", tiers=tiers)
