"""The monthly review's summary lines, splits and period totals, on the fixture of ``test_monthly`` (as of
2026-06-15) with segments and regions added: Alder (A1) Enterprise in EMEA, Birch (A2) Commercial with no region,
Cedar (A3) with no segment, in APAC. Expected values are worked out by hand in each test from the table in
``test_monthly``'s docstring."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import monthly_reviews
from macros.analysis.monthly_splits import month_splits
from macros.analysis.monthly_summary import month_summary
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset
from macros.render.monthly_summary import split_tables, summary_lines
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .test_monthly import AS_OF, fixture_rows
from .workbook_builder import write_workbook

d = dt.date


def rows() -> dict[str, list[dict]]:
    result = fixture_rows()
    extra = {"A1": ("Enterprise", "EMEA"), "A2": ("commercial", None), "A3": (None, "APAC")}
    for account in result["Accounts"]:
        account["Segment"], account["Region"] = extra[account["Account ID"]]
    return result


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monthly_summary") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", folder / "policy")
    write_workbook(folder / "escalations.xlsx", rows())
    return folder


@pytest.fixture(scope="module")
def portfolio(data):
    return Portfolio.from_dataset(load_dataset(data, as_of=AS_OF, scope="full"))


@pytest.fixture(scope="module")
def months(portfolio):
    return {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}


def ids(items) -> list[str]:
    return [getattr(i, "commitment_id", None) or i.escalation_id for i in items]


def test_may_summary(portfolio, months):
    summary = month_summary(portfolio, months["2026-05"])
    assert summary.previous == "2026-04"
    # May: E3, E4 opened (April 4: −2); E2 resolved (April 2: −1); E6, E3, E4 open at the end (April 2: +1);
    # ARR at risk 60,000 + 40,000 + 300,000 (April 160,000: +240,000).
    assert [(c.key, c.value, c.delta) for c in summary.changes] == [
        ("opened_count", 2, -2),
        ("resolved_count", 1, -1),
        ("open_at_end", 3, 1),
        ("arr_at_risk", 400000, 240000),
    ]
    risk = summary.biggest_risk
    assert risk is not None  # E4 is the only red one; Alder renews 20 June, 20 days after 31 May
    assert (risk.escalation.escalation_id, risk.arr_at_risk, risk.days_to_renewal) == ("E4", 300000, 20)
    # C2 (due 10 May, open) and C3 (due 20 May, fulfilled only on 5 June) overdue; C5 due on 31 May itself;
    # C1 fulfilled in April, C4 missed.
    assert ids(summary.commitments.overdue) == ["C2", "C3"]
    assert ids(summary.commitments.due_soon) == ["C5"]


def test_first_month_summary_and_the_30_day_window(portfolio, months):
    summary = month_summary(portfolio, months["2026-04"])
    assert summary.previous is None
    assert [c.delta for c in summary.changes] == [None, None, None, None]
    # Open at 30 April: E2 (yellow, no ARR at risk cell: Birch's 100,000) and E6 (green, 60,000).
    risk = summary.biggest_risk
    assert (risk.escalation.escalation_id, risk.arr_at_risk, risk.days_to_renewal) == ("E2", 100000, 153)
    # C2 due 10 May is 10 days out; C5 due 31 May is 31 days out (outside); C3 and C4 belong to escalations
    # opened in May, so they did not exist at the end of April.
    assert ids(summary.commitments.overdue) == []
    assert ids(summary.commitments.due_soon) == ["C2"]


def test_the_as_of_month_summary_counts_to_the_as_of_date(portfolio, months):
    summary = month_summary(portfolio, months["2026-06"])
    assert [(c.key, c.value, c.delta) for c in summary.changes] == [
        ("opened_count", 0, -2),
        ("resolved_count", 1, 0),
        ("open_at_end", 2, -1),
        ("arr_at_risk", 340000, -60000),
    ]
    assert summary.biggest_risk.days_to_renewal == 5  # 15 June to 20 June
    assert ids(summary.commitments.overdue) == ["C2", "C5"]  # C3 was fulfilled on 5 June
    assert ids(summary.commitments.due_soon) == []


def test_summary_lines_read_from_the_data(data):
    context = build_context(data, as_of=AS_OF, scope="full")
    months = {m.key: m for m in monthly_reviews(context.portfolio, context.governance)}
    lines = summary_lines(context, months["2026-05"], "April 2026", "reviews/2026-05/")
    text = [f"{line.label}: {line.before}{', '.join(link.text for link in line.links)}{line.after}" for line in lines]
    assert text == [
        "What changed: since April 2026, 2 opened (−2) and 1 resolved (−1); 3 open at month end (+1) with "
        "$400,000 of ARR at risk (+$240,000).",
        "Biggest risk: E4 at Alder Co: Red, $300,000 of ARR at risk, renewing 20 days after month end.",
        "Commitments at risk: 2 open past the due date (in any month) and 1 due within 30 days of "
        "month end: C2, C3, C5.",
    ]
    assert lines[1].links[0].href == "../../accounts/A1/#E4"
    assert lines[2].links[0].href == "../../commitments/#C2"
    first = summary_lines(context, months["2026-04"], None, "reviews/2026-04/")
    assert first[0].before == (
        "the log's first month, with 4 opened and 2 resolved; 2 open at month end with $160,000 of ARR at risk."
    )


def test_may_split_by_segment_and_region(portfolio, months):
    splits = month_splits(portfolio, months["2026-05"])
    # Opened E3 (Cedar) and E4 (Alder); resolved E2 (Birch, churned: 100,000 lost); open at the end E6 (Birch,
    # 60,000), E3 (Cedar, 40,000), E4 (Alder, 300,000). Segments in policy order, not recorded last.
    assert [(s.key, s.opened, s.resolved, s.open_at_end, s.arr_at_risk, s.arr_lost) for s in splits.by_segment] == [
        ("commercial", 0, 1, 1, 60000, 100000),
        ("enterprise", 1, 0, 1, 300000, 0),
        (None, 1, 0, 1, 40000, 0),
    ]
    assert [(s.key, s.opened, s.resolved, s.open_at_end, s.arr_at_risk) for s in splits.by_region] == [
        ("APAC", 1, 0, 1, 40000),
        ("EMEA", 1, 0, 1, 300000),
        (None, 0, 1, 1, 60000),
    ]


def test_no_region_recorded_means_no_region_split(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", fixture_rows())  # no account records a region
    context = build_context(data, as_of=AS_OF, scope="full")
    review = monthly_reviews(context.portfolio, context.governance)[1]
    assert month_splits(context.portfolio, review).by_region is None
    tables = split_tables(context, review)
    assert tables.by_region is None
    assert [dict(r.attributes) for r in tables.by_segment.rows] == [{"data-segment": "Not recorded"}]


def test_split_tables_carry_ids_and_filter_attributes(data):
    context = build_context(data, as_of=AS_OF, scope="full")
    review = monthly_reviews(context.portfolio, context.governance)[1]
    tables = split_tables(context, review)
    assert (tables.by_segment.id, tables.by_region.id) == ("month-by-segment", "month-by-region")
    assert [dict(r.attributes)["data-segment"] for r in tables.by_segment.rows] == [
        "Commercial",
        "Enterprise",
        "Not recorded",
    ]
    assert [c.content for c in tables.by_region.rows[1].cells] == ["EMEA", "1", "0", "1", "$300,000", "$0", "$0"]
