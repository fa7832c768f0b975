"""`organisation.yaml`: the company, its business calendar, roles, people and delegations."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import available_timezones

from pydantic import Field, field_validator, model_validator

from .common import Id, OwnedFile, PolicyModel

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Company(PolicyModel):
    name: str = Field(min_length=1)
    """The company's name, shown in the site's title and footer."""
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    """ISO 4217 code of the currency ARR and concession values are recorded in."""
    intranet_note: str = ""
    """A sentence shown on the home page, e.g. where to ask questions about the policy."""


class HolidaySource(PolicyModel):
    """Public holidays come from the `holidays` library, never from a hand-kept list."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166 country code, e.g. `US`, `GB`, `DE`."""
    subdivision: str | None = None
    """State or province code where holidays differ within the country, e.g. `CA` or `NY`."""


class Closure(PolicyModel):
    """A company-wide closure that is not a public holiday (a winter shutdown day, a company offsite)."""

    date: dt.date
    """The day the company is closed."""
    name: str


def _clock_schema(schema: dict) -> None:
    """Times are written "08:30" (quoted); JSON Schema's `time` format would demand seconds and an offset."""
    schema.pop("format", None)
    schema["type"] = "string"
    schema["pattern"] = r"^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"


class BusinessCalendar(PolicyModel):
    timezone: str
    """IANA time zone the business hours are in, e.g. `America/New_York`."""
    working_days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]), min_length=1)
    """Days of the week that count as business days."""
    day_starts: dt.time = Field(default=dt.time(9, 0), json_schema_extra=_clock_schema)
    """Start of the business day, local time (`09:00`)."""
    day_ends: dt.time = Field(default=dt.time(17, 0), json_schema_extra=_clock_schema)
    """End of the business day, local time (`17:30`)."""
    holidays: HolidaySource | None = None
    """Where public holidays come from; leave out to count no holidays."""
    closures: list[Closure] = Field(default_factory=list)
    """Extra company closure days."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"'{value}' is not an IANA time zone name (for example 'Europe/London')")
        return value

    @field_validator("day_starts", "day_ends", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        # YAML 1.1 reads 09:00 as the sexagesimal integer 540; accept it as minutes past midnight.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return dt.time(value // 60, value % 60)
        return value

    @model_validator(mode="after")
    def _order(self) -> BusinessCalendar:
        if self.day_ends <= self.day_starts:
            raise ValueError("day_ends must be later than day_starts")
        return self


class Role(PolicyModel):
    id: Id
    name: str
    """How the role is named on the site, e.g. `Chief Revenue Officer`."""
    description: str = ""
    """What the role does in an escalation."""
    covers: list[Id] = Field(default_factory=list)
    """Roles whose approval authority this role also holds (higher authority covers lower). Transitive."""


class AccountTeam(PolicyModel):
    """Which policy role each people column of the Accounts sheet fills."""

    csm: Id | None = None
    """Role of the person in the `CSM` column."""
    ae: Id | None = None
    """Role of the person in the `AE` column."""
    exec_sponsor: Id | None = None
    """Role of the person in the `Exec Sponsor` column."""


class Person(PolicyModel):
    id: Id
    name: str = Field(min_length=1)
    """Full name; the workbook may refer to the person by this exact name."""
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    """Work email; the workbook may refer to the person by it."""
    github: str | None = Field(default=None, pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
    """GitHub handle without the @, used for CODEOWNERS."""
    title: str = ""
    """Job title shown next to the name."""
    roles: list[Id] = Field(min_length=1)
    """Roles this person holds."""
    reports_to: Id | None = None
    """Person id of their manager."""


class Delegation(PolicyModel):
    """Approval authority lent from one person to another for a date range (inclusive at both ends)."""

    delegator: Id
    """Person id lending their authority."""
    delegate: Id
    """Person id receiving it."""
    roles: list[Id] = Field(default_factory=list)
    """Which of the delegator's roles are lent; empty lends all of them."""
    starts: dt.date
    """First day the delegation is in force."""
    ends: dt.date
    """Last day the delegation is in force."""
    reason: str = ""
    """Why the authority is lent (leave, travel…)."""

    @model_validator(mode="after")
    def _dates(self) -> Delegation:
        if self.ends < self.starts:
            raise ValueError("ends is before starts")
        if self.delegate == self.delegator:
            raise ValueError("a person cannot delegate to themselves")
        return self

    def active_on(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends


class OrganisationFile(OwnedFile):
    company: Company
    """The company the policy belongs to."""
    calendar: BusinessCalendar
    """Business hours, working days and holidays, used by every business-hours target."""
    roles: list[Role] = Field(min_length=1)
    """Every role named anywhere in the policy."""
    account_team: AccountTeam = Field(default_factory=AccountTeam)
    """Maps the Accounts sheet's people columns to roles."""
    people: list[Person] = Field(min_length=1)
    """Everyone who owns, approves or takes part in escalations."""
    delegations: list[Delegation] = Field(default_factory=list)
    """Approval authority lent for a period."""
    max_delegation_days: int | None = Field(default=None, gt=0)
    """Longest a delegation may run, in calendar days with both ends counted; `escalation validate` warns about
    longer ones. Leave out for no limit."""
