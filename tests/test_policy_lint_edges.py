"""Policy lint at its edges: whole messages and hints of every finding, each branch of each check with a policy of its
own, and every limit tried at, just below and just above it.

Each policy is the five-level fixture policy (which has no finding) with one edit, so that any finding comes from the
edit alone.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from macros.analysis.policy_lint import lint_policy
from macros.analysis.policy_lint.tiers import _hours, _within
from macros.policy.common import Bounds, Duration
from macros.policy.loader import load_policy

from .conftest import FIVE_LEVEL
from .test_policy_lint import planted_data

AS_OF = dt.date(2026, 11, 30)
Edit = Callable[[dict], None]


def policy_with(tmp_path: Path, **edits: Edit):
    """The five-level policy with each named file (``organisation``, ``tiers``, ``authority``) edited in place."""
    data = tmp_path / "edited"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    for stem, edit in edits.items():
        path = data / "policy" / f"{stem}.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(document)
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_policy(data, root=data)


def found(policy) -> list[tuple[str, str, str, str]]:
    return [(p.code, p.path, p.message, p.hint) for p in lint_policy(policy, AS_OF)]


# --- every planted finding, whole --------------------------------------------------------------------------------


def test_every_planted_finding_has_its_whole_message_and_hint(tmp_path):
    data = planted_data(tmp_path)
    assert found(load_policy(data, root=data)) == [
        (
            "lint-dead-rule",
            "concession_types[0].rules[2].id",
            "rule credit-large never applies: earlier rules match every request it matches (credit-any)",
            "move it above them, narrow them, or remove it",
        ),
        (
            "lint-gap",
            "concession_types[1].rules",
            "Price hold: no rule for a value above 12 months and up to 18 months when segment is public_sector",
            "add a rule for it, or a last rule with no 'when' as the explicit fallback",
        ),
        (
            "lint-unheld-role",
            "concession_types[1].reviews[0].reviewer",
            "nobody holds Procurement Lead on 2026-11-30 (reviewer of procurement-check): no person in the role, "
            "no role covering it and no delegation in force",
            "give the role to someone in organisation.yaml, or let a higher role cover it",
        ),
        (
            "lint-delegation-too-long",
            "delegations[2].ends",
            "the delegation from Felix Lang runs 61 days (2026-09-01 to 2026-10-31), longer than "
            "max_delegation_days (31)",
            "end it sooner, or record a new delegation when it is renewed",
        ),
        (
            "lint-delegation-overlap",
            "delegations[1].starts",
            "Ines Vogel delegates CFO twice at once: this delegation (2026-08-17 to 2026-08-28) overlaps "
            "delegations[0] (2026-08-03 to 2026-08-21)",
            "shorten one so that one person holds the authority at a time",
        ),
        (
            "lint-target",
            "tiers[2].response.acknowledge",
            "Elevated: acknowledging within 6 business days is later than the executive sponsor must be engaged "
            "(5 business days, exec_engaged)",
            "shorten the acknowledgement target",
        ),
        (
            "lint-tier-overlap",
            "tiers[1].criteria[1]",
            "every escalation meeting 'Critical health within 30 days of renewal' (Concern) also meets "
            "'Critical health within 90 days of renewal' (Severe); Severe wins, so this criterion never decides a tier",
            "narrow one of the two criteria, or remove this one",
        ),
    ]


# --- dead rules ----------------------------------------------------------------------------------------------------


def _price_hold_rules(*extra: dict) -> Edit:
    def edit(document: dict) -> None:
        hold = next(t for t in document["concession_types"] if t["id"] == "price_hold")
        hold["rules"].extend(extra)

    return edit


def test_a_rule_shadowed_by_two_earlier_rules_names_both(tmp_path):
    policy = policy_with(
        tmp_path,
        authority=_price_hold_rules({"id": "hold-18", "when": {"value": {"at_most": 18}}, "approvers": ["cfo"]}),
    )
    assert found(policy) == [
        (
            "lint-dead-rule",
            "concession_types[2].rules[2].id",
            "rule hold-18 never applies: earlier rules match every request it matches (hold-12, hold-long)",
            "move it above them, narrow them, or remove it",
        )
    ]


def test_a_rule_no_request_can_pass_is_dead_with_its_own_message_and_hint(tmp_path):
    never = {"id": "hold-never", "when": {"value": {"above": 5, "below": 5}}, "approvers": ["cfo"]}
    policy = policy_with(tmp_path, authority=_price_hold_rules(never))
    assert found(policy) == [
        (
            "lint-dead-rule",
            "concession_types[2].rules[2].id",
            "rule hold-never never applies: no request passes all its tests",
            "check its bounds",
        )
    ]


# --- roles nobody holds: a ladder level and a rule's approver ----------------------------------------------------


def _nobody_is_procurement_lead(document: dict) -> None:
    document["roles"].append({"id": "procurement_lead", "name": "Procurement Lead"})


def test_an_unheld_ladder_level_and_an_unheld_approver_are_located_at_their_keys(tmp_path):
    def authority(document: dict) -> None:
        types = {t["id"]: t for t in document["concession_types"]}
        types["multi_year_discount"]["ladder"][0] = "procurement_lead"
        types["multi_year_discount"]["rules"][0]["approve_up_to"] = "procurement_lead"
        types["credit_note"]["rules"][0]["approvers"] = ["procurement_lead"]

    policy = policy_with(tmp_path, organisation=_nobody_is_procurement_lead, authority=authority)
    tail = ": no person in the role, no role covering it and no delegation in force"
    hint = "give the role to someone in organisation.yaml, or let a higher role cover it"
    assert found(policy) == [
        (
            "lint-unheld-role",
            "concession_types[0].ladder[0]",
            f"nobody holds Procurement Lead on 2026-11-30 (ladder level of Multi-year discount){tail}",
            hint,
        ),
        (
            "lint-unheld-role",
            "concession_types[1].rules[0].approvers[0]",
            f"nobody holds Procurement Lead on 2026-11-30 (approver of rule credit-any){tail}",
            hint,
        ),
    ]


# --- delegations ---------------------------------------------------------------------------------------------------


def _delegations(*rows: tuple[str, str, list[str], str, str], limit: int | None = None) -> Edit:
    """Replace the delegations with ``(delegator, delegate, roles, starts, ends)`` rows; Ines also holds the
    Product Lead role, so that her delegations can lend different roles."""

    def edit(document: dict) -> None:
        ines = next(p for p in document["people"] if p["id"] == "ines")
        ines["roles"] = ["cfo", "product_lead"]
        document["delegations"] = [
            {"delegator": who, "delegate": to, "roles": roles, "starts": starts, "ends": ends, "reason": "Leave"}
            for who, to, roles, starts, ends in rows
        ]
        if limit is not None:
            document["max_delegation_days"] = limit

    return edit


def overlaps(tmp_path: Path, *rows) -> list[tuple[str, str]]:
    policy = policy_with(tmp_path, organisation=_delegations(*rows))
    return [(path, message) for code, path, message, _ in found(policy) if code == "lint-delegation-overlap"]


@pytest.mark.parametrize(
    ("days", "ends", "flagged"),
    [(30, "2026-08-30", False), (31, "2026-08-31", False), (32, "2026-09-01", True)],
)
def test_a_delegation_of_exactly_the_longest_allowed_length_is_not_too_long(tmp_path, days, ends, flagged):
    policy = policy_with(tmp_path, organisation=_delegations(("ines", "omar", ["cfo"], "2026-08-01", ends), limit=31))
    expected = (
        "lint-delegation-too-long",
        "delegations[0].ends",
        f"the delegation from Ines Vogel runs {days} days (2026-08-01 to {ends}), longer than max_delegation_days (31)",
        "end it sooner, or record a new delegation when it is renewed",
    )
    assert found(policy) == ([expected] if flagged else [])


def test_overlapping_dates_lending_different_roles_are_no_overlap(tmp_path):
    rows = [
        ("ines", "omar", ["cfo"], "2026-08-03", "2026-08-21"),
        ("ines", "karl", ["product_lead"], "2026-08-10", "2026-08-20"),
    ]
    assert overlaps(tmp_path, *rows) == []


def test_a_delegation_lending_every_role_overlaps_an_earlier_one_lending_one(tmp_path):
    rows = [("ines", "omar", ["cfo"], "2026-08-03", "2026-08-21"), ("ines", "karl", [], "2026-08-10", "2026-08-20")]
    assert overlaps(tmp_path, *rows) == [
        (
            "delegations[1].starts",
            "Ines Vogel delegates CFO twice at once: this delegation (2026-08-10 to 2026-08-20) overlaps "
            "delegations[0] (2026-08-03 to 2026-08-21)",
        )
    ]


def test_an_earlier_delegation_lending_every_role_overlaps_a_later_one_lending_one(tmp_path):
    rows = [
        ("ines", "omar", [], "2026-08-03", "2026-08-21"),
        ("ines", "karl", ["product_lead"], "2026-08-10", "2026-08-20"),
    ]
    assert overlaps(tmp_path, *rows) == [
        (
            "delegations[1].starts",
            "Ines Vogel delegates Product Lead twice at once: this delegation (2026-08-10 to 2026-08-20) overlaps "
            "delegations[0] (2026-08-03 to 2026-08-21)",
        )
    ]


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        # the later-listed delegation starts the day after, on the day, or the day before the earlier one ends
        (("2026-08-03", "2026-08-10"), ("2026-08-11", "2026-08-20"), False),
        (("2026-08-03", "2026-08-10"), ("2026-08-10", "2026-08-20"), True),
        (("2026-08-03", "2026-08-10"), ("2026-08-09", "2026-08-20"), True),
        # the later-listed delegation ends the day before, on the day, or the day after the earlier one starts
        (("2026-08-11", "2026-08-20"), ("2026-08-03", "2026-08-10"), False),
        (("2026-08-10", "2026-08-20"), ("2026-08-03", "2026-08-10"), True),
        (("2026-08-09", "2026-08-20"), ("2026-08-03", "2026-08-10"), True),
    ],
)
def test_dates_overlap_when_they_share_a_day_whichever_is_listed_first(tmp_path, first, second, overlap):
    rows = [("ines", "omar", ["cfo"], *first), ("ines", "karl", ["cfo"], *second)]
    expected = (
        "delegations[1].starts",
        f"Ines Vogel delegates CFO twice at once: this delegation ({second[0]} to {second[1]}) overlaps "
        f"delegations[0] ({first[0]} to {first[1]})",
    )
    assert overlaps(tmp_path, *rows) == ([expected] if overlap else [])


def test_an_overlap_is_found_past_another_delegators_delegation_and_a_non_overlapping_one(tmp_path):
    rows = [
        ("felix", "omar", [], "2026-08-01", "2026-08-31"),
        ("ines", "omar", ["cfo"], "2026-07-01", "2026-07-10"),
        ("ines", "omar", ["cfo"], "2026-08-03", "2026-08-21"),
        ("ines", "karl", ["cfo"], "2026-08-17", "2026-08-28"),
    ]
    assert overlaps(tmp_path, *rows) == [
        (
            "delegations[3].starts",
            "Ines Vogel delegates CFO twice at once: this delegation (2026-08-17 to 2026-08-28) overlaps "
            "delegations[2] (2026-08-03 to 2026-08-21)",
        )
    ]


# --- response targets ----------------------------------------------------------------------------------------------


def _tier(tier_id: str, change: Callable[[dict], None], calendar: tuple[str, str] | None = None) -> dict[str, Edit]:
    """Edits changing one tier (and, optionally, the working day's start and end)."""

    def tiers(document: dict) -> None:
        change(next(t for t in document["tiers"] if t["id"] == tier_id))

    edits: dict[str, Edit] = {"tiers": tiers}
    if calendar is not None:

        def organisation(document: dict) -> None:
            document["calendar"]["day_starts"], document["calendar"]["day_ends"] = calendar

        edits["organisation"] = organisation
    return edits


def _response(**targets: str) -> Callable[[dict], None]:
    def change(tier: dict) -> None:
        tier["response"].update(targets)

    return change


def targets(tmp_path: Path, edits: dict[str, Edit]) -> list[tuple[str, str, str, str]]:
    return [f for f in found(policy_with(tmp_path, **edits)) if f[0] == "lint-target"]


def _late(tier: str, ack: str, what: str, duration: str, key: str, index: int = 2):
    return (
        "lint-target",
        f"tiers[{index}].response.acknowledge",
        f"{tier}: acknowledging within {ack} is later than {what} ({duration}, {key})",
        "shorten the acknowledgement target",
    )


@pytest.mark.parametrize(("hours", "flagged"), [(69, True), (70, False), (71, False)])
def test_a_business_day_is_as_long_as_the_working_day_to_the_minute(tmp_path, hours, flagged):
    # 08:30 to 17:15 is 8.75 hours, so 8 business days are exactly 70 business hours
    edits = _tier(
        "elevated",
        _response(acknowledge="8 business days", exec_engaged=f"{hours} business hours"),
        calendar=("08:30", "17:15"),
    )
    expected = _late(
        "Elevated",
        "8 business days",
        "the executive sponsor must be engaged",
        f"{hours} business hours",
        "exec_engaged",
    )
    assert targets(tmp_path, edits) == ([expected] if flagged else [])


@pytest.mark.parametrize(("exec_engaged", "flagged"), [("47 hours", True), ("48 hours", False), ("3 days", False)])
def test_calendar_days_are_24_hours(tmp_path, exec_engaged, flagged):
    edits = _tier("elevated", _response(acknowledge="2 days", exec_engaged=exec_engaged))
    expected = _late("Elevated", "2 days", "the executive sponsor must be engaged", exec_engaged, "exec_engaged")
    assert targets(tmp_path, edits) == ([expected] if flagged else [])


@pytest.mark.parametrize(("exec_engaged", "flagged"), [("1 hour", True), ("2 hours", False)])
def test_calendar_hours_compare_as_hours(tmp_path, exec_engaged, flagged):
    edits = _tier("elevated", _response(acknowledge="2 hours", exec_engaged=exec_engaged))
    expected = _late("Elevated", "2 hours", "the executive sponsor must be engaged", exec_engaged, "exec_engaged")
    assert targets(tmp_path, edits) == ([expected] if flagged else [])


@pytest.mark.parametrize(
    ("acknowledge", "exec_engaged", "flagged"),
    [
        ("10 business hours", "1 business day", True),  # a working day of 9 hours
        ("9 business hours", "1 business day", False),
        ("2 business days", "17 business hours", True),
        ("2 business days", "18 business hours", False),
    ],
)
def test_business_hours_and_business_days_share_one_clock(tmp_path, acknowledge, exec_engaged, flagged):
    edits = _tier("elevated", _response(acknowledge=acknowledge, exec_engaged=exec_engaged))
    expected = _late("Elevated", acknowledge, "the executive sponsor must be engaged", exec_engaged, "exec_engaged")
    assert targets(tmp_path, edits) == ([expected] if flagged else [])


@pytest.mark.parametrize(
    ("acknowledge", "exec_engaged"),
    [("3 days", "1 business day"), ("30 hours", "2 business hours"), ("3 business days", "1 hour")],
)
def test_targets_on_different_clocks_are_not_compared(tmp_path, acknowledge, exec_engaged):
    edits = _tier("elevated", _response(acknowledge=acknowledge, exec_engaged=exec_engaged))
    assert targets(tmp_path, edits) == []


def test_moving_up_sooner_than_acknowledging_is_found_without_an_exec_target(tmp_path):
    def change(tier: dict) -> None:
        del tier["response"]["exec_engaged"]
        tier["response"]["acknowledge"] = "16 business days"

    assert targets(tmp_path, _tier("severe", change)) == [
        _late("Severe", "16 business days", "it moves up unresolved", "15 business days", "escalate_after", index=3)
    ]


def test_a_tier_without_an_acknowledgement_target_does_not_stop_the_check(tmp_path):
    def tiers(document: dict) -> None:
        by_id = {t["id"]: t for t in document["tiers"]}
        del by_id["watch"]["response"]["acknowledge"]
        by_id["elevated"]["response"]["acknowledge"] = "6 business days"

    assert targets(tmp_path, {"tiers": tiers}) == [
        _late("Elevated", "6 business days", "the executive sponsor must be engaged", "5 business days", "exec_engaged")
    ]


def test_hours_on_each_clock():
    def hours(text: str) -> tuple[str, float]:
        return _hours(Duration.model_validate(text), 8.5)

    assert hours("3 business hours") == ("business", 3)
    assert hours("2 business days") == ("business", 17)
    assert hours("3 hours") == ("calendar", 3)
    assert hours("2 days") == ("calendar", 48)


# --- tier criteria -------------------------------------------------------------------------------------------------


def test_a_criterion_shadowed_by_the_next_tier_up(tmp_path):
    def change(tier: dict) -> None:
        tier["criteria"].append(
            {
                "description": "Very large account with a price blocker",
                "when": {"arr": {"at_least": 500000}, "blocker_type": {"in": ["price"]}},
            }
        )

    policy = policy_with(tmp_path, **_tier("concern", change))
    assert found(policy) == [
        (
            "lint-tier-overlap",
            "tiers[1].criteria[1]",
            "every escalation meeting 'Very large account with a price blocker' (Concern) also meets "
            "'Large account with a commercial blocker' (Elevated); Elevated wins, so this criterion never decides "
            "a tier",
            "narrow one of the two criteria, or remove this one",
        )
    ]


def test_a_list_of_values_and_numeric_limits_never_contain_each_other():
    assert not _within(Bounds(at_least=10), Bounds(in_=["price"]))
    assert not _within(Bounds(in_=["price"]), Bounds(at_least=10))
    assert _within(Bounds(in_=["Price"]), Bounds(in_=["price", "legal"]))
    assert not _within(Bounds(in_=["price", "legal"]), Bounds(in_=["price"]))
