"""Excluded pages spared the search plugin's page step (macros/page_bypass.py
``skip_search_step_for_excluded_pages``): Material's own plugin gives the same index and HTML through the wrapper,
for every kind of page, and the attributes are stripped as its own pattern strips them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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
            assert page_bypass.skip_search_step_for_excluded_pages(plugins) == 1
        page = _page(content, dict(meta))
        for method in plugins.events["page_context"]:
            method({}, page=page, config=None, nav=None)
        results.append((page.content, plugin.search_index.entries))
    assert results[0] == results[1]
    if case != "excluded, nothing to strip":
        assert results[0] != ((content, []))  # the plugin did something the wrapper had to let it do


def test_excluded_pages_skip_the_plugin_and_lose_their_search_attributes():
    calls = []
    plugin = SimpleNamespace()
    other = SimpleNamespace()
    # Bound-method shape (``__self__``), as MkDocs registers a plugin's event.
    plugin_method = _bound(plugin, lambda context, **kwargs: calls.append(kwargs["page"].url))
    other_method = _bound(other, lambda context, **kwargs: calls.append("other:" + kwargs["page"].url))
    plugins = _Plugins({"search": plugin, "other": other}, {"page_context": [other_method, plugin_method]})
    assert page_bypass.skip_search_step_for_excluded_pages(plugins) == 1
    assert page_bypass.skip_search_step_for_excluded_pages(plugins) == 0  # never wrapped twice
    assert plugins.events["page_context"][0] is other_method
    assert plugins._event_origins[plugins.events["page_context"][1]] == "search"
    excluded = {"search": {"exclude": True}}
    pages = [
        SimpleNamespace(url="generated/", content="<p>x</p>", meta=excluded),
        SimpleNamespace(url="marked/", content='<table data-search-exclude="x"><tr></tr></table>', meta=excluded),
        SimpleNamespace(url="indexed/", content='<p data-search-boost="2">x</p>', meta={}),
    ]
    for page in pages:
        for method in plugins.events["page_context"]:
            method({}, page=page, config=None, nav=None)
    assert calls == ["other:generated/", "other:marked/", "other:indexed/", "indexed/"]
    assert pages[1].content == "<table><tr></tr></table>"
    assert pages[2].content == '<p data-search-boost="2">x</p>'  # the plugin's to change, not the wrapper's


def _material_pattern() -> str:
    """The pattern Material's search plugin removes from a page, read from its code."""
    import ast
    import inspect
    import re

    from material.plugins.search.plugin import SearchPlugin

    source = inspect.getsource(SearchPlugin.on_page_context)
    literal = re.search(r're\.sub\(\s*(r"(?:[^"\\]|\\.)*")', source)
    assert literal is not None, "Material's search plugin no longer strips data-search-* attributes with re.sub"
    return ast.literal_eval(literal.group(1))


MATERIAL_PATTERN = _material_pattern()


def test_the_pattern_is_materials():
    import re

    sample = 'a\tdata-search-exclude="1" b data-search-boost="2"data-search-x="3"'
    assert re.sub(MATERIAL_PATTERN, "", sample) == re.sub(page_bypass.SEARCH_ATTRIBUTE, "", sample) == "a b"


_FRAGMENTS = st.sampled_from(
    [
        " ",
        "\t",
        "\n",
        "\u00a0",
        "\u2003",
        "x",
        "é",
        "_",
        "1",
        "-",
        '"',
        "=",
        "<p",
        ">",
        "data-",
        "search-",
        "data-search-",
        "data-search-exclude",
        '="',
        'data-search-x="y"',
        '=""',
        "data-search-é",
    ]
)


@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
@example('data-search-x="1" data-search-y="2"')  # a space between two attributes goes with the second
@example('data-search-x="1"\u00a0data-search-y="2"\tdata-search-z="3"')
@example(' data-search-x="1"')
@settings(max_examples=400, deadline=None)
def test_stripping_equals_materials_substitution(text):
    import re

    assert page_bypass.strip_search_attributes(text) == re.sub(MATERIAL_PATTERN, "", text)


def test_without_a_search_plugin_nothing_is_wrapped():
    other = SimpleNamespace(on_page_context=None)
    method = _bound(other, lambda context, **kwargs: None)
    plugins = _Plugins({"other": other}, {"page_context": [method]})
    assert page_bypass.skip_search_step_for_excluded_pages(plugins) == 0
    assert plugins.events["page_context"] == [method]


class _bound:
    """A callable with ``__self__``, as a bound method has."""

    def __init__(self, owner, function) -> None:
        self.__self__ = owner
        self._function = function

    def __call__(self, context, **kwargs):
        return self._function(context, **kwargs)
