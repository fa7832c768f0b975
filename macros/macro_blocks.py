"""Hand-written pages: the HTML a macro prints skips Python-Markdown as well.

A page such as ``docs/accounts/index.md`` is a few lines of Markdown around a macro whose HTML (a table of every
account) is far larger than the page. Python-Markdown would only pass that HTML through untouched, after parsing
all of it. So the glue sets it aside while the page is converted:

* :func:`hold` (called on every macro's output) keeps a block of finished HTML and returns a one-line
  placeholder ``<div data-escalation-block="N"></div>`` in its place;
* :func:`placeholders_in` (before the conversion) checks that each placeholder stands as a block of its own
  (column 0, blank lines around it, no ``markdown=`` attribute on the page); :func:`restore` puts back any that
  does not, so Python-Markdown sees exactly the page it saw before;
* :func:`release` (after the conversion) puts the HTML where its placeholder came out, joined the way
  Python-Markdown joins the elements of an HTML block, or says that it cannot (the page is then converted again
  with its macros' HTML in place).

The page's HTML is the same either way; the test suite compares both on every page of the sample.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .generated_html import ID_ATTRIBUTE, html_elements

MIN_SIZE = 2000
"""Smaller outputs stay in the Markdown: setting them aside would save nothing measurable."""

_PLACEHOLDER = re.compile(r'<div data-escalation-block="(\d+)"></div>')
_held: dict[str, tuple[str, str]] = {}
"""Placeholder number → (the macro's output as printed, its HTML as Python-Markdown would write it)."""


def reset() -> None:
    """Forget the outputs of the previous build."""
    _held.clear()


def hold(output: object) -> object:
    """A placeholder for a macro's output when it is a large block of HTML elements; else the output itself."""
    if not isinstance(output, str) or len(output) < MIN_SIZE or "\n\n" in output:
        return output
    elements = html_elements(output.strip())
    if elements is None:
        return output
    number = str(len(_held))
    _held[number] = (output, "\n".join(elements))
    return f'<div data-escalation-block="{number}"></div>'


def placeholders_in(markdown: str) -> list[str]:
    """The placeholders of a page's Markdown that stand as blocks of their own (the others must be restored)."""
    if " markdown=" in markdown:
        return []
    found = []
    for match in _PLACEHOLDER.finditer(markdown):
        before = markdown[: match.start()]
        after = markdown[match.end() :]
        if (before == "" or before.endswith("\n\n")) and (after.strip() == "" or after.startswith("\n\n")):
            found.append(match.group(1))
    return found


def restore(markdown: str, keep: list[str] | tuple[str, ...] = ()) -> str:
    """The Markdown with every placeholder not in ``keep`` replaced by the macro output it stands for."""
    kept = set(keep)

    def put_back(match: re.Match[str]) -> str:
        number = match.group(1)
        return match.group(0) if number in kept or number not in _held else _held[number][0]

    return _PLACEHOLDER.sub(put_back, markdown)


def release(content: str, numbers: list[str]) -> Released | None:
    """The converted page with each placeholder replaced by its HTML; ``None`` when a placeholder did not come
    out as a line of its own (the page must be converted with the HTML in place)."""
    ids: set[str] = set()
    search = content
    for number in numbers:
        line = f'<div data-escalation-block="{number}"></div>'
        start = content.find(line)
        end = start + len(line)
        if start < 0 or content.count(line) != 1:
            return None
        if (start > 0 and content[start - 1] != "\n") or (end < len(content) and content[end] != "\n"):
            return None
        html = _held[number][1]
        ids.update(ID_ATTRIBUTE.findall(html))
        content = content[:start] + html + content[end:]
        search = search.replace(line, _search_stub(html))
    return Released(content, ids, search if search != content else None)


@dataclass(frozen=True)
class Released:
    content: str
    ids: set[str]
    search_content: str | None
    """The page for the search plugin to read, when set-aside blocks it would skip anyway (each element marked
    ``data-search-exclude``, without headings) are left out of it as empty elements; ``None`` when none is."""


_TOP_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)([^>]*)>")
_HEADING = re.compile(r"<h[1-6][\s>]", re.I)


def _search_stub(html: str) -> str:
    """Empty elements standing for a block the search skips, or the block itself when it does not skip all of
    it (the search plugin reads the stub as it reads the block: nothing to index, the same nesting around)."""
    elements = html_elements(html)
    if elements is None or _HEADING.search(html):
        return html
    stubs = []
    for element in elements:
        tag = _TOP_TAG.match(element)
        if tag is None or "data-search-exclude" not in tag.group(2):
            return html
        stubs.append(f"<{tag.group(1)} data-search-exclude></{tag.group(1)}>")
    return "\n".join(stubs)
