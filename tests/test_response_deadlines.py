"""Response targets at the exact deadline instant: done at the deadline is on time, one minute later is late.

Calendar: America/Chicago, Mon–Fri 08:30–17:30, US holidays. Opened Monday 2026-03-09 10:00, so 4 business hours
fall due at 14:00 that day, 2 business days at Wednesday 2026-03-11 10:00; a resolution on Monday 2026-03-09
16:00 with 5 business days for the review makes the review due Monday 2026-03-16 16:00.
"""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.response_targets import (
    BREACHED,
    DUE_SOON,
    MET,
    PENDING,
    as_of_moment,
    evaluate_targets,
    format_amount,
)
from macros.policy.organisation import BusinessCalendar
from macros.policy.tiers import ResponseTargets

OPENED = dt.datetime(2026, 3, 9, 10, 0)
DUE = dt.datetime(2026, 3, 9, 14, 0)
MINUTE = dt.timedelta(minutes=1)
UPDATE_DUE = dt.datetime(2026, 3, 11, 10, 0)
RESOLVED = dt.datetime(2026, 3, 9, 16, 0)
REVIEW_DUE = dt.datetime(2026, 3, 16, 16, 0)


@pytest.fixture(scope="module")
def clock() -> BusinessClock:
    return BusinessClock(
        BusinessCalendar(
            timezone="America/Chicago", day_starts=dt.time(8, 30), day_ends=dt.time(17, 30), holidays={"country": "US"}
        )
    )


def one(clock, target: str, duration: str, **kwargs):
    kwargs.setdefault("opened_on", OPENED)
    (result,) = evaluate_targets(clock, ResponseTargets(**{target: duration}), **kwargs)
    return result


@pytest.mark.parametrize("target", ["acknowledge", "exec_engaged"])
@pytest.mark.parametrize(("actual", "status"), [(DUE - MINUTE, MET), (DUE, MET), (DUE + MINUTE, BREACHED)])
def test_done_at_the_deadline_is_on_time(clock, target, actual, status):
    field = "acknowledged_at" if target == "acknowledge" else "exec_engaged_at"
    result = one(clock, target, "4 business hours", **{field: actual}, is_open=True, as_of=dt.date(2026, 3, 20))
    assert (result.status, result.deadline) == (status, DUE)


@pytest.mark.parametrize(("resolved", "status"), [(DUE - MINUTE, MET), (DUE, MET), (DUE + MINUTE, BREACHED)])
def test_resolved_at_the_deadline_without_an_acknowledgement_was_never_late(clock, resolved, status):
    result = one(
        clock, "acknowledge", "4 business hours", resolved_on=resolved, is_open=False, as_of=dt.date(2026, 3, 20)
    )
    assert result.status == status
    assert result.actual is None


def test_the_resolved_in_time_wording(clock):
    result = one(clock, "acknowledge", "4 business hours", resolved_on=DUE, is_open=False, as_of=dt.date(2026, 3, 20))
    assert result.detail == (
        "resolved after 4 business hours, before it was due (2026-03-09 14:00); not acknowledged "
        "(target 4 business hours)"
    )
    late = one(clock, "acknowledge", "4 business hours", resolved_on=DUE + MINUTE, is_open=False, as_of=DUE)
    assert late.detail == (
        "never acknowledged; it was due 2026-03-09 14:00, resolved 2026-03-09 14:01 (target 4 business hours)"
    )


@pytest.mark.parametrize(("as_of", "status"), [(DUE - MINUTE, DUE_SOON), (DUE, DUE_SOON), (DUE + MINUTE, BREACHED)])
def test_an_open_target_is_overdue_only_after_its_deadline(clock, as_of, status):
    assert one(clock, "acknowledge", "4 business hours", is_open=True, as_of=as_of).status == status


def test_pending_until_the_day_before_it_is_due(clock):
    # 2 business days from Monday 10:00 is Wednesday 10:00: on Monday evening that is past the next business day.
    result = one(clock, "exec_engaged", "2 business days", is_open=True, as_of=dt.date(2026, 3, 9))
    assert (result.status, result.deadline) == (PENDING, UPDATE_DUE)
    result = one(clock, "exec_engaged", "2 business days", is_open=True, as_of=dt.date(2026, 3, 10))
    assert result.status == DUE_SOON


@pytest.mark.parametrize(("update", "status"), [(UPDATE_DUE, MET), (UPDATE_DUE + MINUTE, BREACHED)])
def test_an_update_exactly_one_cadence_after_the_last_is_on_time(clock, update, status):
    result = one(
        clock,
        "status_update_every",
        "2 business days",
        updates=[update],
        resolved_on=update + dt.timedelta(hours=1),
        is_open=False,
        as_of=dt.date(2026, 3, 20),
    )
    assert result.status == status


@pytest.mark.parametrize(("resolved", "status"), [(UPDATE_DUE, MET), (UPDATE_DUE + MINUTE, BREACHED)])
def test_resolution_exactly_one_cadence_after_the_last_update_is_on_time(clock, resolved, status):
    result = one(
        clock, "status_update_every", "2 business days", resolved_on=resolved, is_open=False, as_of=dt.date(2026, 3, 20)
    )
    assert result.status == status


@pytest.mark.parametrize(("as_of", "status"), [(UPDATE_DUE, DUE_SOON), (UPDATE_DUE + MINUTE, BREACHED)])
def test_an_open_escalation_owes_its_update_from_the_minute_after_it_was_due(clock, as_of, status):
    result = one(clock, "status_update_every", "2 business days", is_open=True, as_of=as_of)
    assert (result.status, result.deadline) == (status, UPDATE_DUE)


def test_updates_after_the_end_are_ignored_and_updates_before_opening_count_from_it(clock):
    result = one(
        clock,
        "status_update_every",
        "2 business days",
        updates=[OPENED - dt.timedelta(days=3), dt.datetime(2026, 3, 30, 9, 0)],
        resolved_on=UPDATE_DUE,
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert (result.status, result.actual) == (MET, OPENED)


@pytest.mark.parametrize(
    ("review", "status"),
    [(dt.date(2026, 3, 13), MET), (dt.date(2026, 3, 16), MET), (dt.date(2026, 3, 17), BREACHED)],
)
def test_a_review_on_the_day_it_is_due_is_on_time(clock, review, status):
    result = one(
        clock,
        "review_within",
        "5 business days",
        resolved_on=RESOLVED,
        review_date=review,
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert (result.status, result.deadline) == (status, REVIEW_DUE)


@pytest.mark.parametrize(("as_of", "status"), [(REVIEW_DUE, DUE_SOON), (REVIEW_DUE + MINUTE, BREACHED)])
def test_a_missing_review_is_owed_from_the_minute_after_its_deadline(clock, as_of, status):
    result = one(clock, "review_within", "5 business days", resolved_on=RESOLVED, is_open=False, as_of=as_of)
    assert result.status == status


def test_the_review_target_waits_for_the_resolution(clock):
    assert (
        evaluate_targets(
            clock, ResponseTargets(review_within="5 business days"), opened_on=OPENED, is_open=True, as_of=DUE
        )
        == []
    )


def test_a_closed_escalation_without_a_resolution_closes_at_the_as_of_moment(clock):
    result = one(clock, "acknowledge", "4 business hours", is_open=False, as_of=DUE)
    assert result.status == MET  # closed at 14:00, the deadline itself
    result = one(clock, "acknowledge", "4 business hours", is_open=False, as_of=DUE + MINUTE)
    assert result.status == BREACHED


def test_no_opening_moment_means_no_targets(clock):
    assert evaluate_targets(clock, ResponseTargets(acknowledge="1 hour"), opened_on=None, is_open=True, as_of=DUE) == []


def test_a_date_as_of_is_the_end_of_that_day():
    assert as_of_moment(dt.date(2026, 3, 31)) == dt.datetime(2026, 3, 31, 23, 59, 59, 999999)
    assert as_of_moment(DUE) == DUE


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.0, "business_hours", "1 business hour"),
        (1.04, "business_days", "1 business day"),
        (0.04, "hours", "0 hours"),
        (0.0, "days", "0 days"),
        (2.55, "days", "2.5 days"),
        (12.0, "business_hours", "12 business hours"),
    ],
)
def test_amounts_in_words(value, unit, text):
    assert format_amount(value, unit) == text
