"""The theme's navigation pieces rendered once per folder (macros/theme_reuse.py), the page skeletons
(macros/page_skeleton.py) and the briefings made in a forked child (macros/forked_work.py) change no byte of the
site."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from macros import forked_work, theme_reuse

from .golden_site import build_sample
from .site_builder import build_site

pytestmark = pytest.mark.build


def test_the_sample_site_is_byte_identical_with_and_without_reuse(tmp_path):
    reused = build_sample(tmp_path / "reused")
    assert reused.returncode == 0, reused.output
    data = tmp_path / "reused" / "data"
    plain = build_site(
        tmp_path / "plain", data, as_of="2026-06-30", extra_env={theme_reuse.SWITCH: "off", forked_work.SWITCH: "off"}
    )
    assert plain.returncode == 0, plain.output
    count = re.search(r"escalation: reused (\d+) theme pieces", reused.output)
    assert count is not None and int(count.group(1)) > 100, reused.output
    assert "theme pieces" not in plain.output
    skeletons = re.search(r"escalation: laid out (\d+) pages by filling", reused.output)
    assert skeletons is not None and int(skeletons.group(1)) > 50, reused.output
    assert "page skeleton" not in plain.output
    if forked_work.can_fork():
        assert "made the briefings in a second process" in reused.output, reused.output
    assert "second process" not in plain.output
    pages = sorted(p.relative_to(reused.site) for p in reused.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert len(pages) > 50
    different = [str(p) for p in pages if (reused.site / p).read_bytes() != (plain.site / p).read_bytes()]
    assert different == []


def _page(url: str, title: str = "Kingsbridge Mobility", **meta):
    return SimpleNamespace(
        url=url, title=title, meta={"title": title, **meta}, parent=None, previous_page=None, next_page=None
    )


def test_pages_of_one_folder_share_and_others_do_not():
    nav = frozenset({"", "accounts", "escalations"})
    key = theme_reuse.folder_key
    assert key(_page("accounts/ACC-0001/"), nav) == key(_page("accounts/ACC-0002/"), nav) == ("folder", "accounts")
    assert key(_page("people/ava/"), nav) == ("folder", "people")
    assert key(_page("a.html"), nav) == ("file", "")


@pytest.mark.parametrize(
    "page",
    [
        _page("accounts/ACC-0001/", "Smith & Sons"),  # escaping would change the title
        _page("accounts/ACC-0001/", "Two  spaces"),
        _page("accounts/ACC-0001/", hide=["toc"]),
        _page("escalations/"),  # its folder holds a nav link
        SimpleNamespace(**{**vars(_page("accounts/ACC-0001/")), "parent": object()}),  # in the nav
        SimpleNamespace(**{**vars(_page("accounts/ACC-0001/")), "title": "Another title"}),
    ],
)
def test_pages_that_render_the_pieces_themselves(page):
    assert theme_reuse.folder_key(page, frozenset({"", "escalations"})) is None


def test_the_theme_blocks_that_read_only_the_depth_render_once_per_base_url(monkeypatch):
    """macros/theme_reuse.py wraps the theme's own blocks (BLOCKS of base.html): each renders once per base_url,
    and a child template that overrides one with super() still adds its own part on every page."""
    from jinja2 import DictLoader, Environment

    monkeypatch.delenv(theme_reuse.SWITCH, raising=False)
    calls = []
    env = Environment(
        loader=DictLoader(
            {
                "base.html": "{% block config %}{{ count() }}[{{ base_url }}]{% endblock %}"
                "{% block scripts %}<s {{ base_url }}>{% endblock %}<p>{{ page.title }}</p>",
                "main.html": '{% extends "base.html" %}{% block scripts %}{{ super() }}+{{ page.title }}{% endblock %}',
            }
        ),
        autoescape=True,
    )
    env.globals["count"] = lambda: calls.append(1) or ""
    assert theme_reuse.reuse_theme_pieces(env) == 2  # config and scripts; the partials are not in this theme
    main = env.get_template("main.html")
    pages = [("..", "A"), ("..", "B"), ("../..", "C"), ("..", "D")]
    out = [main.render(base_url=base, page=SimpleNamespace(title=title)) for base, title in pages]
    assert out == [
        "[..]<s ..>+A<p>A</p>",
        "[..]<s ..>+B<p>B</p>",
        "[../..]<s ../..>+C<p>C</p>",
        "[..]<s ..>+D<p>D</p>",
    ]
    assert len(calls) == 2  # once for "..", once for "../.."
