"""Data-quality warnings: things to tidy in the log. They never fail a build; they are listed on the
data-quality page and by `escalation validate`."""

from __future__ import annotations

import datetime as dt

from ..dataset import Dataset
from ..problems import Problem, ProblemLog
from .business_time import BusinessClock
from .portfolio import Portfolio


def data_quality_warnings(dataset: Dataset, portfolio: Portfolio | None = None) -> list[Problem]:
    if not dataset.includes_accounts:
        return []
    portfolio = portfolio or Portfolio.from_dataset(dataset)
    policy = dataset.policy
    clock = BusinessClock(policy.organisation.calendar)
    as_of = dataset.as_of
    end_of_day = dt.datetime.combine(as_of, dt.time(23, 59))
    settings = policy.log_values.data_quality
    log = ProblemLog()

    for action in portfolio.actions:
        if portfolio.action_done(action):
            continue
        if action.next_check_in is None and not _completed_later(dataset, action.row):
            log.warning(
                action.ref("next_check_in"),
                "open action has no next check-in date",
                path="Next Check-in",
                hint="agree when the owner reports back and write the date",
                code="missing-check-in",
            )
        elif portfolio.is_overdue(action.next_check_in):
            log.warning(
                action.ref("next_check_in"),
                f"next check-in {action.next_check_in.isoformat()} has passed",
                path="Next Check-in",
                hint="record the check-in and set the next one",
                code="check-in-passed",
            )

    for escalation in portfolio.escalations:
        updates = portfolio.updates_by_escalation.get(escalation.escalation_id, [])
        if portfolio.is_open(escalation):
            last = max([u.date for u in updates] + [escalation.opened_on])
            stale_at = clock.add(last, settings.stale_after)
            if stale_at < end_of_day:
                log.warning(
                    escalation.ref("escalation_id"),
                    f"no update since {last.date().isoformat()} (stale after {settings.stale_after.describe()})",
                    path="Escalation ID",
                    hint="add a row to the Updates sheet",
                    code="stale",
                )
            continue
        tier = policy.tier_by_id.get(escalation.tier)
        target = tier.response.review_within if tier else None
        if target is None or escalation.resolved_on is None:
            continue
        if portfolio.reviews_by_escalation.get(escalation.escalation_id):
            continue
        due = clock.add(escalation.resolved_on, target)
        if due < end_of_day:
            log.warning(
                escalation.ref("escalation_id"),
                f"post-escalation review owed since {due.date().isoformat()} "
                f"(due {target.describe()} after resolution)",
                path="Escalation ID",
                hint="hold the review and add it to the Reviews sheet",
                code="review-owed",
            )

    for commitment in portfolio.commitments:
        state = portfolio.commitment_state(commitment)
        if state == "fulfilled" and commitment.fulfilled_on is None:
            log.warning(
                commitment.ref("fulfilled_on"),
                "fulfilled commitment has no 'Fulfilled On' date",
                path="Fulfilled On",
                hint="write the day it was delivered",
                code="missing-fulfilled-on",
            )
    return log.warnings


def _completed_later(dataset: Dataset, row: int) -> bool:
    """An action completed after the as-of date is open in the build, but nobody owed it a check-in date."""
    return dataset.later is not None and dataset.later.taken_back("Actions", row)
