"""A generated page's layout rendered once per folder and filled per page (macros/page_skeleton.py): every page
comes out as a whole render gives it, and a template that shows more of the page than the skeleton fills is
noticed and rendered whole. (The sample site, byte for byte with and without: tests/test_theme_reuse.py.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from macros import page_skeleton, theme_reuse

BASE = (
    "<html><head><title>{{ page.title | striptags }} - {{ config.site_name }}</title>"
    '{% if page.canonical_url %}<link rel="canonical" href="{{ page.canonical_url }}">{% endif %}</head>'
    "{% set features = config.features %}<body>"
    '{% if page.toc | first is defined %}{% set skip = page.toc | first %}<a href="{{ skip.url }}">Skip</a>{% endif %}'
    "<header>{{ page.meta.title }}</header>"
    '<nav>{% include "partials/toc.html" %}</nav>'
    '<article>{% include "partials/content.html" %}</article>{{ extra }}{% block footer %}{% endblock %}</body></html>'
)
TEMPLATES = {
    "base.html": BASE,
    "main.html": '{% extends "base.html" %}',
    "partials/toc.html": (
        '<ul>{% for item in page.toc %}<li><a href="{{ item.url }}">{{ item.title }}</a></li>{% endfor %}</ul>'
        '{{ features | join(",") }}'
    ),
    "partials/content.html": '{% if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}',
}
CONFIG = {"site_name": "Northwind CS", "features": ["navigation.tabs", "toc.follow"]}


def _env(**overrides) -> Environment:
    # Without autoescaping, as MkDocs sets up a theme's environment.
    return Environment(loader=DictLoader({**TEMPLATES, **overrides}), autoescape=False)  # noqa: S701


def _page(number: int, title: str, toc=("Overview", "Escalations"), content=None, canonical=True, **meta):
    url = f"accounts/ACC-{number:04d}/"
    return SimpleNamespace(
        url=url,
        title=title,
        meta={"title": title, **meta},
        parent=None,
        previous_page=None,
        next_page=None,
        edit_url=None,
        canonical_url=f"https://cs.example.com/{url}" if canonical else None,
        toc=[SimpleNamespace(url=f"#{t.lower()}", title=t, level=2, children=[]) for t in toc],
        content=content if content is not None else f"<h1>{title}</h1><p>Account {number}</p>",
    )


PAGES = [
    _page(1, "Kingsbridge Mobility"),
    _page(2, "Aldgate Freight", toc=("Overview",), content="<p>No heading of its own</p>"),
    _page(3, "Harbour Analytics", toc=("Overview", "Escalations", "Commitments", "Past escalations")),
    _page(4, "Orchard Health"),
    _page(5, "Meridian Labs", content="<h1>Meridian Labs</h1><p>Renewal 2026-09-30</p>"),
]


def _render_all(env: Environment, pages, **variables) -> list[str]:
    template = env.get_template("main.html")
    return [
        template.render(page=page, config=CONFIG, nav=None, **{"extra": "", **variables.get(page.url, {})})
        for page in pages
    ]


def test_every_page_comes_out_as_a_whole_render_gives_it():
    expected = _render_all(_env(), PAGES)
    env = _env()
    assert page_skeleton.reuse_page_skeletons(env)
    assert _render_all(env, PAGES) == expected
    assert page_skeleton.COUNTS == {"filled": 5, "checked": 2, "refused": 0}
    assert "No heading of its own" in expected[1] and "<h1>Aldgate Freight</h1>" in expected[1]


def test_a_template_that_shows_more_of_the_page_is_rendered_whole():
    override = {"base.html": BASE.replace("{{ extra }}", "<p>{{ page.url }}</p>")}
    expected = _render_all(_env(**override), PAGES)
    env = _env(**override)
    page_skeleton.reuse_page_skeletons(env)
    assert _render_all(env, PAGES) == expected
    assert page_skeleton.COUNTS["refused"] == 1
    # The first page's own URL is the one the skeleton holds, so it alone passed the comparison.
    assert page_skeleton.COUNTS["filled"] == 1


def test_a_template_variable_that_differs_makes_its_page_render_whole():
    variables = {PAGES[3].url: {"extra": "<aside>Renewal at risk</aside>"}}
    expected = _render_all(_env(), PAGES, **variables)
    env = _env()
    page_skeleton.reuse_page_skeletons(env)
    assert _render_all(env, PAGES, **variables) == expected
    assert page_skeleton.COUNTS["filled"] == 4


@pytest.mark.parametrize(
    "odd",
    [
        _page(6, "Birch &amp; Rowan"),  # a title an HTML filter would change
        _page(7, "Pier Seven", toc=()),  # no table of contents: no skip link
        _page(8, "Quay Partners", canonical=False),
        _page(9, "Lantern Retail", hide=["toc"]),
        _page(10, "Foundry Group", status="new"),  # other metadata: a skeleton of its own
    ],
    ids=["escaped title", "no toc", "no canonical url", "hidden parts", "other metadata"],
)
def test_pages_unlike_the_others_of_their_folder_come_out_right(odd):
    pages = [*PAGES[:3], odd, *PAGES[3:]]
    expected = _render_all(_env(), pages)
    env = _env()
    page_skeleton.reuse_page_skeletons(env)
    assert _render_all(env, pages) == expected


def test_a_page_in_the_nav_and_a_theme_without_the_partials_render_whole():
    in_nav = _page(11, "Summit Outdoors")
    in_nav.parent = SimpleNamespace(title="Accounts")
    expected = _render_all(_env(), [in_nav])
    env = _env()
    page_skeleton.reuse_page_skeletons(env)
    assert _render_all(env, [in_nav]) == expected
    assert page_skeleton.COUNTS["filled"] == 0
    bare = Environment(loader=DictLoader({"main.html": "{{ page.title }}"}), autoescape=True)
    assert page_skeleton.reuse_page_skeletons(bare) is False


def test_the_switch_turns_the_skeletons_off(monkeypatch):
    monkeypatch.setenv(theme_reuse.SWITCH, "off")
    env = _env()
    assert page_skeleton.reuse_page_skeletons(env) is False
    assert _render_all(env, PAGES) == _render_all(_env(), PAGES)
