"""Long component tables: when a table's rows go to JSON, that the JSON cannot end its script block or read as a
template, that every row comes back from it exactly as the template prints it (HTML, text, sort key, filter value,
row attributes), and that the plain listing pages hold every row, escaped."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from macros.render import table_listings
from macros.render.table_cells import date_cell, link_html, money_cell, number_cell, text_cell
from macros.render.table_payload import (
    THRESHOLD,
    THRESHOLD_VARIABLE,
    cell_data,
    html_rows,
    is_long,
    listing_links,
    listing_rows,
    payload_data,
    script_json,
    threshold,
    unpack,
)
from macros.render.tables import Column, render_table, table_model

HOSTILE = '</script><img src=x onerror="alert(1)">{{ 7*7 }}{% raw %} & \u2028\u2029 </SCRIPT >'


@pytest.fixture
def low_threshold(monkeypatch):
    monkeypatch.setenv(THRESHOLD_VARIABLE, "3")
    table_listings.reset()
    yield 3
    table_listings.reset()


def _rows(count: int, hostile_at: int | None = None) -> list[tuple]:
    rows = []
    for i in range(count):
        name = HOSTILE if i == hostile_at else f"Account {i:03d}"
        rows.append(
            (
                link_html(f"ACC-{i:03d}/", name),
                f"ACC-{i:03d}",
                ["Enterprise", "Commercial"][i % 2],
                money_cell(1000.0 * (count - i), "USD"),
                date_cell(dt.date(2026, 1, 1) + dt.timedelta(days=i)),
                number_cell(i % 4),
                text_cell(f"State {i % 3}", sort=str(2 - i % 3), filter=f"S{i % 3}"),
            )
        )
    return rows


COLUMNS = ("Account", "ID", Column("Segment", filter=True), "ARR", "Renewal", "Open", Column("State", filter=True))


def _long_table(count: int = 12, **options):
    return table_model(
        COLUMNS,
        _rows(count, options.pop("hostile_at", None)),
        id_="account-index",
        noun="account",
        caption="Accounts",
        page_url="accounts/",
        **options,
    )


def _script(html: str, table_id: str = "account-index") -> str:
    found = re.search(rf'<script type="application/json" id="{table_id}-rows">(.*?)</script>', html, re.S)
    assert found, "no JSON block"
    return found.group(1)


def test_the_threshold_is_500_rows_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv(THRESHOLD_VARIABLE, raising=False)
    assert threshold() == THRESHOLD == 500
    assert html_rows() == 100 and listing_rows() == 1000
    assert not is_long(500, "accounts/") and is_long(501, "accounts/")
    assert not is_long(10_000, None), "a table with no page has nowhere to put its listing pages"
    monkeypatch.setenv(THRESHOLD_VARIABLE, "5")
    assert (threshold(), html_rows(), listing_rows()) == (5, 5, 50)
    assert is_long(6, "x/") and not is_long(5, "x/")
    monkeypatch.setenv(THRESHOLD_VARIABLE, "0")
    assert threshold() == 1
    monkeypatch.setenv(THRESHOLD_VARIABLE, "many")
    with pytest.raises(ValueError, match="ESCALATION_TABLE_HTML_ROWS must be a whole number"):
        threshold()


def test_a_table_at_the_threshold_or_without_a_page_is_written_whole(low_threshold):
    at = table_model(COLUMNS, _rows(3), id_="t", page_url="t/")
    assert at.payload is None and len(at.html_rows) == 3
    no_page = table_model(COLUMNS, _rows(40), id_="t")
    assert no_page.payload is None
    html = str(render_table(no_page))
    assert html.count("<tr>") == 41 and "application/json" not in html and "<noscript>" not in html
    assert table_listings.remembered() == []


def test_script_json_leaves_nothing_that_could_end_the_block_or_read_as_a_template():
    value = [[HOSTILE, "a<b>c&d", "{%- x -%}{# y #}"], ["}}", 1.5, None]]
    text = str(script_json(value))
    for forbidden in ("<", ">", "&", "{", "}", "\u2028", "\u2029"):
        assert forbidden not in text, forbidden
    assert json.loads(text) == value
    with pytest.raises(TypeError, match="not dict"):
        script_json([{"k": "v"}])  # an object's own braces could not be escaped


def test_a_long_table_writes_its_first_rows_as_html_and_every_row_as_json(low_threshold):
    model = _long_table(12)
    assert model.payload is not None and model.payload.html_rows == 3
    html = str(render_table(model))
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr") == 3
    assert 'data-rows="account-index-rows"' in html and 'data-page-size="3"' in html
    assert "12 accounts. The first 3 are listed." in html
    data = json.loads(_script(html))
    assert data == payload_data(model.rows)
    assert data[0] == 12 and 'data-total="12"' in html


def test_every_row_round_trips_through_the_json_as_the_template_prints_it(low_threshold):
    model = _long_table(12)
    rows = unpack(json.loads(_script(str(render_table(model)))))
    assert len(rows) == len(model.rows) == 12
    for (cells, attributes), row in zip(rows, model.rows, strict=True):
        assert cells == [cell_data(c) for c in row.cells]
        assert attributes == []
    first = rows[0][0]
    assert first[0].html == '<a href="ACC-000/">Account 000</a>' and first[0].text == "Account 000"
    assert first[0].sort is None, "a text column without a key sorts by its text"
    assert (first[3].html, first[3].sort) == ("$12,000", "12000")
    assert (first[4].html, first[4].sort) == ("2026-01-01", "2026-01-01")
    assert (first[5].sort, first[6].sort, first[6].filter) == ("0", "2", "S0")
    assert [r[0][3].sort for r in rows] == [str(1000 * (12 - i)) for i in range(12)]


def test_each_distinct_cell_is_written_once_per_column_without_what_the_column_shares(low_threshold):
    count, columns, attributes = payload_data(_long_table(12).rows)
    assert count == 12 and attributes == []
    prefix, suffix, cells, indexes = columns[0]
    assert (prefix, suffix) == ('<a href="ACC-0', "</a>")
    assert cells[0] == '00/">Account 000', "a link's text is read from its HTML"
    assert indexes is None, "every account is its own cell, in row order"
    prefix, suffix, cells, indexes = columns[2]
    assert sorted(cells) == ["Commercial", "Enterprise"] and (prefix, suffix) == ("", "")
    assert [cells[i] for i in indexes] == [["Enterprise", "Commercial"][i % 2] for i in range(12)]
    assert len(columns[6][2]) == 3, "three states"


def test_a_text_is_written_when_the_html_does_not_say_it(low_threshold):
    rows = [("A &amp; B", "x"), ("plain", "y"), ("  spaced  out ", "z")]
    model = table_model(("Name", "Other"), [(r[0], r[1]) for r in rows] * 2, id_="t", page_url="t/")
    columns = payload_data(model.rows)[1]
    entries = {tuple(e) if isinstance(e, list) else e for e in columns[0][2]}
    assert ("A &amp;amp; B", 0, "A &amp; B") in entries, "an entity: the text is written"
    assert ("  spaced  out ", 0, "spaced out") in entries, "folded whitespace: the text is written"
    assert "plain" in entries


def test_row_attributes_come_back_from_the_json(low_threshold):
    attrs = [{"class_": "ref-overdue" if i % 5 == 0 else None, "data_x": f'"{i}"'} for i in range(8)]
    model = table_model(COLUMNS, _rows(8), id_="t", page_url="t/", row_attrs=attrs)
    rows = unpack(json.loads(_script(str(render_table(model)), "t")))
    assert rows[0][1] == [["class", "ref-overdue"], ["data-x", '"0"']]
    assert rows[1][1] == [["data-x", '"1"']]


def test_hostile_cells_stay_inert_in_the_page_and_come_back_intact(low_threshold):
    model = _long_table(12, hostile_at=7)
    html = str(render_table(model))
    assert len(re.findall(r"</script", html, re.I)) == 1, "only the block's own end tag"
    assert "<img" not in html and "{{" not in html and "{%" not in html
    rows = unpack(json.loads(_script(html)))
    hostile = rows[7][0][0]
    assert hostile.text == " ".join(HOSTILE.split())
    assert "<img" not in hostile.html and "&lt;img" in hostile.html and "&#123;&#123;" in hostile.html


def test_the_page_links_a_listing_page_for_every_thousand_rows_or_fewer(low_threshold):
    links = listing_links("account-index", 65)
    assert [(link.href, link.first, link.last) for link in links] == [
        ("account-index-1.html", 1, 30),
        ("account-index-2.html", 31, 60),
        ("account-index-3.html", 61, 65),
    ]
    html = str(render_table(_long_table(12)))
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert "The first 3 of 12 accounts are listed here" in noscript
    assert '<a href="account-index-1.html">1–12</a>' in noscript


def test_listing_pages_hold_every_row_escaped_with_a_heading_and_a_language(low_threshold):
    model = _long_table(65, hostile_at=40)
    assert table_listings.remembered() == [model]
    pages = table_listings.listing_pages(
        model, site_name="Site & Co", language="fr", stylesheets=["assets/stylesheets/main.css", "assets/x.css"]
    )
    assert [p.url for p in pages] == [f"accounts/account-index-{n}.html" for n in (1, 2, 3)]
    seen = []
    for page in pages:
        assert page.html.startswith('<!doctype html>\n<html lang="fr">')
        assert '<link rel="stylesheet" href="../assets/x.css">' in page.html
        assert '<a href="./">' in page.html
        assert "<title>Accounts: " in page.html and "Site &amp; Co</title>" in page.html
        assert page.html.count("<h1>") == 1
        assert "<img" not in page.html and "{{" not in page.html and "</script" not in page.html
        seen += re.findall(r'<td class="ref-nowrap">(ACC-\d{3})</td>', page.html)
    assert seen == [f"ACC-{i:03d}" for i in range(65)]
    assert "Accounts: 61–65 of 65" in pages[2].html
    assert 'aria-current="page"><strong>31–60</strong>' in pages[1].html


def test_write_all_writes_the_remembered_tables_beside_their_pages(low_threshold, tmp_path):
    _long_table(12)
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.abc123.min.css").write_text("", encoding="utf-8")
    written = table_listings.write_all(tmp_path, site_name="S", language="en", stylesheets=["assets/site.css"])
    assert written == 1
    page = (tmp_path / "accounts" / "account-index-1.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/stylesheets/main.abc123.min.css">' in page
    assert page.count("<tr>") == 13
    table_listings.reset()
    assert table_listings.write_all(tmp_path, site_name="S", language="en", stylesheets=[]) == 0


def test_cells_equal_as_values_but_of_other_kinds_keep_their_own_html_in_the_json():
    """payload_data works out each distinct cell once (macros/render/table_payload.py cell_data's memo): text
    and markup that read the same are still different cells, and each cell is what it is worked out alone."""
    from markupsafe import Markup

    rows = [("a &amp; b", 1), (Markup("a &amp; b"), 1.0), ("a &amp; b", True), (Markup("a &amp; b"), 1)]
    model = table_model(("Text", "N"), rows * 2, id_="t")
    cells = [[cell.html for cell in row] for row, _ in unpack(payload_data(model.rows))]
    assert [row[0] for row in cells] == ["a &amp;amp; b", "a &amp; b"] * 4
    assert cells == [[cell_data(cell).html for cell in row.cells] for row in model.rows]
