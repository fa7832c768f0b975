"""The month summary's picks at their bounds, on hand-made records: which open escalation is the biggest risk
(tier, then ARR, then a known renewal, then the soonest) and which open commitments are due soon (0 to
DUE_SOON_DAYS days after month end, both ends included)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from macros.analysis.commitments import DUE_SOON_DAYS
from macros.analysis.monthly_summary import biggest_risk, commitments_at_risk

END = dt.date(2026, 5, 31)


def _escalation(eid, tier, account_id, arr):
    return SimpleNamespace(
        escalation_id=eid, tier=tier, account_id=account_id, arr=arr, opened_on=dt.datetime(2026, 5, 1, 9)
    )


def _portfolio(policy, escalations, renewals, commitments=()):
    return SimpleNamespace(
        policy=policy,
        account_by_id={a: SimpleNamespace(account_id=a, name=a, renewal_date=day) for a, day in renewals.items()},
        escalation_by_id={e.escalation_id: e for e in escalations},
        arr_at_risk=lambda e: e.arr,
        commitments=list(commitments),
        commitment_state=lambda c: c.state,
    )


def _review(escalations):
    return SimpleNamespace(open_escalations=list(escalations), end=END)


def _pick(sample_policy, escalations, renewals):
    risk = biggest_risk(_portfolio(sample_policy, escalations, renewals), _review(escalations))
    return risk.escalation.escalation_id


def test_the_higher_arr_wins_within_a_tier(sample_policy):
    tier = sample_policy.tiers[0].id
    escalations = [_escalation("E1", tier, "A1", 1000.0), _escalation("E2", tier, "A2", 5000.0)]
    assert _pick(sample_policy, escalations, {"A1": END, "A2": END}) == "E2"


def test_a_known_renewal_wins_over_none_and_the_sooner_over_the_later(sample_policy):
    tier = sample_policy.tiers[0].id
    escalations = [_escalation("E1", tier, "A1", 1000.0), _escalation("E2", tier, "A2", 1000.0)]
    assert _pick(sample_policy, escalations, {"A1": None, "A2": END + dt.timedelta(days=300)}) == "E2"
    assert (
        _pick(sample_policy, escalations, {"A1": END + dt.timedelta(days=3), "A2": END + dt.timedelta(days=2)}) == "E2"
    )
    assert _pick(sample_policy, escalations, {"A1": None, "A2": None}) == "E1"  # then by id


def test_due_soon_runs_from_month_end_to_the_last_day_of_the_window(sample_policy):
    escalation = _escalation("E1", sample_policy.tiers[0].id, "A1", 1.0)
    commitments = [
        SimpleNamespace(commitment_id=f"C{n}", escalation_id="E1", due=END + dt.timedelta(days=n), state="open")
        for n in (0, DUE_SOON_DAYS, DUE_SOON_DAYS + 1)
    ]
    portfolio = _portfolio(sample_policy, [escalation], {"A1": None}, commitments)
    at_risk = commitments_at_risk(portfolio, _review([escalation]))
    assert [c.commitment_id for c in at_risk.due_soon] == ["C0", f"C{DUE_SOON_DAYS}"]
    assert at_risk.overdue == []


def test_commitments_of_later_escalations_or_without_a_due_date_are_passed_over_not_stopped_at(sample_policy):
    tier = sample_policy.tiers[0].id
    later = _escalation("E2", tier, "A1", 1.0)
    later.opened_on = dt.datetime(2026, 6, 1, 0, 0)
    escalation = _escalation("E1", tier, "A1", 1.0)
    commitments = [
        SimpleNamespace(commitment_id="C-later", escalation_id="E2", due=END, state="open"),
        SimpleNamespace(commitment_id="C-undated", escalation_id="E1", due=None, state="open"),
        SimpleNamespace(commitment_id="C-soon", escalation_id="E1", due=END + dt.timedelta(days=1), state="open"),
        SimpleNamespace(commitment_id="C-late", escalation_id="E1", due=END - dt.timedelta(days=1), state="open"),
    ]
    portfolio = _portfolio(sample_policy, [escalation, later], {"A1": None}, commitments)
    at_risk = commitments_at_risk(portfolio, _review([escalation]))
    assert [c.commitment_id for c in at_risk.due_soon] == ["C-soon"]
    assert [c.commitment_id for c in at_risk.overdue] == ["C-late"]


def test_missed_and_cancelled_commitments_keep_their_state_at_month_end_even_when_due_before_it():
    from macros.analysis.monthly import state_at

    for state in ("missed", "cancelled"):
        commitment = SimpleNamespace(due=END - dt.timedelta(days=5), fulfilled_on=None, state=state)
        portfolio = SimpleNamespace(commitment_state=lambda c: c.state)
        assert state_at(portfolio, commitment, END) == state
    open_one = SimpleNamespace(due=END - dt.timedelta(days=5), fulfilled_on=None, state="open")
    assert state_at(SimpleNamespace(commitment_state=lambda c: c.state), open_one, END) == "overdue"


def test_a_closed_escalation_without_a_resolution_moment_counts_as_resolved_at_the_as_of_moment():
    from macros.analysis.monthly import resolved_at

    as_of = dt.date(2026, 7, 15)
    portfolio = SimpleNamespace(as_of=as_of, is_open=lambda e: e.open)
    closed = SimpleNamespace(open=False, resolved_on=None)
    assert resolved_at(portfolio, closed) == dt.datetime.combine(as_of, dt.time.max)
    moment = dt.datetime(2026, 7, 1, 12)
    assert resolved_at(portfolio, SimpleNamespace(open=False, resolved_on=moment)) == moment
    assert resolved_at(portfolio, SimpleNamespace(open=True, resolved_on=moment)) is None


def test_renewals_at_risk_pass_over_accounts_without_a_renewal_date(sample_policy):
    from macros.analysis.monthly import _renewals_at_risk

    tier = sample_policy.tiers[-1].id
    undated, dated = _escalation("E1", tier, "A1", 5.0), _escalation("E2", tier, "A2", 7.0)
    portfolio = _portfolio(sample_policy, [undated, dated], {"A1": None, "A2": END + dt.timedelta(days=90)})
    open_now = {"A1": [undated], "A2": [dated]}
    result = _renewals_at_risk(portfolio, open_now, END, {"E1": 5.0, "E2": 7.0})
    assert [(r.account.account_id, r.days_to_renewal, r.arr_at_risk) for r in result] == [("A2", 90, 7.0)]


def test_a_renewal_at_risk_names_the_highest_ranked_tier_of_its_escalations(sample_policy):
    from macros.analysis.monthly import _renewals_at_risk

    tiers = [t.id for t in sample_policy.tiers]
    # The highest-ranked tier is not the alphabetically last one, so ranking and spelling disagree.
    top, other = tiers[-1], max(tiers[:-1])
    assert other > top
    items = [_escalation("E1", other, "A1", 1.0), _escalation("E2", top, "A1", 2.0)]
    portfolio = _portfolio(sample_policy, items, {"A1": END + dt.timedelta(days=10)})
    [risk] = _renewals_at_risk(portfolio, {"A1": items}, END, {"E1": 1.0, "E2": 2.0})
    assert (risk.tier, risk.arr_at_risk, risk.days_to_renewal) == (top, 3.0, 10)
