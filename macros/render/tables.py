"""The plain HTML table most fragments show: a view model built here, laid out by ``partials/table.html``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .templating import is_short_value, render


@dataclass(frozen=True, slots=True)
class Cell:
    content: object
    """Text (escaped by the template) or ``Markup``."""
    nowrap: bool
    """Dates, amounts and ids never break across lines (they read badly split at a hyphen)."""


@dataclass(frozen=True, slots=True)
class Header:
    content: object
    element: str
    """``th``, or ``td`` for an unnamed column (a grid's corner): an empty header cell names nothing."""

    def __html__(self) -> Markup:
        """Printed whole, a header is its content: an override written when headers were plain values still works."""
        return escape(self.content)


def header(value: object) -> Header:
    return Header(value, "th" if str(value).strip() else "td")


@dataclass(frozen=True, slots=True)
class Row:
    cells: list[Cell]
    attributes: list[tuple[str, object]]
    """HTML attributes of the ``<tr>`` as (name, value) pairs, e.g. ``("class", "ref-overdue")``."""


@dataclass(frozen=True, slots=True)
class Table:
    headers: list[Header]
    rows: list[Row]
    css_class: str
    empty: str
    """Shown instead of the table when there are no rows."""
    id: str | None = None


def cell(value: object) -> Cell:
    return Cell(value, is_short_value(value))


def row_attributes(values: dict | None) -> list[tuple[str, object]]:
    """``{"class_": "x", "data_tier": "Red", "hidden": None}`` → ``[("class", "x"), ("data-tier", "Red")]``."""
    if not values:
        return []
    return [
        (name.rstrip("_").replace("_", "-"), value)
        for name, value in values.items()
        if value is not None and value is not False
    ]


def table_model(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    class_: str = "",
    empty: str = "Nothing to show.",
    row_attrs: Sequence[dict] | None = None,
    id_: str | None = None,
) -> Table:
    body = [
        Row([cell(value) for value in values], row_attributes(row_attrs[index] if row_attrs else None))
        for index, values in enumerate(rows)
    ]
    return Table([header(value) for value in headers], body, ("ref-table " + class_).strip(), empty, id_)


def table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    class_: str = "",
    empty: str = "Nothing to show.",
    row_attrs: Sequence[dict] | None = None,
    id_: str | None = None,
) -> Markup:
    """A plain HTML table. Cells are escaped unless they are ``Markup``."""
    model = table_model(headers, rows, class_=class_, empty=empty, row_attrs=row_attrs, id_=id_)
    return render("partials/table.html", table=model)
