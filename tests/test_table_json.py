"""The table component on its JSON path, in headless Chromium: the sample built with ESCALATION_TABLE_HTML_ROWS=5,
so that every component table of more than 5 rows holds 5 rows as HTML and the rest as JSON, is checked against the
same sample built as usual (every row as HTML). Each sort, filter and search shows the first rows of what the
complete table shows, in the same order; paging, the row count and the URL state work as they do there; and the
listing pages hold every row, for readers without JavaScript."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from macros.render.table_payload import THRESHOLD_VARIABLE

from .browser import AXE_SERIOUS, axe_source, serve
from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .site_builder import broken_links, build_site

pytestmark = pytest.mark.browser

HTML_ROWS = 5
TABLES = [("accounts/", "account-index"), ("escalations/", "escalation-index"), ("actions/", "tracker")]
LONG_TABLES = [*TABLES, ("learnings/", "learnings-lessons"), ("commitments/", "commitment-list")]
"""Every table that carries its rows as JSON when long; the first three are also compared view by view."""

_ROWS = """(rows) => rows.map((r) => [r.className].concat(Array.from(r.cells).map((c) =>
  [c.textContent.replace(/\\s+/g, " ").trim(), c.getAttribute("data-sort"), c.getAttribute("data-filter"),
   c.className, c.innerHTML.trim()])))"""


@pytest.fixture(scope="module")
def json_site(tmp_path_factory):
    """The sample with a threshold of 5 rows, served: (url, site folder)."""
    env = {THRESHOLD_VARIABLE: str(HTML_ROWS)}
    result = build_site(tmp_path_factory.mktemp("json-tables"), SAMPLE_DATA, as_of=SAMPLE_AS_OF, extra_env=env)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url, result.site


@pytest.fixture(scope="module")
def full(served_sample):
    return served_sample[0]


@pytest.fixture(scope="module")
def short(json_site):
    return json_site[0]


def _rows(page, table: str) -> list[list]:
    """The rows shown, top to bottom: the row's class, then each cell's text, data-sort, data-filter, class, HTML."""
    return page.eval_on_selector_all(f"#{table} tbody tr:not([hidden])", _ROWS)


def _count(page, table: str) -> str:
    return page.locator(f'.ref-count[data-for="{table}"]').inner_text()


def _show_all(page, table: str) -> None:
    more = page.locator(f'button.ref-more[aria-controls="{table}"]')
    while more.count() and more.is_visible():
        more.click()


def _pair(chromium, full, short, path):
    one, other = chromium.new_page(), chromium.new_page()
    one.goto(full + path)
    other.goto(short + path)
    return one, other


def _same_view(complete, paged, table: str) -> None:
    """The paged table shows the first rows of the complete table's view, in order, and counts the same rows."""
    expected = _rows(complete, table)
    shown = _rows(paged, table)
    assert len(shown) == min(HTML_ROWS, len(expected))
    assert shown == expected[: len(shown)]
    assert _count(paged, table).startswith(_count(complete, table).split(" The first")[0])
    _show_all(paged, table)
    assert _rows(paged, table) == expected


@pytest.mark.parametrize(("path", "table"), LONG_TABLES)
def test_a_long_table_writes_five_rows_as_html_and_every_row_as_json(json_site, served_sample, path, table):
    html = (json_site[1] / path / "index.html").read_text(encoding="utf-8")
    complete = (served_sample[1] / path / "index.html").read_text(encoding="utf-8")
    block = re.search(rf'<script type="application/json" id="{table}-rows">(.*?)</script>', html, re.S)
    assert block, path
    data = json.loads(block.group(1))
    total = _body(complete, table).count("<tr")
    assert total > HTML_ROWS and data[0] == total, path
    assert _body(html, table).count("<tr") == HTML_ROWS
    assert f'data-page-size="{HTML_ROWS}"' in html
    assert len(html) < len(complete)


def _body(html: str, table: str) -> str:
    start = html.index(f'id="{table}"')
    return html[html.index("<tbody>", start) : html.index("</tbody>", start)]


@pytest.mark.parametrize(
    ("path", "table", "column"),
    [
        ("accounts/", "account-index", "account"),
        ("accounts/", "account-index", "arr"),
        ("accounts/", "account-index", "renewal"),
        ("accounts/", "account-index", "days-to-renewal"),
        ("accounts/", "account-index", "open-tier"),
        ("accounts/", "account-index", "escalations"),
        ("escalations/", "escalation-index", "tier"),
        ("escalations/", "escalation-index", "opened"),
        ("escalations/", "escalation-index", "arr-at-risk"),
        ("escalations/", "escalation-index", "owner"),
        ("actions/", "tracker", "due"),
    ],
)
def test_each_column_kind_sorts_all_rows_as_the_complete_table_does(chromium, full, short, path, table, column):
    for descending in (False, True):
        complete, paged = _pair(chromium, full, short, path)
        for page in (complete, paged):
            button = page.locator(f"#{table} th[data-key={column}] button")
            button.click()
            if descending:
                button.click()
            want = "descending" if descending else "ascending"
            assert page.locator(f"#{table} th[data-key={column}]").get_attribute("aria-sort") == want
        assert paged.locator(f"#{table} th[aria-sort]").count() == 1
        _same_view(complete, paged, table)
        complete.close()
        paged.close()


@pytest.mark.parametrize(("path", "table"), TABLES)
def test_each_filter_value_shows_the_rows_the_complete_table_shows(chromium, full, short, path, table):
    complete, paged = _pair(chromium, full, short, path)
    panel = f'.ref-filters[data-for="{table}"]'
    labels = paged.eval_on_selector_all(f"{panel} select", "(s) => s.map((x) => x.getAttribute('aria-label'))")
    assert labels
    for label in labels:
        values = paged.eval_on_selector_all(
            f"{panel} select[aria-label='{label}'] option", "(o) => o.map((x) => x.value).filter(Boolean)"
        )
        for value in values[:3]:
            for page in (complete, paged):
                page.locator(f"{panel} select[aria-label='{label}']").select_option(value)
            expected = _rows(complete, table)
            shown = _rows(paged, table)
            assert shown == expected[:HTML_ROWS], (label, value)
            assert _count(paged, table).startswith(_count(complete, table)), (label, value)
        for page in (complete, paged):
            page.locator(f"{panel} select[aria-label='{label}']").select_option("")
    complete.close()
    paged.close()


@pytest.mark.parametrize("words", ["a", "bright", "ESC-2026", "no such thing at all"])
def test_the_search_box_finds_the_rows_the_complete_table_finds(chromium, full, short, words):
    complete, paged = _pair(chromium, full, short, "escalations/")
    for page in (complete, paged):
        page.locator('input[type=search][data-for="escalation-index"]').fill(words)
    _same_view(complete, paged, "escalation-index")
    counted = _count(paged, "escalation-index")
    if words == "no such thing at all":
        assert counted == "0 of 75 escalations shown." and _rows(paged, "escalation-index") == []
    complete.close()
    paged.close()


def test_paging_shows_five_more_at_a_time_and_the_count_states_the_true_total(chromium, short):
    page = chromium.new_page()
    page.goto(short + "accounts/")
    counter = page.locator('.ref-count[data-for="account-index"]')
    more = page.locator('button.ref-more[aria-controls="account-index"]')
    assert counter.inner_text() == "40 accounts. The first 5 are listed."
    assert more.inner_text() == "Show 5 more"
    more.click()
    assert len(_rows(page, "account-index")) == 10
    assert counter.inner_text() == "40 accounts. The first 10 are listed."
    for _ in range(6):
        more.click()
    assert len(_rows(page, "account-index")) == 40 and counter.inner_text() == "40 accounts."
    assert not more.is_visible()
    page.locator('.ref-filters[data-for="account-index"] input[type=search]').fill("a")
    said = re.match(r"(\d+)(?: of 40)? accounts", counter.inner_text())
    matched = int(said.group(1))
    assert matched > 5
    assert len(_rows(page, "account-index")) == min(5, matched), "a new view starts at its first page"
    page.close()


def test_the_view_round_trips_through_the_url(chromium, short):
    page = chromium.new_page()
    page.goto(short + "accounts/")
    panel = '.ref-filters[data-for="account-index"]'
    page.locator(f"{panel} select[aria-label=Health]").select_option(index=1)
    page.locator("#account-index th[data-key=arr] button").click()
    page.locator("#account-index th[data-key=arr] button").click()
    page.locator(f"{panel} input[type=search]").fill("a")
    linked = page.evaluate("location.href")
    query = urlsplit(linked).query
    assert "account-index.sort=-arr" in query and "account-index.health=" in query and "account-index.q=a" in query
    expected = _rows(page, "account-index")
    assert expected
    again = chromium.new_page()
    again.goto(linked)
    assert _rows(again, "account-index") == expected
    assert again.locator("#account-index th[data-key=arr]").get_attribute("aria-sort") == "descending"
    assert again.locator(f"{panel} input[type=search]").input_value() == "a"
    health = page.locator(f"{panel} select[aria-label=Health]").input_value()
    assert again.locator(f"{panel} select[aria-label=Health]").input_value() == health
    assert _count(again, "account-index") == _count(page, "account-index")
    again.locator(f"{panel} .ref-reset").click()
    assert "?" not in again.evaluate("location.href")
    assert again.locator("#account-index th[aria-sort]").count() == 0
    assert _count(again, "account-index") == "40 accounts. The first 5 are listed."
    page.close()
    again.close()


class _Cells(HTMLParser):
    """The text of every body row of the tables in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.body = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.body = True
        elif tag == "tr" and self.body:
            self.rows.append([])
        elif tag == "td" and self.body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.body = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _table_rows(html: str, table: str | None = None) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html[html.index(f'id="{table}"') :] if table else html)
    return parser.rows if not table else parser.rows[: _body(html, table).count("<tr")]


@pytest.mark.parametrize(("path", "table"), LONG_TABLES)
def test_the_listing_pages_hold_every_row_in_order(json_site, served_sample, path, table):
    complete = _table_rows((served_sample[1] / path / "index.html").read_text(encoding="utf-8"), table)
    html = (json_site[1] / path / "index.html").read_text(encoding="utf-8")
    noscript = html[html.index("<noscript>", html.index(f'id="{table}"')) :]
    links = re.findall(r'<a href="([^"]+)">', noscript[: noscript.index("</noscript>")])
    assert links == [f"{table}-{n}.html" for n in range(1, len(links) + 1)]
    listed = []
    for link in links:
        page = (json_site[1] / path / link).read_text(encoding="utf-8")
        assert page.startswith('<!doctype html>\n<html lang="en">') and page.count("<h1>") == 1
        listed += _table_rows(page)
    assert listed == complete
    assert len(links) == -(-len(complete) // (10 * HTML_ROWS))


def test_no_link_in_the_site_or_its_listing_pages_is_broken(json_site):
    assert broken_links(json_site[1]) == []


def test_without_javascript_the_page_links_its_listing_pages(chromium, short):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(short + "escalations/")
    assert page.locator("#escalation-index tbody tr").count() == HTML_ROWS
    note = page.locator("p.ref-listings")
    assert note.is_visible()
    assert note.inner_text().startswith("The first 5 of 75 escalations are listed here")
    hrefs = note.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert len(hrefs) == 2
    seen = 0
    for href in hrefs:
        page.goto(href)
        seen += page.locator("tbody tr").count()
        assert page.locator("h1").inner_text().startswith("All escalations: ")
        back = page.locator("a", has_text="Back to the sortable table").get_attribute("href")
        assert urljoin(href, back) == short + "escalations/"
    assert seen == 75
    context.close()


def test_with_javascript_the_listing_note_is_not_shown(chromium, short):
    page = chromium.new_page()
    page.goto(short + "escalations/")
    assert not page.locator("p.ref-listings").is_visible()
    page.close()


@pytest.mark.parametrize(
    "path", ["accounts/?account-index.sort=-arr", "actions/", "accounts/account-index-1.html", "actions/tracker-1.html"]
)
def test_axe_finds_nothing_serious_on_the_json_path_and_the_listing_pages(chromium, short, path):
    source = axe_source()
    page = chromium.new_page()
    page.goto(short + path)
    more = page.locator("button.ref-more")
    if more.count():
        more.first.click()
        page.mouse.move(0, 0)  # not hovering a link of the rows that came in under the pointer
        page.wait_for_timeout(300)  # the theme's colour transition on links
    page.add_script_tag(content=source)
    assert page.evaluate(AXE_SERIOUS) == []
    page.close()


_IN_VIEW = """(node) => { const box = node.getBoundingClientRect();
  return box.top > -1 && box.bottom < window.innerHeight + 1; }"""


def _commitment_ids(site) -> list[str]:
    """The commitment ids of the complete commitments table, in its order (each is the target of its links)."""
    html = (site / "commitments" / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<span id="([^"]+)">', _body(html, "commitment-list"))


def test_a_link_to_a_commitment_far_down_the_long_table_shows_and_scrolls_to_its_row(chromium, short, served_sample):
    ids = _commitment_ids(served_sample[1])
    assert len(ids) > 3 * HTML_ROWS
    last = ids[-1]
    page = chromium.new_page()
    page.goto(short + f"commitments/#{last}")
    target = page.locator(f'#commitment-list [id="{last}"]')
    assert target.is_visible()
    assert target.evaluate(_IN_VIEW)
    listed = -(-len(ids) // HTML_ROWS) * HTML_ROWS  # down to the row's page of five
    assert page.locator("#commitment-list tbody tr").count() == min(listed, len(ids))
    assert _count(page, "commitment-list") == f"{len(ids)} commitments."
    # A link followed on the page (the fragment changes, the page stays) shows its row too.
    page.goto(short + "commitments/")
    assert page.locator(f'[id="{ids[-2]}"]').count() == 0
    page.evaluate("(id) => { window.location.hash = id; }", ids[-2])
    page.wait_for_function("(id) => document.getElementById(id) !== null", arg=ids[-2])
    assert page.locator(f'[id="{ids[-2]}"]').is_visible()
    page.close()


def test_a_link_to_a_row_past_the_first_page_of_a_table_shows_it(chromium, tmp_path):
    """A table written whole that shows 100 rows at a time: the linked row is listed with the rows before it;
    a fragment naming something outside the table changes nothing."""
    from markupsafe import Markup

    from macros.render.tables import render_table, table_model

    from .conftest import ROOT

    rows = [(Markup('<span id="row-{}">Row {}</span>').format(i, i), i) for i in range(250)]
    table = render_table(table_model(("Row", "N"), rows, id_="t"))
    script = (ROOT / "docs" / "assets" / "escalation-table.js").as_uri()
    page_file = tmp_path / "table.html"
    page_file.write_text(
        f'<!doctype html><html lang=en><body><h2 id="top">Top</h2>{table}<script src="{script}"></script></body></html>',
        encoding="utf-8",
    )
    page = chromium.new_page()
    page.goto(page_file.as_uri() + "#row-140")
    assert page.locator("#row-140").is_visible()
    assert page.locator("#row-140").evaluate(_IN_VIEW)
    assert page.locator("#t tbody tr:not([hidden])").count() == 200
    assert page.locator("#row-200").is_hidden()
    page.goto(page_file.as_uri() + "?again#top")  # a new load (the query differs), naming no row
    assert page.locator("#t tbody tr:not([hidden])").count() == 100
    page.evaluate("window.location.hash = 'row-249'")
    page.wait_for_function("() => !document.getElementById('row-249').closest('tr').hidden")
    assert page.locator("#t tbody tr:not([hidden])").count() == 250
    page.close()


def test_hostile_cells_built_from_the_json_show_literally_and_run_nothing(chromium, monkeypatch):
    from macros.render.table_cells import link_html
    from macros.render.tables import render_table, table_model

    from .conftest import ROOT

    monkeypatch.setenv(THRESHOLD_VARIABLE, "2")
    hostile = [
        "</script><script>alert(1)</script>",
        '<img src=x onerror="alert(2)">',
        "{{ 7*7 }} {% raw %}",
        "\u2028</SCRIPT >\u2029 & &amp;",
        '"><svg onload=alert(3)>',
    ]
    rows = [(link_html(f"r{i}/", text), text, i) for i, text in enumerate(hostile * 2)]
    html = str(render_table(table_model(("Link", "Text", "N"), rows, id_="t", page_url="t/")))
    page = chromium.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(f"<!doctype html><html lang=en><body>{html}</body></html>")
    page.add_script_tag(path=str(ROOT / "docs" / "assets" / "escalation-table.js"))
    page.locator("#t th[data-key=n] button").click()
    page.locator("#t th[data-key=n] button").click()
    _show_all(page, "t")
    texts = page.eval_on_selector_all("#t tbody tr", "(rows) => rows.map((r) => r.cells[1].textContent)")
    assert texts == [hostile[i % 5] for i in range(9, -1, -1)]
    links = page.eval_on_selector_all("#t tbody tr", "(rows) => rows.map((r) => r.cells[0].textContent)")
    assert links == texts
    assert page.locator("#t img, #t svg, #t script").count() == 0
    page.locator('input[type=search][data-for="t"]').fill("{{ 7*7 }}")
    assert page.locator("#t tbody tr").count() == 2
    assert dialogs == []
    page.close()
