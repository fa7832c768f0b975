"""`communication.yaml`: channels, meetings, status updates and message templates per tier."""

from __future__ import annotations

from pydantic import Field

from .common import Duration, Id, OwnedFile, PolicyModel


class Channel(PolicyModel):
    name: str
    """e.g. `#esc-<account>` Slack channel, email thread, bridge call."""
    purpose: str = ""


class Meeting(PolicyModel):
    name: str
    cadence: Duration
    """How often it meets while the escalation is open."""
    attendees: list[Id] = Field(default_factory=list)
    """Roles expected to attend."""
    purpose: str = ""


class StatusUpdates(PolicyModel):
    """What a status update must look like; how often is the tier's `status_update_every` target."""

    audience: list[Id] = Field(default_factory=list)
    """Roles that receive each update."""
    channel: str = ""
    template: Id | None = None
    """Message template to use."""
    must_include: list[str] = Field(default_factory=list)
    """Points every update covers."""


class Protocol(PolicyModel):
    channels: list[Channel] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    status_updates: StatusUpdates = Field(default_factory=StatusUpdates)
    notes: str = ""


class MessageTemplate(PolicyModel):
    """A message skeleton. Placeholders in braces (`{account}`) are shown as written; nothing is evaluated."""

    id: Id
    title: str
    audience: str = ""
    channel: str = ""
    subject: str = ""
    body: str = Field(min_length=1)


class CommunicationFile(OwnedFile):
    protocols: dict[Id, Protocol] = Field(min_length=1)
    """Tier id → protocol."""
    templates: list[MessageTemplate] = Field(default_factory=list)
