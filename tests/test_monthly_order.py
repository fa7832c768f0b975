"""Monthly reviews: each month's lists in date order whatever the sheet order, outcomes counted one by one, renewals
at risk ranked by tier then name, and reviews owed only once their deadline has passed.

Fixture (as of 15 July 2026): the sample policy, except that red owes no post-escalation review and a yellow review
is due 0.0002777775 hours (999,999 microseconds) after resolution, so that a deadline can fall on the last instant
of a month.

- May: R1, R2 and R3 (green) resolved on 20, 12 and 14 May, the first two renewed, R3 withdrawn with no outcome;
  X1 (red) resolved on 6 May; Y1 (yellow) resolved at 23:59:59 on 31 May, its review due at the month's last
  instant. Nobody reviewed any of them.
- June: O1 (red, Cedar Inc) and O2, O3, O4 (yellow: Alder Co, "Birch [EU]", Birch Co) open; all four accounts renew
  on 15 August. U1 and U2, 25% discounts approved by a sales director (an authority finding) on 20 and 10 June,
  listed in that order.
"""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import monthly_reviews
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset

from .policy_edits import sample_policy_with_review_targets
from .test_monthly import _commitment, _escalation
from .workbook_builder import write_workbook

d, t = dt.date, dt.datetime


def _resolved(eid, account, tier, resolved, outcome="Renewed", **more):
    return _escalation(eid, account, tier, t(2026, 5, 4, 9), resolved=resolved, outcome=outcome, **more)


def _open(eid, account, tier, day):
    return _escalation(eid, account, tier, t(2026, 6, day, 9), status="In progress")


def _unauthorised(cid, approved_on):
    return _commitment(
        cid,
        "O2",
        "discount",
        "25%",
        d(2026, 7, 31),
        "Open",
        **{"Approved By": "Olivia Grant", "Approved On": approved_on},
    )


def rows() -> dict[str, list[dict]]:
    names = {"A1": "Birch [EU]", "A2": "Birch Co", "A3": "Alder Co", "A4": "Cedar Inc"}
    return {
        "Accounts": [
            {"Account ID": a, "Account Name": name, "ARR": 100000, "Renewal Date": d(2026, 8, 15)}
            for a, name in names.items()
        ],
        "Escalations": [
            _resolved("R1", "A3", "green", t(2026, 5, 20, 12)),
            _resolved("R2", "A3", "green", t(2026, 5, 12, 12)),
            _resolved("R3", "A3", "green", t(2026, 5, 14, 12), outcome=None, status="Withdrawn"),
            _resolved("X1", "A4", "red", t(2026, 5, 6, 12)),
            _resolved("Y1", "A3", "yellow", t(2026, 5, 31, 23, 59, 59)),
            _open("O1", "A4", "red", 1),
            _open("O2", "A3", "yellow", 2),
            _open("O3", "A1", "yellow", 3),
            _open("O4", "A2", "yellow", 4),
        ],
        "Commitments": [_unauthorised("U1", d(2026, 6, 20)), _unauthorised("U2", d(2026, 6, 10))],
    }


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    data = tmp_path_factory.mktemp("month_order") / "data"
    sample_policy_with_review_targets(data, {"yellow": "0.0002777775 hours", "red": None})
    write_workbook(data / "escalations.xlsx", rows())
    portfolio = Portfolio.from_dataset(load_dataset(data, as_of="2026-07-15", scope="full"))
    return {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}


def ids(records) -> list[str]:
    return [r.escalation_id for r in records]


def test_resolved_in_a_month_by_resolution_time_and_counted_by_outcome(months):
    may = months["2026-05"]
    assert ids(may.resolved) == ["X1", "R2", "R3", "R1", "Y1"]
    assert may.resolved_by_outcome == {"renewed": 4, None: 1}
    assert list(may.resolved_by_outcome) == ["renewed", None]


def test_reviews_owed_once_the_deadline_has_passed_by_resolution_time(months):
    # Y1's review falls due at the last instant of May: not yet passed at May end. Red has no review target, so
    # X1 never owes one, though its other targets had deadlines in May.
    assert months["2026-05"].reviews_owed == []
    assert ids(months["2026-06"].reviews_owed) == ["R2", "R3", "R1", "Y1"]


def test_approvals_without_authority_by_approval_date(months):
    assert [c.commitment_id for c in months["2026-06"].unauthorised] == ["U2", "U1"]


def test_renewals_at_risk_on_one_day_rank_the_highest_tier_first_then_names_without_case(months):
    # '[' sorts before the letters of lower-case text and after those of upper-case text.
    renewals = months["2026-06"].renewals_at_risk
    assert [(r.account.name, r.tier, r.days_to_renewal) for r in renewals] == [
        ("Cedar Inc", "red", 46),
        ("Alder Co", "yellow", 46),
        ("Birch [EU]", "yellow", 46),
        ("Birch Co", "yellow", 46),
    ]
