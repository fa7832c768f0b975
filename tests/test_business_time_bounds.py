"""Business time at its edges: the opening and closing instants, the last minute of a day, zero and negative
durations, the week-jump threshold, year ends and the "due soon" horizon to the microsecond.

Calendar: America/Chicago, Mon–Fri 08:30–17:30, US public holidays (2026-07-03 is the observed Independence Day,
2027-01-01 New Year's Day). 2026-03-09 is a Monday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.business_time import BusinessClock
from macros.policy.common import Duration
from macros.policy.organisation import BusinessCalendar

US = dt.timedelta(microseconds=1)


def D(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def dur(text: str) -> Duration:
    amount, unit = text.split(" ", 1)
    if float(amount) == 0:  # the policy never says zero; the clock still has to answer it
        return Duration.model_construct(amount=0.0, unit=unit.replace(" ", "_") + ("s" if unit.endswith("day") else ""))
    return Duration.model_validate(text)


@pytest.fixture(scope="module")
def clock() -> BusinessClock:
    return BusinessClock(
        BusinessCalendar(
            timezone="America/Chicago", day_starts=dt.time(8, 30), day_ends=dt.time(17, 30), holidays={"country": "US"}
        )
    )


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-03-09 08:30", "1 business day", "2026-03-10 08:30"),  # at opening
        ("2026-03-09 08:29", "1 business day", "2026-03-10 08:30"),  # a minute before: from the opening
        ("2026-03-09 17:29", "1 business day", "2026-03-10 17:29"),  # the last minute of the day
        ("2026-03-09 17:30", "1 business day", "2026-03-11 08:30"),  # at closing: from the next opening
        ("2026-03-13 16:00", "1 business day", "2026-03-16 16:00"),  # Friday → Monday
        ("2026-07-02 10:00", "1 business day", "2026-07-06 10:00"),  # over the observed holiday
        ("2026-03-09 10:00", "5 business days", "2026-03-16 10:00"),  # a week's worth: no week jump
        ("2026-03-09 10:00", "6 business days", "2026-03-17 10:00"),  # one more: the jump path
        ("2026-03-09 10:00", "10 business days", "2026-03-23 10:00"),
        ("2026-12-31 10:00", "1 business day", "2027-01-04 10:00"),  # New Year's Day, then the weekend
        ("2026-03-09 10:00", "0.5 business days", "2026-03-09 14:30"),
        ("2026-03-09 10:00", "0 business days", "2026-03-09 10:00"),
        ("2026-03-14 12:00", "0 business days", "2026-03-16 08:30"),  # a Saturday rolls to Monday's opening
    ],
)
def test_business_days_at_the_edges_of_the_day(clock, start, duration, expected):
    assert clock.add(D(start), dur(duration)) == D(expected)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-03-09 16:30", "1 business hour", "2026-03-09 17:30"),  # ends exactly at closing, same day
        ("2026-03-09 16:31", "1 business hour", "2026-03-10 08:31"),
        ("2026-03-09 17:30", "1 business hour", "2026-03-10 09:30"),
        ("2026-03-09 08:00", "1 business hour", "2026-03-09 09:30"),
        ("2026-03-09 08:30", "9 business hours", "2026-03-09 17:30"),  # one whole day
        ("2026-03-09 08:30", "18 business hours", "2026-03-10 17:30"),
        ("2026-07-02 17:00", "1 business hour", "2026-07-06 09:00"),  # half an hour Thursday, half Monday
        ("2026-03-14 12:00", "0 business hours", "2026-03-14 12:00"),  # nothing to add: the moment itself
    ],
)
def test_business_hours_at_the_edges_of_the_day(clock, start, duration, expected):
    assert clock.add(D(start), dur(duration)) == D(expected)


def test_a_negative_duration_is_refused(clock):
    with pytest.raises(ValueError, match="cannot be negative"):
        clock.add(D("2026-03-09 10:00"), Duration.model_construct(amount=-1, unit="business_hours"))


def test_an_unknown_unit_is_refused(clock):
    with pytest.raises(ValueError, match="unknown duration unit 'weeks'"):
        clock.add(D("2026-03-09 10:00"), Duration.model_construct(amount=1, unit="weeks"))
    with pytest.raises(ValueError, match="unknown duration unit 'weeks'"):
        clock.elapsed(D("2026-03-09 10:00"), D("2026-03-10 10:00"), "weeks")


@pytest.mark.parametrize(
    ("first", "stop", "count"),
    [
        ("2026-03-09", "2026-03-09", 0),
        ("2026-03-10", "2026-03-09", 0),
        ("2026-03-09", "2026-03-10", 1),
        ("2026-03-09", "2026-03-16", 5),
        ("2026-03-14", "2026-03-16", 0),  # a weekend
        ("2026-12-31", "2027-01-02", 1),  # the year end: New Year's Day is off
        ("2026-07-01", "2026-07-07", 3),  # 1, 2 and 6 July
    ],
)
def test_counting_business_days_half_open(clock, first, stop, count):
    assert clock.count_business_days(dt.date.fromisoformat(first), dt.date.fromisoformat(stop)) == count


def test_shifting_by_business_days(clock):
    assert clock.shift_business_days(dt.date(2026, 3, 13), 1) == dt.date(2026, 3, 16)
    assert clock.shift_business_days(dt.date(2026, 6, 26), 6) == dt.date(2026, 7, 7)  # skips 3 July
    with pytest.raises(ValueError, match="at least 1"):
        clock.shift_business_days(dt.date(2026, 3, 9), 0)


@pytest.mark.parametrize(
    ("as_of", "deadline", "expected"),
    [
        ("2026-03-09 10:00", "2026-03-09 10:00", True),  # due this instant
        ("2026-03-09 10:00", "2026-03-09 09:59:59.999999", False),  # already passed
        ("2026-03-09 10:00", "2026-03-10 17:30", True),  # the close of the next business day
        ("2026-03-09 10:00", "2026-03-10 17:31", True),  # no working time between that close and ...
        ("2026-03-09 10:00", "2026-03-11 08:30", True),  # ... the following opening
        ("2026-03-09 10:00", "2026-03-11 08:30:00.000001", False),
        ("2026-03-13 10:00", "2026-03-16 17:30", True),  # Friday: Monday's close
        ("2026-03-13 10:00", "2026-03-17 08:31", False),
    ],
)
def test_the_due_soon_horizon_to_the_microsecond(clock, as_of, deadline, expected):
    assert clock.due_within_next_business_day(D(as_of), D(deadline)) is expected


@pytest.mark.parametrize(
    ("start", "end", "unit", "expected"),
    [
        ("2026-03-10 09:30", "2026-03-09 17:30", "business_hours", -1.0),
        ("2026-03-09 17:30", "2026-03-10 08:30", "business_hours", 0.0),
        ("2026-03-14 09:00", "2026-03-15 17:00", "business_days", 0.0),
        ("2026-03-09 08:30", "2026-03-10 13:00", "business_days", 1.5),
        ("2026-03-08 13:00", "2026-03-07 12:00", "days", -(1 + 1 / 24)),  # a day and one real hour back
        ("2026-03-07 12:00", "2026-03-08 13:00", "hours", 24.0),
    ],
)
def test_elapsed_at_the_edges(clock, start, end, unit, expected):
    assert clock.elapsed(D(start), D(end), unit) == pytest.approx(expected)
