"""Warnings about the log, each pinned whole: where it points, what it says, the column it names and its hint.

Fixture (as of Tuesday 30 June 2026): the sample policy, except that yellow reviews are due 10 calendar days after
resolution (so that a due instant can fall at the end of the day) and red owes no review. An escalation is stale 14
calendar days after its last update; red status updates are due on Fridays by 17:00 (19 June is a holiday).

- R1, red, opened Monday 8 June, updated Friday 26 June at 16:00: one update missed (12 June), not stale.
- G1, green, opened 1 June, never updated: stale since 1 June.
- G2, green, last updated 16 June at 23:59: stale at 23:59 on 30 June, the end of the as-of day, so not yet.
- G3, green, last updated 16 June at 23:30: stale at 23:30 on 30 June, before the end of the day.
- R2, red, resolved 23 June and never reviewed: red has no review target, so it owes nothing.
- V1, green, resolved 4 May and reviewed: owes nothing.
- V2, green, resolved Monday 4 May at 12:00, never reviewed: due 15 business days later (Memorial Day is
  25 May), on 26 May at 12:00.
- Y1, yellow, resolved 20 June at 23:59: due 30 June at 23:59, the end of the as-of day, so not yet owed.
- Y2, yellow, resolved 20 June at 23:30: owed since 30 June at 23:30.

Actions: one done, one open without a next check-in, one whose check-in (29 June) has passed, one due today.
Commitments: C1 fulfilled on a date, C2 open without a date, C3 fulfilled without a date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.data_quality import data_quality_warnings
from macros.dataset import load_dataset

from .policy_edits import sample_policy_with_review_targets
from .test_monthly import _commitment, _escalation, _update
from .workbook_builder import write_workbook

d, t = dt.date, dt.datetime
AS_OF = "2026-06-30"
LOG_CODES = {"missing-check-in", "check-in-passed", "missed-update", "stale", "review-owed", "missing-fulfilled-on"}


def _open(eid, tier, opened):
    return _escalation(eid, "A1", tier, opened, status="In progress")


def _action(name, status, **more):
    return {
        "Escalation ID": "R1",
        "Action": name,
        "Owner": "Ivan Petrov",
        "Due": d(2026, 7, 10),
        "Status": status,
    } | more


def rows() -> dict[str, list[dict]]:
    return {
        "Accounts": [{"Account ID": "A1", "Account Name": "Alder Co", "ARR": 300000, "Renewal Date": d(2026, 9, 30)}],
        "Escalations": [
            _open("R1", "red", t(2026, 6, 8, 10)),
            _open("G1", "green", t(2026, 6, 1, 9)),
            _open("G2", "green", t(2026, 6, 1, 9)),
            _open("G3", "green", t(2026, 6, 1, 9)),
            _escalation("R2", "A1", "red", t(2026, 6, 22, 10), resolved=t(2026, 6, 23, 12), outcome="Renewed"),
            _escalation("V1", "A1", "green", t(2026, 4, 1, 9), resolved=t(2026, 5, 4, 12), outcome="Renewed"),
            _escalation("V2", "A1", "green", t(2026, 4, 1, 9), resolved=t(2026, 5, 4, 12), outcome="Renewed"),
            _escalation("Y1", "A1", "yellow", t(2026, 6, 1, 9), resolved=t(2026, 6, 20, 23, 59), outcome="Renewed"),
            _escalation("Y2", "A1", "yellow", t(2026, 6, 1, 9), resolved=t(2026, 6, 20, 23, 30), outcome="Renewed"),
        ],
        "Actions": [
            _action("Done already", "Done", **{"Completed On": d(2026, 6, 20)}),
            _action("No check-in", "Open"),
            _action("Check-in passed", "Open", **{"Next Check-in": d(2026, 6, 29)}),
            _action("Check-in today", "In progress", **{"Next Check-in": d(2026, 6, 30)}),
        ],
        "Commitments": [
            _commitment("C1", "R1", "payment_terms", 30, d(2026, 6, 1), "Fulfilled", **{"Fulfilled On": d(2026, 6, 1)}),
            _commitment("C2", "R1", "payment_terms", 30, d(2026, 6, 1), "Open"),
            _commitment("C3", "R1", "payment_terms", 30, d(2026, 6, 1), "Fulfilled"),
        ],
        "Updates": [
            _update("R1", t(2026, 6, 26, 16)),
            _update("G2", t(2026, 6, 16, 23, 59)),
            _update("G3", t(2026, 6, 16, 23, 30)),
        ],
        "Reviews": [{"Escalation ID": "V1", "Review Date": d(2026, 5, 20), "Facilitator": "Marcus Bell"}],
    }


@pytest.fixture(scope="module")
def warnings(tmp_path_factory):
    data = tmp_path_factory.mktemp("data_quality") / "data"
    sample_policy_with_review_targets(data, {"yellow": "10 days", "red": None})
    write_workbook(data / "escalations.xlsx", rows())
    dataset = load_dataset(data, as_of=AS_OF, scope="full")
    return [w for w in data_quality_warnings(dataset) if w.code in LOG_CODES]


def test_each_log_warning_is_pinned_whole(warnings):
    review = ("Escalation ID", "hold the review and add it to the Reviews sheet", "review-owed")
    stale = ("Escalation ID", "add a row to the Updates sheet", "stale")
    assert [(w.location, w.message, w.path, w.hint, w.code) for w in warnings] == [
        (
            "Actions!F3",
            "open action has no next check-in date",
            "Next Check-in",
            "agree when the owner reports back and write the date",
            "missing-check-in",
        ),
        (
            "Actions!F4",
            "next check-in 2026-06-29 has passed",
            "Next Check-in",
            "record the check-in and set the next one",
            "check-in-passed",
        ),
        (
            "Escalations!A2",
            "1 status update missed (cadence: every Friday, by 17:00 local): 2026-06-12 17:00 (every Friday)",
            "Escalation ID",
            "send the update and add it to the Updates sheet",
            "missed-update",
        ),
        ("Escalations!A3", "no update since 2026-06-01 (stale after 14 days)", *stale),
        ("Escalations!A5", "no update since 2026-06-16 (stale after 14 days)", *stale),
        (
            "Escalations!A8",
            "post-escalation review owed since 2026-05-26 (due 15 business days after resolution)",
            *review,
        ),
        ("Escalations!A10", "post-escalation review owed since 2026-06-30 (due 10 days after resolution)", *review),
        (
            "Commitments!K4",
            "fulfilled commitment has no 'Fulfilled On' date",
            "Fulfilled On",
            "write the day it was delivered",
            "missing-fulfilled-on",
        ),
    ]


def test_stale_and_review_owed_start_after_the_last_minute_of_the_as_of_day(warnings):
    """G2 turns stale, and Y1's review falls due, at 23:59 on the as-of day: not yet. G3 and Y2, half an hour
    earlier, are flagged."""
    flagged = {w.location for w in warnings if w.code in {"stale", "review-owed"}}
    assert {"Escalations!A4", "Escalations!A9"}.isdisjoint(flagged)
    assert {"Escalations!A5", "Escalations!A10"} <= flagged
