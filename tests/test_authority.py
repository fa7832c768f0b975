"""Decision-authority engine: the approval lookup, who holds authority, the commitment audit and edge cases.

Expectations are written by hand from data/policy/authority.yaml and organisation.yaml; the last tests build a
different policy to show the engine assumes nothing about the sample.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from macros.analysis.authority import (
    STATUS_ORDER,
    ConcessionRequest,
    UnknownConcessionType,
    audit_commitment,
    boundary_cases,
    can_approve,
    required_approvals,
)
from macros.policy.loader import load_policy
from macros.workbook.records import Account, Commitment, Escalation

REPO = Path(__file__).resolve().parents[1]
D = dt.date

DISCOUNT_LADDER = ["sales_director", "vp_sales", "cro", "cfo"]


@pytest.fixture(scope="module")
def policy():
    return load_policy(REPO / "data", root=REPO)


def roles(result) -> list[str]:
    return [step.role for step in result.chain]


# --- required_approvals ------------------------------------------------------------------------------------------

LOOKUPS = [
    # (type, value, arr, segment, rule, allowed, chain, reviews)
    ("discount", 10, 249_999, None, "discount-10-under-250k", True, DISCOUNT_LADDER[:1], []),
    ("discount", 10, 250_000, None, "discount-10-from-250k", True, DISCOUNT_LADDER[:2], []),
    ("discount", 10.01, 249_999, None, "discount-20-under-250k", True, DISCOUNT_LADDER[:2], []),
    ("discount", 10.01, 250_000, None, "discount-20-from-250k", True, DISCOUNT_LADDER[:3], []),
    ("discount", 18, 300_000, None, "discount-20-from-250k", True, DISCOUNT_LADDER[:3], ["deal_desk"]),
    # exactly 20% of 250,000 is exactly 50,000: the review is 'above', so none
    ("discount", 20, 250_000, None, "discount-20-from-250k", True, DISCOUNT_LADDER[:3], []),
    ("discount", 20, 249_999, None, "discount-20-under-250k", True, DISCOUNT_LADDER[:2], []),
    ("discount", 20.01, 100_000, None, "discount-30", True, DISCOUNT_LADDER, []),
    ("discount", 30, 100_000, None, "discount-30", True, DISCOUNT_LADDER, []),
    ("discount", 30, 200_000, None, "discount-30", True, DISCOUNT_LADDER, ["deal_desk"]),
    ("discount", 30.01, 100_000, None, "discount-over-30", False, [], []),
    ("payment_terms", 45, None, None, "terms-net-45", True, [], []),
    ("payment_terms", 46, None, None, "terms-net-60", True, ["finance_director"], []),
    ("payment_terms", 61, None, None, "terms-net-90", True, ["finance_director", "cfo"], []),
    ("payment_terms", 91, None, None, "terms-over-90", False, [], []),
    ("contract_length", 36, None, "enterprise", "term-standard", True, [], []),
    ("contract_length", 37, None, "enterprise", "term-long", True, ["cro", "cfo"], ["legal_counsel"]),
    ("contract_length", 37, None, "strategic", "term-long", True, ["cro", "cfo"], ["legal_counsel"]),
    ("contract_length", 37, None, "commercial", "term-long", True, ["cro", "cfo"], []),
    ("contract_length", 11, None, "enterprise", "term-short", True, ["vp_sales", "finance_director"], []),
    ("service_credits", 10_000, None, None, "credits-10k", True, ["cs_director"], []),
    ("service_credits", 25_000, None, None, "credits-50k", True, ["vp_cs", "finance_director"], []),
    ("service_credits", 25_000.01, None, None, "credits-50k", True, ["vp_cs", "finance_director"], ["legal_counsel"]),
    ("roadmap_commitment", None, 250_000, None, "roadmap-from-250k", True, ["product_director", "vp_product"], []),
    ("success_plan", None, None, None, "success-plan-any", True, [], []),
]


@pytest.mark.parametrize(("ctype", "value", "arr", "segment", "rule", "allowed", "chain", "reviews"), LOOKUPS)
def test_required_approvals_table(policy, ctype, value, arr, segment, rule, allowed, chain, reviews):
    result = required_approvals(policy, ConcessionRequest(ctype, value=value, arr=arr, segment=segment))
    assert result.rule is not None and result.rule.id == rule
    assert result.allowed is allowed
    assert roles(result) == chain
    assert [s.role for s in result.reviews] == reviews
    assert all(s.kind == "review" for s in result.reviews)
    assert result.no_rule is False


def test_cumulative_chain_is_ladder_from_the_bottom_with_names_and_rule(policy):
    result = required_approvals(policy, ConcessionRequest("discount", value=18, arr=300_000))
    assert [(s.role, s.role_name, s.rule_id) for s in result.chain] == [
        ("sales_director", "Regional Sales Director", "discount-20-from-250k"),
        ("vp_sales", "VP Sales", "discount-20-from-250k"),
        ("cro", "Chief Revenue Officer", "discount-20-from-250k"),
    ]
    assert result.final_step.role == "cro"
    assert "discount-20-from-250k" in result.chain[0].reason
    assert result.reviews[0].rule_id == "deal-desk-large-discount"


def test_explicit_approvers_keep_their_order(policy):
    result = required_approvals(policy, ConcessionRequest("service_credits", value=60_000))
    assert roles(result) == ["vp_cs", "cfo"]
    assert result.final_step.role == "cfo"


def test_concession_found_by_name_and_json_uses_its_id(policy):
    result = required_approvals(policy, ConcessionRequest("Renewal discount", value=5, arr=100_000))
    assert result.to_json()["type"] == "discount"


def test_missing_arr_is_reported_and_nothing_matches(policy):
    result = required_approvals(policy, ConcessionRequest("discount", value=10))
    assert result.no_rule is True
    assert result.rule is None and result.allowed is None and result.chain == ()
    assert result.missing_facts == ("arr",)
    assert "--arr" in result.summary()
    assert "No rule" in result.summary()


def test_missing_segment_only_blocks_a_review(policy):
    long_term = required_approvals(policy, ConcessionRequest("contract_length", value=48))
    assert roles(long_term) == ["cro", "cfo"]
    assert long_term.reviews == ()
    assert long_term.missing_facts == ("segment",)
    assert long_term.rule_missing_facts == ()
    # a standard term fails the review on its value, so the segment could not change anything
    assert required_approvals(policy, ConcessionRequest("contract_length", value=24)).missing_facts == ()


def test_missing_value_is_reported(policy):
    result = required_approvals(policy, ConcessionRequest("payment_terms"))
    assert result.no_rule is True and result.missing_facts == ("value",)
    assert "--value" in result.summary()


def test_unknown_type_raises_with_hint(policy):
    with pytest.raises(UnknownConcessionType, match="did you mean 'discount'"):
        required_approvals(policy, ConcessionRequest("discont", value=5))


def test_to_json_shape_and_key_order(policy):
    result = required_approvals(policy, ConcessionRequest("discount", value=18.0, arr=300_000.0))
    data = result.to_json()
    assert list(data) == ["type", "inputs", "rule", "allowed", "chain", "reviews", "missing_facts", "no_rule"]
    assert data["inputs"] == {"value": 18, "arr": 300000, "segment": None, "term_months": None}
    assert data["chain"][2] == {"role": "cro", "role_name": "Chief Revenue Officer", "rule": "discount-20-from-250k"}
    assert data["reviews"] == [{"role": "deal_desk", "role_name": "Deal Desk", "review": "deal-desk-large-discount"}]
    assert json.loads(json.dumps(data)) == data
    assert '"value": 18,' in json.dumps(data)  # whole numbers print as integers, as JavaScript prints them


def test_facts_money(policy):
    discount = policy.concession_by_id["discount"]
    assert ConcessionRequest("discount", value=18, arr=300_000).facts(discount)["money"] == 54_000
    assert ConcessionRequest("discount", value=18).facts(discount)["money"] is None
    credits = policy.concession_by_id["service_credits"]
    assert ConcessionRequest("service_credits", value=7_500).facts(credits)["money"] == 7_500
    assert "money" not in ConcessionRequest("payment_terms", value=45).facts(policy.concession_by_id["payment_terms"])


# --- can_approve ----------------------------------------------------------------------------------------------------


def test_can_approve_direct_hierarchy_and_none(policy):
    assert can_approve(policy, "william-hartley", "vp_sales", D(2026, 4, 2)) == "role"
    how = can_approve(policy, "rafael-mendes", "vp_sales", D(2026, 4, 2))
    assert how == "hierarchy (Chief Revenue Officer covers VP Sales)"
    assert can_approve(policy, "rafael-mendes", "sales_director", D(2026, 4, 2)).startswith("hierarchy")  # transitive
    assert can_approve(policy, "william-hartley", "cro", D(2026, 4, 2)) is None
    assert can_approve(policy, "nobody-here", "cro", D(2026, 4, 2)) is None


@pytest.mark.parametrize(
    ("day", "held"),
    [(D(2026, 7, 5), False), (D(2026, 7, 6), True), (D(2026, 7, 24), True), (D(2026, 7, 25), False)],
)
def test_can_approve_delegation_inclusive_ends(policy, day, held):
    how = can_approve(policy, "laura-mcallister", "cfo", day)
    if held:
        assert how == "delegation from Samuel Osei (2026-07-06 to 2026-07-24)"
    else:
        assert how is None
    # her own role is unaffected by the delegation's dates
    assert can_approve(policy, "laura-mcallister", "finance_director", day) == "role"


# --- audit_commitment -----------------------------------------------------------------------------------------------


def commitment(**overrides) -> Commitment:
    fields = {
        "row": 2,
        "commitment_id": "C1",
        "escalation_id": "E1",
        "type": "discount",
        "description": "x",
        "owner": "priya-raman",
        "value": 12.0,
        "approved_by": "rafael-mendes",
        "approved_on": D(2026, 4, 2),
        "cells": {"approved_by": "Commitments!I2", "approved_on": "Commitments!J2", "value": "Commitments!H2"},
    }
    fields.update(overrides)
    return Commitment(**fields)


def account(**overrides) -> Account:
    fields = {
        "row": 2,
        "account_id": "A1",
        "name": "Acme",
        "segment": "enterprise",
        "arr": 300_000.0,
        "csm": "priya-raman",
        "ae": "jordan-kim",
        "exec_sponsor": "rafael-mendes",
    }
    fields.update(overrides)
    return Account(**fields)


def escalation(resolved_on: dt.datetime | None = None) -> Escalation:
    return Escalation(row=2, escalation_id="E1", account_id="A1", owner="priya-raman", resolved_on=resolved_on)


def codes(verdict) -> list[str]:
    return [f.code for f in verdict.findings]


def test_audit_ok_with_own_role(policy):
    verdict = audit_commitment(policy, commitment(value=18.0), account(exec_sponsor=None), escalation())
    assert verdict.status == "ok" and verdict.ok
    assert codes(verdict) == ["ok"]
    assert verdict.authority == "role"
    assert verdict.checked_on == D(2026, 4, 2)
    assert "discount-20-from-250k" in verdict.findings[0].reason
    assert "Rafael Mendes" in verdict.findings[0].reason
    assert [s.role for s in verdict.required_reviews] == ["deal_desk"]  # 18% of 300,000 = 54,000


def test_audit_ok_through_delegation(policy):
    verdict = audit_commitment(
        policy,
        commitment(value=25.0, approved_by="laura-mcallister", approved_on=D(2026, 7, 24)),
        account(arr=100_000.0),
        escalation(),
    )
    assert verdict.status == "ok"
    assert "approved by Laura McAllister through delegation from Samuel Osei (2026-07-06 to 2026-07-24)" in (
        verdict.findings[0].reason
    )


def test_audit_no_authority_names_rule_and_roles(policy):
    verdict = audit_commitment(policy, commitment(approved_by="william-hartley"), account(), escalation())
    assert verdict.status == "no_authority"
    reason = verdict.findings[0].reason
    assert reason.startswith(
        "Rule discount-20-from-250k needs Chief Revenue Officer; William Hartley holds VP Sales only"
    )
    assert verdict.findings[0].cell == "Commitments!I2"


def test_audit_same_person_inside_a_delegation_is_ok(policy):
    # William holds the CRO's authority from 2026-03-16 to 2026-03-27
    verdict = audit_commitment(
        policy, commitment(approved_by="william-hartley", approved_on=D(2026, 3, 20)), account(), escalation()
    )
    assert verdict.status == "ok"
    assert verdict.authority.startswith("delegation from Rafael Mendes")


def test_audit_expired_delegation_day_after_end(policy):
    verdict = audit_commitment(
        policy,
        commitment(value=25.0, approved_by="laura-mcallister", approved_on=D(2026, 7, 25)),
        account(arr=100_000.0),
        escalation(),
    )
    assert verdict.status == "no_authority"
    reason = verdict.findings[0].reason
    assert "needs Chief Financial Officer" in reason
    assert "2026-07-06 to 2026-07-24" in reason  # says which delegation lapsed


def test_audit_self_approval(policy):
    verdict = audit_commitment(
        policy,
        commitment(value=5.0, owner="william-hartley", approved_by="william-hartley"),
        account(),
        escalation(),
    )
    assert verdict.status == "segregation"
    assert "ok" in codes(verdict)  # he does hold VP Sales: authority alone is not enough
    assert any("own" in f.reason for f in verdict.findings if f.code == "segregation")


def test_audit_account_ae_may_not_approve(policy):
    verdict = audit_commitment(
        policy, commitment(value=5.0, approved_by="william-hartley"), account(ae="william-hartley"), escalation()
    )
    assert verdict.status == "segregation"
    segregation = next(f for f in verdict.findings if f.code == "segregation")
    assert "AE (Account Executive)" in segregation.reason
    assert "discount-10-from-250k" in segregation.reason


def test_audit_exec_sponsor_not_in_forbidden_list_may_approve(policy):
    # the sample forbids csm and ae only; Rafael is this account's exec sponsor
    verdict = audit_commitment(policy, commitment(), account(exec_sponsor="rafael-mendes"), escalation())
    assert verdict.status == "ok"


def test_audit_approved_after_close(policy):
    verdict = audit_commitment(policy, commitment(), account(), escalation(dt.datetime(2026, 4, 1, 16, 0)))
    assert verdict.status == "approved_after_close"
    assert set(codes(verdict)) == {"ok", "approved_after_close"}
    assert "2026-04-01" in verdict.findings[-1].reason
    # on the day of resolution is not after it
    same_day = audit_commitment(policy, commitment(), account(), escalation(dt.datetime(2026, 4, 2, 9, 0)))
    assert same_day.status == "ok"


def test_audit_missing_approval(policy):
    verdict = audit_commitment(policy, commitment(approved_by=None, approved_on=None), account(), escalation())
    assert verdict.status == "missing_approval"
    assert "Regional Sales Director → VP Sales → Chief Revenue Officer" in verdict.findings[0].reason


def test_audit_not_needed(policy):
    verdict = audit_commitment(
        policy,
        commitment(type="payment_terms", value=45.0, approved_by=None, approved_on=None),
        account(),
        escalation(),
    )
    assert verdict.status == "not_needed" and verdict.ok
    assert "terms-net-45" in verdict.findings[0].reason


def test_audit_not_allowed(policy):
    verdict = audit_commitment(policy, commitment(value=35.0, approved_by=None), account(), escalation())
    assert verdict.status == "not_allowed"
    assert "discount-over-30" in verdict.findings[0].reason


def test_audit_missing_value_is_incomplete(policy):
    verdict = audit_commitment(policy, commitment(value=None), account(), escalation())
    assert verdict.status == "incomplete"
    assert "Value" in verdict.findings[0].reason


def test_audit_approved_on_missing_uses_resolution_date_or_is_incomplete(policy):
    laura = commitment(value=25.0, approved_by="laura-mcallister", approved_on=None)
    resolved = audit_commitment(policy, laura, account(arr=100_000.0), escalation(dt.datetime(2026, 7, 10, 12)))
    assert resolved.status == "ok"
    assert resolved.checked_on == D(2026, 7, 10)
    assert "resolution date" in resolved.findings[0].reason
    late = audit_commitment(policy, laura, account(arr=100_000.0), escalation(dt.datetime(2026, 8, 3, 12)))
    assert late.status == "no_authority"
    open_escalation = audit_commitment(policy, laura, account(arr=100_000.0), escalation())
    assert open_escalation.status == "incomplete"


def test_status_is_the_most_serious_finding(policy):
    # self-approval by someone without authority: both findings, no_authority ranks first
    verdict = audit_commitment(
        policy,
        commitment(owner="william-hartley", approved_by="william-hartley"),
        account(),
        escalation(dt.datetime(2026, 4, 1)),
    )
    assert set(codes(verdict)) == {"no_authority", "approved_after_close", "segregation"}
    assert verdict.status == "no_authority"
    assert STATUS_ORDER.index("no_authority") < STATUS_ORDER.index("segregation")


# --- boundary cases -------------------------------------------------------------------------------------------------


def test_boundary_cases_cover_thresholds_and_are_unique(policy):
    cases = boundary_cases(policy)
    assert len(cases) == len(set(cases)) >= 30
    assert cases == boundary_cases(policy)  # stable
    discount = {(c.value, c.arr) for c in cases if c.type == "discount"}
    for value in (9.99, 10.0, 10.01, 19.99, 20.0, 20.01, 29.99, 30.0, 30.01):
        assert (value, 250_000.0) in discount
    for arr in (249_999.99, 250_000.01):
        assert (10.0, arr) in discount
    # ARR at which 10% reaches the Deal Desk threshold of 50,000
    assert {(10.0, 499_999.99), (10.0, 500_000.0), (10.0, 500_000.01)} <= discount
    # day units step by 1, and facts no rule tests are left out
    terms = sorted(c.value for c in cases if c.type == "payment_terms")
    assert terms == [44, 45, 46, 59, 60, 61, 89, 90, 91]
    assert all(c.arr is None for c in cases if c.type == "payment_terms")
    # the segment is varied only where a test looks at it
    lengths = {c.segment for c in cases if c.type == "contract_length"}
    assert lengths == {"commercial", "mid_market", "enterprise", "strategic", None}
    assert {c.segment for c in cases if c.type == "discount"} == {None}
    # every type appears, including one with no tests at all
    assert {c.type for c in cases} == {t.id for t in policy.authority.concession_types}


def test_boundary_cases_hit_both_sides_of_each_review(policy):
    results = [required_approvals(policy, c) for c in boundary_cases(policy)]
    deal_desk = [bool(r.reviews) for r in results if r.concession.id == "discount"]
    assert any(deal_desk) and not all(deal_desk)
    rules_hit = {r.rule.id for r in results if r.rule}
    assert rules_hit == {rule.id for t in policy.authority.concession_types for rule in t.rules}


# --- a different policy -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def other_policy(tmp_path_factory):
    data = tmp_path_factory.mktemp("other") / "data"
    shutil.copytree(REPO / "data" / "policy", data / "policy")
    org_path = data / "policy" / "organisation.yaml"
    org = yaml.safe_load(org_path.read_text(encoding="utf-8"))
    org["roles"] += [
        {"id": "band_a", "name": "Band A Approver"},
        {"id": "band_b", "name": "Band B Approver", "covers": ["band_a"]},
        {"id": "band_c", "name": "Band C Approver", "covers": ["band_b"]},
        {"id": "audit", "name": "Internal Audit"},
    ]
    org["people"] += [
        {"id": "ann", "name": "Ann Able", "email": "ann@example.com", "roles": ["band_a"]},
        {"id": "bob", "name": "Bob Baker", "email": "bob@example.com", "roles": ["band_b"]},
        {"id": "cat", "name": "Cat Cole", "email": "cat@example.com", "roles": ["band_c"]},
    ]
    org["delegations"] = [
        {"delegator": "cat", "delegate": "ann", "starts": "2027-01-10", "ends": "2027-01-12", "reason": "leave"}
    ]
    org_path.write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    authority = {
        "owners": ["band_c"],
        "segregation_of_duties": {"forbid_self_approval": False, "forbid_account_team": ["exec_sponsor"]},
        "concession_types": [
            {
                "id": "extra_seats",
                "name": "Free seats",
                "unit": "count",
                "ladder": ["band_a", "band_b", "band_c"],
                "rules": [
                    {"id": "seats-few", "when": {"value": {"below": 5}}},
                    {"id": "seats-some", "when": {"value": {"at_least": 5, "at_most": 40}}, "approve_up_to": "band_b"},
                    {"id": "seats-many", "when": {"value": {"above": 40}}, "approve_up_to": "band_c"},
                ],
                "reviews": [{"id": "audit-long", "when": {"term_months": {"at_least": 24}}, "reviewer": "audit"}],
            },
            {
                "id": "credit_note",
                "name": "Credit note",
                "unit": "money",
                "money_value": "value",
                "rules": [
                    {"id": "credit-small", "when": {"value": {"at_most": 1000}}, "approvers": ["band_b", "band_a"]}
                ],
                "reviews": [{"id": "audit-credit", "when": {"money": {"above": 500}}, "reviewer": "audit"}],
            },
        ],
    }
    (data / "policy" / "authority.yaml").write_text(yaml.safe_dump(authority, sort_keys=False), encoding="utf-8")
    return load_policy(data, root=data.parent)


@pytest.mark.parametrize(
    ("value", "rule", "chain"),
    [
        (4, "seats-few", []),
        (5, "seats-some", ["band_a", "band_b"]),
        (40, "seats-some", ["band_a", "band_b"]),
        (41, "seats-many", ["band_a", "band_b", "band_c"]),
    ],
)
def test_other_policy_lookup(other_policy, value, rule, chain):
    result = required_approvals(other_policy, ConcessionRequest("extra_seats", value=value, term_months=24))
    assert result.rule.id == rule
    assert roles(result) == chain
    assert [s.role_name for s in result.reviews] == ["Internal Audit"]
    assert required_approvals(other_policy, ConcessionRequest("extra_seats", value=value, term_months=23)).reviews == ()


def test_other_policy_missing_term_is_reported(other_policy):
    assert required_approvals(other_policy, ConcessionRequest("extra_seats", value=3)).missing_facts == ("term_months",)


def test_other_policy_sample_types_are_gone(other_policy):
    with pytest.raises(UnknownConcessionType):
        required_approvals(other_policy, ConcessionRequest("discount", value=5, arr=1))


def test_other_policy_authority_and_audit(other_policy):
    assert can_approve(other_policy, "cat", "band_a", D(2027, 1, 1)).startswith("hierarchy (Band C Approver covers")
    assert can_approve(other_policy, "ann", "band_c", D(2027, 1, 12)).startswith("delegation from Cat Cole")
    assert can_approve(other_policy, "ann", "band_c", D(2027, 1, 13)) is None

    seats = commitment(type="extra_seats", value=41.0, owner="cat", approved_by="cat", approved_on=D(2027, 1, 1))
    team = account(csm="ann", ae="bob", exec_sponsor=None)
    # self-approval is permitted by this policy, and the account's AE is not a forbidden approver here
    assert audit_commitment(other_policy, seats, team, escalation()).status == "ok"
    assert audit_commitment(other_policy, replace(seats, approved_by="bob"), team, None).status == "no_authority"
    sponsor = account(csm="ann", ae="bob", exec_sponsor="cat")
    verdict = audit_commitment(other_policy, seats, sponsor, escalation())
    assert verdict.status == "segregation"
    assert "Exec Sponsor" in verdict.findings[-1].reason


def test_other_policy_explicit_chain_money_review_and_gap(other_policy):
    within = required_approvals(other_policy, ConcessionRequest("credit_note", value=500.01))
    assert roles(within) == ["band_b", "band_a"]  # approvers keep the policy's order, not the hierarchy's
    assert [s.rule_id for s in within.reviews] == ["audit-credit"]
    assert required_approvals(other_policy, ConcessionRequest("credit_note", value=500)).reviews == ()
    gap = required_approvals(other_policy, ConcessionRequest("credit_note", value=1000.01))
    assert gap.no_rule is True and gap.missing_facts == () and gap.to_json()["no_rule"] is True
    note = commitment(type="credit_note", value=2000.0, approved_by="cat", approved_on=D(2027, 1, 1))
    verdict = audit_commitment(other_policy, note, account(exec_sponsor=None), escalation())
    assert verdict.status == "no_rule"
    assert "Credit note" in verdict.findings[0].reason


def test_other_policy_boundary_cases(other_policy):
    cases = [c for c in boundary_cases(other_policy) if c.type == "extra_seats"]
    assert {c.value for c in cases} == {4, 5, 6, 39, 40, 41}
    assert {c.term_months for c in cases} == {23, 24, 25}
    assert len(cases) == 18
    assert {c.arr for c in cases} == {None} and {c.segment for c in cases} == {None}
