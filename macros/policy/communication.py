"""`communication.yaml`: channels, meetings, status updates and message templates per tier."""

from __future__ import annotations

from pydantic import Field

from .common import Duration, Id, OwnedFile, PolicyModel


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
