"""The search plugin's page step skipped where it changes nothing (macros/page_bypass.py ``skip_idle_search_steps``):
Material's own plugin gives the same index and HTML through the wrapper, for every kind of page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from macros import page_bypass


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
