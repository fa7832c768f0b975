"""The sentences the learnings page leads with, worded from the roll-up of :mod:`macros.analysis.learnings` and the
policy's names for tiers and blocker types (never names written here)."""

from __future__ import annotations

from ..analysis.learnings import RECENT_WINDOW, Rollup, TierWindow, quarter_label
from ..policy.model import Policy
from .formats import plural


def blocker_name(policy: Policy, blocker: str | None) -> str:
    """The policy's name of a blocker type; the words for none recorded."""
    if blocker is None:
        return "Blocker type not recorded"
    term = policy.find_term("blocker_types", blocker)
    return term.name if term else blocker


def tier_sentence(policy: Policy, window: TierWindow) -> str:
    tier = policy.tier_by_id[window.tier].name if window.tier in policy.tier_by_id else window.tier
    if window.size == 0:
        return f"No {tier} escalation has been opened yet."
    if window.size == RECENT_WINDOW:
        which = f"the last {window.size} {tier} escalations"
    elif window.size == 1:
        which = f"the one {tier} escalation so far"
    else:
        which = f"the {window.size} {tier} escalations so far"
    if window.blocker is None:
        return f"None of {which} has a blocker type recorded."
    blocker = blocker_name(policy, window.blocker)
    if window.size == 1:
        return f"{which[0].upper()}{which[1:]} was blocked by {blocker}."
    return f"{window.blocker_count} of {which} were blocked by {blocker}."


def quarter_sentence(policy: Policy, rollup: Rollup) -> str:
    quarter = quarter_label(rollup.quarter)
    if rollup.quarter_opened == 0:
        return f"No escalation has been opened in {quarter} yet."
    opened = plural(rollup.quarter_opened, "escalation")
    if rollup.quarter_blocker is None:
        return f"{opened} opened in {quarter} to date, none with a blocker type recorded."
    blocker = blocker_name(policy, rollup.quarter_blocker)
    return (
        f"{opened} opened in {quarter} to date; the most common blocker type is {blocker} "
        f"({rollup.quarter_blocker_count} of {rollup.quarter_opened})."
    )


def lesson_sentence(rollup: Rollup, review_count: int) -> str:
    if rollup.repeated is None:
        if review_count == 0:
            return "No post-escalation review has been recorded yet."
        return "No lesson has been written in more than one review yet."
    repeated = rollup.repeated
    return f"The most repeated lesson, in {repeated.reviews} reviews: “{repeated.text}”"


def rollup_sentences(policy: Policy, rollup: Rollup, review_count: int) -> list[str]:
    """Three sentences: the most severe tier's latest blockers, this quarter's, and the most repeated lesson."""
    sentences = []
    if rollup.top_tier is not None:
        sentences.append(tier_sentence(policy, rollup.top_tier))
    sentences.append(quarter_sentence(policy, rollup))
    sentences.append(lesson_sentence(rollup, review_count))
    return sentences
