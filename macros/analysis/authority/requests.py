"""Concession requests: the facts a request gives, and which facts a rule's tests still wait for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...policy.authority import ConcessionType
from ...policy.common import Bounds

INPUT_FACTS: tuple[str, ...] = ("value", "arr", "segment", "term_months")
"""Facts a request gives, in the order they are reported (e.g. in ``missing_facts``)."""

FACT_FLAGS: dict[str, str] = {fact: "--" + fact.replace("_", "-") for fact in INPUT_FACTS}
"""Command-line option that gives each fact, for "give --arr" messages."""


class UnknownConcessionType(ValueError):
    """The request names a concession type the policy does not define."""


@dataclass(frozen=True)
class ConcessionRequest:
    """What is being asked for. ``value`` is in the concession type's unit (percentage points for a percent
    discount, money, days, months…); the other facts describe the account and the contract."""

    type: str
    value: float | None = None
    arr: float | None = None
    segment: str | None = None
    term_months: float | None = None

    def facts(self, concession: ConcessionType) -> dict[str, float | str | None]:
        """The facts rules test. ``money`` is derived from the type's ``money_value``: the value itself,
        ``value * arr / 100`` for a percentage of ARR (``None`` when either is missing), or absent."""
        facts: dict[str, float | str | None] = {
            "value": self.value,
            "arr": self.arr,
            "segment": self.segment,
            "term_months": self.term_months,
        }
        if concession.money_value == "value":
            facts["money"] = self.value
        elif concession.money_value == "percent_of_arr":
            # Multiply first, then divide: exact for whole numbers, and the order the browser lookup uses too.
            facts["money"] = self.value * self.arr / 100 if self.value is not None and self.arr is not None else None
        return facts

    def inputs(self) -> dict[str, float | str | None]:
        """The request's own facts, in a stable order, numbers that are whole written as integers."""
        return {fact: _plain(getattr(self, fact)) for fact in INPUT_FACTS}


def _plain(value: float | str | None) -> float | int | str | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def sources(fact: str, concession: ConcessionType) -> tuple[str, ...]:
    """Input facts a tested fact is made from (``money`` is derived from the value and perhaps the ARR)."""
    if fact != "money":
        return (fact,)
    if concession.money_value == "percent_of_arr":
        return ("value", "arr")
    if concession.money_value == "value":
        return ("value",)
    return ("money",)


def blocked_by(
    when: Mapping[str, Bounds], facts: Mapping[str, Any], concession: ConcessionType, request: ConcessionRequest
) -> set[str] | None:
    """``None`` when a test on a given fact fails; otherwise the input facts whose absence stops the tests
    passing (an empty set means every test passes)."""
    missing: set[str] = set()
    for fact, test in when.items():
        value = facts.get(fact)
        if value is None:
            missing.update(s for s in sources(fact, concession) if s not in INPUT_FACTS or getattr(request, s) is None)
            continue
        if not test.matches(value):
            return None
    return missing


def ordered(facts: Iterable[str]) -> tuple[str, ...]:
    wanted = set(facts)
    return tuple(f for f in INPUT_FACTS if f in wanted) + tuple(sorted(wanted - set(INPUT_FACTS)))
