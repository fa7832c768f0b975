"""Edge cases from the policy: requests on and either side of every threshold, for tests that compare
implementations of the lookup."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from ...policy.model import Policy
from .requests import ConcessionRequest

_STEP_FOR_UNIT = {"percent": 0.01, "money": 0.01, "days": 1.0, "months": 1.0, "count": 1.0, "none": 0.01}
_MONEY_STEP = 0.01
_MONTH_STEP = 1.0
_REPRESENTATIVE_PERCENT = 10.0
"""Percentage used to reach money thresholds when a percent-of-ARR type has no thresholds on its value."""


def _around(points: Iterable[float], step: float) -> list[float]:
    values = set()
    for point in points:
        for candidate in (point - step, point, point + step):
            rounded = round(candidate, 6)
            if rounded >= 0:
                values.add(float(rounded))
    return sorted(values)


def boundary_cases(policy: Policy) -> list[ConcessionRequest]:
    """Requests on and either side of every numeric threshold of every concession type's rules and reviews.

    Per type: each value threshold, and a step below and above it (0.01 for percent and money, 1 for days,
    months and counts); money thresholds become value thresholds for money-valued types and, for percentages of
    ARR, the ARR at which each value threshold reaches them; ARR thresholds (and those derived ARRs) ± 0.01;
    contract-term thresholds ± 1 month; every segment of the policy, and no segment, when a test looks at the
    segment. A fact no test of the type needs is left out (``None``). Deduplicated, in policy order, then by value, ARR, segment, term.
    """
    segments = [term.id for term in policy.vocabulary("segments")]
    cases: dict[ConcessionRequest, None] = {}
    for concession in policy.authority.concession_types:
        points: dict[str, list[float]] = {"value": [], "money": [], "arr": [], "term_months": []}
        tests_segment = False
        for when in [r.when for r in concession.rules] + [r.when for r in concession.reviews]:
            for fact, test in when.items():
                if fact == "segment":
                    tests_segment = True
                elif fact in points:
                    points[fact].extend(test.boundaries())
        value_points = list(points["value"])
        arr_points = list(points["arr"])
        if points["money"]:
            if concession.money_value == "value":
                value_points.extend(points["money"])
            elif concession.money_value == "percent_of_arr":
                if not value_points:
                    value_points.append(_REPRESENTATIVE_PERCENT)
                arr_points.extend(
                    round(money * 100 / percent, 2) for money in points["money"] for percent in value_points if percent
                )
        values: list[float | None] = list(_around(value_points, _STEP_FOR_UNIT[concession.unit])) or [None]
        arrs: list[float | None] = list(_around(arr_points, _MONEY_STEP)) or [None]
        terms: list[float | None] = list(_around(points["term_months"], _MONTH_STEP)) or [None]
        segs: list[str | None] = [*segments, None] if tests_segment else [None]
        for value, arr, segment, term in itertools.product(values, arrs, segs, terms):
            request = ConcessionRequest(concession.id, value=value, arr=arr, segment=segment, term_months=term)
            cases.setdefault(request, None)
    return list(cases)
