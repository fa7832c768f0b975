"""MkDocs glue for the site search (Material's ``search`` plugin).

* Generated pages that carry search sections (:mod:`macros.render.search_facts`) are excluded from the plugin's
  HTML parsing (``search: exclude`` in their metadata, which the plugin supports); :func:`add_entries` writes
  their entries into its index instead: one per section, with its one id in an ``ids`` field that ``mkdocs.yml``
  ranks above titles, so that ``ACC-0007`` or ``ESC-2026-0035`` finds its own page first.
* Every other page is parsed by the plugin as before. :func:`space_table_cells` puts a space between adjacent
  table cells first, because the plugin joins the text of elements it does not keep (``th``, ``td``) with
  nothing between them, which ran table headers together in result snippets ("TargetWithinMeasured").
* The HTML the glue hands the plugin (:func:`mark_phrases`) has a mark between table cells and at line breaks
  instead; :func:`trim_long_entries` turns each mark into a space, and keeps only the distinct phrases of an entry
  longer than :data:`LONG_ENTRY` characters (a big table holds the same tier, date or owner thousands of times):
  every word stays searchable, the index shrinks.
"""

from __future__ import annotations

import html
import re

_TABLE_PARTS = r"(?:t[hdr]|thead|tbody|tfoot|caption)"
_ADJACENT_CELLS = re.compile(rf"(</{_TABLE_PARTS}>)(?=<{_TABLE_PARTS}[\s>])")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
PHRASE_MARK = "\u2063"
"""Where one phrase of a page's search text ends (U+2063, an invisible separator no page text holds)."""
LONG_ENTRY = 10_000
"""Characters above which an entry keeps its distinct phrases only."""
_PHRASE_BREAK = re.compile(rf"\s*(?:{PHRASE_MARK}|<[^>]*>)[\s{PHRASE_MARK}]*")
_MARKS = re.compile(rf"\s*{PHRASE_MARK}[\s{PHRASE_MARK}]*")


def search_index(config):
    """The search plugin's index (Material's), or ``None`` when the site has no such plugin."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return index
    return None


def add_entries(page, config) -> int:
    """Index a generated page the glue indexes (see :class:`macros.page_bypass.GeneratedHtmlPage`): its search
    sections from the data, else :func:`compact_entries`. Returns how many entries were added."""
    if not getattr(page, "indexed_by_glue", False):
        return 0
    sections = getattr(page, "search_sections", ())
    if not sections:
        return compact_entries(page, config)
    index = search_index(config)
    if index is None:
        return 0
    for section in sections:
        entry = {
            "location": page.url + (f"#{section.anchor}" if section.anchor else ""),
            "title": html.escape(section.title, quote=False),
            "text": html.escape("; ".join(section.facts), quote=False),
        }
        if section.ids:
            entry["ids"] = html.escape(" ".join(section.ids), quote=False)
        index.entries.append(entry)
    return len(sections)


_previous: dict[str, list[dict]] = {}
"""Each page's entries as last built by this process (``mkdocs serve --dirty`` skips unchanged pages)."""


def keep_unbuilt_entries(config, page_urls: set[str]) -> None:
    """Before the search plugin writes its index: add the entries of pages this build skipped (a ``--dirty``
    build leaves unchanged pages as they are, so they are not indexed again) from the build that made them."""
    index = search_index(config)
    if index is None:
        return
    current: dict[str, list[dict]] = {}
    for entry in index.entries:
        current.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    for url in page_urls - current.keys():
        if url in _previous:
            current[url] = _previous[url]
            index.entries.extend(_previous[url])
    _previous.clear()
    _previous.update(current)


def index_content(page, content: str, config) -> None:
    """Have the search plugin index ``content`` as the page's HTML (the page without the large blocks it would
    skip), and mark the page so that it does not parse the full HTML again."""
    from types import SimpleNamespace

    index = search_index(config)
    search = page.meta.get("search") or {}
    if index is None or search.get("exclude"):
        return
    index.add_entry_from_context(
        SimpleNamespace(meta=page.meta, content=content, toc=page.toc, url=page.url, title=page.title)
    )
    page.meta["search"] = {**search, "exclude": True}


_HEADING = re.compile(r"<h([1-6])\b([^>]*\sid=\"[^\"]+\"[^>]*)>(.*?)</h\1>", re.S)
"""A heading with an id: where the search plugin starts a section (headings without one are text)."""
_EXCLUDED_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^>]*\sdata-search-exclude[\s>=]")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TEXT_ELEMENT = re.compile(r"<(p|li|td|th|dd|dt|summary|a)\b[^>]*>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_LETTER = re.compile(r"[^\W\d_]")


def compact_entries(page, config) -> int:
    """Entries for a generated page without search sections from the data (a monthly review, say), read from
    its HTML with a few patterns instead of the search plugin's parser: one per heading with an id, holding the
    text of its paragraphs, list items, links and table cells once each, without cells that hold no letter
    (amounts, dates, counts). Names and ids stay searchable; the index is a fraction of the plugin's."""
    index = search_index(config)
    if index is None:
        return 0
    content = _without_excluded(page.content)
    headings = list(_HEADING.finditer(content))
    added = 0
    for number, heading in enumerate(headings):
        attributes = heading.group(2)
        if "data-search-exclude" in attributes:
            continue
        anchor = re.search(r'\sid="([^"]+)"', attributes)
        end = headings[number + 1].start() if number + 1 < len(headings) else len(content)
        body = content[heading.end() : end]
        if number == 0:
            body = content[: heading.start()] + body
        title = _plain(_PERMALINK.sub("", heading.group(3)))
        location = page.url + (f"#{anchor.group(1)}" if number and anchor else "")
        index.entries.append({"location": location, "title": title, "text": "; ".join(_phrases(body))})
        added += 1
    return added


def _without_excluded(content: str) -> str:
    """The HTML without the elements marked ``data-search-exclude`` (headings keep theirs: a marked heading
    leaves out its whole section, see :func:`compact_entries`)."""
    from .generated_html import element_end

    parts = []
    position = 0
    for match in _EXCLUDED_START.finditer(content):
        if match.start() < position or match.group(1).lower() in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            continue
        end = element_end(content[match.start() :], match.group(1))
        if end is None:
            continue
        parts.append(content[position : match.start()])
        position = match.start() + end
    parts.append(content[position:])
    return "".join(parts)


def _phrases(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in _TEXT_ELEMENT.finditer(body):
        text = _plain(match.group(2))
        if text and _LETTER.search(text):
            seen.setdefault(text)
    return list(seen)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment, still escaped (the index holds HTML), on one line."""
    return " ".join(_TAG.sub(" ", fragment).split())


def mark_phrases(content: str) -> str:
    """The page's HTML for the search plugin: :data:`PHRASE_MARK` between adjacent table cells and rows and after
    each line break, so that :func:`trim_long_entries` can tell phrases apart."""
    if "</t" in content:
        content = _ADJACENT_CELLS.sub(r"\1" + PHRASE_MARK, content)
    return _LINE_BREAK.sub(lambda m: m.group(0) + PHRASE_MARK, content) if "<br" in content else content


def trim_long_entries(config, limit: int = LONG_ENTRY) -> tuple[int, int, int]:
    """Before the search plugin writes its index: turn every phrase mark into a space and, in each entry longer
    than ``limit`` characters, keep each phrase (a table cell, a paragraph, a list item) once, in order, without
    those that hold no letter (amounts, dates, counts). Returns (entries trimmed, their characters before, after)."""
    index = search_index(config)
    if index is None:
        return (0, 0, 0)
    trimmed = before = after = 0
    for entry in index.entries:
        text = entry.get("text") or ""
        if len(text) > limit:
            phrases = dict.fromkeys(p for p in _PHRASE_BREAK.split(text) if p and _LETTER.search(p))
            entry["text"] = "; ".join(phrases)
            if entry["text"] != text:  # not trimmed already (an entry kept from the previous build)
                trimmed, before, after = trimmed + 1, before + len(text), after + len(entry["text"])
        elif PHRASE_MARK in text:
            entry["text"] = _MARKS.sub(" ", text).strip()
    return trimmed, before, after


def space_table_cells(content: str) -> str:
    """The page's HTML with a space between adjacent table cells and rows (invisible in a table's layout)."""
    return _ADJACENT_CELLS.sub(r"\1 ", content) if "</t" in content else content
