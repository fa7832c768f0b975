"""The workbook loader: header matching, typed values, references between sheets, and located errors."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from macros.policy.loader import load_policy
from macros.problems import DataError, ProblemLog
from macros.workbook.loader import load_log

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook


@pytest.fixture(scope="module")
def policy():
    return load_policy(SAMPLE_DATA)


def _load(tmp_path, policy, rows, **kwargs):
    path = write_workbook(tmp_path / "escalations.xlsx", rows, **kwargs)
    log = ProblemLog()
    return load_log(tmp_path, policy, log, workbook=path), log


def test_small_log_loads_with_typed_values(tmp_path, policy):
    result, _ = _load(tmp_path, policy, small_log())
    accounts = {a.account_id: a for a in result.accounts}
    assert accounts["ACC-2"].arr == 180000.0  # "$180,000"
    assert accounts["ACC-2"].renewal_date == dt.date(2026, 10, 1)  # ISO text
    assert accounts["ACC-1"].ae == "ben-adeyemi"  # by email
    assert accounts["ACC-1"].csm == "priya-raman"  # by name
    assert accounts["ACC-2"].segment == "mid_market"
    escalation = next(e for e in result.escalations if e.escalation_id == "ESC-2")
    assert (
        escalation.tier == "yellow"
        and escalation.status == "resolved"
        and escalation.outcome == "renewed_with_concessions"
    )
    assert result.commitments[0].value == 8.0
    assert result.escalations[0].ref("deadline") == "Escalations!I2"
    assert {s: c.read for s, c in result.counts.items()} == {
        "Accounts": 2,
        "Escalations": 3,
        "Actions": 3,
        "Commitments": 1,
        "Updates": 1,
        "Reviews": 1,
        "Approvals": 0,  # optional sheet, left out of this workbook
    }


def test_headers_match_case_and_spaces_in_any_order_and_extras_are_kept(tmp_path, policy):
    rows = small_log()
    from macros.workbook.columns import ACCOUNTS

    shuffled = [f"  {c.header.upper()} " for c in reversed(ACCOUNTS.columns)] + ["Internal Notes"]
    rows["Accounts"] = [{f"  {k.upper()} ": v for k, v in row.items()} for row in rows["Accounts"]]
    rows["Accounts"][0]["Internal Notes"] = "keep me"
    result, _ = _load(tmp_path, policy, rows, headers={"Accounts": shuffled})
    assert result.accounts[0].name == "Harbor Logistics"
    assert result.accounts[0].extras == {"Internal Notes": "keep me"}
    assert result.extra_headers["Accounts"] == ["Internal Notes"]


def test_percent_formatted_fraction(tmp_path, policy):
    rows = small_log()
    rows["Commitments"][0]["Value"] = 0.12
    result, _ = _load(tmp_path, policy, rows, formats={"Commitments!H2": "0%"})
    assert result.commitments[0].value == pytest.approx(12.0)


def test_blank_rows_are_ignored(tmp_path, policy):
    rows = small_log()
    rows["Actions"].insert(1, {})
    rows["Actions"].append({})
    result, _ = _load(tmp_path, policy, rows)
    assert len(result.actions) == 3
    assert result.actions[1].ref("action") == "Actions!B4"  # the blank row 3 still counts for addresses


def _mutate(change):
    rows = small_log()
    change(rows)
    return rows


CASES = {
    "text_in_date": (lambda r: r["Escalations"][0].update({"Deadline": "soon"}), "Escalations!I2", "expected a date"),
    "ambiguous_date": (
        lambda r: r["Accounts"][1].update({"Renewal Date": "03/04/2026"}),
        "Accounts!G3",
        "either way round",
    ),
    "unknown_account": (
        lambda r: r["Escalations"][0].update({"Account ID": "ACC-9"}),
        "Escalations!B2",
        "unknown account 'ACC-9'",
    ),
    "unknown_tier": (lambda r: r["Escalations"][0].update({"Tier": "Redd"}), "Escalations!D2", "did you mean 'red'"),
    "unknown_person": (
        lambda r: r["Actions"][0].update({"Owner": "Ivan Petrow"}),
        "Actions!C2",
        "did you mean 'Ivan Petrov'",
    ),
    "required_empty": (
        lambda r: r["Escalations"][1].update({"Issue": None}),
        "Escalations!F3",
        "'Issue' is required but empty",
    ),
    "duplicate_id": (
        lambda r: r["Escalations"][2].update({"Escalation ID": "ESC-1"}),
        "Escalations!A4",
        "duplicate Escalation ID 'ESC-1' (first at Escalations!A2)",
    ),
    "unknown_escalation": (
        lambda r: r["Updates"][0].update({"Escalation ID": "ESC-7"}),
        "Updates!A2",
        "unknown escalation 'ESC-7'",
    ),
    "bad_amount": (lambda r: r["Accounts"][0].update({"ARR": "lots"}), "Accounts!E2", "expected an amount"),
    "closed_without_date": (
        lambda r: r["Escalations"][1].update({"Resolved On": None}),
        "Escalations!E3",
        "'Resolved On' is empty",
    ),
    "resolved_before_opened": (
        lambda r: r["Escalations"][1].update({"Resolved On": dt.datetime(2026, 1, 1)}),
        "Escalations!N3",
        "before the escalation was opened",
    ),
    "bad_status": (lambda r: r["Actions"][0].update({"Status": "Doing"}), "Actions!E2", "action statuses"),
    "value_for_valueless_type": (
        lambda r: r["Commitments"][0].update({"Type": "roadmap_commitment"}),
        "Commitments!H2",
        "has no value in the policy",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_cell_is_reported_at_its_cell(case, tmp_path, policy):
    change, cell, fragment = CASES[case]
    path = write_workbook(tmp_path / "escalations.xlsx", _mutate(change))
    log = ProblemLog()
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, policy, log, workbook=path)
    errors = caught.value.errors
    at_cell = [e.format() for e in errors if e.location == cell]
    assert at_cell, caught.value.report()
    assert any(fragment in line for line in at_cell), caught.value.report()


def test_rows_are_accounted_for_even_with_errors(tmp_path, policy):
    rows = small_log()
    rows["Escalations"][0]["Deadline"] = "soon"  # breaks ESC-1, and so its action and update rows
    path = write_workbook(tmp_path / "escalations.xlsx", rows)
    log = ProblemLog()
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, policy, log, workbook=path)
    text = caught.value.report()
    assert "whose row has errors (Escalations!A2)" in text  # dependants point at the broken row
    from macros.workbook.loader import build_log
    from macros.workbook.reader import read_workbook

    result = build_log(read_workbook(path, ProblemLog()), policy, ProblemLog())
    for sheet, count in result.counts.items():
        assert count.read == count.loaded + count.in_error, sheet
    assert result.counts["Escalations"].in_error == 1
    assert result.counts["Actions"].in_error == 2
    assert result.counts["Updates"].in_error == 1


def test_missing_required_column_and_sheet(tmp_path, policy):
    from macros.workbook.columns import ESCALATIONS

    rows = copy.deepcopy(small_log())
    headers = {"Escalations": [c.header for c in ESCALATIONS.columns if c.header != "Owner"]}
    path = write_workbook(tmp_path / "escalations.xlsx", rows, headers=headers)
    from openpyxl import load_workbook

    book = load_workbook(path)
    del book["Reviews"]
    book.save(path)
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, policy, ProblemLog(), workbook=path)
    report = caught.value.report()
    assert "Escalations!1:1: error: the required column 'Owner' is missing" in report
    assert "the sheet 'Reviews' is missing" in report


def test_duplicate_header(tmp_path, policy):
    from macros.workbook.columns import UPDATES

    headers = {"Updates": [c.header for c in UPDATES.columns] + ["summary "]}
    path = write_workbook(tmp_path / "escalations.xlsx", small_log(), headers=headers)
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, policy, ProblemLog(), workbook=path)
    assert "Updates!F1: error: the column 'Summary' appears twice (also D1)" in caught.value.report()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("escalations.xlsx", b"not a workbook at all", "not an Excel workbook"),
        ("escalations.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path, policy, name, content, fragment):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, policy, ProblemLog())
    assert fragment in caught.value.report()
