"""The one function that turns a day into "in N days", "N days ago", "overdue" or "this week"."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.relative_dates import (
    WEEK_DAYS,
    RelativeDay,
    days_from,
    horizon_of,
    is_overdue,
    phrase,
    relative_to,
)
from macros.render.formats import relative_days

AS_OF = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (2, "in 2 days"),
        (-2, "2 days ago"),
        (1500, "in 1,500 days"),
        (-1500, "1,500 days ago"),
    ],
)
def test_phrase_for_every_kind_of_day(days, expected):
    assert RelativeDay(days).phrase == expected
    assert phrase(days) == expected
    assert relative_days(days) == expected


def test_no_day_reads_as_a_dash():
    assert phrase(None) == "—"
    assert relative_days(None) == "—"
    assert relative_to(None, AS_OF) is None
    assert days_from(None, AS_OF) is None
    assert is_overdue(None, AS_OF) is False


def test_days_count_from_the_as_of_date_and_moments_count_by_their_day():
    assert relative_to(dt.date(2026, 7, 10), AS_OF) == RelativeDay(10)
    assert relative_to(dt.datetime(2026, 6, 29, 23, 59), AS_OF) == RelativeDay(-1)
    assert relative_to(dt.date(2026, 6, 30), dt.datetime(2026, 6, 30, 8, 0)) == RelativeDay(0)
    assert days_from(dt.date(2026, 1, 1), AS_OF) == -180


def test_overdue_means_due_before_the_as_of_date_not_on_it():
    assert is_overdue(dt.date(2026, 6, 29), AS_OF)
    assert not is_overdue(AS_OF, AS_OF)
    assert not is_overdue(dt.date(2026, 7, 1), AS_OF)
    assert RelativeDay(-1).overdue and not RelativeDay(0).overdue


def test_this_week_is_the_as_of_date_and_the_seven_days_after():
    assert WEEK_DAYS == 7
    assert RelativeDay(0).this_week and RelativeDay(WEEK_DAYS).this_week
    assert not RelativeDay(WEEK_DAYS + 1).this_week
    assert not RelativeDay(-1).this_week
    assert horizon_of(AS_OF) == dt.date(2026, 7, 7)
    assert horizon_of(AS_OF, 30) == dt.date(2026, 7, 30)


def test_windows_forward_backward_and_due_by():
    assert RelativeDay(5).within(5) and not RelativeDay(6).within(5) and not RelativeDay(-1).within(5)
    assert RelativeDay(-30).within_past(30) and RelativeDay(0).within_past(30)
    assert not RelativeDay(-31).within_past(30) and not RelativeDay(1).within_past(30)
    assert RelativeDay(-400).due_within(7) and RelativeDay(7).due_within(7) and not RelativeDay(8).due_within(7)


@pytest.mark.parametrize(("days", "inside"), [(-1, False), (0, True), (1, True), (4, True), (5, True), (6, False)])
def test_within_includes_the_as_of_day_and_the_last_day(days, inside):
    assert RelativeDay(days).within(5) is inside


@pytest.mark.parametrize(
    ("days", "inside"), [(-31, False), (-30, True), (-29, True), (-1, True), (0, True), (1, False)]
)
def test_within_past_includes_the_first_day_and_the_as_of_day(days, inside):
    assert RelativeDay(days).within_past(30) is inside


@pytest.mark.parametrize(("days", "inside"), [(-1, True), (0, True), (6, True), (7, True), (8, False)])
def test_this_week_runs_from_the_as_of_day_to_seven_days_later(days, inside):
    assert RelativeDay(days).this_week is (inside and days >= 0)
    assert RelativeDay(days).due_within(7) is inside
