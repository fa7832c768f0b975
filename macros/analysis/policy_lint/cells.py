"""The input space of a concession type cut into cells on which every rule's tests are constant.

Each numeric fact a rule tests is cut at every limit written for it into points and the open spans between them
(from just above 0 to beyond the highest limit); each text fact into the policy's values. A rule's tests pass
on a whole cell or on none of it, so trying one representative input per cell decides, exactly, which rule
applies where: that is what finds dead rules and gaps.

``money`` is the value itself for types whose ``money_value`` is ``value``; for a percentage of ARR it is taken
as a fact of its own (the lint then reads its limits independently of the value and the ARR).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ...policy.authority import ConcessionType
from ...policy.common import Bounds

FACT_ORDER: tuple[str, ...] = ("value", "money", "arr", "term_months", "segment")


@dataclass(frozen=True)
class Span:
    """A point (``low == high``, both included) or an open span ``(low, high)``; ``high`` may be infinite."""

    low: float
    high: float

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    @property
    def sample(self) -> float:
        if self.is_point:
            return self.low
        if math.isinf(self.high):
            return self.low + 1
        return (self.low + self.high) / 2


def spans(limits: Sequence[float]) -> list[Span]:
    """(0, l1), l1, (l1, l2), l2 … (ln, ∞) for the positive limits, in order."""
    points = sorted({p for p in limits if p > 0})
    result: list[Span] = []
    low = 0.0
    for point in points:
        result.append(Span(low, point))
        result.append(Span(point, point))
        low = point
    result.append(Span(low, math.inf))
    return result


def tested_facts(concession: ConcessionType) -> list[str]:
    """The facts the type's rules test, in :data:`FACT_ORDER` (``money`` folded into ``value`` when equal)."""
    seen = {fact for rule in concession.rules for fact in rule.when}
    if concession.money_value == "value" and "money" in seen:
        seen.discard("money")
        seen.add("value")
    return [f for f in FACT_ORDER if f in seen]


def axes(concession: ConcessionType, segments: Sequence[str]) -> dict[str, list]:
    """Fact → its cells: :class:`Span` objects for numbers, segment ids for the segment."""
    result: dict[str, list] = {}
    for fact in tested_facts(concession):
        if fact == "segment":
            result[fact] = list(segments)
            continue
        limits: list[float] = []
        for rule in concession.rules:
            for tested, bounds in rule.when.items():
                same = tested == fact or (fact == "value" and tested == "money" and concession.money_value == "value")
                if same and bounds.is_numeric:
                    limits.extend(bounds.boundaries())
        result[fact] = spans(limits)
    return result


def cells(concession: ConcessionType, segments: Sequence[str]) -> Iterator[dict[str, Span | str]]:
    """Every combination of the facts' cells."""
    grid = axes(concession, segments)
    names = list(grid)
    for combination in itertools.product(*(grid[n] for n in names)):
        yield dict(zip(names, combination, strict=True))


def facts_of(concession: ConcessionType, cell: dict[str, Span | str]) -> dict[str, float | str]:
    facts: dict[str, float | str] = {k: (v.sample if isinstance(v, Span) else v) for k, v in cell.items()}
    if concession.money_value == "value" and "value" in facts:
        facts["money"] = facts["value"]
    return facts


def passes(when: dict[str, Bounds], facts: dict[str, float | str]) -> bool:
    return all(test.matches(facts.get(fact)) for fact, test in when.items())


def first_match(concession: ConcessionType, facts: dict[str, float | str]) -> int | None:
    """Index of the rule that applies to ``facts`` (first whose tests all pass), ``None`` for none."""
    return next((i for i, rule in enumerate(concession.rules) if passes(rule.when, facts)), None)
