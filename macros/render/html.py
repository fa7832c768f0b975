"""Escaping and small HTML builders. Every value from data goes through :func:`esc` (or a builder that calls it).

Braces are escaped too: a cell holding ``{{ 7*7 }}`` must reach the reader literally, whatever later stage
(Markdown, a template engine) sees the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")


class Markup(str):
    """HTML that is already safe: builders return it, and :func:`esc` passes it through unchanged.

    It has ``__html__``, so templates (and markupsafe) treat it as safe too; fragments rendered from templates are
    markupsafe's ``Markup``, which :func:`esc` passes through the same way."""

    __slots__ = ()

    def __html__(self) -> str:
        return self


def esc(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
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


def join(parts: Iterable[object], separator: str = "") -> Markup:
    return Markup(esc(separator).join(esc(p) for p in parts))


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
    return Markup(f"<aside data-search-exclude>{esc(fragment)}</aside>")
