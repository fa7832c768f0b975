"""MkDocs glue for the site search (Material's ``search`` plugin).

* Generated pages that carry search sections (:mod:`macros.render.search_facts`) are excluded from the plugin's
  HTML parsing (``search: exclude`` in their metadata, which the plugin supports); :func:`add_entries` writes
  their entries into its index instead: one per section, with the ids in an ``ids`` field that ``mkdocs.yml``
  boosts above titles, so ``ACC-0007`` or ``ESC-2026-0035`` finds its own page first.
* Every other page is parsed by the plugin as before. :func:`space_table_cells` puts a space between adjacent
  table cells first, because the plugin joins the text of elements it does not keep (``th``, ``td``) with
  nothing between them, which ran table headers together in result snippets ("TargetWithinMeasured").
"""

from __future__ import annotations

import html
import re

_TABLE_PARTS = r"(?:t[hdr]|thead|tbody|tfoot|caption)"
_ADJACENT_CELLS = re.compile(rf"(</{_TABLE_PARTS}>)(?=<{_TABLE_PARTS}[\s>])")


def search_index(config):
    """The search plugin's index (Material's), or ``None`` when the site has no such plugin."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return index
    return None


def add_entries(page, config) -> int:
    """Add the page's search sections to the index; returns how many were added."""
    sections = getattr(page, "search_sections", ())
    if not sections or not (page.meta.get("search") or {}).get("exclude"):
        return 0
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
            entry["ids"] = " ".join(section.ids)
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


def space_table_cells(content: str) -> str:
    """The page's HTML with a space between adjacent table cells and rows (invisible in a table's layout)."""
    return _ADJACENT_CELLS.sub(r"\1 ", content) if "</t" in content else content
