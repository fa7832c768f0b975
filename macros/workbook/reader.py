"""Read raw rows from the workbook file: headers matched to the contract, every cell with its address.

This layer knows about files and headers, not about what the values mean. It uses openpyxl in read-only mode
with cached formula values (``data_only=True``); rows are padded to the header's width before cells are zipped
with their headers, because read-only mode drops trailing empty cells on sheets saved without a recorded size.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..problems import ProblemLog, did_you_mean
from .cells import is_blank
from .columns import SHEETS, Sheet
from .sheet_xml import scan_sheet


@dataclass(frozen=True, slots=True)
class RawCell:
    value: Any
    ref: str
    """``Sheet!D7``"""
    number_format: str | None = None


@dataclass(slots=True)
class RawRow:
    sheet: str
    row: int
    cells: dict[str, RawCell]
    """Contract field → cell (missing columns are absent)."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Header → value of columns outside the contract; kept, shown nowhere."""

    def ref(self, field_name: str) -> str:
        cell = self.cells.get(field_name)
        return cell.ref if cell else f"{self.sheet}!A{self.row}"


@dataclass
class RawSheet:
    sheet: Sheet
    present: bool
    rows: list[RawRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """Contract field → column letter."""
    extra_headers: list[str] = field(default_factory=list)


def _normalise(header: object) -> str:
    return " ".join(str(header).split()).lower() if header is not None else ""


class WorkbookFileError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def open_workbook(path: Path):
    """Open the workbook read-only, turning every way a file can fail to open into a clear message."""
    if not path.is_file():
        raise WorkbookFileError("the workbook does not exist", hint="the escalation log lives at data/escalations.xlsx")
    if path.suffix.lower() == ".xlsm":
        raise WorkbookFileError(
            "macro-enabled workbooks (.xlsm) are not accepted", hint="save it as an Excel Workbook (.xlsx)"
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookFileError(
            "the file is an encrypted (password-protected) workbook or an old .xls file",
            hint="remove the password and save it as an Excel Workbook (.xlsx)",
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookFileError("the file is not an Excel workbook (.xlsx)", hint="save it from Excel as .xlsx")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for damaged files
        raise WorkbookFileError(
            f"the workbook cannot be read ({type(exc).__name__}: {exc})", hint="open it in Excel and save it again"
        ) from exc


def read_workbook(path: Path, log: ProblemLog) -> dict[str, RawSheet]:
    """Every contract sheet's non-empty rows. Header problems go to ``log``; a sheet with them yields no rows."""
    display = path.name
    workbook = open_workbook(path)
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        result: dict[str, RawSheet] = {}
        for sheet in SHEETS:
            actual = names.get(sheet.name.lower())
            if actual is None:
                hint = did_you_mean(sheet.name, workbook.sheetnames) or f"add a sheet named '{sheet.name}'"
                log.error(f"{display}!{sheet.name}", f"the sheet '{sheet.name}' is missing", hint=hint)
                result[sheet.name] = RawSheet(sheet, present=False)
                continue
            worksheet = workbook[actual]
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                log.warning(
                    f"{sheet.name}!A1",
                    f"the sheet '{actual}' is hidden; it is read all the same",
                    hint="unhide it so that people editing the workbook can see it",
                )
            _report_sheet_xml(path, sheet.name, worksheet, log)
            result[sheet.name] = _read_sheet(sheet, actual, worksheet, log)
        return result
    finally:
        workbook.close()


def _report_sheet_xml(path: Path, sheet_name: str, worksheet, log: ProblemLog) -> None:
    worksheet_path = getattr(worksheet, "_worksheet_path", None)
    if not worksheet_path:
        return
    scan = scan_sheet(path, worksheet_path)
    for ref in scan.formulas_without_value:
        log.error(
            f"{sheet_name}!{ref}",
            "the cell holds a formula whose result was never saved, so its value is unknown",
            hint="open the workbook in Excel or LibreOffice and save it, or type the value instead of a formula",
        )
    for merged in scan.merged:
        first = merged.split(":")[0]
        log.error(
            f"{sheet_name}!{first}",
            f"cells {merged} are merged; only the first holds a value and the others would read as empty",
            hint="unmerge the cells and fill in each one",
        )


def _read_sheet(sheet: Sheet, actual_name: str, worksheet, log: ProblemLog) -> RawSheet:
    rows = worksheet.iter_rows(values_only=False)
    header_row = next(rows, None)
    raw = RawSheet(sheet, present=True)
    if header_row is None:
        log.error(
            f"{sheet.name}!A1",
            "the sheet is empty; row 1 must hold the column headers",
            hint="copy the headers from the blank template workbook",
        )
        return raw
    headers = [cell.value for cell in header_row]
    width = len(headers)
    wanted = {_normalise(c.header): c for c in sheet.columns}
    positions: dict[str, int] = {}
    extras: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = _normalise(header)
        if not key:
            continue
        column = wanted.get(key)
        letter = get_column_letter(index + 1)
        if column is None:
            extras[index] = str(header).strip()
            raw.extra_headers.append(str(header).strip())
            continue
        if column.field in positions:
            first = get_column_letter(positions[column.field] + 1)
            log.error(
                f"{sheet.name}!{letter}1",
                f"the column '{column.header}' appears twice (also {first}1)",
                hint="delete or rename one of them",
            )
            continue
        positions[column.field] = index
        raw.columns[column.field] = letter
    missing = [c for c in sheet.columns if c.required and c.field not in positions]
    for column in missing:
        known = [str(h) for h in headers if h is not None]
        hint = did_you_mean(column.header, known) or "add it to row 1 (column order is free)"
        log.error(f"{sheet.name}!1:1", f"the required column '{column.header}' is missing", hint=hint)
    if missing:
        return raw
    letters = {i: get_column_letter(i + 1) for i in range(width)}
    by_index = {index: field_name for field_name, index in positions.items()}
    for row_number, row_cells in enumerate(worksheet.iter_rows(min_row=2, max_col=width), start=2):
        values = [c.value for c in row_cells]
        if all(is_blank(v) for v in values):
            continue
        cells: dict[str, RawCell] = {}
        extra_values: dict[str, Any] = {}
        for index, cell in enumerate(row_cells):
            if index in by_index:
                cells[by_index[index]] = RawCell(
                    cell.value, f"{sheet.name}!{letters[index]}{row_number}", getattr(cell, "number_format", None)
                )
            elif index in extras and not is_blank(cell.value):
                extra_values[extras[index]] = cell.value
        raw.rows.append(RawRow(sheet.name, row_number, cells, extra_values))
    return raw
