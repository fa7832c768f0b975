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
D_MORNING = dt.datetime(2026, 3, 9, 11, 0)
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


def test_a_review_due_at_midnight_is_on_time_on_that_day(clock):
    # Calendar days keep the wall-clock time: resolved at midnight, due five days later at midnight.
    resolved = dt.datetime(2026, 3, 9, 0, 0)
    on_time = one(
        clock,
        "review_within",
        "5 days",
        resolved_on=resolved,
        review_date=dt.date(2026, 3, 14),
        is_open=False,
        as_of=DUE,
    )
    assert (on_time.status, on_time.deadline, on_time.actual) == (
        MET,
        dt.datetime(2026, 3, 14),
        dt.datetime(2026, 3, 14),
    )
    late = one(
        clock,
        "review_within",
        "5 days",
        resolved_on=resolved,
        review_date=dt.date(2026, 3, 15),
        is_open=False,
        as_of=DUE,
    )
    assert late.status == BREACHED


def test_review_results_in_words_and_units(clock):
    kwargs = {"resolved_on": RESOLVED, "is_open": False}
    done = one(
        clock,
        "review_within",
        "5 business days",
        review_date=dt.date(2026, 3, 17),
        as_of=dt.date(2026, 3, 31),
        **kwargs,
    )
    assert (done.unit, done.target_text) == ("business_days", "5 business days")
    assert done.elapsed == pytest.approx(5 + 1.5 / 9)  # Monday 16:00–17:30, then five whole days to Tuesday 00:00
    assert done.detail == (
        "reviewed on 2026-03-17, 5 business days 1 h 30 min after resolution (target 5 business days), "
        "late (due 2026-03-16 16:00)"
    )
    owed = one(clock, "review_within", "5 business days", as_of=dt.date(2026, 3, 17), **kwargs)
    assert owed.detail == "no review yet; it was due 2026-03-16 16:00 (target 5 business days after resolution)"
    assert owed.elapsed == pytest.approx(6 + 1.5 / 9)  # to the end of Tuesday 17 March
    soon = one(clock, "review_within", "5 business days", as_of=dt.date(2026, 3, 13), **kwargs)
    assert (soon.status, soon.detail) == (
        DUE_SOON,
        "no review yet; due soon, by 2026-03-16 16:00 (target 5 business days after resolution)",
    )
    later = one(clock, "review_within", "5 business days", as_of=dt.date(2026, 3, 10), **kwargs)
    assert (later.status, later.detail) == (
        PENDING,
        "no review yet; due by 2026-03-16 16:00 (target 5 business days after resolution)",
    )


def test_update_results_in_units(clock):
    result = one(
        clock, "status_update_every", "2 business days", updates=[UPDATE_DUE], is_open=True, as_of=dt.date(2026, 3, 11)
    )
    assert (result.unit, result.target_text, result.actual) == ("business_days", "2 business days", UPDATE_DUE)


LATER_UPDATE = dt.datetime(2026, 3, 12, 10, 0)


@pytest.mark.parametrize(
    ("target", "duration", "kwargs", "detail"),
    [
        pytest.param(
            "status_update_every",
            "2 business days",
            {"updates": [UPDATE_DUE], "is_open": True, "as_of": dt.date(2026, 3, 11)},
            "updates at most 2 business days apart so far; next update due by 2026-03-13 10:00 "
            "(target every 2 business days; 1 update)",
            id="open-on-time",
        ),
        pytest.param(
            "status_update_every",
            "2 business days",
            {"updates": [UPDATE_DUE], "is_open": True, "as_of": dt.date(2026, 3, 12)},
            "updates at most 2 business days apart so far; next update due soon, by 2026-03-13 10:00 "
            "(target every 2 business days; 1 update)",
            id="open-due-soon",
        ),
        # Two late gaps on a closed escalation: the first is described, the other counted.
        pytest.param(
            "status_update_every",
            "2 business days",
            {
                "updates": [LATER_UPDATE],
                "resolved_on": dt.datetime(2026, 3, 17, 10, 0),
                "is_open": False,
                "as_of": dt.date(2026, 3, 31),
            },
            "a gap of 3 business days between updates (2026-03-09 10:00 → 2026-03-12 10:00) and 1 more "
            "(target every 2 business days; 1 update)",
            id="closed-two-late-gaps",
        ),
        pytest.param(
            "status_update_every",
            "2 business days",
            {
                "updates": [LATER_UPDATE],
                "resolved_on": dt.datetime(2026, 3, 13, 10, 0),
                "is_open": False,
                "as_of": dt.date(2026, 3, 31),
            },
            "a gap of 3 business days between updates (2026-03-09 10:00 → 2026-03-12 10:00) "
            "(target every 2 business days; 1 update)",
            id="closed-one-late-gap",
        ),
        # Open, with an early gap too long and the trailing gap fine: the early gap is described, not "no update since".
        pytest.param(
            "status_update_every",
            "2 business days",
            {"updates": [LATER_UPDATE], "is_open": True, "as_of": dt.datetime(2026, 3, 12, 11, 0)},
            "a gap of 3 business days between updates (2026-03-09 10:00 → 2026-03-12 10:00) "
            "(target every 2 business days; 1 update)",
            id="open-early-late-gap",
        ),
        pytest.param(
            "acknowledge",
            "4 business hours",
            {"is_open": True, "as_of": dt.date(2026, 3, 10)},
            "not acknowledged; overdue since 2026-03-09 14:00 (target 4 business hours from opening)",
            id="not-acknowledged-overdue",
        ),
    ],
)
def test_update_results_in_words(clock, target, duration, kwargs, detail):
    assert one(clock, target, duration, **kwargs).detail == detail


def test_an_update_at_the_closing_moment_counts(clock):
    # The last update exactly at resolution closes the trailing gap.
    result = one(
        clock,
        "status_update_every",
        "2 business days",
        updates=[UPDATE_DUE, dt.datetime(2026, 3, 13, 10, 0)],
        resolved_on=dt.datetime(2026, 3, 13, 10, 0),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert (result.status, result.actual) == (MET, dt.datetime(2026, 3, 13, 10, 0))
    assert result.detail.endswith("(target every 2 business days; 2 updates)")


def test_a_negative_zero_amount_reads_as_zero():
    assert format_amount(-0.04, "days") == "0 days"


def test_due_soon_wording_of_a_one_off_target(clock):
    soon = one(clock, "acknowledge", "4 business hours", is_open=True, as_of=D_MORNING)
    assert soon.detail == "not acknowledged yet; due soon, by 2026-03-09 14:00 (target 4 business hours from opening)"
    later = one(clock, "exec_engaged", "2 business days", is_open=True, as_of=dt.date(2026, 3, 9))
    assert later.detail == "not executive engaged yet; due by 2026-03-11 10:00 (target 2 business days from opening)"


def test_an_owed_review_keeps_its_unit_and_target(clock):
    owed = one(
        clock, "review_within", "5 business days", resolved_on=RESOLVED, is_open=False, as_of=dt.date(2026, 3, 17)
    )
    assert (owed.unit, owed.target_text, owed.actual) == ("business_days", "5 business days", None)


def test_evaluate_escalation_passes_the_executive_engagement_and_the_open_flag(clock):
    from macros.analysis.response_targets import evaluate_escalation
    from macros.workbook.records import Escalation

    escalation = Escalation(row=2, escalation_id="E-1", opened_on=OPENED, exec_engaged_at=DUE + MINUTE)
    targets = ResponseTargets(exec_engaged="4 business hours", review_within="5 business days")
    (result,) = evaluate_escalation(clock, targets, escalation, [], [], is_open=True, as_of=dt.date(2026, 3, 20))
    assert (result.target, result.status, result.actual) == ("exec_engaged", BREACHED, DUE + MINUTE)
    closed = evaluate_escalation(clock, targets, escalation, [], [], is_open=False, as_of=dt.date(2026, 3, 20))
    assert [r.target for r in closed] == ["exec_engaged", "review_within"]
