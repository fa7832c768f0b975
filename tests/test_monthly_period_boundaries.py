"""Quarter and year-to-date totals, and the month's summary, at their boundaries.

Totals fixture (sample policy, green escalations):

====  ==================  ==================  ========  ===========
id    opened              resolved            outcome   ARR at risk
====  ==================  ==================  ========  ===========
Q1    2025-09-30 23:30    2025-10-01 00:00    Renewed   1,000
Q2    2025-10-01 00:00    2025-12-31 23:59    Churned   2,000
Q3    2025-12-31 23:00    open                          4,000
Q4    2026-01-01 00:00    open                          8,000
Q5    2026-01-02 09:00    open                          16,000
====  ==================  ==================  ========  ===========

As of 2026-01-01 (the first day of the year) Q5 does not exist yet; the year to date holds 1 January only.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import monthly_reviews
from macros.analysis.monthly_summary import month_summary
from macros.analysis.monthly_totals import period_totals
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset
from macros.render.monthly_totals import period_label

from .conftest import SAMPLE_DATA
from .test_monthly import _escalation
from .test_monthly_boundaries import rows as month_end_rows
from .workbook_builder import write_workbook

t, d = dt.datetime, dt.date


def totals_rows() -> dict[str, list[dict]]:
    def open_(eid, opened, arr):
        return _escalation(eid, "A1", "green", opened, status="In progress", arr=arr)

    return {
        "Accounts": [{"Account ID": "A1", "Account Name": "Account A1", "ARR": 100000, "Renewal Date": d(2027, 6, 1)}],
        "Escalations": [
            _escalation(
                "Q1", "A1", "green", t(2025, 9, 30, 23, 30), resolved=t(2025, 10, 1), outcome="Renewed", arr=1000
            ),
            _escalation(
                "Q2", "A1", "green", t(2025, 10, 1), resolved=t(2025, 12, 31, 23, 59), outcome="Churned", arr=2000
            ),
            open_("Q3", t(2025, 12, 31, 23), 4000),
            open_("Q4", t(2026, 1, 1), 8000),
            open_("Q5", t(2026, 1, 2, 9), 16000),
        ],
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("period_ends") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", folder / "policy")
    write_workbook(folder / "escalations.xlsx", totals_rows())
    return folder


def totals(data, as_of):
    portfolio = Portfolio.from_dataset(load_dataset(data, as_of=as_of, scope="full"))
    return {p.key: p for p in period_totals(monthly_reviews(portfolio, Governance(portfolio)))}


def flows(total) -> tuple:
    f = total.figures
    return (f["opened_count"], f["resolved_count"], f["arr_saved"], f["arr_lost"], f["open_at_end"], f["arr_at_risk"])


def test_years_then_their_quarters_newest_first(data):
    assert list(totals(data, "2026-01-01")) == ["2026", "2026-Q1", "2025", "2025-Q4", "2025-Q3"]


def test_year_to_date_on_the_first_day_of_the_year_counts_that_day_only(data):
    year = totals(data, "2026-01-01")["2026"]
    assert (year.start, year.end, year.to_date) == (d(2026, 1, 1), d(2026, 1, 1), True)
    # Q4 opened at midnight on 1 January; Q5 on 2 January does not exist yet. Open at the end: Q3 and Q4.
    assert flows(year) == (1, 0, 0, 0, 2, 12000)
    assert period_label(year) == "2026 to date"


def test_the_year_before_ends_at_the_last_minute_of_december(data):
    year = totals(data, "2026-01-01")["2025"]
    assert (year.start, year.end, year.to_date) == (d(2025, 9, 1), d(2025, 12, 31), False)
    # Opened Q1, Q2, Q3 (23:00 on 31 December); resolved Q1 (saved) and Q2 (lost, at 23:59 on 31 December).
    assert flows(year) == (3, 2, 1000, 2000, 1, 4000)
    assert period_label(year) == "2025"


def test_a_quarter_starts_at_midnight_on_its_first_day(data):
    periods = totals(data, "2026-01-01")
    # Q1 opened on the last evening of Q3 and was resolved at midnight starting Q4: open at the end of Q3.
    assert flows(periods["2025-Q3"]) == (1, 0, 0, 0, 1, 1000)
    assert flows(periods["2025-Q4"]) == (2, 2, 1000, 2000, 1, 4000)
    assert [m.key for m in periods["2025-Q4"].months] == ["2025-10", "2025-11", "2025-12"]


def test_a_quarter_is_to_date_until_its_last_day_is_counted(data):
    assert totals(data, "2026-03-30")["2026-Q1"].to_date
    last_day = totals(data, "2026-03-31")
    assert not last_day["2026-Q1"].to_date
    assert period_label(last_day["2026-Q1"]) == "Q1 2026"
    assert period_label(last_day["2026"]) == "2026 to date"  # the year goes on
    assert flows(last_day["2026-Q1"]) == (2, 0, 0, 0, 3, 28000)  # Q4 and Q5 opened; Q3, Q4, Q5 open
    assert period_label(totals(data, "2026-04-01")["2026-Q2"]) == "Q2 2026 to date"


def test_a_year_is_complete_on_its_last_day(data):
    assert not totals(data, "2025-12-31")["2025"].to_date
    assert totals(data, "2025-12-30")["2025"].to_date


def test_compliance_over_a_period_weighs_every_target(data):
    year = totals(data, "2026-01-01")["2025"]
    met, counted = year.figures["targets_met"], year.figures["targets_counted"]
    assert counted == sum(m.targets_counted for m in year.months) > 0
    assert year.compliance == pytest.approx(100 * met / counted)


def test_a_periods_figures_as_the_pages_ask_for_them(data):
    """Compliance is computed, the rest read as summed, and a key that is no figure gives none."""
    year = totals(data, "2026-01-01")["2025"]
    met = year.figures["targets_met"]
    assert year.figure("compliance") == year.compliance
    assert year.figure("targets_met") == met > 0
    assert year.figure("opened_count") == sum(m.opened_count for m in year.months) > 0
    assert year.figure("no_such_figure") is None


# --- the summary at month ends (fixture of test_monthly_boundaries, as of 2026-07-15) -------------------------
@pytest.fixture(scope="module")
def month_ends(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary_month_ends") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", folder / "policy")
    write_workbook(folder / "escalations.xlsx", month_end_rows())
    portfolio = Portfolio.from_dataset(load_dataset(folder, as_of="2026-07-15", scope="full"))
    return portfolio, {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}


def test_commitments_at_risk_at_the_end_of_may(month_ends):
    portfolio, months = month_ends
    at_risk = month_summary(portfolio, months["2026-05"]).commitments
    # C5 (due 1 May) and C3 (due 30 May, fulfilled 1 June) overdue; C2 due on the last day and C4 due on 1 June
    # are due soon; C1 fulfilled on its due day, 31 May.
    assert [c.commitment_id for c in at_risk.overdue] == ["C5", "C3"]
    assert [c.commitment_id for c in at_risk.due_soon] == ["C2", "C4"]


def test_biggest_risk_ties_on_tier_and_arr_go_to_the_soonest_renewal(month_ends):
    portfolio, months = month_ends
    risk = month_summary(portfolio, months["2026-05"]).biggest_risk
    # Four yellow escalations with 1,000 at risk each; A4's renewal date was the day before month end.
    assert (risk.escalation.escalation_id, risk.days_to_renewal) == ("Y4", -1)
    june = month_summary(portfolio, months["2026-06"]).biggest_risk
    assert (june.escalation.escalation_id, june.days_to_renewal) == ("Y4", -31)


def test_renewals_at_risk_at_period_end_include_day_90(month_ends):
    _, months = month_ends
    q2 = {p.key: p for p in period_totals(list(months.values()))}["2026-Q2"]
    # At the end of May, A1 renews on day 90 and A3 on day 0 (both counted), A2 on day 91 (not); at the end of
    # June, the quarter's last month end, A1 and A2 renew in 60 and 61 days.
    assert months["2026-05"].renewals_at_risk_count == 2
    assert q2.figures["renewals_at_risk_count"] == 2
    assert [r.account.account_id for r in months["2026-06"].renewals_at_risk] == ["A1", "A2"]


def test_years_and_quarters_say_which_they_are(data):
    periods = totals(data, "2026-01-01")
    assert periods["2025"].kind == "year"
    quarters = [p for key, p in periods.items() if "-Q" in key]
    assert quarters and {p.kind for p in quarters} == {"quarter"}
