"""Dated items per person: what becomes an item, what does not, and keys that do not depend on dates or rows."""

from __future__ import annotations

import datetime as dt
import shutil

from macros.analysis.reminders import (
    ACTION_DUE,
    CHECK_IN,
    RENEWAL,
    due_items,
    is_due_this_week,
    is_due_today,
)
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook

AS_OF = "2026-06-30"


def _items(tmp_path, change=None):
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log()
    if change:
        change(rows)
    write_workbook(data / "escalations.xlsx", rows)
    return due_items(build_context(data, as_of=AS_OF, scope="full").governance)


def test_done_actions_and_closed_escalations_have_no_items(tmp_path):
    items = _items(tmp_path)
    assert not [i for i in items if "Send quote" in i.title]  # done action on a resolved escalation
    assert not [i for i in items if i.escalation_id == "ESC-2"]  # resolved
    assert {(i.kind, i.day) for i in items if "Confirm fix date" in i.title} == {
        (ACTION_DUE, dt.date(2026, 6, 20)),
        (CHECK_IN, dt.date(2026, 7, 2)),
    }


def test_renewals_go_to_escalation_owners_and_the_account_team(tmp_path):
    renewal = next(i for i in _items(tmp_path) if i.kind == RENEWAL and i.account_id == "ACC-1")
    assert renewal.people == ("priya-raman", "ben-adeyemi", "elena-sorensen")
    assert renewal.overdue is False


def test_keys_survive_new_dates_and_inserted_rows(tmp_path):
    before = {i.title: i.key for i in _items(tmp_path)}

    def move_and_insert(rows):
        rows["Actions"][0]["Due"] = dt.date(2026, 7, 9)
        rows["Actions"].insert(0, {**rows["Actions"][1], "Action": "A new first action"})

    after = {i.title: i.key for i in _items(tmp_path, move_and_insert)}
    assert after["Action due: Confirm fix date"] == before["Action due: Confirm fix date"]
    assert after["Check-in: Exec call"] == before["Check-in: Exec call"]
    assert "Action due: A new first action" in after


def test_two_identical_actions_get_two_keys(tmp_path):
    def duplicate(rows):
        rows["Actions"].append(dict(rows["Actions"][0]))

    keys = [i.key for i in _items(tmp_path, duplicate) if i.title == "Action due: Confirm fix date"]
    assert len(keys) == 2 and len(set(keys)) == 2


def test_today_and_this_week_exclude_overdue_items(tmp_path):
    items = _items(tmp_path)
    as_of = dt.date.fromisoformat(AS_OF)
    overdue = next(i for i in items if i.title == "Action due: Confirm fix date")
    assert overdue.overdue
    assert not is_due_today(overdue, as_of) and not is_due_this_week(overdue, as_of)
    check_in = next(i for i in items if i.title == "Check-in: Exec call")  # 1 July
    assert is_due_this_week(check_in, as_of) and not check_in.overdue


def test_a_status_update_is_overdue_only_once_the_next_one_is_late(tmp_path):
    from macros.analysis.reminders import STATUS_UPDATE

    late = next(i for i in _items(tmp_path) if i.kind == STATUS_UPDATE and i.escalation_id == "ESC-1")
    assert late.overdue  # red: every 2 business days; the last update was on 25 June

    def update_today(rows):
        rows["Updates"].append({**rows["Updates"][0], "Date": dt.datetime(2026, 6, 30, 10, 0)})

    fresh = next(i for i in _items(tmp_path, update_today) if i.kind == STATUS_UPDATE and i.escalation_id == "ESC-1")
    assert fresh.key == late.key
    assert fresh.at == dt.datetime(2026, 7, 2, 10, 0)
    assert not fresh.overdue  # the gap before 25 June was too long, but the next update is not due yet
