"""The site folder's disk work beside the build (macros/site_folders.py), and the search plugin's page step skipped
where it changes nothing (macros/page_bypass.py ``skip_idle_search_steps``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from macros import page_bypass
from macros.site_folders import TRASH_PREFIX, Background, clear_in_background, prepare_files_in_background


def _tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def _last_build(site: Path) -> None:
    (site / "accounts" / "ACC-0001").mkdir(parents=True)
    (site / "accounts" / "ACC-0001" / "index.html").write_text("old briefing", encoding="utf-8")
    (site / "index.html").write_text("old home", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")


def test_the_last_builds_output_is_deleted_and_hidden_entries_stay(tmp_path):
    site = tmp_path / "site"
    _last_build(site)
    background = Background()
    assert clear_in_background(site, background) == 2  # accounts/ and index.html
    visible = [p.name for p in site.iterdir() if not p.name.startswith(".")]
    assert visible == []  # gone at once: MkDocs' own cleaning then finds nothing to do
    background.wait()
    assert _tree(site) == {".git": None, ".git/HEAD": b"ref: refs/heads/gh-pages\n", ".nojekyll": b""}


def test_a_folder_left_by_a_killed_build_is_deleted_too(tmp_path):
    site = tmp_path / "site"
    (site / f"{TRASH_PREFIX}abc123" / "accounts").mkdir(parents=True)
    (site / f"{TRASH_PREFIX}abc123" / "accounts" / "index.html").write_text("x", encoding="utf-8")
    background = Background()
    assert clear_in_background(site, background) == 0  # nothing visible to move
    background.wait()
    assert list(site.iterdir()) == []


def test_an_entry_that_cannot_be_moved_is_left_for_mkdocs(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _last_build(site)
    rename = Path.rename

    def refuse_accounts(self, target):
        if self.name == "accounts":
            raise OSError(16, "Device or resource busy")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_accounts)
    background = Background()
    assert clear_in_background(site, background) == 1
    background.wait()
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll", "accounts"]


def test_no_site_folder_and_an_empty_one_start_no_thread(tmp_path):
    background = Background()
    assert clear_in_background(tmp_path / "missing", background) == 0
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    assert clear_in_background(tmp_path / "empty", background) == 0
    assert background._threads == []
    assert [p.name for p in (tmp_path / "empty").iterdir()] == [".git"]


def test_pages_get_their_folders_and_an_empty_file_and_a_written_page_keeps_its_text(tmp_path):
    site = tmp_path / "site"
    (site / "accounts" / "ACC-0002").mkdir(parents=True)
    written = site / "accounts" / "ACC-0002" / "index.html"
    written.write_text("<html>already written</html>", encoding="utf-8")
    paths = [
        site / "accounts" / "ACC-0001" / "index.html",
        written,
        site / "accounts" / "ACC-0001" / "index.html",  # named twice: prepared once
        site / "people" / "priya-raman" / "index.html",
    ]
    background = Background()
    assert prepare_files_in_background(paths, background) == 3
    background.wait()
    assert _tree(site) == {
        "accounts": None,
        "accounts/ACC-0001": None,
        "accounts/ACC-0001/index.html": b"",
        "accounts/ACC-0002": None,
        "accounts/ACC-0002/index.html": b"<html>already written</html>",
        "people": None,
        "people/priya-raman": None,
        "people/priya-raman/index.html": b"",
    }
    assert prepare_files_in_background([], background) == 0


def test_an_error_in_a_thread_is_raised_when_the_build_waits(tmp_path):
    (tmp_path / "accounts").write_text("a file where a folder must go", encoding="utf-8")
    background = Background()
    prepare_files_in_background([tmp_path / "accounts" / "ACC-0001" / "index.html"], background)
    with pytest.raises(NotADirectoryError):
        background.wait()
    background.wait()  # the error is raised once; nothing is left running


# The search plugin's page step --------------------------------------------------------------------------------


class _Plugins(dict):
    """MkDocs' plugin collection as the hooks see it: plugins by name, and each event's methods in order."""

    def __init__(self, plugins: dict, events: dict) -> None:
        super().__init__(plugins)
        self.events = events
        self._event_origins = {
            m: name for name, p in plugins.items() for ms in events.values() for m in ms if m.__self__ is p
        }


def _search_plugin():
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.config.defaults import MkDocsConfig

    plugin = SearchPlugin()
    plugin.load_config({})
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "theme": {"name": "material"}})
    config.validate()
    plugin.on_config(config)
    return plugin


def _page(content: str, meta: dict):
    return SimpleNamespace(content=content, meta=meta, toc=[], url="accounts/ACC-0001/", title="Kingsbridge Mobility")


PAGES = {
    "excluded, nothing to strip": ('<h1 id="k">Kingsbridge</h1><p>ARR $1.2M</p>', {"search": {"exclude": True}}),
    "excluded, attributes to strip": ('<p data-search-exclude="x">Kingsbridge</p>', {"search": {"exclude": True}}),
    "indexed": ('<h1 id="k">Kingsbridge</h1><p>ARR $1.2M</p>', {}),
    "indexed, attributes to strip": ('<h1 id="k">Kingsbridge</h1><p data-search-boost="2">ARR</p>', {}),
}


@pytest.mark.parametrize("case", sorted(PAGES))
def test_the_search_step_gives_what_the_plugin_gives_for_every_page(case):
    """Material's own search plugin, run as it is and through the wrapper: the same index and the same HTML."""
    content, meta = PAGES[case]
    results = []
    for wrap in (False, True):
        plugin = _search_plugin()
        plugins = _Plugins({"material/search": plugin}, {"page_context": [plugin.on_page_context]})
        if wrap:
            assert page_bypass.skip_idle_search_steps(plugins) == 1
        page = _page(content, dict(meta))
        for method in plugins.events["page_context"]:
            method({}, page=page, config=None, nav=None)
        results.append((page.content, plugin.search_index.entries))
    assert results[0] == results[1]
    if case != "excluded, nothing to strip":
        assert results[0] != ((content, []))  # the plugin did something the wrapper had to let it do


def test_the_search_step_is_skipped_only_for_an_excluded_page_without_search_attributes():
    calls = []
    plugin = SimpleNamespace()
    plugin.on_page_context = lambda context, **kwargs: calls.append(kwargs["page"].url)
    other = SimpleNamespace()
    other.on_page_context = lambda context, **kwargs: calls.append("other:" + kwargs["page"].url)
    # SimpleNamespace attributes are plain functions: give them the bound-method shape MkDocs registers.
    plugin_method = _bound(plugin, plugin.on_page_context)
    other_method = _bound(other, other.on_page_context)
    plugins = _Plugins({"search": plugin, "other": other}, {"page_context": [other_method, plugin_method]})
    assert page_bypass.skip_idle_search_steps(plugins) == 1
    assert page_bypass.skip_idle_search_steps(plugins) == 0  # never wrapped twice
    assert plugins.events["page_context"][0] is other_method
    assert plugins._event_origins[plugins.events["page_context"][1]] == "search"
    pages = [
        SimpleNamespace(url="generated/", content="<p>x</p>", meta={"search": {"exclude": True}}),
        SimpleNamespace(url="marked/", content='<p data-search-exclude="">x</p>', meta={"search": {"exclude": True}}),
        SimpleNamespace(url="indexed/", content="<p>x</p>", meta={}),
    ]
    for page in pages:
        for method in plugins.events["page_context"]:
            method({}, page=page, config=None, nav=None)
    assert calls == ["other:generated/", "other:marked/", "marked/", "other:indexed/", "indexed/"]


def test_without_a_search_plugin_nothing_is_wrapped():
    other = SimpleNamespace(on_page_context=None)
    method = _bound(other, lambda context, **kwargs: None)
    plugins = _Plugins({"other": other}, {"page_context": [method]})
    assert page_bypass.skip_idle_search_steps(plugins) == 0
    assert plugins.events["page_context"] == [method]


class _bound:
    """A callable with ``__self__``, as a bound method has."""

    def __init__(self, owner, function) -> None:
        self.__self__ = owner
        self._function = function

    def __call__(self, context, **kwargs):
        return self._function(context, **kwargs)
