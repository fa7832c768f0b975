"""Commitment buckets, money worth and tallies, and the portfolio's account helpers, on hand-made rows.

The sample policy is used: commitment statuses open and in_progress are open, fulfilled/missed/cancelled are their
own states; `service_credits` is worth its value, `discount` is a percent of the account's ARR, `payment_terms` has
no money value. Due dates are counted from AS_OF; due soon means due within 30 days (day 30 included).
"""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.commitments import DUE_SOON_DAYS, Tally, bucket, money_worth, tallies
from macros.analysis.portfolio import Portfolio
from macros.workbook.records import Account, Commitment, Escalation

AS_OF = dt.date(2026, 3, 31)  # the last day of a month


def portfolio(policy, commitments=(), escalations=None, accounts=None) -> Portfolio:
    accounts = accounts or [
        Account(row=2, account_id="A-1", name="Beta", arr=200_000.0),
        Account(row=3, account_id="A-2", name="alpha", arr=50_000.0),
        Account(row=4, account_id="A-3", name="Alpha", arr=10_000.0),
    ]
    if escalations is None:
        escalations = [
            Escalation(
                row=2,
                escalation_id="E-1",
                account_id="A-1",
                tier="green",
                status="open",
                opened_on=dt.datetime(2026, 3, 1, 9, 0),
            ),
        ]
    return Portfolio(policy, AS_OF, list(accounts), list(escalations), [], list(commitments), [], [])


def commitment(cid="C-1", *, due=None, status="open", type="service_credits", value=None, escalation="E-1"):
    return Commitment(
        row=2, commitment_id=cid, escalation_id=escalation, type=type, owner="p", due=due, status=status, value=value
    )


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (AS_OF - dt.timedelta(days=1), "overdue"),
        (AS_OF, "due_soon"),
        (AS_OF + dt.timedelta(days=DUE_SOON_DAYS - 1), "due_soon"),
        (AS_OF + dt.timedelta(days=DUE_SOON_DAYS), "due_soon"),
        (AS_OF + dt.timedelta(days=DUE_SOON_DAYS + 1), "open"),
        (None, "open"),
    ],
)
def test_an_open_commitment_is_bucketed_by_its_due_date(sample_policy, due, expected):
    p = portfolio(sample_policy)
    assert bucket(p, commitment(due=due)) == expected
    assert bucket(p, commitment(due=due, status="in_progress")) == expected


@pytest.mark.parametrize("status", ["fulfilled", "missed", "cancelled"])
def test_a_closed_commitment_is_bucketed_by_its_state_whatever_its_due_date(sample_policy, status):
    p = portfolio(sample_policy)
    assert bucket(p, commitment(due=AS_OF - dt.timedelta(days=5), status=status)) == status


def test_money_worth_is_the_value_a_percent_of_arr_or_nothing(sample_policy):
    p = portfolio(sample_policy)
    assert money_worth(p, commitment(type="service_credits", value=1234.5)) == 1234.5
    assert money_worth(p, commitment(type="discount", value=10)) == 20_000.0
    assert money_worth(p, commitment(type="discount", value=10, escalation="E-404")) is None
    assert money_worth(p, commitment(type="payment_terms", value=30)) is None
    assert money_worth(p, commitment(type="no-such-type", value=30)) is None
    assert money_worth(p, commitment(type="service_credits", value=None)) is None


def test_a_tally_counts_every_bucket_and_adds_the_worth_of_those_not_missed_or_cancelled():
    tally = Tally()
    tally.add("open", 100.0)
    tally.add("open", None)
    tally.add("fulfilled", 10.0)
    tally.add("missed", 1000.0)
    tally.add("cancelled", 5000.0)
    tally.add("overdue", 1.5)
    assert dict(tally.counts) == {"open": 2, "fulfilled": 1, "missed": 1, "cancelled": 1, "overdue": 1}
    assert tally.value_given == 111.5
    assert Tally().value_given == 0.0
    assert dict(Tally().counts) == {}


def test_tallies_group_commitments_in_first_seen_order(sample_policy):
    rows = [
        commitment("C-1", due=AS_OF - dt.timedelta(days=1), value=100.0),
        commitment("C-2", status="fulfilled", value=40.0),
        commitment("C-3", status="missed", value=7.0),
        commitment("C-4", type="discount", value=5, due=AS_OF + dt.timedelta(days=90)),
    ]
    p = portfolio(sample_policy, rows)
    by_status = tallies(p, lambda c: c.status)
    assert list(by_status) == ["open", "fulfilled", "missed"]
    assert dict(by_status["open"].counts) == {"overdue": 1, "open": 1}
    assert by_status["open"].value_given == 10_100.0
    assert by_status["fulfilled"].value_given == 40.0
    assert by_status["missed"].value_given == 0.0
    overall = tallies(p, lambda c: "all")
    assert list(overall) == ["all"]
    assert dict(overall["all"].counts) == {"overdue": 1, "open": 1, "fulfilled": 1, "missed": 1}
    assert overall["all"].value_given == 10_140.0
    assert tallies(portfolio(sample_policy), lambda c: "all") == {}


def test_accounts_with_escalations_are_those_escalated_sorted_by_name_then_id(sample_policy):
    escalations = [
        Escalation(
            row=2,
            escalation_id="E-1",
            account_id="A-1",
            tier="green",
            status="resolved",
            opened_on=dt.datetime(2026, 3, 1, 9, 0),
        ),
        Escalation(
            row=3,
            escalation_id="E-2",
            account_id="A-3",
            tier="green",
            status="open",
            opened_on=dt.datetime(2026, 3, 2, 9, 0),
        ),
        Escalation(
            row=4,
            escalation_id="E-3",
            account_id="A-2",
            tier="red",
            status="open",
            opened_on=dt.datetime(2026, 3, 3, 9, 0),
        ),
    ]
    p = portfolio(sample_policy, escalations=escalations)
    assert [a.account_id for a in p.accounts_with_escalations()] == ["A-2", "A-3", "A-1"]
    only_one = portfolio(sample_policy, escalations=escalations[:1])
    assert [a.account_id for a in only_one.accounts_with_escalations()] == ["A-1"]
    # '_' sorts after capitals and before small letters: names compare in lower case
    accounts = [Account(row=2, account_id="A-1", name="ABC"), Account(row=3, account_id="A-2", name="ab_c")]
    both = portfolio(
        sample_policy,
        escalations=[
            *escalations[:1],
            Escalation(
                row=3,
                escalation_id="E-2",
                account_id="A-2",
                tier="green",
                status="open",
                opened_on=dt.datetime(2026, 3, 2, 9, 0),
            ),
        ],
        accounts=accounts,
    )
    assert [a.account_id for a in both.accounts_with_escalations()] == ["A-2", "A-1"]


def test_relative_counts_days_from_the_as_of_date(sample_policy):
    p = portfolio(sample_policy)
    assert p.relative(None) is None
    assert p.relative(AS_OF).days == 0
    assert p.relative(dt.date(2026, 4, 1)).days == 1
    assert p.relative(dt.datetime(2026, 3, 30, 23, 59)).days == -1


def test_the_open_tier_is_the_most_severe_known_tier_of_the_open_escalations(sample_policy):
    def esc(eid, tier, status="open", day=1):
        return Escalation(
            row=2,
            escalation_id=eid,
            account_id="A-1",
            tier=tier,
            status=status,
            opened_on=dt.datetime(2026, 3, day, 9, 0),
        )

    assert (
        portfolio(
            sample_policy, escalations=[esc("E-1", "yellow"), esc("E-2", "red", day=2), esc("E-3", "green", day=3)]
        ).open_tier("A-1")
        == "red"
    )
    assert (
        portfolio(sample_policy, escalations=[esc("E-1", "red", "resolved"), esc("E-2", "yellow", day=2)]).open_tier(
            "A-1"
        )
        == "yellow"
    )
    assert (
        portfolio(sample_policy, escalations=[esc("E-1", "purple"), esc("E-2", "green", day=2)]).open_tier("A-1")
        == "green"
    )
    assert (
        portfolio(sample_policy, escalations=[esc("E-1", "purple"), esc("E-2", "mauve", day=2)]).open_tier("A-1")
        == "purple"
    )
    assert portfolio(sample_policy, escalations=[esc("E-1", "red", "resolved")]).open_tier("A-1") is None
    assert portfolio(sample_policy, escalations=[]).open_tier("A-1") is None
