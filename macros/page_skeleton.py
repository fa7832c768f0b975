"""A generated page's whole layout rendered once per folder; each page fills in its own parts.

:mod:`macros.theme_reuse` renders the theme's navigation pieces once per folder. The rest of the page template still
ran for each of thousands of generated pages, although all that differs between two of them in one folder is the
page's title, its canonical URL, its skip link, its table of contents and its content. Here the page template
(``main.html``) renders once per folder with a stand-in page (:class:`_Skeleton`) whose title, canonical URL and
skip link are markers, while the partials for the table of contents and the content give markers in place of
their text. For each page the markers are replaced by its own values and by those two partials rendered for it.

The first :data:`CHECKED` pages of every folder are also rendered whole and compared with the filled skeleton; a
difference (a template override that prints something else of the page, say) turns the skeleton off for that
folder, whose pages are then rendered whole. Which pages qualify is :func:`macros.theme_reuse.folder_key`'s rule,
and their metadata and the template's other variables must be alike. ``ESCALATION_THEME_REUSE=off`` turns this
off with the rest of the reuse.
"""

from __future__ import annotations

import html
import logging
from types import SimpleNamespace

from jinja2 import TemplateNotFound

from .theme_reuse import NavUrls, folder_key, reuse_switched_off

log = logging.getLogger("mkdocs.plugins.escalation")

PAGE_TEMPLATE = "main.html"
SLOT_PARTIALS = {"toc": "partials/toc.html", "content": "partials/content.html"}
CHECKED = 2
"""Pages per folder rendered both ways and compared before the skeleton alone is trusted."""
_MARK = "\x00escalation-slot-{}\x00"
_TITLE, _CANONICAL, _SKIP = _MARK.format("title"), _MARK.format("canonical"), "#" + _MARK.format("skip")
_PER_PAGE = frozenset({"page"})
"""Template variables expected to differ from page to page; every other one must be equal within a folder."""
COUNTS = {"filled": 0, "checked": 0, "refused": 0}
"""This build's pages filled into a skeleton, compared both ways, and folders whose comparison failed."""


def reuse_page_skeletons(env, name: str = PAGE_TEMPLATE) -> bool:
    """Wrap the page template ``name`` of ``env`` (one build's) and its two per-page partials. Returns whether
    it did (not when the switch is off or the theme lacks one of them)."""
    if reuse_switched_off():
        return False
    try:
        page_template = env.get_template(name)
        partials = {slot: env.get_template(partial) for slot, partial in SLOT_PARTIALS.items()}
    except TemplateNotFound:
        return False
    COUNTS.update(filled=0, checked=0, refused=0)
    renders = {}
    for slot, partial in partials.items():
        renders[slot] = partial.root_render_func
        partial.root_render_func = _marker_for_skeleton(slot, partial.root_render_func)
    page_template.root_render_func = _Skeletons(page_template, partials, renders).render
    return True


def _marker_for_skeleton(slot: str, render):
    """The partial's render function: for a skeleton, a marker, and the variables the partial was given (the
    page's own partial renders with them later); for a page, the partial."""

    def render_or_mark(context):
        page = context.get("page")
        if isinstance(page, _Skeleton):
            page.given[slot] = context.get_all()
            yield _MARK.format(slot)
        else:
            yield from render(context)

    return render_or_mark


class _Skeletons:
    """The page template's render function: per folder, a skeleton checked against whole renders, then filled."""

    def __init__(self, template, partials: dict, renders: dict) -> None:
        self._template = template
        self._render = template.root_render_func
        self._partials = partials
        self._renders = renders
        self._nav_urls = NavUrls()
        self._skeletons: dict[tuple, _Filled | None] = {}

    def render(self, context):
        page = context.get("page")
        key = self._key(page, context)
        if key is None:
            yield from self._render(context)
            return
        skeleton = self._skeletons.get(key, False)
        if skeleton is False:
            skeleton = self._skeletons[key] = self._make(page, context)
        if skeleton is None or not skeleton.same_variables(context):  # before rendering adds the template's own
            yield from self._render(context)
            return
        filled = skeleton.fill(page, self._slot_text(skeleton, page))
        if skeleton.unchecked:
            whole = "".join(self._render(context))
            COUNTS["checked"] += 1
            if whole != filled:
                self._skeletons[key] = None
                COUNTS["refused"] += 1
                log.debug("escalation: the page layout of %s is rendered per page (its skeleton differs)", page.url)
                yield whole
                return
            skeleton.unchecked -= 1
        COUNTS["filled"] += 1
        yield filled

    def _key(self, page, context) -> tuple | None:
        folder = folder_key(page, self._nav_urls.of(context.get("nav")))
        if folder is None or getattr(page, "edit_url", None) is not None:
            return None
        url, toc = page.canonical_url, page.toc
        if url is not None and (not isinstance(url, str) or html.escape(url) != url):
            return None
        first = next(iter(toc), None) if toc else None
        if first is not None and not _plain_anchor(getattr(first, "url", None)):
            return None
        others = repr(sorted((k, v) for k, v in page.meta.items() if k != "title"))
        return (folder, url is None, first is None, others)

    def _make(self, page, context) -> _Filled | None:
        stand_in = _Skeleton(page)
        variables = {**context.get_all(), "page": stand_in}
        text = "".join(self._render(self._template.new_context(variables, True)))
        if stand_in.given.keys() != self._partials.keys():  # a partial not included, or not by this template
            return None
        return _Filled.parse(text, context, stand_in.given)

    def _slot_text(self, skeleton: _Filled, page) -> dict[str, str]:
        """The page's table of contents and content, rendered with the variables the skeleton gave the partials."""
        texts = {}
        for slot, partial in self._partials.items():
            variables = {**skeleton.given[slot], "page": page}
            texts[slot] = "".join(self._renders[slot](partial.new_context(variables, True)))
        return texts


def _plain_anchor(url) -> bool:
    return isinstance(url, str) and url.startswith("#") and html.escape(url) == url and "\x00" not in url


class _Filled:
    """A skeleton split at its markers, and the template variables (besides the page) it was made with."""

    def __init__(self, parts: list[str], slots: list[str], variables: dict, given: dict) -> None:
        self.parts = parts
        self.slots = slots
        self.variables = variables
        self.given = given
        self.unchecked = CHECKED

    @classmethod
    def parse(cls, text: str, context, given: dict) -> _Filled | None:
        marks = {
            _TITLE: "title",
            _CANONICAL: "canonical",
            _SKIP: "skip",
            **{_MARK.format(s): s for s in SLOT_PARTIALS},
        }
        parts, slots = [], []
        rest = text
        while True:
            found = [(rest.find(m), m) for m in marks if m in rest]
            if not found:
                break
            at, mark = min(found)
            parts.append(rest[:at])
            slots.append(marks[mark])
            rest = rest[at + len(mark) :]
        parts.append(rest)
        if "\x00escalation-slot-" in "".join(parts):  # a marker changed on its way out: cannot fill it
            return None
        variables = {k: v for k, v in context.get_all().items() if k not in _PER_PAGE}
        return cls(parts, slots, variables, given)

    def fill(self, page, texts: dict[str, str]) -> str:
        first = next(iter(page.toc), None) if page.toc else None
        values = {
            "title": page.title,
            "canonical": page.canonical_url or "",
            "skip": first.url if first is not None else "",
            **texts,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)

    def same_variables(self, context) -> bool:
        mine = self.variables
        theirs = {k: v for k, v in context.get_all().items() if k not in _PER_PAGE}
        return theirs.keys() == mine.keys() and all(theirs[k] is v or theirs[k] == v for k, v in mine.items())


class _Skeleton:
    """A page of the folder with markers for its title, canonical URL and skip link."""

    def __init__(self, page) -> None:
        self._page = page
        self.title = _TITLE
        self.meta = {**page.meta, "title": _TITLE}
        self.canonical_url = _CANONICAL if page.canonical_url is not None else None
        self.toc = [SimpleNamespace(url=_SKIP, level=2, children=[], title="")] if page.toc else []
        self.content = ""
        self.given: dict[str, dict] = {}
        """The variables each per-page partial was given, by slot."""

    def __getattr__(self, name: str):
        return getattr(self._page, name)
