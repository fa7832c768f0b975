"""Relative links between site pages (macros/render/urls.py relative): the fast path agrees with posixpath.relpath,
which it replaces where neither URL needs normalising."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.render.urls import relative


def _by_relpath(from_url: str, to_url: str) -> str:
    """What relative() returned before its fast path: posixpath.relpath on the two paths."""
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    target = posixpath.relpath("/" + to_url, "/" + from_dir)
    if (to_url == "" or to_url.endswith("/")) and not target.endswith("/"):
        target += "/"
    return target + fragment


@pytest.mark.parametrize(
    ("from_url", "to_url", "expected"),
    [
        ("", "", "./"),
        ("", "accounts/ACC-1/", "accounts/ACC-1/"),
        ("accounts/ACC-1/", "", "../../"),
        ("accounts/ACC-1/", "accounts/ACC-2/", "../ACC-2/"),
        ("accounts/ACC-1/", "accounts/ACC-1/", "./"),
        ("accounts/ACC-1/", "accounts/ACC-1/#ESC-1", "./#ESC-1"),
        ("accounts/", "accounts/ACC-1/#ESC-1", "ACC-1/#ESC-1"),
        ("people/ana/", "people/ana/calendar.ics", "calendar.ics"),
        ("people/ana/calendar.ics", "accounts/", "../../accounts/"),
        ("reviews/2026-05/", "assets/escalation.css", "../../assets/escalation.css"),
        ("a/b/c/", "a/x/", "../../x/"),
    ],
)
def test_links_between_pages(from_url, to_url, expected):
    assert relative(from_url, to_url) == expected


segment = st.sampled_from(["accounts", "ACC-1", "ACC-10", "people", "a", "é", "index.html", ".", "..", ""])
url = st.lists(segment, max_size=4).map("/".join) | st.lists(segment, max_size=4).map(
    lambda parts: "/".join(parts) + "/"
)
fragment = st.sampled_from(["", "#ESC-1", "#a/b"])


@given(url, url, fragment)
def test_agrees_with_relpath_for_any_pair_of_urls(from_url, to_url, anchor):
    assert relative(from_url, to_url + anchor) == _by_relpath(from_url, to_url + anchor)
