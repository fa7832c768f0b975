"""Read the workbook's XML parts: which sheets exist and where, the styles, the shared strings, and each sheet's
cells, sparsely.

Sheet XML is sparse (only cells that exist are written), and so is what this module returns: a dict of rows
holding a dict of cells. Memory and time follow the number of cells in the file, never the distance between
them, so a stray value at XFD1048576 costs one cell, and a real row at 1,048,576 still loads. Every part is
streamed through :class:`.package.Package` (size limits, DOCTYPE refused); no regular expression is run over XML.

Values come out as openpyxl gives them: ``None`` for empty, ``int`` for whole numbers, ``datetime`` for numbers
whose format is a date, ``bool``, ``str``; an error cell (``#N/A``) reads as its text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import posixpath
import re
from dataclasses import dataclass, field

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .package import CellRefError, Package, XmlHandler, local

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_DIGITS = "0123456789"
_MACRO_CONTENT = "macroenabled"
_CHARTSHEET = "/chartsheet"


@dataclass
class SheetEntry:
    name: str
    member: str | None
    """The zip member holding the sheet's XML (``xl/worksheets/sheet1.xml``), None if the workbook points nowhere."""
    hidden: bool = False
    chart: bool = False
    """A chart sheet (it holds no cells)."""


@dataclass
class WorkbookParts:
    sheets: list[SheetEntry] = field(default_factory=list)
    number_formats: list[str] = field(default_factory=list)
    """Style index (a cell's ``s``) → number format code (``0%``, ``General``)."""
    date_styles: frozenset[int] = frozenset()
    """Style indexes whose number format shows a date."""
    shared_strings: list[str] = field(default_factory=list)
    epoch: dt.datetime = CALENDAR_WINDOWS_1900
    macro_parts: list[str] = field(default_factory=list)
    """Parts that hold or declare macro code (a VBA project, a macro-enabled content type)."""

    def number_format(self, style: int | None) -> str:
        if style is None or not 0 <= style < len(self.number_formats):
            return "General"
        return self.number_formats[style]


@dataclass
class SheetCells:
    rows: dict[int, dict[int, object]] = field(default_factory=dict)
    """Row number (1-based) → column index (0-based) → value; only cells that hold something."""
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) → number format of numeric cells whose format is neither General nor a date."""
    formulas: int = 0
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    """(row, column) of formulas whose file holds no calculated value."""
    merged: list[str] = field(default_factory=list)
    """Merged ranges (``A3:B3``)."""
    invalid: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) → why the stored value cannot be read (a shared-string index out of range, ...)."""
    cells: int = 0
    """Cells read, empty or not."""


def _column_letters(count: int) -> dict[str, int]:
    from openpyxl.utils import get_column_letter

    return {get_column_letter(i + 1): i for i in range(count)}


_COLUMNS = _column_letters(702)
"""Letters → index for columns A to ZZ, the ones real logs use; others are computed."""


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel stores characters XML cannot hold (control characters) as ``_xHHHH_``; a literal ``_x`` is written
    ``_x005F_x``. Undo it, so that a control character arrives as itself and is refused with its cell."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def column_index(letters: str) -> int:
    """``A`` → 0, ``XFD`` → 16383; raises :class:`CellRefError` outside the grid."""
    number = 0
    for char in letters:
        code = ord(char) - 64
        if not 1 <= code <= 26 or number > MAX_COLUMN:
            raise CellRefError(f"the cell reference column '{letters[:10]}' is not a column")
        number = number * 26 + code
    if not 1 <= number <= MAX_COLUMN:
        raise CellRefError(f"the column '{letters[:10]}' is outside the sheet (A to XFD)")
    return number - 1


def split_ref(ref: str) -> tuple[int, int]:
    """``D7`` → (7, 3): row number 1-based, column index 0-based."""
    split = 0
    while split < len(ref) and ref[split].isalpha():
        split += 1
    letters, digits = ref[:split].upper(), ref[split:]
    if not letters or not digits.isdigit() or len(digits) > 7:
        raise CellRefError(f"the cell reference '{ref[:20]}' is not a cell address")
    return _row(digits), column_index(letters)


def _row(text: str) -> int:
    if not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_ROW:
        raise CellRefError(f"the row number '{text[:20]}' is outside the sheet (1 to {MAX_ROW:,})")
    return int(text)


def _attribute(attributes: dict[str, str], name: str) -> str | None:
    """An attribute by local name, whatever prefix it was written with (``r:id``)."""
    if name in attributes:
        return attributes[name]
    for key, value in attributes.items():
        if key.endswith(":" + name):
            return value
    return None


class _Collect(XmlHandler):
    """Calls ``on_start(local_name, attributes)`` for every element."""

    def __init__(self, on_start) -> None:
        self.on_start = on_start

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.on_start(local(name), attributes)


def read_parts(package: Package) -> WorkbookParts:
    """The sheets (name, part, visibility), number formats and shared strings; raises :class:`PartError`."""
    parts = WorkbookParts()
    parts.macro_parts = [name for name in package.members if posixpath.basename(name).lower() == "vbaproject.bin"]
    if package.has("[Content_Types].xml"):

        def content_type(name: str, attributes: dict[str, str]) -> None:
            if name in ("Override", "Default") and _MACRO_CONTENT in attributes.get("ContentType", "").lower():
                parts.macro_parts.append(attributes.get("PartName") or attributes.get("Extension") or "?")

        package.parse("[Content_Types].xml", _Collect(content_type))
    workbook_part = "xl/workbook.xml"
    targets: dict[str, tuple[str, bool]] = {}
    rels_name = "xl/_rels/workbook.xml.rels"
    if package.has(rels_name):

        def relationship(name: str, attributes: dict[str, str]) -> None:
            if name == "Relationship":
                target = attributes.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                chart = attributes.get("Type", "").endswith(_CHARTSHEET)
                targets[attributes.get("Id", "")] = (member, chart)

        package.parse(rels_name, _Collect(relationship))
    sheets: list[tuple[str, str | None, bool]] = []

    def workbook(name: str, attributes: dict[str, str]) -> None:
        if name == "sheet" and attributes.get("name") is not None:
            state = attributes.get("state", "visible")
            sheets.append((attributes["name"], _attribute(attributes, "id"), state != "visible"))
        elif name == "workbookPr" and attributes.get("date1904", "").lower() in ("1", "true"):
            parts.epoch = CALENDAR_MAC_1904

    package.parse(workbook_part, _Collect(workbook))
    for sheet_name, rel_id, hidden in sheets:
        member, chart = targets.get(rel_id or "", (None, False))
        parts.sheets.append(SheetEntry(sheet_name, member if member and package.has(member) else None, hidden, chart))
    if package.has("xl/styles.xml"):
        _read_styles(package, parts)
    if package.has("xl/sharedStrings.xml"):
        handler = _SharedStrings()
        package.parse("xl/sharedStrings.xml", handler)
        parts.shared_strings = handler.strings
    return parts


def _read_styles(package: Package, parts: WorkbookParts) -> None:
    custom: dict[int, str] = {}
    in_cell_xfs = [False]

    def style(name: str, attributes: dict[str, str]) -> None:
        if name == "numFmt":
            custom[_int(attributes.get("numFmtId"))] = attributes.get("formatCode", "General")
        elif name == "cellXfs":
            in_cell_xfs[0] = True
        elif name in ("cellStyleXfs", "dxfs"):
            in_cell_xfs[0] = False
        elif name == "xf" and in_cell_xfs[0]:
            number = _int(attributes.get("numFmtId"))
            parts.number_formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))

    package.parse("xl/styles.xml", _Collect(style))
    parts.date_styles = frozenset(i for i, code in enumerate(parts.number_formats) if is_date_format(code))


class _SharedStrings(XmlHandler):
    """The text of each ``<si>``: its ``<t>`` runs, without phonetic guides (``<rPh>``)."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.buffer: list[str] = []
        self.collecting = False
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        name = local(name)
        if name == "t" and not self.phonetic:
            self.collecting = True
        elif name == "rPh":
            self.phonetic += 1
        elif name == "si":
            self.buffer = []

    def end(self, name: str) -> None:
        name = local(name)
        if name == "t":
            self.collecting = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            self.strings.append(unescape("".join(self.buffer)))

    def data(self, text: str) -> None:
        if self.collecting:
            self.buffer.append(text)


class _Sheet(XmlHandler):
    """One pass over a sheet's XML, keeping the cells that hold something."""

    def __init__(self, parts: WorkbookParts, *, remember_strings: bool = False) -> None:
        self.parts = parts
        self.result = SheetCells()
        self.strings_used: dict[int, str] | None = {} if remember_strings else None
        """Shared-string index → text, of every shared string the sheet showed (for :class:`SheetCache`)."""
        self.row = 0
        self.row_text = "0"
        self.column = -1
        self.kind = "n"
        self.style: int | None = None
        self.formula = False
        self.value: str | None = None
        self.inline: list[str] = []
        self.buffer: list[str] | None = None
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if ":" in name:
            name = local(name)
        if name == "c":
            ref = attributes.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                column = _COLUMNS.get(letters)
                digits = ref[len(letters) :]
                if column is None or digits != self.row_text:
                    self.row, column = split_ref(ref)
                    self.row_text = digits
                self.column = column
            else:
                self.column += 1
                if self.column >= MAX_COLUMN:
                    raise CellRefError(f"row {self.row} holds more than {MAX_COLUMN:,} cells")
            self.kind = attributes.get("t", "n")
            style = attributes.get("s")
            self.style = int(style) if style and style.isdigit() and len(style) < 9 else None
            self.formula = False
            self.value = None
            self.inline = []
        elif name == "v":
            self.buffer = []
        elif name == "t" and not self.phonetic:
            self.buffer = self.inline
        elif name == "rPh":
            self.phonetic += 1
        elif name == "f":
            self.formula = True
        elif name == "row":
            number = attributes.get("r")
            self.row = _row(number) if number is not None else self.row + 1
            if self.row > MAX_ROW:
                raise CellRefError(f"the sheet has more than {MAX_ROW:,} rows")
            self.row_text = str(self.row)
            self.column = -1
        elif name == "mergeCell" and attributes.get("ref"):
            self.result.merged.append(attributes["ref"][:30])

    def end(self, name: str) -> None:
        if ":" in name:
            name = local(name)
        if name == "c":
            self._cell()
        elif name == "v":
            self.value = "".join(self.buffer or ())
            self.buffer = None
        elif name == "t":
            self.buffer = None
        elif name == "rPh":
            self.phonetic -= 1

    def data(self, text: str) -> None:
        if self.buffer is not None:
            self.buffer.append(text)

    def _cell(self) -> None:
        result = self.result
        result.cells += 1
        at = (self.row, self.column)
        if self.row < 1:
            raise CellRefError("a cell sits outside any row")
        kind, text = self.kind, self.value
        if self.formula:
            result.formulas += 1
            # Excel writes <v></v> for a formula whose result is the empty text; openpyxl writes <v/> with no
            # type for a formula it could not calculate.
            if text is None or (text == "" and kind != "str"):
                result.formulas_without_value.append(at)
                return
        if kind == "inlineStr":
            value: object = unescape("".join(self.inline))
        elif text is None or text == "":
            return
        elif kind == "s":
            value = self._shared(text, at)
        elif kind in ("str", "e"):
            value = unescape(text)
        elif kind == "b":
            value = text.strip() in ("1", "true")
        elif kind == "d":
            value = self._iso_date(text, at)
        else:
            value = self._number(text, at)
        if value is None or value == "":
            return
        row = result.rows.get(self.row)
        if row is None:
            row = result.rows[self.row] = {}
        row[self.column] = value

    def _shared(self, text: str, at: tuple[int, int]) -> str | None:
        strings = self.parts.shared_strings
        if text.isdigit() and int(text) < len(strings):
            value = strings[int(text)]
            if self.strings_used is not None:
                self.strings_used[int(text)] = value
            return value
        self.result.invalid[at] = f"refers to shared text number {text[:12]!r}, which the file does not hold"
        return None

    def _iso_date(self, text: str, at: tuple[int, int]) -> object:
        try:
            return dt.datetime.fromisoformat(text.strip()[:40])
        except ValueError:
            self.result.invalid[at] = f"holds a date cell that is not a date ({text[:40]!r})"
            return None

    def _number(self, text: str, at: tuple[int, int]) -> object:
        try:
            number = float(text) if len(text) < 400 else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.result.invalid[at] = f"holds a number that is not a finite number ({text[:40]!r})"
            return None
        style = self.style
        if style is not None and style in self.parts.date_styles:
            try:
                return from_excel(number, self.parts.epoch)
            except (ValueError, OverflowError):
                self.result.invalid[at] = f"holds a date serial number {number:g} outside the calendar"
                return None
        if style is not None:
            number_format = self.parts.number_format(style)
            if number_format != "General":
                self.result.formats[at] = number_format
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


def read_sheet(package: Package, member: str, parts: WorkbookParts) -> SheetCells:
    """The cells of the sheet held in ``member``; raises :class:`.package.PartError`."""
    if SHEET_CACHE.enabled:
        return SHEET_CACHE.read(package, member, parts)
    handler = _Sheet(parts)
    package.parse(member, handler)
    return handler.result


class SheetCache:
    """Sheets read by the earlier builds of a process that rebuilds on every save (``mkdocs serve``), so that an
    edit to one sheet reads that sheet's XML alone.

    A sheet is reused when its part holds the same bytes, the styles read the same and every shared string it
    showed is still the same text at the same index (a save rewrites the shared strings, mostly in place). Off
    until :attr:`enabled` is set; it keeps one reading per part.
    """

    def __init__(self) -> None:
        self.enabled = False
        self.reused = 0
        self._kept: dict[str, tuple[bytes, tuple, dict[int, str], SheetCells]] = {}

    def read(self, package: Package, member: str, parts: WorkbookParts) -> SheetCells:
        digest = hashlib.blake2b(digest_size=32)
        for chunk in package.chunks(member):
            digest.update(chunk)
        key = digest.digest()
        styles = (tuple(parts.number_formats), parts.date_styles, parts.epoch)
        kept = self._kept.get(member)
        if kept is not None and kept[0] == key and kept[1] == styles:
            strings = parts.shared_strings
            if all(index < len(strings) and strings[index] == text for index, text in kept[2].items()):
                self.reused += 1
                return kept[3]
        handler = _Sheet(parts, remember_strings=True)
        package.parse(member, handler)
        if handler.result.invalid:  # what is invalid may depend on more than the strings it showed
            self._kept.pop(member, None)
        else:
            self._kept[member] = (key, styles, handler.strings_used or {}, handler.result)
        return handler.result


SHEET_CACHE = SheetCache()
"""The one :class:`SheetCache` of the process (turned on by the MkDocs hooks under ``mkdocs serve``)."""


def _int(text: str | None) -> int:
    try:
        return int(text or 0) if len(text or "") < 12 else 0
    except ValueError:
        return 0
