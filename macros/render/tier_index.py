"""The tiers index: every tier, least to most severe, with its headline targets and open count."""

from __future__ import annotations

from ..site_context import SiteContext
from .fragments import tier_badge
from .html import Markup, block
from .policy_pages import criteria_list
from .tables import table
from .urls import relative


def tier_overview(context: SiteContext, page_url: str) -> Markup:
    policy = context.policy
    rows = []
    for tier in policy.tiers:
        response = tier.response
        open_count = len(context.portfolio.open_by_tier().get(tier.id, [])) if context.full else None
        rows.append(
            [
                tier_badge(policy, tier.id, relative(page_url, context.tier_url(tier.id))),
                tier.summary,
                response.acknowledge.describe() if response.acknowledge else "—",
                response.exec_engaged.describe() if response.exec_engaged else "—",
                response.status_update_every.describe() if response.status_update_every else "—",
                *([str(open_count)] if context.full else []),
            ]
        )
    headers = ["Tier", "Meaning", "Acknowledge", "Exec engaged", "Updates every"] + (["Open"] if context.full else [])
    parts = [table(headers, rows, class_="ref-tier-table")]
    parts.append("<h2>Criteria</h2><p>An escalation belongs in the highest tier whose criteria it meets.</p>")
    for tier in reversed(policy.tiers):
        parts.append(f"<h3>{tier_badge(policy, tier.id, relative(page_url, context.tier_url(tier.id)))}</h3>")
        parts.append(criteria_list(policy, tier.id))
    return block(Markup("".join(str(p) for p in parts)))
