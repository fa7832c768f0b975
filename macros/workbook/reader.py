"""Read raw rows from the workbook file: headers matched to the contract, every cell with its address.

This layer knows about files and headers, not about what the values mean. Cells come from the sheet XML, read
sparsely and streamed within size limits (:mod:`.sheet_xml`, :mod:`.package`), as the values openpyxl gives
(``None`` for empty, ``int`` for whole numbers, ``datetime`` for date cells); error cells such as ``#N/A`` read as
their text. Formulas without a saved value, merged cells and cells the file stores wrongly are reported here.
openpyxl remains the library that writes workbooks.

Everything in the file is accounted for: each contract sheet's non-empty rows are returned, and a sheet outside
the contract is named in a warning rather than skipped in silence.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..problems import Problem, ProblemLog, did_you_mean
from . import sheet_xml
from .cells import is_blank
from .columns import SHEETS, Sheet
from .package import Package, PartError, ReadLimits
from .sheet_xml import SheetCells, SheetEntry, WorkbookParts, read_parts, read_sheet

FORMATTED_KINDS = frozenset({"concession_value"})
"""Column kinds whose cells carry their number format (a percentage may be a %-formatted fraction)."""
LISTS_SHEET = "Lists"
"""The sheet of dropdown values the blank template adds (see :mod:`.template`); read by Excel, not by us."""


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


def check_file(path: Path) -> None:
    """Refuse, with a clear message, every file that is not a plain .xlsx package."""
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


def read_workbook(path: Path, log: ProblemLog, limits: ReadLimits | None = None) -> dict[str, RawSheet]:
    """Every contract sheet's non-empty rows. Header problems go to ``log``; a sheet with them yields no rows.

    Raises :class:`WorkbookFileError` when the file as a whole cannot be read.
    """
    check_file(path)
    try:
        with Package(path, limits or ReadLimits.from_environment()) as package:
            parts = read_parts(package)
            _refuse_macros(parts)
            return _read_sheets(package, parts, path.name, log)
    except PartError as exc:
        raise WorkbookFileError(exc.message, hint=exc.hint) from None


def _refuse_macros(parts: WorkbookParts) -> None:
    if parts.macro_parts:
        raise WorkbookFileError(
            f"the workbook holds macro code (part '{parts.macro_parts[0][:80]}'); macros are not accepted",
            hint="save it as an Excel Workbook (.xlsx), which drops the macros",
        )


def _sheet_entries(parts: WorkbookParts, log: ProblemLog) -> tuple[dict[str, SheetEntry], set[str]]:
    """Sheets by trimmed, case-folded name, and the names that collide: two sheets whose names fold alike are
    an error naming both, never last-one-wins."""
    entries: dict[str, SheetEntry] = {}
    collided: set[str] = set()
    contract = {sheet.name.casefold() for sheet in SHEETS}
    for entry in parts.sheets:
        key = entry.name.strip().casefold()
        if key in entries:
            first = entries[key].name
            where = next((s.name for s in SHEETS if s.name.casefold() == key), entry.name.strip()[:40])
            log.error(
                f"{where}!A1",
                f"the sheet names '{first[:40]}' and '{entry.name[:40]}' differ only in spaces or capitals; "
                "the log cannot tell which one to read",
                hint="rename or delete one of them",
            )
            collided.add(key)
            continue
        entries[key] = entry
        if key not in contract and entry.name != LISTS_SHEET:
            log.warning(
                f"{entry.name[:40]}!A1",
                f"the sheet '{entry.name[:40]}' is not part of the escalation log; it is not read",
                hint="the log's sheets are " + ", ".join(s.name for s in SHEETS),
            )
    return entries, collided


def _read_sheets(package: Package, parts: WorkbookParts, display: str, log: ProblemLog) -> dict[str, RawSheet]:
    entries, collided = _sheet_entries(parts, log)
    names = [entry.name for entry in parts.sheets]
    result: dict[str, RawSheet] = {}
    for sheet in SHEETS:
        key = sheet.name.casefold()
        entry = entries.get(key)
        if key in collided:
            result[sheet.name] = RawSheet(sheet, present=False)
            continue
        if entry is None and sheet.optional:
            result[sheet.name] = RawSheet(sheet, present=False)
            continue
        if entry is None:
            hint = did_you_mean(sheet.name, names) or f"add a sheet named '{sheet.name}'"
            log.error(f"{display}!{sheet.name}", f"the sheet '{sheet.name}' is missing", hint=hint)
            result[sheet.name] = RawSheet(sheet, present=False)
            continue
        if entry.hidden:
            log.warning(
                f"{sheet.name}!A1",
                f"the sheet '{entry.name}' is hidden; it is read all the same",
                hint="unhide it so that people editing the workbook can see it",
            )
        if entry.member is None or entry.chart:
            what = "is a chart sheet" if entry.chart else "has no cells in the file"
            log.error(f"{sheet.name}!A1", f"the sheet '{entry.name}' {what}, so it cannot be read")
            result[sheet.name] = RawSheet(sheet, present=False)
            continue
        try:
            cells = read_sheet(package, entry.member, parts)
        except PartError as exc:
            log.error(f"{sheet.name}!A1", f"the sheet '{entry.name}' cannot be read: {exc.message}", hint=exc.hint)
            result[sheet.name] = RawSheet(sheet, present=False)
            continue
        result[sheet.name] = _rows_of(sheet, cells, log)
    return result


_kept_rows: dict[str, tuple[SheetCells, RawSheet, list[Problem]]] = {}
"""Under ``mkdocs serve`` (the sheet cache on): each sheet's cells as last read, with the rows and problems found
in them."""


def _rows_of(sheet: Sheet, cells: SheetCells, log: ProblemLog) -> RawSheet:
    """The rows of a sheet. When the sheet cache gave back the cells of the previous build (the sheet did not
    change), their rows and problems are those of that build too."""
    if not sheet_xml.SHEET_CACHE.enabled:
        _kept_rows.clear()
        return _read_sheet(sheet, cells, log)
    kept = _kept_rows.get(sheet.name)
    if kept is not None and kept[0] is cells:
        log.extend(kept[2])
        return kept[1]
    start = len(log.problems)
    raw = _read_sheet(sheet, cells, log)
    _kept_rows[sheet.name] = (cells, raw, log.problems[start:])
    return raw


def _report_cells(sheet: Sheet, cells: SheetCells, contract_columns: set[int], log: ProblemLog) -> None:
    """Formulas without a saved value (in the contract's columns), merged cells, cells stored wrongly."""
    for row, column in cells.formulas_without_value:
        if column in contract_columns:
            log.error(
                f"{sheet.name}!{get_column_letter(column + 1)}{row}",
                "the cell holds a formula whose result was never saved, so its value is unknown",
                hint="open the workbook in Excel or LibreOffice and save it, or type the value instead of a formula",
            )
    for merged in cells.merged:
        first = merged.split(":")[0]
        log.error(
            f"{sheet.name}!{first}",
            f"cells {merged} are merged; only the first holds a value and the others would read as empty",
            hint="unmerge the cells and fill in each one",
        )
    for (row, column), reason in sorted(cells.invalid.items()):
        log.error(
            f"{sheet.name}!{get_column_letter(column + 1)}{row}",
            f"the cell {reason}",
            hint="retype the value in Excel and save the workbook again",
        )


def _read_sheet(sheet: Sheet, cells: SheetCells, log: ProblemLog) -> RawSheet:
    raw = RawSheet(sheet, present=True)
    header_cells = cells.rows.get(1, {})
    if not cells.rows:
        log.error(
            f"{sheet.name}!A1",
            "the sheet is empty; row 1 must hold the column headers",
            hint="copy the headers from the blank template workbook",
        )
        _report_cells(sheet, cells, set(), log)
        return raw
    wanted = {_normalise(c.header): c for c in sheet.columns}
    positions: dict[str, int] = {}
    extras: dict[int, str] = {}
    for index in sorted(header_cells):
        header = header_cells[index]
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
    _report_cells(sheet, cells, set(positions.values()), log)
    missing = [c for c in sheet.columns if c.required and c.field not in positions]
    for column in missing:
        known = [str(header_cells[i]) for i in sorted(header_cells)]
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
    for row_number in sorted(cells.rows):
        if row_number == 1:
            continue
        values = cells.rows[row_number]
        # a row whose only cells lie in columns without a header is still a row: it is read, and reported
        if all(is_blank(v) for v in values.values()):
            continue
        number = str(row_number)
        row_cells: dict[str, RawCell] = {}
        for index, name, prefix, formatted in fields:
            number_format = cells.formats.get((row_number, index), "General") if formatted else None
            row_cells[name] = RawCell(values.get(index), prefix + number, number_format)
        extra_values = {extras[i]: values[i] for i in extras if i in values and not is_blank(values[i])}
        raw.rows.append(RawRow(sheet.name, row_number, row_cells, extra_values))
    return raw
