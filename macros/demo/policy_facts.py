"""Small pure helpers for the demo-data generator: how the approval matrix reads a request, ARR ranges per
segment, tier weights, and date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence

from ..policy.authority import ConcessionType, Rule, approver_roles, chain_levels
from ..policy.log_values import Term
from .records import Account


def first_rule(ctype: ConcessionType, value: float | None, account: Account) -> Rule | None:
    """The rule that applies to a request, as the approval matrix reads it (first rule whose tests all pass)."""
    facts: dict[str, float | str | None] = {"value": value, "arr": account.arr, "segment": account.segment.id}
    if ctype.money_value == "value":
        facts["money"] = value
    elif ctype.money_value == "percent_of_arr":
        facts["money"] = value * account.arr / 100 if value is not None else None
    for rule in ctype.rules:
        if all(test.matches(facts.get(fact)) for fact, test in rule.when.items()):
            return rule
    return None


def approval_chain(ctype: ConcessionType, rule: Rule) -> list[str]:
    """One role per level of the rule's chain (the first of an `any_of`)."""
    return [approver_roles(level)[0] for level in chain_levels(ctype, rule)]


def value_grid(unit: str) -> list[float | None]:
    """Candidate values per unit, used to search for a value that lands on a wanted rule."""
    grids: dict[str, Iterable[float]] = {
        "percent": range(1, 41),
        "money": range(2_500, 150_001, 2_500),
        "days": range(15, 181, 15),
        "months": (3, 6, 9, 12, 18, 24, 36, 48, 60),
        "count": range(1, 21),
    }
    return [float(v) for v in grids.get(unit, [])] or [None]


ARR_RANGE = (20_000.0, 1_500_000.0)
_AMOUNT = re.compile(r"([$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kKmM]\b)?")
_BELOW_WORDS = re.compile(r"\b(under|below|less than|up to|at most)\b", re.IGNORECASE)
_ABOVE_WORDS = re.compile(r"\b(over|above|more than|at least|from)\b", re.IGNORECASE)


def _amounts(text: str) -> list[float]:
    """Money amounts written in a sentence ("$100,000", "250k", "1.5M"); bare small numbers are ignored."""
    found = []
    for symbol, digits, scale in _AMOUNT.findall(text):
        amount = float(digits.replace(",", "")) * {"k": 1e3, "m": 1e6}.get(scale.lower(), 1)
        if amount >= 1_000 and (symbol or scale or "," in digits):
            found.append(amount)
    return found


def segment_ranges(segments: Sequence[Term]) -> list[tuple[float, float]]:
    """ARR range per segment: the range its description states ("Under $100,000", "$100,000 to $300,000",
    "Over $300,000"), else its share, in list order, of 20k–1.5M on a log scale."""
    low, high = ARR_RANGE
    step = (math.log(high) - math.log(low)) / len(segments)
    ranges = []
    for index, segment in enumerate(segments):
        fallback = (math.exp(math.log(low) + index * step), math.exp(math.log(low) + (index + 1) * step))
        amounts = _amounts(segment.description)
        if len(amounts) >= 2:
            ranges.append((max(min(amounts), low), min(max(amounts), high)))
        elif amounts and _BELOW_WORDS.search(segment.description):
            ranges.append((low, min(amounts[0], high)))
        elif amounts and _ABOVE_WORDS.search(segment.description):
            ranges.append((max(amounts[0], low), high))
        else:
            ranges.append(fallback)
    return [(a, b) if a < b else (b, a) for a, b in ranges]


def weights_linear(count: int) -> list[float]:
    """N, N-1, … 1: for three tiers 50/33/17, for five 33/27/20/13/7."""
    return [float(count - i) for i in range(count)]


def anniversary_on_or_after(renewal: dt.date, day: dt.date) -> dt.date:
    """The yearly anniversary of ``renewal`` that falls on or after ``day`` (29 February becomes the 28th)."""

    def in_year(year: int) -> dt.date:
        return renewal.replace(year=year, day=min(renewal.day, calendar.monthrange(year, renewal.month)[1]))

    candidate = in_year(day.year)
    return candidate if candidate >= day else in_year(day.year + 1)


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
