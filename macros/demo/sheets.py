"""Cell values to a write-only workbook: one sheet per contract sheet, with headers, widths and number formats."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..policy.model import Policy
from ..workbook.columns import ACCOUNTS, ACTIONS, APPROVALS, COMMITMENTS, ESCALATIONS, REVIEWS, UPDATES, Sheet
from ..workbook.safe_cells import is_formula_like, set_safe_value
from .options import INTERNAL_NOTES
from .phrases import INTERNAL_NOTE_TEXTS
from .records import Account, Escalation
from .rows import Formatted, RowWriter

if TYPE_CHECKING:
    from .generator import Generator

_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _cell(ws, value):
    if is_formula_like(value):  # policy text could start like a formula; the file must never compute it
        return set_safe_value(WriteOnlyCell(ws), value)
    if isinstance(value, Formatted):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = value.number_format
        return cell
    if isinstance(value, dt.datetime | dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _DATETIME_FORMAT if isinstance(value, dt.datetime) else _DATE_FORMAT
        return cell
    return value


def _width(header: str, kind: str) -> float:
    if kind == "text" and header not in ("Account Name", "Region", "Currency", "Play"):
        return 48
    return max(len(header) + 4, {"date": 12, "datetime": 17, "person": 20, "term": 16}.get(kind, 12))


def _write_sheet(wb: Workbook, sheet: Sheet, rows: list[dict], extra_headers: Sequence[str] = ()) -> None:
    ws = wb.create_sheet(sheet.name)
    keys = [c.field for c in sheet.columns] + list(extra_headers)
    headers = [c.header for c in sheet.columns] + list(extra_headers)
    kinds = [c.kind for c in sheet.columns] + ["text"] * len(extra_headers)
    for index, (header, kind) in enumerate(zip(headers, kinds, strict=True), start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(header, kind)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell(ws, row.get(key)) for key in keys])


def build_workbook(
    policy: Policy, gen: Generator, accounts: list[Account], escalations: list[Escalation], *, seed: int
) -> Workbook:
    cells_rng = random.Random(f"{seed}-cells")  # noqa: S311 - reproducible demo data, not security
    writer = RowWriter(policy, cells_rng, gen.money_text)
    rows: dict[str, list[dict]] = {sheet.name: [] for sheet in (ESCALATIONS, ACTIONS, COMMITMENTS, UPDATES)}
    reviews: list[tuple[dt.date, str, dict]] = []
    number = 0
    for esc in escalations:
        notes = gen.pick(INTERNAL_NOTE_TEXTS) if gen.imperfections and gen.rng.random() < 0.15 else None
        rows[ESCALATIONS.name].append(writer.escalation(esc, gen.narrative(esc), notes))
        rows[ACTIONS.name].extend(writer.action(esc, a) for a in esc.actions)
        for commitment in sorted(esc.commitments, key=lambda c: (c.approved_on or c.due, c.due)):
            number += 1
            rows[COMMITMENTS.name].append(writer.commitment(esc, commitment, number))
        rows[UPDATES.name].extend(writer.update(esc, u) for u in sorted(esc.updates, key=lambda u: u.when))
        reviews.extend((r.day, esc.escalation_id, writer.review(esc, r)) for r in esc.reviews)

    wb = Workbook(write_only=True)
    stamp = dt.datetime.combine(gen.as_of, dt.time())
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = policy.organisation.company.name
    wb.properties.title = f"Escalation log (demo data, seed {seed})"
    _write_sheet(wb, ACCOUNTS, writer.accounts(accounts, policy.organisation.company.currency))
    _write_sheet(wb, ESCALATIONS, rows[ESCALATIONS.name], [INTERNAL_NOTES] if gen.imperfections else [])
    _write_sheet(wb, ACTIONS, rows[ACTIONS.name])
    _write_sheet(wb, COMMITMENTS, rows[COMMITMENTS.name])
    _write_sheet(wb, UPDATES, rows[UPDATES.name])
    _write_sheet(wb, REVIEWS, [row for _, _, row in sorted(reviews, key=lambda r: (r[0], r[1]))])
    _write_sheet(wb, APPROVALS, [])  # the optional sheet, empty: the demo records a single Approved By
    return wb
