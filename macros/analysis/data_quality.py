"""Data-quality warnings: things to tidy in the log. They never fail a build; they are listed on the
data-quality page and by `escalation validate`."""

from __future__ import annotations

import datetime as dt

from ..dataset import Dataset
from ..problems import Problem, ProblemLog
from .business_time import BusinessClock
from .cadence import escalation_misses, missed_text
from .policy_lint import lint_policy
from .portfolio import Portfolio


def data_quality_warnings(dataset: Dataset, portfolio: Portfolio | None = None) -> list[Problem]:
    """Policy lint findings (in every scope), then warnings about the log."""
    lint = lint_policy(dataset.policy, dataset.as_of)
    if not dataset.includes_accounts:
        return lint
    return lint + _log_warnings(dataset, portfolio)


def _log_warnings(dataset: Dataset, portfolio: Portfolio | None) -> list[Problem]:
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
        missed = escalation_misses(portfolio, clock, escalation) if portfolio.is_open(escalation) else []
        if missed:
            protocol = policy.communication.protocols[escalation.tier]
            log.warning(
                escalation.ref("escalation_id"),
                f"{len(missed)} status update{'s' if len(missed) != 1 else ''} missed on the "
                f"{protocol.status_updates.cadence.describe()} cadence: {missed_text(missed)}",
                path="Escalation ID",
                hint="send the update and add it to the Updates sheet",
                code="missed-update",
            )
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
