"""How lint findings word numbers and ranges: each unit, whole and fractional values, points, open ends."""

from __future__ import annotations

import math
from types import SimpleNamespace

from macros.analysis.policy_lint.cells import Span
from macros.analysis.policy_lint.rules import _number, _range_words, _unit


def test_numbers_in_each_unit():
    assert _number("percent", 12.5) == "12.5%"
    assert _number("percent", 10.0) == "10%"
    assert _number("money", 250000.0) == "250,000"
    assert _number("money", 1234.5) == "1,234.50"
    assert _number("days", 45.0) == "45 days"
    assert _number("months", 12.0) == "12 months"
    assert _number("none", 3.0) == "3"


def test_the_unit_of_each_fact():
    concession = SimpleNamespace(unit="percent")
    assert _unit(concession, "value") == "percent"
    assert _unit(concession, "term_months") == "months"
    assert _unit(concession, "arr") == "money"
    assert _unit(concession, "money") == "money"


def test_range_words_for_points_open_spans_and_open_ends():
    assert _range_words(Span(10, 10), Span(10, 10), "percent") == "of exactly 10%"
    assert _range_words(Span(10, 10), Span(20, 20), "percent") == "from 10% and up to 20%"
    assert _range_words(Span(10, 20), Span(20, 30), "percent") == "above 10% and below 30%"
    assert _range_words(Span(0, 20), Span(20, 30), "percent") == "below 30%"
    assert _range_words(Span(10, 20), Span(30, math.inf), "percent") == "above 10%"
    assert _range_words(Span(10, 10), Span(30, math.inf), "days") == "from 10 days"


def test_a_span_starting_above_zero_says_above_even_below_one():
    assert _range_words(Span(0.5, 2), Span(2, 3), "percent") == "above 0.5% and below 3%"
    assert _range_words(Span(1, 2), Span(2, 3), "percent") == "above 1% and below 3%"
