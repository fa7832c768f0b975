"""Reviews in full on a page per blocker type: their URLs, which page each review is on, and the links to them.

Uses the learnings fixture of tests/test_learnings.py (six reviews: three of outages, two of product gaps, one of
pricing)."""

from __future__ import annotations

import re

import pytest

from macros.render.learnings_reviews import blocker_review_pages, blocker_urls, review_anchor, review_url
from macros.site_context import build_context

from .site_builder import broken_links, build_site
from .test_learnings import AS_OF, data  # noqa: F401 (the fixture)


def test_each_blocker_type_gets_its_own_folder_and_none_recorded_one_that_no_id_can_take():
    urls = blocker_urls(["product_gap", "outage", None, "outage"])
    assert urls == {
        "outage": "learnings/outage/",
        "product_gap": "learnings/product_gap/",
        None: "learnings/not-recorded/",
    }
    # A blocker type whose id is the folder of "none recorded": the two pages still differ.
    taken = blocker_urls(["not-recorded", None])
    assert taken == {None: "learnings/not-recorded/", "not-recorded": "learnings/not-recorded-2/"}
    # Ids that differ only by characters a folder name cannot hold.
    assert len(set(blocker_urls(["a.b", "a-b", "a/b"]).values())) == 3


@pytest.fixture(scope="module")
def context(data):  # noqa: F811
    return build_context(data, as_of=AS_OF, scope="full")


def test_each_review_is_on_the_page_of_its_escalations_blocker_type_once(context):
    pages = {page.url: page for page in blocker_review_pages(context)}
    assert sorted(pages) == ["learnings/outage/", "learnings/pricing/", "learnings/product_gap/"]
    placed = {}
    for url, page in pages.items():
        for anchor in re.findall(r'<article class="ref-review" id="([^"]+)"', page.content):
            assert anchor not in placed
            placed[anchor] = url
    reviews = context.portfolio.reviews
    assert len(placed) == len(reviews) == 6
    for review in reviews:
        escalation = context.portfolio.escalation_by_id[review.escalation_id]
        url = review_url(context, escalation, review.row)
        assert (
            url
            == f"{placed[review_anchor(review.escalation_id, review.row)]}#review-{review.escalation_id}-{review.row}"
        )
    outage = pages["learnings/outage/"]
    assert outage.title == "Reviews: Outage or incident"
    # Most severe tier first, then newest first: R06 (March), R04 (February 20), R02 (February 1).
    assert re.findall(r'id="review-(R\d\d)-\d+"', outage.content) == ["R06", "R04", "R02"]


def test_an_escalation_whose_blocker_type_is_not_the_policys_links_to_the_page_for_none_recorded(context):
    escalation = next(e for e in context.portfolio.escalations if e.blocker_type is None)
    assert review_url(context, escalation, 99) == f"learnings/not-recorded/#review-{escalation.escalation_id}-99"


def test_no_review_pages_in_a_policy_only_build(data):  # noqa: F811
    assert blocker_review_pages(build_context(data, as_of=AS_OF, scope="policy-only")) == []


@pytest.mark.build
def test_the_built_review_pages_are_linked_from_the_lessons_and_the_learnings_page(tmp_path, data):  # noqa: F811
    result = build_site(tmp_path, data, as_of=AS_OF)
    assert result.returncode == 0, result.output
    learnings = result.page("learnings")
    lessons = learnings[learnings.index('id="learnings-lessons"') :]
    links = re.findall(r'<a href="([a-z_]+/#review-[^"]+)">', lessons[: lessons.index("</table>")])
    assert len(links) == 6 and links[0].startswith("outage/#review-R")
    pages = re.findall(r'<li><a href="([a-z_]+/)">([^<]+)</a> \((\d+) reviews?\)</li>', learnings)
    assert pages == [
        ("outage/", "Outage or incident", "3"),
        ("product_gap/", "Product gap", "2"),
        ("pricing/", "Pricing", "1"),
    ]
    outage = result.page("learnings/outage")
    assert outage.count('<article class="ref-review"') == 3
    assert '<a href="../">learnings</a>' in outage
    assert broken_links(result.site) == []
