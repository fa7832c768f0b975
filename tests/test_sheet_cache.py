"""Sheets kept between the builds of ``mkdocs serve`` (macros/workbook/sheet_xml.py, SheetCache): after an edit
to one sheet only that sheet is read again, and every sheet reads as a fresh read gives it."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from macros.problems import ProblemLog
from macros.workbook import sheet_xml
from macros.workbook.package import Package, ReadLimits
from macros.workbook.reader import read_workbook

from .conftest import SAMPLE_DATA, copy_data


@pytest.fixture
def cache(monkeypatch):
    """The process's sheet cache, on (as under ``mkdocs serve``) and empty."""
    cache = sheet_xml.SheetCache()
    cache.enabled = True
    monkeypatch.setattr(sheet_xml, "SHEET_CACHE", cache)
    return cache


def _rows(sheets) -> dict:
    return {name: [(r.row, {k: c.value for k, c in r.cells.items()}) for r in raw.rows] for name, raw in sheets.items()}


def test_an_edit_reads_its_sheet_again_and_nothing_else(tmp_path, cache):
    workbook = copy_data(SAMPLE_DATA, tmp_path / "data") / "escalations.xlsx"
    book = openpyxl.load_workbook(workbook)
    book.save(workbook)  # as the editor saves it (openpyxl's first save of a loaded book rewrites every sheet)
    book.save(workbook)
    first = read_workbook(workbook, ProblemLog())
    present = sum(1 for raw in first.values() if raw.present)
    assert cache.reused == 0
    assert _rows(read_workbook(workbook, ProblemLog())) == _rows(first)
    assert cache.reused == present

    rows = book["Accounts"]
    headers = [str(c.value).strip().lower() for c in rows[1]]
    rows.cell(2, headers.index("account name") + 1).value = "Renamed Holdings"
    book.save(workbook)
    cache.reused = 0
    cached = read_workbook(workbook, ProblemLog())
    assert cache.reused == present - 1
    cache.enabled = False
    fresh = read_workbook(workbook, ProblemLog())
    assert _rows(cached) == _rows(fresh)
    assert "Renamed Holdings" in str(_rows(cached)["Accounts"])


def test_a_shared_string_that_changed_reads_the_sheet_again(tmp_path):
    path = tmp_path / "book.xlsx"
    sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row></sheetData></worksheet>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    cache = sheet_xml.SheetCache()

    def read(strings: list[str]) -> dict:
        with Package(path, ReadLimits.from_environment()) as package:
            return cache.read(package, "xl/worksheets/sheet1.xml", sheet_xml.WorkbookParts(shared_strings=strings)).rows

    assert read(["Kingsbridge"]) == {1: {0: "Kingsbridge", 1: 7}}
    assert read(["Kingsbridge", "another"]) == {1: {0: "Kingsbridge", 1: 7}}
    assert cache.reused == 1
    assert read(["Kingsbridge Mobility"]) == {1: {0: "Kingsbridge Mobility", 1: 7}}
    assert read([]) == {1: {1: 7}}  # the index is out of range now
    assert cache.reused == 1


def test_a_sheet_read_again_from_the_cache_gives_its_rows_and_its_problems_again(tmp_path, cache):
    workbook = copy_data(SAMPLE_DATA, tmp_path / "data") / "escalations.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["Accounts"].merge_cells("B5:C5")  # an error the rows of the sheet report
    book.save(workbook)

    def read():
        log = ProblemLog()
        sheets = read_workbook(workbook, log)
        return sheets, [(p.location, p.message) for p in log.problems]

    first, first_problems = read()
    assert ("Accounts!B5", first_problems[0][1]) in first_problems and "merged" in first_problems[0][1]
    again, again_problems = read()
    assert cache.reused == sum(1 for raw in first.values() if raw.present)
    assert again["Accounts"] is first["Accounts"]  # the rows of the previous read, not read again
    assert again_problems == first_problems

    headers = [str(c.value).strip().lower() for c in book["Accounts"][1]]
    book["Accounts"].cell(3, headers.index("account name") + 1).value = "Renamed Holdings"
    book.save(workbook)
    edited, edited_problems = read()
    assert edited["Accounts"] is not first["Accounts"]
    assert edited_problems == first_problems
    cache.enabled = False
    fresh, fresh_problems = read()
    assert _rows(edited) == _rows(fresh) and edited_problems == fresh_problems
