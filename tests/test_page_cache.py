"""Briefings kept between builds (macros/page_cache.py, used by `mkdocs serve`): after an edit to any sheet, the
pages generated with the cache are exactly those a fresh build generates, and only the edited account's briefing
is rendered again."""

from __future__ import annotations

import openpyxl
import pytest

from macros.page_cache import PageCache, site_inputs
from macros.render.generated import generated_pages
from macros.site_context import build_context

from .conftest import SAMPLE_DATA, copy_data

AS_OF = "2026-06-30"


def _context(data):
    return build_context(data, as_of=AS_OF, scope="full")


def _edit(workbook, sheet: str, column: str, text: str) -> None:
    book = openpyxl.load_workbook(workbook)
    rows = book[sheet]
    headers = [str(c.value).strip().lower() for c in rows[1]]
    cell = rows.cell(2, headers.index(column.lower()) + 1)
    cell.value = f"{cell.value} {text}"
    book.save(workbook)


@pytest.mark.parametrize(
    ("sheet", "column", "shown"),
    [
        ("Accounts", "Account Name", 1),
        ("Escalations", "Issue", 1),
        ("Actions", "Action", 1),
        ("Commitments", "Description", 1),
        ("Updates", "Summary", 1),
        ("Reviews", "What Happened", 0),  # briefings do not show reviews; the briefing is rendered again all the same
    ],
)
def test_an_edit_renders_one_briefing_again_and_every_page_matches_a_fresh_build(tmp_path, sheet, column, shown):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    cache = PageCache()
    before = _context(data)
    cache.begin(site_inputs(before, ("policy",), None))
    generated_pages(before, cache)
    assert cache.rendered == 40

    _edit(data / "escalations.xlsx", sheet, column, "(edited)")
    after = _context(data)
    cache.begin(site_inputs(after, ("policy",), None))
    cached = generated_pages(after, cache)
    fresh = generated_pages(after)
    assert cached == fresh
    assert (cache.rendered, cache.reused) == (1, 39)
    edited = [p for p in fresh if p.src_uri.startswith("accounts/") and "(edited)" in p.content]
    assert len(edited) == shown


def test_a_policy_change_renders_every_briefing_again(tmp_path):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    cache = PageCache()
    context = _context(data)
    cache.begin(site_inputs(context, ("policy", 1), None))
    generated_pages(context, cache)
    cache.begin(site_inputs(context, ("policy", 2), None))
    generated_pages(context, cache)
    assert (cache.rendered, cache.reused) == (40, 0)


def test_another_as_of_date_renders_every_briefing_again(tmp_path):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    cache = PageCache()
    first = build_context(data, as_of=AS_OF, scope="full")
    cache.begin(site_inputs(first, ("policy",), None))
    generated_pages(first, cache)
    later = build_context(data, as_of="2026-07-01", scope="full")
    cache.begin(site_inputs(later, ("policy",), None))
    assert generated_pages(later, cache) == generated_pages(later)
    assert cache.reused == 0
