"""The daily digest: for each owner, what is overdue, due today and due this week, what changed since the
previous business day, which response targets are breached and which approvals were given without authority.

Everything here is read from the shared analysis (:mod:`.reminders`, :class:`~.governance.Governance`), so the
digest says what the site says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..workbook.records import Commitment, Escalation
from .authority import AuthorityVerdict
from .business_time import BusinessClock
from .governance import Governance
from .reminders import RESPONSE_TARGET, STATUS_UPDATE, DueItem, due_items, is_due_this_week, is_due_today
from .response_targets import TargetResult
from .tiering import assess_tier

BREACH_KINDS = frozenset({RESPONSE_TARGET, STATUS_UPDATE})
"""Items listed under breached response targets rather than under overdue, so nothing is said twice."""


@dataclass(frozen=True)
class TierChange:
    escalation: Escalation
    before: str
    """The tier the policy put the escalation in on the previous business day."""
    after: str
    """The tier the policy puts it in as of today."""


@dataclass(frozen=True)
class Breach:
    escalation: Escalation
    result: TargetResult


@dataclass(frozen=True)
class AuthorityFinding:
    commitment: Commitment
    verdict: AuthorityVerdict


@dataclass
class OwnerDigest:
    person_id: str
    overdue: list[DueItem] = field(default_factory=list)
    due_today: list[DueItem] = field(default_factory=list)
    due_this_week: list[DueItem] = field(default_factory=list)
    opened: list[Escalation] = field(default_factory=list)
    """Escalations they own opened since the start of the previous business day."""
    tier_changes: list[TierChange] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    authority_findings: list[AuthorityFinding] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(
            (
                self.overdue,
                self.due_today,
                self.due_this_week,
                self.opened,
                self.tier_changes,
                self.breaches,
                self.authority_findings,
            )
        )


@dataclass
class Digest:
    as_of: dt.date
    since: dt.date
    """The previous business day: "opened" and "tier changes" count from its start."""
    owners: list[OwnerDigest]
    """Owners with something to report, by person name (casefolded: "Weiß" reads "Weiss", before "Weist")."""


def previous_business_day(clock: BusinessClock, day: dt.date) -> dt.date:
    """The last business day strictly before ``day`` (the day before, when a calendar has none in a year)."""
    candidate = day - dt.timedelta(days=1)
    for _ in range(366):
        if clock.is_business_day(candidate):
            return candidate
        candidate -= dt.timedelta(days=1)
    return day - dt.timedelta(days=1)


def build_digest(governance: Governance, *, person_id: str | None = None) -> Digest:
    portfolio = governance.portfolio
    policy = governance.policy
    as_of = portfolio.as_of
    since = previous_business_day(governance.clock, as_of)
    owners: dict[str, OwnerDigest] = {}

    def owner(pid: str) -> OwnerDigest:
        return owners.setdefault(pid, OwnerDigest(pid))

    for item in due_items(governance):
        if item.kind in BREACH_KINDS:
            continue
        for pid in item.people[:1] if item.escalation_id else item.people:
            if item.overdue:
                owner(pid).overdue.append(item)
            elif is_due_today(item, as_of):
                owner(pid).due_today.append(item)
            elif is_due_this_week(item, as_of):
                owner(pid).due_this_week.append(item)

    start = dt.datetime.combine(since, dt.time.min)
    for escalation in sorted(portfolio.escalations, key=lambda e: (e.opened_on or start, e.escalation_id)):
        if escalation.opened_on is not None and escalation.opened_on >= start:
            owner(escalation.owner).opened.append(escalation)

    for escalation in portfolio.open_escalations:
        if escalation.opened_on is None:
            continue
        after = governance.assessments[escalation.escalation_id].policy_tier
        if escalation.opened_on < start:
            before = _policy_tier_on(governance, escalation, since)
            if before != after:
                owner(escalation.owner).tier_changes.append(TierChange(escalation, before, after))
        for result in governance.breaches(escalation):
            owner(escalation.owner).breaches.append(Breach(escalation, result))

    for commitment in portfolio.commitments:
        escalation = portfolio.escalation_by_id.get(commitment.escalation_id)
        still_relevant = portfolio.commitment_state(commitment) == "open" or (
            escalation is not None and portfolio.is_open(escalation)
        )
        if still_relevant and governance.is_finding(commitment):
            owner(commitment.owner).authority_findings.append(
                AuthorityFinding(commitment, governance.verdict(commitment))
            )

    chosen = [o for o in owners.values() if not o.is_empty() and (person_id is None or o.person_id == person_id)]
    names = {p.id: p.name.casefold() for p in policy.organisation.people}
    chosen.sort(key=lambda o: (names.get(o.person_id, o.person_id.lower()), o.person_id))
    return Digest(as_of, since, chosen)


def _policy_tier_on(governance: Governance, escalation: Escalation, day: dt.date) -> str:
    """The tier the policy put an open escalation in as of ``day`` (criteria and time-based rules)."""
    portfolio = governance.portfolio
    return assess_tier(
        governance.policy,
        governance.clock,
        escalation,
        portfolio.account_of(escalation),
        as_of=day,
        arr_at_risk=portfolio.arr_at_risk(escalation),
        is_open=True,
    ).policy_tier
