"""Cell parsers: what people type is read; what would need a guess is refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.workbook.cells import (
    CellError,
    parse_date,
    parse_datetime,
    parse_money,
    parse_percent,
    parse_quantity,
    parse_text,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 1, 0, 0), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        ("2026-03-01", dt.date(2026, 3, 1)),
        (" 2026-3-1 ", dt.date(2026, 3, 1)),
        ("2026-03-01 14:30", dt.date(2026, 3, 1)),
        ("1 Mar 2026", dt.date(2026, 3, 1)),
        ("March 1, 2026", dt.date(2026, 3, 1)),
    ],
)
def test_dates_people_type(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("03/04/2026", "day and month could be either way round"),
        ("3.4.2026", "either way round"),
        ("2026-02-30", "a real calendar date"),
        ("next Tuesday", "a date"),
        (46000, "the number 46000"),
        ("1890-01-01", "between 1990 and 2100"),
    ],
)
def test_ambiguous_or_wrong_dates_are_refused(value, fragment):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert fragment in caught.value.message


def test_datetimes():
    assert parse_datetime("2026-03-01 14:30") == dt.datetime(2026, 3, 1, 14, 30)
    assert parse_datetime(dt.date(2026, 3, 1)) == dt.datetime(2026, 3, 1)
    with pytest.raises(CellError):
        parse_datetime("2026-03-01 25:00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(120000, 120000.0), ("$120,000", 120000.0), ("USD 120,000.50", 120000.5), ("€ 1,200", 1200.0), ("1200", 1200.0)],
)
def test_amounts(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize("value", ["1,5", "12,34,567", "about 100k", "-$5", "$1e20", 1e13, True])
def test_bad_amounts(value):
    with pytest.raises(CellError):
        parse_money(value)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [("15%", None, 15.0), (0.15, "0%", 15.0), (0.155, "0.0%", 15.5), (15, None, 15.0), ("15", "General", 15.0)],
)
def test_percentages(value, number_format, expected):
    assert parse_percent(value, number_format) == pytest.approx(expected)


@pytest.mark.parametrize("value", [0.15, "0.15", "150%", "-5%"])
def test_ambiguous_or_impossible_percentages(value):
    with pytest.raises(CellError):
        parse_percent(value)


@pytest.mark.parametrize(("value", "expected"), [(60, 60.0), ("net 60", 60.0), ("60 days", 60.0), ("24 months", 24.0)])
def test_quantities(value, expected):
    assert parse_quantity(value) == expected


def test_text_keeps_content_and_refuses_huge_cells():
    assert parse_text("  {{ 7*7 }}  ") == "{{ 7*7 }}"
    assert parse_text(12.0) == "12"
    with pytest.raises(CellError):
        parse_text("x" * 50_000)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
)


@given(cell_values)
def test_parsers_either_return_or_explain(value):
    """No parser crashes: each returns a value of its type or raises CellError with a message."""
    for parser, kind in (
        (parse_date, dt.date),
        (parse_datetime, dt.datetime),
        (parse_money, float),
        (parse_percent, float),
        (parse_quantity, float),
        (parse_text, str),
    ):
        try:
            result = parser(value)
        except CellError as exc:
            assert exc.message
        else:
            assert isinstance(result, kind)


@given(st.integers(min_value=0, max_value=10**11))
def test_formatted_amount_round_trips(amount):
    assert parse_money(f"${amount:,}") == amount
    assert parse_money(f"{amount:,}") == amount


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_date_round_trips(day):
    assert parse_date(day.isoformat()) == day
