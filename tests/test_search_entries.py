"""The site search: briefings' entries come from the data with their ids, the index is not parsed back from
their HTML, and result snippets keep table cells apart. A real build of the sample, reading the search index."""

from __future__ import annotations

import json
import re

import pytest

from macros.search_entries import LONG_ENTRY, PHRASE_MARK, mark_phrases, space_table_cells, trim_long_entries

from .golden_site import build_sample

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build_sample(tmp_path_factory.mktemp("search"))
    assert result.returncode == 0, result.output
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return result, index


def _entries(index, prefix: str) -> list[dict]:
    return [e for e in index["docs"] if e["location"].startswith(prefix)]


def test_ids_are_a_field_ranked_above_titles(built):
    _, index = built
    fields = index["config"]["fields"]
    assert fields["ids"]["boost"] > fields["title"]["boost"]


def test_every_briefing_has_one_entry_with_its_account_id_and_one_per_escalation(built):
    result, index = built
    accounts = sorted(p.name for p in (result.site / "accounts").iterdir() if p.name.startswith("ACC-"))
    assert len(accounts) == 40
    for account_id in accounts:
        entries = _entries(index, f"accounts/{account_id}/")
        assert entries[0]["location"] == f"accounts/{account_id}/"
        assert entries[0]["ids"] == account_id
        page = (result.site / "accounts" / account_id / "index.html").read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", page, re.S).group(0)
        anchors = re.findall(r'\sid="((?:ESC|COM)-[^"]+)"', article)
        assert [e["location"] for e in entries[1:]] == [f"accounts/{account_id}/#{a}" for a in anchors]
        for entry in entries[1:]:
            assert entry["title"].split(":")[0] == entry["location"].rsplit("#", 1)[1]


def test_account_escalation_and_commitment_entries_are_titled_with_their_id(built):
    _, index = built
    entries = {e["location"]: e for e in index["docs"]}
    assert entries["accounts/ACC-0015/"] == {
        "location": "accounts/ACC-0015/",
        "title": "Driftwood Systems",
        "text": "ACC-0015; open Green tier; Strategic; renews 2027-09-10; Priya Raman",
        "ids": "ACC-0015",
    }
    assert entries["accounts/ACC-0015/#ESC-2026-0017"] == {
        "location": "accounts/ACC-0015/#ESC-2026-0017",
        "title": "ESC-2026-0017: Product gap",
        "text": "Green tier; Open; Priya Raman",
        "ids": "ESC-2026-0017",
    }
    assert entries["accounts/ACC-0015/#COM-0015"] == {
        "location": "accounts/ACC-0015/#COM-0015",
        "title": "COM-0015: Service credits",
        "text": "ESC-2026-0017; Open",
        "ids": "COM-0015",
    }


def test_briefing_text_is_escaped(built):
    _, index = built
    for entry in _entries(index, "accounts/ACC-"):
        assert "<" not in entry["title"] + entry["text"]


def test_generated_pages_without_data_entries_are_indexed_compactly_by_section(built):
    _, index = built
    entries = {e["location"]: e for e in index["docs"]}
    targets = entries["tiers/red/#response-targets"]
    assert targets["text"].startswith("Target; Within; Measured; Clock; Acknowledge; 4 business hours; ")
    opened = next(e for e in index["docs"] if e["location"].startswith("reviews/2026-05/#escalations-opened"))
    assert "; ESC-2026-0012; Kingsbridge Mobility; " in opened["text"]
    assert "$" not in opened["text"]  # amounts, dates and counts are left out
    locations = [e["location"] for e in index["docs"]]
    assert len(locations) == len(set(locations))


def test_hand_written_tables_do_not_run_headers_together(built):
    _, index = built
    matrix = next(e for e in index["docs"] if e["location"] == "stakeholders/")
    assert "Role Red Yellow Green People Customer Success Manager " in matrix["text"]


def test_table_cells_are_spaced_and_nothing_else_changes():
    table = "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert space_table_cells(table) == (
        "<table><thead><tr><th>A</th> <th>B</th></tr></thead> <tbody><tr><td>1</td> <td>2</td></tr></tbody></table>"
    )
    assert space_table_cells("<p>no table</p><p>here</p>") == "<p>no table</p><p>here</p>"


def _long_table_index(rows: int):
    """Material's search index holding one page: a table of ``rows`` escalations, as the glue hands it over."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    body = "".join(
        f"<tr><td><a href='#'>ESC-2026-{n:04d}</a><br>Account {n:04d} Holdings</td><td>Red</td>"
        f"<td>2026-06-30</td><td>$12,000</td><td>Priya Raman</td></tr>"
        for n in range(rows)
    )
    html = (
        '<h1 id="lessons">Lessons</h1><p>One line per review.</p>'
        f"<table><thead><tr><th>Escalation</th><th>Tier</th><th>Reviewed</th><th>ARR</th><th>Owner</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    index = SearchIndex()
    page = SimpleNamespace(meta={}, content=mark_phrases(html), toc=[], url="learnings/", title="Lessons")
    index.add_entry_from_context(page)
    return SimpleNamespace(plugins={"search": SimpleNamespace(search_index=index)}), index


def test_a_long_entry_keeps_each_id_and_name_once_and_short_entries_lose_their_marks():
    config, index = _long_table_index(400)
    long_text = index.entries[0]["text"]
    assert len(long_text) > LONG_ENTRY
    trimmed, before, after = trim_long_entries(config)
    assert (trimmed, before) == (1, len(long_text))
    text = index.entries[0]["text"]
    assert after == len(text) < before * 0.6
    phrases = text.split("; ")
    assert phrases[:4] == ["One line per review.", "Escalation", "Tier", "Reviewed"]
    for n in (0, 137, 399):  # every id and name is still there, each once, as its own phrase
        assert phrases.count(f"ESC-2026-{n:04d}") == 1
        assert phrases.count(f"Account {n:04d} Holdings") == 1
    assert phrases.count("Red") == phrases.count("Priya Raman") == 1
    assert "$12,000" not in text and "2026-06-30" not in text and PHRASE_MARK not in text

    config, index = _long_table_index(3)
    assert trim_long_entries(config) == (0, 0, 0)
    text = index.entries[0]["text"]
    assert "ESC-2026-0001 Account 0001 Holdings Red 2026-06-30 $12,000 Priya Raman" in text
    assert PHRASE_MARK not in text


def test_no_phrase_mark_reaches_the_index(built):
    _, index = built
    assert not [e["location"] for e in index["docs"] if PHRASE_MARK in e["text"] + e["title"]]
