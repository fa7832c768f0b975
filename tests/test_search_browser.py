"""Searching the sample site in headless Chromium: an account id, an escalation id and a commitment id each show
their own briefing as the first result, and an account's name finds its briefing."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from .browser import serve
from .golden_site import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    result = build_sample(tmp_path_factory.mktemp("search-browser"))
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


def _first_results(chromium, url: str, query: str, count: int = 3) -> list[str]:
    page = chromium.new_page()
    try:
        page.goto(url)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(query, delay=20)  # the search listens to key presses
        links = page.locator("ol.md-search-result__list a.md-search-result__link")
        links.first.wait_for(timeout=15_000)
        # The search answers every key press: read the results once they stop changing (the last query's).
        previous, deadline = None, time.monotonic() + 20
        while time.monotonic() < deadline:
            page.wait_for_timeout(700)
            current = [links.nth(i).get_attribute("href") or "" for i in range(min(count, links.count()))]
            if current == previous:
                return current
            previous = current
        raise AssertionError(f"the results for {query!r} kept changing")
    finally:
        page.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ACC-0007", "accounts/ACC-0007/"),
        ("ESC-2026-0017", "accounts/ACC-0015/"),
        ("COM-0015", "accounts/ACC-0015/"),
        ("Kingsbridge Mobility", "accounts/ACC-0007/"),
    ],
)
def test_an_id_or_name_finds_its_own_page_first(chromium, site_url, query, expected):
    first = _first_results(chromium, site_url, query)
    assert first, f"no result for {query}"
    assert urlsplit(first[0]).path == urlsplit(site_url + expected).path
