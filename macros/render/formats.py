"""How numbers, money, dates and durations read on the site."""

from __future__ import annotations

import datetime as dt

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}


def money(amount: float | None, currency: str = "USD") -> str:
    if amount is None:
        return "—"
    symbol = _SYMBOLS.get(currency.upper())
    sign = "-" if amount < 0 else ""
    whole = f"{abs(amount):,.0f}"
    return f"{sign}{symbol}{whole}" if symbol else f"{sign}{currency.upper()} {whole}"


def short_money(amount: float | None, currency: str = "USD") -> str:
    """$1.2M, $350k: for headline figures."""
    if amount is None:
        return "—"
    symbol = _SYMBOLS.get(currency.upper(), currency.upper() + " ")
    value = abs(amount)
    sign = "-" if amount < 0 else ""
    if value >= 1_000_000:
        return f"{sign}{symbol}{value / 1_000_000:.1f}M"
    if value >= 10_000:
        return f"{sign}{symbol}{value / 1000:.0f}k"
    return f"{sign}{symbol}{value:,.0f}"


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def moment(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def relative_days(days: int | None) -> str:
    """'in 12 days', 'today', '3 days ago': the phrase of :mod:`macros.analysis.relative_dates`."""
    from ..analysis.relative_dates import phrase

    return phrase(days)


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def bound_value(value: float, unit: str, currency: str = "USD") -> str:
    """A threshold in its unit: 10%, $250,000, 60 days."""
    if unit == "percent":
        return f"{number(value)}%"
    if unit == "money":
        return money(value, currency)
    if unit in ("days", "months"):
        return f"{number(value)} {unit if value != 1 else unit[:-1]}"
    return number(value)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 commitment', '3 commitments', '1,204 escalations'."""
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"
