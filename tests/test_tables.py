"""The table model: sort keys computed from typed values, column kinds and filters inferred or declared, the
component markup a table with an id gets, linked views, and the home page's counts against the tables they open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.analysis.attention import attention, renewal_window
from macros.render import table_views as views
from macros.render.account_index import account_index_model, account_table
from macros.render.commitments_page import _commitment_rows, commitment_table
from macros.render.indexes import escalation_index_model, tracker_model
from macros.render.table_cells import (
    Typed,
    date_key,
    days_cell,
    money_cell,
    money_key,
    number_key,
    text_cell,
    tier_cell,
    tier_key,
)
from macros.render.tables import MAX_FILTER_TEXT, Column, column_key, plain_text, table, table_model, view_query
from macros.site_context import build_context

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA


@pytest.mark.parametrize(
    ("value", "key"),
    [(1200, "1200"), (0.5, "0.5"), (-3, "-3"), (0, "0"), (-0.0, "0"), (1_000_000.25, "1000000.25"), (None, "")],
)
def test_number_key_is_plain_decimal_text(value, key):
    assert number_key(value) == key


def test_money_key_has_cents_and_no_symbol_or_separator():
    assert money_key(420000) == "420000"
    assert money_key(-12.5) == "-12.5"
    assert money_key(0.105) == "0.1"  # to the cent
    assert money_key(None) == ""


def test_date_key_is_iso_and_a_moment_keeps_its_minutes():
    assert date_key(dt.date(2026, 3, 1)) == "2026-03-01"
    assert date_key(dt.datetime(2026, 3, 1, 9, 5)) == "2026-03-01T09:05"
    assert date_key(None) == ""


@given(st.lists(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 1, 1)), max_size=30))
def test_date_keys_sort_as_the_moments_do(moments):
    moments = [m.replace(second=0, microsecond=0) for m in moments]
    assert sorted(moments, key=date_key) == sorted(moments)


@given(st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), max_size=30))
def test_number_keys_read_back_as_the_numbers_sort(numbers):
    assert sorted(numbers, key=lambda n: float(number_key(n))) == sorted(numbers, key=lambda n: round(n, 6))


def test_tier_key_is_the_policy_severity_rank(sample_policy):
    tiers = sample_policy.tiers_file.tiers
    keys = [int(tier_key(sample_policy, t.id)) for t in tiers]
    assert keys == list(range(len(tiers)))  # least severe 0, most severe last, in the policy's own order
    assert tier_key(sample_policy, "no-such-tier") == ""
    assert tier_key(sample_policy, None) == ""


def test_duration_cell_sorts_by_signed_days_and_reads_as_a_phrase():
    assert (days_cell(-3).display, days_cell(-3).sort, days_cell(-3).kind) == ("3 days ago", "-3", "duration")
    assert (days_cell(12).display, days_cell(12).sort) == ("in 12 days", "12")
    assert (days_cell(None).display, days_cell(None).sort) == ("—", "")


def _headers(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(data-[a-z]+)="([^"]*)"', attrs)) for attrs in re.findall(r"<th(\s[^>]*)>", html)]


def test_a_table_without_an_id_stays_plain():
    html = str(table(("Name", "ARR"), [("a", 3), ("b", 4)]))
    assert "data-sort" not in html and "ref-component" not in html and "ref-filters" not in html
    assert "<td>a</td>" in html


def test_kinds_are_inferred_from_typed_values_and_cells_carry_their_sort_keys():
    rows = [
        ("Harbor", 3, dt.date(2026, 1, 2), money_cell(1200.5, "USD"), days_cell(-4), "x"),
        ("Alder", 10, dt.date(2025, 1, 1), money_cell(None, "USD"), days_cell(30), "y"),
        ("Birch", 1, None, money_cell(90, "USD"), days_cell(None), "x"),
    ]
    html = str(table(("Name", "N", "Day", "ARR", "Renewal in", "Who"), rows, id_="t", noun="thing"))
    headers = _headers(html)
    assert [h["data-kind"] for h in headers] == ["text", "number", "date", "money", "duration", "text"]
    assert [h["data-key"] for h in headers] == ["name", "n", "day", "arr", "renewal-in", "who"]
    assert 'data-sort="1200.5">$1,200</td>' in html
    assert 'data-sort="-4">4 days ago</td>' in html
    assert 'data-sort="2025-01-01">2025-01-01</td>' in html
    assert "<td>y</td>" in html  # the filter reads the cell's text: no data-filter repeating it
    assert headers[5]["data-options"] == "[&quot;x&quot;, &quot;y&quot;]"
    assert "data-options" not in headers[0]  # every name differs: searched, not filtered
    assert 'id="t"' in html and 'class="ref-table ref-component"' in html
    assert '<p class="ref-muted ref-count" data-for="t" role="status" aria-live="polite">3 things.</p>' in html
    assert '<div class="ref-filters" data-for="t" hidden></div>' in html


def test_link_columns_are_not_filters_and_declared_columns_override_inference():
    rows = [(Typed(__import__("markupsafe").Markup('<a href="a/">A</a>'), "", "text"), "x", "p")] * 3
    model = table_model(("Account", Column("Owner", filter=False), Column("Kind", filter=True)), rows, id_="t")
    assert [h.options for h in model.headers] == [(), (), ("p",)]


def test_a_repeated_sentence_is_searched_not_offered_as_a_filter():
    """A filter lists categories; a select of sentences would be wider than a phone."""
    at_limit, over = "x" * MAX_FILTER_TEXT, "y" * (MAX_FILTER_TEXT + 1)
    short = table_model(("Lesson",), [(at_limit,), (at_limit,), ("z",)], id_="t")
    long = table_model(("Lesson",), [(over,), (over,), ("z",)], id_="t")
    declared = table_model((Column("Lesson", filter=True),), [(over,), (over,), ("z",)], id_="t")
    assert short.headers[0].options == (at_limit, "z")
    assert long.headers[0].options == ()
    assert declared.headers[0].options == (over, "z")


def test_tier_filter_lists_tiers_most_severe_first_and_sorts_by_rank(sample_policy):
    tiers = [t.id for t in sample_policy.tiers_file.tiers]
    rows = [(tier_cell(sample_policy, t),) for t in tiers] + [(tier_cell(sample_policy, None, empty="None open"),)]
    model = table_model(("Tier",), rows, id_="t")
    names = [sample_policy.tier_by_id[t].name for t in reversed(tiers)]
    assert model.headers[0].options == (*names, "None open")
    assert [r.cells[0].sort for r in model.rows] == [str(i) for i in range(len(tiers))] + [""]


def test_a_text_cell_can_sort_by_its_own_key_and_filter_by_its_own_value():
    rows = [(text_cell("Overdue (Open)", sort="0", filter="Overdue"),), (text_cell("Fulfilled", sort="3"),)] * 2
    model = table_model((Column("State", filter=True),), rows, id_="t")
    assert model.headers[0].options == ("Overdue", "Fulfilled")  # by sort key, not A to Z
    assert (model.rows[0].cells[0].sort, model.rows[0].cells[0].filter) == ("0", "Overdue")
    assert (model.rows[1].cells[0].sort, model.rows[1].cells[0].filter) == ("3", None)  # its text is its value


def test_data_in_a_component_table_is_escaped_in_text_and_attributes():
    hostile = '<script>x</script>{{ 7*7 }}"'
    rows = [(text_cell(hostile, filter=hostile + "!"),), (hostile,), ("b",)]
    html = str(table((Column("Who", filter=True),), rows, id_="t"))
    assert "<script>" not in html and "{{" not in html
    assert 'data-filter="&lt;script&gt;x&lt;/script&gt;&#123;&#123; 7*7 &#125;&#125;&quot;!"' in html


def test_an_empty_component_table_keeps_its_anchor():
    html = str(table(("A",), [], id_="t", empty="None yet."))
    assert html.strip() == '<p class="ref-empty" id="t">None yet.</p>'


def test_view_query_names_the_table_and_its_column_keys():
    assert column_key("Days to renewal") == "days-to-renewal"
    assert view_query("tracker", {"due": "Overdue"}, sort="-due", search="harbor ltd") == (
        "?tracker.due=Overdue&tracker.sort=-due&tracker.q=harbor+ltd#tracker"
    )
    assert view_query("t") == "#t"


def test_renewal_windows():
    assert [renewal_window(d) for d in (None, -1, 0, 30, 31, 90, 91)] == [
        "no_date",
        "passed",
        "soon",
        "soon",
        "near",
        "near",
        "later",
    ]


@pytest.fixture(scope="module")
def sample_context():
    return build_context(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="full")


def _rows_matching(model, query: str) -> int:
    """How many rows a linked view shows: the rows whose cells match every filter of the query."""
    params = dict(re.findall(r"[?&][^.=&#]+\.([^=&#]+)=([^&#]*)", query))
    keys = [h.key for h in model.headers]
    wanted = {keys.index(k): v.replace("+", " ") for k, v in params.items()}
    return sum(all(_filter_value(row.cells[i]) == v for i, v in wanted.items()) for row in model.rows)


def _filter_value(cell) -> str:
    """What the script filters a cell by: its data-filter, or else its text."""
    return cell.filter if cell.filter is not None else plain_text(cell.content)


def test_each_home_count_equals_the_rows_of_the_view_it_links_to(sample_context):
    context = sample_context
    found = attention(context.portfolio, context.governance.is_finding)
    commitments = commitment_table(_commitment_rows(context, context.portfolio.commitments, ""), "c", "", "")
    tracker = tracker_model(context, "actions/")
    accounts = account_table(account_index_model(context, "accounts/"))
    pairs = [
        (len(found.overdue_actions), tracker, views.overdue_actions_view()),
        (len(found.check_ins), tracker, views.check_ins_view()),
        (len(found.overdue_commitments), commitments, views.overdue_commitments_view()),
        (len(found.renewing_soon), accounts, views.renewing_soon_view()),
    ]
    for count, model, query in pairs:
        assert _rows_matching(model, query) == count, query
    assert all(count > 0 for count, _, _ in pairs)  # the sample exercises every view


def test_the_escalation_index_shows_renewal_and_health(sample_context):
    model = escalation_index_model(sample_context, "escalations/")
    keys = [h.key for h in model.headers]
    assert keys[-3:] == ["renewal", "days-to-renewal", "health"]
    assert [h.kind for h in model.headers[-3:]] == ["date", "duration", "text"]
    assert model.headers[keys.index("days-to-renewal")].options[0] == "Passed"
    assert len(model.rows) == len(sample_context.portfolio.escalations)


def test_the_tracker_marks_blocked_actions_in_words(sample_context):
    model = tracker_model(sample_context, "actions/")
    blocked = [
        r
        for r in model.rows
        if ("class", "ref-blocked") in r.attributes or any(v == "ref-overdue ref-blocked" for _, v in r.attributes)
    ]
    assert blocked
    status = [h.key for h in model.headers].index("status")
    assert all('<strong class="ref-blocked-label">' in str(r.cells[status].content) for r in blocked)
    assert "owner" in [h.key for h in model.headers if h.options]


def test_the_home_findings_are_exactly_the_commitments_governance_finds(sample_context):
    context = sample_context
    found = attention(context.portfolio, context.governance.is_finding)
    expected = [c for c in context.portfolio.commitments if context.governance.is_finding(c)]
    assert expected  # the sample has approvals without authority
    assert found.findings == expected


def _window_by_dates(day, as_of, done: bool, *, none: str, passed: str) -> str:
    """The window worked out from the dates alone: before the as-of day, within seven days after it, or later."""
    if done:
        return "done" if none == "no_date" else "none"
    if day is None:
        return none
    days = ((day.date() if isinstance(day, dt.datetime) else day) - as_of).days
    return passed if days < 0 else "this_week" if days <= 7 else "later"


def test_each_sample_action_is_in_the_due_and_check_in_window_its_dates_give(sample_context):
    """At the sample's as-of date and a month before it, so that every window occurs."""
    from macros.analysis.attention import CHECK_IN_WINDOWS, DUE_WINDOWS, check_in_window, due_window

    earlier = build_context(SAMPLE_DATA, as_of="2026-10-31", scope="full")
    due_seen, check_in_seen = set(), set()
    for portfolio in (sample_context.portfolio, earlier.portfolio):
        as_of = portfolio.as_of
        for action in portfolio.actions:
            done = portfolio.action_done(action)
            due = due_window(portfolio, action)
            assert due == _window_by_dates(action.due, as_of, done, none="no_date", passed="overdue"), action.row
            check_in = check_in_window(portfolio, action)
            expected = _window_by_dates(action.next_check_in, as_of, done, none="none", passed="passed")
            assert check_in == expected, action.row
            due_seen.add(due)
            check_in_seen.add(check_in)
    assert due_seen <= set(DUE_WINDOWS) and {"overdue", "this_week", "later", "done"} <= due_seen
    assert check_in_seen <= set(CHECK_IN_WINDOWS) and {"later", "none"} <= check_in_seen


def test_an_open_action_without_a_due_date_or_check_in_has_no_window(sample_context):
    import dataclasses

    from macros.analysis.attention import check_in_window, due_window

    portfolio = sample_context.portfolio
    action = next(a for a in portfolio.actions if not portfolio.action_done(a))
    undated = dataclasses.replace(action, due=None, next_check_in=None)
    assert due_window(portfolio, undated) == "no_date"
    assert check_in_window(portfolio, undated) == "none"
    done = next(a for a in portfolio.actions if portfolio.action_done(a))
    assert due_window(portfolio, dataclasses.replace(done, due=None)) == "done"


_PIECES = [*"ab <>/&;#x1 \n\t\xa0\u2028", "&amp;", "&#32;", "&nbsp;", "<!--", "-->", "<a href='x'>", "</a>"]
_HTMLISH = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_HTMLISH)
def test_the_text_of_markup_is_what_striptags_reads(html):
    """The fast reading of a cell's text (macros/render/tables.py markup_text) matches markupsafe's striptags with
    whitespace folded, for any mix of tags, entities, comments and whitespace."""
    from markupsafe import Markup

    from macros.render.tables import markup_text

    assert markup_text(html) == " ".join(Markup(html).striptags().split())  # noqa: S704 (read, not printed)
