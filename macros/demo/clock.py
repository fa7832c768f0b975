"""The policy's business calendar, as far as the demo-data generator needs it."""

from __future__ import annotations

import calendar
import datetime as dt
import random

import holidays

from ..policy.common import Duration
from ..policy.model import Policy


class Clock:
    """Business days and hours of the policy's calendar, enough to place realistic moments and add targets."""

    def __init__(self, policy: Policy, first: dt.date, last: dt.date) -> None:
        cal = policy.organisation.calendar
        weekdays = {calendar.day_name[i].lower(): i for i in range(7)}
        self.working = {weekdays[d] for d in cal.working_days}
        self.starts, self.ends = cal.day_starts, cal.day_ends
        self.day_length = dt.datetime.combine(first, self.ends) - dt.datetime.combine(first, self.starts)
        self.closed: set[dt.date] = {c.date for c in cal.closures}
        if cal.holidays is not None:
            years = range(first.year - 1, last.year + 2)
            self.closed.update(
                holidays.country_holidays(cal.holidays.country, subdiv=cal.holidays.subdivision, years=years)
            )

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() in self.working and day not in self.closed

    def next_business_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_business_day(self, day: dt.date) -> dt.date:
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day

    def moment(self, day: dt.date, rng: random.Random) -> dt.datetime:
        """A time during business hours on ``day`` (or the business day before), to five minutes."""
        day = self.previous_business_day(day)
        minutes = int(self.day_length.total_seconds() // 60) - 30
        offset = rng.randrange(0, max(minutes, 5), 5)
        return dt.datetime.combine(day, self.starts) + dt.timedelta(minutes=offset)

    def add(self, moment: dt.datetime, duration: Duration, factor: float = 1.0) -> dt.datetime:
        """``moment`` plus ``factor`` times ``duration``, to the minute."""
        amount = duration.amount * factor
        if duration.unit == "hours":
            result = moment + dt.timedelta(hours=amount)
        elif duration.unit == "days":
            result = moment + dt.timedelta(days=amount)
        elif duration.unit == "business_days":
            day = moment.date()
            for _ in range(int(amount)):
                day = self.next_business_day(day)
            result = dt.datetime.combine(day, moment.time())
            result = self._add_business_time(result, self.day_length * (amount - int(amount)))
        else:
            result = self._add_business_time(moment, dt.timedelta(hours=amount))
        return result.replace(second=0, microsecond=0)

    def _add_business_time(self, moment: dt.datetime, remaining: dt.timedelta) -> dt.datetime:
        current = self.clamp(moment)
        while True:
            available = dt.datetime.combine(current.date(), self.ends) - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = dt.datetime.combine(self.next_business_day(current.date()), self.starts)

    def clamp(self, moment: dt.datetime) -> dt.datetime:
        day = moment.date()
        if not self.is_business_day(day) or moment.time() >= self.ends:
            return dt.datetime.combine(self.next_business_day(day), self.starts)
        return max(moment, dt.datetime.combine(day, self.starts))

    def calendar_days(self, duration: Duration | None, default: float) -> float:
        """Rough length of a duration in calendar days, for choosing windows (not for checking targets)."""
        if duration is None:
            return default
        hours_per_day = self.day_length.total_seconds() / 3600
        return {
            "days": duration.amount,
            "hours": duration.amount / 24,
            "business_days": duration.amount * 7 / 5,
            "business_hours": duration.amount / hours_per_day * 7 / 5,
        }[duration.unit]
