"""Business time: deadlines and elapsed time on the company's business calendar.

Every datetime here is *naive local wall-clock time* in the calendar's time zone, as the workbook records it.
(An aware datetime is accepted and converted to that zone first.)

Units, as :class:`~macros.policy.common.Duration` names them:

``business_hours``
    Working time only: ``day_starts``–``day_ends`` on business days (a working weekday that is neither a public
    holiday nor a company closure). A moment outside opening hours counts from the next opening. Business time is
    wall-clock time inside opening hours, so every business day has the same length even on a DST-change day
    (the changes happen at night in practice). ``start + N business hours`` is the *earliest* moment at which
    N hours of working time have passed: Mon 09:00 + 8 business hours on a 09:00–17:00 day is Mon 17:00.
``business_days``
    The same business-time position N business days later: Mon 10:00 + 1 = Tue 10:00, Fri 16:00 + 1 = Mon 16:00
    (weekends, holidays and closures skipped). A start outside opening hours (before opening, at or after closing,
    on a non-business day) first moves to the next opening: Sat 12:00 + 1 = Tue 09:00, which is the same amount of
    business time as "by close of Monday" and is the last moment before more working time passes. A fractional
    part is added as that share of a business day's hours.
``hours``
    Real elapsed hours: the start is converted to UTC, the hours added, and the result converted back, so
    Chicago 2026-03-07 12:00 + 24 hours = 2026-03-08 13:00 (the clocks spring forward that night).
``days``
    Calendar days: the same wall-clock time N dates later (2026-03-07 12:00 + 1 day = 2026-03-08 12:00, 23 real
    hours); a fractional part is added as real hours (0.5 day = 12 hours).

A naive time that does not exist locally (inside a spring-forward gap) is read with the offset before the change
(02:30 → 03:30); an ambiguous one (repeated in the autumn) is read as its first occurrence.

:meth:`BusinessClock.elapsed` is the inverse of :meth:`BusinessClock.add`: ``elapsed(s, add(s, d), d.unit) ==
d.amount``. Public holidays come from the ``holidays`` library for the calendar's country and subdivision, loaded
lazily one year at a time, so any year can be asked for. Counting is O(years) per call (whole weeks are counted
arithmetically and holidays looked up by bisection), so thousands of escalations are cheap.
"""

from __future__ import annotations

import bisect
import datetime as dt
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from ..policy.common import Duration
from ..policy.organisation import WEEKDAYS, BusinessCalendar

_US_PER_HOUR = 3_600_000_000
_US_PER_DAY = 24 * _US_PER_HOUR
_UTC = dt.UTC
UNITS: tuple[str, ...] = ("business_hours", "hours", "business_days", "days")


def _us_of_time(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _us(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class BusinessClock:
    """Deadlines and elapsed time on one :class:`BusinessCalendar`. Build one per policy and reuse it."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.zone = ZoneInfo(calendar.timezone)
        self._weekdays = frozenset(WEEKDAYS.index(day) for day in calendar.working_days)
        self._opens = calendar.day_starts.replace(tzinfo=None)
        self._closes = calendar.day_ends.replace(tzinfo=None)
        self._opens_us = _us_of_time(self._opens)
        self._day_us = _us_of_time(self._closes) - self._opens_us
        self._closure_names = {closure.date: closure.name for closure in calendar.closures}
        self._source = calendar.holidays
        if self._source is not None:
            try:  # fail at construction on an unknown country or subdivision, not on the first lookup
                holidays_lib.country_holidays(self._source.country, subdiv=self._source.subdivision, years=())
            except NotImplementedError as error:
                raise ValueError(f"the holidays library cannot give public holidays here: {error}") from error
        self._closed_by_year: dict[int, dict[dt.date, str]] = {}
        self._off_by_year: dict[int, list[dt.date]] = {}

    # --- the calendar --------------------------------------------------------------------------------------------
    @property
    def business_day_length(self) -> dt.timedelta:
        """Working time in one business day (``day_ends - day_starts``)."""
        return dt.timedelta(microseconds=self._day_us)

    def closed_days(self, year: int) -> dict[dt.date, str]:
        """Public holidays and company closures in ``year``, with their names (weekends not included)."""
        cached = self._closed_by_year.get(year)
        if cached is None:
            cached = {}
            if self._source is not None:
                # Observed days can cross the new year (1 Jan on a Saturday is observed on 31 Dec), so the
                # neighbouring years are generated too and only this year's dates kept.
                generated = holidays_lib.country_holidays(
                    self._source.country, subdiv=self._source.subdivision, years=range(year - 1, year + 2)
                )
                cached.update((day, name) for day, name in generated.items() if day.year == year)
            for day, name in self._closure_names.items():
                if day.year == year:
                    cached[day] = f"{cached[day]}; {name}" if day in cached else name
            self._closed_by_year[year] = cached
        return cached

    def _off_days(self, year: int) -> list[dt.date]:
        """Sorted working-weekday dates of ``year`` that are closed: the only exceptions to the weekly pattern."""
        off = self._off_by_year.get(year)
        if off is None:
            off = sorted(day for day in self.closed_days(year) if day.weekday() in self._weekdays)
            self._off_by_year[year] = off
        return off

    def closed_reason(self, day: dt.date) -> str | None:
        """Name of the holiday or closure on ``day``, if any."""
        return self.closed_days(day.year).get(day)

    def is_business_day(self, day: dt.date) -> bool:
        if day.weekday() not in self._weekdays:
            return False
        off = self._off_days(day.year)
        index = bisect.bisect_left(off, day)
        return not (index < len(off) and off[index] == day)

    def count_business_days(self, first: dt.date, stop: dt.date) -> int:
        """Business days ``d`` with ``first <= d < stop`` (0 when ``stop <= first``)."""
        if stop <= first:
            return 0
        span = (stop - first).days
        weeks, rest = divmod(span, 7)
        count = weeks * len(self._weekdays)
        count += sum(1 for i in range(rest) if (first.weekday() + i) % 7 in self._weekdays)
        for year in range(first.year, stop.year + 1):
            off = self._off_days(year)
            count -= bisect.bisect_left(off, stop) - bisect.bisect_left(off, first)
        return count

    def shift_business_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th business day after ``day`` (``count >= 1``); ``day`` itself is not counted."""
        if count < 1:
            raise ValueError("count must be at least 1")
        per_week = len(self._weekdays)
        current, remaining = day, count
        # Fast path: jump whole weeks while more than a week's business days remain. A jump never overshoots,
        # since holidays can only lower the number of business days a week holds, and it leaves at least one
        # day to find by stepping, so the answer is always a business day.
        while remaining > per_week:
            jump = current + dt.timedelta(days=7 * ((remaining - 1) // per_week))
            remaining -= self.count_business_days(current + dt.timedelta(days=1), jump + dt.timedelta(days=1))
            current = jump
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_business_day(current):
                remaining -= 1
        return current

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day strictly after ``day``."""
        return self.shift_business_days(day, 1)

    def next_business_day_end(self, moment: dt.datetime) -> dt.datetime:
        """Close of business on the first business day after ``moment``'s date: the "due soon" horizon.

        As of Monday (any time), that is Tuesday's close; as of Friday or Saturday, Monday's close.
        """
        moment = self._naive(moment)
        return dt.datetime.combine(self.next_business_day(moment.date()), self._closes)

    def due_within_next_business_day(self, as_of: dt.datetime, deadline: dt.datetime) -> bool:
        """Whether ``deadline`` has not passed at ``as_of`` and falls by the end of the next business day.

        A deadline after that close but before the following opening counts too: no working time separates
        it from the close (a ``business_days`` deadline of "Wednesday 09:00" is the same as "close of Tuesday").
        """
        as_of, deadline = self._naive(as_of), self._naive(deadline)
        if deadline < as_of:
            return False
        horizon = self.next_business_day_end(as_of)
        return deadline <= horizon or self._business_us(horizon, deadline) == 0

    # --- time zone ----------------------------------------------------------------------------------------------
    def _naive(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is not None:
            return moment.astimezone(self.zone).replace(tzinfo=None)
        return moment

    def to_utc(self, moment: dt.datetime) -> dt.datetime:
        """An aware UTC datetime for a local wall-clock moment."""
        if moment.tzinfo is not None:
            return moment.astimezone(_UTC)
        return moment.replace(tzinfo=self.zone).astimezone(_UTC)

    def to_local(self, moment: dt.datetime) -> dt.datetime:
        """Naive local wall-clock time for an aware datetime."""
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def _normalise(self, moment: dt.datetime) -> dt.datetime:
        """Move a wall-clock time that does not exist (spring-forward gap) to the real time it means."""
        return self.to_local(self.to_utc(moment))

    # --- business-time positions --------------------------------------------------------------------------------
    def _within(self, moment: dt.datetime) -> int:
        """Working microseconds of ``moment``'s own day that have passed by ``moment`` (0 on a closed day)."""
        if not self.is_business_day(moment.date()):
            return 0
        since_open = _us_of_time(moment.time()) - self._opens_us
        return min(max(since_open, 0), self._day_us)

    def _business_us(self, start: dt.datetime, end: dt.datetime) -> int:
        """Working microseconds from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self._business_us(end, start)
        days = self.count_business_days(start.date(), end.date())
        return days * self._day_us + self._within(end) - self._within(start)

    def _add_business_us(self, start: dt.datetime, amount_us: int) -> dt.datetime:
        day = start.date()
        position = self._within(start) + amount_us
        if self.is_business_day(day):
            if position <= self._day_us:
                return dt.datetime.combine(day, self._opens) + dt.timedelta(microseconds=position)
            position -= self._day_us
        # ``position`` (> 0) of working time is left after ``day``: it ends on the k-th business day after it.
        k = -(-position // self._day_us)
        offset = position - (k - 1) * self._day_us
        target = self.shift_business_days(day, k)
        return dt.datetime.combine(target, self._opens) + dt.timedelta(microseconds=offset)

    def _roll_to_opening_hours(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` if it is inside opening hours (closing excluded), else the next opening."""
        day = moment.date()
        if self.is_business_day(day):
            if moment.time() < self._opens:
                return dt.datetime.combine(day, self._opens)
            if moment.time() < self._closes:
                return moment
        return dt.datetime.combine(self.next_business_day(day), self._opens)

    # --- the public measures ------------------------------------------------------------------------------------
    def add(self, start: dt.datetime, duration: Duration) -> dt.datetime:
        """The deadline ``duration`` after ``start`` (see the module docstring for each unit's meaning)."""
        start = self._naive(start)
        amount, unit = duration.amount, duration.unit
        if amount < 0:
            raise ValueError("a duration to add cannot be negative")
        if unit == "business_hours":
            if amount == 0:
                return start
            return self._add_business_us(start, round(amount * _US_PER_HOUR))
        if unit == "business_days":
            whole = int(amount)
            fraction_us = round((amount - whole) * self._day_us)
            moment = self._roll_to_opening_hours(start)
            if whole:
                later = self.shift_business_days(moment.date(), whole)
                moment = dt.datetime.combine(later, moment.time())
            if fraction_us:
                moment = self._add_business_us(moment, fraction_us)
            return moment
        if unit == "hours":
            return self.to_local(self.to_utc(start) + dt.timedelta(microseconds=round(amount * _US_PER_HOUR)))
        if unit == "days":
            whole = int(amount)
            moment = self._normalise(start + dt.timedelta(days=whole))
            fraction_us = round((amount - whole) * _US_PER_DAY)
            if fraction_us:
                moment = self.to_local(self.to_utc(moment) + dt.timedelta(microseconds=fraction_us))
            return moment
        raise ValueError(f"unknown duration unit '{unit}' (expected one of {', '.join(UNITS)})")

    def elapsed(self, start: dt.datetime, end: dt.datetime, unit: str) -> float:
        """Time from ``start`` to ``end`` in ``unit``; negative when ``end`` is earlier. The inverse of :meth:`add`."""
        start, end = self._naive(start), self._naive(end)
        if unit == "business_hours":
            return self._business_us(start, end) / _US_PER_HOUR
        if unit == "business_days":
            return self._business_us(start, end) / self._day_us
        if unit == "hours":
            return _us(self.to_utc(end) - self.to_utc(start)) / _US_PER_HOUR
        if unit == "days":
            if end < start:
                return -self.elapsed(end, start, "days")
            whole = (end.date() - start.date()).days
            anchor = self._normalise(start + dt.timedelta(days=whole))
            while whole > 0 and anchor > end:
                whole -= 1
                anchor = self._normalise(start + dt.timedelta(days=whole))
            return whole + _us(self.to_utc(end) - self.to_utc(anchor)) / _US_PER_DAY
        raise ValueError(f"unknown duration unit '{unit}' (expected one of {', '.join(UNITS)})")
