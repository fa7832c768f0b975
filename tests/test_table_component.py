"""The table component in headless Chromium, on the sample site: each column kind sorts by value, filters and the
search box narrow the rows and the count says so, the state round-trips through the URL, every home attention link
opens a view with exactly as many rows as it counts, and without JavaScript each table is complete."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from macros.policy.loader import load_policy

from .browser import AXE_SERIOUS, axe_source, serve
from .conftest import ROOT, SAMPLE_DATA
from .site_builder import build_site

pytestmark = pytest.mark.browser

COMPONENT_PAGES = ["escalations/", "accounts/", "actions/", "commitments/", "data-quality/"]
NUMERIC = {"number", "money", "duration", "tier"}


@pytest.fixture(scope="module")
def site(served_sample):
    return served_sample[0]


def _column_keys(page, table: str, index: int) -> list[str | None]:
    """The data-sort keys (or text) of a column's visible cells, top to bottom."""
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])",
        f"(rows) => rows.map((r) => {{ const c = r.cells[{index}]; return c.getAttribute('data-sort'); }})",
    )


def _visible(page, table: str) -> int:
    return page.locator(f"#{table} tbody tr:not([hidden])").count()


def _assert_ordered(kind: str, keys: list[str | None], descending: bool) -> None:
    present = [k for k in keys if k]
    assert present, "nothing to sort"
    assert all(not k for k in keys[len(present) :]), "rows without a value sort last"
    values = [float(k) for k in present] if kind in NUMERIC else present
    assert values == sorted(values, reverse=descending), (kind, values[:10])


@pytest.mark.parametrize(
    ("page_path", "table", "column"),
    [
        ("escalations/", "escalation-index", "tier"),
        ("escalations/", "escalation-index", "opened"),
        ("escalations/", "escalation-index", "arr-at-risk"),
        ("escalations/", "escalation-index", "days-to-renewal"),
        ("accounts/", "account-index", "arr"),
        ("accounts/", "account-index", "renewal"),
        ("accounts/", "account-index", "escalations"),
        ("accounts/", "account-index", "open-tier"),
    ],
)
def test_each_column_kind_sorts_by_value_both_ways(site, chromium, page_path, table, column):
    page = chromium.new_page()
    page.goto(site + page_path)
    header = page.locator(f"#{table} th[data-key={column}]")
    kind = header.get_attribute("data-kind")
    index = page.eval_on_selector(f"#{table} th[data-key={column}]", "(th) => th.cellIndex")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    _assert_ordered(kind, _column_keys(page, table, index), descending=False)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    _assert_ordered(kind, _column_keys(page, table, index), descending=True)
    assert page.locator(f"#{table} th[aria-sort]").count() == 1
    page.close()


def test_tier_sorts_by_severity_not_by_name(site, chromium):
    policy = load_policy(SAMPLE_DATA, root=ROOT)
    rank = {t.name: i for i, t in enumerate(policy.tiers_file.tiers)}
    page = chromium.new_page()
    page.goto(site + "escalations/")
    page.locator("#escalation-index th[data-key=tier] button").click()
    page.locator("#escalation-index th[data-key=tier] button").click()
    names = page.locator("#escalation-index tbody tr td:nth-child(4)").all_inner_texts()
    ranks = [rank[n.strip()] for n in names]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == len(rank) - 1 and len(set(ranks)) > 1
    page.close()


def test_text_sorts_by_name_ignoring_case(site, chromium):
    page = chromium.new_page()
    page.goto(site + "accounts/")
    page.locator("#account-index th[data-key=account] button").click()
    names = page.locator("#account-index tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    page.close()


def test_a_filter_and_the_search_box_narrow_the_rows_and_the_count_says_so(site, chromium):
    page = chromium.new_page()
    page.goto(site + "escalations/")
    total = page.locator("#escalation-index tbody tr").count()
    counter = page.locator('.ref-count[data-for="escalation-index"]')
    assert counter.get_attribute("aria-live") == "polite"
    assert counter.inner_text() == f"{total} escalations."
    tier = page.locator('.ref-filters[data-for="escalation-index"] select[aria-label=Tier]')
    top = tier.locator("option").nth(1).inner_text()  # the most severe tier is listed first
    tier.select_option(top)
    shown = _visible(page, "escalation-index")
    assert 0 < shown < total
    tiers = page.locator("#escalation-index tbody tr:not([hidden]) td:nth-child(4)").all_inner_texts()
    assert {t.strip() for t in tiers} == {top}
    assert counter.inner_text() == f"{shown} of {total} escalations shown."
    tier.select_option("")
    first_account = page.locator("#escalation-index tbody tr td:nth-child(2)").first.inner_text()
    search = page.locator('input[type=search][data-for="escalation-index"]')
    search.fill(first_account.upper())
    matching = page.locator("#escalation-index tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts()
    assert matching and all(m == first_account for m in matching)
    assert _visible(page, "escalation-index") < total
    page.locator('.ref-filters[data-for="escalation-index"] .ref-reset').click()
    assert _visible(page, "escalation-index") == total
    assert "?" not in page.evaluate("location.href")
    page.close()


def test_the_view_round_trips_through_the_url(site, chromium):
    page = chromium.new_page()
    page.goto(site + "accounts/")
    panel = '.ref-filters[data-for="account-index"]'
    page.locator(f"{panel} select[aria-label=Health]").select_option(index=1)
    page.locator("#account-index th[data-key=arr] button").click()
    page.locator("#account-index th[data-key=arr] button").click()
    page.locator(f"{panel} input[type=search]").fill("a")
    linked = page.evaluate("location.href")  # replaceState is seen at once here, not always in page.url
    query = urlsplit(linked).query
    assert "account-index.sort=-arr" in query and "account-index.health=" in query and "account-index.q=a" in query
    expected = page.locator("#account-index tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts()
    assert 0 < len(expected) < page.locator("#account-index tbody tr").count()
    again = chromium.new_page()
    again.goto(linked)
    assert again.locator("#account-index tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts() == expected
    assert again.locator("#account-index th[data-key=arr]").get_attribute("aria-sort") == "descending"
    assert again.locator(f"{panel} input[type=search]").input_value() == "a"
    health = page.locator(f"{panel} select[aria-label=Health]").input_value()
    assert again.locator(f"{panel} select[aria-label=Health]").input_value() == health
    page.close()
    again.close()


def test_tables_are_set_up_before_the_theme_script_runs(site, chromium, served_sample):
    """The table script loads before Material's bundle and sets its tables up as it runs, so a long table sorts
    without waiting for the bundle (which sets up the whole page) or the end of the document."""
    html = (served_sample[1] / "accounts" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    bundle = next(i for i, src in enumerate(scripts) if "/javascripts/bundle." in src)
    assert [src for src in scripts if src.endswith("escalation-table.js")] == ["../assets/escalation-table.js"]
    assert scripts.index("../assets/escalation-table.js") < bundle
    page = chromium.new_page()
    page.goto(site + "accounts/")
    ready, loaded = page.evaluate(
        """() => [performance.getEntriesByName("ref-table-ready:account-index")[0].startTime,
                  performance.getEntriesByType("navigation")[0].domContentLoadedEventStart]"""
    )
    assert ready < loaded
    assert page.locator("#account-index[data-ref-set-up]").count() == 1
    assert page.locator("#account-index th[data-key=arr] button").count() == 1  # set up once, not twice
    page.close()


def test_every_home_attention_link_opens_exactly_the_rows_it_counts(site, chromium):
    page = chromium.new_page()
    page.goto(site)
    links = page.locator(".ref-attention a").evaluate_all(
        "(links) => links.map((a) => [a.href, a.querySelector('strong').textContent])"
    )
    assert len(links) >= 5
    nonzero = 0
    for href, count in links:
        table = urlsplit(href).fragment
        view = chromium.new_page()
        view.goto(href)
        assert _visible(view, table) == int(count), (href, count)
        nonzero += int(count) > 0
        view.close()
    assert nonzero >= 4  # the sample has something in (almost) every window
    page.close()


def test_commitment_cards_link_to_their_state_and_missed_and_overdue_are_red(site, chromium):
    page = chromium.new_page()
    page.goto(site + "commitments/")
    cards = page.locator(".ref-cards a.ref-card")
    for i in range(cards.count()):
        card = cards.nth(i)
        label = card.locator(".ref-card-title").inner_text()
        count = int(card.locator(".ref-card-figure").inner_text())
        view = chromium.new_page()
        view.goto(urljoin(page.url, card.get_attribute("href")))
        assert _visible(view, "commitment-list") == count, label
        view.close()
        if label in ("Missed", "Overdue"):
            assert "ref-card-bad" in card.get_attribute("class")
    verdict = page.locator("#commitment-list tbody tr details").first
    assert verdict.locator("summary").inner_text().count("\n") == 0  # one line
    assert not verdict.locator("dl").is_visible()
    verdict.locator("summary").click()
    assert verdict.locator("dl").is_visible()
    page.close()


def test_blocked_actions_are_marked_in_words_and_the_tracker_filters_by_owner(site, chromium):
    page = chromium.new_page()
    page.goto(site + "actions/")
    blocked = page.locator("#tracker tbody tr.ref-blocked")
    assert blocked.count() > 0
    for i in range(blocked.count()):
        assert "Blocked" in blocked.nth(i).inner_text()
    owner = page.locator('.ref-filters[data-for="tracker"] select[aria-label=Owner]')
    name = owner.locator("option").nth(1).inner_text()
    owner.select_option(name)
    owners = page.locator("#tracker tbody tr:not([hidden]) td:nth-child(4)").all_inner_texts()
    assert owners and set(owners) == {name}
    page.close()


@pytest.mark.parametrize("path", COMPONENT_PAGES)
def test_without_javascript_every_table_is_complete(site, chromium, path):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + path + "?escalation-index.tier=nothing&tracker.due=Overdue")
    tables = page.locator("table.ref-component")
    assert tables.count() > 0
    for i in range(tables.count()):
        table = tables.nth(i)
        table_id = table.get_attribute("id")
        rows = table.locator("tbody tr")
        assert rows.count() == table.locator("tbody tr:not([hidden])").count()
        said = page.locator(f'.ref-count[data-for="{table_id}"]').inner_text()
        assert int(re.match(r"[\d,]+", said).group().replace(",", "")) == rows.count()
        assert table.locator("th button").count() == 0  # sort buttons come with the script
        assert not page.locator(f'.ref-filters[data-for="{table_id}"]').is_visible()
    context.close()


@pytest.mark.parametrize("path", ["escalations/?escalation-index.tier=Red", "commitments/", "actions/"])
def test_axe_finds_nothing_serious_on_a_working_component(site, chromium, path):
    source = axe_source()
    page = chromium.new_page()
    page.goto(site + path)
    for details in page.locator("table.ref-component details").all()[:3]:
        details.locator("summary").click()
    page.add_script_tag(content=source)
    assert page.evaluate(AXE_SERIOUS) == []
    page.close()


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    """A demo portfolio of 300 accounts: the accounts index is longer than a page of the component."""
    from macros.cli import main

    tmp = tmp_path_factory.mktemp("long")
    data = tmp / "data"
    args = ["demo-data", "--accounts", "300", "--seed", "3", "--as-of", "2026-06-30", "--out", str(data), "--quiet"]
    assert main(args) == 0
    result = build_site(tmp, data, as_of="2026-06-30")
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


def test_a_long_table_shows_a_page_at_a_time_and_sorts_and_filters_all_its_rows(long_site, chromium):
    page = chromium.new_page()
    page.goto(long_site + "accounts/")
    rows = page.locator("#account-index tbody tr")
    assert rows.count() == 300
    assert _visible(page, "account-index") == 100
    counter = page.locator('.ref-count[data-for="account-index"]')
    assert counter.inner_text() == "300 accounts. The first 100 are listed."
    more = page.locator("button.ref-more")
    assert more.inner_text() == "Show 100 more"
    more.click()
    assert _visible(page, "account-index") == 200
    arr = page.locator("#account-index th[data-key=arr] button")
    arr.click()
    arr.click()  # descending: the largest of all 300, not of the rows shown
    keys = [
        float(k)
        for k in page.eval_on_selector_all(
            "#account-index tbody tr td:nth-child(4)", "(c) => c.map((x) => x.dataset.sort)"
        )
    ]
    shown = [float(k) for k in _column_keys(page, "account-index", 3)]
    assert len(shown) == 100 and shown == sorted(keys, reverse=True)[:100]
    segment = page.locator('.ref-filters[data-for="account-index"] select[aria-label=Segment]')
    value = segment.locator("option").nth(1).inner_text()
    segment.select_option(value)
    matching = page.eval_on_selector_all(
        "#account-index tbody tr td:nth-child(3)", f"(c) => c.filter((x) => x.textContent === {value!r}).length"
    )
    assert _visible(page, "account-index") == min(100, matching)
    assert counter.inner_text().startswith(f"{matching} of 300 accounts shown.")
    assert page.locator("#account-index tbody tr:not([hidden]) td:nth-child(3)").all_inner_texts() == [value] * min(
        100, matching
    )
    page.close()


def test_a_long_table_is_complete_without_javascript(long_site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(long_site + "accounts/")
    assert _visible(page, "account-index") == 300
    assert page.locator("button.ref-more").count() == 0
    context.close()
