"""The shadowed-criterion check compares numeric tests exactly at their limits: whether every value one test accepts
the other accepts too, checked against trying the limits themselves and values on either side of them."""

from __future__ import annotations

import itertools

import pytest

from macros.analysis.policy_lint.tiers import _within
from macros.policy.common import Bounds

LIMITS = (10.0, 20.0)
PROBES = (-1e9, 5.0, 9.5, 10.0, 10.5, 15.0, 19.5, 20.0, 20.5, 25.0, 1e9)


def _all_bounds() -> list[Bounds]:
    lows = [{}] + [{key: v} for key in ("at_least", "above") for v in LIMITS]
    highs = [{}] + [{key: v} for key in ("at_most", "below") for v in LIMITS]
    result = []
    for low, high in itertools.product(lows, highs):
        if not low and not high:
            continue
        try:
            result.append(Bounds(**low, **high))
        except ValueError:
            continue  # a lower limit above the upper one
    return result


BOUNDS = _all_bounds()


def _accepts_all_of(inner: Bounds, outer: Bounds) -> bool:
    return all(outer.matches(v) for v in PROBES if inner.matches(v))


@pytest.mark.parametrize("inner", [b for b in BOUNDS if any(b.matches(v) for v in PROBES)], ids=repr)
def test_within_agrees_with_trying_the_limits_and_either_side(inner):
    for outer in BOUNDS:
        assert _within(inner, outer) == _accepts_all_of(inner, outer), (inner, outer)


def test_an_included_limit_is_not_within_the_same_limit_excluded():
    assert not _within(Bounds(at_least=10), Bounds(above=10))
    assert _within(Bounds(above=10), Bounds(at_least=10))
    assert not _within(Bounds(at_most=10), Bounds(below=10))
    assert _within(Bounds(below=10), Bounds(at_most=10))
    assert _within(Bounds(at_least=10), Bounds(at_least=10))
    assert _within(Bounds(above=10), Bounds(above=10))
    assert not _within(Bounds(at_most=10), Bounds(at_least=0))  # no lower limit: minus infinity is not above 0
    assert not _within(Bounds(at_least=10), Bounds(at_most=20))  # no upper limit
