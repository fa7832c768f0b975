"""One as-of instant everywhere: the sample built as of three dates (before the first row, mid-history, after the
last row). Every page that shows open escalations, ARR at risk, overdue actions or overdue commitments agrees with
the others and with a count made straight from the recorded workbook."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.dataset import load_dataset
from macros.render.formats import money, short_money

from .conftest import SAMPLE_DATA
from .site_builder import build_site

pytestmark = pytest.mark.build

BEFORE_FIRST_ROW = "2025-10-01"
MID_HISTORY = "2026-06-15"
AFTER_LAST_ROW = "2027-01-15"
AS_OF_DATES = (BEFORE_FIRST_ROW, MID_HISTORY, AFTER_LAST_ROW)


@dataclass
class Table:
    heading: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        index = self.headers.index(name)
        return [row[index] for row in self.rows]


class _Tables(HTMLParser):
    """Every table of a page's article, with the text of the heading before it."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.heading = ""
        self._in_heading = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._header_row = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._in_heading, self.heading = True, ""
        elif tag == "table":
            self.tables.append(Table(self.heading.strip()))
        elif tag == "tr":
            self._row, self._header_row = [], False
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header_row = self._header_row or (tag == "th" and not self._row)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._header_row and not table.headers:
                table.headers = self._row
            else:
                table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_heading:
            self.heading += data
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> list[Table]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def amount(cell: str) -> float:
    return float(re.sub(r"[^0-9.\-]", "", cell) or 0)


@dataclass
class Truth:
    """What the recorded workbook says, counted here without the site's code paths."""

    open_by_tier: dict[str, int]
    arr_by_tier: dict[str, float]
    open_ids: set[str]
    open_ids_by_tier: dict[str, set[str]]
    overdue_actions: int
    overdue_commitments: int
    hidden_rows: int


def truth(as_of_text: str) -> Truth:
    dataset = load_dataset(SAMPLE_DATA, as_of=as_of_text)
    policy, log = dataset.policy, dataset.recorded_log
    as_of = dt.date.fromisoformat(as_of_text)
    open_status = {s.id: s.open for s in policy.log_values.escalation_statuses}
    done_action = {s.id: s.done for s in policy.log_values.action_statuses}
    commitment_state = {s.id: s.state for s in policy.log_values.commitment_statuses}
    accounts = {a.account_id: a for a in log.accounts}
    visible = {e.escalation_id: e for e in log.escalations if e.opened_on.date() <= as_of}
    open_by_tier = {t.id: 0 for t in policy.tiers}
    arr_by_tier = {t.id: 0.0 for t in policy.tiers}
    open_ids = set()
    open_ids_by_tier: dict[str, set[str]] = {t.id: set() for t in policy.tiers}
    for e in visible.values():
        closed = not open_status[e.status] and (e.resolved_on is None or e.resolved_on.date() <= as_of)
        if not closed:
            open_ids.add(e.escalation_id)
            open_ids_by_tier[e.tier].add(e.escalation_id)
            open_by_tier[e.tier] += 1
            arr_by_tier[e.tier] += e.arr_at_risk if e.arr_at_risk is not None else accounts[e.account_id].arr
    overdue_actions = sum(
        1
        for a in log.actions
        if a.escalation_id in visible
        and not (done_action[a.status] and (a.completed_on is None or a.completed_on <= as_of))
        and a.due < as_of
    )
    overdue_commitments = sum(
        1
        for c in log.commitments
        if c.escalation_id in visible
        and (
            commitment_state[c.status] == "open"
            or (commitment_state[c.status] == "fulfilled" and c.fulfilled_on and c.fulfilled_on > as_of)
        )
        and c.due < as_of
    )
    hidden = len(log.escalations) - len(visible)
    for records, when in (
        (log.actions, None),
        (log.commitments, None),
        (log.updates, "date"),
        (log.reviews, "review_date"),
    ):
        for record in records:
            day = getattr(record, when) if when else None
            later = day is not None and (day.date() if isinstance(day, dt.datetime) else day) > as_of
            hidden += record.escalation_id not in visible or later
    return Truth(open_by_tier, arr_by_tier, open_ids, open_ids_by_tier, overdue_actions, overdue_commitments, hidden)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for as_of in AS_OF_DATES:
        result = build_site(tmp_path_factory.mktemp(f"as-of-{as_of}"), SAMPLE_DATA, as_of=as_of)
        assert result.returncode == 0, result.output
        built[as_of] = result
    return built


@pytest.fixture(scope="module")
def policy():
    return load_dataset(SAMPLE_DATA, scope="policy-only").policy


def test_the_three_dates_cover_before_during_and_after_the_log():
    assert sum(truth(BEFORE_FIRST_ROW).open_by_tier.values()) == 0
    assert truth(BEFORE_FIRST_ROW).hidden_rows > 0
    mid = truth(MID_HISTORY)
    assert sum(mid.open_by_tier.values()) > 0 and mid.hidden_rows > 0
    assert truth(AFTER_LAST_ROW).hidden_rows == 0


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_home_counts_open_escalations_and_arr_by_tier(sites, policy, as_of):
    expected = truth(as_of)
    page = sites[as_of].page("")
    cards = re.findall(
        r'<span class="ref-card-title">([^<]*)</span><span class="ref-card-figure">(\d+)</span>'
        r'<span class="ref-card-caption">open · ([^<]*) at risk</span>',
        page,
    )
    by_name = {html.unescape(name): (int(n), html.unescape(arr)) for name, n, arr in cards}
    currency = policy.organisation.company.currency
    for tier in policy.tiers:
        assert by_name[tier.name] == (
            expected.open_by_tier[tier.id],
            short_money(expected.arr_by_tier[tier.id], currency),
        )
    total = sum(expected.arr_by_tier.values())
    assert f"{sum(expected.open_by_tier.values())} open escalations with {money(total, currency)} ARR at risk" in text(
        page
    )
    assert re.search(rf"\b{expected.overdue_actions} overdue action", text(page))


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_tier_pages_list_the_same_open_escalations(sites, policy, as_of):
    expected = truth(as_of)
    for tier in policy.tiers:
        page = sites[as_of].page(f"tiers/{tier.id}")
        assert f"Current escalations ({expected.open_by_tier[tier.id]})" in text(page)
        current = [t for t in tables(page) if t.heading.startswith("Current escalations")]
        listed = current[0].rows if current and current[0].headers else []
        assert {row[0] for row in listed} == expected.open_ids_by_tier[tier.id]
        assert sum(amount(c) for c in (current[0].column("ARR at risk") if listed else [])) == pytest.approx(
            expected.arr_by_tier[tier.id]
        )


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_escalations_list_shows_only_escalations_opened_by_the_as_of_date(sites, policy, as_of):
    expected = truth(as_of)
    open_names = {s.name for s in policy.log_values.escalation_statuses if s.open}
    tier_by_name = {t.name: t.id for t in policy.tiers}
    listed = [t for t in tables(sites[as_of].page("escalations")) if "Status" in t.headers]
    rows = listed[0].rows if listed else []
    found_open = {t.id: 0 for t in policy.tiers}
    found_arr = {t.id: 0.0 for t in policy.tiers}
    ids = set()
    for row in rows:
        record = dict(zip(listed[0].headers, row, strict=True))
        if record["Status"] in open_names:
            tier = tier_by_name[record["Tier"]]
            found_open[tier] += 1
            found_arr[tier] += amount(record["ARR at risk"])
            ids.add(record["Escalation"])
    assert found_open == expected.open_by_tier
    assert found_arr == pytest.approx(expected.arr_by_tier)
    assert ids == expected.open_ids


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_commitments_and_actions_pages_count_the_same_overdue_items(sites, as_of):
    expected = truth(as_of)
    commitments = sites[as_of].page("commitments")
    figure = re.search(r'Overdue</span><span class="ref-card-figure">(\d+)</span>', commitments)
    assert figure is not None and int(figure.group(1)) == expected.overdue_commitments
    actions = text(sites[as_of].page("actions"))
    assert f", {expected.overdue_actions} overdue, as of {as_of}" in actions


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_review_of_the_as_of_month_agrees_at_its_end(sites, policy, as_of):
    expected = truth(as_of)
    review = sites[as_of].site / "reviews" / as_of[:7] / "index.html"
    if not expected.open_ids and as_of == BEFORE_FIRST_ROW:
        assert not review.exists()
        return
    page = review.read_text(encoding="utf-8")
    summary = next(t for t in tables(page) if "Open at month end" in t.headers)
    by_name = {row[0]: row for row in summary.rows}
    for tier in policy.tiers:
        row = dict(zip(summary.headers, by_name[tier.name], strict=True))
        assert int(row["Open at month end"]) == expected.open_by_tier[tier.id]
        assert amount(row["ARR at risk at month end"]) == pytest.approx(expected.arr_by_tier[tier.id])
    opened = [t for t in tables(page) if "Opened" in t.headers and "Blocker" in t.headers]
    if opened:
        assert opened[0].headers[-1] == f"Status on {as_of}"
    assert "Status now" not in text(page)


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_data_quality_names_only_known_rows_and_counts_the_later_ones(sites, as_of):
    expected = truth(as_of)
    dataset = load_dataset(SAMPLE_DATA, as_of=as_of)
    row_of_cell = {e.ref("escalation_id"): e.escalation_id for e in dataset.recorded_log.escalations}
    page = sites[as_of].page("data-quality")
    stale = [t for t in tables(page) if t.heading.startswith("Stale escalations")]
    for row in stale[0].rows if stale else []:
        assert row_of_cell[row[0]] in expected.open_ids
    lead = re.search(r"(\d[\d,]*) left out of this build", text(page))
    if expected.hidden_rows:
        assert lead is not None and int(lead.group(1).replace(",", "")) == expected.hidden_rows
    else:
        assert lead is None


def test_a_briefing_shows_no_update_dated_after_the_as_of_date(sites):
    dataset = load_dataset(SAMPLE_DATA, as_of=MID_HISTORY)
    later = [u for u in dataset.recorded_log.updates if u.date.date() > dt.date.fromisoformat(MID_HISTORY)]
    assert later
    pages = "".join(p.read_text(encoding="utf-8") for p in Path(sites[MID_HISTORY].site, "accounts").rglob("*.html"))
    for update in later:
        assert update.date.strftime("%Y-%m-%d %H:%M") not in pages
