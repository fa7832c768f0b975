"""The blank escalation-log workbook: every sheet and header of the contract, with dropdowns from the policy.

Everything comes from :data:`~macros.workbook.columns.SHEETS` and the :class:`Policy`: sheets, headers, header
comments (``Column.help``), which columns get a dropdown and what it offers. Dropdowns are list validations that
point at ranges on a hidden ``Lists`` sheet rather than inline lists, which Excel caps at 255 characters. They
offer the terms' *names* (the loader accepts the id or the name) and people's names (id and email work too), so
they warn rather than refuse when something else is typed.

The same policy always gives the same bytes: the document's dates are fixed and the zip entries are stamped with
them, so the template can be regenerated on every build without churn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..policy.model import Policy
from .columns import SHEETS, Column, Sheet
from .loader import vocabulary_terms
from .reproducible import workbook_bytes
from .safe_cells import set_safe_value

LISTS_SHEET = "Lists"
"""Hidden sheet holding the values the dropdowns offer, one list per column."""
MAX_ROW = 1_048_576
"""Dropdowns and formats cover every row a worksheet can have."""
DOCUMENT_STAMP = dt.datetime(2000, 1, 1)
"""Created and modified date written into the template, so that its bytes depend only on the policy."""
AUTHOR = "Renewal Escalation Framework"

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "money": "#,##0"}
WIDTHS = {
    "id": 16,
    "text": 32,
    "date": 12,
    "datetime": 17,
    "money": 14,
    "person": 20,
    "term": 16,
    "concession_value": 14,
    "quantity": 14,
}
MAX_WIDTH = 48
KIND_HELP = {
    "date": "A date, e.g. 2026-03-01.",
    "datetime": "A date and time, e.g. 2026-03-01 14:30 (business time zone).",
    "money": "An amount, e.g. 120000 or $120,000.",
    "person": "A person from organisation.yaml: pick a name, or type their id or email.",
}
VOCABULARY_FILES = {"tiers": "tiers.yaml", "concession_types": "authority.yaml", "roles": "organisation.yaml"}
"""Where each controlled list is defined; anything else lives in escalation-log.yaml."""

_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="DDE3F7")
_HEADER_ALIGNMENT = Alignment(vertical="top")


@dataclass(frozen=True)
class ValueList:
    """One list on the Lists sheet."""

    key: str
    """``people`` or the vocabulary's name, e.g. ``tiers``."""
    title: str
    values: tuple[str, ...]
    column: str
    """Column letter on the Lists sheet; the values start in row 2."""

    @property
    def reference(self) -> str:
        """The range a list validation points at, e.g. ``Lists!$A$2:$A$5``."""
        last = len(self.values) + 1
        return f"{quote_sheetname(LISTS_SHEET)}!${self.column}$2:${self.column}${last}"


@dataclass(frozen=True)
class Dropdown:
    """A list validation on one column of a contract sheet."""

    sheet: str
    header: str
    column: str
    """Column letter on the sheet."""
    values: ValueList


def allowed_values(policy: Policy, column: Column) -> tuple[str, ...] | None:
    """What a column's dropdown offers, or None for a column the policy does not constrain."""
    if column.kind == "term" and column.vocabulary:
        names = [term.name for term in vocabulary_terms(policy, column.vocabulary)]
    elif column.kind == "person":
        names = sorted((person.name for person in policy.organisation.people), key=lambda n: (n.casefold(), n))
    else:
        return None
    return tuple(dict.fromkeys(name for name in names if name.strip()))


def _list_key(column: Column) -> str:
    return "people" if column.kind == "person" else str(column.vocabulary)


def value_lists(policy: Policy) -> dict[str, ValueList]:
    """Every list the template needs, keyed by :func:`_list_key`, in order of first use."""
    lists: dict[str, ValueList] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            values = allowed_values(policy, column)
            key = _list_key(column)
            if not values or key in lists:
                continue
            title = key.replace("_", " ").capitalize()
            lists[key] = ValueList(key, title, values, get_column_letter(len(lists) + 1))
    return lists


def dropdowns(policy: Policy) -> list[Dropdown]:
    """Every dropdown of the template, by sheet and column, in contract order."""
    lists = value_lists(policy)
    result = []
    for sheet in SHEETS:
        for index, column in enumerate(sheet.columns, start=1):
            value_list = lists.get(_list_key(column)) if allowed_values(policy, column) else None
            if value_list is not None:
                result.append(Dropdown(sheet.name, column.header, get_column_letter(index), value_list))
    return result


def header_comment(column: Column) -> str:
    """The note on a header cell: what goes in the column."""
    lines = []
    if column.help:
        lines.append(column.help.rstrip(".") + ".")
    if column.kind == "term" and column.vocabulary:
        source = VOCABULARY_FILES.get(column.vocabulary, "escalation-log.yaml")
        lines.append(f"Pick from the list (defined in {source}); the id works too.")
    elif column.kind in KIND_HELP:
        lines.append(KIND_HELP[column.kind])
    lines.append("Required." if column.required else "Optional.")
    return "\n".join(lines)


def build_template(policy: Policy) -> Workbook:
    """The blank workbook, in memory."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = f"{policy.organisation.company.name} escalation log"
    workbook.properties.created = DOCUMENT_STAMP
    workbook.properties.modified = DOCUMENT_STAMP
    lists = value_lists(policy)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.name), sheet, policy, lists)
    _write_lists(workbook.create_sheet(LISTS_SHEET), lists.values())
    workbook.active = 0
    return workbook


def _write_sheet(worksheet: Worksheet, sheet: Sheet, policy: Policy, lists: dict[str, ValueList]) -> None:
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = set_safe_value(worksheet.cell(row=1, column=index), column.header)
        cell.font = _HEADER_FONT
        cell.alignment = _HEADER_ALIGNMENT
        if column.required:
            cell.fill = _REQUIRED_FILL
        comment = Comment(header_comment(column), AUTHOR)
        comment.width, comment.height = 260, 110
        cell.comment = comment
        values = allowed_values(policy, column)
        dimension = worksheet.column_dimensions[letter]
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format:
            dimension.number_format = number_format
        longest = max((len(v) for v in values), default=0) if values else 0
        dimension.width = min(MAX_WIDTH, max(len(column.header) + 4, WIDTHS[column.kind], longest + 4))
        if values:
            worksheet.add_data_validation(_validation(column, lists[_list_key(column)], letter))


def _validation(column: Column, value_list: ValueList, letter: str) -> DataValidation:
    what = "a person from the policy" if column.kind == "person" else "a value from the policy"
    validation = DataValidation(
        type="list",
        formula1=value_list.reference,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.header[:32],
        error=f"'{column.header}' takes {what}. Pick one from the list (an id or email also works).",
        showInputMessage=bool(column.help),
        promptTitle=column.header[:32],
        prompt=column.help[:255] or None,
    )
    validation.add(f"{letter}2:{letter}{MAX_ROW}")
    return validation


def _write_lists(worksheet: Worksheet, lists) -> None:
    worksheet.sheet_state = "hidden"
    for index, value_list in enumerate(lists, start=1):
        header = set_safe_value(worksheet.cell(row=1, column=index), value_list.title)
        header.font = _HEADER_FONT
        for row, value in enumerate(value_list.values, start=2):
            set_safe_value(worksheet.cell(row=row, column=index), value)
        width = max(len(value_list.title), *(len(v) for v in value_list.values)) + 2
        worksheet.column_dimensions[value_list.column].width = min(MAX_WIDTH, width)


def template_bytes(policy: Policy) -> bytes:
    """The blank workbook as .xlsx bytes; equal policies give equal bytes."""
    return deterministic_xlsx(build_template(policy))


def write_template(policy: Policy, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(policy))
    return path


def deterministic_xlsx(workbook: Workbook) -> bytes:
    """The workbook's bytes, equal for equal content (see :mod:`macros.workbook.reproducible`)."""
    return workbook_bytes(workbook, DOCUMENT_STAMP)
