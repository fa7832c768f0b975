"""A month's split by segment adds up every escalation of a line: two opened, four resolved, ARR saved and lost
summed by the outcome's result, two of each (hand-made records, sample policy)."""

from __future__ import annotations

from types import SimpleNamespace

from macros.analysis.monthly_splits import month_splits


def test_a_segment_line_counts_and_sums_every_escalation(sample_policy):
    outcome_of = {}
    for outcome in sample_policy.log_values.outcomes:
        outcome_of.setdefault(outcome.arr_result, outcome.id)
    segment = sample_policy.log_values.segments[0].id
    account = SimpleNamespace(account_id="A1", segment=segment, region=None)
    escalations = [
        SimpleNamespace(escalation_id="E1", account_id="A1", outcome=outcome_of["saved"], arr=100.0),
        SimpleNamespace(escalation_id="E2", account_id="A1", outcome=outcome_of["saved"], arr=20.0),
        SimpleNamespace(escalation_id="E3", account_id="A1", outcome=outcome_of["lost"], arr=3.0),
        SimpleNamespace(escalation_id="E4", account_id="A1", outcome=outcome_of["lost"], arr=0.5),
    ]
    portfolio = SimpleNamespace(
        policy=sample_policy, account_by_id={"A1": account}, accounts=[account], arr_at_risk=lambda e: e.arr
    )
    review = SimpleNamespace(opened=escalations[:2], resolved=escalations, open_escalations=escalations[2:3])
    splits = month_splits(portfolio, review)
    assert splits.by_region is None
    [line] = splits.by_segment
    assert (line.key, line.opened, line.resolved, line.open_at_end) == (segment, 2, 4, 1)
    assert (line.arr_saved, line.arr_lost, line.arr_at_risk) == (120.0, 3.5, 3.0)


def test_lines_follow_the_policy_order_of_segments_and_regions_ignore_case(sample_policy):
    segments = [s.id for s in sample_policy.log_values.segments]
    # Two segments whose policy order is not their alphabetical order.
    first, last = next((a, b) for i, a in enumerate(segments) for b in segments[i + 1 :] if a > b)
    accounts = {
        "A1": SimpleNamespace(account_id="A1", segment=last, region="apac"),
        "A2": SimpleNamespace(account_id="A2", segment=first, region="EMEA"),
        "A3": SimpleNamespace(account_id="A3", segment=None, region=None),
    }
    escalations = [
        SimpleNamespace(escalation_id=f"E{n}", account_id=a, outcome=None, arr=float(n), segment=None)
        for n, a in enumerate(("A1", "A2", "A3", "A1"), start=1)
    ]
    portfolio = SimpleNamespace(
        policy=sample_policy,
        account_by_id=accounts,
        accounts=list(accounts.values()),
        arr_at_risk=lambda e: e.arr,
    )
    review = SimpleNamespace(opened=[], resolved=[], open_escalations=escalations)
    splits = month_splits(portfolio, review)
    assert [line.key for line in splits.by_segment] == [first, last, None]
    assert [(line.open_at_end, line.arr_at_risk) for line in splits.by_segment] == [(1, 2.0), (2, 5.0), (1, 3.0)]
    assert [line.key for line in splits.by_region] == ["apac", "EMEA", None]
