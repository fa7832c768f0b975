"""The digest at its edges: an escalation opened at the very start of the previous business day, the order of
escalations opened since then, tier changes only where the policy tier really moved (an escalation time-escalated
long ago, one red by its ARR at risk), which authority findings are still worth saying, and the previous business
day of a calendar closed for more than a year.

Planted on the small log with the sample policy, as of Tuesday 30 June 2026 (previous business day: Monday 29 June).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.digest import build_digest, previous_business_day
from macros.policy.organisation import BusinessCalendar, Closure
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook

AS_OF = dt.date(2026, 6, 30)
SINCE_START = dt.datetime(2026, 6, 29, 0, 0)


def _escalation(eid, opened, account="ACC-Q", tier="green", **more):
    return {
        "Escalation ID": eid,
        "Account ID": account,
        "Opened On": opened,
        "Tier": tier,
        "Status": "Open",
        "Issue": f"Issue of {eid}",
        "Impact": "Some",
        "Requested Support": "Help",
        "Deadline": dt.date(2026, 12, 1),
        "Owner": "Ivan Petrov",
        "Acknowledged At": opened + dt.timedelta(hours=1),
        **more,
    }


def _commitment(cid, escalation, status):
    return {
        "Commitment ID": cid,
        "Escalation ID": escalation,
        "Type": "discount",
        "Description": f"Planted {cid}",
        "Owner": "Jordan Kim",
        "Due": dt.date(2026, 9, 30),
        "Status": status,
        "Value": "25%",
        "Approved By": "Olivia Grant",
        "Approved On": dt.date(2026, 6, 20),
    }


@pytest.fixture(scope="module")
def digest(tmp_path_factory):
    data = tmp_path_factory.mktemp("digest-edges") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log(AS_OF)
    rows["Accounts"] += [
        {
            "Account ID": "ACC-Q",
            "Account Name": "Quiet Planted Co",
            "Segment": "mid_market",
            "ARR": 20000,
            "Renewal Date": dt.date(2027, 6, 1),
            "Health": "green",
            "CSM": "Priya Raman",
        },
        {
            "Account ID": "ACC-R",
            "Account Name": "Risky Planted Co",
            "Segment": "mid_market",
            "ARR": 500000,
            "Renewal Date": dt.date(2026, 9, 1),  # 63 days after the as-of date
            "Health": "green",
            "CSM": "Priya Raman",
        },
        {
            "Account ID": "ACC-Y",
            "Account Name": "Yellowing Planted Co",
            "Segment": "mid_market",
            "ARR": 30000,
            "Renewal Date": dt.date(2026, 10, 28),  # 121 days after 29 June, 120 after 30 June: yellow from today
            "Health": "yellow",
            "CSM": "Priya Raman",
        },
    ]
    rows["Escalations"] += [
        _escalation("ESC-Z-EDGE", SINCE_START),
        _escalation("ESC-A-LATE", dt.datetime(2026, 6, 29, 16, 0)),
        _escalation("ESC-Y-EDGE", SINCE_START, account="ACC-Y"),  # new since the start: not a tier change
        _escalation("ESC-Y-OLD", dt.datetime(2026, 6, 20, 10, 0), account="ACC-Y"),
        _escalation("ESC-PREV", SINCE_START - dt.timedelta(microseconds=1_000)),
        # green → yellow after 30 business days, → red after 20 more: both long before 29 June
        _escalation("ESC-OLD", dt.datetime(2026, 3, 2, 10, 0)),
        # red only by its ARR at risk (≥ 250,000 with ≤ 90 days to renewal)
        _escalation("ESC-RISK", dt.datetime(2026, 6, 1, 10, 0), account="ACC-R", tier="red", **{"ARR At Risk": 300000}),
    ]
    rows["Commitments"] += [
        _commitment("P-DONE-OPEN-ESC", "ESC-1", "Fulfilled"),
        _commitment("P-DONE-CLOSED-ESC", "ESC-2", "Fulfilled"),
        _commitment("P-OPEN-CLOSED-ESC", "ESC-2", "Open"),
    ]
    write_workbook(data / "escalations.xlsx", rows)
    context = build_context(data, as_of=AS_OF.isoformat(), scope="full")
    return context, build_digest(context.governance)


def test_opened_since_counts_from_the_first_instant_of_the_previous_business_day_in_opening_order(digest):
    _, result = digest
    assert result.since == dt.date(2026, 6, 29)
    ivan = next(o for o in result.owners if o.person_id == "ivan-petrov")
    assert [e.escalation_id for e in ivan.opened] == ["ESC-Y-EDGE", "ESC-Z-EDGE", "ESC-A-LATE"]


def test_tier_changes_are_only_real_moves_of_the_policy_tier(digest):
    context, result = digest
    assessments = context.governance.assessments
    assert assessments["ESC-OLD"].policy_tier == "red"
    assert assessments["ESC-RISK"].policy_tier == "red"
    changes = [(c.escalation.escalation_id, c.before, c.after) for o in result.owners for c in o.tier_changes]
    assert changes == [("ESC-Y-OLD", "green", "yellow")]


def test_authority_findings_are_kept_while_the_commitment_or_its_escalation_is_open(digest):
    context, result = digest
    found = sorted((o.person_id, f.commitment.commitment_id) for o in result.owners for f in o.authority_findings)
    assert found == [("jordan-kim", "P-DONE-OPEN-ESC"), ("jordan-kim", "P-OPEN-CLOSED-ESC")]
    by_id = {c.commitment_id: c for c in context.portfolio.commitments}
    assert context.governance.is_finding(by_id["P-DONE-CLOSED-ESC"])


def test_the_previous_business_day_of_a_calendar_closed_for_over_a_year_is_the_day_before():
    day = dt.date(2026, 7, 2)  # a Thursday; the Monday 367 days before it is open, every later one closed
    closed = [day - dt.timedelta(days=3 + 7 * k) for k in range(52)]
    assert closed[-1] == dt.date(2025, 7, 7) and closed[-1] - dt.timedelta(weeks=1) == day - dt.timedelta(days=367)
    calendar = BusinessCalendar(
        timezone="UTC", working_days=["monday"], closures=[Closure(date=d, name="Shut") for d in closed]
    )
    clock = BusinessClock(calendar)
    assert clock.is_business_day(day - dt.timedelta(days=367))
    assert previous_business_day(clock, day) == dt.date(2026, 7, 1)
    assert previous_business_day(clock, dt.date(2026, 7, 7)) == dt.date(2026, 7, 6)
