"""Which tier an escalation belongs in by policy, and why; flags escalations recorded below their policy tier.

The policy tier is the highest tier one of whose criteria the escalation meets (the lowest tier when none
match), raised further by time-based escalation: an open escalation unresolved for longer than its tier's
``escalate_after`` moves to the named tier, and that rule is applied again from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..policy.model import Policy
from ..workbook.records import Account, Escalation
from .business_time import BusinessClock
from .relative_dates import days_from


@dataclass(frozen=True)
class TierReason:
    tier: str
    text: str
    """The criterion's description, or the time-based rule in words."""
    kind: str
    """``criterion`` or ``time``."""


@dataclass(frozen=True)
class TierAssessment:
    recorded: str
    policy_tier: str
    reasons: tuple[TierReason, ...]
    """Why the escalation meets its policy tier (every matching criterion of that tier, and time rules)."""
    recorded_reasons: tuple[TierReason, ...]
    """Criteria of the recorded tier that the escalation meets."""
    under_tiered: bool
    """The policy tier is higher than the recorded one."""

    def describe(self, policy: Policy) -> str:
        if not self.under_tiered:
            return ""
        reasons = "; ".join(r.text for r in self.reasons) or "its criteria"
        return (
            f"recorded as {policy.tier_by_id[self.recorded].name} but the policy puts it in "
            f"{policy.tier_by_id[self.policy_tier].name}: {reasons}"
        )


def escalation_facts(
    escalation: Escalation, account: Account, as_of: dt.date, arr_at_risk: float
) -> dict[str, float | str | None]:
    """The facts tier criteria test, as of a date."""
    return {
        "arr": account.arr,
        "arr_at_risk": arr_at_risk,
        "days_to_renewal": days_from(account.renewal_date, as_of),
        "days_open": -days_from(escalation.opened_on, as_of) if escalation.opened_on else None,
        "health": account.health,
        "blocker_type": escalation.blocker_type,
        "segment": account.segment,
        "region": account.region,
    }


def matching_criteria(policy: Policy, tier_id: str, facts: dict) -> list[TierReason]:
    tier = policy.tier_by_id[tier_id]
    return [
        TierReason(tier_id, criterion.description, "criterion")
        for criterion in tier.criteria
        if all(test.matches(facts.get(fact)) for fact, test in criterion.when.items())
    ]


def assess_tier(
    policy: Policy,
    clock: BusinessClock,
    escalation: Escalation,
    account: Account,
    *,
    as_of: dt.date,
    arr_at_risk: float,
    is_open: bool,
) -> TierAssessment:
    """Evaluate an escalation against every tier's criteria and the time-based rules, as of ``as_of``.

    Closed escalations are judged as they stood when resolved (days to renewal counted from the resolution day)
    and are never raised by time-based rules.
    """
    moment = as_of if is_open or escalation.resolved_on is None else escalation.resolved_on.date()
    facts = escalation_facts(escalation, account, moment, arr_at_risk)
    ranks = {t.id: i for i, t in enumerate(policy.tiers)}
    best = policy.tiers[0].id
    reasons: list[TierReason] = []
    for tier in policy.tiers:
        matched = matching_criteria(policy, tier.id, facts)
        if matched:
            best, reasons = tier.id, matched
    if is_open and escalation.opened_on is not None:
        end = dt.datetime.combine(as_of, dt.time(23, 59))
        current = max(best, escalation.tier, key=lambda t: ranks.get(t, 0))
        since = escalation.opened_on  # the moment the escalation entered ``current``
        seen = set()
        while current not in seen:
            seen.add(current)
            rule = policy.tier_by_id[current].escalate_after
            if rule is None:
                break
            moved_at = clock.add(since, rule.unresolved_for)
            if moved_at > end:
                break
            if ranks[rule.to] > ranks[best]:
                best = rule.to
                reasons = [
                    TierReason(
                        rule.to,
                        f"unresolved for more than {rule.unresolved_for.describe()} "
                        f"in {policy.tier_by_id[current].name}",
                        "time",
                    )
                ]
            current, since = rule.to, moved_at
    recorded_reasons = tuple(matching_criteria(policy, escalation.tier, facts)) if escalation.tier in ranks else ()
    under = ranks.get(best, 0) > ranks.get(escalation.tier, 0)
    return TierAssessment(escalation.tier, best, tuple(reasons), recorded_reasons, under)
