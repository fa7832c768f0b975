"""Business clock: business days, deadlines and elapsed time on a business calendar.

Expected values are worked out by hand. The Chicago calendar mirrors the sample policy (Mon–Fri 08:30–17:30, a
9-hour business day, US public holidays, winter-shutdown closures on 2025-12-26 and 2026-12-24). Holidays used,
as the `holidays` library gives them: 2025-11-27 Thanksgiving (Thu), 2025-12-25 Christmas (Thu), 2026-07-03
Independence Day observed (Fri; 4 July is a Saturday), 2026-11-26 Thanksgiving, 2026-12-25 Christmas (Fri),
2027-01-01 New Year's Day (Fri). DST in Chicago: 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00.
The Berlin calendar is Mon–Fri 09:00–17:00 (8 hours) with Bavarian (DE-BY) holidays; Berlin springs forward on
2026-03-29.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from macros.analysis.business_time import BusinessClock
from macros.policy.common import Duration
from macros.policy.organisation import BusinessCalendar


def D(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def dur(text: str) -> Duration:
    return Duration.model_validate(text)


@pytest.fixture(scope="module")
def chicago() -> BusinessClock:
    return BusinessClock(
        BusinessCalendar(
            timezone="America/Chicago",
            day_starts=dt.time(8, 30),
            day_ends=dt.time(17, 30),
            holidays={"country": "US"},
            closures=[
                {"date": dt.date(2025, 12, 26), "name": "Winter shutdown"},
                {"date": dt.date(2026, 12, 24), "name": "Winter shutdown"},
            ],
        )
    )


@pytest.fixture(scope="module")
def berlin() -> BusinessClock:
    return BusinessClock(BusinessCalendar(timezone="Europe/Berlin", holidays={"country": "DE", "subdivision": "BY"}))


# --- business days ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-09", True),  # Monday
        ("2026-03-07", False),  # Saturday
        ("2026-03-08", False),  # Sunday
        ("2026-07-03", False),  # Independence Day (observed)
        ("2026-07-02", True),
        ("2026-07-06", True),
        ("2025-11-27", False),  # Thanksgiving
        ("2025-11-28", True),  # the day after is not a US federal holiday
        ("2025-12-26", False),  # company closure
        ("2026-12-24", False),  # company closure
        ("2026-12-23", True),
        ("2030-07-04", False),  # a Thursday: far years are loaded on demand
        ("2030-07-05", True),
    ],
)
def test_is_business_day_chicago(chicago, day, expected):
    assert chicago.is_business_day(dt.date.fromisoformat(day)) is expected


def test_holidays_come_from_the_library_and_closures_from_the_policy(chicago):
    assert "Independence Day" in chicago.closed_reason(dt.date(2026, 7, 3))
    assert chicago.closed_reason(dt.date(2025, 11, 27)) == "Thanksgiving Day"
    assert chicago.closed_reason(dt.date(2025, 12, 26)) == "Winter shutdown"
    assert chicago.closed_reason(dt.date(2026, 7, 2)) is None
    without_holidays = BusinessClock(BusinessCalendar(timezone="America/Chicago"))
    assert without_holidays.is_business_day(dt.date(2026, 7, 3))


def test_subdivision_holidays(berlin):
    # Epiphany is a holiday in Bavaria but not nationally.
    national = BusinessClock(BusinessCalendar(timezone="Europe/Berlin", holidays={"country": "DE"}))
    assert not berlin.is_business_day(dt.date(2026, 1, 6))
    assert national.is_business_day(dt.date(2026, 1, 6))
    assert berlin.add(D("2026-01-05 15:00"), dur("4 business hours")) == D("2026-01-07 11:00")
    assert national.add(D("2026-01-05 15:00"), dur("4 business hours")) == D("2026-01-06 11:00")


def test_unknown_country_is_reported_at_construction():
    with pytest.raises(ValueError, match="holidays library"):
        BusinessClock(BusinessCalendar(timezone="UTC", holidays={"country": "XX"}))


def test_other_working_week():
    # A Sunday–Thursday week: Friday and Saturday are the weekend.
    clock = BusinessClock(
        BusinessCalendar(timezone="Asia/Dubai", working_days=["sunday", "monday", "tuesday", "wednesday", "thursday"])
    )
    assert not clock.is_business_day(dt.date(2026, 3, 13))  # Friday
    assert clock.is_business_day(dt.date(2026, 3, 15))  # Sunday
    assert clock.add(D("2026-03-12 16:00"), dur("2 business hours")) == D("2026-03-15 10:00")


# --- adding business hours ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # 1.5 h on Friday, 2.5 h on Monday.
        ("2026-03-06 16:00", "4 business hours", "2026-03-09 11:00"),
        # Friday 3 July is the observed Independence Day.
        ("2026-07-02 16:00", "4 business hours", "2026-07-06 11:00"),
        # 2 h on Wednesday, Thanksgiving skipped, 6 h on Friday.
        ("2025-11-26 15:30", "8 business hours", "2025-11-28 14:30"),
        # 0.5 h on Wednesday; Christmas (Thu), the closure (Fri) and the weekend skipped.
        ("2025-12-24 17:00", "1 business hour", "2025-12-29 09:00"),
        # Before opening: counting starts at 08:30.
        ("2026-03-10 07:00", "2 business hours", "2026-03-10 10:30"),
        # After closing: counting starts at the next opening.
        ("2026-03-10 19:00", "2 business hours", "2026-03-11 10:30"),
        # On a Saturday: counting starts on Monday.
        ("2026-03-14 12:00", "2 business hours", "2026-03-16 10:30"),
        # A whole business day ends at that day's close, not at the next opening.
        ("2026-03-10 08:30", "9 business hours", "2026-03-10 17:30"),
        # 7.5 h Monday, 9 h Tuesday, 3.5 h Wednesday.
        ("2026-03-09 10:00", "20 business hours", "2026-03-11 12:00"),
        ("2026-03-09 10:00", "0.25 business hours", "2026-03-09 10:15"),
    ],
)
def test_add_business_hours(chicago, start, duration, expected):
    assert chicago.add(D(start), dur(duration)) == D(expected)


# --- adding business days -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-03-09 10:00", "1 business day", "2026-03-10 10:00"),
        # Friday to Monday, same time of day.
        ("2026-03-06 16:00", "1 business day", "2026-03-09 16:00"),
        # Over the observed Independence Day.
        ("2026-07-02 10:00", "1 business day", "2026-07-06 10:00"),
        # Fri 28 Nov is the first, Mon 1 Dec the second (Thanksgiving skipped).
        ("2025-11-26 10:00", "2 business days", "2025-12-01 10:00"),
        # Outside hours the count starts at the next opening (Saturday → Monday 08:30).
        ("2026-03-14 12:00", "1 business day", "2026-03-17 08:30"),
        ("2026-03-10 18:00", "1 business day", "2026-03-12 08:30"),
        ("2026-03-10 17:30", "1 business day", "2026-03-12 08:30"),  # closing time is outside hours
        ("2026-03-10 07:00", "1 business day", "2026-03-11 08:30"),
        # A fraction is that share of a 9-hour day: Tuesday 10:00 + 4.5 business hours.
        ("2026-03-09 10:00", "1.5 business days", "2026-03-10 14:30"),
        # More than a week: Tue 24, Wed 25, Fri 27 (Thanksgiving 26), Mon 30, Dec 1–4, Mon 7, Tue 8.
        ("2026-11-23 10:00", "10 business days", "2026-12-08 10:00"),
        # Across the new year: closure 24 Dec, Christmas 25 Dec and New Year's Day 2027 skipped.
        ("2026-12-21 10:00", "10 business days", "2027-01-07 10:00"),
    ],
)
def test_add_business_days(chicago, start, duration, expected):
    assert chicago.add(D(start), dur(duration)) == D(expected)


def test_business_days_in_berlin(berlin):
    # Good Friday (3 Apr) and Easter Monday (6 Apr) are holidays.
    assert berlin.add(D("2026-04-02 10:00"), dur("1 business day")) == D("2026-04-07 10:00")
    assert berlin.add(D("2026-03-09 09:00"), dur("8 business hours")) == D("2026-03-09 17:00")


# --- calendar time and DST ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Spring forward: 24 real hours end at 13:00 local.
        ("2026-03-07 12:00", "24 hours", "2026-03-08 13:00"),
        # Fall back: 24 real hours end at 11:00 local.
        ("2026-10-31 12:00", "24 hours", "2026-11-01 11:00"),
        # 02:00–03:00 does not exist on 8 March.
        ("2026-03-08 01:30", "1 hour", "2026-03-08 03:30"),
        # A calendar day keeps the wall-clock time (23 real hours here).
        ("2026-03-07 12:00", "1 day", "2026-03-08 12:00"),
        # ...and a wall-clock time that does not exist moves to the real time it means.
        ("2026-03-07 02:30", "1 day", "2026-03-08 03:30"),
        # Half a day is 12 real hours after the whole day.
        ("2026-03-07 12:00", "1.5 days", "2026-03-09 00:00"),
        # Hours ignore business hours and weekends.
        ("2026-03-06 16:00", "48 hours", "2026-03-08 17:00"),
    ],
)
def test_add_calendar_time_chicago(chicago, start, duration, expected):
    assert chicago.add(D(start), dur(duration)) == D(expected)


def test_calendar_hours_in_berlin(berlin):
    # Berlin springs forward three weeks after Chicago.
    assert berlin.add(D("2026-03-07 12:00"), dur("24 hours")) == D("2026-03-08 12:00")
    assert berlin.add(D("2026-03-28 12:00"), dur("24 hours")) == D("2026-03-29 13:00")
    assert berlin.elapsed(D("2026-03-28 12:00"), D("2026-03-29 12:00"), "hours") == 23


def test_aware_datetimes_are_read_in_the_calendar_zone(chicago):
    utc_start = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)  # 10:00 in Chicago (CDT, UTC−5)
    assert chicago.add(utc_start, dur("1 business hour")) == D("2026-03-09 11:00")


# --- elapsed ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "unit", "expected"),
    [
        ("2026-03-06 16:00", "2026-03-09 11:00", "business_hours", 4.0),
        ("2026-07-02 16:00", "2026-07-06 11:00", "business_hours", 4.0),  # holiday not counted
        ("2025-12-24 17:00", "2025-12-29 09:00", "business_hours", 1.0),  # holiday and closure not counted
        ("2026-03-14 12:00", "2026-03-16 10:30", "business_hours", 2.0),  # weekend start counts from Monday
        ("2026-03-10 19:00", "2026-03-11 08:00", "business_hours", 0.0),  # overnight: no working time
        ("2026-03-09 11:00", "2026-03-06 16:00", "business_hours", -4.0),  # reversed
        ("2026-03-09 10:00", "2026-03-10 10:00", "business_days", 1.0),
        ("2026-03-06 16:00", "2026-03-09 16:00", "business_days", 1.0),
        ("2026-07-02 10:00", "2026-07-06 10:00", "business_days", 1.0),
        ("2026-03-09 10:00", "2026-03-10 14:30", "business_days", 1.5),
        ("2026-03-07 12:00", "2026-03-08 12:00", "hours", 23.0),  # spring forward
        ("2026-10-31 12:00", "2026-11-01 12:00", "hours", 25.0),  # fall back
        ("2026-03-07 12:00", "2026-03-08 12:00", "days", 1.0),
        ("2026-03-07 12:00", "2026-03-09 00:00", "days", 1.5),
        ("2026-03-08 12:00", "2026-03-07 12:00", "days", -1.0),
    ],
)
def test_elapsed(chicago, start, end, unit, expected):
    assert chicago.elapsed(D(start), D(end), unit) == pytest.approx(expected)


ROUND_TRIP_STARTS = [
    "2026-03-09 10:00",  # inside hours
    "2026-03-06 16:45",  # late on a Friday
    "2026-03-10 07:00",  # before opening
    "2026-03-10 19:00",  # after closing
    "2026-03-14 12:00",  # Saturday
    "2026-07-02 17:00",  # before a holiday
    "2025-12-23 12:00",  # before Christmas and the closure
    "2026-03-07 12:00",  # the day before spring forward
    "2026-10-31 23:30",  # the night of fall back
]
ROUND_TRIP_DURATIONS = [
    "3 business hours",
    "9 business hours",
    "40.5 business hours",
    "1 business day",
    "2.25 business days",
    "30 business days",
    "24 hours",
    "36.5 hours",
    "1 day",
    "2.5 days",
]


@pytest.mark.parametrize("start", ROUND_TRIP_STARTS)
@pytest.mark.parametrize("duration", ROUND_TRIP_DURATIONS)
def test_elapsed_inverts_add(chicago, start, duration):
    d = dur(duration)
    deadline = chicago.add(D(start), d)
    assert deadline > D(start)
    assert chicago.elapsed(D(start), deadline, d.unit) == pytest.approx(d.amount)


def test_business_hours_deadline_is_the_earliest_moment_with_that_much_working_time(chicago):
    # Monday 08:30 + 9 business hours is Monday's close; the next opening carries the same amount of working time.
    start = D("2026-03-09 08:30")
    assert chicago.add(start, dur("9 business hours")) == D("2026-03-09 17:30")
    assert chicago.elapsed(start, D("2026-03-10 08:30"), "business_hours") == 9
    assert chicago.elapsed(start, D("2026-03-09 17:29"), "business_hours") < 9


# --- the "due soon" horizon ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-03-09 12:00", "2026-03-10 17:30"),  # Monday → Tuesday's close
        ("2026-03-09 23:59", "2026-03-10 17:30"),
        ("2026-03-13 12:00", "2026-03-16 17:30"),  # Friday → Monday's close
        ("2026-03-14 12:00", "2026-03-16 17:30"),  # Saturday → Monday's close
        ("2026-07-02 10:00", "2026-07-06 17:30"),  # Thursday before the observed holiday → Monday
    ],
)
def test_next_business_day_end(chicago, moment, expected):
    assert chicago.next_business_day_end(D(moment)) == D(expected)


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("2026-03-09 23:00", False),  # already passed
        ("2026-03-10 09:00", True),
        ("2026-03-10 17:30", True),  # the close of the next business day
        ("2026-03-11 08:00", True),  # overnight: no working time after Tuesday's close
        ("2026-03-11 08:31", False),  # one minute of Wednesday's working time
        ("2026-03-12 10:00", False),
    ],
)
def test_due_within_next_business_day(chicago, deadline, expected):
    as_of = D("2026-03-09 23:59")
    assert chicago.due_within_next_business_day(as_of, D(deadline)) is expected


# --- the fast paths agree with counting day by day ----------------------------------------------------------------
def test_week_jumps_agree_with_day_by_day_counting(chicago):
    def count_slowly(first: dt.date, stop: dt.date) -> int:
        return sum(chicago.is_business_day(first + dt.timedelta(days=i)) for i in range((stop - first).days))

    def shift_slowly(day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            n -= chicago.is_business_day(day)
        return day

    rng = random.Random(20260309)  # noqa: S311 - a fixed seed for reproducible sample dates
    for _ in range(400):
        first = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        stop = first + dt.timedelta(days=rng.randrange(900))
        n = rng.randrange(1, 300)
        assert chicago.count_business_days(first, stop) == count_slowly(first, stop)
        assert chicago.shift_business_days(first, n) == shift_slowly(first, n)


def test_sample_policy_calendar(sample_policy):
    clock = BusinessClock(sample_policy.organisation.calendar)
    assert not clock.is_business_day(dt.date(2025, 12, 26))
    assert clock.add(D("2026-07-02 16:00"), dur("4 business hours")) == D("2026-07-06 11:00")
