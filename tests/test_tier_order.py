"""Tiers appear in one order on every page, most severe first (``Policy.tiers_by_severity``)."""

from __future__ import annotations

import re

import pytest

from macros.policy.loader import load_policy

from .conftest import SAMPLE_DATA
from .site_builder import build_site

POLICY = load_policy(SAMPLE_DATA)
SEVERITY = [t.name for t in POLICY.tiers_by_severity]
BADGE = re.compile(r'<span class="ref-tier"[^>]*>([^<]+)</span>')


def test_tiers_by_severity_reverses_the_policy_file(sample_policy, five_level_policy):
    for policy in (sample_policy, five_level_policy):
        by_severity = [t.id for t in policy.tiers_by_severity]
        assert by_severity == [t.id for t in reversed(policy.tiers)]
        ranks = [policy.tier_rank(t) for t in by_severity]
        assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == len(ranks)
    assert len(five_level_policy.tiers_by_severity) == 5


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build_site(tmp_path_factory.mktemp("tier-order"), SAMPLE_DATA, as_of="2026-11-30")
    assert result.returncode == 0, result.output
    return result


def _badges(html: str) -> list[str]:
    return BADGE.findall(html)


@pytest.mark.parametrize(
    "url",
    ["stakeholders/", "communication/", "templates/intake/", "templates/briefing/"],
)
def test_pages_that_list_every_tier_once_list_them_most_severe_first(site, url):
    assert _badges(site.page(url)) == SEVERITY


def test_tier_index_table_and_criteria_most_severe_first(site):
    html = site.page("tiers/")
    table, criteria = html.split("<h2", 1)
    assert _badges(table) == SEVERITY
    assert _badges(criteria) == SEVERITY


def test_home_tier_cards_most_severe_first(site):
    cards = re.findall(r'class="ref-card-title">([^<]+)<', site.page(""))
    assert cards[: len(SEVERITY)] == SEVERITY


def test_monthly_review_tables_most_severe_first(site):
    html = site.page("reviews/2026-11/")
    trend_headers = re.findall(r"<th>Opened: ([^<]+)</th>", html)
    assert trend_headers == SEVERITY
    summary = html[html.index("<th>Tier</th>") :]
    assert _badges(summary)[: len(SEVERITY)] == SEVERITY
    legend = (site.site / "reviews" / "2026-11" / "opened-by-tier.svg").read_text(encoding="utf-8")
    names = [t for t in re.findall(r"<text[^>]*>([^<]+)</text>", legend) if t in SEVERITY]
    assert names[: len(SEVERITY)] == SEVERITY  # the legend comes first
