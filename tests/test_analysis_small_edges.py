"""Small edges of the analysis: elapsed hours to the microsecond, UTC under any machine zone, unknown blocker
types, sheet-diff counts, a policy version's label with or without a
commit and a date, and a git error's message and hint."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.git_snapshot import GitError
from macros.analysis.policy_timeline import PolicyVersion


@pytest.fixture(scope="module")
def clock(sample_policy) -> BusinessClock:
    return BusinessClock(sample_policy.organisation.calendar)


@pytest.mark.parametrize(
    ("end", "hours"),
    [
        (dt.datetime(2026, 3, 2, 10, 0, 0, 1), 1 + 1 / 3_600_000_000),
        (dt.datetime(2026, 3, 2, 9, 59, 59, 999_999), 1 - 1 / 3_600_000_000),
        (dt.datetime(2026, 3, 3, 9, 0, 0, 500_000), 24 + 0.5 / 3_600),
    ],
)
def test_elapsed_hours_count_every_microsecond(clock, end, hours):
    assert clock.elapsed(dt.datetime(2026, 3, 2, 9, 0), end, "hours") == pytest.approx(hours, rel=0, abs=1e-12)


def test_elapsed_days_count_the_microseconds_past_the_last_whole_day(clock):
    start = dt.datetime(2026, 3, 31, 9, 0)  # the last day of March
    end = dt.datetime(2026, 4, 1, 9, 0, 0, 864)  # 864 µs = 1e-8 of a day later
    assert clock.elapsed(start, end, "days") == pytest.approx(1 + 1e-8, rel=0, abs=1e-12)


def test_a_policy_version_is_labelled_by_commit_and_date_only_when_it_has_both(sample_policy):
    day = dt.date(2026, 3, 2)
    assert PolicyVersion(sample_policy, "1a2b3c4d5e6f", day).label() == "policy 1a2b3c4 of 2026-03-02"
    assert PolicyVersion(sample_policy, "1a2b3c4d5e6f", None).label() == "the current policy"
    assert PolicyVersion(sample_policy, None, day).label() == "the current policy"
    assert PolicyVersion(sample_policy).label() == "the current policy"


def test_a_git_error_carries_its_message_and_hint():
    error = GitError("not a repository")
    assert (str(error), error.message, error.hint) == ("not a repository", "not a repository", "")
    assert GitError("no such revision", "fetch more history").hint == "fetch more history"


@pytest.fixture
def local_zone_new_york(monkeypatch):
    """The machine's own time zone set to New York (CI runs in UTC, where local time and UTC agree)."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_to_utc_gives_utc_whatever_the_machines_own_zone(clock, local_zone_new_york):
    aware = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    naive = dt.datetime(2026, 3, 2, 9, 0)
    for moment in (aware, naive):
        utc = clock.to_utc(moment)
        assert utc.utcoffset() == dt.timedelta(0)
        assert utc.tzinfo is dt.UTC
    assert clock.to_utc(aware).replace(tzinfo=None) == dt.datetime(2026, 3, 2, 8, 0)
    expected = naive.replace(tzinfo=clock.zone).astimezone(dt.UTC).replace(tzinfo=None)
    assert clock.to_utc(naive).replace(tzinfo=None) == expected


def test_a_blocker_type_outside_the_policys_vocabulary_counts_as_none(sample_policy):
    from types import SimpleNamespace

    from macros.analysis.learnings import blocker_of

    portfolio = SimpleNamespace(policy=sample_policy)
    known = sample_policy.log_values.blocker_types[0].id
    assert blocker_of(portfolio, SimpleNamespace(blocker_type=known)) == known
    assert blocker_of(portfolio, SimpleNamespace(blocker_type="weather")) is None
    assert blocker_of(portfolio, SimpleNamespace(blocker_type=None)) is None


def test_a_sheet_diff_counts_each_kind_of_change_once_per_row():
    from macros.analysis.workbook_diff import RowChange, SheetDiff

    diff = SheetDiff(
        "Escalations",
        [
            RowChange("added", "ESC-2026-0101", 12),
            RowChange("changed", "ESC-2026-0007", 8),
            RowChange("added", "ESC-2026-0102", 13),
            RowChange("removed", "ESC-2025-0040", 40),
        ],
    )
    assert (diff.count("added"), diff.count("changed"), diff.count("removed")) == (2, 1, 1)
    assert SheetDiff("Accounts").count("added") == 0
