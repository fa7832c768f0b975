"""Dead rules and gaps in a concession type's approval matrix (see :mod:`.cells` for how the inputs are cut)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ...policy.authority import ConcessionType
from .cells import Span, axes, cells, facts_of, first_match, passes


@dataclass(frozen=True)
class DeadRule:
    index: int
    shadowed_by: tuple[int, ...]
    """Indexes of the earlier rules that apply instead; empty when no input passes the rule's tests at all."""


def dead_rules(concession: ConcessionType, segments: list[str]) -> list[DeadRule]:
    """Rules that never apply because earlier rules match every input they match (first match wins)."""
    winners: dict[int, set[int]] = defaultdict(set)
    applies: set[int] = set()
    for cell in cells(concession, segments):
        facts = facts_of(concession, cell)
        first = first_match(concession, facts)
        if first is None:
            continue
        applies.add(first)
        for index, rule in enumerate(concession.rules[first + 1 :], start=first + 1):
            if passes(rule.when, facts):
                winners[index].add(first)
    return [
        DeadRule(index, tuple(sorted(winners.get(index, ()))))
        for index in range(len(concession.rules))
        if index not in applies
    ]


def _number(unit: str, value: float) -> str:
    if unit == "percent":
        return f"{value:g}%"
    if unit == "money":
        return f"{value:,.2f}".removesuffix(".00")
    if unit in ("days", "months"):
        return f"{value:g} {unit}"
    return f"{value:g}"


_LABELS = {"value": "a value", "money": "a money value", "arr": "ARR", "term_months": "a term"}


def _unit(concession: ConcessionType, fact: str) -> str:
    if fact == "value":
        return concession.unit
    if fact == "term_months":
        return "months"
    return "money"


def _range_words(first: Span, last: Span, unit: str) -> str:
    parts = []
    if first.is_point:
        if last.is_point and last.low == first.low:
            return f"of exactly {_number(unit, first.low)}"
        parts.append(f"from {_number(unit, first.low)}")
    elif first.low > 0:
        parts.append(f"above {_number(unit, first.low)}")
    if last.is_point:
        parts.append(f"up to {_number(unit, last.high)}")
    elif not math.isinf(last.high):
        parts.append(f"below {_number(unit, last.high)}")
    return " and ".join(parts)


def gaps(concession: ConcessionType, segments: list[str]) -> list[str]:
    """Inputs no rule matches, as ranges in words ("a value above 10% and up to 15% when segment is enterprise").

    Neighbouring cells of the first numeric fact are merged into one range; a range missing for every segment
    says nothing about the segment.
    """
    grid = axes(concession, segments)
    numeric = [f for f in grid if f != "segment"]
    holes: dict[tuple, set[str]] = defaultdict(set)
    for cell in cells(concession, segments):
        if first_match(concession, facts_of(concession, cell)) is None:
            key = tuple(grid[f].index(cell[f]) for f in numeric)
            holes[key].add(str(cell.get("segment", "")))
    if not holes:
        return []
    # Merge runs of the first numeric fact that share everything else.
    runs: dict[tuple, list[int]] = defaultdict(list)
    for key, segs in holes.items():
        runs[(key[1:], frozenset(segs))].append(key[0] if key else 0)
    found = []
    for (rest, segs), positions in runs.items():
        positions.sort()
        group = [positions[0]]
        for position in positions[1:]:
            if position == group[-1] + 1:
                group.append(position)
            else:
                found.append(((group[0], group[-1]), rest, segs))
                group = [position]
        found.append(((group[0], group[-1]), rest, segs))
    words = []
    for (start, end), rest, segs in sorted(found, key=lambda item: (item[1], item[0])):
        clauses = []
        subject = ""
        for n, fact in enumerate(numeric):
            axis = grid[fact]
            first, last = (axis[start], axis[end]) if n == 0 else (axis[rest[n - 1]], axis[rest[n - 1]])
            text = _range_words(first, last, _unit(concession, fact))
            if n == 0:
                subject = f"{_LABELS[fact]} {text}" if text else f"any {_LABELS[fact].removeprefix('a ')}"
            elif text:
                clauses.append(f"{_LABELS[fact].removeprefix('a ')} is {text.removeprefix('of ')}")
        if "segment" in grid and set(segs) != set(segments):
            clauses.append("segment is " + " or ".join(sorted(segs)))
        sentence = "no rule for " + (subject or "these requests")
        if clauses:
            sentence += " when " + " and ".join(clauses)
        words.append(sentence)
    return words
