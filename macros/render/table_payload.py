"""Long component tables: their rows as JSON for ``assets/escalation-table.js``, and only the first rows as HTML.

A page with thousands of ``<tr>`` is megabytes of HTML that the browser parses and lays out before the reader can
do anything. So a component table that belongs to a page (``page_url``) and has more than :func:`threshold` rows
is written differently:

* its first :func:`html_rows` rows are HTML, as for any table (the page reads right before the script runs);
* every row is in a ``<script type="application/json">`` block (:attr:`Payload.json`), from which the script sorts,
  filters and searches, and builds the ``<tr>`` of the rows it shows, a page at a time;
* every row is also on plain listing pages (:mod:`.table_listings`), linked from the page, so that no row is out
  of reach without JavaScript.

The JSON carries each cell as the HTML the template would print (escaped here, in Python: the script never
escapes anything) with the cell's text, ``data-sort`` key and ``data-filter`` value, so the script treats a built
row exactly as it treats a row of a short table. Its layout, all arrays (no JSON object, so no ``{{`` or ``}}``
can appear, whatever later stage reads the page)::

    [count, columns, attributes]
    count:      the number of rows
    columns:    per column, [prefix, suffix, cells, indexes]:
                cells     the column's distinct cells (a column repeats few values: people, tiers, dates); a cell
                          is the middle of its HTML as a string, or [middle, nowrap (0/1), text, sort, filter] with
                          null for "none", trailing nulls left out; its HTML is prefix + middle + suffix, the
                          prefix and suffix every HTML of the column shares (``<a href="`` … ``</a>``)
                indexes   per row, the index of its cell in ``cells``; null when each row has its own cell, in
                          row order
                A cell's text, when left out, is its HTML without its tags (:func:`derived_text`).
    attributes: [row index, [[name, value], ...]] for each row whose <tr> has attributes

``<``, ``>``, ``&``, braces and U+2028/U+2029 are written as ``\\uXXXX`` escapes, so nothing in the data can end
the script block, open a tag or read as a template: the JSON means the same, the page holds none of them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from markupsafe import Markup

from .html import esc, json_in_script

THRESHOLD_VARIABLE = "ESCALATION_TABLE_HTML_ROWS"
"""Overrides :data:`THRESHOLD` (tests and benchmarks set it low to run the JSON path on small data)."""
THRESHOLD = 500
"""A component table with a page and more rows than this carries its rows as JSON."""
HTML_ROWS = 100
"""How many rows a long table writes as HTML, and how many the script shows at a time (fewer when the threshold
is lower)."""
LISTING_ROWS = 1000
"""Rows per plain listing page (fewer when the threshold is lower: 10 × :func:`html_rows`)."""


def threshold() -> int:
    """:data:`THRESHOLD`, or the whole number in ``ESCALATION_TABLE_HTML_ROWS`` (at least 1) when that is set."""
    value = os.environ.get(THRESHOLD_VARIABLE, "").strip()
    if not value:
        return THRESHOLD
    try:
        return max(1, int(value))
    except ValueError:
        raise ValueError(f"{THRESHOLD_VARIABLE} must be a whole number of rows, not {value!r}") from None


def html_rows() -> int:
    return min(HTML_ROWS, threshold())


def listing_rows() -> int:
    return min(LISTING_ROWS, 10 * html_rows())


def is_long(row_count: int, page_url: str | None) -> bool:
    """Whether a component table of ``row_count`` rows on the page at ``page_url`` carries its rows as JSON."""
    return page_url is not None and row_count > threshold()


def script_json(value: object) -> Markup:
    """``value`` as JSON safe inside ``<script type="application/json">`` (see the module docstring).

    ``value`` is made of lists, strings, numbers and None only: with no JSON object, every brace left is inside a
    string, where its ``\\u`` escape means the same."""
    _check_no_objects(value)
    return json_in_script(value, braces=True)


def _check_no_objects(value: object) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _check_no_objects(item)
    elif not (value is None or isinstance(value, str | int | float)):
        raise TypeError(f"script_json takes lists, text and numbers, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class CellData:
    """One cell as the script needs it."""

    html: str
    """What the template prints between ``<td>`` and ``</td>`` (escaped)."""
    text: str
    """What the reader sees: searched, and sorted or filtered by when the cell has no key or filter value."""
    nowrap: bool
    sort: str | None
    filter: str | None

    def entry(self, prefix: str = "", suffix: str = "") -> str | list:
        """The cell in its column's list, its HTML without the column's shared ``prefix`` and ``suffix``."""
        middle = self.html[len(prefix) : len(self.html) - len(suffix)]
        text = None if derived_text(self.html) == self.text else self.text
        if not self.nowrap and text is None and self.sort is None and self.filter is None:
            return middle
        entry: list = [middle, int(self.nowrap), text, self.sort, self.filter]
        while entry[-1] is None:
            entry.pop()
        return entry


_TAG = re.compile(r"<[^>]*>")


def derived_text(html: str) -> str:
    """The text the script reads from a cell's HTML when the JSON leaves it out: the HTML without its tags. The
    JSON leaves it out only when this is the cell's text (no entity, no whitespace to fold)."""
    return _TAG.sub("", html)


def cell_data(cell, memo: dict | None = None) -> CellData:
    """The data of a :class:`.tables.Cell` (its ``sort`` and ``filter`` as the template would write them).

    ``memo`` keeps the data of cells already seen in this table: a column repeats few values (people, tiers,
    segments), and each is escaped and read as text once."""
    from .tables import plain_text

    content = cell.content
    key = (content.__class__, content, cell.nowrap, cell.sort, cell.filter)
    if memo is not None:
        try:
            found = memo.get(key)
        except TypeError:  # content that cannot be a key: worked out every time
            key, found = None, None
        if found is not None:
            return found
    data = CellData(str(esc(content)), plain_text(content), bool(cell.nowrap), cell.sort or None, cell.filter)
    if memo is not None and key is not None:
        memo[key] = data
    return data


def _shared_ends(values: list[str]) -> tuple[str, str]:
    """The longest prefix and then suffix every value shares (a column of links shares ``<a href="`` … ``</a>``)."""
    if len(values) < 2:
        return "", ""
    prefix = _common_start(values)
    rest = [value[len(prefix) :] for value in values]
    suffix = _common_start([value[::-1] for value in rest])[::-1]
    return prefix, suffix


def _common_start(values: list[str]) -> str:
    """The characters every value starts with (those the first and last in sorted order share)."""
    first, last = min(values), max(values)
    length = 0
    while length < len(first) and first[length] == last[length]:
        length += 1
    return first[:length]


def payload_data(rows) -> list:
    """The JSON value for a table's :class:`.tables.Row` list (layout in the module docstring)."""
    count = len(rows)
    width = max((len(row.cells) for row in rows), default=0)
    columns = []
    memo: dict = {}
    for column in range(width):
        cells = [cell_data(row.cells[column], memo) for row in rows]
        distinct = list(dict.fromkeys(cells))
        prefix, suffix = _shared_ends([cell.html for cell in distinct])
        position = {cell: index for index, cell in enumerate(distinct)}
        indexes = [position[cell] for cell in cells]
        direct = len(distinct) == count  # every cell its own: the index is the row's number
        entries = [cell.entry(prefix, suffix) for cell in distinct]
        columns.append([prefix, suffix, entries, None if direct else indexes])
    attributes = [
        [number, [[name, str(value)] for name, value in row.attributes]]
        for number, row in enumerate(rows)
        if row.attributes
    ]
    return [count, columns, attributes]


def unpack(data: list) -> list[tuple[list[CellData], list[list[str]]]]:
    """The rows back from :func:`payload_data`'s value, read as the script reads them: (cells, attributes) per row."""
    count, columns, attributes = data
    extra = dict(attributes)
    rows = []
    for number in range(count):
        row = []
        for prefix, suffix, entries, indexes in columns:
            entry = entries[number if indexes is None else indexes[number]]
            middle, nowrap, text, sort, filter_ = (
                [entry, 0, None, None, None] if isinstance(entry, str) else [*entry, None, None, None, None][:5]
            )
            html = prefix + middle + suffix
            row.append(CellData(html, derived_text(html) if text is None else text, bool(nowrap), sort, filter_))
        rows.append((row, extra.get(number, [])))
    return rows


@dataclass(frozen=True, slots=True)
class ListingLink:
    href: str
    """Relative to the table's page (the listing pages sit beside it)."""
    first: int
    last: int
    """The rows the page holds, counted from 1."""

    @property
    def label(self) -> str:
        return f"{self.first:,}–{self.last:,}"


@dataclass(frozen=True, slots=True)
class Payload:
    json: Markup
    html_rows: int
    """How many rows are written as HTML, and how many the script shows at a time."""
    listings: list[ListingLink]


def listing_name(table_id: str, number: int) -> str:
    """``account-index-1.html``: the file name of a table's listing page ``number`` (from 1)."""
    return f"{table_id}-{number}.html"


def listing_links(table_id: str, row_count: int) -> list[ListingLink]:
    size = listing_rows()
    return [
        ListingLink(listing_name(table_id, start // size + 1), start + 1, min(start + size, row_count))
        for start in range(0, row_count, size)
    ]


def payload(table_id: str, rows) -> Payload:
    """The payload of a long component table (see :func:`is_long`)."""
    return Payload(script_json(payload_data(rows)), html_rows(), listing_links(table_id, len(rows)))
