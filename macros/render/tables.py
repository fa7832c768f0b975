"""The data table every page shows: a view model built here, laid out by ``partials/table.html``.

A table with an ``id`` is a **component table**: ``assets/escalation-table.js`` gives it sort buttons in its column
headers, filters for columns that take a small set of values, a search box and a row count, and keeps that state
in the page's query (``?<id>.sort=-arr``, ``?<id>.q=harbor``, ``?<id>.<column>=<value>``) so a view can be linked.
Without JavaScript it is the same complete plain table.

Each column has a kind (:data:`.table_cells.KINDS`), declared with :class:`Column` or inferred from the typed values
in its cells (``int``/``float``, ``date``/``datetime``, or a :class:`.table_cells.Typed` from the helpers there),
and every typed cell carries its sort key as ``data-sort``.

A component table given its page's URL that is long (more than 500 rows) writes only its first rows as HTML and
every row as JSON for the script, and its rows are also written on plain listing pages (:mod:`.table_payload`,
:mod:`.table_listings`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html import unescape
from urllib.parse import urlencode

from markupsafe import Markup, escape

from . import table_listings
from .formats import plural
from .table_cells import NUMERIC_KINDS, Typed, typed
from .table_payload import Payload, derived_text, is_long, payload
from .templating import is_short_value, render

MAX_FILTER_OPTIONS = 12
"""Unless declared otherwise, a tier column gets a filter when it takes from 2 to this many values, and a text
column too when some value repeats, no cell is a link (a link names one thing: it is searched for) and no value is
longer than ``MAX_FILTER_TEXT`` characters (a sentence is prose to search, not a category to pick)."""
MAX_FILTER_TEXT = 40


@dataclass(frozen=True, slots=True)
class Column:
    """A column declared by the caller. Anything left None is inferred from the column's values."""

    label: object
    kind: str | None = None
    """One of :data:`.table_cells.KINDS`."""
    filter: bool | None = None
    """Whether the column gets a filter; inferred from how many values it takes when None."""
    key: str | None = None
    """Its name in the page's query; the label in lower case with dashes by default."""

    @property
    def query_key(self) -> str:
        return self.key or column_key(self.label)


@dataclass(frozen=True, slots=True)
class Cell:
    content: object
    """Text (escaped by the template) or ``Markup``."""
    nowrap: bool
    """Dates, amounts and ids never break across lines (they read badly split at a hyphen)."""
    sort: str | None = None
    """``data-sort``: the key a component table sorts the column by (typed columns only)."""
    filter: str | None = None
    """``data-filter``: the value the column's filter matches (filter columns only)."""


@dataclass(frozen=True, slots=True)
class Header:
    content: object
    element: str
    """``th``, or ``td`` for an unnamed column (a grid's corner): an empty header cell names nothing."""
    key: str = ""
    """The column's name in the page's query (component tables only)."""
    kind: str = ""
    options: tuple[str, ...] = ()
    """The filter's values in the order the filter lists them; empty when the column has no filter."""

    def __html__(self) -> Markup:
        """Printed whole, a header is its content: an override written when headers were plain values still works."""
        return escape(self.content)

    @property
    def options_json(self) -> str:
        return json.dumps(list(self.options), ensure_ascii=False)


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
    noun: tuple[str, str] = ("row", "rows")
    """What a row is, singular and plural: the row count and the search box name it."""
    caption: str = ""
    """A visually hidden caption naming the table for screen readers; empty for none."""
    page_url: str | None = None
    """The page the table is on, for a component table that may be long (:mod:`.table_payload`)."""
    payload: Payload | None = None
    """A long table's rows as JSON, with the listing pages that hold them all; None for a table written whole."""

    @property
    def component(self) -> bool:
        """A table with an id is sortable, filterable and searchable (``assets/escalation-table.js``)."""
        return self.id is not None

    @property
    def count(self) -> str:
        """'40 accounts.'; a long table adds how many rows are listed (the script then keeps it)."""
        text = plural(len(self.rows), *self.noun) + "."
        return text + f" The first {len(self.html_rows):,} are listed." if self.payload else text

    @property
    def listing_note(self) -> str:
        """What a long table's listing pages are, for readers without JavaScript."""
        shown = len(self.html_rows)
        return f"The first {shown:,} of {plural(len(self.rows), *self.noun)} are listed here; all are on these pages:"

    @property
    def html_rows(self) -> list[Row]:
        """The rows written as HTML: all of them, or a long table's first few (the script builds the rest)."""
        return self.rows[: self.payload.html_rows] if self.payload else self.rows


def cell(value: object) -> Cell:
    if isinstance(value, Typed):
        value = value.display
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


def column_key(label: object) -> str:
    """'Days to renewal' → 'days-to-renewal': a column's name in the page's query."""
    return re.sub(r"[^a-z0-9]+", "-", str(label).lower()).strip("-") or "column"


def plain_text(value: object) -> str:
    """The text a reader sees in a cell, without markup: what a filter of a text column matches."""
    if isinstance(value, Typed):
        return value.filter if value.filter is not None else plain_text(value.display)
    if hasattr(value, "__html__"):
        return markup_text(str(value.__html__()))
    return " ".join(str(value).split()) if value is not None else ""


def markup_text(html: str) -> str:
    """``" ".join(Markup(html).striptags().split())``, worked out without building ``Markup`` objects (a table of
    thousands of rows reads every cell's text): the tags removed, the whitespace folded, then the entities read, in
    striptags' order."""
    if "<!--" in html:  # comments: markupsafe's own rules
        return " ".join(Markup(html).striptags().split())  # noqa: S704 (markup read, not printed)
    text = " ".join(derived_text(html).split()) if "<" in html else " ".join(html.split())
    return " ".join(unescape(text).split()) if "&" in text else text


def _is_link(value: object) -> bool:
    """A cell linking to a page names a thing (an account, an escalation): it is searched for, not filtered by."""
    return hasattr(value, "__html__") and "<a " in str(value.__html__())


def _kind_of(declared: Column, values: list[Typed | None]) -> str:
    if declared.kind is not None:
        return declared.kind
    return next((v.kind for v in values if v is not None and v.sort != ""), "text")


def _sort_number(key: str) -> float:
    return float(key)


def _options(kind: str, filters: list[str], sorts: list[str | None]) -> tuple[str, ...]:
    """A filter's values: tiers most severe first, typed columns by the value sorting first in each, text A to Z."""
    first: dict[str, str] = {}
    for value, key in zip(filters, sorts, strict=True):
        if key is not None and (value not in first or _before(kind, key, first[value])):
            first[value] = key
        first.setdefault(value, "")
    if kind == "text" and not any(first.values()):
        return tuple(sorted(first, key=str.casefold))
    if kind in NUMERIC_KINDS:
        sign = -1 if kind == "tier" else 1
        return tuple(sorted(first, key=lambda v: (first[v] == "", sign * _sort_number(first[v] or "0"), v.casefold())))
    return tuple(sorted(first, key=lambda v: (first[v] == "", first[v], v.casefold())))


def _before(kind: str, key: str, other: str) -> bool:
    if other == "":
        return key != ""
    if kind in NUMERIC_KINDS:
        return key != "" and float(key) < float(other)
    return key != "" and key < other


def _component_columns(columns: list[Column], body: list[list[object]]) -> tuple[list[Header], list[list[Cell]]]:
    headers: list[Header] = []
    grid: list[list[Cell]] = [[] for _ in body]
    for index, declared in enumerate(columns):
        values = [row[index] for row in body]
        typed_values = [typed(v) for v in values]
        kind = _kind_of(declared, typed_values)
        sorts: list[str | None] = [
            t.sort if t is not None and (kind != "text" or t.sort) else ("" if kind != "text" else None)
            for t in typed_values
        ]
        filters = [plain_text(v) for v in values]
        distinct = set(filters)
        wanted = declared.filter
        if wanted is None:
            wanted = 2 <= len(distinct) <= MAX_FILTER_OPTIONS and (
                kind == "tier"
                or (
                    kind == "text"
                    and len(distinct) < len(body)
                    and not any(map(_is_link, values))
                    and all(len(f) <= MAX_FILTER_TEXT for f in distinct)
                )
            )
        options = _options(kind, filters, sorts) if wanted else ()
        content = declared.label
        headers.append(Header(content, "th" if str(content).strip() else "td", declared.query_key, kind, options))
        for row_index, value in enumerate(values):
            found = typed_values[row_index]
            shown = found.display if found is not None else value
            key = sorts[row_index]
            # A filter value the cell's own text already says is left for the script to read (pages stay small);
            # a typed cell keeps to one line by the stylesheet (td[data-sort]) rather than by a class.
            # (A plain value shows its own text: only a typed one can show other text than it filters by.)
            matched = None
            if wanted and found is not None and filters[row_index] != plain_text(shown):
                matched = filters[row_index]
            grid[row_index].append(Cell(shown, not key and is_short_value(shown), key, matched))
    return headers, grid


def table_model(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    class_: str = "",
    empty: str = "Nothing to show.",
    row_attrs: Sequence[dict] | None = None,
    id_: str | None = None,
    noun: str | tuple[str, str] = "row",
    caption: str = "",
    page_url: str | None = None,
) -> Table:
    """A table's view model. ``headers`` are labels or :class:`Column`; with ``id_`` it is a component table.

    ``noun`` names a row ('escalation', or ``("person", "people")``) for the row count and the search box.
    A component table given the ``page_url`` of its page carries its rows as JSON when it is long, and its rows
    are also written on plain listing pages beside that page (:mod:`.table_payload`, :mod:`.table_listings`).
    """
    body = [list(values) for values in rows]
    columns = [h if isinstance(h, Column) else Column(h) for h in headers]
    attributes = [row_attributes(row_attrs[index] if row_attrs else None) for index in range(len(body))]
    nouns = (noun, noun + "s") if isinstance(noun, str) else noun
    css = ("ref-table " + class_).strip()
    if id_ is None:
        plain = [Row([cell(value) for value in values], attributes[i]) for i, values in enumerate(body)]
        return Table([header(c.label) for c in columns], plain, css, empty, None, nouns, caption)
    component_headers, grid = _component_columns(columns, body)
    component_rows = [Row(cells, attributes[i]) for i, cells in enumerate(grid)]
    model = Table(component_headers, component_rows, css + " ref-component", empty, id_, nouns, caption, page_url)
    if not is_long(len(component_rows), page_url):
        return model
    long_model = replace(model, payload=payload(id_, component_rows))
    table_listings.remember(long_model)
    return long_model


def table(headers: Sequence[object], rows: Iterable[Sequence[object]], **options) -> Markup:
    """An HTML table. Cells are escaped unless they are ``Markup``. With ``id_`` it is a component table.

    ``options`` are those of :func:`table_model`."""
    return render_table(table_model(headers, rows, **options))


def render_table(model: Table) -> Markup:
    return render("partials/table.html", table=model)


def view_query(table_id: str, filters: dict[str, str] | None = None, *, sort: str = "", search: str = "") -> str:
    """The query and fragment of a linked view of a component table: ``?account-index.health=Red#account-index``.

    ``filters`` maps a column's key to the value its filter shows; ``sort`` is a column key, ``-key`` descending.
    The browser script reads the same names (see the module docstring).
    """
    params = [(f"{table_id}.{key}", value) for key, value in (filters or {}).items()]
    if sort:
        params.append((f"{table_id}.sort", sort))
    if search:
        params.append((f"{table_id}.q", search))
    return ("?" + urlencode(params) if params else "") + f"#{table_id}"
