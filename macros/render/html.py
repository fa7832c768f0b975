"""Escaping and small HTML builders. Every value from data goes through :func:`esc` (or a builder that calls it).

Braces are escaped too: a cell holding ``{{ 7*7 }}`` must reach the reader literally, whatever later stage
(Markdown, a template engine) sees the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")


class Markup(str):
    """HTML that is already safe: builders return it, and :func:`esc` passes it through unchanged."""

    __slots__ = ()


def esc(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = html.escape(str(value), quote=True)
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


def text_block(value: object) -> Markup:
    """Escaped multi-line text: line breaks become <br> so that no blank line ends an HTML block in Markdown."""
    if value is None:
        return Markup("")
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>".join(esc(line) for line in lines))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!|~>])")


def md_inline(value: object) -> str:
    """Text for a Markdown context (a heading): HTML-escaped and with Markdown punctuation backslash-escaped."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: object) -> str | None:
    """The URL if its scheme is http, https or mailto, else None (javascript:, data:, relative paths…)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if any(ord(ch) < 32 for ch in candidate):
        return None
    try:
        scheme = urlsplit(candidate).scheme.lower()
    except ValueError:
        return None
    return candidate if scheme in SAFE_SCHEMES else None


def attrs(**values: object) -> str:
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(f" {key}" if value is True else f' {key}="{esc(value)}"')
    return "".join(parts)


def tag(name: str, content: object = "", **attributes: object) -> Markup:
    return Markup(f"<{name}{attrs(**attributes)}>{esc(content)}</{name}>")


def link(href: str, text: object, **attributes: object) -> Markup:
    """A link to a page of this site (``href`` computed by the site, never taken from data)."""
    return Markup(f'<a href="{esc(href)}"{attrs(**attributes)}>{esc(text)}</a>')


def external_link(url: object, text: object) -> Markup:
    """A link from data: only http(s) and mailto are linked; anything else is shown as plain text."""
    safe = safe_url(url)
    if safe is None:
        return esc(text)
    return Markup(f'<a href="{esc(safe)}" rel="noopener noreferrer">{esc(text)}</a>')


def join(parts: Iterable[object], separator: str = "") -> Markup:
    return Markup(esc(separator).join(esc(p) for p in parts))


def table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    class_: str = "",
    empty: str = "Nothing to show.",
    row_attrs: Sequence[dict] | None = None,
    header_attrs: Sequence[dict] | None = None,
    id_: str | None = None,
) -> Markup:
    """A plain HTML table. Cells are escaped unless they are :class:`Markup`."""
    row_list = list(rows)
    if not row_list:
        return Markup(f'<p class="ref-empty">{esc(empty)}</p>')
    head_cells = []
    for index, header in enumerate(headers):
        extra = header_attrs[index] if header_attrs else {}
        cell = "th" if str(header).strip() else "td"  # an unnamed column (a grid's corner) has no header
        head_cells.append(f"<{cell}{attrs(**extra)}>{esc(header)}</{cell}>")
    body = []
    for index, row in enumerate(row_list):
        extra = row_attrs[index] if row_attrs else {}
        cells = "".join(_cell(cell) for cell in row)
        body.append(f"<tr{attrs(**extra)}>{cells}</tr>")
    classes = ("ref-table " + class_).strip()
    return Markup(
        f"<table{attrs(id=id_, class_=classes)}><thead><tr>{''.join(head_cells)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


_SHORT_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|[$€£]?[\d,.]+%?|[A-Z]+-[\w-]{1,20})$")


def _cell(value: object) -> str:
    """A table cell; dates, amounts and ids never break across lines (they read badly split at a hyphen)."""
    if not isinstance(value, Markup) and isinstance(value, str) and _SHORT_VALUE.match(value):
        return f'<td class="ref-nowrap">{esc(value)}</td>'
    if isinstance(value, Markup) and _SHORT_VALUE.match(_text_of(value)):
        return f'<td class="ref-nowrap">{value}</td>'
    return f"<td>{esc(value)}</td>"


def _text_of(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


def block(content: object, class_: str = "", *, searchable: bool = True) -> Markup:
    """Wrap a fragment in a div so that Markdown passes it through as one raw HTML block.

    ``searchable=False`` keeps the block out of the site search index: bulky per-account data would make the
    index every visitor downloads grow with the log.
    """
    inner = Markup(f"<div{attrs(class_=class_ or None)}>{esc(content)}</div>")
    return inner if searchable else unsearchable(inner)


def unsearchable(fragment: object) -> Markup:
    """Mark a fragment with Material's ``data-search-exclude``. The wrapper is an element we never nest inside
    our fragments (``aside``): Material's search parser matches elements by tag name, so an excluded ``div``
    would stop being excluded at the first inner ``</div>``."""
    return Markup(f'<aside data-search-exclude role="none">{esc(fragment)}</aside>')
