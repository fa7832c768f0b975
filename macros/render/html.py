"""Escaping rules. Every value from data printed by a template goes through :func:`esc` (see templating.py).

Braces are escaped too: a cell holding ``{{ 7*7 }}`` must reach the reader literally, whatever later stage
(Markdown, a template engine) sees the text.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

from markupsafe import Markup

SAFE_SCHEMES = ("http", "https", "mailto")

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_IN_SCRIPT = str.maketrans(_SCRIPT_ESCAPES)
_IN_SCRIPT_WITH_BRACES = str.maketrans({**_SCRIPT_ESCAPES, "{": "\\u007b", "}": "\\u007d"})


SPECIAL = re.compile(r"[&<>\"'{}]")
_ENTITIES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def esc(value: object) -> Markup:
    if hasattr(value, "__html__"):
        return value if isinstance(value, Markup) else Markup(value.__html__())  # noqa: S704 (says it is safe)
    if value is None:
        return Markup("")
    text = value if type(value) is str else str(value)
    if SPECIAL.search(text) is None:  # most values: nothing to escape
        return Markup(text)  # noqa: S704 (no character that needs escaping)
    return Markup(html.escape(text, quote=True).translate(_ENTITIES))  # noqa: S704 (escaped here)


def text_block(value: object) -> Markup:
    """Escaped multi-line text: line breaks become <br> so that no blank line ends an HTML block in Markdown."""
    if value is None:
        return Markup("")
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>".join(esc(line) for line in lines))  # noqa: S704 (escaped lines)


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


def json_in_script(value: object, *, braces: bool = False) -> Markup:
    """``value`` as JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` that could close it or open a
    comment, and no line separator (U+2028/9), each written as its ``\\u`` escape, which JSON reads the same.

    ``braces=True`` escapes braces as well, so that no ``{{`` reaches the page; only for values without JSON
    objects, whose every brace is then inside a string."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_IN_SCRIPT_WITH_BRACES if braces else _IN_SCRIPT))  # noqa: S704 (escaped here)
