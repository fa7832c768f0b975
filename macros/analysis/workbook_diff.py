"""Rows added, removed and changed in each sheet of the workbook, with cell-level before/after values.

Works on the stable text of :mod:`macros.workbook.text_rows`, so it does not depend on the policy and reads a
workbook the policy rejects. Rows of a sheet with an id column (Account ID, Escalation ID, Commitment ID) are
matched by it; rows of the other sheets are matched by their position among unchanged rows (a line diff of the
rows), so an edited row shows as changed and not as removed and added.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..workbook.text_rows import TextRow, TextSheet, row_line


@dataclass(frozen=True)
class CellChange:
    column: str
    """The column's header."""
    cell: str
    """``Sheet!E7`` in the new workbook."""
    before: str
    after: str

    def to_json(self) -> dict[str, str]:
        return {"column": self.column, "cell": self.cell, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class RowChange:
    change: str
    """``added``, ``removed`` or ``changed``."""
    key: str
    """The row's id, or ``row N`` for sheets without an id column."""
    row: int
    """Row number in the new workbook (in the old one for a removed row)."""
    text: str = ""
    """The whole row in words (added and removed rows)."""
    cells: tuple[CellChange, ...] = ()

    def to_json(self) -> dict:
        return {
            "change": self.change,
            "key": self.key,
            "row": self.row,
            "text": self.text,
            "cells": [c.to_json() for c in self.cells],
        }


@dataclass
class SheetDiff:
    sheet: str
    rows: list[RowChange] = field(default_factory=list)
    note: str = ""
    """Something about the sheet as a whole (added, removed, headers changed)."""

    def count(self, change: str) -> int:
        return sum(1 for r in self.rows if r.change == change)

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "note": self.note, "rows": [r.to_json() for r in self.rows]}


def _headers(sheet: TextSheet) -> dict[str, int]:
    result: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        name = " ".join(header.split()) or sheet.column_letter(index)
        result.setdefault(name.lower(), index)
    return result


def _display_headers(sheet: TextSheet) -> dict[str, str]:
    return {
        (" ".join(h.split()) or sheet.column_letter(i)).lower(): " ".join(h.split()) or sheet.column_letter(i)
        for i, h in enumerate(sheet.headers)
    }


def _cell_changes(old: TextSheet, new: TextSheet, before: TextRow, after: TextRow) -> tuple[CellChange, ...]:
    """Cells that differ, matched by header so that moved columns are not changes."""
    old_columns, new_columns = _headers(old), _headers(new)
    names = {**_display_headers(old), **_display_headers(new)}
    changes = []
    for key in [*new_columns, *(k for k in old_columns if k not in new_columns)]:
        was = before.values[old_columns[key]] if key in old_columns else ""
        now = after.values[new_columns[key]] if key in new_columns else ""
        if was != now:
            letter = new.column_letter(new_columns[key]) if key in new_columns else old.column_letter(old_columns[key])
            changes.append(CellChange(names[key], f"{new.name}!{letter}{after.row}", was, now))
    return tuple(changes)


def _comparable(sheet: TextSheet, row: TextRow, order: list[str]) -> tuple[str, ...]:
    columns = _headers(sheet)
    return tuple(row.values[columns[k]] if k in columns else "" for k in order)


def diff_sheet(old: TextSheet, new: TextSheet) -> SheetDiff:
    result = SheetDiff(new.name)
    if [h.lower() for h in old.headers] != [h.lower() for h in new.headers]:
        added = [h for h in new.headers if h and h.lower() not in {o.lower() for o in old.headers}]
        removed = [h for h in old.headers if h and h.lower() not in {n.lower() for n in new.headers}]
        parts = [f"columns added: {', '.join(added)}"] if added else []
        parts += [f"columns removed: {', '.join(removed)}"] if removed else []
        result.note = "; ".join(parts) or "columns reordered"
    if old.key_column is not None and new.key_column is not None:
        _by_key(old, new, result)
    else:
        _by_position(old, new, result)
    return result


def _by_key(old: TextSheet, new: TextSheet, result: SheetDiff) -> None:
    before: dict[str, TextRow] = {}
    for row in old.rows:
        before.setdefault(old.key(row) or f"row {row.row}", row)
    seen: set[str] = set()
    for row in new.rows:
        key = new.key(row) or f"row {row.row}"
        if key in seen:
            continue
        seen.add(key)
        was = before.get(key)
        if was is None:
            result.rows.append(RowChange("added", key, row.row, row_line(new, row)))
            continue
        cells = _cell_changes(old, new, was, row)
        if cells:
            result.rows.append(RowChange("changed", key, row.row, cells=cells))
    for key, row in before.items():
        if key not in seen:
            result.rows.append(RowChange("removed", key, row.row, row_line(old, row)))


def _by_position(old: TextSheet, new: TextSheet, result: SheetDiff) -> None:
    order = list(dict.fromkeys([*_headers(new), *_headers(old)]))
    a = [_comparable(old, r, order) for r in old.rows]
    b = [_comparable(new, r, order) for r in new.rows]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            was, now = old.rows[i1 + offset], new.rows[j1 + offset]
            result.rows.append(RowChange("changed", f"row {now.row}", now.row, cells=_cell_changes(old, new, was, now)))
        for row in new.rows[j1 + paired : j2]:
            result.rows.append(RowChange("added", f"row {row.row}", row.row, row_line(new, row)))
        for row in old.rows[i1 + paired : i2]:
            result.rows.append(RowChange("removed", f"row {row.row}", row.row, row_line(old, row)))


def diff_workbooks(old: list[TextSheet], new: list[TextSheet]) -> list[SheetDiff]:
    """Per sheet (in the new workbook's order, then sheets only in the old one), what changed; sheets without
    changes are left out."""
    before = {s.name.strip().lower(): s for s in old}
    after = {s.name.strip().lower(): s for s in new}
    result: list[SheetDiff] = []
    for key, sheet in after.items():
        if key not in before:
            diff = SheetDiff(sheet.name, note="sheet added")
            diff.rows = [
                RowChange("added", sheet.key(r) or f"row {r.row}", r.row, row_line(sheet, r)) for r in sheet.rows
            ]
            result.append(diff)
            continue
        diff = diff_sheet(before[key], sheet)
        if diff.rows or diff.note:
            result.append(diff)
    for key, sheet in before.items():
        if key not in after:
            diff = SheetDiff(sheet.name, note="sheet removed")
            diff.rows = [
                RowChange("removed", sheet.key(r) or f"row {r.row}", r.row, row_line(sheet, r)) for r in sheet.rows
            ]
            result.append(diff)
    return result
