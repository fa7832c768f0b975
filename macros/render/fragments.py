"""Small inline fragments shared by many pages (tier badge, links), laid out by ``partials/inline.html``.

Templates import the macros of that file directly; these functions are for Python code that still assembles a
fragment around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..policy.model import Policy
from .html import safe_url
from .templating import template

DEFAULT_TIER_COLOR = "#607d8b"


@dataclass(frozen=True, slots=True)
class TierBadge:
    name: str
    color: str
    href: str | None = None
    """Link to the tier's page, or None for a badge without a link."""


@dataclass(frozen=True, slots=True)
class ExternalLink:
    url: str | None
    """The address if its scheme is http, https or mailto; None shows the text plain."""
    text: str


def tier_badge_model(policy: Policy, tier_id: str, href: str | None = None) -> TierBadge:
    tier = policy.tier_by_id.get(tier_id)
    return TierBadge(tier.name if tier else tier_id, tier.color if tier else DEFAULT_TIER_COLOR, href)


def external_link_model(url: object, text: str) -> ExternalLink:
    return ExternalLink(safe_url(url), text)


def _inline():
    return template("partials/inline.html").module


def tier_badge(policy: Policy, tier_id: str, href: str | None = None) -> Markup:
    return Markup(_inline().tier_badge(tier_badge_model(policy, tier_id, href)))  # noqa: S704 (autoescaped macro)


def link(href: str, text: object) -> Markup:
    """A link to a page of this site (``href`` computed by the site, never taken from data)."""
    return Markup(_inline().link(href, text))  # noqa: S704 (an autoescaped macro's output)


def external_link(url: object, text: str) -> Markup:
    """A link from data: only http(s) and mailto are linked; anything else is shown as plain text."""
    return Markup(_inline().external_link(external_link_model(url, text)))  # noqa: S704 (autoescaped macro)
