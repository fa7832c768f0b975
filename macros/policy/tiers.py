"""`tiers.yaml`: escalation tiers, their criteria, response targets and time-based escalation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Bounds, Duration, Id, OwnedFile, PolicyModel

EscalationFact = Literal[
    "arr", "arr_at_risk", "days_to_renewal", "days_open", "health", "blocker_type", "segment", "region"
]
"""Facts about an escalation and its account that tier criteria can test."""

NUMERIC_ESCALATION_FACTS = frozenset({"arr", "arr_at_risk", "days_to_renewal", "days_open"})


class Criterion(PolicyModel):
    """One way an escalation qualifies for a tier: every test under `when` must pass."""

    description: str = Field(min_length=1)
    """The rule in words, shown on the tier page and as the reason when it applies."""
    when: dict[EscalationFact, Bounds] = Field(min_length=1)
    """Fact → test. Numeric facts take at_least/above/at_most/below; text facts take `in`."""


class ResponseTargets(PolicyModel):
    acknowledge: Duration | None = None
    """From the escalation being opened to its owner acknowledging it."""
    exec_engaged: Duration | None = None
    """From opening to the executive sponsor being engaged."""
    status_update_every: Duration | None = None
    """Longest allowed gap between status updates while the escalation is open."""
    review_within: Duration | None = None
    """From resolution to the post-escalation review."""


class TimeEscalation(PolicyModel):
    """An escalation left unresolved for too long belongs in a higher tier."""

    unresolved_for: Duration
    """How long an escalation may stay unresolved in this tier."""
    to: Id
    """The tier it moves to."""


class Tier(PolicyModel):
    id: Id
    name: str
    color: str = Field(default="#607d8b", pattern=r"^#[0-9a-fA-F]{6}$")
    """Colour of the tier's badge."""
    summary: str = ""
    """One or two sentences on what this tier means."""
    criteria: list[Criterion] = Field(default_factory=list)
    """An escalation belongs in this tier when any criterion matches. The lowest tier may have none."""
    response: ResponseTargets = Field(default_factory=ResponseTargets)
    """How fast this tier must be answered."""
    escalate_after: TimeEscalation | None = None
    """Where an escalation left unresolved too long moves."""


class TiersFile(OwnedFile):
    tiers: list[Tier] = Field(min_length=1)
    """Tiers from the least to the most severe; order matters."""
