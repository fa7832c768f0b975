"""The workbook as stable text: every visible sheet, its header, and one line of text per row.

Used by `escalation textconv` (git's readable diff of the workbook) and by the workbook part of
`escalation impact`. The text does not depend on the policy, so a workbook the policy rejects still reads.
Values are written the same way every time: whole numbers without ``.0``, dates as ISO days, date-times at
midnight as days, line breaks inside a cell as ``\\n``. Rows that are entirely empty are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .columns import SHEET_BY_NAME
from .package import Package, PartError, ReadLimits
from .reader import WorkbookFileError, check_file
from .sheet_xml import read_parts, read_sheet


@dataclass(frozen=True)
class TextRow:
    row: int
    """Row number in the sheet (1 is the header)."""
    values: tuple[str, ...]
    """Cell texts, padded to the header's width."""


@dataclass
class TextSheet:
    name: str
    headers: tuple[str, ...]
    rows: list[TextRow] = field(default_factory=list)
    key_column: int | None = None
    """Index of the column that identifies a row (the contract's key, e.g. Account ID), when the sheet has one."""

    def column_letter(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(index + 1)

    def key(self, row: TextRow) -> str | None:
        if self.key_column is None:
            return None
        return row.values[self.key_column] or None


def cell_text(value: object) -> str:
    """One cell's value as stable text ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").strip()


def _normalise(header: str) -> str:
    return " ".join(header.split()).lower()


def read_text_sheets(path: Path) -> list[TextSheet]:
    """Every visible sheet of the workbook at ``path``, in workbook order, read with the same limits as the log.

    Raises :class:`~macros.workbook.reader.WorkbookFileError` when the file cannot be opened as a workbook.
    """
    check_file(path)
    try:
        with Package(path, ReadLimits.from_environment()) as package:
            parts = read_parts(package)
            sheets = []
            for entry in parts.sheets:
                if entry.hidden:
                    continue
                grid: list[list] = []
                if entry.member is not None and not entry.chart:
                    try:
                        grid = _grid(read_sheet(package, entry.member, parts).rows)
                    except PartError:  # a damaged sheet: no rows to show
                        grid = []
                sheets.append(_text_sheet(entry.name, grid))
            return sheets
    except PartError as exc:
        raise WorkbookFileError(exc.message, hint=exc.hint) from None


def _grid(rows: dict[int, dict[int, object]]) -> list[list]:
    """Sparse cells as a list of rows from row 1, with empty rows in between kept as ``[]`` (so that row
    numbers stay true) and nothing allocated past the last cell that holds something."""
    if not rows:
        return []
    grid: list[list] = [[] for _ in range(max(rows))]
    for number, cells in rows.items():
        line: list = [None] * (max(cells) + 1) if cells else []
        for column, value in cells.items():
            line[column] = value
        grid[number - 1] = line
    return grid


def _text_sheet(name: str, grid: list[list]) -> TextSheet:
    headers = tuple(cell_text(v) for v in grid[0]) if grid else ()
    width = len(headers)
    for line in grid[1:]:
        width = max(width, _last_filled(line))
    headers = headers + ("",) * (width - len(headers))
    result = TextSheet(name, headers)
    contract = {k.lower(): v for k, v in SHEET_BY_NAME.items()}.get(name.strip().lower())
    if contract is not None and contract.key:
        wanted = _normalise(contract.column(contract.key[0]).header)
        result.key_column = next((i for i, h in enumerate(headers) if _normalise(h) == wanted), None)
    for number, line in enumerate(grid[1:], start=2):
        values = tuple(cell_text(v) for v in line)
        if not any(values):
            continue
        result.rows.append(TextRow(number, values + ("",) * (width - len(values))))
    return result


def _last_filled(line: list) -> int:
    for index in range(len(line) - 1, -1, -1):
        if line[index] not in (None, ""):
            return index + 1
    return 0


def row_line(sheet: TextSheet, row: TextRow) -> str:
    """``Header: value; Header: value`` for the row's non-empty cells (a column without a header is named by its
    letter)."""
    parts = []
    for index, value in enumerate(row.values):
        if value:
            header = sheet.headers[index] if index < len(sheet.headers) and sheet.headers[index] else None
            parts.append(f"{header or sheet.column_letter(index)}: {value}")
    return "; ".join(parts)


def workbook_text(path: Path) -> str:
    """The whole workbook as text: a ``== Sheet ==`` heading per sheet, then one line per non-empty row."""
    lines: list[str] = []
    for sheet in read_text_sheets(path):
        lines.append(f"== {sheet.name} ==")
        lines.extend(row_line(sheet, row) for row in sheet.rows)
        lines.append("")
    return "\n".join(lines)
