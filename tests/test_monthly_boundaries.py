"""Monthly reviews at month ends: what happens on the first and last day of a month, and day 90 of the renewal
window, counted in the right month.

Fixture (as of 2026-07-15, sample policy). Four accounts renew 90, 91, 0 and -1 days after 31 May, each with a
yellow escalation open through May. Around the April/May boundary: X1 opened on the last evening of April and
resolved at the last minute of May; X2 opened at midnight on 1 May and resolved at midnight on 1 June. X3 and X4
were resolved on Monday 6 April; green reviews are due 15 business days later (Monday 27 April); X3 was reviewed
on 30 April, X4 on 1 May.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import RENEWAL_WINDOW_DAYS, monthly_reviews
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset

from .conftest import SAMPLE_DATA
from .test_monthly import _commitment, _escalation
from .workbook_builder import write_workbook

d, t = dt.date, dt.datetime
MAY_END = d(2026, 5, 31)


def _open(eid, account):
    return _escalation(eid, account, "yellow", t(2026, 5, 4, 9), status="In progress", arr=1000)


def rows() -> dict[str, list[dict]]:
    renewals = {"A1": 90, "A2": 91, "A3": 0, "A4": -1}
    return {
        "Accounts": [
            {
                "Account ID": a,
                "Account Name": f"Account {a}",
                "ARR": 100000,
                "Renewal Date": MAY_END + dt.timedelta(days=n),
            }
            for a, n in renewals.items()
        ],
        "Escalations": [
            *(_open(f"Y{i}", a) for i, a in enumerate(renewals, start=1)),
            _escalation(
                "X1",
                "A1",
                "green",
                t(2026, 4, 30, 23, 0),
                resolved=t(2026, 5, 31, 23, 59),
                outcome="Renewed",
                arr=10000,
            ),
            _escalation(
                "X2", "A2", "green", t(2026, 5, 1, 0, 0), resolved=t(2026, 6, 1, 0, 0), outcome="Churned", arr=20000
            ),
            _escalation("X3", "A3", "green", t(2026, 4, 1, 9), resolved=t(2026, 4, 6, 12), outcome="Renewed", arr=1),
            _escalation("X4", "A4", "green", t(2026, 4, 1, 9), resolved=t(2026, 4, 6, 12), outcome="Renewed", arr=1),
        ],
        "Commitments": [
            _commitment("C1", "Y1", "payment_terms", 30, MAY_END, "Fulfilled", **{"Fulfilled On": MAY_END}),
            _commitment("C2", "Y1", "payment_terms", 30, MAY_END, "Fulfilled", **{"Fulfilled On": d(2026, 6, 1)}),
            _commitment(
                "C3", "Y1", "payment_terms", 30, d(2026, 5, 30), "Fulfilled", **{"Fulfilled On": d(2026, 6, 1)}
            ),
            _commitment("C4", "Y1", "payment_terms", 30, d(2026, 6, 1), "Open"),
            _commitment("C5", "Y1", "payment_terms", 30, d(2026, 5, 1), "Open"),
        ],
        "Reviews": [
            {"Escalation ID": "X3", "Review Date": d(2026, 4, 30), "Facilitator": "Marcus Bell"},
            {"Escalation ID": "X4", "Review Date": d(2026, 5, 1), "Facilitator": "Marcus Bell"},
        ],
    }


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    data = tmp_path_factory.mktemp("month_ends") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", rows())
    portfolio = Portfolio.from_dataset(load_dataset(data, as_of="2026-07-15", scope="full"))
    return {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}


def ids(records) -> list[str]:
    return [r.escalation_id for r in records]


def test_opened_on_the_last_evening_of_a_month_counts_in_that_month(months):
    assert "X1" in ids(months["2026-04"].opened)
    assert "X1" not in ids(months["2026-05"].opened)


def test_opened_at_midnight_on_the_first_counts_in_the_new_month(months):
    assert "X2" in ids(months["2026-05"].opened)
    assert "X2" not in ids(months["2026-04"].opened)


def test_resolved_at_the_last_minute_of_a_month_is_resolved_in_it_and_not_open_at_its_end(months):
    may = months["2026-05"]
    assert ids(may.resolved) == ["X1"]
    assert (may.arr_saved, may.arr_lost) == (10000, 0)
    # Open at the end of May: the four yellow ones and X2 (green, resolved at midnight after).
    assert may.open_by_tier == {"green": 1, "yellow": 4, "red": 0}
    assert may.arr_by_tier == {"green": 20000, "yellow": 4000, "red": 0}


def test_resolved_at_midnight_on_the_first_counts_in_the_new_month(months):
    june = months["2026-06"]
    assert ids(june.resolved) == ["X2"]
    assert (june.arr_saved, june.arr_lost) == (0, 20000)


def test_open_at_the_end_of_april_includes_the_last_evening_and_not_the_first_midnight(months):
    assert months["2026-04"].open_by_tier == {"green": 1, "yellow": 0, "red": 0}  # X1 only


def test_a_commitment_fulfilled_on_its_due_day_at_month_end_is_fulfilled(months):
    may = months["2026-05"]
    assert may.commitment_state == {"C5": "overdue", "C3": "overdue", "C1": "fulfilled", "C2": "open"}
    assert [c.commitment_id for c in may.commitments_due] == ["C5", "C3", "C1", "C2"]
    # Due on the last day and delivered the next: open at month end, not yet overdue (due is not before the end).
    assert may.commitments_overdue_count == 2
    assert months["2026-06"].commitment_state == {"C4": "overdue"}


def test_a_review_on_the_last_day_of_the_month_counts_in_that_month(months):
    april, may = months["2026-04"], months["2026-05"]
    assert [r.escalation_id for r in april.reviews_completed] == ["X3"]
    assert [r.escalation_id for r in may.reviews_completed] == ["X4"]


def test_a_review_held_the_day_after_month_end_was_owed_at_month_end(months):
    assert ids(months["2026-04"].reviews_owed) == ["X4"]
    assert ids(months["2026-05"].reviews_owed) == []


def test_the_renewal_window_runs_from_month_end_to_day_90_inclusive(months):
    assert RENEWAL_WINDOW_DAYS == 90
    at_risk = months["2026-05"].renewals_at_risk
    assert [(r.account.account_id, r.days_to_renewal) for r in at_risk] == [("A3", 0), ("A1", 90)]
    assert [ids(r.escalations) for r in at_risk] == [["Y3"], ["Y1"]]
    assert all(r.tier == "yellow" for r in at_risk)
