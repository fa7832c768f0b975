"""`escalation-log.yaml`: the values the workbook's controlled columns may take, and data-quality settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .common import Duration, Id, OwnedFile, PolicyModel


class Term(PolicyModel):
    """A value a controlled column may hold; the workbook may use the id or the name (any case)."""

    id: Id
    name: str
    description: str = ""
    """What the value means, shown in templates and dropdown help."""


class EscalationStatus(Term):
    open: bool
    """Whether escalations in this status are still open."""


class Outcome(Term):
    arr_result: Literal["saved", "lost", "partial"]
    """What the outcome means for ARR at risk: all saved, all lost, or partly saved (a downsell)."""


class HealthValue(Term):
    color: str = Field(default="#607d8b", pattern=r"^#[0-9a-fA-F]{6}$")
    """Colour of the badge."""


class ActionStatus(Term):
    done: bool
    """Whether actions in this status are finished (done or cancelled)."""
    blocked: bool = False
    """Whether actions in this status are stuck waiting on something: the tracker marks them Blocked."""


class CommitmentStatus(Term):
    state: Literal["open", "fulfilled", "missed", "cancelled"]
    """What the status means for commitment tracking."""


class Plays(PolicyModel):
    url_pattern: str | None = None
    """Link for a play, with `{play}` where its id goes, e.g. `https://wiki.example.com/plays/{play}`."""

    @field_validator("url_pattern")
    @classmethod
    def _safe(cls, value: str | None) -> str | None:
        if value is not None:
            if not value.lower().startswith(("https://", "http://")):
                raise ValueError("the play link must start with https:// or http://")
            if "{play}" not in value:
                raise ValueError("the play link must contain {play} where the play id goes")
        return value


class DataQuality(PolicyModel):
    stale_after: Duration = Duration(amount=14, unit="days")
    """An open escalation with no update for this long is listed as stale."""
    due_soon: Duration = Duration(amount=7, unit="days")
    """Actions and commitments due within this are 'due soon'."""


class LogValuesFile(OwnedFile):
    escalation_statuses: list[EscalationStatus] = Field(min_length=1)
    """Values of Escalations!Status."""
    outcomes: list[Outcome] = Field(min_length=1)
    """Values of Escalations!Outcome."""
    blocker_types: list[Term] = Field(min_length=1)
    """Values of Escalations!Blocker Type."""
    health_values: list[HealthValue] = Field(min_length=1)
    """Values of Accounts!Health."""
    segments: list[Term] = Field(min_length=1)
    """Values of Accounts!Segment."""
    action_statuses: list[ActionStatus] = Field(min_length=1)
    """Values of Actions!Status."""
    commitment_statuses: list[CommitmentStatus] = Field(min_length=1)
    """Values of Commitments!Status."""
    plays: Plays = Field(default_factory=Plays)
    """How Escalations!Play links to the renewal playbooks."""
    data_quality: DataQuality = Field(default_factory=DataQuality)
    """Thresholds for data-quality warnings."""
