"""How far a day is from the as-of date, and how that reads: the one place the site turns dates into "in 12 days",
"3 days ago", "overdue" or "this week".

Every page asks :func:`relative_to` (or the helpers built on it) rather than subtracting dates itself, so a build
as of one date never says two different things about the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEEK_DAYS = 7
""""This week": from the as-of date to seven days after it (deadlines already passed count too, as overdue)."""


@dataclass(frozen=True)
class RelativeDay:
    """A day seen from the as-of date. ``days`` is positive in the future, negative in the past."""

    days: int

    @property
    def overdue(self) -> bool:
        """A due date that has passed: due before the as-of date (due on the as-of date is not yet overdue)."""
        return self.days < 0

    @property
    def this_week(self) -> bool:
        """Due from the as-of date to :data:`WEEK_DAYS` days later."""
        return 0 <= self.days <= WEEK_DAYS

    def within(self, days: int) -> bool:
        """Falls from the as-of date to ``days`` days later, both included."""
        return 0 <= self.days <= days

    def within_past(self, days: int) -> bool:
        """Fell in the ``days`` days before the as-of date, or on it."""
        return -days <= self.days <= 0

    def due_within(self, days: int) -> bool:
        """Due by ``days`` days after the as-of date, overdue ones included."""
        return self.days <= days

    @property
    def phrase(self) -> str:
        """'today', 'tomorrow', 'yesterday', 'in 12 days', '3 days ago'."""
        if self.days == 0:
            return "today"
        if self.days == 1:
            return "tomorrow"
        if self.days == -1:
            return "yesterday"
        return f"in {self.days:,} days" if self.days > 0 else f"{-self.days:,} days ago"


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def relative_to(day: dt.date | dt.datetime | None, as_of: dt.date) -> RelativeDay | None:
    """``day`` as seen on ``as_of`` (``None`` when there is no day). Moments count by their calendar day."""
    if day is None:
        return None
    return RelativeDay((_as_date(day) - _as_date(as_of)).days)


def days_from(day: dt.date | dt.datetime | None, as_of: dt.date) -> int | None:
    """Signed days from ``as_of`` to ``day``; ``None`` when there is no day."""
    found = relative_to(day, as_of)
    return None if found is None else found.days


def is_overdue(day: dt.date | dt.datetime | None, as_of: dt.date) -> bool:
    found = relative_to(day, as_of)
    return found is not None and found.overdue


def horizon_of(as_of: dt.date, days: int = WEEK_DAYS) -> dt.date:
    """The last day of a window that starts on the as-of date and lasts ``days`` more days."""
    return as_of + dt.timedelta(days=days)


def phrase(days: int | None) -> str:
    """The phrase for a signed day count ('—' when there is none)."""
    return "—" if days is None else RelativeDay(days).phrase
