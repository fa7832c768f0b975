"""MkDocs adapter for generated pages: their HTML becomes the page content without a Python-Markdown pass.

:func:`add_generated_page` is the one function the hooks call. The page still goes through every MkDocs event
and the theme lays it out as any other page; only its ``render`` step differs: :mod:`macros.generated_html`
turns its headings into HTML and a table of contents, with the anchors Python-Markdown would give them. A page
outside what that module understands, or a site whose Markdown settings it cannot reproduce, is rendered by
MkDocs as usual. A page that carries search sections is left out of the search plugin's HTML parsing; its
entries come from the data (see :mod:`macros.search_entries`).
"""

from __future__ import annotations

import hashlib
import json
import re
import sysconfig
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .generated_html import TocSettings, page_html

_SIMPLE_FRONT_MATTER = re.compile(r'---\ntitle: ("(?:[^"\\\n]|\\.)*")\n---\n')
_SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "def_list"})
"""Markdown extensions that change nothing in a page made only of headings and HTML blocks (besides ``toc`` and
``attr_list``, which :mod:`macros.generated_html` reproduces)."""
_TOC_OPTIONS = frozenset({"permalink", "permalink_class", "permalink_title", "slugify", "separator"})


class GeneratedHtmlPage(Page):
    """A generated page: front matter and Markdown from a template, rendered by :func:`page_html`."""

    search_sections: tuple = ()
    """The page's search entries from the data (:class:`macros.render.search_facts.SearchSection`), if any."""
    indexed_by_glue: bool = False
    """Rendered here and indexed by macros/search_entries.py rather than by the search plugin."""

    def read_source(self, config) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        text = self.file.content_string if source is None else source
        match = _SIMPLE_FRONT_MATTER.match(text)
        if match is None:  # anything beyond a title: read the front matter as MkDocs does
            from mkdocs.utils import meta

            self.markdown, self.meta = meta.get_data(text)
            return
        self.markdown, self.meta = text[match.end() :], {"title": json.loads(match.group(1))}

    def render(self, config, files) -> None:
        settings = toc_settings(config)
        rendered = page_html(self.markdown, settings) if settings is not None and self.markdown else None
        if rendered is None:
            super().render(config, files)
            return
        self.content = rendered.html
        self.toc = get_toc(rendered.toc)
        self._title_from_render = rendered.title
        self.present_anchor_ids = rendered.anchor_ids
        self.links_to_anchors = {}
        if not (self.meta.get("search") or {}).get("exclude"):
            # The glue indexes the page (macros/search_entries.py), not the search plugin's HTML parser.
            self.meta["search"] = {**(self.meta.get("search") or {}), "exclude": True}
            self.indexed_by_glue = True


class GeneratedHtmlFile(File):
    """A generated page's file. In a ``--dirty`` build (``mkdocs serve --dirty``) it counts as modified only when
    its source, or the site around it, changed since the previous build of this process."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not Path(self.abs_dest_path).is_file()


_built: dict[str, bytes] = {}
"""Digest of each generated page's source (with the site's own digest) as last built by this process."""


def add_generated_page(files, config, src_uri: str, content: str, *, search_sections: tuple = ()) -> File:
    """Add a generated page to ``files``; it is rendered without Python-Markdown when its content allows."""
    file = GeneratedHtmlFile.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    digest = hashlib.blake2b(content.encode("utf-8"), key=site_digest(config), digest_size=16).digest()
    file.changed = _built.get(src_uri) != digest
    _built[src_uri] = digest
    files.append(file)
    page = GeneratedHtmlPage(None, file, config)
    page.search_sections = search_sections
    return file


def rebuild_hand_written_pages(files) -> None:
    """In a ``--dirty`` build, rebuild every hand-written page as well: their macros show the data, which
    MkDocs' own test (the Markdown file is newer than its HTML) cannot see change."""
    for file in files.documentation_pages():
        if not isinstance(file, GeneratedHtmlFile):
            file.is_modified = _always  # type: ignore[method-assign]


def _always() -> bool:
    return True


_site_digests: dict[str, object] = {}


def site_digest(config) -> bytes:
    """What every page's HTML depends on besides its own source: the configuration file, the hand-written pages
    (their titles make the navigation) and the theme's folders, by modification time and size. Themes installed as
    packages (Material's 14,000 files) are left out: they do not change while a site is served."""
    if _site_digests.get("config") is not config:  # worked out once per build (the config object)
        stamps = []
        themes = [Path(d) for d in config.theme.dirs if not _installed(Path(d))]
        folders = [Path(config.docs_dir), *themes]
        paths = [Path(config.config_file_path)] if config.config_file_path else []
        paths = [path for path in paths if path.is_file()]
        for folder in folders:
            if folder.is_dir():
                paths += sorted(p for p in folder.rglob("*") if p.is_file())
        for path in paths:
            stat = path.stat()
            stamps.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
        digest = hashlib.blake2b("\n".join(stamps).encode("utf-8"), digest_size=32).digest()
        _site_digests.update(config=config, digest=digest)
    return _site_digests["digest"]  # type: ignore[return-value]


def _installed(folder: Path) -> bool:
    """A folder inside the Python environment's installed packages."""
    packages = {Path(path).resolve() for path in (sysconfig.get_path("purelib"), sysconfig.get_path("platlib"))}
    resolved = folder.resolve()
    return any(resolved.is_relative_to(root) for root in packages)


_settings_cache: dict[str, object] = {}


def toc_settings(config) -> TocSettings | None:
    """What the site's ``toc`` extension does, or ``None`` when its Markdown settings are beyond
    :mod:`macros.generated_html` (another extension that could touch headings or HTML blocks, say)."""
    if _settings_cache.get("config") is not config:  # worked out once per build (the config object)
        _settings_cache.update(config=config, settings=_toc_settings(config))
    return _settings_cache["settings"]  # type: ignore[return-value]


def _toc_settings(config) -> TocSettings | None:
    from markdown.extensions.toc import slugify

    extensions = config.markdown_extensions
    if not all(isinstance(e, str) and e.removeprefix("markdown.extensions.") in _SAFE_EXTENSIONS for e in extensions):
        return None
    options = dict((config.mdx_configs or {}).get("toc") or {})
    if set(options) - _TOC_OPTIONS or options.get("toc_depth", 6) != 6:
        return None
    permalink = options.get("permalink", False)
    if permalink is True:
        text = "&para;"
    elif not permalink:
        text = None
    elif isinstance(permalink, str) and "<" not in permalink and "&" not in permalink:
        text = permalink
    else:
        return None
    import markdown

    escaped = markdown.Markdown(extensions=list(extensions), extension_configs=config.mdx_configs or {}).ESCAPED_CHARS
    return TocSettings(
        escaped_chars="".join(escaped),
        slugify=options.get("slugify", slugify),
        separator=options.get("separator", "-"),
        permalink=text,
        permalink_class=options.get("permalink_class", "headerlink"),
        permalink_title=options.get("permalink_title", "Permanent link"),
    )


SEARCH_PLUGINS = ("material/search", "search")


def skip_search_step_for_excluded_pages(plugins) -> int:
    """Spare excluded pages the search plugin's page step. Returns how many steps it wraps.

    On ``page_context`` Material's search plugin indexes the page, unless its metadata says ``search: exclude``,
    and then removes ``data-search-*`` attributes from its HTML with a regular expression that tries a match at
    every character of every page. For an excluded page (every generated page: the glue indexes them from the
    data) the indexing does nothing, and :func:`strip_search_attributes` removes the same attributes ten times
    faster. Any other page goes through the plugin as before."""
    plugin = next((plugins[name] for name in SEARCH_PLUGINS if name in plugins), None)
    events = getattr(plugins, "events", {}).get("page_context", [])
    wrapped = 0
    for index, method in enumerate(events):
        if plugin is None or getattr(method, "__self__", None) is not plugin:
            continue
        events[index] = _unless_excluded(method)
        origins = getattr(plugins, "_event_origins", None)
        if isinstance(origins, dict) and method in origins:  # MkDocs names the plugin in its debug log
            origins[events[index]] = origins[method]
        wrapped += 1
    return wrapped


def _unless_excluded(method):
    def on_page_context(context, *, page, config, nav):
        if isinstance(page.content, str) and (page.meta.get("search") or {}).get("exclude"):
            page.content = strip_search_attributes(page.content)
            return None  # MkDocs keeps the context as it is
        return method(context, page=page, config=config, nav=nav)

    return on_page_context  # a plain function, not the plugin's method: never wrapped twice


SEARCH_ATTRIBUTE = r'\s?data-search-\w+="[^"]+"'
"""What Material's search plugin removes from every page (tests/test_search_step.py checks it still does)."""
_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')
_SPACE = re.compile(r"\s")


def strip_search_attributes(html: str) -> str:
    """``re.sub(SEARCH_ATTRIBUTE, "", html)``, found from the attribute's fixed start rather than tried at
    every character: each attribute goes with the one white-space character before it, if any."""
    if "data-search-" not in html:
        return html
    parts, end = [], 0
    for match in _ATTRIBUTE.finditer(html):
        start = match.start()
        if start > end and _SPACE.match(html, start - 1):
            start -= 1
        parts.append(html[end:start])
        end = match.end()
    parts.append(html[end:])
    return "".join(parts)
