"""Read raw rows from the workbook file: headers matched to the contract, every cell with its address.

This layer knows about files and headers, not about what the values mean. Cell values come from python-calamine
(cached formula values; about 15 times faster than openpyxl's read-only mode on a 5,000-account log), turned into
the values openpyxl gives (``None`` for empty, ``int`` for whole numbers, midnight ``datetime`` for date cells), and
rows are padded to the header's width before cells are zipped with their headers. What calamine does not report
comes from the sheet XML (:mod:`.sheet_xml`): formulas without a saved value, merged cells, error cells such as
``#N/A`` (calamine reads them as empty) and the number format of the columns that need one (a %-formatted 0.15).
openpyxl remains the library that writes workbooks.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ..problems import ProblemLog, did_you_mean
from .cells import is_blank
from .columns import SHEETS, Sheet
from .sheet_xml import SheetScan, WorkbookParts, read_parts, scan_sheet

FORMATTED_KINDS = frozenset({"concession_value"})
"""Column kinds whose cells carry their number format (a percentage may be a %-formatted fraction)."""


@dataclass(frozen=True, slots=True)
class RawCell:
    value: Any
    ref: str
    """``Sheet!D7``"""
    number_format: str | None = None
    """The cell's number format, read only for columns of a kind in :data:`FORMATTED_KINDS`; None elsewhere."""


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
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # python-calamine raises several unrelated types for damaged files
        raise WorkbookFileError(
            f"the workbook cannot be read ({type(exc).__name__}: {exc})", hint="open it in Excel and save it again"
        ) from exc


def read_workbook(path: Path, log: ProblemLog) -> dict[str, RawSheet]:
    """Every contract sheet's non-empty rows. Header problems go to ``log``; a sheet with them yields no rows."""
    display = path.name
    workbook = open_workbook(path)
    try:
        parts = read_parts(path)
        sheet_names = list(workbook.sheet_names)
        names = {name.strip().lower(): name for name in sheet_names}
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        result: dict[str, RawSheet] = {}
        for sheet in SHEETS:
            actual = names.get(sheet.name.lower())
            if actual is None and sheet.optional:
                result[sheet.name] = RawSheet(sheet, present=False)
                continue
            if actual is None:
                hint = did_you_mean(sheet.name, sheet_names) or f"add a sheet named '{sheet.name}'"
                log.error(f"{display}!{sheet.name}", f"the sheet '{sheet.name}' is missing", hint=hint)
                result[sheet.name] = RawSheet(sheet, present=False)
                continue
            if actual in hidden:
                log.warning(
                    f"{sheet.name}!A1",
                    f"the sheet '{actual}' is hidden; it is read all the same",
                    hint="unhide it so that people editing the workbook can see it",
                )
            try:
                rows = workbook.get_sheet_by_name(actual).to_python(skip_empty_area=False)
            except Exception as exc:  # e.g. a chart sheet under a contract sheet's name
                log.error(f"{sheet.name}!A1", f"the sheet '{actual}' cannot be read ({type(exc).__name__}: {exc})")
                result[sheet.name] = RawSheet(sheet, present=False)
                continue
            member = parts.worksheets.get(actual)
            scan = scan_sheet(path, member, _styled_columns(sheet, rows)) if member else SheetScan()
            _report_sheet_xml(sheet.name, scan, log)
            result[sheet.name] = _read_sheet(sheet, rows, scan, parts, log)
        return result
    finally:
        workbook.close()


def _cell_value(value: Any) -> Any:
    """A python-calamine value as openpyxl gives it, so that both readers mean the same to the parsers."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _styled_columns(sheet: Sheet, rows: list[list]) -> set[str]:
    """Letters of the header's columns whose kind needs the cells' number formats."""
    wanted = {_normalise(c.header) for c in sheet.columns if c.kind in FORMATTED_KINDS}
    if not wanted or not rows:
        return set()
    return {get_column_letter(i + 1) for i, header in enumerate(rows[0]) if _normalise(_cell_value(header)) in wanted}


def _errors_by_row(scan: SheetScan) -> dict[int, dict[int, str]]:
    """Error cells (``#N/A``), which calamine reads as empty: row number → column index → the error shown."""
    grouped: dict[int, dict[int, str]] = {}
    for ref, text in scan.errors.items():
        letters, row = coordinate_from_string(ref)
        grouped.setdefault(row, {})[column_index_from_string(letters) - 1] = text
    return grouped


def _report_sheet_xml(sheet_name: str, scan: SheetScan, log: ProblemLog) -> None:
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


def _read_sheet(sheet: Sheet, rows: list[list], scan: SheetScan, parts: WorkbookParts, log: ProblemLog) -> RawSheet:
    header_row = rows[0] if rows else None
    raw = RawSheet(sheet, present=True)
    if header_row is None:
        log.error(
            f"{sheet.name}!A1",
            "the sheet is empty; row 1 must hold the column headers",
            hint="copy the headers from the blank template workbook",
        )
        return raw
    errors = _errors_by_row(scan)
    headers = [_cell_value(value) for value in header_row]
    for index, text in errors.get(1, {}).items():
        if index < len(headers):
            headers[index] = text
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
    kinds = {column.field: column.kind for column in sheet.columns}
    # (index, field, "Sheet!D", whether the number format is wanted), in column order
    fields = [
        (index, name, f"{sheet.name}!{get_column_letter(index + 1)}", kinds.get(name) in FORMATTED_KINDS)
        for name, index in sorted(positions.items(), key=lambda item: item[1])
    ]
    last_row = max([len(rows), *errors])  # a row holding only error cells reads as empty in calamine
    padding = [None] * width
    for row_number in range(2, last_row + 1):
        source = rows[row_number - 1] if row_number <= len(rows) else []
        values = [_cell_value(v) for v in source[:width]] + padding[len(source) :]
        for index, text in errors.get(row_number, {}).items():
            if index < width:
                values[index] = text
        if all(is_blank(v) for v in values if v is not None):
            continue
        number = str(row_number)
        cells: dict[str, RawCell] = {}
        for index, name, prefix, formatted in fields:
            ref = prefix + number
            number_format = parts.number_format(scan.styles.get(ref[len(sheet.name) + 1 :])) if formatted else None
            cells[name] = RawCell(values[index], ref, number_format)
        extra_values = {extras[i]: values[i] for i in extras if not is_blank(values[i])}
        raw.rows.append(RawRow(sheet.name, row_number, cells, extra_values))
    return raw
