"""MkDocs hooks (listed under `hooks:` in mkdocs.yml): load the data, add generated pages, watch data/.

Thin glue only: loading and rendering live in the rest of the package.

Each phase of a build is logged with its counts and time (load, analysis, page generation, macros), so a long
build shows where it is. For benchmarks, ``ESCALATION_DUMP_MARKDOWN=DIR`` writes every page's final Markdown
(after mkdocs-macros rendered it, with its front matter) and every generated download to DIR, mirroring docs/, so
plain MkDocs can build the same pages (see tests/benchmarks/bench_build.py).
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from macros import forked_work, macro_blocks
from macros.build import MACRO_TIME, PAGE_CACHE, STAGES, BuildSettings, get_context
from macros.page_bypass import (
    add_generated_page,
    rebuild_hand_written_pages,
    site_digest,
    skip_search_step_for_excluded_pages,
)
from macros.page_cache import site_inputs
from macros.page_skeleton import COUNTS as SKELETON_COUNTS
from macros.page_skeleton import reuse_page_skeletons
from macros.problems import DataError
from macros.render.generated import account_pages, generated_files, tier_page
from macros.render.learnings_reviews import blocker_review_pages
from macros.render.monthly_page import monthly_files
from macros.render.person_pages import person_pages
from macros.render.policy_changes_page import policy_changes_page
from macros.render.table_listings import remember as remember_table
from macros.render.table_listings import remembered as remembered_tables
from macros.render.table_listings import reset as reset_table_listings
from macros.render.table_listings import write_all as write_table_listings
from macros.render.templating import override_dir_from_config, set_override_dir
from macros.scope import full_scope_pages, prune_nav
from macros.search_entries import (
    add_entries,
    index_content,
    keep_unbuilt_entries,
    mark_phrases,
    space_table_cells,
    trim_long_entries,
)
from macros.serve_stages import QUICK
from macros.theme_reuse import REUSED_COUNT, reuse_theme_pieces
from macros.workbook.sheet_xml import SHEET_CACHE

log = logging.getLogger("mkdocs.plugins.escalation")
_settings: dict[str, BuildSettings] = {}
DUMP_VARIABLE = "ESCALATION_DUMP_MARKDOWN"
_excluded: set[str] = set()
"""Pages left out of this build by its scope."""
_blocks: dict[str, list[str]] = {}
"""The macro placeholders each page holds between its Markdown and its HTML (macros/macro_blocks.py)."""
_search_content: dict[str, str] = {}
"""A page's HTML for the search plugin, without the macros' blocks it skips (macros/macro_blocks.py)."""
_page_urls: set[str] = set()
"""The URL of every page of this build."""


def on_config(config):
    MACRO_TIME.update(seconds=0.0, calls=0)
    macro_blocks.reset()
    reset_table_listings()
    settings = BuildSettings.from_config(config.config_file_path, config.extra)
    _settings["current"] = settings
    set_override_dir(override_dir_from_config(settings.root, config.extra))
    try:
        context = get_context(settings)
    except DataError as exc:
        raise PluginError("The escalation data has errors:\n" + exc.report()) from None
    # Reproducible output: dates MkDocs writes (the sitemap's lastmod) follow the as-of date, not the clock.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        midnight = datetime.datetime.combine(context.dataset.as_of, datetime.time(), datetime.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    _excluded.clear()
    if not context.full:
        _excluded.update(full_scope_pages(Path(config.docs_dir)))
        if config.nav:
            config.nav = prune_nav(config.nav, _excluded) or []
        log.info("escalation: policy-only build leaves out %s account-data pages", len(_excluded))
    return config


def on_files(files, config):
    context = get_context(_settings["current"])
    for src_uri in _excluded:
        page = files.get_file_from_path(src_uri)
        if page is not None:
            files.remove(page)
    started = time.perf_counter()
    settings = _settings["current"]
    root = settings.root
    templates = override_dir_from_config(root, config.extra)
    inputs = site_inputs(context, settings.policy_fingerprint(), templates)
    PAGE_CACHE.begin(inputs)
    stage = STAGES.begin(settings.fingerprint(), (inputs, site_digest(config)))
    if stage == QUICK:  # only the briefings now; the rest of the site follows (macros/serve_stages.py)
        briefings = account_pages(context, PAGE_CACHE)
        pages, extras = [*briefings, *STAGES.kept_pages], STAGES.kept_files
    else:
        # A one-off build hands the briefings to a forked child while it makes the rest (macros/forked_work.py);
        # mkdocs serve keeps them in its page cache for the next build instead.
        if _startup.get("command") in ONE_OFF_COMMANDS:
            briefing_work = forked_work.start(lambda: _briefings_and_their_tables(context))
        else:
            briefing_work = forked_work.Pending(lambda: _briefings_and_their_tables(context, PAGE_CACHE))
        try:
            tiers = [tier_page(context, t.id) for t in context.policy.tiers]
            rest = [
                *person_pages(context),
                *blocker_review_pages(context),
                *monthly_files(context, root),
                policy_changes_page(context, root),
            ]
            extras = generated_files(context, config.site_url)
        except BaseException:
            briefing_work.cancel()
            raise
        briefings, long_tables = briefing_work.result()
        for table in long_tables:  # remembered in the child: their listing pages are written here
            remember_table(table)
        if briefing_work.fell_back:
            log.info("escalation: the second process failed to make the briefings; made them here")
        elif briefing_work.forked:
            log.info("escalation: made the briefings in a second process")
        STAGES.keep([*tiers, *rest], extras)
        pages = [*tiers, *briefings, *rest]
    for page in pages:
        if page.src_uri.endswith(".md"):  # dumped once rendered (on_page_markdown)
            add_generated_page(files, config, page.src_uri, page.content, search_sections=page.search)
        else:  # charts
            files.append(
                File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV)
            )
            _dump(page.src_uri, page.content)
    if stage != QUICK:
        rebuild_hand_written_pages(files)
    _page_urls.clear()
    _page_urls.update(file.url for file in files.documentation_pages())
    for extra in extras:
        files.append(File.generated(config, extra.src_uri, content=extra.content))
        _dump(extra.src_uri, extra.content)
    if stage == QUICK:
        log.info("escalation: edited rows first: the rest of the site follows in a second build")
    log.info("escalation: generated %s pages in %.1f s", f"{len(pages):,}", time.perf_counter() - started)
    if PAGE_CACHE.reused:
        log.info("escalation: kept %s briefings whose data did not change", f"{PAGE_CACHE.reused:,}")
    return files


def _briefings_and_their_tables(context, cache=None) -> tuple[list, list]:
    """The briefings, and the long tables they remembered for listing pages (from a child, these reach the
    parent only this way)."""
    before = set(map(id, remembered_tables()))
    briefings = account_pages(context, cache)
    return briefings, [table for table in remembered_tables() if id(table) not in before]


def on_env(env, config, files):
    reuse_theme_pieces(env)  # the theme's header and navigation once per folder of generated pages
    reuse_page_skeletons(env)  # and the rest of their layout, each page filling in its own parts
    skip_search_step_for_excluded_pages(config.plugins)  # generated pages are indexed from the data
    return env


@event_priority(-100)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown, page, config, files):
    if "data-escalation-block" in markdown:  # macros' HTML set aside (macros/macro_blocks.py)
        _blocks[page.file.src_uri] = numbers = macro_blocks.placeholders_in(markdown)
        markdown = macro_blocks.restore(markdown, keep=numbers)
    if os.environ.get(DUMP_VARIABLE):
        front = f"---\n{yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False)}---\n\n" if page.meta else ""
        _dump(page.file.src_uri, (front + macro_blocks.restore(markdown)).encode("utf-8"))
    return markdown


@event_priority(100)  # first: a page converted again must not lose what other plugins do to it
def on_page_content(html, page, config, files):
    numbers = _blocks.pop(page.file.src_uri, None)
    if numbers:
        released = macro_blocks.release(html, numbers)
        if released is None:  # a placeholder did not come out as a block: convert with the HTML in place
            page.markdown = macro_blocks.restore(page.markdown)
            page.render(config, files)
            html = page.content
        else:
            html = released.content
            page.present_anchor_ids = (page.present_anchor_ids or set()) | released.ids
            if released.search_content is not None:
                _search_content[page.file.src_uri] = mark_phrases(released.search_content)
    if (page.meta.get("search") or {}).get("exclude"):
        return html
    return space_table_cells(html)


@event_priority(100)  # before the search plugin
def on_page_context(context, page, config, nav):
    search_content = _search_content.pop(page.file.src_uri, None)
    if search_content is not None:
        index_content(page, search_content, config)
    add_entries(page, config)
    return context


def _dump(src_uri: str, content: str | bytes) -> None:
    """With ESCALATION_DUMP_MARKDOWN=DIR, write a page's final Markdown (or a generated file) to DIR/src_uri."""
    folder = os.environ.get(DUMP_VARIABLE)
    if folder:
        target = Path(folder) / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config):
    keep_unbuilt_entries(config, _page_urls)
    language = config.theme.get("language") or "en"
    write_table_listings(
        Path(config.site_dir), site_name=config.site_name, language=language, stylesheets=config.extra_css
    )
    trimmed, before, after = trim_long_entries(config)
    if trimmed:
        log.info(
            "escalation: kept the distinct phrases of %s long search entries: %s characters instead of %s",
            trimmed,
            f"{after:,}",
            f"{before:,}",
        )
    if MACRO_TIME["calls"]:
        log.info("escalation: rendered %s macros in %.1f s", f"{MACRO_TIME['calls']:,}", MACRO_TIME["seconds"])
    STAGES.end()
    if REUSED_COUNT["pieces"]:
        log.info("escalation: reused %s theme pieces rendered for another page of their folder", REUSED_COUNT["pieces"])
    if SKELETON_COUNTS["filled"]:
        log.info(
            "escalation: laid out %s pages by filling their folder's page skeleton (%s checked against a whole render)",
            f"{SKELETON_COUNTS['filled']:,}",
            SKELETON_COUNTS["checked"],
        )


def on_startup(command, dirty):
    _startup["command"] = command
    _serve["dirty"] = command == "serve" and dirty
    if command == "serve":  # every save rebuilds: read again only the sheets that changed
        SHEET_CACHE.enabled = True


_serve: dict[str, bool] = {}
_startup: dict[str, str] = {}
"""``command``: what MkDocs said at start-up it runs (``build``, ``serve``, ``gh-deploy``)."""
ONE_OFF_COMMANDS = frozenset({"build", "gh-deploy"})
"""Commands that build once: nothing is kept for a next build, so work can go to a forked child."""


def on_serve(server, config, builder):
    server.watch(str(_settings["current"].data_dir))
    signal = STAGES.start_serving(_serve.get("dirty", False))
    if signal is not None:
        server.watch(str(signal))
    overrides = override_dir_from_config(_settings["current"].root, config.extra)
    if overrides.is_dir():
        server.watch(str(overrides))
    return server
