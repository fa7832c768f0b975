"""What openpyxl's read-only mode cannot tell us, read from the sheet's XML: formulas that have no saved value
(they read as empty) and merged cells (only the first cell of a merge holds the value)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

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


def scan_sheet(path, worksheet_path: str) -> SheetScan:
    scan = SheetScan()
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(worksheet_path)
    except (KeyError, OSError, zipfile.BadZipFile):
        return scan
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
