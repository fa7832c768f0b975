"""The log as known at the as-of instant: later events left out or taken back, and every such row accounted for."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.dataset import load_dataset
from macros.log_as_of import later_rows_warnings, log_as_of

from .conftest import SAMPLE_DATA

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def recorded():
    dataset = load_dataset(SAMPLE_DATA, as_of="2027-01-01")
    return dataset.policy, dataset.recorded_log


def _states(policy):
    values = policy.log_values
    return (
        {s.id for s in values.escalation_statuses if s.open},
        {s.id for s in values.action_statuses if s.done},
        {s.id: s.state for s in values.commitment_statuses},
    )


def test_nothing_after_the_as_of_date_survives(recorded):
    policy, log = recorded
    view, later = log_as_of(log, policy, AS_OF)
    # Every escalation opened by then is kept (the checks below would pass on an empty view).
    opened_by_then = [e.escalation_id for e in log.escalations if e.opened_on.date() <= AS_OF]
    assert opened_by_then and [e.escalation_id for e in view.escalations] == opened_by_then
    assert view.updates and view.actions and view.commitments
    assert all(e.resolved_on is None or e.resolved_on.date() <= AS_OF for e in view.escalations)
    assert all(u.date.date() <= AS_OF for u in view.updates)
    assert all(r.review_date <= AS_OF for r in view.reviews)
    assert all(a.completed_on is None or a.completed_on <= AS_OF for a in view.actions)
    assert all(c.fulfilled_on is None or c.fulfilled_on <= AS_OF for c in view.commitments)
    assert all(c.approved_on is None or c.approved_on <= AS_OF for c in view.commitments)
    known = {e.escalation_id for e in view.escalations}
    for records in (view.actions, view.commitments, view.updates, view.reviews):
        assert all(r.escalation_id in known for r in records)
    assert later.rows


def test_resolved_later_is_open_and_completed_later_is_not_done(recorded):
    policy, log = recorded
    open_ids, done_ids, _ = _states(policy)
    view, _ = log_as_of(log, policy, AS_OF)
    by_id = {e.escalation_id: e for e in view.escalations}
    reopened = [e for e in log.escalations if e.opened_on.date() <= AS_OF < (e.resolved_on or dt.datetime.max).date()]
    assert reopened
    for e in reopened:
        kept = by_id[e.escalation_id]
        assert kept.status in open_ids and kept.outcome is None and kept.resolved_on is None
    actions = {a.row: a for a in view.actions}
    for a in log.actions:
        if a.completed_on and a.completed_on > AS_OF and a.row in actions:
            assert actions[a.row].status not in done_ids and actions[a.row].completed_on is None


def test_a_commitment_approved_or_fulfilled_later_is_unapproved_and_open(recorded):
    policy, log = recorded
    *_, commitment_state = _states(policy)
    opened = {e.escalation_id: e.opened_on.date() for e in log.escalations}
    source = next(
        c
        for c in log.commitments
        if c.approved_on and c.fulfilled_on and opened[c.escalation_id] < c.approved_on - dt.timedelta(days=1)
    )
    view, later = log_as_of(log, policy, source.approved_on - dt.timedelta(days=1))
    [kept] = [c for c in view.commitments if c.commitment_id == source.commitment_id]
    assert kept.approved_by is None and kept.approved_on is None
    assert commitment_state[kept.status] == "open" and kept.fulfilled_on is None
    assert source.approved_by is not None, "the recorded log is never changed"
    assert any(r.cell == source.ref("approved_on") and not r.hidden for r in later.rows)


def test_every_later_row_is_counted_once_and_hidden_ones_are_gone(recorded):
    policy, log = recorded
    view, later = log_as_of(log, policy, AS_OF)
    for sheet, attr in (("Escalations", "escalations"), ("Actions", "actions"), ("Updates", "updates")):
        hidden = later.hidden_count(sheet)
        assert len(getattr(view, attr)) == len(getattr(log, attr)) - hidden
    cells = [r.cell for r in later.rows]
    assert len(cells) == len(set(cells))
    assert all(r.day > AS_OF for r in later.rows)


def test_no_later_rows_means_the_same_log(recorded):
    policy, log = recorded
    view, later = log_as_of(log, policy, dt.date(2030, 1, 1))
    assert len(later) == 0 and later_rows_warnings(later) == []
    assert view.escalations == log.escalations and view.commitments == log.commitments


def test_one_summary_warning_or_one_per_row(recorded):
    policy, log = recorded
    _, later = log_as_of(log, policy, AS_OF)
    [summary] = later_rows_warnings(later)
    assert summary.code == "after-as-of" and summary.location == later.rows[0].cell
    assert f"{len(later):,} rows are dated after the as-of date 2026-06-30" in summary.message
    assert ", ".join(r.cell for r in later.rows[:5]) in summary.message
    assert "--verbose" in summary.hint
    each = later_rows_warnings(later, verbose=True)
    assert [w.location for w in each] == [r.cell for r in later.rows]


def test_validate_sums_up_later_rows_once_and_lists_each_with_verbose(capsys):
    from macros.cli import main

    _, later = log_as_of(load_dataset(SAMPLE_DATA, as_of="2026-06-30").recorded_log, *_policy_and_day())
    assert main(["validate", "--data", str(SAMPLE_DATA), "--as-of", "2026-06-30", "--summary"]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "after the as-of date 2026-06-30" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{later.rows[0].cell}: warning: {len(later):,} rows")
    hidden = later.hidden_count("Updates")
    assert any(
        line.split()[:1] == ["Updates"] and line.split()[-1] == str(hidden) for line in captured.out.splitlines()
    )
    assert main(["validate", "--data", str(SAMPLE_DATA), "--as-of", "2026-06-30", "--verbose"]) == 0
    verbose = [line for line in capsys.readouterr().err.splitlines() if "after the as-of date 2026-06-30" in line]
    assert len(verbose) == len(later)


def _policy_and_day():
    return load_dataset(SAMPLE_DATA, scope="policy-only").policy, AS_OF


def test_an_action_completed_later_is_open_but_owes_no_check_in_date():
    from macros.analysis.data_quality import data_quality_warnings

    dataset = load_dataset(SAMPLE_DATA, as_of="2026-06-30")
    taken_back = [
        a for a in dataset.log.actions if dataset.later.taken_back("Actions", a.row) and a.next_check_in is None
    ]
    assert taken_back
    flagged = {w.location for w in data_quality_warnings(dataset) if w.code == "missing-check-in"}
    assert not flagged & {a.ref("next_check_in") for a in taken_back}
