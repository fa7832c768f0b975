"""Adversarial workbooks: each one has an exact expected outcome. Nothing is lost, nothing is guessed."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook

from macros.policy.loader import load_policy
from macros.problems import DataError, ProblemLog
from macros.workbook.loader import load_log

from .conftest import SAMPLE_DATA
from .workbook_builder import set_cached_values, small_log, write_workbook


@pytest.fixture(scope="module")
def policy():
    return load_policy(SAMPLE_DATA)


def _load(path, policy):
    log = ProblemLog()
    try:
        return load_log(path.parent, policy, log, workbook=path), log, None
    except DataError as exc:
        return None, log, exc


def _edit(path, change):
    book = load_workbook(path)
    change(book)
    book.save(path)


def test_formula_without_saved_value_is_an_error_at_its_cell(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: b["Accounts"].__setitem__("E2", "=400000+20000"))
    _, _, error = _load(path, policy)
    assert error is not None
    messages = [p.format() for p in error.errors if p.location == "Accounts!E2"]
    assert any("formula whose result was never saved" in m for m in messages)


def test_formula_with_saved_value_uses_the_value(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: b["Accounts"].__setitem__("E2", "=400000+20000"))
    set_cached_values(path, 1, {"E2": 420000})
    result, _, error = _load(path, policy)
    assert error is None
    assert result.accounts[0].arr == 420000


def test_merged_cells_are_an_error(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: b["Escalations"].merge_cells("F2:G2"))
    _, _, error = _load(path, policy)
    assert any(p.location == "Escalations!F2" and "F2:G2 are merged" in p.message for p in error.errors)


def test_hidden_sheet_is_read_with_a_warning(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: setattr(b["Reviews"], "sheet_state", "hidden"))
    result, log, error = _load(path, policy)
    assert error is None
    assert len(result.reviews) == 1
    assert any("hidden" in w.message for w in log.warnings)


def test_renamed_sheet_is_missing_with_a_suggestion(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: setattr(b["Escalations"], "title", "Escalation"))
    _, _, error = _load(path, policy)
    report = error.report()
    assert "the sheet 'Escalations' is missing" in report
    assert "did you mean 'Escalation'" in report


def test_sheet_names_match_without_case(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    _edit(path, lambda b: setattr(b["Updates"], "title", " UPDATES "))
    result, _, error = _load(path, policy)
    assert error is None and len(result.updates) == 1


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("ARR", "$1,200,000", 1_200_000.0),
        ("ARR", " 250000 ", 250_000.0),
        ("Renewal Date", "15 Aug 2026", dt.date(2026, 8, 15)),
        ("Renewal Date", "2026-08-15T00:00", dt.date(2026, 8, 15)),
        ("Account Name", "  Harbor 🚢 Logistics  ", "Harbor 🚢 Logistics"),
        ("Account Name", "شركة المرفأ", "شركة المرفأ"),
        ("CSM", "  PRIYA RAMAN ", "priya-raman"),
    ],
)
def test_messy_but_readable_values(tmp_path, policy, column, value, expected):
    rows = small_log()
    rows["Accounts"][0][column] = value
    result, _, error = _load(write_workbook(tmp_path / "escalations.xlsx", rows), policy)
    assert error is None, error and error.report()
    field = {"ARR": "arr", "Renewal Date": "renewal_date", "Account Name": "name", "CSM": "csm"}[column]
    assert getattr(result.accounts[0], field) == expected


@pytest.mark.parametrize(
    ("column", "value", "cell", "fragment"),
    [
        ("ARR", -5000, "Accounts!E2", "zero or more"),
        ("ARR", 5e13, "Accounts!E2", "plausible amount"),
        ("ARR", "1.200.000", "Accounts!E2", "expected an amount"),
        ("Renewal Date", "03/04/2026", "Accounts!G2", "either way round"),
        ("Renewal Date", "2026-13-01", "Accounts!G2", "real calendar date"),
        # Excel keeps at most 32,767 characters of a pasted 50,000; still far more than a cell may hold here
        ("Account Name", "x" * 50_000, "Accounts!B2", "at most 20,000 are allowed"),
    ],
)
def test_unreadable_values_are_errors_at_their_cell(tmp_path, policy, column, value, cell, fragment):
    rows = small_log()
    rows["Accounts"][0][column] = value
    _, _, error = _load(write_workbook(tmp_path / "escalations.xlsx", rows), policy)
    assert error is not None
    assert any(p.location == cell and fragment in p.message for p in error.errors), error.report()


def test_macro_enabled_workbook_is_refused(tmp_path, policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    macro = tmp_path / "escalations.xlsm"
    shutil.copy(path, macro)
    _, _, error = _load(macro, policy)
    assert "macro-enabled workbooks (.xlsm) are not accepted" in error.report()


def test_a_wrong_value_repeated_in_many_cells_is_an_error_at_each_and_a_right_one_is_read_the_same_each_time(
    tmp_path, policy
):
    """The loader reads each distinct person, term, date and amount once per load: a repeated bad value must still
    be reported at every cell, and a repeated good one must give every row the same value."""
    rows = small_log()
    for account in rows["Accounts"]:
        account.update({"CSM": "Nobody Known", "Health": "purple", "ARR": "$180,000", "Renewal Date": "2026-10-01"})
    path = write_workbook(tmp_path / "escalations.xlsx", rows)
    _, _, error = _load(path, policy)
    for column, shown in (("CSM", "'Nobody Known'"), ("Health", "'purple'")):
        found = [p for p in error.errors if p.path == column]
        assert [p.location[len("Accounts!") + 1 :] for p in found] == ["2", "3"]  # both rows, in order
        assert found[0].message == found[1].message and shown in found[0].message
        assert found[0].hint == found[1].hint and found[0].hint

    rows = small_log()
    for account in rows["Accounts"]:
        account.update({"ARR": "$180,000", "Renewal Date": "2026-10-01", "Health": "yellow"})
    path = write_workbook(tmp_path / "good.xlsx", rows)
    result, _, error = _load(path, policy)
    assert error is None
    assert [(a.arr, a.renewal_date, a.health) for a in result.accounts] == [
        (180000, dt.date(2026, 10, 1), "yellow"),
    ] * 2
