"""Response targets that cannot be met, and tier criteria that never decide a tier because a higher tier's
criterion catches every escalation they catch (the highest matching tier wins)."""

from __future__ import annotations

import math

from ...policy.common import Bounds, Duration
from ...policy.model import Policy
from .people import Finding


def _hours(duration: Duration, hours_per_day: float) -> tuple[str, float]:
    """(clock, length in hours) so that durations on the same clock compare."""
    if duration.unit == "business_hours":
        return "business", duration.amount
    if duration.unit == "business_days":
        return "business", duration.amount * hours_per_day
    return "calendar", duration.amount * (24 if duration.unit == "days" else 1)


def impossible_targets(policy: Policy) -> list[Finding]:
    """Acknowledging later than the escalation is engaged or moved up: the later target can never be met first."""
    calendar = policy.organisation.calendar
    start = calendar.day_starts.hour * 60 + calendar.day_starts.minute
    end = calendar.day_ends.hour * 60 + calendar.day_ends.minute
    hours_per_day = (end - start) / 60
    findings: list[Finding] = []
    for index, tier in enumerate(policy.tiers):
        acknowledge = tier.response.acknowledge
        if acknowledge is None:
            continue
        later = [("exec_engaged", tier.response.exec_engaged, "the executive sponsor must be engaged")]
        if tier.escalate_after is not None:
            later.append(("escalate_after", tier.escalate_after.unresolved_for, "it moves up unresolved"))
        ack_clock, ack_hours = _hours(acknowledge, hours_per_day)
        for key, duration, what in later:
            if duration is None:
                continue
            clock, hours = _hours(duration, hours_per_day)
            if clock == ack_clock and ack_hours > hours:
                findings.append(
                    (
                        "tiers.yaml",
                        ("tiers", index, "response", "acknowledge"),
                        f"{tier.name}: acknowledging within {acknowledge.describe()} is later than {what} "
                        f"({duration.describe()}, {key})",
                        "shorten the acknowledgement target",
                        "lint-target",
                    )
                )
    return findings


def _low(b: Bounds) -> tuple[float, bool]:
    if b.at_least is not None:
        return b.at_least, True
    if b.above is not None:
        return b.above, False
    return -math.inf, False


def _high(b: Bounds) -> tuple[float, bool]:
    if b.at_most is not None:
        return b.at_most, True
    if b.below is not None:
        return b.below, False
    return math.inf, False


def _within(inner: Bounds, outer: Bounds) -> bool:
    """Every value ``inner`` accepts, ``outer`` accepts too."""
    if inner.in_ is not None or outer.in_ is not None:
        if inner.in_ is None or outer.in_ is None:
            return False
        return {v.lower() for v in inner.in_} <= {v.lower() for v in outer.in_}
    (il, il_in), (ol, ol_in) = _low(inner), _low(outer)
    (ih, ih_in), (oh, oh_in) = _high(inner), _high(outer)
    low_ok = il > ol or (il == ol and (ol_in or not il_in))
    high_ok = ih < oh or (ih == oh and (oh_in or not ih_in))
    return low_ok and high_ok


def shadowed_criteria(policy: Policy) -> list[Finding]:
    """A criterion every escalation of which also meets a criterion of a higher tier: the higher tier wins."""
    findings: list[Finding] = []
    tiers = policy.tiers
    for index, tier in enumerate(tiers):
        for k, criterion in enumerate(tier.criteria):
            for higher in tiers[index + 1 :]:
                winner = next(
                    (
                        other
                        for other in higher.criteria
                        if all(f in criterion.when and _within(criterion.when[f], t) for f, t in other.when.items())
                    ),
                    None,
                )
                if winner is None:
                    continue
                findings.append(
                    (
                        "tiers.yaml",
                        ("tiers", index, "criteria", k),
                        f"every escalation meeting '{criterion.description}' ({tier.name}) also meets "
                        f"'{winner.description}' ({higher.name}); {higher.name} wins, so this criterion never "
                        "decides a tier",
                        "narrow one of the two criteria, or remove this one",
                        "lint-tier-overlap",
                    )
                )
                break
    return findings
