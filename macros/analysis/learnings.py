"""What the post-escalation reviews say together: blockers by count, lessons grouped by blocker type and tier, and
the few facts the learnings page leads with.

Decisions made here:

* **Quarter** of an escalation (and of its lessons) is the calendar quarter it was opened in, so a filter by
  quarter shows the same escalations in the blocker counts and in the lessons.
* **A lesson** is a review's *What To Change*. Two lessons are the same when their text is, ignoring case, runs of
  spaces and a final full stop. The most repeated lesson is the one in the most reviews; a tie goes to the one
  repeated most recently, then to the text.
* **The last escalations of a tier** are the newest by Opened On (then by id) of those opened by the as-of date:
  the portfolio already holds only those.
* A blocker type outside the policy's vocabulary (or none) counts as not recorded (``None``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..workbook.records import Escalation, Review
from .portfolio import Portfolio

RECENT_WINDOW = 10
"""How many of the latest escalations of the most severe tier the roll-up looks at."""


def quarter_key(day: dt.date | dt.datetime) -> str:
    """``2026-Q2``: sorts as the quarters do."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def quarter_label(key: str) -> str:
    """``2026-Q2`` → ``Q2 2026``."""
    year, quarter = key.split("-")
    return f"{quarter} {year}"


def lesson_key(text: str) -> str:
    """The form two lessons are compared in: case, runs of spaces and a final full stop ignored."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().casefold()


@dataclass(frozen=True)
class BlockerCount:
    blocker: str | None
    """Blocker type id; ``None`` when not recorded."""
    escalations: int
    by_tier: dict[str, int]
    """Tier id → escalations, every policy tier present, in policy order (least severe first)."""
    open: int
    reviewed: int
    """Escalations with at least one review."""


@dataclass(frozen=True)
class BlockerSlice:
    """Escalations of one blocker type opened in one quarter at accounts of one segment."""

    quarter: str
    segment: str | None
    blocker: str | None
    escalations: int
    reviewed: int


@dataclass(frozen=True)
class Lesson:
    """One review, with what the learnings page groups and filters it by."""

    review: Review
    escalation: Escalation
    blocker: str | None
    tier: str
    quarter: str
    """Quarter the escalation was opened in (:func:`quarter_key`)."""
    segment: str | None
    """The account's segment id, if recorded."""


@dataclass(frozen=True)
class RepeatedLesson:
    text: str
    """As first written (the earliest review's wording)."""
    reviews: int
    escalation_ids: list[str]


@dataclass(frozen=True)
class TierWindow:
    """The latest escalations of one tier and their most common blocker."""

    tier: str
    size: int
    """How many escalations the window holds (at most :data:`RECENT_WINDOW`)."""
    blocker: str | None
    """The most common recorded blocker type in the window (``None`` when none was recorded)."""
    blocker_count: int


@dataclass(frozen=True)
class Rollup:
    top_tier: TierWindow | None
    """The most severe tier's latest escalations; ``None`` when the policy has no tiers."""
    quarter: str
    """The as-of date's quarter."""
    quarter_opened: int
    quarter_blocker: str | None
    """Most common recorded blocker type of escalations opened in the as-of quarter."""
    quarter_blocker_count: int
    repeated: RepeatedLesson | None
    """The most repeated lesson (in two reviews or more); ``None`` when no lesson repeats."""


@dataclass
class LearningsAnalysis:
    blockers: list[BlockerCount] = field(default_factory=list)
    """Most escalations first; ties in the policy's vocabulary order, not recorded last."""
    slices: list[BlockerSlice] = field(default_factory=list)
    """Newest quarter first, then segments in vocabulary order (not recorded last), then as :attr:`blockers`."""
    lessons: list[Lesson] = field(default_factory=list)
    """Grouped: blocker type in :attr:`blockers` order, then tier most severe first, then newest review first."""
    rollup: Rollup | None = None


def blocker_of(portfolio: Portfolio, escalation: Escalation) -> str | None:
    """The escalation's blocker type when it is one of the policy's; None when not recorded or unknown."""
    known = {b.id for b in portfolio.policy.log_values.blocker_types}
    return escalation.blocker_type if escalation.blocker_type in known else None


def _most_common(blockers: list[str | None], order: dict[str | None, int]) -> tuple[str | None, int]:
    """The most common recorded blocker type (ties in vocabulary order) and its count; ``(None, 0)`` for none."""
    counts = Counter(b for b in blockers if b is not None)
    if not counts:
        return None, 0
    best = min(counts, key=lambda b: (-counts[b], order.get(b, len(order))))
    return best, counts[best]


def blocker_counts(portfolio: Portfolio) -> list[BlockerCount]:
    policy = portfolio.policy
    order = {b.id: i for i, b in enumerate(policy.log_values.blocker_types)}
    tier_ids = [t.id for t in policy.tiers]
    groups: dict[str | None, list[Escalation]] = {}
    for escalation in portfolio.escalations:
        groups.setdefault(blocker_of(portfolio, escalation), []).append(escalation)
    reviewed = portfolio.reviews_by_escalation
    result = []
    for blocker, items in groups.items():
        by_tier = dict.fromkeys(tier_ids, 0)
        for escalation in items:
            by_tier[escalation.tier] = by_tier.get(escalation.tier, 0) + 1
        result.append(
            BlockerCount(
                blocker,
                len(items),
                by_tier,
                sum(1 for e in items if portfolio.is_open(e)),
                sum(1 for e in items if reviewed.get(e.escalation_id)),
            )
        )
    result.sort(key=lambda b: (-b.escalations, b.blocker is None, order.get(b.blocker or "", 0)))
    return result


def blocker_slices(portfolio: Portfolio) -> list[BlockerSlice]:
    """Blockers by count within each quarter and segment: what a reader filtering by both sees."""
    policy = portfolio.policy
    blocker_order = {b.id: i for i, b in enumerate(policy.log_values.blocker_types)}
    segment_order = {s.id: i for i, s in enumerate(policy.log_values.segments)}
    reviewed = portfolio.reviews_by_escalation
    counts: Counter = Counter()
    done: Counter = Counter()
    for escalation in portfolio.escalations:
        if escalation.opened_on is None:
            continue
        account = portfolio.account_by_id.get(escalation.account_id)
        segment = account.segment if account and account.segment in segment_order else None
        key = (quarter_key(escalation.opened_on), segment, blocker_of(portfolio, escalation))
        counts[key] += 1
        done[key] += 1 if reviewed.get(escalation.escalation_id) else 0
    result = [BlockerSlice(q, s, b, n, done[(q, s, b)]) for (q, s, b), n in counts.items()]
    result.sort(key=lambda x: (x.blocker is None, blocker_order.get(x.blocker or "", 0)))
    result.sort(key=lambda x: -x.escalations)
    result.sort(key=lambda x: (x.segment is None, segment_order.get(x.segment or "", 0)))
    result.sort(key=lambda x: x.quarter, reverse=True)
    return result


def lessons(portfolio: Portfolio, blockers: list[BlockerCount]) -> list[Lesson]:
    rank = {b.blocker: i for i, b in enumerate(blockers)}
    result = []
    for review in portfolio.reviews:
        escalation = portfolio.escalation_by_id.get(review.escalation_id)
        if escalation is None or escalation.opened_on is None:
            continue
        account = portfolio.account_by_id.get(escalation.account_id)
        result.append(
            Lesson(
                review,
                escalation,
                blocker_of(portfolio, escalation),
                escalation.tier,
                quarter_key(escalation.opened_on),
                account.segment if account else None,
            )
        )
    tier_rank = {t.id: i for i, t in enumerate(portfolio.policy.tiers)}
    result.sort(
        key=lambda lesson: (
            rank.get(lesson.blocker, len(rank)),
            -tier_rank.get(lesson.tier, -1),
            -(lesson.review.review_date or dt.date.min).toordinal(),
            lesson.review.row,
        )
    )
    return result


def repeated_lesson(reviews: list[Review]) -> RepeatedLesson | None:
    """The lesson written in the most reviews (two or more)."""
    groups: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=lambda r: (r.review_date or dt.date.min, r.row)):
        if review.what_to_change and lesson_key(review.what_to_change):
            groups.setdefault(lesson_key(review.what_to_change), []).append(review)
    if not groups:
        return None
    key = min(
        groups,
        key=lambda k: (-len(groups[k]), -(groups[k][-1].review_date or dt.date.min).toordinal(), k),
    )
    found = groups[key]
    if len(found) < 2:
        return None
    ids = list(dict.fromkeys(r.escalation_id for r in found))
    return RepeatedLesson(found[0].what_to_change.strip(), len(found), ids)  # type: ignore[union-attr]


def tier_window(portfolio: Portfolio, tier_id: str, size: int = RECENT_WINDOW) -> TierWindow:
    order = {b.id: i for i, b in enumerate(portfolio.policy.log_values.blocker_types)}
    items = [e for e in portfolio.escalations if e.tier == tier_id and e.opened_on is not None]
    items.sort(key=lambda e: (e.opened_on, e.escalation_id), reverse=True)
    latest = items[:size]
    blocker, count = _most_common([blocker_of(portfolio, e) for e in latest], order)
    return TierWindow(tier_id, len(latest), blocker, count)


def rollup(portfolio: Portfolio) -> Rollup:
    policy = portfolio.policy
    order = {b.id: i for i, b in enumerate(policy.log_values.blocker_types)}
    top = tier_window(portfolio, policy.tiers[-1].id) if policy.tiers else None
    quarter = quarter_key(portfolio.as_of)
    opened = [e for e in portfolio.escalations if e.opened_on is not None and quarter_key(e.opened_on) == quarter]
    blocker, count = _most_common([blocker_of(portfolio, e) for e in opened], order)
    return Rollup(top, quarter, len(opened), blocker, count, repeated_lesson(portfolio.reviews))


def analyse_learnings(portfolio: Portfolio) -> LearningsAnalysis:
    blockers = blocker_counts(portfolio)
    return LearningsAnalysis(blockers, blocker_slices(portfolio), lessons(portfolio, blockers), rollup(portfolio))
