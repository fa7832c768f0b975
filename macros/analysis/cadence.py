"""Status updates due on fixed days (a tier protocol's `cadence`): which required updates the Updates sheet
shows were missed.

Every N days: updates are due N, 2N, 3N … days (or business days) after the day the escalation was opened; each
is met by an update after the previous due moment and by this one. On named weekdays: an update is due on each
such day after opening (public holidays and closures skipped), met by an update that day. Due moments are the
`by` time local, or the end of the day. Only due moments up to the resolution (or the as-of date) count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..policy.communication import UpdateCadence
from ..policy.organisation import WEEKDAYS
from .business_time import BusinessClock

_END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class RequiredUpdate:
    due: dt.datetime
    """Local moment the update is due by."""
    since: dt.datetime
    """An update after this moment (and by ``due``) meets it."""
    reason: str
    """Which part of the cadence asks for it, e.g. "every 2 business days" or "every Friday"."""


def required_updates(
    clock: BusinessClock, cadence: UpdateCadence, opened_on: dt.datetime, end: dt.datetime
) -> list[RequiredUpdate]:
    """Every update the cadence requires from ``opened_on`` until ``end``, in order of due moment."""
    by = cadence.by or _END_OF_DAY
    start = opened_on.date()
    found: list[RequiredUpdate] = []
    if cadence.every is not None:
        step = int(cadence.every.amount)
        reason = f"every {cadence.every.describe()}"
        since = opened_on
        k = 1
        while True:
            if cadence.every.unit == "business_days":
                day = clock.shift_business_days(start, step * k)
            else:
                day = start + dt.timedelta(days=step * k)
            due = dt.datetime.combine(day, by)
            if due > end:
                break
            found.append(RequiredUpdate(due, since, reason))
            since, k = due, k + 1
    if cadence.weekdays:
        wanted = {WEEKDAYS.index(day) for day in cadence.weekdays}
        day = start + dt.timedelta(days=1)
        while dt.datetime.combine(day, by) <= end:
            if day.weekday() in wanted and clock.closed_reason(day) is None:
                found.append(
                    RequiredUpdate(
                        dt.datetime.combine(day, by),
                        dt.datetime.combine(day, dt.time.min),
                        f"every {WEEKDAYS[day.weekday()].capitalize()}",
                    )
                )
            day += dt.timedelta(days=1)
    return sorted(found, key=lambda r: (r.due, r.reason))


def missed_updates(
    clock: BusinessClock,
    cadence: UpdateCadence,
    opened_on: dt.datetime,
    updates: Iterable[dt.datetime],
    *,
    end: dt.datetime,
) -> list[RequiredUpdate]:
    """The required updates no update in the sheet meets."""
    moments = sorted(updates)
    return [
        required
        for required in required_updates(clock, cadence, opened_on, end)
        if not any(required.since < moment <= required.due for moment in moments)
    ]


def missed_text(missed: list[RequiredUpdate], limit: int = 5) -> str:
    """Missed updates by date: "2026-03-13 (every Friday), 2026-03-16 17:00 (every 2 business days)"."""

    def when(required: RequiredUpdate) -> str:
        if required.due.time() == _END_OF_DAY:
            return required.due.date().isoformat()
        return required.due.strftime("%Y-%m-%d %H:%M")

    shown = [f"{when(r)} ({r.reason})" for r in missed[:limit]]
    more = f" and {len(missed) - limit} more" if len(missed) > limit else ""
    return ", ".join(shown) + more


def escalation_misses(portfolio, clock: BusinessClock, escalation) -> list[RequiredUpdate]:
    """Updates the cadence of the escalation's tier required and the Updates sheet does not show, up to the
    resolution (or the end of the as-of day); empty when the tier's protocol has no cadence."""
    protocol = portfolio.policy.communication.protocols.get(escalation.tier)
    cadence = protocol.status_updates.cadence if protocol is not None else None
    if cadence is None or escalation.opened_on is None:
        return []
    end = dt.datetime.combine(portfolio.as_of, _END_OF_DAY)
    if not portfolio.is_open(escalation) and escalation.resolved_on is not None:
        end = min(end, escalation.resolved_on)
    updates = [u.date for u in portfolio.updates_by_escalation.get(escalation.escalation_id, []) if u.date]
    return missed_updates(clock, cadence, escalation.opened_on, updates, end=end)
