"""Status updates on fixed days: the schedule a cadence sets, the misses the Updates sheet shows, and where they
are reported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.cadence import missed_text, missed_updates, required_updates
from macros.analysis.data_quality import data_quality_warnings
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset
from macros.policy.communication import UpdateCadence
from macros.policy.organisation import BusinessCalendar

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
T = dt.datetime


@pytest.fixture(scope="module")
def clock() -> BusinessClock:
    return BusinessClock(
        BusinessCalendar(
            timezone="America/Chicago", day_starts=dt.time(8, 30), day_ends=dt.time(17, 30), holidays={"country": "US"}
        )
    )


def cadence(**fields) -> UpdateCadence:
    return UpdateCadence.model_validate(fields)


def test_every_n_business_days_counts_from_opening_and_skips_holidays(clock):
    # opened Tuesday 30 June 2026; Friday 3 July is the observed Independence Day holiday
    due = [
        r.due
        for r in required_updates(clock, cadence(every="2 business days"), T(2026, 6, 30, 10), T(2026, 7, 10, 23, 59))
    ]
    assert [d.date().isoformat() for d in due] == ["2026-07-02", "2026-07-07", "2026-07-09"]


def test_named_weekdays_by_a_time_of_day(clock):
    rule = cadence(weekdays=["friday"], by="17:00")
    required = required_updates(clock, rule, T(2026, 6, 1, 10), T(2026, 6, 30, 23, 59))
    # 19 June (Juneteenth) is a holiday, so no update is due that Friday
    assert [r.due for r in required] == [T(2026, 6, 5, 17), T(2026, 6, 12, 17), T(2026, 6, 26, 17)]
    updates = [T(2026, 6, 5, 16, 59), T(2026, 6, 12, 17, 1), T(2026, 6, 25, 15)]
    missed = missed_updates(clock, rule, T(2026, 6, 1, 10), updates, end=T(2026, 6, 30, 23, 59))
    assert missed_text(missed) == "2026-06-12 17:00 (every Friday), 2026-06-26 17:00 (every Friday)"
    assert rule.describe() == "every Friday, by 17:00 local"


def test_an_update_in_the_window_meets_each_n_day_due_date(clock):
    rule = cadence(every="3 days")
    opened = T(2026, 6, 1, 9)
    missed = missed_updates(clock, rule, opened, [T(2026, 6, 3, 12), T(2026, 6, 9, 8)], end=T(2026, 6, 12, 23, 59, 59))
    assert missed_text(missed) == "2026-06-07 (every 3 days)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [({}, "give 'every', 'weekdays', or both"), ({"every": "4 hours"}, "'every' counts days")],
)
def test_a_cadence_needs_days(fields, message):
    with pytest.raises(ValueError, match=message):
        cadence(**fields)


def test_missed_updates_are_reported_by_date_in_data_quality(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(FIXTURES / "shapes" / "cadence" / "communication.yaml", data / "policy" / "communication.yaml")
    write_workbook(data / "escalations.xlsx", small_log())
    dataset = load_dataset(data, as_of="2026-06-30", root=data)
    warnings = [w for w in data_quality_warnings(dataset, Portfolio.from_dataset(dataset)) if w.code == "missed-update"]
    # ESC-1 is Red, opened Monday 1 June; its only update is on Thursday 25 June
    assert [(w.location, w.message) for w in warnings] == [
        (
            "Escalations!A2",
            "3 status updates missed (cadence: every Friday, by 17:00 local): 2026-06-05 17:00 (every Friday), "
            "2026-06-12 17:00 (every Friday), 2026-06-26 17:00 (every Friday)",
        )
    ]


@pytest.mark.build
def test_missed_updates_show_in_the_briefing_the_tracker_and_data_quality(tmp_path):
    from .site_builder import build_site

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(FIXTURES / "shapes" / "cadence" / "communication.yaml", data / "policy" / "communication.yaml")
    write_workbook(data / "escalations.xlsx", small_log())
    result = build_site(tmp_path / "site", data)
    assert result.returncode == 0, result.output
    missed = "2026-06-05 17:00 (every Friday), 2026-06-12 17:00 (every Friday), 2026-06-26 17:00 (every Friday)"
    briefing = result.page("accounts/ACC-1")
    assert f"Status updates missed (every Friday, by 17:00 local): {missed}" in briefing
    # the targets table and the line under it are HTML, not text showing HTML source
    assert '<h3>Response targets</h3><table class="ref-table ref-targets">' in briefing
    assert '</table><p class="ref-bad ref-missed-updates">' in briefing
    tracker = result.page("actions")
    assert '<h2 id="missed-updates">Status updates missed</h2>' in tracker
    assert missed in tracker
    assert "Status updates missed on their cadence (1)" in result.page("data-quality")


def test_an_update_at_the_exact_due_moment_meets_it_and_one_at_the_previous_due_moment_does_not(clock):
    """Every 3 days by 12:00, opened 1 June 9:00: due 4 June 12:00 (since opening), then 7 June 12:00."""
    rule = cadence(every="3 days", by="12:00")
    opened = T(2026, 6, 1, 9)
    end = T(2026, 6, 7, 23, 59)
    assert [r.due for r in required_updates(clock, rule, opened, end)] == [T(2026, 6, 4, 12), T(2026, 6, 7, 12)]
    # At 4 June 12:00 exactly: meets the first, not the second (which needs one after that moment).
    missed = missed_updates(clock, rule, opened, [T(2026, 6, 4, 12)], end=end)
    assert [r.due for r in missed] == [T(2026, 6, 7, 12)]
    # A minute after the first due moment meets the second, and the first is missed.
    missed = missed_updates(clock, rule, opened, [T(2026, 6, 4, 12, 1)], end=end)
    assert [r.due for r in missed] == [T(2026, 6, 4, 12)]
    # At the opening moment itself: too early for the first.
    missed = missed_updates(clock, rule, opened, [opened, T(2026, 6, 7, 12)], end=end)
    assert [r.due for r in missed] == [T(2026, 6, 4, 12)]


@pytest.mark.parametrize(("count", "tail"), [(4, ""), (5, ""), (6, " and 1 more"), (8, " and 3 more")])
def test_missed_text_lists_five_and_counts_the_rest(clock, count, tail):
    missed = required_updates(clock, cadence(every="1 days"), T(2026, 6, 1, 9), T(2026, 6, 1 + count, 23, 59, 59))
    assert len(missed) == count
    text = missed_text(missed)
    assert text.count("(every 1 day)") == min(count, 5)
    assert text.endswith("2026-06-0" + str(min(count, 5) + 1) + " (every 1 day)" + tail)


def test_weekday_updates_start_the_day_after_opening_and_end_at_the_exact_end_moment(clock):
    """Opened Thursday 4 June 2026 at 10:00; updates every Wednesday, Thursday and Friday by 17:00."""
    rule = cadence(weekdays=["wednesday", "thursday", "friday"], by="17:00")
    opened = T(2026, 6, 4, 10)
    required = required_updates(clock, rule, opened, T(2026, 6, 10, 17))
    # Not the opening Thursday nor the Wednesday before; Friday the next day; the end moment itself counts.
    assert [r.due for r in required] == [T(2026, 6, 5, 17), T(2026, 6, 10, 17)]
    assert [r.due for r in required_updates(clock, rule, opened, T(2026, 6, 10, 16, 59))] == [T(2026, 6, 5, 17)]


def test_an_every_n_days_update_due_at_the_exact_end_moment_is_required(clock):
    rule = cadence(every="2 days", by="12:00")
    opened = T(2026, 6, 1, 9)
    assert [r.due for r in required_updates(clock, rule, opened, T(2026, 6, 5, 12))] == [
        T(2026, 6, 3, 12),
        T(2026, 6, 5, 12),
    ]
    assert [r.due for r in required_updates(clock, rule, opened, T(2026, 6, 5, 11, 59))] == [T(2026, 6, 3, 12)]
