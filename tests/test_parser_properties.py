"""Property tests that say what holds when parsing succeeds: values round-trip, results stay inside their limits,
and every row read is either loaded once or reported at its own row."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.problems import ProblemLog
from macros.workbook.cells import (
    MAX_AMOUNT,
    MAX_TEXT,
    CellError,
    parse_date,
    parse_datetime,
    parse_id,
    parse_money,
    parse_percent,
    parse_quantity,
    parse_text,
)
from macros.workbook.columns import SHEETS
from macros.workbook.loader import build_log

from .test_properties import POLICY, raw_workbooks

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
)


def ok(parser, value, *args, **kwargs):
    try:
        return True, parser(value, *args, **kwargs)
    except CellError as exc:
        assert exc.message  # a refusal always says what was expected
        return False, None


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), st.times())
def test_iso_text_round_trips_through_dates_and_datetimes(day, time):
    moment = dt.datetime.combine(day, time.replace(microsecond=0))
    assert parse_date(day.isoformat()) == day
    assert parse_datetime(moment.isoformat(sep=" ")) == moment
    assert parse_datetime(moment.isoformat(sep="T")) == moment
    assert parse_datetime(moment.strftime("%Y-%m-%d %H:%M")) == moment.replace(second=0)
    assert parse_date(day.strftime("%d %b %Y")) == day


@given(st.text(min_size=1, max_size=60))
def test_a_date_read_from_text_is_within_the_allowed_years(text):
    accepted, day = ok(parse_date, text)
    if accepted:
        assert 1990 <= day.year <= 2100


@given(cells)
def test_text_is_stripped_one_line_ending_style_and_stable(value):
    accepted, text = ok(parse_text, value)
    if accepted:
        assert text == text.strip()
        assert "\r" not in text
        assert len(text) <= MAX_TEXT
        assert parse_text(text) == text


@given(st.text(max_size=100))
def test_ids_are_one_line_of_at_most_80_characters(value):
    accepted, text = ok(parse_id, value)
    if accepted:
        assert "\n" not in text and len(text) <= 80
        assert text == value.replace("\r\n", "\n").replace("\r", "\n").strip()


@given(st.integers(min_value=0, max_value=10**14), st.sampled_from(["${:,}", "{:,}", "USD {:,}", "{:,} EUR", "£{}"]))
def test_amount_text_round_trips_to_the_cent(cents, pattern):
    amount = cents / 100
    text = pattern.format(amount) if "," not in pattern else pattern.replace("{:,}", f"{amount:,.2f}")
    accepted, parsed = ok(parse_money, text)
    assert accepted is (amount <= MAX_AMOUNT)
    if accepted:
        assert parsed == round(amount, 2)


@given(cells, st.booleans())
def test_amounts_stay_inside_their_limits(value, allow_negative):
    accepted, amount = ok(parse_money, value, allow_negative=allow_negative)
    if accepted:
        assert abs(amount) <= MAX_AMOUNT
        assert allow_negative or amount >= 0


@given(cells, st.sampled_from([None, "General", "0%", "0.00%"]))
def test_percentages_are_between_0_and_100(value, number_format):
    accepted, percent = ok(parse_percent, value, number_format)
    if accepted:
        assert 0 <= percent <= 100


@given(st.integers(min_value=0, max_value=100))
def test_whole_percentages_round_trip_in_each_spelling(points):
    assert parse_percent(f"{points}%") == points
    assert parse_percent(points / 100, "0%") == points
    if points >= 1:
        assert parse_percent(points) == points


@given(cells)
def test_quantities_are_between_0_and_10000(value):
    accepted, quantity = ok(parse_quantity, value)
    if accepted:
        assert 0 <= quantity <= 10_000


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["{}", "net {}", "{} days", "{} months", "{}d"]))
def test_quantity_text_round_trips(number, pattern):
    assert parse_quantity(pattern.format(number)) == number


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_workbooks())
def test_each_row_read_is_loaded_once_or_has_an_error_at_its_row(raw):
    log = ProblemLog()
    result = build_log(raw, POLICY, log)
    attrs = {"Accounts": "accounts", "Escalations": "escalations", "Actions": "actions"}
    attrs |= {"Commitments": "commitments", "Updates": "updates", "Reviews": "reviews", "Approvals": "approvals"}
    for sheet in SHEETS:
        loaded = [r.row for r in getattr(result, attrs[sheet.name])]
        read = [r.row for r in raw[sheet.name].rows]
        assert len(loaded) == len(set(loaded)), f"{sheet.name}: a row loaded twice"
        assert set(loaded) <= set(read)
        errored = {int(m.group(1)) for p in log.errors if (m := re.match(rf"^{sheet.name}![A-Z]+(\d+)$", p.location))}
        count = result.counts[sheet.name]
        assert (count.read, count.loaded, count.in_error) == (len(read), len(loaded), len(read) - len(loaded))
        assert set(read) - set(loaded) <= errored
    # Loaded ids are the cell's text, trimmed: nothing is renamed on the way in.
    for account in result.accounts:
        (raw_row,) = [r for r in raw["Accounts"].rows if r.row == account.row]
        assert account.account_id == parse_id(raw_row.cells["account_id"].value)
