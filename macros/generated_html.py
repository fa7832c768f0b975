"""A generated page's HTML and table of contents, without running Python-Markdown over it.

Generated pages (``macros/templates/pages/*.md``) are a narrow kind of Markdown: front matter, ATX headings
(``## Text { #anchor data-search-exclude }``) and blocks of finished, escaped HTML separated by blank lines.
Python-Markdown would stash every HTML block untouched and only turn the headings into ``<hN>`` elements with
ids and permalinks, after parsing all of it. :func:`page_html` does just that second part directly, producing the
same HTML, the same anchors and the same table of contents tokens as Python-Markdown's ``toc`` and ``attr_list``
extensions (a test compares both on every generated page).

It returns ``None`` for anything outside that kind (a paragraph of text, a list, inline Markdown in a heading,
an HTML block that is not a block-level element): the caller then renders the page with Python-Markdown, so a
page is never rendered differently, only faster. Free of MkDocs imports, so another site generator can use it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Python-Markdown's own helpers for unique anchors and the nesting of the table of contents (plain functions).
from markdown.extensions.toc import nest_toc_tokens, unique

_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")
# attr_list's heading pattern: `{ ... }` or `{: ... }` at the end, after a space.
_ATTR_LIST = re.compile(r"[ ]+\{:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_ATTR_TOKEN = re.compile(r'#([\w:.-]+)|\.([\w-]+)|([\w-]+)="([^"<>&]*)"|([\w-]+)')
# Heading text Python-Markdown leaves as it is: no inline markup, only backslash escapes and character references.
_PLAIN_TEXT = re.compile(
    r"(?:[^\\`*_\[\]<>!&{}~|\n]|\\[\\`*_{}\[\]()>#+\-.!|~]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)*"
)
_BLOCK_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)[\s>]")
ID_ATTRIBUTE = re.compile(r"""\s(?:id|name)=["']([^"']+)["']""")
_AMP = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "noscript",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
"""Elements that open an HTML block Python-Markdown passes through untouched (its ``block_level_elements``,
without ``script``/``style``/``math``, whose content rules differ)."""


@dataclass(frozen=True)
class TocSettings:
    """What the ``toc`` extension is configured to do (only the options generated pages can meet)."""

    slugify: Callable[[str, str], str]
    separator: str = "-"
    permalink: str | None = "&para;"
    """The permalink's text (HTML), or ``None`` for no permalink."""
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    escaped_chars: str = "\\`*_{}[]()>#+-.!|"
    """The characters a backslash escapes (Python-Markdown's ``ESCAPED_CHARS``; ``|`` comes with ``tables``)."""

    def __post_init__(self) -> None:
        characters = "".join(re.escape(c) for c in self.escaped_chars)
        object.__setattr__(self, "_backslash", re.compile(rf"\\([{characters}])"))


@dataclass
class HtmlPage:
    html: str
    toc: list[dict] = field(default_factory=list)
    """Nested tokens shaped like Python-Markdown's ``md.toc_tokens`` (level, id, name, html, children)."""
    title: str | None = None
    """The text of the first heading when it is an ``h1``."""
    anchor_ids: set[str] = field(default_factory=set)
    """Every id in the page (headings and HTML), for MkDocs' anchor validation."""


@dataclass
class _Heading:
    level: int
    text: str
    attrs: dict[str, str | None]


def page_html(markdown: str, settings: TocSettings) -> HtmlPage | None:
    """The page's HTML and table of contents, or ``None`` when the page is not only headings and HTML blocks."""
    parts: list[_Heading | str] = []
    for block in _blocks(markdown):
        if block.startswith("#"):
            headings = [_heading(line) for line in block.split("\n")]
            if any(h is None for h in headings):
                return None
            parts.extend(headings)  # type: ignore[arg-type]
        else:
            elements = html_elements(block)
            if elements is None:
                return None
            parts.append("\n".join(elements))
    return _assemble(parts, settings)


def _blocks(markdown: str) -> list[str]:
    blocks, current = [], []
    for line in markdown.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def html_elements(block: str) -> list[str] | None:
    """The block's top-level HTML elements, each a block-level element (Python-Markdown stores each one as it is
    and puts one line break between two of them); ``None`` when the block holds anything else."""
    elements = []
    rest = block
    while rest:
        match = _BLOCK_START.match(rest)
        if not match or match.group(1).lower() not in BLOCK_TAGS:
            return None
        end = element_end(rest, match.group(1))
        if end is None:
            return None
        elements.append(rest[:end])
        rest = rest[end:].lstrip()
    return elements if " markdown=" not in block else None


def element_end(text: str, tag: str) -> int | None:
    """Where the element opening ``text`` ends (just after its closing tag), counting nested ``tag`` elements."""
    pattern = _TAG_PATTERNS.get(tag)
    if pattern is None:
        pattern = _TAG_PATTERNS[tag] = re.compile(rf"<(/?){re.escape(tag)}(?=[\s>/])[^>]*>", re.I)
    depth = 0
    for match in pattern.finditer(text):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


_TAG_PATTERNS: dict[str, re.Pattern[str]] = {}


def _heading(line: str) -> _Heading | None:
    match = _HEADING.fullmatch(line)
    if not match:
        return None
    text = _CLOSING_HASHES.sub("", match.group(2))
    attrs: dict[str, str | None] = {}
    listed = _ATTR_LIST.search(text)
    if listed:
        attrs = _attributes(listed.group(1))
        if attrs is None:
            return None
        text = text[: listed.start()]
    text = text.strip()
    if not _PLAIN_TEXT.fullmatch(text):
        return None
    return _Heading(len(match.group(1)), text, attrs)


def _attributes(listed: str) -> dict[str, str | None] | None:
    attrs: dict[str, str | None] = {}
    classes: list[str] = []
    position = 0
    for match in _ATTR_TOKEN.finditer(listed):
        if listed[position : match.start()].strip():
            return None
        position = match.end()
        anchor, css, key, value, word = match.groups()
        if anchor:
            attrs["id"] = anchor
        elif css:
            classes.append(css)
        elif key:
            attrs[key] = value
        else:
            attrs[word] = None
    if listed[position:].strip():
        return None
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs


def _inner_html(text: str, backslash: re.Pattern[str]) -> str:
    """Heading text as Python-Markdown prints it: backslash escapes resolved, ``&``/``<``/``>`` escaped (a
    character reference such as ``&amp;`` stays as written)."""
    parts = []
    position = 0
    for match in backslash.finditer(text):
        parts.append(text[position : match.start()])
        parts.append(html.escape(match.group(1), quote=False))
        position = match.end()
    parts.append(text[position:])
    return _AMP.sub("&amp;", "".join(parts)) if "&" in text else "".join(parts)


def _assemble(parts: list[_Heading | str], settings: TocSettings) -> HtmlPage:
    used = {p.attrs["id"] for p in parts if isinstance(p, _Heading) and p.attrs.get("id")}
    counters: dict[str, int] = {}
    out: list[str] = []
    tokens: list[dict] = []
    title = None
    anchor_ids: set[str] = set()
    for index, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part + "\n\n")
            anchor_ids.update(ID_ATTRIBUTE.findall(part))
            continue
        inner = _inner_html(part.text, settings._backslash)  # type: ignore[attr-defined]
        name = " ".join(inner.split())
        attrs = dict(part.attrs)
        if not attrs.get("id"):
            attrs["id"] = unique(settings.slugify(html.unescape(name), settings.separator), used, counters)
        anchor = attrs["id"]
        anchor_ids.add(anchor)
        tokens.append({"level": part.level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        if index == 0 and part.level == 1:
            title = html.unescape(name)
        permalink = ""
        if settings.permalink is not None:
            link_title = f' title="{_attr(settings.permalink_title)}"' if settings.permalink_title else ""
            permalink = (
                f'<a class="{_attr(settings.permalink_class)}" href="#{_attr(anchor)}"{link_title}>'
                f"{settings.permalink}</a>"
            )
        rendered = "".join(f" {k}" if v is None else f' {k}="{_attr(v)}"' for k, v in sorted(attrs.items()))
        out.append(f"<h{part.level}{rendered}>{inner}{permalink}</h{part.level}>\n")
    return HtmlPage("".join(out).strip(), nest_toc_tokens(tokens), title, anchor_ids)


def _attr(value: str) -> str:
    value = _AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
