"""View models of the small inline fragments shared by many pages (tier badge, link from data), laid out by the
macros of ``partials/inline.html``, which the other templates import."""

from __future__ import annotations

from dataclasses import dataclass

from ..policy.model import Policy
from .colours import text_colour_on
from .html import safe_url

DEFAULT_TIER_COLOR = "#607d8b"


@dataclass(frozen=True, slots=True)
class TierBadge:
    name: str
    color: str
    text_color: str
    """Black or white, whichever reads better on ``color`` (the policy chooses ``color``)."""
    href: str | None = None
    """Link to the tier's page, or None for a badge without a link."""


@dataclass(frozen=True, slots=True)
class ExternalLink:
    url: str | None
    """The address if its scheme is http, https or mailto; None shows the text plain."""
    text: str


def tier_badge_model(policy: Policy, tier_id: str, href: str | None = None) -> TierBadge:
    tier = policy.tier_by_id.get(tier_id)
    color = tier.color if tier else DEFAULT_TIER_COLOR
    return TierBadge(tier.name if tier else tier_id, color, text_colour_on(color), href)


def external_link_model(url: object, text: str) -> ExternalLink:
    return ExternalLink(safe_url(url), text)
