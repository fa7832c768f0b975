"""Typed table cells: what the reader sees, and the key the column sorts by, computed here from the typed value.

A cell of a component table (see :mod:`.tables`) carries its sort key as ``data-sort``, so the browser script never
parses the text it shows: ``$1,200`` sorts as ``1200.00``, a tier by its severity rank, a date by its ISO form.
Plain ``int``, ``float``, ``date`` and ``datetime`` values in a table's rows are typed the same way without a helper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..policy.model import Policy
from .formats import day, moment, money, number, relative_days
from .fragments import TierBadge, tier_badge_model
from .html import esc
from .templating import template

KINDS = ("text", "number", "money", "date", "duration", "tier")
"""Column kinds. All but ``text`` sort by their ``data-sort`` key as numbers (dates as ISO text)."""
NUMERIC_KINDS = ("number", "money", "duration", "tier")
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class Typed:
    """A cell's value with its kind: shown as ``display``, sorted by ``sort``, filtered by ``filter``."""

    display: object
    """Text (escaped when printed) or ``Markup``."""
    sort: str
    """The sort key; empty for no value (an empty key sorts last in either direction)."""
    kind: str
    filter: str | None = None
    """The value a filter of this column matches, when it is not the text shown (a date filtered as 'Overdue')."""

    def __html__(self) -> str:
        return str(esc(self.display))


def number_key(value: float | int | None) -> str:
    """``1200`` → ``"1200"``, ``0.5`` → ``"0.5"``; no thousands separator, no exponent."""
    if value is None:
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def money_key(amount: float | None) -> str:
    """To the cent, without trailing zeros: ``1200.5`` → ``"1200.5"``, ``58000`` → ``"58000"``."""
    return "" if amount is None else number_key(round(amount, 2))


def date_key(value: dt.date | dt.datetime | None) -> str:
    """ISO text, which sorts as the dates do; a moment keeps its time (``2026-06-01T09:30``)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def tier_key(policy: Policy, tier_id: str | None) -> str:
    """The tier's severity rank (0 the least severe), from the policy's tier order; empty for no or unknown tier."""
    if tier_id is None or tier_id not in policy.tier_by_id:
        return ""
    return str(policy.tier_rank(tier_id))


def number_cell(value: float | int | None, display: object = None, *, filter: str | None = None) -> Typed:
    shown = display if display is not None else (EMPTY if value is None else number(value))
    return Typed(shown, number_key(value), "number", filter)


def money_cell(amount: float | None, currency: str, display: object = None, *, filter: str | None = None) -> Typed:
    return Typed(display if display is not None else money(amount, currency), money_key(amount), "money", filter)


def date_cell(value: dt.date | dt.datetime | None, display: object = None, *, filter: str | None = None) -> Typed:
    if display is None:
        display = moment(value) if isinstance(value, dt.datetime) else day(value)
    return Typed(display, date_key(value), "date", filter)


def days_cell(days: int | None, display: object = None, *, filter: str | None = None) -> Typed:
    """A duration in days: 'in 12 days', '3 days ago' by default; sorts by the signed number of days."""
    if display is None:
        display = EMPTY if days is None else relative_days(days)
    return Typed(display, number_key(days), "duration", filter)


def text_cell(display: object, *, sort: str | None = None, filter: str | None = None) -> Typed:
    """Text with its own sort key or filter value (a state that sorts by urgency, a verdict filtered by its word)."""
    return Typed(display, sort if sort is not None else "", "text", filter)


def tier_badge_html(badge: TierBadge) -> Markup:
    macro = template("partials/inline.html").module.tier_badge
    return Markup(macro(badge))  # noqa: S704 (an autoescaped macro's output)


def tier_cell(policy: Policy, tier_id: str | None, href: str | None = None, *, empty: str = EMPTY) -> Typed:
    """A tier's badge, sorted by severity and filtered by the tier's name."""
    if tier_id is None:
        return Typed(empty, "", "tier", empty)
    badge = tier_badge_model(policy, tier_id, href)
    return Typed(tier_badge_html(badge), tier_key(policy, tier_id), "tier", badge.name)


def typed(value: object) -> Typed | None:
    """The typed form of a plain value in a table's rows, or None for text (and for ``bool``, which reads as text)."""
    if isinstance(value, Typed):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return number_cell(value)
    if isinstance(value, dt.date):  # a datetime is a date too
        return date_cell(value)
    return None


def link_html(href: str, text: object) -> Markup:
    """A link to a page of this site (``href`` is computed by the site, never taken from data)."""
    return Markup('<a href="{}">{}</a>').format(esc(href), esc(text))
