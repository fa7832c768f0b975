"""Durations and bounds of the policy at their limits: the largest duration of each unit, the largest bound, a
bound equal to another, each comparison at, just below and just above its limit, and how each reads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.policy.common import MAX_BOUND, MAX_DURATION, Bounds, Duration


def _message(exc: ValidationError) -> str:
    (error,) = exc.errors()
    return error["msg"].removeprefix("Value error, ")


@pytest.mark.parametrize(
    ("unit", "words"),
    [("business_hours", "business hours"), ("hours", "hours"), ("business_days", "business days"), ("days", "days")],
)
def test_a_duration_may_be_as_long_as_its_unit_allows_and_no_longer(unit, words):
    limit = MAX_DURATION[unit]
    assert Duration(amount=limit, unit=unit).amount == limit
    with pytest.raises(ValidationError) as caught:
        Duration(amount=limit + 1, unit=unit)
    assert _message(caught.value) == f"a duration of at most {limit:,} {words} (ten years), got {limit + 1:,}"


def test_the_duration_limits_are_ten_years_of_each_unit():
    assert MAX_DURATION == {"business_hours": 26_000, "hours": 87_600, "business_days": 2_600, "days": 3_650}


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("1 business hour", 1.0, "business_hours"),
        ("  2 Business_Days ", 2.0, "business_days"),
        ("1.5 hours", 1.5, "hours"),
        ("1 day", 1.0, "days"),
        ("3 business  days", None, None),
        ("3 weeks", None, None),
        ("days", None, None),
    ],
)
def test_duration_text(text, amount, unit):
    if amount is None:
        with pytest.raises(ValidationError) as caught:
            Duration.model_validate(text)
        assert _message(caught.value) == (
            "expected a duration such as '4 business hours', '2 business days', '12 hours' or '3 days'"
        )
    else:
        duration = Duration.model_validate(text)
        assert (duration.amount, duration.unit) == (amount, unit)


@pytest.mark.parametrize(
    ("amount", "unit", "text", "business"),
    [
        (1, "business_hours", "1 business hour", True),
        (2, "business_hours", "2 business hours", True),
        (1, "days", "1 day", False),
        (1.5, "days", "1.5 days", False),
        (0.5, "hours", "0.5 hours", False),
        (1, "business_days", "1 business day", True),
    ],
)
def test_duration_reads_naturally(amount, unit, text, business):
    duration = Duration(amount=amount, unit=unit)
    assert duration.describe() == text
    assert duration.is_business is business


@pytest.mark.parametrize("limit", [MAX_BOUND, -MAX_BOUND])
def test_a_bound_may_be_as_large_as_the_limit(limit):
    assert Bounds(at_least=limit).boundaries() == [limit]


@pytest.mark.parametrize(("key", "limit"), [("at_least", MAX_BOUND + 1), ("below", -MAX_BOUND - 1)])
def test_a_bound_beyond_the_limit_is_refused(key, limit):
    with pytest.raises(ValidationError) as caught:
        Bounds(**{key: limit})
    assert _message(caught.value) == f"a bound of at most 1,000,000,000,000 in size, got {limit:,.0f}"


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"at_least": 1, "above": 0}, "give either 'at_least' or 'above', not both"),
        ({"at_most": 1, "below": 2}, "give either 'at_most' or 'below', not both"),
        (
            {"at_least": 1, "in": ["a"]},
            "a test is either numeric (at_least/above/at_most/below) or a list ('in'), not both",
        ),
        (
            {"below": 1, "in": ["a"]},
            "a test is either numeric (at_least/above/at_most/below) or a list ('in'), not both",
        ),
        ({}, "give at least one of at_least, above, at_most, below or in"),
        ({"at_least": 5.5, "at_most": 5}, "the lower bound 5.5 is above the upper bound 5"),
        ({"above": 10, "below": 9}, "the lower bound 10 is above the upper bound 9"),
    ],
)
def test_incoherent_bounds_are_refused_with_the_reason(bounds, message):
    with pytest.raises(ValidationError) as caught:
        Bounds.model_validate(bounds)
    assert _message(caught.value) == message


@pytest.mark.parametrize("bounds", [{"at_least": 5, "at_most": 5}, {"above": 5, "below": 5}, {"in": []}])
def test_equal_lower_and_upper_bounds_are_accepted(bounds):
    assert Bounds.model_validate(bounds).boundaries() == [v for v in bounds.values() if not isinstance(v, list)]


@pytest.mark.parametrize(
    ("bounds", "below", "at", "above"),
    [
        ({"at_least": 10}, False, True, True),
        ({"above": 10}, False, False, True),
        ({"at_most": 10}, True, True, False),
        ({"below": 10}, True, False, False),
    ],
)
def test_each_comparison_at_just_below_and_just_above_its_bound(bounds, below, at, above):
    test = Bounds.model_validate(bounds)
    assert [test.matches(9.99), test.matches(10), test.matches(10.01)] == [below, at, above]
    assert test.matches(None) is False
    assert test.matches("10") is False
    assert test.is_numeric is True


def test_a_range_matches_only_inside():
    test = Bounds.model_validate({"above": 0, "at_most": 10})
    assert [test.matches(v) for v in (0, 0.01, 10, 10.01)] == [False, True, True, False]


def test_a_list_test_matches_ignoring_case():
    test = Bounds.model_validate({"in": ["Red", "yellow"]})
    assert [test.matches(v) for v in ("red", "YELLOW", "green", None)] == [True, True, False, False]
    assert test.is_numeric is False
    assert test.boundaries() == []


@pytest.mark.parametrize(
    ("bounds", "text"),
    [
        ({"in": ["red", "yellow"]}, "one of red, yellow"),
        ({"in": ["red"]}, "red"),
        ({"at_least": 250000, "below": 1e6}, "≥ 250000 and < 1e+06"),
        ({"above": 1.5, "at_most": 3}, "> 1.5 and ≤ 3"),
    ],
)
def test_bounds_read_as_text(bounds, text):
    assert Bounds.model_validate(bounds).describe() == text


def test_bounds_read_with_a_given_format():
    assert Bounds(at_least=250000, below=1e6).describe(lambda v: f"{v:,.0f}") == "≥ 250,000 and < 1,000,000"
