"""The view model of a monthly review page: plain dataclasses built by :mod:`.monthly_sections` and laid out by
``pages/month.md`` and the templates in ``templates/monthly/``."""

from __future__ import annotations

from dataclasses import dataclass

from .commitment_cells import Verdict
from .fragments import TierBadge
from .tables import Table


@dataclass(frozen=True, slots=True)
class Delta:
    text: str
    """``+3``, ``−$20,000``, ``+5 pts``; empty for no change."""
    css_class: str
    """Whether the change is good news: ``ref-good``, ``ref-bad`` or none."""


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True, slots=True)
class HeadlineRow:
    label: str
    figure: str
    before: str
    delta: Delta | None


@dataclass(frozen=True, slots=True)
class Chart:
    src: str
    what: str


@dataclass(frozen=True, slots=True)
class TrendRow:
    key: str
    opened: list[str]
    """Escalations opened, one per tier, most severe first."""
    arr_at_risk: str
    compliance: str


@dataclass(frozen=True, slots=True)
class Trends:
    charts: list[Chart]
    span: str
    """The months the charts cover, e.g. ``January 2026 to June 2026``."""
    width: int
    height: int
    tier_names: list[str]
    rows: list[TrendRow]


@dataclass(frozen=True, slots=True)
class TierLine:
    badge: TierBadge | None
    """None for the line of all tiers."""
    opened: str
    open_at_end: str
    arr_at_risk: str


@dataclass(frozen=True, slots=True)
class EscalationLine:
    """An escalation in a section's table: the link to it on its briefing and its account."""

    escalation_id: str
    href: str
    account_name: str
    account_href: str
    tier: TierBadge
    date: str
    """Opened, resolved or review date, depending on the table."""


@dataclass(frozen=True, slots=True)
class OpenedRow(EscalationLine):
    blocker: str
    arr_at_risk: str
    status: str


@dataclass(frozen=True, slots=True)
class ResolvedRow(EscalationLine):
    days_open: str
    outcome: str
    result: str
    arr_at_risk: str


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    figure: str
    css_class: str


@dataclass(frozen=True, slots=True)
class TargetLine:
    label: str | None
    """None for the line of all targets."""
    met: str
    breached: str
    percent: str


@dataclass(frozen=True, slots=True)
class CommitmentLine:
    commitment_id: str
    commitment_href: str
    escalation_id: str
    href: str
    account_name: str
    account_href: str
    type: str
    description: str
    owner: str
    due: str
    status: str
    approved: str
    verdict: Verdict
    overdue: bool


@dataclass(frozen=True, slots=True)
class ReviewLine:
    date: str
    escalation_id: str
    href: str
    account_name: str
    account_href: str
    facilitator: str
    what_to_change: str | None
    review_href: str


@dataclass(frozen=True, slots=True)
class OwedLine(EscalationLine):
    due: str
    owner: str


@dataclass(frozen=True, slots=True)
class RenewalLine:
    account_name: str
    account_href: str
    tier: TierBadge
    escalations: list[EscalationLine]
    renewal: str
    after: str
    arr: str
    arr_at_risk: str


@dataclass(frozen=True, slots=True)
class CommitView:
    when: str
    files: str
    subject: str
    sha: str


@dataclass(frozen=True, slots=True)
class PolicyChanges:
    folder: str
    commits: list[CommitView]
    shallow: bool
    """Built from a shallow checkout: older changes may be missing."""


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One of the three lines a month's page opens with: text, links (to an escalation or commitments), text."""

    label: str
    before: str
    links: list[Link]
    after: str


@dataclass(frozen=True, slots=True)
class SplitTables:
    by_segment: Table
    by_region: Table | None
    """None when no account records a region."""


@dataclass(frozen=True, slots=True)
class MonthPage:
    title: str
    nav: list[Link]
    period: str
    as_of: str
    summary: list[SummaryLine]
    """What changed since the month before, the biggest risk, the commitments at risk."""
    splits: SplitTables
    previous_title: str
    headlines: list[HeadlineRow]
    trends: Trends
    opened_count: int
    tiers: list[TierLine]
    opened: list[OpenedRow]
    status_now_label: str
    """The heading of the opened table's status column: the state on the as-of date, not at month end."""
    resolved_total: int
    resolved_count: str
    outcomes: list[str]
    resolved: list[ResolvedRow]
    arr_cards: list[Card]
    arr_note: str
    targets: list[TargetLine]
    commitments_due_total: int
    commitments_due_count: str
    commitment_counts: list[str]
    commitments_due: list[CommitmentLine]
    unauthorised_count: int
    unauthorised: list[CommitmentLine]
    reviews_done: list[ReviewLine]
    reviews_owed: list[OwedLine]
    renewals_count: int
    renewal_scope: str
    end: str
    renewals: list[RenewalLine]
    policy_changes: PolicyChanges | None
    """None when the policy's history is not available (no git)."""
    every_change_href: str
    """The page listing every policy change and what it did."""
