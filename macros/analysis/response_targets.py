"""Response targets: did an escalation get the response its tier promises?

For each target the tier defines (`tiers.yaml` → ``response``) :func:`evaluate_targets` gives one
:class:`TargetResult` with a status:

``met``
    Done by the deadline (or, for a finished escalation, never owed — see below).
``breached``
    Done late, or not done and the deadline has passed (at the as-of moment, or before the escalation closed).
``pending``
    Not done yet, and the deadline is still ahead.
``due_soon``
    Pending, and the deadline falls by the end of the next business day after the as-of moment
    (:meth:`BusinessClock.due_within_next_business_day`).

Decisions the rules leave open, made here:

* **Acknowledge / exec engaged missing on a closed escalation.** The target was owed only while the escalation
  was open. If its deadline passed before the escalation was resolved, it is ``breached`` (never done); if the
  escalation was resolved by the deadline, nothing was ever late, so it is ``met`` with no actual moment and a
  detail saying so. Counting those as breaches would punish quick resolutions.
* **Status updates** are checked gap by gap: from opening to the first update, between updates, and from the
  last update to resolution (closed) or to the as-of moment (open). A gap is too long when its end is after
  ``add(gap start, cadence)``. Updates before opening count from the opening; updates after the end are ignored.
  ``deadline`` is when the next update is (or was) due after the last one, ``actual`` the last update and
  ``elapsed`` the longest gap.
* **Reviews are dated, not timed**: a review held on the deadline's day is on time. ``actual`` is the review day
  at midnight, so "actual ≤ deadline" is exactly that comparison. The review target is left out while the
  escalation is open (it only starts at resolution), as is any target the tier does not define.
* **A closed escalation without a resolution moment** (the workbook loader reports this as an error) is
  treated as closing at the as-of moment.
* A date ``as_of`` means the end of that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..policy.common import Duration
from ..policy.tiers import ResponseTargets
from ..workbook.records import Escalation, Review, Update
from .business_time import BusinessClock

MET = "met"
BREACHED = "breached"
PENDING = "pending"
DUE_SOON = "due_soon"
STATUSES: tuple[str, ...] = (MET, BREACHED, PENDING, DUE_SOON)

TARGETS: tuple[str, ...] = ("acknowledge", "exec_engaged", "status_update_every", "review_within")
"""Target names, in the order results are returned (the fields of :class:`ResponseTargets`)."""

TARGET_LABELS: dict[str, str] = {
    "acknowledge": "Acknowledge",
    "exec_engaged": "Executive engaged",
    "status_update_every": "Status updates",
    "review_within": "Post-escalation review",
}

_DONE_WORDS = {"acknowledge": "acknowledged", "exec_engaged": "executive engaged", "review_within": "reviewed"}
_FROM_WORDS = {"acknowledge": "opening", "exec_engaged": "opening", "review_within": "resolution"}


@dataclass(frozen=True, slots=True)
class TargetResult:
    """The verdict on one response target of one escalation."""

    target: str
    """One of :data:`TARGETS`."""
    status: str
    """One of :data:`STATUSES`."""
    deadline: dt.datetime | None
    """When it is (was) due; for status updates, when the next update is (was) due after the last one."""
    actual: dt.datetime | None
    """When it was done; for status updates, the last update; ``None`` when not done."""
    elapsed: float | None
    """In ``unit``: from the start to ``actual`` (or, when not done, to resolution or as-of); for status
    updates the longest gap."""
    unit: str
    """The target's unit (``business_hours``, ``hours``, ``business_days`` or ``days``)."""
    detail: str
    """The verdict in words, e.g. ``acknowledged in 3.5 business hours (target 4 business hours)``."""
    target_text: str = ""
    """The target itself in words, e.g. ``4 business hours``."""

    @property
    def label(self) -> str:
        return TARGET_LABELS.get(self.target, self.target)

    @property
    def is_open_question(self) -> bool:
        """Still to be done (pending or due soon)."""
        return self.status in (PENDING, DUE_SOON)

    def describe(self) -> str:
        return self.detail


def as_of_moment(as_of: dt.date | dt.datetime) -> dt.datetime:
    """A datetime as given; a date as the very end of that day."""
    if isinstance(as_of, dt.datetime):
        return as_of
    return dt.datetime.combine(as_of, dt.time.max)


def format_amount(value: float, unit: str) -> str:
    """``3.5 business hours``, ``1 business day``, ``0 hours`` — one decimal at most."""
    rounded = round(value, 1)
    number = f"{rounded:g}" if rounded else "0"
    words = unit.replace("_", " ")
    return f"{number} {words[:-1] if rounded == 1 else words}"


def _clock_time(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def format_elapsed(clock: BusinessClock, value: float, unit: str) -> str:
    """A measured span in words exact to the minute, so that it never reads as meeting a target it missed:
    ``24 h 1 min`` for hour units, ``10 business days 5 h 30 min`` for day units (a business day being the
    working day's length)."""
    if unit in ("hours", "business_hours"):
        return _clock_time(round(value * 60))
    day_minutes = clock.business_day_length.total_seconds() / 60 if unit == "business_days" else 24 * 60
    total = round(value * day_minutes)
    days, rest = divmod(total, round(day_minutes))
    words = unit.replace("_", " ")
    text = f"{days} {words[:-1] if days == 1 else words}" if days else ""
    if rest or not text:
        text = (text + " " + _clock_time(rest)).strip()
    return text


def _when(moment: dt.datetime) -> str:
    if moment.time() == dt.time.min:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M")


def _pending_status(clock: BusinessClock, as_of: dt.datetime, deadline: dt.datetime) -> str:
    if as_of > deadline:
        return BREACHED
    return DUE_SOON if clock.due_within_next_business_day(as_of, deadline) else PENDING


def _span(clock: BusinessClock, start: dt.datetime, end: dt.datetime, unit: str) -> float:
    return max(clock.elapsed(start, end, unit), 0.0)


def _one_off(
    clock: BusinessClock,
    target: str,
    duration: Duration,
    start: dt.datetime,
    actual: dt.datetime | None,
    *,
    closed_at: dt.datetime | None,
    as_of: dt.datetime,
) -> TargetResult:
    """Acknowledge and exec engaged: one thing to do by ``start + duration``."""
    deadline = clock.add(start, duration)
    unit, wanted = duration.unit, duration.describe()
    done, since = _DONE_WORDS[target], _FROM_WORDS[target]
    if actual is not None:
        elapsed = _span(clock, start, actual, unit)
        status = MET if actual <= deadline else BREACHED
        detail = f"{done} in {format_elapsed(clock, elapsed, unit)} (target {wanted})"
        if status == BREACHED:
            detail += f", late (due {_when(deadline)})"
    elif closed_at is not None:
        elapsed = _span(clock, start, closed_at, unit)
        if closed_at <= deadline:
            status = MET
            detail = f"resolved after {format_amount(elapsed, unit)}, before it was due ({_when(deadline)}); not {done} (target {wanted})"
        else:
            status = BREACHED
            detail = f"never {done}; it was due {_when(deadline)}, resolved {_when(closed_at)} (target {wanted})"
    else:
        elapsed = _span(clock, start, as_of, unit)
        status = _pending_status(clock, as_of, deadline)
        if status == BREACHED:
            detail = f"not {done}; overdue since {_when(deadline)} (target {wanted} from {since})"
        else:
            soon = "due soon, by" if status == DUE_SOON else "due by"
            detail = f"not {done} yet; {soon} {_when(deadline)} (target {wanted} from {since})"
    return TargetResult(target, status, deadline, actual, elapsed, unit, detail, wanted)


def _updates(
    clock: BusinessClock,
    duration: Duration,
    opened_on: dt.datetime,
    updates: Iterable[dt.datetime],
    *,
    closed_at: dt.datetime | None,
    as_of: dt.datetime,
) -> TargetResult:
    unit, wanted = duration.unit, duration.describe()
    end = closed_at if closed_at is not None else as_of
    moments = sorted(max(u, opened_on) for u in updates if u <= end)
    points = [opened_on, *moments]
    gaps = list(pairwise(points))
    last = points[-1]
    gaps.append((last, end))  # the trailing gap: to resolution, or still running at as-of
    late = [(a, b) for a, b in gaps if b > clock.add(a, duration)]
    worst_start, worst_end = max(gaps, key=lambda gap: clock.elapsed(gap[0], gap[1], unit))
    worst = _span(clock, worst_start, worst_end, unit)
    next_due = clock.add(last, duration)
    actual = moments[-1] if moments else None
    count = f"{len(moments)} update{'s' if len(moments) != 1 else ''}"

    if late:
        status = BREACHED
        first_start, first_end = late[0]
        gap = format_elapsed(clock, _span(clock, first_start, first_end, unit), unit)
        if closed_at is None and (first_start, first_end) == gaps[-1]:
            detail = f"no update since {_when(first_start)}: {gap}; the next was due {_when(next_due)}"
        else:
            detail = f"a gap of {gap} between updates ({_when(first_start)} → {_when(first_end)})"
            if len(late) > 1:
                detail += f" and {len(late) - 1} more"
        detail += f" (target every {wanted}; {count})"
    elif closed_at is not None:
        status = MET
        detail = f"updates at most {format_amount(worst, unit)} apart (target every {wanted}; {count})"
    else:
        status = DUE_SOON if clock.due_within_next_business_day(as_of, next_due) else PENDING
        soon = "due soon, by" if status == DUE_SOON else "due by"
        detail = (
            f"updates at most {format_amount(worst, unit)} apart so far; next update {soon} {_when(next_due)} "
            f"(target every {wanted}; {count})"
        )
    return TargetResult("status_update_every", status, next_due, actual, worst, unit, detail, wanted)


def _review(
    clock: BusinessClock,
    duration: Duration,
    resolved_on: dt.datetime,
    review_date: dt.date | None,
    *,
    as_of: dt.datetime,
) -> TargetResult:
    unit, wanted = duration.unit, duration.describe()
    deadline = clock.add(resolved_on, duration)
    if review_date is not None:
        actual = dt.datetime.combine(review_date, dt.time.min)
        elapsed = _span(clock, resolved_on, actual, unit)
        status = MET if actual <= deadline else BREACHED
        detail = (
            f"reviewed on {review_date.isoformat()}, {format_elapsed(clock, elapsed, unit)} after resolution "
            f"(target {wanted})"
        )
        if status == BREACHED:
            detail += f", late (due {_when(deadline)})"
        return TargetResult("review_within", status, deadline, actual, elapsed, unit, detail, wanted)
    elapsed = _span(clock, resolved_on, as_of, unit)
    status = _pending_status(clock, as_of, deadline)
    if status == BREACHED:
        detail = f"no review yet; it was due {_when(deadline)} (target {wanted} after resolution)"
    else:
        soon = "due soon, by" if status == DUE_SOON else "due by"
        detail = f"no review yet; {soon} {_when(deadline)} (target {wanted} after resolution)"
    return TargetResult("review_within", status, deadline, None, elapsed, unit, detail, wanted)


def evaluate_targets(
    clock: BusinessClock,
    targets: ResponseTargets,
    *,
    opened_on: dt.datetime | None,
    acknowledged_at: dt.datetime | None = None,
    exec_engaged_at: dt.datetime | None = None,
    resolved_on: dt.datetime | None = None,
    updates: Sequence[dt.datetime] = (),
    review_date: dt.date | None = None,
    is_open: bool,
    as_of: dt.date | dt.datetime,
) -> list[TargetResult]:
    """One result per target the tier defines, in :data:`TARGETS` order (none without an opening moment).

    ``updates`` are the escalation's Updates-sheet moments in any order; ``review_date`` is the day of its first
    review; ``is_open`` comes from the status (the policy says which statuses are open).
    """
    if opened_on is None:
        return []
    moment = as_of_moment(as_of)
    closed_at = None if is_open else (resolved_on if resolved_on is not None else moment)
    results: list[TargetResult] = []
    for target, actual in (("acknowledge", acknowledged_at), ("exec_engaged", exec_engaged_at)):
        duration = getattr(targets, target)
        if duration is not None:
            results.append(_one_off(clock, target, duration, opened_on, actual, closed_at=closed_at, as_of=moment))
    if targets.status_update_every is not None:
        results.append(
            _updates(clock, targets.status_update_every, opened_on, updates, closed_at=closed_at, as_of=moment)
        )
    if targets.review_within is not None and closed_at is not None:
        results.append(_review(clock, targets.review_within, closed_at, review_date, as_of=moment))
    return results


def evaluate_escalation(
    clock: BusinessClock,
    targets: ResponseTargets,
    escalation: Escalation,
    updates: Iterable[Update],
    reviews: Iterable[Review],
    *,
    is_open: bool,
    as_of: dt.date | dt.datetime,
) -> list[TargetResult]:
    """:func:`evaluate_targets` for workbook records (the escalation's own Updates and Reviews rows)."""
    mine = escalation.escalation_id
    review_days = [r.review_date for r in reviews if r.escalation_id == mine and r.review_date is not None]
    return evaluate_targets(
        clock,
        targets,
        opened_on=escalation.opened_on,
        acknowledged_at=escalation.acknowledged_at,
        exec_engaged_at=escalation.exec_engaged_at,
        resolved_on=escalation.resolved_on,
        updates=[u.date for u in updates if u.escalation_id == mine and u.date is not None],
        review_date=min(review_days, default=None),
        is_open=is_open,
        as_of=as_of,
    )
