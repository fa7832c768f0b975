"""The monthly review: what escalated, what was resolved and how, and how well the policy was kept, month by month.

One :class:`MonthReview` per calendar month from the month of the first escalation to the as-of month. The as-of
month is counted up to the as-of date (``end``); every other month to its last day. "At month end" means the very
end of ``end``.

Decisions the issue leaves open, made here:

* **An escalation is resolved** at its Resolved On moment when its status is closed. A closed escalation without a
  Resolved On (the loader reports that as an error) counts as resolved at the as-of moment, as the response targets
  do. An open status wins over a stray Resolved On.
* **ARR saved and lost** count the escalation's ARR at risk in the month it was resolved, by the outcome's
  ``arr_result``. A ``partial`` outcome (a downsell) goes to ``arr_downsell``, "ARR at risk on downsells": the
  workbook does not record the ARR kept, so it is neither saved nor lost.
* **Response-target compliance** counts the target results (from :class:`Governance`) that are met or breached
  and whose deadline falls in the month; pending ones are not counted.
* **Commitments due in the month** are those with a due date in the calendar month. Their state is the state at
  month end where the log dates it: a commitment fulfilled after month end was still open then. ``missed`` and
  ``cancelled`` carry no date and are taken as recorded. Overdue: open at month end and due before ``end``.
* **Reviews owed** at month end: escalations resolved by then whose post-escalation review deadline had passed
  with no review dated on or before month end.
* **Renewals at risk**: accounts with an escalation open at month end in a tier above the lowest, whose renewal
  date is 0 to 90 days after month end (the account's renewal date as recorded now; the log keeps no history).
* Tiers and ARR at risk are the escalation's as recorded now; the log keeps no history of either.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from ..workbook.records import Account, Commitment, Escalation, Review
from .governance import Governance
from .portfolio import Portfolio
from .relative_dates import days_from
from .response_targets import BREACHED, MET, TARGETS, as_of_moment

RENEWAL_WINDOW_DAYS = 90
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Headline:
    """A figure shown for every month, compared with the month before."""

    key: str
    """Attribute of :class:`MonthReview` holding the figure."""
    label: str
    kind: str
    """``count``, ``money`` or ``percent``."""
    better: int
    """+1 when a rise is good news, -1 when it is bad news, 0 when neither."""


HEADLINES: tuple[Headline, ...] = (
    Headline("opened_count", "Opened", "count", 0),
    Headline("resolved_count", "Resolved", "count", 0),
    Headline("open_at_end", "Open at month end", "count", -1),
    Headline("arr_at_risk", "ARR at risk at month end", "money", -1),
    Headline("arr_saved", "ARR saved", "money", 1),
    Headline("arr_lost", "ARR lost", "money", -1),
    Headline("arr_downsell", "ARR at risk on downsells", "money", 0),
    Headline("compliance", "Response targets met", "percent", 1),
    Headline("commitments_due_count", "Commitments due", "count", 0),
    Headline("commitments_overdue_count", "Commitments overdue", "count", -1),
    Headline("unauthorised_count", "Approvals without authority", "count", -1),
    Headline("reviews_completed_count", "Reviews completed", "count", 1),
    Headline("reviews_owed_count", "Reviews owed", "count", -1),
    Headline("renewals_at_risk_count", "Renewals at risk in 90 days", "count", -1),
)
HEADLINE_BY_KEY = {h.key: h for h in HEADLINES}


@dataclass
class TargetTally:
    met: int = 0
    breached: int = 0

    @property
    def counted(self) -> int:
        return self.met + self.breached

    @property
    def percent_met(self) -> float | None:
        return 100.0 * self.met / self.counted if self.counted else None


@dataclass
class RenewalAtRisk:
    """An account renewing soon after month end with an escalation open then in a tier above the lowest."""

    account: Account
    tier: str
    """The highest tier of those escalations."""
    escalations: list[Escalation]
    arr_at_risk: float
    days_to_renewal: int


@dataclass
class MonthReview:
    key: str
    """``YYYY-MM``."""
    start: dt.date
    """First day of the month."""
    end: dt.date
    """Last day counted: the month's last day, or the as-of date in the as-of month."""
    last_day: dt.date
    """The calendar month's last day."""
    opened: list[Escalation] = field(default_factory=list)
    opened_by_tier: dict[str, int] = field(default_factory=dict)
    """Tier id → escalations opened, every policy tier present, lowest first."""
    resolved: list[Escalation] = field(default_factory=list)
    resolved_by_outcome: dict[str | None, int] = field(default_factory=dict)
    """Outcome id (``None`` when none was recorded) → escalations resolved, in policy order."""
    open_by_tier: dict[str, int] = field(default_factory=dict)
    """Tier id → escalations open at month end."""
    open_escalations: list[Escalation] = field(default_factory=list)
    """Escalations open at month end, by id."""
    arr_by_tier: dict[str, float] = field(default_factory=dict)
    """Tier id → ARR at risk on escalations open at month end."""
    arr_saved: float = 0.0
    arr_lost: float = 0.0
    arr_downsell: float = 0.0
    """ARR at risk on escalations resolved with a partial outcome (a downsell): the ARR kept is not recorded."""
    targets: dict[str, TargetTally] = field(default_factory=dict)
    """Target name → met and breached results whose deadline falls in the month, in :data:`TARGETS` order."""
    commitments_due: list[Commitment] = field(default_factory=list)
    commitment_state: dict[str, str] = field(default_factory=dict)
    """Commitment id → state at month end: ``overdue``, ``open``, ``fulfilled``, ``missed`` or ``cancelled``."""
    unauthorised: list[Commitment] = field(default_factory=list)
    """Commitments approved in the month whose approval is an authority finding."""
    reviews_completed: list[Review] = field(default_factory=list)
    reviews_owed: list[Escalation] = field(default_factory=list)
    renewals_at_risk: list[RenewalAtRisk] = field(default_factory=list)
    previous: str | None = None
    next: str | None = None
    deltas: dict[str, float | None] = field(default_factory=dict)
    """Headline key → change since the month before (``None`` for the first month or a missing figure)."""

    # --- headline figures ----------------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"

    @property
    def partial(self) -> bool:
        """The as-of month, counted to the as-of date only."""
        return self.end < self.last_day

    @property
    def opened_count(self) -> int:
        return len(self.opened)

    @property
    def resolved_count(self) -> int:
        return len(self.resolved)

    @property
    def open_at_end(self) -> int:
        return sum(self.open_by_tier.values())

    @property
    def arr_at_risk(self) -> float:
        return sum(self.arr_by_tier.values())

    @property
    def targets_met(self) -> int:
        return sum(t.met for t in self.targets.values())

    @property
    def targets_counted(self) -> int:
        return sum(t.counted for t in self.targets.values())

    @property
    def compliance(self) -> float | None:
        """Percentage of counted response targets that were met; ``None`` when none fell due."""
        counted = self.targets_counted
        return 100.0 * self.targets_met / counted if counted else None

    def commitments_in(self, state: str) -> list[Commitment]:
        return [c for c in self.commitments_due if self.commitment_state[c.commitment_id] == state]

    @property
    def commitments_due_count(self) -> int:
        return len(self.commitments_due)

    @property
    def commitments_fulfilled_count(self) -> int:
        return len(self.commitments_in("fulfilled"))

    @property
    def commitments_overdue_count(self) -> int:
        return len(self.commitments_in("overdue"))

    @property
    def commitments_missed_count(self) -> int:
        return len(self.commitments_in("missed"))

    @property
    def unauthorised_count(self) -> int:
        return len(self.unauthorised)

    @property
    def reviews_completed_count(self) -> int:
        return len(self.reviews_completed)

    @property
    def reviews_owed_count(self) -> int:
        return len(self.reviews_owed)

    @property
    def renewals_at_risk_count(self) -> int:
        return len(self.renewals_at_risk)

    def figure(self, key: str) -> float | None:
        return getattr(self, key)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from ``first``'s month to ``last``'s month (empty when ``first`` is later)."""
    current, stop = first.replace(day=1), last.replace(day=1)
    result = []
    while current <= stop:
        result.append(current)
        current = _next_month(current)
    return result


def _date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def resolved_at(portfolio: Portfolio, escalation: Escalation) -> dt.datetime | None:
    """When a closed escalation was resolved (the as-of moment if it has no date); ``None`` while it is open."""
    if portfolio.is_open(escalation):
        return None
    return escalation.resolved_on if escalation.resolved_on is not None else as_of_moment(portfolio.as_of)


def monthly_reviews(portfolio: Portfolio, governance: Governance) -> list[MonthReview]:
    """One review per month, from the month of the first escalation to the as-of month, oldest first."""
    escalations = [e for e in portfolio.escalations if e.opened_on is not None]
    if not escalations:
        return []
    policy = portfolio.policy
    as_of = portfolio.as_of
    tier_ids = [t.id for t in policy.tiers]
    upper_tiers = set(tier_ids[1:])
    outcome_result = {o.id: o.arr_result for o in policy.log_values.outcomes}
    outcome_order = [o.id for o in policy.log_values.outcomes]

    months: list[MonthReview] = []
    by_key: dict[str, MonthReview] = {}
    for start in month_starts(min(e.opened_on for e in escalations).date(), as_of):
        last_day = _next_month(start) - dt.timedelta(days=1)
        review = MonthReview(month_key(start), start, min(last_day, as_of), last_day)
        review.opened_by_tier = dict.fromkeys(tier_ids, 0)
        review.open_by_tier = dict.fromkeys(tier_ids, 0)
        review.arr_by_tier = dict.fromkeys(tier_ids, 0.0)
        review.targets = {t: TargetTally() for t in TARGETS}
        months.append(review)
        by_key[review.key] = review

    def month_of(day: dt.date | dt.datetime | None) -> MonthReview | None:
        """The review whose counted days include ``day`` (none before the first month or after as-of)."""
        if day is None:
            return None
        review = by_key.get(month_key(day))
        return review if review is not None and _date(day) <= review.end else None

    # One pass per record type: what happened in which month.
    resolved: dict[str, dt.datetime | None] = {}
    arr: dict[str, float] = {}
    outcomes: dict[str, Counter] = defaultdict(Counter)
    for escalation in escalations:
        eid = escalation.escalation_id
        resolved[eid] = resolved_at(portfolio, escalation)
        arr[eid] = portfolio.arr_at_risk(escalation)
        if (review := month_of(escalation.opened_on)) is not None:
            review.opened.append(escalation)
            review.opened_by_tier[escalation.tier] = review.opened_by_tier.get(escalation.tier, 0) + 1
        if (review := month_of(resolved[eid])) is not None:
            review.resolved.append(escalation)
            outcomes[review.key][escalation.outcome] += 1
            result = outcome_result.get(escalation.outcome or "")
            if result == "saved":
                review.arr_saved += arr[eid]
            elif result == "lost":
                review.arr_lost += arr[eid]
            elif result == "partial":
                review.arr_downsell += arr[eid]
        for target in governance.targets.get(eid, []):
            if target.status in (MET, BREACHED) and (review := month_of(target.deadline)) is not None:
                tally = review.targets.setdefault(target.target, TargetTally())
                if target.status == MET:
                    tally.met += 1
                else:
                    tally.breached += 1
    for review in months:
        counts = outcomes.get(review.key, Counter())
        ordered = [o for o in outcome_order if counts.get(o)] + [o for o in counts if o not in outcome_order]
        review.resolved_by_outcome = {o: counts[o] for o in ordered}

    for commitment in portfolio.commitments:
        if commitment.due is not None and (review := by_key.get(month_key(commitment.due))) is not None:
            review.commitments_due.append(commitment)
            review.commitment_state[commitment.commitment_id] = state_at(portfolio, commitment, review.end)
        if (review := month_of(commitment.approved_on)) is not None and governance.is_finding(commitment):
            review.unauthorised.append(commitment)

    for record in portfolio.reviews:
        if (review := month_of(record.review_date)) is not None:
            review.reviews_completed.append(record)

    # Review deadlines and first reviews, for "owed at month end".
    review_due: dict[str, dt.datetime] = {}
    for escalation in escalations:
        eid = escalation.escalation_id
        for target in governance.targets.get(eid, []):
            if target.target == "review_within" and target.deadline is not None:
                review_due[eid] = target.deadline
    first_review: dict[str, dt.date] = {}
    for eid, records in portfolio.reviews_by_escalation.items():
        days = [r.review_date for r in records if r.review_date is not None]
        if days:
            first_review[eid] = min(days)

    # Month-end snapshots: the one loop over months × escalations.
    for review in months:
        end = as_of_moment(review.end)
        open_now: dict[str, list[Escalation]] = defaultdict(list)
        for escalation in escalations:
            eid = escalation.escalation_id
            closed = resolved[eid]
            if escalation.opened_on <= end and (closed is None or closed > end):
                review.open_escalations.append(escalation)
                review.open_by_tier[escalation.tier] = review.open_by_tier.get(escalation.tier, 0) + 1
                review.arr_by_tier[escalation.tier] = review.arr_by_tier.get(escalation.tier, 0.0) + arr[eid]
                if escalation.tier in upper_tiers:
                    open_now[escalation.account_id].append(escalation)
            elif closed is not None and closed <= end:
                due = review_due.get(eid)
                reviewed = first_review.get(eid)
                if due is not None and due < end and (reviewed is None or reviewed > review.end):
                    review.reviews_owed.append(escalation)
        review.renewals_at_risk = _renewals_at_risk(portfolio, open_now, review.end, arr)

    _sort_and_link(months)
    return months


def state_at(portfolio: Portfolio, commitment: Commitment, end: dt.date) -> str:
    """A commitment's state at the end of day ``end``: ``overdue``, ``open``, ``fulfilled``, ``missed`` or
    ``cancelled``."""
    state = portfolio.commitment_state(commitment)
    if state == "fulfilled" and (commitment.fulfilled_on is None or commitment.fulfilled_on <= end):
        return "fulfilled"
    if state in ("missed", "cancelled"):
        return state
    return "overdue" if commitment.due is not None and commitment.due < end else "open"


def _renewals_at_risk(
    portfolio: Portfolio, open_now: dict[str, list[Escalation]], end: dt.date, arr: dict[str, float]
) -> list[RenewalAtRisk]:
    policy = portfolio.policy
    result = []
    for account_id, items in open_now.items():
        account = portfolio.account_by_id.get(account_id)
        if account is None or account.renewal_date is None:
            continue
        days = days_from(account.renewal_date, end)
        if 0 <= days <= RENEWAL_WINDOW_DAYS:
            tier = max((e.tier for e in items), key=policy.tier_rank)
            total = sum(arr[e.escalation_id] for e in items)
            result.append(RenewalAtRisk(account, tier, items, total, days))
    result.sort(key=lambda r: (r.days_to_renewal, -policy.tier_rank(r.tier), r.account.name.lower()))
    return result


def _sort_and_link(months: list[MonthReview]) -> None:
    for review in months:
        review.opened.sort(key=lambda e: (e.opened_on, e.escalation_id))
        review.resolved.sort(key=lambda e: (e.resolved_on or dt.datetime.max, e.escalation_id))
        review.commitments_due.sort(key=lambda c: (c.due, c.commitment_id))
        review.unauthorised.sort(key=lambda c: (c.approved_on, c.commitment_id))
        review.reviews_completed.sort(key=lambda r: (r.review_date, r.row))
        review.reviews_owed.sort(key=lambda e: (e.resolved_on or dt.datetime.max, e.escalation_id))
        review.open_escalations.sort(key=lambda e: e.escalation_id)
    for previous, current in pairwise(months):
        current.previous, previous.next = previous.key, current.key
        for headline in HEADLINES:
            before, now = previous.figure(headline.key), current.figure(headline.key)
            current.deltas[headline.key] = None if before is None or now is None else now - before
    if months:
        months[0].deltas = dict.fromkeys(HEADLINE_BY_KEY)
