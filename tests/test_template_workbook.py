"""The blank escalation-log workbook: contract sheets and headers, dropdowns from the policy, and a round trip
through the loader for two policies of different shapes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from macros.policy.loader import load_policy
from macros.problems import DataError, ProblemLog
from macros.workbook.columns import SHEETS, Column
from macros.workbook.loader import load_log, vocabulary_terms
from macros.workbook.safe_cells import csv_text, is_formula_like, set_safe_value
from macros.workbook.template import LISTS_SHEET, template_bytes, write_template

from .conftest import FIVE_LEVEL, SAMPLE_DATA, copy_data

_RANGE = re.compile(r"^'?(?P<sheet>[^'!]+)'?!\$(?P<col>[A-Z]+)\$(?P<first>\d+):\$(?P=col)\$(?P<last>\d+)$")


def _expected(policy, column: Column) -> list[str] | None:
    """What the policy allows in a column, by name; None for a column the policy does not constrain."""
    if column.kind == "term":
        return [t.name for t in vocabulary_terms(policy, column.vocabulary)]
    if column.kind == "person":
        return [p.name for p in policy.organisation.people]
    return None


def _validation_at(worksheet, letter: str):
    found = [dv for dv in worksheet.data_validations.dataValidation if f"{letter}2" in dv.sqref]
    assert len(found) <= 1, f"{worksheet.title}!{letter} has {len(found)} validations"
    return found[0] if found else None


def _list_values(workbook: Workbook, formula: str) -> list[str]:
    match = _RANGE.match(formula)
    assert match, f"the dropdown must point at a range on the Lists sheet, not an inline list: {formula!r}"
    sheet = workbook[match["sheet"]]
    first, last = int(match["first"]), int(match["last"])
    return [sheet[f"{match['col']}{row}"].value for row in range(first, last + 1)]


def _column_letter(sheet_name: str, field: str) -> str:
    sheet = next(s for s in SHEETS if s.name == sheet_name)
    return get_column_letter([c.field for c in sheet.columns].index(field) + 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory, sample_policy) -> Path:
    return write_template(sample_policy, tmp_path_factory.mktemp("template") / "template.xlsx")


def test_every_sheet_and_header_of_the_contract(template):
    workbook = load_workbook(template)
    assert workbook.sheetnames == [s.name for s in SHEETS] + [LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    for sheet in SHEETS:
        worksheet = workbook[sheet.name]
        assert worksheet.sheet_state == "visible"
        headers = [cell.value for cell in worksheet[1]]
        assert headers == [c.header for c in sheet.columns]
        assert worksheet.freeze_panes == "A2"
        assert worksheet.max_row == 1, "the template has no data rows"
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index)
            assert cell.font.bold
            assert cell.comment is not None
            if column.help:
                assert column.help.rstrip(".") in cell.comment.text
            assert ("Required." in cell.comment.text) == column.required
            assert worksheet.column_dimensions[get_column_letter(index)].width >= len(column.header)


def test_date_columns_are_formatted_as_dates(template):
    workbook = load_workbook(template)
    for sheet in SHEETS:
        for index, column in enumerate(sheet.columns, start=1):
            number_format = workbook[sheet.name].column_dimensions[get_column_letter(index)].number_format
            if column.kind == "date":
                assert number_format == "yyyy-mm-dd", f"{sheet.name}!{column.header}"
            elif column.kind == "datetime":
                assert number_format == "yyyy-mm-dd hh:mm", f"{sheet.name}!{column.header}"


def _assert_dropdowns_match(path: Path, policy) -> int:
    workbook = load_workbook(path)
    checked = 0
    for sheet in SHEETS:
        worksheet = workbook[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            validation = _validation_at(worksheet, letter)
            expected = _expected(policy, column)
            if expected is None:
                assert validation is None, f"{sheet.name}!{letter} ({column.header}) needs no dropdown"
                continue
            assert validation is not None, f"{sheet.name}!{letter} ({column.header}) has no dropdown"
            assert validation.type == "list"
            assert f"{letter}1000" in validation.sqref, "the dropdown covers the rows people fill in"
            assert "A1" not in validation.sqref
            values = _list_values(workbook, validation.formula1)
            if column.kind == "person":
                assert sorted(values) == sorted(expected)
            else:
                assert values == expected, f"{sheet.name}!{column.header}"
            checked += 1
    return checked


def test_every_column_the_policy_constrains_has_a_dropdown_of_its_names(template, sample_policy):
    constrained = sum(1 for s in SHEETS for c in s.columns if c.kind in ("term", "person"))
    assert _assert_dropdowns_match(template, sample_policy) == constrained


def test_the_blank_template_validates_clean_with_no_rows(template, sample_policy):
    log = ProblemLog()
    result = load_log(template.parent, sample_policy, log, workbook=template)
    assert log.problems == []
    assert all(count.read == 0 for count in result.counts.values())


def _fill(path: Path, policy, *, tier: str | None = None) -> Path:
    """One account and one escalation typed through openpyxl with values the dropdowns offer."""
    workbook = load_workbook(path)
    people = [p.name for p in policy.organisation.people]
    status = next(s for s in policy.log_values.escalation_statuses if s.open)
    account = {
        "Account ID": "NEW-1",
        "Account Name": "=Northwind Traders",
        "Segment": policy.log_values.segments[0].name,
        "ARR": 250000,
        "Renewal Date": dt.date(2026, 12, 1),
        "Health": policy.log_values.health_values[-1].name,
        "CSM": people[0],
    }
    escalation = {
        "Escalation ID": "NEW-ESC-1",
        "Account ID": "NEW-1",
        "Opened On": dt.datetime(2026, 6, 1, 9, 30),
        "Tier": tier or policy.tiers[-1].name,
        "Status": status.name,
        "Issue": "- Export fails for large reports",
        "Impact": "@board reporting is late",
        "Requested Support": "+1 engineer for a week",
        "Deadline": dt.date(2026, 7, 1),
        "Owner": people[-1],
        "Blocker Type": policy.log_values.blocker_types[0].name,
    }
    for sheet_name, row in (("Accounts", account), ("Escalations", escalation)):
        worksheet = workbook[sheet_name]
        headers = [c.value for c in worksheet[1]]
        for header, value in row.items():
            set_safe_value(worksheet.cell(row=2, column=headers.index(header) + 1), value)
    workbook.save(path)
    return path


def test_a_row_filled_in_with_dropdown_values_loads(tmp_path, sample_policy):
    path = _fill(write_template(sample_policy, tmp_path / "escalations.xlsx"), sample_policy)
    log = ProblemLog()
    result = load_log(tmp_path, sample_policy, log, workbook=path)
    assert log.errors == []
    assert [a.account_id for a in result.accounts] == ["NEW-1"]
    assert result.accounts[0].name == "=Northwind Traders"  # formula-like text is kept as text
    escalation = result.escalations[0]
    assert escalation.tier == sample_policy.tiers[-1].id
    assert escalation.owner == sample_policy.organisation.people[-1].id
    assert escalation.issue == "- Export fails for large reports"


def test_a_value_outside_the_policy_is_an_error_at_its_cell(tmp_path, sample_policy):
    path = _fill(write_template(sample_policy, tmp_path / "escalations.xlsx"), sample_policy, tier="Purple")
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, sample_policy, ProblemLog(), workbook=path)
    locations = [p.location for p in caught.value.errors]
    assert f"Escalations!{_column_letter('Escalations', 'tier')}2" in locations
    assert "Purple" in caught.value.report()


def test_formula_like_text_is_written_as_text(tmp_path):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    log_values = data / "policy" / "escalation-log.yaml"
    text = log_values.read_text(encoding="utf-8")
    blocker = load_policy(data).log_values.blocker_types[0]
    log_values.write_text(text.replace(f"name: {blocker.name},", "name: '=HYPERLINK(\"x\")',", 1), encoding="utf-8")
    policy = load_policy(data)
    assert policy.log_values.blocker_types[0].name == '=HYPERLINK("x")'
    path = write_template(policy, tmp_path / "template.xlsx")

    workbook = load_workbook(path)
    lists = workbook[LISTS_SHEET]
    cell = next(c for row in lists.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"
    assert cell.quotePrefix
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), f"{name} holds a formula"
    assert _assert_dropdowns_match(path, policy) > 0


def test_safe_cell_helpers():
    workbook = Workbook()
    cell = set_safe_value(workbook.active["A1"], "=1+1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    plain = set_safe_value(workbook.active["A2"], "Plain text")
    assert plain.data_type == "s" and not plain.quotePrefix
    number = set_safe_value(workbook.active["A3"], -5)
    assert number.data_type == "n" and not number.quotePrefix
    assert [is_formula_like(v) for v in ("=x", "+x", "-x", "@x", "\tx", "x=", "", None, -1)] == [True] * 5 + [False] * 4
    assert csv_text("=SUM(A1)") == "'=SUM(A1)"
    assert csv_text("ok") == "ok"
    assert csv_text(3) == 3


def test_the_same_policy_gives_the_same_bytes(sample_policy):
    assert template_bytes(sample_policy) == template_bytes(load_policy(SAMPLE_DATA))


def test_another_policy_gets_its_own_names(tmp_path, five_level_policy):
    path = write_template(five_level_policy, tmp_path / "template.xlsx")
    assert _assert_dropdowns_match(path, five_level_policy) > 0
    workbook = load_workbook(path)
    tier_letter = _column_letter("Escalations", "tier")
    tiers = _list_values(workbook, _validation_at(workbook["Escalations"], tier_letter).formula1)
    assert tiers == [t.name for t in five_level_policy.tiers]
    assert len(tiers) == 5
    log = ProblemLog()
    load_log(tmp_path, five_level_policy, log, workbook=path)
    assert log.problems == []
    _fill(path, five_level_policy)
    result = load_log(tmp_path, five_level_policy, ProblemLog(), workbook=path)
    assert result.escalations[0].tier == five_level_policy.tiers[-1].id


# Through `main` as the `escalation` entry point calls it (`python -m macros.cli` would load the module twice).
_ENTRY = "import sys; from macros.cli import main; sys.exit(main(sys.argv[1:]))"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _ENTRY, *args], capture_output=True, text=True, check=False, cwd=cwd)


def test_template_command_writes_the_workbook(tmp_path):
    out = tmp_path / "out" / "log.xlsx"
    completed = _run("template", "--data", str(FIVE_LEVEL), "--out", str(out), cwd=Path(__file__).parents[1])
    assert completed.returncode == 0, completed.stderr
    assert out.is_file() and "dropdown" in completed.stdout
    assert out.read_bytes() == template_bytes(load_policy(FIVE_LEVEL))


def test_template_command_refuses_a_non_xlsx_file(tmp_path):
    completed = _run("template", "--out", str(tmp_path / "log.csv"), cwd=Path(__file__).parents[1])
    assert completed.returncode == 2
    assert "--out must name an .xlsx file" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_template_command_reports_policy_errors_without_a_traceback(tmp_path):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    shutil.rmtree(data / "policy")
    (data / "policy").mkdir()
    completed = _run("template", "--data", str(data), "--out", str(tmp_path / "log.xlsx"), cwd=tmp_path)
    assert completed.returncode == 1
    assert "the policy file is missing" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_approvals_sheet_round_trips_through_the_template(tmp_path, sample_policy):
    path = _fill(write_template(sample_policy, tmp_path / "escalations.xlsx"), sample_policy)
    workbook = load_workbook(path)
    ctype = next(c for c in sample_policy.authority.concession_types if c.unit == "months")
    status = sample_policy.log_values.commitment_statuses[0]
    people = sample_policy.organisation.people
    role = sample_policy.organisation.roles[-1]
    rows = {
        "Commitments": {
            "Commitment ID": "NEW-C-1",
            "Escalation ID": "NEW-ESC-1",
            "Type": ctype.name,
            "Description": "Three-year term",
            "Owner": people[0].name,
            "Due": dt.date(2026, 7, 1),
            "Status": status.name,
            "Value": 36,
            "Term (Months)": "36 months",
        },
        "Approvals": {
            "Commitment ID": "NEW-C-1",
            "Approver": people[-1].name,
            "Role": role.name,
            "Approved On": dt.date(2026, 6, 20),
        },
    }
    for sheet_name, row in rows.items():
        worksheet = workbook[sheet_name]
        headers = [c.value for c in worksheet[1]]
        for header, value in row.items():
            set_safe_value(worksheet.cell(row=2, column=headers.index(header) + 1), value)
    workbook.save(path)
    log = ProblemLog()
    result = load_log(tmp_path, sample_policy, log, workbook=path)
    assert log.errors == []
    assert result.commitments[0].term_months == 36.0
    approval = result.approvals[0]
    assert (approval.commitment_id, approval.approver, approval.role, approval.approved_on) == (
        "NEW-C-1",
        people[-1].id,
        role.id,
        dt.date(2026, 6, 20),
    )
    assert approval.ref("role") == "Approvals!C2"


def test_a_workbook_without_the_approvals_sheet_loads(tmp_path, sample_policy):
    path = write_template(sample_policy, tmp_path / "escalations.xlsx")
    workbook = load_workbook(path)
    del workbook["Approvals"]
    workbook.save(path)
    log = ProblemLog()
    load_log(tmp_path, sample_policy, log, workbook=path)
    assert log.problems == []


def test_an_approval_of_an_unknown_commitment_is_an_error_at_its_cell(tmp_path, sample_policy):
    path = _fill(write_template(sample_policy, tmp_path / "escalations.xlsx"), sample_policy)
    workbook = load_workbook(path)
    worksheet = workbook["Approvals"]
    for column, value in enumerate(("NOPE-1", sample_policy.organisation.people[0].name, "csm", "2026-06-20"), 1):
        worksheet.cell(row=2, column=column, value=value)
    workbook.save(path)
    with pytest.raises(DataError) as caught:
        load_log(tmp_path, sample_policy, ProblemLog(), workbook=path)
    assert [(p.location, p.message) for p in caught.value.errors] == [("Approvals!A2", "unknown commitment 'NOPE-1'")]
