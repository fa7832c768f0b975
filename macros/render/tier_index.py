"""The tiers index: every tier, most severe first, with its headline targets and open count."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..site_context import SiteContext
from .fragments import TierBadge, tier_badge_model
from .policy_pages import criteria_list
from .templating import render
from .urls import relative


@dataclass(frozen=True, slots=True)
class TierRow:
    badge: TierBadge
    summary: str
    acknowledge: str
    exec_engaged: str
    updates_every: str
    open_count: str
    """Open escalations in the tier (shown on the full site only)."""
    criteria: Markup


@dataclass(frozen=True, slots=True)
class TierOverview:
    full: bool
    rows: list[TierRow]
    """Most severe first (:attr:`Policy.tiers_by_severity`)."""


def tier_overview(context: SiteContext, page_url: str) -> Markup:
    policy = context.policy
    rows = []
    for tier in policy.tiers_by_severity:
        response = tier.response
        open_count = len(context.portfolio.open_by_tier().get(tier.id, [])) if context.full else 0
        rows.append(
            TierRow(
                tier_badge_model(policy, tier.id, relative(page_url, context.tier_url(tier.id))),
                tier.summary,
                response.acknowledge.describe() if response.acknowledge else "—",
                response.exec_engaged.describe() if response.exec_engaged else "—",
                response.status_update_every.describe() if response.status_update_every else "—",
                str(open_count),
                criteria_list(policy, tier.id),
            )
        )
    return render("policy/tier_overview.html", overview=TierOverview(context.full, rows))
