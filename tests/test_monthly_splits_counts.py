"""A month's split by segment adds up every escalation of a line: two opened, two resolved, ARR saved and lost
summed by the outcome's result (hand-made records, sample policy)."""

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
    ]
    portfolio = SimpleNamespace(
        policy=sample_policy, account_by_id={"A1": account}, accounts=[account], arr_at_risk=lambda e: e.arr
    )
    review = SimpleNamespace(opened=escalations[:2], resolved=escalations, open_escalations=escalations[2:])
    splits = month_splits(portfolio, review)
    assert splits.by_region is None
    [line] = splits.by_segment
    assert (line.key, line.opened, line.resolved, line.open_at_end) == (segment, 2, 3, 1)
    assert (line.arr_saved, line.arr_lost, line.arr_at_risk) == (120.0, 3.0, 3.0)
