"""The learnings roll-up, blocker counts and lesson grouping, checked against values worked out by hand.

Fixture (as of Monday 2026-06-15, sample policy; blocker vocabulary order: product_gap, outage, support, pricing,
legal_terms, security_review, champion_loss, budget, competitor, adoption).

====  =====  ======  ================  ============  =======  ===========================================
id    acct   tier    opened            blocker       status   review (date: what to change)
====  =====  ======  ================  ============  =======  ===========================================
R01   A1     red     2026-01-05        outage        closed
R02   A1     red     2026-01-12        outage        closed   02-01 "Agree limits early."
R03   A2     red     2026-01-19        pricing       closed   05-01 "Agree limits early."
R04   A1     red     2026-01-26        outage        closed   02-20 "agree  limits early"
R05   A2     red     2026-02-02        support       closed
R06   A2     red     2026-02-09        outage        closed   03-01 "Share the plan in writing."
R07   A1     red     2026-02-16        pricing       closed
R08   A1     red     2026-02-23        (none)        closed
R09   A1     red     2026-03-02        adoption      closed
R10   A1     red     2026-03-09        budget        closed
R11   A1     red     2026-03-16        legal_terms   closed
G1    A3     green   03-31 23:00       product_gap   closed   04-10 "Share the plan in writing"
Y2    A1     yellow  04-01 00:00       product_gap   closed   04-05 (nothing to change written)
G3    A2     green   2026-05-10        support       open
G4    A2     green   06-15 08:00       product_gap   open
G5    A2     green   06-16 09:00       outage        open     (after the as-of date: does not exist yet)
====  =====  ======  ================  ============  =======  ===========================================

The last ten red escalations are R02–R11 (R01 is the eleventh): three were blocked by an outage (R02, R04, R06);
with R01, four outages in all. Q2 2026 to date: Y2, G3, G4 (Y2 opens at midnight on the quarter's first day, G1 the
evening before); product gap twice. "Agree limits early" is written three times (R02, R04, R03), "Share the plan
in writing" twice.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from macros.analysis.learnings import (
    RECENT_WINDOW,
    TierWindow,
    analyse_learnings,
    lesson_key,
    quarter_key,
    quarter_label,
    repeated_lesson,
    tier_window,
)
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset
from macros.render.learnings_page import learnings_model
from macros.render.learnings_rollup import rollup_sentences, tier_sentence
from macros.site_context import build_context
from macros.workbook.records import Review

from .conftest import SAMPLE_DATA
from .site_builder import build_site
from .test_monthly import _escalation
from .workbook_builder import write_workbook

AS_OF = "2026-06-15"
d, t = dt.date, dt.datetime

REDS = [
    ("R01", "A1", "outage"),
    ("R02", "A1", "outage"),
    ("R03", "A2", "pricing"),
    ("R04", "A1", "outage"),
    ("R05", "A2", "support"),
    ("R06", "A2", "outage"),
    ("R07", "A1", "pricing"),
    ("R08", "A1", None),
    ("R09", "A1", "adoption"),
    ("R10", "A1", "budget"),
    ("R11", "A1", "legal_terms"),
]


def _closed(eid, account, tier, opened, blocker):
    return _escalation(
        eid,
        account,
        tier,
        opened,
        resolved=opened + dt.timedelta(days=5),
        outcome="Renewed",
        arr=1000,
        **{"Blocker Type": blocker},
    )


def _open(eid, account, opened, blocker):
    return _escalation(eid, account, "green", opened, status="In progress", arr=1000, **{"Blocker Type": blocker})


def _review(eid, day, change):
    return {"Escalation ID": eid, "Review Date": day, "Facilitator": "Marcus Bell", "What To Change": change}


def rows() -> dict[str, list[dict]]:
    reds = [
        _closed(eid, account, "red", t(2026, 1, 5, 9) + dt.timedelta(weeks=i), blocker)
        for i, (eid, account, blocker) in enumerate(REDS)
    ]
    return {
        "Accounts": [
            {
                "Account ID": "A1",
                "Account Name": "Alder Co",
                "Segment": "Enterprise",
                "ARR": 300000,
                "Renewal Date": d(2026, 9, 1),
            },
            {
                "Account ID": "A2",
                "Account Name": "Birch Ltd",
                "Segment": "Commercial",
                "ARR": 50000,
                "Renewal Date": d(2026, 9, 1),
            },
            {"Account ID": "A3", "Account Name": "Cedar Inc", "ARR": 80000, "Renewal Date": d(2026, 9, 1)},
        ],
        "Escalations": [
            *reds,
            _closed("G1", "A3", "green", t(2026, 3, 31, 23), "product_gap"),
            _closed("Y2", "A1", "yellow", t(2026, 4, 1, 0), "product_gap"),
            _open("G3", "A2", t(2026, 5, 10, 9), "support"),
            _open("G4", "A2", t(2026, 6, 15, 8), "product_gap"),
            _open("G5", "A2", t(2026, 6, 16, 9), "outage"),
        ],
        "Reviews": [
            _review("R02", d(2026, 2, 1), "Agree limits early."),
            _review("R04", d(2026, 2, 20), "agree  limits early"),
            _review("R06", d(2026, 3, 1), "Share the plan in writing."),
            _review("G1", d(2026, 4, 10), "Share the plan in writing"),
            _review("Y2", d(2026, 4, 5), None),
            _review("R03", d(2026, 5, 1), "Agree limits early."),
        ],
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learnings") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", folder / "policy")
    write_workbook(folder / "escalations.xlsx", rows())
    return folder


@pytest.fixture(scope="module")
def portfolio(data):
    return Portfolio.from_dataset(load_dataset(data, as_of=AS_OF, scope="full"))


@pytest.fixture(scope="module")
def analysis(portfolio):
    return analyse_learnings(portfolio)


def test_blockers_by_count_most_first_ties_in_vocabulary_order_not_recorded_last(analysis):
    counts = [(b.blocker, b.escalations) for b in analysis.blockers]
    assert counts == [
        ("outage", 4),
        ("product_gap", 3),
        ("support", 2),
        ("pricing", 2),
        ("legal_terms", 1),
        ("budget", 1),
        ("adoption", 1),
        (None, 1),
    ]  # G5, opened after the as-of date, is not an outage yet


def test_blocker_counts_split_by_tier_open_and_reviewed(analysis):
    by_blocker = {b.blocker: b for b in analysis.blockers}
    assert by_blocker["outage"].by_tier == {"green": 0, "yellow": 0, "red": 4}
    assert by_blocker["product_gap"].by_tier == {"green": 2, "yellow": 1, "red": 0}
    assert [(b.open, b.reviewed) for b in analysis.blockers[:4]] == [(0, 3), (1, 2), (1, 0), (0, 1)]


def test_lessons_grouped_by_blocker_then_most_severe_tier_then_newest_review(analysis):
    assert [lesson.escalation.escalation_id for lesson in analysis.lessons] == ["R06", "R04", "R02", "Y2", "G1", "R03"]
    quarters = {lesson.escalation.escalation_id: lesson.quarter for lesson in analysis.lessons}
    assert (quarters["G1"], quarters["Y2"]) == ("2026-Q1", "2026-Q2")  # last evening of Q1, midnight starting Q2
    segments = {lesson.escalation.escalation_id: lesson.segment for lesson in analysis.lessons}
    assert (segments["R02"], segments["R03"], segments["G1"]) == ("enterprise", "commercial", None)


def test_rollup_of_the_fixture(analysis):
    rollup = analysis.rollup
    assert rollup.top_tier is not None
    assert (rollup.top_tier.tier, rollup.top_tier.size) == ("red", RECENT_WINDOW)
    assert (rollup.top_tier.blocker, rollup.top_tier.blocker_count) == ("outage", 3)
    assert (rollup.quarter, rollup.quarter_opened) == ("2026-Q2", 3)
    assert (rollup.quarter_blocker, rollup.quarter_blocker_count) == ("product_gap", 2)
    assert rollup.repeated is not None
    assert (rollup.repeated.text, rollup.repeated.reviews) == ("Agree limits early.", 3)
    assert rollup.repeated.escalation_ids == ["R02", "R04", "R03"]


def test_rollup_sentences_name_the_policy_terms(analysis, portfolio):
    assert rollup_sentences(portfolio.policy, analysis.rollup, len(analysis.lessons)) == [
        "3 of the last 10 Red escalations were blocked by Outage or incident.",
        "3 escalations opened in Q2 2026 to date; the most common blocker type is Product gap (2 of 3).",
        "The most repeated lesson, in 3 reviews: “Agree limits early.”",
    ]


def test_a_smaller_window_and_an_empty_tier_are_worded_as_such(portfolio):
    policy = portfolio.policy
    assert tier_sentence(policy, tier_window(portfolio, "yellow")) == (
        "The one Yellow escalation so far was blocked by Product gap."
    )
    assert tier_sentence(policy, TierWindow("red", 3, None, 0)) == (
        "None of the 3 Red escalations so far has a blocker type recorded."
    )
    assert tier_sentence(policy, TierWindow("red", 4, "pricing", 2)) == (
        "2 of the 4 Red escalations so far were blocked by Pricing."
    )
    assert tier_sentence(policy, TierWindow("red", 0, None, 0)) == "No Red escalation has been opened yet."


def test_the_window_holds_the_newest_of_the_tier(portfolio):
    window = tier_window(portfolio, "red", size=4)  # R08–R11: one each of none, adoption, budget, legal terms
    assert (window.size, window.blocker, window.blocker_count) == (4, "legal_terms", 1)
    assert tier_window(portfolio, "green").size == 3  # G1, G3, G4; G5 is after the as-of date


def test_a_tie_for_the_most_repeated_lesson_goes_to_the_one_repeated_last():
    reviews = [
        Review(row=2, escalation_id="E1", review_date=d(2026, 1, 1), what_to_change="First."),
        Review(row=3, escalation_id="E2", review_date=d(2026, 1, 2), what_to_change="Second"),
        Review(row=4, escalation_id="E3", review_date=d(2026, 1, 3), what_to_change="second."),
        Review(row=5, escalation_id="E4", review_date=d(2026, 1, 4), what_to_change="FIRST"),
        Review(row=6, escalation_id="E5", review_date=d(2026, 1, 5), what_to_change="  "),
    ]
    repeated = repeated_lesson(reviews)
    assert repeated is not None
    assert (repeated.text, repeated.reviews, repeated.escalation_ids) == ("First.", 2, ["E1", "E4"])
    assert repeated_lesson(reviews[:3]) is not None
    assert repeated_lesson(reviews[:2]) is None  # written once each: nothing repeats


def test_lesson_key_and_quarters():
    assert lesson_key("  Agree   limits early. ") == lesson_key("agree limits early") == "agree limits early"
    assert [quarter_key(d(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q2",
        "2026-Q3",
        "2026-Q3",
        "2026-Q4",
        "2026-Q4",
    ]
    assert (quarter_key(d(2025, 12, 31)), quarter_key(d(2026, 1, 1))) == ("2025-Q4", "2026-Q1")
    assert quarter_label("2026-Q3") == "Q3 2026"


def test_page_model_tables_have_stable_ids_and_filter_attributes(data):
    context = build_context(data, as_of=AS_OF, scope="full")
    page = learnings_model(context, "learnings/")
    assert (page.owed.id, page.blockers.id, page.lessons.id) == (
        "learnings-owed",
        "learnings-blockers",
        "learnings-lessons",
    )
    assert [h.content for h in page.blockers.headers] == [
        "Blocker type",
        "Escalations",
        "Share",
        "Red",
        "Yellow",
        "Green",
        "Open now",
        "Reviewed",
    ]
    first = page.blockers.rows[0]
    assert [c.content for c in first.cells[1:]] == [
        "4",
        "27%",
        "4",
        "0",
        "0",
        "0",
        "3",
    ]  # 4 of 15 escalations; numbers shown as text, sorted by data-sort
    assert dict(page.lessons.rows[3].attributes) == {
        "data-blocker-type": "Product gap",
        "data-tier": "Yellow",
        "data-quarter": "Q2 2026",
        "data-segment": "Enterprise",
    }
    assert dict(page.lessons.rows[4].attributes)["data-segment"] == "Not recorded"
    assert [(g.name, g.href, g.count) for g in page.review_pages] == [
        ("Outage or incident", "outage/", "3 reviews"),
        ("Product gap", "product_gap/", "2 reviews"),
        ("Pricing", "pricing/", "1 review"),
    ]


def test_built_learnings_page_of_the_fixture_reads_without_scripts(tmp_path, data):
    result = build_site(tmp_path, data, as_of=AS_OF)
    assert result.returncode == 0, result.output
    page = result.page("learnings")
    assert "3 of the last 10 Red escalations were blocked by Outage or incident." in page
    for table_id in ("learnings-blockers", "learnings-lessons"):
        assert f'<table id="{table_id}"' in page
    lessons = page[page.index('id="learnings-lessons"') :]
    lessons = lessons[: lessons.index("</table>")]
    rows = re.findall(r'<tr data-blocker-type="([^"]+)" data-tier="([^"]+)" data-quarter="([^"]+)"', lessons)
    assert rows == [
        ("Outage or incident", "Red", "Q1 2026"),
        ("Outage or incident", "Red", "Q1 2026"),
        ("Outage or incident", "Red", "Q1 2026"),
        ("Product gap", "Yellow", "Q2 2026"),
        ("Product gap", "Green", "Q1 2026"),
        ("Pricing", "Red", "Q1 2026"),
    ]
    assert "<script" not in lessons


def test_blockers_by_quarter_and_segment(analysis):
    # Q2 2026: Y2 (Alder, enterprise, product gap, reviewed), G3 and G4 (Birch, commercial: support, product gap).
    # Q1 2026: commercial R03 pricing (reviewed), R05 support, R06 outage (reviewed); enterprise R01, R02, R04
    # outage (R02, R04 reviewed), R07 pricing, R08 none, R09 adoption, R10 budget, R11 legal terms; G1 at Cedar,
    # no segment, product gap (reviewed).
    assert [(s.quarter, s.segment, s.blocker, s.escalations, s.reviewed) for s in analysis.slices] == [
        ("2026-Q2", "commercial", "product_gap", 1, 0),
        ("2026-Q2", "commercial", "support", 1, 0),
        ("2026-Q2", "enterprise", "product_gap", 1, 1),
        ("2026-Q1", "commercial", "outage", 1, 1),
        ("2026-Q1", "commercial", "support", 1, 0),
        ("2026-Q1", "commercial", "pricing", 1, 1),
        ("2026-Q1", "enterprise", "outage", 3, 2),
        ("2026-Q1", "enterprise", "pricing", 1, 0),
        ("2026-Q1", "enterprise", "legal_terms", 1, 0),
        ("2026-Q1", "enterprise", "budget", 1, 0),
        ("2026-Q1", "enterprise", "adoption", 1, 0),
        ("2026-Q1", "enterprise", None, 1, 0),
        ("2026-Q1", None, "product_gap", 1, 1),
    ]


def test_slices_table_rows_carry_quarter_segment_and_blocker(data):
    context = build_context(data, as_of=AS_OF, scope="full")
    table = learnings_model(context, "learnings/").slices
    assert table.id == "learnings-blockers-by-quarter"
    assert dict(table.rows[6].attributes) == {
        "data-quarter": "Q1 2026",
        "data-segment": "Enterprise",
        "data-blocker-type": "Outage or incident",
    }
    assert [c.content for c in table.rows[6].cells] == ["Q1 2026", "Enterprise", "Outage or incident", "3", "2"]


def test_lessons_of_blockers_missing_from_the_ranking_come_after_the_ranked_ones(portfolio, analysis):
    from macros.analysis.learnings import lessons

    top = analysis.blockers[0]
    ranked_first = lessons(portfolio, [top])
    assert len(ranked_first) == len(analysis.lessons) > 1
    blockers = [lesson.blocker for lesson in ranked_first]
    cut = blockers.index(next(b for b in blockers if b != top.blocker))
    assert set(blockers[:cut]) == {top.blocker}
    assert top.blocker not in blockers[cut:]


def test_the_repeated_lesson_is_read_in_date_order_not_row_order():
    """Rows out of date order: the lesson's words are those of its earliest review, its escalations in date order,
    and a tie goes to the lesson repeated last even when another sorts first alphabetically."""
    reviews = [
        Review(row=2, escalation_id="E1", review_date=d(2026, 3, 9), what_to_change="zebra crossing."),
        Review(row=3, escalation_id="E2", review_date=d(2026, 3, 2), what_to_change="Zebra crossing"),
        Review(row=4, escalation_id="E3", review_date=d(2026, 1, 5), what_to_change="Alpha"),
        Review(row=5, escalation_id="E4", review_date=d(2026, 1, 6), what_to_change="alpha."),
    ]
    repeated = repeated_lesson(reviews)
    assert repeated is not None
    assert (repeated.text, repeated.reviews, repeated.escalation_ids) == ("Zebra crossing", 2, ["E2", "E1"])


def test_a_lesson_ending_in_a_letter_keeps_it():
    assert lesson_key("Ship plan X.") == lesson_key("ship plan x") == "ship plan x"
    assert lesson_key("Ship plan XX") == "ship plan xx"


def test_the_most_common_blocker_breaks_ties_in_vocabulary_order_and_counts_none_as_nothing():
    from macros.analysis.learnings import _most_common

    order = {"pricing": 0, "product_gap": 1, "outage": 2}
    assert _most_common(["outage", "pricing", None, None, None], order) == ("pricing", 1)
    assert _most_common(["outage", "outage", "pricing"], order) == ("outage", 2)
    assert _most_common([None, None], order) == (None, 0)
    assert _most_common([], order) == (None, 0)
