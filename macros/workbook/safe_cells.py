"""Neutralise formula-like text in files the project writes for people to open (xlsx, csv).

Text beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheets skip before
reading a formula) can run as a formula when a person opens the file: "formula injection". Such values are
written so that Excel and LibreOffice show the text and never evaluate it:

* in a workbook, the cell is typed as a string (openpyxl would otherwise store text starting with ``=`` as a
  formula) and carries Excel's *quote prefix*, the cell-format flag Excel sets when someone types a leading
  apostrophe. The stored value is the text itself, unchanged, so reading the workbook back (our loader, pandas,
  another script) gets exactly what was written, and editing the cell in Excel keeps it as text;
* in CSV, which has no cell types, the text gets a leading apostrophe (the OWASP recommendation).

Numbers, dates and booleans are never touched: ``-5`` as a number is a number.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat text as a formula."""


def is_formula_like(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet could evaluate."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_safe_value(cell: Cell, value: Any) -> Cell:
    """Put ``value`` in ``cell`` (a normal or write-only openpyxl cell) so that it is shown and never evaluated.

    Returns the cell, so that write-only rows can be built inline.
    """
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_text(value: object) -> object:
    """A value for a CSV cell: formula-like text gets a leading apostrophe; anything else is returned as is."""
    return "'" + value if is_formula_like(value) else value
