"""Hostile and broken workbook packages: far cells, decompression bombs, DTDs, damaged XML, pathological cells.

Each ends in a located error or a clean load; nothing crashes, hangs or drops a row without a word.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from macros.problems import DataError, ProblemLog
from macros.workbook.loader import load_log
from macros.workbook.package import ReadLimits
from macros.workbook.reader import read_workbook

from .conftest import SAMPLE_DATA, copy_data
from .hostile_files import add_to_sheet_data, bomb, doctype_in, error_cells, rewrite, stray_far_cell
from .workbook_builder import small_log, write_workbook

SAMPLE = SAMPLE_DATA / "escalations.xlsx"


def _load(path, policy, limits=None):
    log = ProblemLog()
    try:
        if limits is not None:
            read_workbook(path, log, limits)
            log.raise_if_errors()
            return None, log, None
        return load_log(path.parent, policy, log, workbook=path), log, None
    except DataError as exc:
        return None, log, exc


def _sample_counts(policy):
    result, _, error = _load(SAMPLE, policy)
    assert error is None
    return {name: (count.read, count.loaded) for name, count in result.counts.items()}


def _limit_memory(megabytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return apply


def test_a_stray_blank_cell_at_the_end_of_the_grid_costs_nothing(tmp_path):
    """Run as `escalation validate` under a 1.5 GB address-space limit: reading the whole rectangle up to
    XFD1048576 (17 billion cells) would die; reading the cells that exist loads the sample as it is."""
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    stray_far_cell(SAMPLE, data / "escalations.xlsx")
    completed = subprocess.run(
        [sys.executable, "-m", "macros.cli", "validate", "--data", str(data), "--summary", "--as-of", "2026-11-30"],
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory(1536),
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr


def test_a_stray_value_far_away_is_a_row_that_is_reported(tmp_path, sample_policy):
    path = stray_far_cell(SAMPLE, tmp_path / "escalations.xlsx", text="x")
    _, _, error = _load(path, sample_policy)
    assert error is not None
    assert any(p.location == "Accounts!A1048576" and "required but empty" in p.message for p in error.errors)
    counts = _sample_counts(sample_policy)
    # the sample's rows plus the one far row, which is read and then reported
    raw = read_workbook(path, ProblemLog())
    assert len(raw["Accounts"].rows) == counts["Accounts"][0] + 1
    assert raw["Accounts"].rows[-1].row == 1_048_576


def test_a_real_row_on_the_last_row_of_the_sheet_loads(tmp_path, sample_policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    book = load_workbook(path)
    sheet = book["Accounts"]
    for column in range(1, sheet.max_column + 1):
        sheet.cell(row=1_048_576, column=column, value=sheet.cell(row=2, column=column).value)
    sheet.cell(row=1_048_576, column=1, value="ACC-LAST")
    book.save(path)
    result, _, error = _load(path, sample_policy)
    assert error is None, error and error.report()
    last = result.accounts[-1]
    assert (last.account_id, last.row, last.ref("account_id")) == ("ACC-LAST", 1_048_576, "Accounts!A1048576")


def test_a_part_that_unpacks_beyond_the_limit_is_refused_naming_part_and_limit(tmp_path, sample_policy):
    path = bomb(SAMPLE, tmp_path / "escalations.xlsx", "xl/worksheets/sheet2.xml", 3_000_000)
    _, _, error = _load(path, sample_policy, ReadLimits(max_part_bytes=2_000_000))
    messages = [p.format() for p in error.errors]
    assert messages == [
        "Escalations!A1: error: the sheet 'Escalations' cannot be read: part 'xl/worksheets/sheet2.xml' unpacks "
        "to 3 MB, above the limit of 2 MB a part (a real escalation log is far smaller; check the file, or raise "
        "ESCALATION_MAX_PART_MB)"
    ]


def test_a_part_compressed_like_a_bomb_is_refused_by_its_ratio(tmp_path, sample_policy):
    path = bomb(SAMPLE, tmp_path / "escalations.xlsx", "xl/worksheets/sheet2.xml", 3_000_000)
    _, _, error = _load(path, sample_policy, ReadLimits(ratio_grace_bytes=1_000_000, max_ratio=50))
    (problem,) = error.errors
    assert "part 'xl/worksheets/sheet2.xml' is compressed" in problem.message
    assert "above the limit of 50 to 1" in problem.message


def test_a_part_whose_header_understates_its_size_is_stopped(tmp_path, sample_policy):
    path = bomb(SAMPLE, tmp_path / "escalations.xlsx", "xl/worksheets/sheet2.xml", 3_000_000, declared=100_000)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml").file_size == 100_000
    _, _, error = _load(path, sample_policy)
    problem = error.errors[0]  # rows of other sheets then refer to escalations that could not be read
    assert problem.location == "Escalations!A1"
    assert "part 'xl/worksheets/sheet2.xml' cannot be unpacked" in problem.message


def test_the_part_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ESCALATION_MAX_PART_MB", "7")
    assert ReadLimits.from_environment().max_part_bytes == 7_000_000
    monkeypatch.setenv("ESCALATION_MAX_PART_MB", "lots")
    assert ReadLimits.from_environment().max_part_bytes == 200_000_000


@pytest.mark.parametrize(
    ("part", "location"),
    [
        ("xl/workbook.xml", "escalations.xlsx"),
        ("xl/styles.xml", "escalations.xlsx"),
        ("xl/sharedStrings.xml", "escalations.xlsx"),
        ("[Content_Types].xml", "escalations.xlsx"),
        ("xl/_rels/workbook.xml.rels", "escalations.xlsx"),
        ("xl/worksheets/sheet3.xml", "Actions!A1"),
    ],
)
def test_a_part_with_a_document_type_declaration_is_an_error_never_an_empty_result(
    tmp_path, sample_policy, part, location
):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    if part == "xl/sharedStrings.xml":  # openpyxl writes text inline; Excel writes it here
        sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst>'
        source = rewrite(source, tmp_path / "shared.xlsx", {}, added={part: sst})
    path = doctype_in(source, tmp_path / "escalations.xlsx", part)
    _, _, error = _load(path, sample_policy)
    assert error is not None
    matching = [p for p in error.errors if p.location == location]
    assert matching, error.report()
    assert f"part '{part}' cannot be read: it declares a document type (DOCTYPE)" in matching[0].message


def test_a_part_that_is_not_well_formed_is_an_error_with_its_line_and_column(tmp_path, sample_policy):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/styles.xml": b"<styleSheet><numFmts></styleSheet>"})
    _, _, error = _load(path, sample_policy)
    (problem,) = error.errors
    assert problem.location == "escalations.xlsx"
    assert problem.message == "part 'xl/styles.xml' is not well-formed XML (mismatched tag, line 1, column 24)"


def test_an_undeclared_entity_is_an_error(tmp_path, sample_policy):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>&boom;</t></is></c></row>'
    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet1.xml": add_to_sheet_data(row)})
    _, _, error = _load(path, sample_policy)
    problem = error.errors[0]  # escalations then refer to accounts that could not be read
    assert problem.location == "Accounts!A1"
    assert "undefined entity" in problem.message


def test_thousands_of_self_closing_error_cells_read_as_empty(tmp_path, sample_policy):
    """A regular expression looking for each error cell's closing tag rescanned the rest of the file for every
    cell; the streaming parser reads each cell once (timings are in tests/benchmarks/bench_bad_input.py)."""
    path = rewrite(SAMPLE, tmp_path / "escalations.xlsx", {})
    with zipfile.ZipFile(path) as archive:
        reviews = archive.read("xl/worksheets/sheet6.xml")
    head, _, _ = reviews.partition(b"<sheetData>")
    first_row = reviews.split(b"<sheetData>")[1].split(b"</row>")[0] + b"</row>"
    changed = head + b"<sheetData>" + first_row + error_cells(5_000) + b"</sheetData></worksheet>"
    path = rewrite(SAMPLE, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet6.xml": changed})
    result, _, error = _load(path, sample_policy)
    assert error is None, error and error.report()
    assert (result.counts["Reviews"].read, len(result.reviews)) == (0, 0)


def test_error_cells_with_a_value_are_read_as_their_text(tmp_path, sample_policy):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    row = b'<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="inlineStr"><is><t>Name</t></is></c></row>'
    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet1.xml": add_to_sheet_data(row)})
    raw = read_workbook(path, ProblemLog())
    last = raw["Accounts"].rows[-1]
    assert (last.row, last.cells["account_id"].value, last.cells["name"].value) == (4, "#N/A", "Name")


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        (b'<c r="A4" t="s"><v>99999</v></c>', "refers to shared text number '99999'"),
        (b'<c r="A4"><v>1e999</v></c>', "not a finite number"),
        (b'<c r="A4" t="d"><v>someday</v></c>', "date cell that is not a date"),
    ],
)
def test_cells_stored_wrongly_are_errors_at_their_cell(tmp_path, sample_policy, cell, fragment):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    row = b'<row r="4">' + cell + b"</row>"
    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet1.xml": add_to_sheet_data(row)})
    _, _, error = _load(path, sample_policy)
    assert any(p.location == "Accounts!A4" and fragment in p.message for p in error.errors), error.report()


@pytest.mark.parametrize("ref", [b"XFE1", b"A1048577", b"A0", b"1A"])
def test_cell_references_outside_the_grid_are_errors(tmp_path, sample_policy, ref):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    row = b'<row r="4"><c r="' + ref + b'"><v>1</v></c></row>'
    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet1.xml": add_to_sheet_data(row)})
    _, _, error = _load(path, sample_policy)
    problem = error.errors[0]
    assert problem.location == "Accounts!A1"
    assert "part 'xl/worksheets/sheet1.xml'" in problem.message


def test_sheet_names_that_differ_only_in_spaces_or_case_are_an_error_naming_both(tmp_path, sample_policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    book = load_workbook(path)
    book.create_sheet("updates ").append(["Escalation ID"])
    book.save(path)
    _, _, error = _load(path, sample_policy)
    (problem,) = [p for p in error.errors if p.location == "Updates!A1"]
    assert problem.message.startswith("the sheet names 'Updates' and 'updates ' differ only in spaces or capitals")


def test_a_sheet_outside_the_contract_is_named_in_a_warning(tmp_path, sample_policy):
    path = write_workbook(tmp_path / "escalations.xlsx", small_log())
    book = load_workbook(path)
    book.create_sheet("Notes").append(["anything"])
    book.save(path)
    result, log, error = _load(path, sample_policy)
    assert error is None
    assert [w.format() for w in log.warnings if w.location == "Notes!A1"] == [
        "Notes!A1: warning: the sheet 'Notes' is not part of the escalation log; it is not read (the log's sheets "
        "are Accounts, Escalations, Actions, Commitments, Updates, Reviews, Approvals)"
    ]
    assert len(result.accounts) == 2


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(9999, 12, 31), dt.datetime(1901, 1, 1, 12, 0)])
def test_typed_dates_get_the_same_range_check_as_text(tmp_path, sample_policy, day):
    rows = small_log()
    rows["Accounts"][0]["Renewal Date"] = day
    rows["Escalations"][0]["Opened On"] = day
    _, _, error = _load(write_workbook(tmp_path / "escalations.xlsx", rows), sample_policy)
    located = {p.location: p.message for p in error.errors}
    assert located["Accounts!G2"].startswith("expected a date between 1990 and 2100, got ")
    assert located["Escalations!C2"].startswith("expected a date between 1990 and 2100, got ")


def _with_cells(source, target, sheet: int, cells: bytes):
    def change(data: bytes) -> bytes:
        # put the cells at the end of row 2, which every sheet of small_log() has
        start = data.index(b'<row r="2"')
        end = data.index(b"</row>", start)
        return data[:end] + cells + data[end:]

    return rewrite(source, target, {f"xl/worksheets/sheet{sheet}.xml": change})


def test_a_formula_whose_saved_result_is_empty_text_is_a_valid_empty_cell(tmp_path, sample_policy):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    # Region (D) of the second account is empty; give it IF(...,"") with Excel's empty cached text
    path = _with_cells(source, tmp_path / "escalations.xlsx", 1, b'<c r="Z2" t="str"><f>IF(1,"","x")</f><v></v></c>')
    row3 = b'<c r="D3" t="str"><f>IF(1,"","x")</f><v></v></c>'
    path = rewrite(path, tmp_path / "escalations2.xlsx", {"xl/worksheets/sheet1.xml": lambda d: _in_row(d, 3, row3)})
    result, _, error = _load(path, sample_policy)
    assert error is None, error and error.report()
    assert result.accounts[1].region is None


def _in_row(data: bytes, row: int, cells: bytes) -> bytes:
    start = data.index(f'<row r="{row}"'.encode())
    end = data.index(b"</row>", start)
    return data[:end] + cells + data[end:]


def test_formulas_are_checked_only_in_the_contracts_columns(tmp_path, sample_policy):
    rows = small_log()
    source = write_workbook(tmp_path / "good.xlsx", rows, headers={"Accounts": [*rows["Accounts"][0], "Scratch"]})
    book = load_workbook(source)
    book["Accounts"]["K2"] = "=1+1"  # the extra column, a formula never calculated
    book["Accounts"]["E3"] = "=2+2"  # ARR, a contract column
    book.save(source)
    _, _, error = _load(source, sample_policy)
    formulas = [p.location for p in error.errors if "formula" in p.message]
    assert formulas == ["Accounts!E3"]


@pytest.mark.parametrize(
    ("added", "content_type"),
    [
        ({"xl/vbaProject.bin": b"\x00" * 64}, None),
        ({}, "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    ],
)
def test_macro_content_in_a_file_named_xlsx_is_refused(tmp_path, sample_policy, added, content_type):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    changes = {}
    if content_type:
        main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        changes["[Content_Types].xml"] = lambda data: data.replace(main, content_type.encode())
    path = rewrite(source, tmp_path / "escalations.xlsx", changes, added=added)
    _, _, error = _load(path, sample_policy)
    (problem,) = error.errors
    assert problem.location == "escalations.xlsx"
    assert "the workbook holds macro code" in problem.message
    assert problem.message.endswith("macros are not accepted")


@pytest.mark.parametrize(
    ("cell", "location", "fragment"),
    [
        (b'<c r="A3" t="inlineStr"><is><t>ACC-_x0007_2</t></is></c>', "Accounts!A3", "the control character U+0007"),
        (b'<c r="A3" t="inlineStr"><is><t>ACC\t2</t></is></c>', "Accounts!A3", "text without a tab"),
        (b'<c r="B3" t="inlineStr"><is><t>Bright\xe2\x80\xaewell</t></is></c>', "Accounts!B3", "(U+202E)"),
        (b'<c r="B3" t="inlineStr"><is><t>Bright\x7fwell</t></is></c>', "Accounts!B3", "the control character DEL"),
    ],
)
def test_control_characters_and_bidi_overrides_are_refused_at_their_cell(
    tmp_path, sample_policy, cell, location, fragment
):
    source = write_workbook(tmp_path / "good.xlsx", small_log())
    column = cell[6:7]

    def change(data: bytes) -> bytes:
        start = data.index(b'<c r="' + column + b'3"')
        end = data.index(b"</c>", start) + len(b"</c>")
        return data[:start] + cell + data[end:]

    path = rewrite(source, tmp_path / "escalations.xlsx", {"xl/worksheets/sheet1.xml": change})
    _, _, error = _load(path, sample_policy)
    assert any(p.location == location and fragment in p.message for p in error.errors), error.report()


def test_tabs_and_line_breaks_stay_allowed_in_multi_line_text(tmp_path, sample_policy):
    rows = small_log()
    rows["Escalations"][0]["Impact"] = "Board reports late\n\tand the CFO asks"
    result, _, error = _load(write_workbook(tmp_path / "escalations.xlsx", rows), sample_policy)
    assert error is None, error and error.report()
    assert result.escalations[0].impact == "Board reports late\n\tand the CFO asks"


def _only_extra_column(source, target):
    row = b'<row r="50"><c r="Z50" t="inlineStr"><is><t>note without a row</t></is></c></row>'
    return rewrite(source, target, {"xl/worksheets/sheet3.xml": add_to_sheet_data(row)})


def _broken_cells(source, target):
    row = (
        b'<row r="60"><c r="A60" t="e"><v>#REF!</v></c><c r="B60" t="inlineStr"><is><t>x_x0001_</t></is></c>'
        b'<c r="E60"><v>1e999</v></c></row>'
    )
    return rewrite(source, target, {"xl/worksheets/sheet1.xml": add_to_sheet_data(row)})


@pytest.mark.parametrize(
    "make", [lambda s, t: rewrite(s, t, {}), _only_extra_column, _broken_cells], ids=["sample", "extra", "broken"]
)
def test_every_row_of_every_sheet_is_loaded_or_reported_at_its_row(tmp_path, sample_policy, make):
    """read = loaded + in error for each sheet; each row in error has a problem on that row; and the rows read
    are exactly the non-empty rows openpyxl finds in the file."""
    from macros.workbook.loader import build_log

    path = make(SAMPLE, tmp_path / "escalations.xlsx")
    log = ProblemLog()
    raw = read_workbook(path, log)
    result = build_log(raw, sample_policy, log)
    book = load_workbook(path, read_only=True)
    for sheet, count in result.counts.items():
        assert count.read == count.loaded + count.in_error, sheet
        non_empty = {
            number
            for number, values in enumerate(book[sheet].iter_rows(min_row=2, values_only=True), start=2)
            if any(v is not None and str(v).strip() for v in values)
        }
        assert {r.row for r in raw[sheet].rows} == non_empty, sheet
        loaded = {r.row for r in getattr(result, sheet.lower())}
        for row in raw[sheet].rows:
            if row.row not in loaded:
                assert any(
                    p.location.startswith(sheet + "!")
                    and p.location[len(sheet) + 1 :].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == str(row.row)
                    for p in log.errors
                ), (sheet, row.row)


def test_the_blank_templates_own_lists_sheet_reads_without_a_warning(tmp_path, sample_policy):
    from macros.workbook.template import write_template

    path = write_template(sample_policy, tmp_path / "escalations.xlsx")
    log = ProblemLog()
    read_workbook(path, log)
    assert log.problems == []
