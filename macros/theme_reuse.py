"""The theme's navigation pieces rendered once per folder, not once per page.

Material renders its header, navigation sidebar, tabs and footer for every page. For a page outside the nav
(every generated page) they come out the same for every page of the same folder: nothing in them is active, and
their links are relative to the page's folder. :func:`reuse_theme_pieces` wraps those partials so that, for such
a page, the first page of a folder renders them and the others reuse the text.

The same goes for the blocks of the page template that print only what the site's configuration and the page's
depth give (:data:`BLOCKS`: the stylesheets, fonts, the theme's settings for its scripts, the scripts): they are
rendered once per ``base_url`` (the path from the page to the site's root), for every page.

The one thing of the page's own the partials show is its title (the header's topic). They are rendered with a stand-in
title, which each page then replaces with its own; a page whose title an HTML filter could change (``&``, ``<``,
runs of spaces) renders the pieces itself, as does any page in the nav, any page with ``hide`` in its metadata and
any page whose folder holds a nav link. ``ESCALATION_THEME_REUSE=off`` turns the reuse off (tests compare the two).

Free of imports from the rest of the package but its switch reader; ``macros/mkdocs_hooks.py`` calls it from ``on_env``.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator

from jinja2 import TemplateNotFound

from .switches import switched_off

REUSED = ("partials/header.html", "partials/nav.html", "partials/tabs.html", "partials/footer.html")
"""Material's partials that depend on the page only through its folder and title, for a page outside the nav."""
BLOCKS = ("styles", "libs", "fonts", "analytics", "config", "scripts")
"""Blocks of Material's ``base.html`` that read nothing of the page but its depth: links made relative by the
``url`` filter, and ``base_url`` itself. Only the theme's own blocks are wrapped: a template extending it that
overrides one (``macros/theme/main.html`` adds to ``scripts``) still renders its part for every page, and its
``super()`` finds the theme's block, whose text is then reused."""
PAGE_TEMPLATE = "base.html"
SWITCH = "ESCALATION_THEME_REUSE"
_STAND_IN = "\x00escalation-page-title\x00"
REUSED_COUNT = {"pieces": 0}
"""How many pieces the current build took from another page of the same folder (logged by the hooks)."""


def reuse_theme_pieces(env, names: tuple[str, ...] = REUSED) -> int:
    """Wrap the partials ``names`` of the theme's Jinja environment ``env`` (one build's) to render once per folder.
    Returns how many were wrapped (none when the switch is off or the theme lacks them)."""
    if reuse_switched_off():
        return 0
    REUSED_COUNT["pieces"] = 0
    nav_urls = NavUrls()
    wrapped = 0
    for name in names:
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # a theme without this partial: nothing to reuse
            continue
        template.root_render_func = _once_per_folder(template, template.root_render_func, nav_urls)
        wrapped += 1
    try:
        page_template = env.get_template(PAGE_TEMPLATE)
    except TemplateNotFound:  # another theme: nothing more to reuse
        return wrapped
    for block in BLOCKS:
        if block in page_template.blocks:
            page_template.blocks[block] = _once_per_depth(page_template.blocks[block])
            wrapped += 1
    return wrapped


def reuse_switched_off() -> bool:
    """``ESCALATION_THEME_REUSE=off``: every page renders the whole theme itself."""
    return switched_off(SWITCH)


def _once_per_depth(render):
    """A block's render function that renders once for each ``base_url`` and then repeats the text."""
    rendered: dict[str, str] = {}

    def render_once(context) -> Iterator[str]:
        base_url = context.get("base_url")
        if not isinstance(base_url, str):
            yield from render(context)
            return
        text = rendered.get(base_url)
        if text is None:
            text = rendered[base_url] = "".join(render(context))
        else:
            REUSED_COUNT["pieces"] += 1
        yield text

    return render_once


def _once_per_folder(template, render, nav_urls: NavUrls):
    rendered: dict[tuple, str] = {}

    def render_once(context) -> Iterator[str]:
        page = context.get("page")
        key = folder_key(page, nav_urls.of(context.get("nav")))
        if key is None:
            yield from render(context)
            return
        text = rendered.get(key)
        if text is None:
            stand_in = _StandIn(page)
            text = "".join(render(template.new_context({**context.get_all(), "page": stand_in}, True)))
            rendered[key] = text
        else:
            REUSED_COUNT["pieces"] += 1
        yield text.replace(_STAND_IN, page.title) if _STAND_IN in text else text

    return render_once


def folder_key(page, nav_urls: frozenset[str]) -> tuple | None:
    """The folder whose pages share the pieces with ``page``, or ``None`` when it must render them itself."""
    if page is None or getattr(page, "parent", None) is not None or page.previous_page or page.next_page:
        return None
    meta = page.meta or {}
    title = meta.get("title")
    if meta.get("hide") or not isinstance(title, str) or page.title != title or not _plain(title):
        return None
    url = page.url
    head, tail = posixpath.split(url)
    if "." in tail:  # a file URL (use_directory_urls: false): links are relative to its folder
        return ("file", head)
    own = url.rstrip("/")
    if not own or any(u == own or u.startswith(own + "/") for u in nav_urls):
        return None
    # Links from folder a/b/ and from folder a/c/ read the same, for every target outside both.
    return ("folder", posixpath.dirname(own))


def _plain(title: str) -> bool:
    """Whether every filter a theme may apply to a title (escaping, stripping tags, trimming) leaves it as it is."""
    return html.escape(title) == title and " ".join(title.split()) == title and _STAND_IN not in title


class _StandIn:
    """The page, with a title each page replaces with its own."""

    def __init__(self, page) -> None:
        self._page = page
        self.title = _STAND_IN
        self.meta = {**page.meta, "title": _STAND_IN}

    def __getattr__(self, name: str):
        return getattr(self._page, name)


class NavUrls:
    """The URL of every page and link in the nav, worked out once per nav."""

    def __init__(self) -> None:
        self._nav = None
        self._urls: frozenset[str] = frozenset()

    def of(self, nav) -> frozenset[str]:
        if nav is not self._nav:
            self._nav = nav
            urls = set()
            stack = list(getattr(nav, "items", None) or [])
            while stack:
                item = stack.pop()
                url = getattr(item, "url", None)
                if isinstance(url, str):
                    urls.add(url.rstrip("/"))
                stack.extend(getattr(item, "children", None) or [])
            self._urls = frozenset(urls)
        return self._urls
