"""A real build of the sample data (as of 2026-11-30) read as HTML: the learnings roll-up and tables, the reviews
index's totals and a monthly review's summary and splits, all present without any script."""

from __future__ import annotations

import html
import re

import pytest

from macros.dataset import load_dataset

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .site_builder import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build_site(tmp_path_factory.mktemp("reviews_sample"), SAMPLE_DATA, as_of=SAMPLE_AS_OF)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def log():
    return load_dataset(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="full").log


def _table(page: str, table_id: str) -> str:
    start = page.index(f'<table id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_learnings_roll_up_and_tables_of_the_sample(site, log):
    page = html.unescape(site.page("learnings"))
    rollup = page[page.index('<ul class="ref-rollup"') :]
    rollup = rollup[: rollup.index("</ul>")]
    assert re.findall(r"<li>(.*?)</li>", rollup) == [
        "5 of the last 10 Red escalations were blocked by Outage or incident.",
        "38 escalations opened in Q4 2026 to date; the most common blocker type is Outage or incident (6 of 38).",
        "The most repeated lesson, in 10 reviews: “Agree concession limits before the customer call, not during it.”",
    ]
    blockers = _table(page, "learnings-blockers")
    counts = [
        int(n) for n in re.findall(r"<tr data-blocker-type=[^>]*>\s*<td>.*?</td>\s*<td[^>]*>(\d+)</td>", blockers, re.S)
    ]
    assert sum(counts) == len(log.escalations) == 75
    assert counts == sorted(counts, reverse=True)
    slices = _table(page, "learnings-blockers-by-quarter")
    sliced = re.findall(r"<tr data-quarter=[^>]*>(?:\s*<td[^>]*>[^<]*</td>){3}\s*<td[^>]*>(\d+)</td>", slices)
    assert sum(int(n) for n in sliced) == 75
    lessons = _table(page, "learnings-lessons")
    rows = re.findall(
        r'<tr data-blocker-type="[^"]+" data-tier="[^"]+" data-quarter="Q\d 20\d\d" data-segment="[^"]+"', lessons
    )
    assert len(rows) == len(log.reviews) == 43
    article = page[page.index('<div class="ref-learnings">') :]
    assert "<script" not in article[: article.index("</article>")]


def test_reviews_index_totals_and_a_month_summary_of_the_sample(site):
    index = html.unescape(site.page("reviews"))
    totals = _table(index, "reviews-totals")
    labels = re.findall(
        r'<tr data-period="(?:Year|Quarter)"[^>]*>\s*<td[^>]*><a href="(2026-\d\d|2025-\d\d)/">([^<]+)</a></td>', totals
    )
    assert labels == [
        ("2026-11", "2026 to date"),
        ("2026-11", "Q4 2026 to date"),
        ("2026-09", "Q3 2026"),
        ("2026-06", "Q2 2026"),
        ("2026-03", "Q1 2026"),
        ("2025-12", "2025"),
        ("2025-12", "Q4 2025"),
    ]  # each linked to its last month's review
    month = html.unescape(site.page("reviews/2026-10"))
    summary = month[month.index('<ul class="ref-month-summary">') :]
    summary = re.sub(r"<[^>]+>", "", summary[: summary.index("</ul>")])
    assert "What changed: since September 2026," in summary
    assert "Biggest risk: ESC-" in summary
    assert "Commitments at risk:" in summary
    for table_id in ("month-by-segment", "month-by-region"):
        assert re.search(rf'<table id="{table_id}"', month)
