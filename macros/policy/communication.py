"""`communication.yaml`: channels, meetings, status updates and message templates per tier."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from .common import Duration, Id, OwnedFile, PolicyModel
from .organisation import Weekday, _clock_schema


class Channel(PolicyModel):
    name: str
    """e.g. `#esc-<account>` Slack channel, email thread, bridge call."""
    purpose: str = ""
    """What it is for."""


class Meeting(PolicyModel):
    name: str
    cadence: Duration
    """How often it meets while the escalation is open."""
    attendees: list[Id] = Field(default_factory=list)
    """Roles expected to attend."""
    purpose: str = ""
    """What it is for."""


class UpdateCadence(PolicyModel):
    """Fixed days a status update is due while an escalation is open: every N days counted from opening, on
    named weekdays, or both; optionally by a local time of day (`by: "17:00"`), else by the end of the day."""

    every: Duration | None = None
    """Every N days or business days from the day the escalation was opened, e.g. `2 business days`."""
    weekdays: list[Weekday] = Field(default_factory=list)
    """Weekdays an update is due on (e.g. `[friday]`); public holidays and closures are skipped."""
    by: dt.time | None = Field(default=None, json_schema_extra=_clock_schema)
    """Local time of day (business time zone) the update is due by, e.g. `"17:00"`."""

    @field_validator("by", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        # YAML 1.1 reads 17:00 as the sexagesimal integer 1020; accept it as minutes past midnight. Any other
        # number (24:00 read as 1440, a negative) is refused: left to pydantic it would be read as seconds.
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value == int(value) and 0 <= value < 24 * 60:
                return dt.time(int(value) // 60, int(value) % 60)
            raise ValueError('not a time of day: write a time from "00:00" to "23:59", in quotes')
        return value

    @model_validator(mode="after")
    def _something(self) -> UpdateCadence:
        if self.every is None and not self.weekdays:
            raise ValueError("give 'every', 'weekdays', or both")
        if self.every is not None and self.every.unit not in ("days", "business_days"):
            raise ValueError("'every' counts days: write it in days or business days, e.g. '2 business days'")
        if self.every is not None and self.every.amount != int(self.every.amount):
            raise ValueError("'every' is a whole number of days")
        return self

    def describe(self) -> str:
        """E.g. "every 2 business days and every Friday, by 17:00 local"."""
        parts = []
        if self.every is not None:
            parts.append(f"every {self.every.describe()}")
        if self.weekdays:
            parts.append("every " + " and ".join(day.capitalize() for day in self.weekdays))
        text = " and ".join(parts)
        return text + (f", by {self.by.strftime('%H:%M')} local" if self.by else "")


class StatusUpdates(PolicyModel):
    """What a status update must look like; how often is the tier's `status_update_every` target."""

    audience: list[Id] = Field(default_factory=list)
    """Roles that receive each update."""
    channel: str = ""
    """Where it is sent or posted."""
    template: Id | None = None
    """Message template to use."""
    must_include: list[str] = Field(default_factory=list)
    """Points every update covers."""
    cadence: UpdateCadence | None = None
    """Fixed days updates are due (checked against the Updates sheet), besides the tier's longest gap."""


class Protocol(PolicyModel):
    channels: list[Channel] = Field(default_factory=list)
    """Where the escalation is coordinated."""
    meetings: list[Meeting] = Field(default_factory=list)
    """Recurring meetings while the escalation is open."""
    status_updates: StatusUpdates = Field(default_factory=StatusUpdates)
    """Who receives status updates, where and in what form."""
    notes: str = ""
    """Anything else the protocol requires."""


class MessageTemplate(PolicyModel):
    """A message skeleton. Placeholders in braces (`{account}`) are shown as written; nothing is evaluated."""

    id: Id
    title: str
    """Heading shown on the communication page."""
    audience: str = ""
    """Who the message is for."""
    channel: str = ""
    """Where it is sent or posted."""
    subject: str = ""
    """Subject line, for email."""
    body: str = Field(min_length=1)
    """The message text; placeholders in braces are filled in by hand."""


class CommunicationFile(OwnedFile):
    protocols: dict[Id, Protocol] = Field(min_length=1)
    """Tier id → protocol."""
    templates: list[MessageTemplate] = Field(default_factory=list)
    """Message skeletons, referenced by id from status updates."""
