"""Cell parsers at their limits: at, just below and just above every bound, and each kind of value they take."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.workbook.cells import (
    MAX_AMOUNT,
    MAX_TEXT,
    CellError,
    is_blank,
    parse_date,
    parse_datetime,
    parse_id,
    parse_money,
    parse_number,
    parse_percent,
    parse_quantity,
    parse_text,
)


def refused(parser, value, *args, **kwargs) -> CellError:
    with pytest.raises(CellError) as caught:
        parser(value, *args, **kwargs)
    return caught.value


# --- dates: the years 1990 to 2100 --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["1990-01-01", "2100-12-31", "1990-01-01 00:00", "2100-12-31 23:59"])
def test_the_first_and_last_days_of_the_allowed_years_are_read(text):
    assert parse_date(text).isoformat() == text[:10]
    assert parse_datetime(text).date().isoformat() == text[:10]


@pytest.mark.parametrize("text", ["1989-12-31", "2101-01-01", "1989-12-31 23:59", "2101-01-01 00:00"])
def test_the_day_either_side_of_the_allowed_years_is_refused(text):
    for parser in (parse_date, parse_datetime):
        error = refused(parser, text)
        assert error.message == f"a date between 1990 and 2100, got {text!r}"
        assert error.hint == "check the year"


@pytest.mark.parametrize("text", ["2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10"])
def test_days_that_do_not_exist_are_refused(text):
    error = refused(parse_date, text)
    assert error.message == f"a real calendar date, got {text!r}"
    assert error.hint == "use an Excel date or ISO text like 2026-03-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2028-02-29", dt.date(2028, 2, 29)),  # a leap day
        ("31 Jan 2026", dt.date(2026, 1, 31)),
        ("1 March 2026", dt.date(2026, 3, 1)),
        ("Dec 31, 2026", dt.date(2026, 12, 31)),
        ("December 31 2026", dt.date(2026, 12, 31)),
        ("Dec 31 2026", dt.date(2026, 12, 31)),
        ("2026-03-01T08:15:59.5", dt.date(2026, 3, 1)),
    ],
)
def test_dates_in_words_and_iso_forms(text, expected):
    assert parse_date(text) == expected


def test_numbers_and_booleans_are_not_dates():
    assert refused(parse_date, 46000.5).message == "a date, got the number 46000.5"
    assert refused(parse_date, True).message == "a date, got the number True"
    assert (
        refused(parse_date, 46000).hint == "format the cell as a date, or use an Excel date or ISO text like 2026-03-01"
    )


def test_slashed_dates_are_refused_with_the_iso_hint():
    error = refused(parse_date, "12/31/2026")
    assert error.message == "an unambiguous date, got '12/31/2026' (day and month could be either way round)"
    assert error.hint == "use an Excel date or ISO text like 2026-03-01"


def test_long_text_is_shortened_in_the_message():
    text = "x" * 61
    assert refused(parse_date, text).message == f"a date, got '{'x' * 56}..."
    assert refused(parse_date, "x" * 58).message == f"a date, got {'x' * 58!r}"  # 60 characters with quotes


# --- times of day --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01 00:00", dt.datetime(2026, 3, 1, 0, 0)),
        ("2026-03-01 23:59:59", dt.datetime(2026, 3, 1, 23, 59, 59)),
        ("2026-03-01T9:05", dt.datetime(2026, 3, 1, 9, 5)),
        ("2026-03-01", dt.datetime(2026, 3, 1)),
        ("1 Mar 2026", dt.datetime(2026, 3, 1)),
    ],
)
def test_times_of_day_at_their_limits(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["2026-03-01 24:00", "2026-03-01 23:60", "2026-03-01 23:59:60"])
def test_times_just_past_their_limits_are_refused(text):
    error = refused(parse_datetime, text)
    assert error.message == f"a valid time of day, got {text!r}"


def test_datetime_cells_lose_their_zone_and_fraction_of_a_second():
    zoned = dt.datetime(2026, 3, 1, 14, 30, 15, 999, tzinfo=dt.UTC)
    assert parse_datetime(zoned) == dt.datetime(2026, 3, 1, 14, 30, 15)
    assert parse_datetime(zoned).tzinfo is None
    assert parse_datetime(dt.date(2026, 3, 1)) == dt.datetime(2026, 3, 1, 0, 0)
    assert refused(parse_datetime, dt.time(14, 30)).message == "a date and time, got only a time 14:30:00"
    assert refused(parse_datetime, 46000).message == "a date, got the number 46000"


# --- text and ids --------------------------------------------------------------------------------------------------
def test_text_of_the_longest_allowed_length_is_kept_and_one_more_character_is_refused():
    assert parse_text("x" * MAX_TEXT) == "x" * MAX_TEXT
    error = refused(parse_text, "x" * (MAX_TEXT + 1))
    assert error.message == f"text of {MAX_TEXT + 1:,} characters; at most {MAX_TEXT:,} are allowed"
    # Carriage returns take the slow path; the limit is the same there.
    assert parse_text("a\r\n" + "x" * (MAX_TEXT - 2)) == "a\n" + "x" * (MAX_TEXT - 2)
    refused(parse_text, "a\r\n" + "x" * (MAX_TEXT - 1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (dt.datetime(2026, 3, 1, 14, 30, 59), "2026-03-01 14:30"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        ("a\rb\r\nc", "a\nb\nc"),
        ("  padded  ", "padded"),
    ],
)
def test_text_from_each_kind_of_cell(value, expected):
    assert parse_text(value) == expected


def test_ids_of_80_characters_are_read_and_81_are_refused():
    assert parse_id("A" * 80) == "A" * 80
    assert refused(parse_id, "A" * 81).message == "an id of at most 80 characters, got 81"
    assert refused(parse_id, "AB-1\nAB-2").message == "an id on one line, got 'AB-1\\nAB-2'"


@pytest.mark.parametrize(("value", "blank"), [(None, True), ("", True), (" \t\n", True), (0, False), ("0", False)])
def test_blank_cells(value, blank):
    assert is_blank(value) is blank


# --- numbers and amounts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.5", 1234.5),
        ("12,345,678", 12345678.0),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234", 1234.0),
        (".5", 0.5),
        ("-.5", -0.5),
        ("-3", -3.0),
        (3, 3.0),
    ],
)
def test_numbers(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["1,5", "1234,567", "12,34", "1,2345", "1.2.3", "", True, float("nan"), float("inf")])
def test_numbers_that_need_a_guess_are_refused(value):
    refused(parse_number, value)


def test_the_largest_amount_is_read_and_anything_above_is_refused():
    assert parse_money(MAX_AMOUNT) == MAX_AMOUNT
    assert parse_money(-MAX_AMOUNT, allow_negative=True) == -MAX_AMOUNT
    assert refused(parse_money, MAX_AMOUNT + 1).message == "a plausible amount, got 1,000,000,000,001"
    assert refused(parse_money, "$1,000,000,000,001").hint == "check for extra digits"
    assert parse_money("$1,000,000,000,000") == MAX_AMOUNT


def test_zero_is_an_amount_and_negative_amounts_need_permission():
    assert parse_money(0) == 0.0
    assert parse_money("$0") == 0.0
    assert refused(parse_money, -0.01).message == "an amount of zero or more, got -0.01"
    assert refused(parse_money, "-$5").message == "an amount of zero or more, got -5.00"
    assert parse_money("-$5", allow_negative=True) == -5.0
    assert parse_money("$-5", allow_negative=True) == -5.0
    assert parse_money("-5", allow_negative=True) == -5.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("120000 USD", 120000.0), ("usd 1,200", 1200.0), ("£ 1,200.25", 1200.25), ("¥.5", 0.5), ("$\u00a01,200", 1200.0)],
)
def test_amount_text_with_currencies(text, expected):
    assert parse_money(text) == expected


def test_a_bad_amount_explains_how_to_write_one():
    error = refused(parse_money, "1,5")
    assert (error.message, error.hint) == ("an amount, got '1,5'", "write a number or text like $120,000")


# --- percentages ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        ("0%", None, 0.0),
        ("100%", None, 100.0),
        (0, None, 0.0),
        (1, None, 1.0),  # 1 is not a fraction: one percent
        (100, None, 100.0),
        (1, "0%", 100.0),
        (0, "0.0%", 0.0),
        ("1", None, 1.0),
        ("15 %", None, 15.0),
        (15.1234564, None, 15.123456),
    ],
)
def test_percentages_at_their_limits(value, number_format, expected):
    assert parse_percent(value, number_format) == expected


@pytest.mark.parametrize(
    ("value", "number_format"), [("100.1%", None), (101, None), (1.001, "0%"), ("-1%", None), (-1, None)]
)
def test_percentages_outside_0_to_100_are_refused(value, number_format):
    assert refused(parse_percent, value, number_format).message.startswith("a percentage from 0% to 100%, got ")


@pytest.mark.parametrize("value", [0.5, "0.5", 0.999, 0.001])
def test_fractions_between_0_and_1_are_ambiguous(value):
    error = refused(parse_percent, value)
    assert error.message.startswith(f"a percentage, got {float(value):g}, which could mean")
    assert error.hint == "write 15% or 15, or format the cell as a percentage"


# --- quantities ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0.0), (10_000, 10_000.0), ("NET 30", 30.0), ("1 day", 1.0), ("2 mo", 2.0), ("7d", 7.0), ("1.5 months", 1.5)],
)
def test_quantities_at_their_limits(value, expected):
    assert parse_quantity(value) == expected


@pytest.mark.parametrize("value", [-1, 10_000.5, "-1 days", "10001"])
def test_quantities_outside_0_to_10000_are_refused(value):
    assert refused(parse_quantity, value).message.startswith("a number from 0 to 10,000, got ")


def test_quantities_in_other_words_are_refused_with_a_hint():
    error = refused(parse_quantity, "sixty days")
    assert (error.message, error.hint) == ("a number of days or months, got 'sixty days'", "write a number such as 60")


def test_a_refusal_without_a_hint_has_an_empty_hint_and_reads_as_its_message():
    error = CellError("a number, got 'many'")
    assert (error.message, error.hint, str(error)) == ("a number, got 'many'", "", "a number, got 'many'")
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("value", ["many", True, float("inf")])
def test_a_number_refused_says_how_to_write_one(value):
    assert refused(parse_number, value).hint == "write a plain number such as 12 or 1,250.5"


def test_an_id_over_two_lines_says_to_remove_the_break():
    assert refused(parse_id, "ACC-1\nACC-2").hint == "remove the line break from the cell"


def test_values_in_messages_are_quoted_when_text_and_shortened_past_60_characters():
    assert refused(parse_number, "x" * 58).message == f"a number, got '{'x' * 58}'"  # 60 with the quotes
    assert refused(parse_number, "x" * 59).message == f"a number, got '{'x' * 56}..."  # 61: cut to 57 and "..."
    assert refused(parse_date, 1.5).message == "a date, got the number 1.5"  # a number is not quoted
    assert refused(parse_date, "2026-02-30").message == "a real calendar date, got '2026-02-30'"


def test_every_refusal_carries_its_exact_hint():
    assert refused(parse_date, "next Tuesday").hint == "use an Excel date or ISO text like 2026-03-01"
    assert refused(parse_datetime, dt.time(9, 0)).hint == "use 2026-03-01 14:30"
    error = refused(parse_datetime, "2026-03-01 24:00")
    assert error.hint == "use 24-hour time, e.g. 2026-03-01 14:30"
    assert refused(parse_text, "x" * (MAX_TEXT + 1)).hint == "keep long notes in a document and paste a link"
    error = refused(parse_number, float("nan"))
    assert (error.message, error.hint) == (
        "a number, got a value that is not a finite number",
        "write a plain number such as 12 or 1,250.5",
    )


def test_negative_numbers_are_grouped_by_three_after_the_sign():
    assert parse_number("-123,456") == -123456.0
    assert parse_number("-1,234,567.5") == -1234567.5
    refused(parse_number, "-1234,567")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 200", 1200.0), ("$ 1 200", 1200.0), ("1\u00a0200", 1200.0), ("USD1,200", 1200.0), ("usd1,200", 1200.0)],
)
def test_amount_text_with_spaces_inside_or_a_code_in_either_case(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize(("text", "day"), [("31 Dec 1989", "1989-12-31"), ("1 January 2101", "2101-01-01")])
def test_a_date_in_words_either_side_of_the_allowed_years_is_refused_as_written(text, day):
    for parser in (parse_date, parse_datetime):
        error = refused(parser, text)
        assert error.message == f"a date between 1990 and 2100, got {text!r}"
        assert error.hint == "check the year"


@pytest.mark.parametrize("day", [dt.date(1989, 12, 31), dt.date(2101, 1, 1)])
def test_a_date_cell_either_side_of_the_allowed_years_is_refused_by_its_day(day):
    for parser in (parse_date, parse_datetime):
        assert refused(parser, day).message == f"a date between 1990 and 2100, got {day.isoformat()}"
    moment = dt.datetime.combine(day, dt.time(12, 0))
    assert refused(parse_date, moment).message == f"a date between 1990 and 2100, got {day.isoformat()}"


@pytest.mark.parametrize(
    ("text", "day"), [("1 Jan 1990", dt.date(1990, 1, 1)), ("31 December 2100", dt.date(2100, 12, 31))]
)
def test_a_date_in_words_on_the_first_and_last_allowed_day_is_read(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(("parser", "text"), [(parse_text, "ab\x07c"), (parse_id, "AB\x07C")])
def test_an_invisible_character_is_refused_with_where_it_is_and_how_to_fix_it(parser, text):
    error = refused(parser, text)
    assert error.message == f"text without the control character U+0007 (found at character 3), got {text!r}"
    assert error.hint == "delete the invisible character (retype the text if unsure)"
