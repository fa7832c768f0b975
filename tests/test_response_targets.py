"""Response targets: met, breached, pending and due soon for each kind of target.

Calendar: America/Chicago, Mon–Fri 08:30–17:30 (9-hour business day), US holidays. Most escalations open on
Monday 2026-03-09 at 10:00; deadlines are worked out by hand in the comments. A date as-of means the end of
that day; "due soon" means due by the close of the next business day after the as-of moment.
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
    evaluate_escalation,
    evaluate_targets,
)
from macros.policy.common import Duration
from macros.policy.organisation import BusinessCalendar
from macros.policy.tiers import ResponseTargets
from macros.workbook.records import Escalation, Review, Update

OPENED = dt.datetime(2026, 3, 9, 10, 0)  # Monday


def D(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def clock() -> BusinessClock:
    return BusinessClock(
        BusinessCalendar(
            timezone="America/Chicago",
            day_starts=dt.time(8, 30),
            day_ends=dt.time(17, 30),
            holidays={"country": "US"},
        )
    )


def one(clock, target: str, duration: str, **kwargs):
    """Evaluate a tier with only ``target`` defined and return its single result."""
    kwargs.setdefault("opened_on", OPENED)
    results = evaluate_targets(clock, ResponseTargets(**{target: duration}), **kwargs)
    assert [r.target for r in results] == [target]
    return results[0]


# --- acknowledge ----------------------------------------------------------------------------------------------------
# 4 business hours from Monday 10:00 → Monday 14:00.
@pytest.mark.parametrize(
    ("kwargs", "status", "elapsed"),
    [
        ({"acknowledged_at": D("2026-03-09 13:30"), "is_open": True, "as_of": dt.date(2026, 3, 9)}, MET, 3.5),
        ({"acknowledged_at": D("2026-03-09 14:00"), "is_open": True, "as_of": dt.date(2026, 3, 9)}, MET, 4.0),
        # Tuesday 09:30: 7.5 h on Monday + 1 h on Tuesday.
        ({"acknowledged_at": D("2026-03-10 09:30"), "is_open": True, "as_of": dt.date(2026, 3, 10)}, BREACHED, 8.5),
        # Open and not acknowledged: at 11:00 the deadline is today → due soon; by the end of Monday it has passed.
        ({"is_open": True, "as_of": D("2026-03-09 11:00")}, DUE_SOON, 1.0),
        ({"is_open": True, "as_of": dt.date(2026, 3, 9)}, BREACHED, 7.5),
        # Closed without an acknowledgement: resolved before the deadline → never owed; after it → breached.
        (
            {"resolved_on": D("2026-03-09 12:00"), "is_open": False, "as_of": dt.date(2026, 3, 20)},
            MET,
            2.0,
        ),
        (
            {"resolved_on": D("2026-03-10 09:00"), "is_open": False, "as_of": dt.date(2026, 3, 20)},
            BREACHED,
            8.0,
        ),
    ],
)
def test_acknowledge(clock, kwargs, status, elapsed):
    result = one(clock, "acknowledge", "4 business hours", **kwargs)
    assert result.status == status
    assert result.deadline == D("2026-03-09 14:00")
    assert result.elapsed == pytest.approx(elapsed)
    assert result.unit == "business_hours"
    assert result.actual == kwargs.get("acknowledged_at")


# 3 business days from Monday 10:00 → Thursday 2026-03-12 10:00.
@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (dt.date(2026, 3, 9), PENDING),  # horizon: Tuesday's close
        (dt.date(2026, 3, 10), PENDING),  # horizon: Wednesday's close
        (dt.date(2026, 3, 11), DUE_SOON),  # horizon: Thursday's close
        (D("2026-03-12 10:00"), DUE_SOON),  # at the deadline itself
        (D("2026-03-12 10:01"), BREACHED),
    ],
)
def test_acknowledge_pending_and_due_soon(clock, as_of, status):
    result = one(clock, "acknowledge", "3 business days", is_open=True, as_of=as_of)
    assert result.status == status
    assert result.deadline == D("2026-03-12 10:00")
    assert result.actual is None


def test_acknowledge_descriptions(clock):
    met = one(
        clock, "acknowledge", "4 business hours", acknowledged_at=D("2026-03-09 13:30"), is_open=True, as_of=OPENED
    )
    assert met.describe() == "acknowledged in 3 h 30 min (target 4 business hours)"
    assert met.target_text == "4 business hours"
    late = one(
        clock, "acknowledge", "4 business hours", acknowledged_at=D("2026-03-10 09:30"), is_open=True, as_of=OPENED
    )
    assert late.describe() == ("acknowledged in 8 h 30 min (target 4 business hours), late (due 2026-03-09 14:00)")
    waiting = one(clock, "acknowledge", "3 business days", is_open=True, as_of=dt.date(2026, 3, 9))
    assert waiting.describe() == "not acknowledged yet; due by 2026-03-12 10:00 (target 3 business days from opening)"
    never = one(
        clock, "acknowledge", "4 business hours", resolved_on=D("2026-03-10 09:00"), is_open=False, as_of=OPENED
    )
    assert never.describe().startswith("never acknowledged; it was due 2026-03-09 14:00")
    not_owed = one(
        clock, "acknowledge", "4 business hours", resolved_on=D("2026-03-09 12:00"), is_open=False, as_of=OPENED
    )
    assert "before it was due" in not_owed.describe()


def test_calendar_hours_target_across_dst(clock):
    # Opened Saturday 7 March 12:00; 24 real hours end Sunday 13:00 local, because clocks spring forward.
    # A wall-clock subtraction would call Sunday 12:30 "24.5 hours" and a breach.
    result = one(
        clock,
        "acknowledge",
        "24 hours",
        opened_on=D("2026-03-07 12:00"),
        acknowledged_at=D("2026-03-08 12:30"),
        is_open=True,
        as_of=dt.date(2026, 3, 9),
    )
    assert result.status == MET
    assert result.deadline == D("2026-03-08 13:00")
    assert result.elapsed == pytest.approx(23.5)


# --- exec engaged ---------------------------------------------------------------------------------------------------
# 1 business day from Monday 10:00 → Tuesday 10:00.
@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"exec_engaged_at": D("2026-03-10 09:00"), "is_open": True, "as_of": dt.date(2026, 3, 10)}, MET),
        ({"exec_engaged_at": D("2026-03-11 09:00"), "is_open": True, "as_of": dt.date(2026, 3, 11)}, BREACHED),
        ({"is_open": True, "as_of": dt.date(2026, 3, 9)}, DUE_SOON),
        ({"is_open": True, "as_of": dt.date(2026, 3, 10)}, BREACHED),
        ({"resolved_on": D("2026-03-09 16:00"), "is_open": False, "as_of": dt.date(2026, 3, 20)}, MET),
        ({"resolved_on": D("2026-03-12 16:00"), "is_open": False, "as_of": dt.date(2026, 3, 20)}, BREACHED),
    ],
)
def test_exec_engaged(clock, kwargs, status):
    result = one(clock, "exec_engaged", "1 business day", **kwargs)
    assert result.status == status
    assert result.deadline == D("2026-03-10 10:00")


def test_exec_engaged_pending_and_description(clock):
    # Opened Friday 16:00; 3 business days → Wednesday 16:00. As of Friday the horizon is Monday's close.
    result = one(
        clock,
        "exec_engaged",
        "3 business days",
        opened_on=D("2026-03-06 16:00"),
        is_open=True,
        as_of=dt.date(2026, 3, 6),
    )
    assert result.status == PENDING
    assert result.deadline == D("2026-03-11 16:00")
    met = one(
        clock,
        "exec_engaged",
        "1 business day",
        exec_engaged_at=D("2026-03-10 09:00"),
        is_open=True,
        as_of=dt.date(2026, 3, 10),
    )
    # 7.5 h Monday + 0.5 h Tuesday = 8 of 9 hours.
    assert met.elapsed == pytest.approx(8 / 9)
    assert met.describe() == "executive engaged in 8 h (target 1 business day)"


# --- status updates -------------------------------------------------------------------------------------------------
CADENCE = "2 business days"


def test_updates_met_on_a_closed_escalation(clock):
    # Gaps: Mon 10:00 → Tue 15:00 = 14 h; Tue 15:00 → Thu 09:00 = 12 h; Thu 09:00 → Fri 12:00 = 12 h (≤ 18 h).
    result = one(
        clock,
        "status_update_every",
        CADENCE,
        updates=[D("2026-03-12 09:00"), D("2026-03-10 15:00")],  # any order
        resolved_on=D("2026-03-13 12:00"),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert result.status == MET
    assert result.elapsed == pytest.approx(14 / 9)
    assert result.actual == D("2026-03-12 09:00")
    assert result.deadline == D("2026-03-16 09:00")  # next update would have been due Monday 09:00
    assert result.describe() == "updates at most 1.6 business days apart (target every 2 business days; 2 updates)"


def test_updates_gap_breach(clock):
    # Tue 15:00 → Mon 16 March 10:00 is 2.5 + 9 + 9 + 9 + 1.5 = 31 business hours; the update was due Thu 15:00.
    result = one(
        clock,
        "status_update_every",
        CADENCE,
        updates=[D("2026-03-10 15:00"), D("2026-03-16 10:00")],
        resolved_on=D("2026-03-16 12:00"),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert result.status == BREACHED
    assert result.elapsed == pytest.approx(31 / 9)
    assert "a gap of 3 business days 4 h between updates (2026-03-10 15:00 → 2026-03-16 10:00)" in result.describe()


def test_updates_trailing_gap_before_resolution_counts(clock):
    # Last update Tuesday 15:00, resolved the next Tuesday: the next update was due Thursday 15:00.
    result = one(
        clock,
        "status_update_every",
        CADENCE,
        updates=[D("2026-03-10 15:00")],
        resolved_on=D("2026-03-17 12:00"),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert result.status == BREACHED


def test_updates_after_resolution_are_ignored(clock):
    # Resolved Wed 09:00 after 17 business hours (≤ 18); a later update must not open a long gap.
    result = one(
        clock,
        "status_update_every",
        CADENCE,
        updates=[D("2026-03-20 10:00")],
        resolved_on=D("2026-03-11 09:00"),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    assert result.status == MET
    assert result.elapsed == pytest.approx(17 / 9)
    assert result.actual is None


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        # Next update due Thursday 15:00 (2 business days after Tuesday 15:00).
        (D("2026-03-10 16:00"), PENDING),  # horizon: Wednesday's close
        (dt.date(2026, 3, 11), DUE_SOON),  # horizon: Thursday's close
        (D("2026-03-12 15:00"), DUE_SOON),
        (dt.date(2026, 3, 12), BREACHED),  # no update since Tuesday
    ],
)
def test_updates_on_an_open_escalation(clock, as_of, status):
    result = one(clock, "status_update_every", CADENCE, updates=[D("2026-03-10 15:00")], is_open=True, as_of=as_of)
    assert result.status == status
    assert result.deadline == D("2026-03-12 15:00")
    assert result.actual == D("2026-03-10 15:00")


def test_updates_open_without_any_update(clock):
    # Nothing since opening on Monday 10:00: the first update was due Wednesday 10:00.
    result = one(clock, "status_update_every", CADENCE, is_open=True, as_of=dt.date(2026, 3, 12))
    assert result.status == BREACHED
    assert result.deadline == D("2026-03-11 10:00")
    assert result.actual is None
    assert result.describe().startswith("no update since 2026-03-09 10:00")


def test_an_old_breach_stays_a_breach_while_open(clock):
    # A 31-hour gap last week; the latest update is recent, but the escalation has already breached its cadence.
    result = one(
        clock,
        "status_update_every",
        CADENCE,
        updates=[D("2026-03-10 15:00"), D("2026-03-16 10:00")],
        is_open=True,
        as_of=D("2026-03-16 12:00"),
    )
    assert result.status == BREACHED
    assert result.deadline == D("2026-03-18 10:00")


# --- review ---------------------------------------------------------------------------------------------------------
# Resolved Friday 2026-03-13 12:00; 10 business days → Friday 2026-03-27 12:00.
RESOLVED = D("2026-03-13 12:00")


@pytest.mark.parametrize(
    ("review_date", "as_of", "status"),
    [
        (dt.date(2026, 3, 20), dt.date(2026, 3, 31), MET),
        (dt.date(2026, 3, 27), dt.date(2026, 3, 31), MET),  # on the deadline's day
        (dt.date(2026, 3, 30), dt.date(2026, 3, 31), BREACHED),
        (None, dt.date(2026, 3, 20), PENDING),  # horizon: Monday 23 March's close
        (None, dt.date(2026, 3, 26), DUE_SOON),  # horizon: Friday 27 March's close
        (None, dt.date(2026, 3, 27), BREACHED),  # the end of the deadline's day
    ],
)
def test_review_after_resolution(clock, review_date, as_of, status):
    result = one(
        clock,
        "review_within",
        "10 business days",
        resolved_on=RESOLVED,
        review_date=review_date,
        is_open=False,
        as_of=as_of,
    )
    assert result.status == status
    assert result.deadline == D("2026-03-27 12:00")
    assert result.actual == (None if review_date is None else dt.datetime.combine(review_date, dt.time.min))


def test_review_description(clock):
    result = one(
        clock,
        "review_within",
        "10 business days",
        resolved_on=RESOLVED,
        review_date=dt.date(2026, 3, 30),
        is_open=False,
        as_of=dt.date(2026, 3, 31),
    )
    # Friday 12:00 → Monday 30 March 00:00 is 5.5 h + 9 business days = 10.61 business days.
    assert result.elapsed == pytest.approx(10 + 5.5 / 9)
    assert result.describe() == (
        "reviewed on 2026-03-30, 10 business days 5 h 30 min after resolution (target 10 business days), "
        "late (due 2026-03-27 12:00)"
    )


def test_review_is_left_out_while_open(clock):
    targets = ResponseTargets(acknowledge="4 business hours", review_within="10 business days")
    results = evaluate_targets(
        clock, targets, opened_on=OPENED, acknowledged_at=D("2026-03-09 11:00"), is_open=True, as_of=OPENED
    )
    assert [r.target for r in results] == ["acknowledge"]


# --- which targets are evaluated -----------------------------------------------------------------------------------
def test_only_the_tiers_targets_in_a_fixed_order(clock):
    everything = ResponseTargets(
        acknowledge="4 business hours",
        exec_engaged="1 business day",
        status_update_every="2 business days",
        review_within="10 business days",
    )
    results = evaluate_targets(
        clock,
        everything,
        opened_on=OPENED,
        acknowledged_at=D("2026-03-09 11:00"),
        resolved_on=D("2026-03-09 16:00"),
        is_open=False,
        as_of=dt.date(2026, 3, 10),
    )
    assert [r.target for r in results] == ["acknowledge", "exec_engaged", "status_update_every", "review_within"]
    assert [r.status for r in results] == [MET, MET, MET, PENDING]
    partial = evaluate_targets(
        clock, ResponseTargets(exec_engaged="1 business day"), opened_on=OPENED, is_open=True, as_of=OPENED
    )
    assert [r.target for r in partial] == ["exec_engaged"]
    assert evaluate_targets(clock, ResponseTargets(), opened_on=OPENED, is_open=True, as_of=OPENED) == []
    assert evaluate_targets(clock, everything, opened_on=None, is_open=True, as_of=OPENED) == []


def test_evaluate_escalation_reads_the_records(clock):
    escalation = Escalation(
        row=2,
        escalation_id="ESC-1",
        opened_on=OPENED,
        acknowledged_at=D("2026-03-09 13:30"),
        resolved_on=RESOLVED,
    )
    updates = [
        Update(row=2, escalation_id="ESC-1", date=D("2026-03-11 09:00")),
        Update(row=3, escalation_id="ESC-1", date=D("2026-03-12 16:00")),
        Update(row=4, escalation_id="ESC-2", date=D("2026-03-10 09:00")),  # another escalation's
    ]
    reviews = [
        Review(row=2, escalation_id="ESC-1", review_date=dt.date(2026, 3, 30)),
        Review(row=3, escalation_id="ESC-1", review_date=dt.date(2026, 3, 20)),  # the first review counts
        Review(row=4, escalation_id="ESC-2", review_date=dt.date(2026, 3, 14)),
    ]
    targets = ResponseTargets(
        acknowledge="4 business hours", status_update_every="2 business days", review_within="10 business days"
    )
    results = {
        r.target: r
        for r in evaluate_escalation(
            clock, targets, escalation, updates, reviews, is_open=False, as_of=dt.date(2026, 3, 31)
        )
    }
    assert results["acknowledge"].status == MET
    # Gaps: Mon 10:00 → Wed 09:00 = 17 h, Wed 09:00 → Thu 16:00 = 16 h, Thu 16:00 → Fri 12:00 = 5 h.
    assert results["status_update_every"].status == MET
    assert results["status_update_every"].elapsed == pytest.approx(17 / 9)
    assert results["status_update_every"].actual == D("2026-03-12 16:00")
    assert results["review_within"].actual == D("2026-03-20 00:00")
    assert results["review_within"].status == MET


def test_a_late_verdict_never_shows_a_figure_that_meets_the_target(clock):
    # one minute late on a 24-business-hour target would round to "24 business hours" at one decimal
    deadline = clock.add(OPENED, Duration.model_validate("24 business hours"))
    late = one(
        clock,
        "acknowledge",
        "24 business hours",
        acknowledged_at=deadline + dt.timedelta(minutes=1),
        is_open=True,
        as_of=deadline,
    )
    assert late.status == BREACHED
    assert late.describe().startswith("acknowledged in 24 h 1 min (target 24 business hours), late (due ")
