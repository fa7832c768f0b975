"""Tiering: the policy tier of an escalation from the criteria it meets and from time-based escalation, and the
under-tiered flag.

The sample policy is used (tiers from least to most severe: green, yellow, red; see `data/policy/tiers.yaml`):
green takes days to renewal ≤ 180; yellow takes health yellow/red with ≤ 120 days, or ARR ≥ 150,000 with a
commercial blocker, or a competitor with ≤ 180 days; red takes ARR at risk ≥ 250,000 with ≤ 90 days, or health
red with ≤ 60 days, or an outage on ARR > 100,000. Green moves to yellow after 30 business days unresolved,
yellow to red after 20. Business days are Monday to Friday in America/Chicago with US holidays; deadlines below
are worked out by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.tiering import TierAssessment, TierReason, assess_tier, escalation_facts, matching_criteria
from macros.policy.common import Duration
from macros.policy.tiers import TimeEscalation
from macros.workbook.records import Account, Escalation

AS_OF = dt.date(2026, 3, 2)
OPENED = dt.datetime(2026, 3, 9, 10, 0)  # a Monday


@pytest.fixture(scope="module")
def clock(sample_policy) -> BusinessClock:
    return BusinessClock(sample_policy.organisation.calendar)


def account(*, days_to_renewal: int | None = 365, arr: float = 50_000, health: str | None = "green", **kw) -> Account:
    renewal = AS_OF + dt.timedelta(days=days_to_renewal) if days_to_renewal is not None else None
    return Account(row=2, account_id="A-1", arr=arr, renewal_date=renewal, health=health, **kw)


def escalation(tier: str = "green", **kw) -> Escalation:
    kw.setdefault("opened_on", dt.datetime(2026, 3, 1, 9, 0))
    return Escalation(row=2, escalation_id="E-1", account_id="A-1", tier=tier, status="open", **kw)


def assess(policy, clock, esc=None, acc=None, *, as_of=AS_OF, arr_at_risk=0.0, is_open=True):
    return assess_tier(
        policy,
        clock,
        esc or escalation(),
        acc or account(),
        as_of=as_of,
        arr_at_risk=arr_at_risk,
        is_open=is_open,
    )


# --- facts --------------------------------------------------------------------------------------------------------
def test_facts_count_days_to_renewal_and_days_open_from_the_as_of_date():
    facts = escalation_facts(
        escalation(opened_on=dt.datetime(2026, 2, 28, 23, 0), blocker_type="pricing"),
        account(days_to_renewal=10, segment="enterprise", region="EMEA"),
        AS_OF,
        1234.5,
    )
    assert facts == {
        "arr": 50_000,
        "arr_at_risk": 1234.5,
        "days_to_renewal": 10,
        "days_open": 2,  # 28 Feb → 2 Mar, whatever the hour of opening
        "health": "green",
        "blocker_type": "pricing",
        "segment": "enterprise",
        "region": "EMEA",
    }


def test_facts_without_a_renewal_date_or_an_opening_are_missing_not_zero():
    facts = escalation_facts(escalation(opened_on=None), account(days_to_renewal=None), AS_OF, 0.0)
    assert facts["days_to_renewal"] is None
    assert facts["days_open"] is None


# --- criteria: at, just below and just above each bound -----------------------------------------------------------
@pytest.mark.parametrize(
    ("facts", "tier", "expected"),
    [
        # green: days_to_renewal at_most 180
        ({"days_to_renewal": 179}, "green", 1),
        ({"days_to_renewal": 180}, "green", 1),
        ({"days_to_renewal": 181}, "green", 0),
        ({"days_to_renewal": None}, "green", 0),
        # yellow: arr at_least 150,000 with a commercial blocker
        ({"arr": 149_999, "blocker_type": "pricing"}, "yellow", 0),
        ({"arr": 150_000, "blocker_type": "pricing"}, "yellow", 1),
        ({"arr": 150_001, "blocker_type": "pricing"}, "yellow", 1),
        ({"arr": 150_000, "blocker_type": "outage"}, "yellow", 0),
        ({"arr": 150_000}, "yellow", 0),
        # yellow: health yellow/red and days_to_renewal at_most 120 — every test of a criterion must pass
        ({"health": "yellow", "days_to_renewal": 120}, "yellow", 1),
        ({"health": "yellow", "days_to_renewal": 121}, "yellow", 0),
        ({"health": "green", "days_to_renewal": 120}, "yellow", 0),
        ({"health": "RED", "days_to_renewal": 10}, "yellow", 1),  # `in` ignores case
        # red: outage above 100,000 (exclusive)
        ({"arr": 100_000, "blocker_type": "outage"}, "red", 0),
        ({"arr": 100_001, "blocker_type": "outage"}, "red", 1),
        # red: arr_at_risk at_least 250,000 and days_to_renewal at_most 90
        ({"arr_at_risk": 249_999, "days_to_renewal": 90}, "red", 0),
        ({"arr_at_risk": 250_000, "days_to_renewal": 90}, "red", 1),
        ({"arr_at_risk": 250_000, "days_to_renewal": 91}, "red", 0),
        # red: health red and days_to_renewal at_most 60
        ({"health": "red", "days_to_renewal": 60}, "red", 1),
        ({"health": "red", "days_to_renewal": 61}, "red", 0),
    ],
)
def test_criteria_match_at_their_bounds(sample_policy, facts, tier, expected):
    assert len(matching_criteria(sample_policy, tier, facts)) == expected


def test_every_matching_criterion_of_a_tier_is_a_reason(sample_policy):
    facts = {"health": "red", "days_to_renewal": 30, "arr_at_risk": 300_000}
    reasons = matching_criteria(sample_policy, "red", facts)
    red = sample_policy.tier_by_id["red"]
    assert reasons == [
        TierReason("red", red.criteria[0].description, "criterion"),
        TierReason("red", red.criteria[1].description, "criterion"),
    ]


# --- the policy tier and the under-tiered flag --------------------------------------------------------------------
def test_no_criterion_met_means_the_lowest_tier(sample_policy, clock):
    result = assess(sample_policy, clock, acc=account(days_to_renewal=365))
    assert (result.policy_tier, result.reasons, result.under_tiered) == ("green", (), False)
    assert result.describe(sample_policy) == ""


def test_the_highest_tier_met_wins_and_a_lower_recorded_tier_is_under_tiered(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("yellow"), account(days_to_renewal=60, health="red"))
    assert result.policy_tier == "red"
    assert result.under_tiered is True
    assert [r.tier for r in result.reasons] == ["red"]
    # the recorded tier's own criteria that the escalation meets are kept apart
    assert [r.tier for r in result.recorded_reasons] == ["yellow"]
    red = sample_policy.tier_by_id["red"].criteria[1].description
    assert result.describe(sample_policy) == f"recorded as Yellow but the policy puts it in Red: {red}"


def test_one_day_further_from_renewal_the_same_escalation_is_not_under_tiered(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("yellow"), account(days_to_renewal=61, health="red"))
    assert (result.policy_tier, result.under_tiered) == ("yellow", False)


def test_recorded_in_the_policy_tier_is_not_under_tiered(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("red"), account(days_to_renewal=60, health="red"))
    assert (result.policy_tier, result.under_tiered) == ("red", False)


def test_recorded_above_the_policy_tier_is_not_flagged(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("red"), account(days_to_renewal=365))
    assert (result.policy_tier, result.under_tiered, result.recorded_reasons) == ("green", False, ())


def test_an_unknown_recorded_tier_counts_as_the_lowest(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("purple"), account(days_to_renewal=100, health="yellow"))
    assert (result.policy_tier, result.under_tiered, result.recorded_reasons) == ("yellow", True, ())


def test_arr_at_risk_is_a_fact_of_the_assessment(sample_policy, clock):
    acc = account(days_to_renewal=90)
    assert assess(sample_policy, clock, acc=acc, arr_at_risk=250_000).policy_tier == "red"
    assert assess(sample_policy, clock, acc=acc, arr_at_risk=249_999).policy_tier == "green"


def test_a_closed_escalation_is_judged_on_its_resolution_day(sample_policy, clock):
    # Renewal 61 days after AS_OF: 61 days out on AS_OF, 60 days out the day after.
    acc = account(days_to_renewal=61, health="red")
    resolved = escalation("yellow", resolved_on=dt.datetime(2026, 3, 3, 16, 0))
    assert assess(sample_policy, clock, resolved, acc, as_of=dt.date(2026, 6, 1), is_open=False).policy_tier == "red"
    earlier = escalation("yellow", resolved_on=dt.datetime(2026, 3, 2, 16, 0))
    result = assess(sample_policy, clock, earlier, acc, as_of=dt.date(2026, 6, 1), is_open=False)
    assert result.policy_tier == "yellow"


def test_a_closed_escalation_without_a_resolution_day_is_judged_on_the_as_of_date(sample_policy, clock):
    acc = account(days_to_renewal=60, health="red")
    result = assess(sample_policy, clock, escalation("yellow"), acc, is_open=False)
    assert result.policy_tier == "red"


# --- time-based escalation ----------------------------------------------------------------------------------------
# Opened Monday 2026-03-09 10:00. Green → yellow after 30 business days: six whole weeks with no US holiday,
# Monday 2026-04-20 10:00. Yellow → red 20 business days after that: Monday 2026-05-18 10:00.
TO_YELLOW = dt.datetime(2026, 4, 20, 10, 0)
TO_RED = dt.datetime(2026, 5, 18, 10, 0)


def test_the_hand_worked_moments_match_the_clock(sample_policy, clock):
    green, yellow = sample_policy.tier_by_id["green"], sample_policy.tier_by_id["yellow"]
    assert clock.add(OPENED, green.escalate_after.unresolved_for) == TO_YELLOW
    assert clock.add(TO_YELLOW, yellow.escalate_after.unresolved_for) == TO_RED


@pytest.mark.parametrize(
    ("as_of", "tier"),
    [
        (dt.date(2026, 4, 19), "green"),  # the day before the move
        (dt.date(2026, 4, 20), "yellow"),  # the day of the move counts (as of the end of the day)
        (dt.date(2026, 5, 17), "yellow"),
        (dt.date(2026, 5, 18), "red"),  # yellow's own rule applies from the moment it moved
        (dt.date(2026, 12, 31), "red"),  # the top tier has no rule: it stays
    ],
)
def test_an_open_escalation_moves_up_once_its_time_has_passed(sample_policy, clock, as_of, tier):
    esc = escalation("green", opened_on=OPENED)
    result = assess(sample_policy, clock, esc, account(days_to_renewal=400), as_of=as_of)
    assert result.policy_tier == tier
    assert result.under_tiered is (tier != "green")


def test_the_time_reason_names_the_rule_and_the_tier_it_was_left_in(sample_policy, clock):
    esc = escalation("green", opened_on=OPENED)
    result = assess(sample_policy, clock, esc, account(days_to_renewal=400), as_of=dt.date(2026, 5, 18))
    assert result.reasons == (TierReason("red", "unresolved for more than 20 business days in Yellow", "time"),)
    assert result.describe(sample_policy).endswith(": unresolved for more than 20 business days in Yellow")


def test_time_runs_from_the_higher_of_the_recorded_and_the_criteria_tier(sample_policy, clock):
    # Recorded yellow: yellow's 20 business days run from the opening, Monday 2026-04-06 10:00.
    esc = escalation("yellow", opened_on=OPENED)
    acc = account(days_to_renewal=400)
    assert assess(sample_policy, clock, esc, acc, as_of=dt.date(2026, 4, 3)).policy_tier == "green"
    assert assess(sample_policy, clock, esc, acc, as_of=dt.date(2026, 4, 6)).policy_tier == "red"
    # Met by criteria (competitor, ≤ 180 days), recorded green: the same.
    comp = escalation("green", opened_on=OPENED, blocker_type="competitor")
    near = account(days_to_renewal=170)
    assert assess(sample_policy, clock, comp, near, as_of=dt.date(2026, 4, 3)).policy_tier == "yellow"
    assert assess(sample_policy, clock, comp, near, as_of=dt.date(2026, 4, 6)).policy_tier == "red"


def test_a_time_rule_never_lowers_a_tier_met_by_criteria(sample_policy, clock):
    esc = escalation("green", opened_on=OPENED)
    acc = account(days_to_renewal=50, health="red")  # red by criteria on every day below
    result = assess(sample_policy, clock, esc, acc, as_of=dt.date(2026, 3, 10))
    assert result.policy_tier == "red"
    assert result.reasons and all(r.kind == "criterion" for r in result.reasons)


def test_closed_escalations_and_unopened_ones_are_never_moved_by_time(sample_policy, clock):
    late = dt.date(2026, 12, 31)
    closed = escalation("green", opened_on=OPENED, resolved_on=dt.datetime(2026, 12, 30, 9, 0))
    acc = account(days_to_renewal=700)
    assert assess(sample_policy, clock, closed, acc, as_of=late, is_open=False).policy_tier == "green"
    undated = escalation("green", opened_on=None)
    assert assess(sample_policy, clock, undated, acc, as_of=late).policy_tier == "green"


def test_a_rule_that_loops_back_stops_instead_of_running_forever(sample_policy, clock):
    # The reference checks refuse such a policy; the analysis must still end if handed one.
    tiers = [t.model_copy() for t in sample_policy.tiers_file.tiers]
    tiers[2] = tiers[2].model_copy(
        update={"escalate_after": TimeEscalation(unresolved_for=Duration.model_validate("1 business day"), to="green")}
    )
    policy = dataclasses.replace(sample_policy, tiers_file=sample_policy.tiers_file.model_copy(update={"tiers": tiers}))
    result = assess(policy, clock, escalation("green", opened_on=OPENED), account(), as_of=dt.date(2026, 12, 31))
    assert result.policy_tier == "red"


# --- edges of the time-based rules --------------------------------------------------------------------------------
def with_rule(policy, tier_id: str, unresolved_for: str, to: str):
    """The policy with ``tier_id``'s time-based escalation replaced (the reference checks may refuse the result;
    the analysis must still answer)."""
    rule = TimeEscalation(unresolved_for=Duration.model_validate(unresolved_for), to=to)
    tiers = [t.model_copy(update={"escalate_after": rule}) if t.id == tier_id else t for t in policy.tiers]
    return dataclasses.replace(policy, tiers_file=policy.tiers_file.model_copy(update={"tiers": tiers}))


@pytest.mark.parametrize(
    ("opened", "as_of", "tier"),
    [
        (dt.datetime(2026, 3, 9, 23, 59), dt.date(2026, 3, 10), "yellow"),  # due at 23:59, the as-of's last minute
        (dt.datetime(2026, 3, 9, 23, 30), dt.date(2026, 3, 10), "yellow"),
        (dt.datetime(2026, 3, 9, 23, 30), dt.date(2026, 3, 9), "green"),
    ],
)
def test_a_calendar_rule_moves_the_escalation_up_to_the_last_minute_of_the_as_of_date(
    sample_policy, clock, opened, as_of, tier
):
    policy = with_rule(sample_policy, "green", "1 day", "yellow")
    result = assess(policy, clock, escalation("green", opened_on=opened), account(), as_of=as_of)
    assert result.policy_tier == tier


def test_time_runs_from_the_recorded_tier_when_it_ranks_above_the_criteria(sample_policy, clock):
    # Criteria say yellow; recorded red, which has no time rule: nothing moves, although yellow's 20 business
    # days have long passed. Tier ids are compared by rank, not by name.
    acc = account(days_to_renewal=300, health="yellow", arr=200_000)
    esc = escalation("red", opened_on=OPENED, blocker_type="pricing")
    result = assess(sample_policy, clock, esc, acc, as_of=dt.date(2026, 9, 1))
    assert (result.policy_tier, result.under_tiered) == ("yellow", False)
    assert [r.kind for r in result.reasons] == ["criterion", "criterion"]  # both yellow criteria, no time rule


def test_an_unknown_recorded_tier_does_not_take_part_in_time_rules(sample_policy, clock):
    result = assess(sample_policy, clock, escalation("purple", opened_on=OPENED), account(), as_of=dt.date(2026, 3, 10))
    assert (result.policy_tier, result.under_tiered) == ("green", False)


def test_a_tier_escalating_to_itself_keeps_its_criteria_as_the_reasons(sample_policy, clock):
    policy = with_rule(sample_policy, "yellow", "1 business day", "yellow")
    acc = account(days_to_renewal=100, health="yellow")
    result = assess(policy, clock, escalation("yellow", opened_on=OPENED), acc, as_of=dt.date(2026, 6, 1))
    assert result.policy_tier == "yellow"
    assert [r.kind for r in result.reasons] == ["criterion"]


def test_the_description_joins_every_reason_and_falls_back_to_the_criteria(sample_policy):
    reasons = (TierReason("red", "first", "criterion"), TierReason("red", "second", "criterion"))
    flagged = TierAssessment("green", "red", reasons, (), True)
    assert flagged.describe(sample_policy) == "recorded as Green but the policy puts it in Red: first; second"
    bare = TierAssessment("green", "red", (), (), True)
    assert bare.describe(sample_policy) == "recorded as Green but the policy puts it in Red: its criteria"
    assert TierAssessment("red", "red", reasons, reasons, False).describe(sample_policy) == ""
