"""What the cell reader (python-calamine) cannot tell us, read from the workbook's XML: formulas that have no saved
value (they read as empty), merged cells (only the first cell of a merge holds the value), error cells such as
``#N/A`` (they read as empty), the number format of chosen cells (to tell a %-formatted 0.15 from a plain one),
and which XML part holds each sheet."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

_CELL = re.compile(rb'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_VALUE = re.compile(rb"<v>[^<]")
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class SheetScan:
    formulas_without_value: list[str] = field(default_factory=list)
    """Cell addresses (``D7``) of formulas whose file holds no calculated value."""
    formulas: int = 0
    merged: list[str] = field(default_factory=list)
    """Merged ranges (``A3:B3``)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Cell address → error value shown in the cell (``#N/A``, ``#DIV/0!``)."""
    styles: dict[str, int] = field(default_factory=dict)
    """Cell address → style index, for cells of the columns asked for (cells without a style are absent)."""


_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.DOTALL)
_ERROR_VALUE = re.compile(rb"<v>([^<]*)</v>")
_CELL_TAG = re.compile(rb"<c\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')


def scan_sheet(path, worksheet_path: str, styled_columns: Collection[str] = ()) -> SheetScan:
    """Scan one sheet's XML; ``styled_columns`` (letters) are the columns whose cells' style index is wanted."""
    scan = SheetScan()
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(worksheet_path)
    except (KeyError, OSError, zipfile.BadZipFile):
        return scan
    if b't="e"' in xml:
        for match in _ERROR_CELL.finditer(xml):
            ref, value = _REF.search(match.group(1)), _ERROR_VALUE.search(match.group(2))
            if ref and value and value.group(1).strip():
                scan.errors[(ref.group(1) + ref.group(2)).decode()] = unescape(value.group(1).decode("utf-8"))
    if styled_columns:
        wanted = {c.encode() for c in styled_columns}
        for match in _CELL_TAG.finditer(xml):
            attributes = match.group(1)
            ref = _REF.search(attributes)
            if ref and ref.group(1) in wanted and (style := _STYLE.search(attributes)):
                scan.styles[(ref.group(1) + ref.group(2)).decode()] = int(style.group(1))
    if b"<f" in xml:
        for match in _CELL.finditer(xml):
            body = match.group(2) or b""
            if b"<f" in body:
                scan.formulas += 1
                if not _VALUE.search(body):  # openpyxl writes an empty <v /> for a formula it cannot calculate
                    scan.formulas_without_value.append(match.group(1).decode())
    if b"<mergeCell" in xml:
        scan.merged = [m.group(1).decode() for m in _MERGE.finditer(xml)]
    return scan


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class WorkbookParts:
    worksheets: dict[str, str] = field(default_factory=dict)
    """Sheet name → the zip member holding its XML (``xl/worksheets/sheet1.xml``)."""
    number_formats: list[str] = field(default_factory=list)
    """Style index (a cell's ``s``) → number format code (``0%``, ``General``)."""

    def number_format(self, style: int | None) -> str:
        if style is None or not 0 <= style < len(self.number_formats):
            return "General"
        return self.number_formats[style]


def read_parts(path) -> WorkbookParts:
    """Where each sheet's XML is, and the number format of each cell style. A part that cannot be read is left
    empty: the cell reader has already reported a file it cannot open."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS
    from openpyxl.xml.functions import fromstring  # the parser openpyxl itself uses (defusedxml when installed)

    parts = WorkbookParts()
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            workbook = fromstring(archive.read("xl/workbook.xml"))
            rels_name = "xl/_rels/workbook.xml.rels"
            rels = fromstring(archive.read(rels_name)) if rels_name in names else None
            styles = fromstring(archive.read("xl/styles.xml")) if "xl/styles.xml" in names else None
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError, ValueError):  # ParseError is a SyntaxError
        return parts
    targets = {}
    for rel in rels.iter(f"{_RELS}Relationship") if rels is not None else ():
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = member
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        member = targets.get(sheet.get(_REL_ID))
        if member and sheet.get("name") is not None:
            parts.worksheets[sheet.get("name")] = member
    if styles is not None:
        custom = {_int(f.get("numFmtId")): f.get("formatCode", "General") for f in styles.iter(f"{_MAIN}numFmt")}
        cell_xfs = styles.find(f"{_MAIN}cellXfs")
        for xf in cell_xfs.iter(f"{_MAIN}xf") if cell_xfs is not None else ():
            number = _int(xf.get("numFmtId"))
            parts.number_formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return parts


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
