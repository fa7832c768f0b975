"""Level-by-level audit from the Approvals sheet, finding by finding: whole reasons and cells, the day of resolution
and the day after, levels signed on one day, rows matched earliest first and through covering roles.

The policy is the `levels` shape (price holds climbing the ladder in order, Legal reviewing long holds) with a fee
waiver added: short waivers need no approval, longer ones the CFO and then a Commercial Director, whom the Chief
Customer Officer covers. Ines Vogel lends her CFO role to Omar Haddad twice.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.authority import audit_commitment
from macros.analysis.authority.audit import Finding
from macros.policy.loader import load_policy
from macros.workbook.records import Escalation

from .test_policy_shapes import ACCOUNT, ESCALATION, FIXTURES, commitment, signed

D = dt.date

FEE_WAIVER = """\
  - id: fee_waiver
    name: Fee waiver
    unit: months
    rules:
      - id: waiver-short
        when: {value: {at_most: 1}}
      - id: waiver-long
        approvers: [cfo, commercial_director]
"""

SECOND_LOAN = (
    "  - {delegator: ines, delegate: omar, roles: [cfo], starts: 2026-09-01, ends: 2026-09-10, reason: Board travel}\n"
)


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    data = tmp_path_factory.mktemp("levels")
    shutil.copytree(FIXTURES / "five_level" / "policy", data / "policy")
    authority = (FIXTURES / "shapes" / "levels" / "authority.yaml").read_text(encoding="utf-8")
    (data / "policy" / "authority.yaml").write_text(authority + FEE_WAIVER, encoding="utf-8")
    organisation = data / "policy" / "organisation.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8") + SECOND_LOAN, encoding="utf-8")
    return load_policy(data, root=data)


def hold(**overrides):
    return commitment(**{"type": "price_hold", "value": 30.0, **overrides})


def waiver(value: float):
    return commitment(type="fee_waiver", value=value)


def resolved_on(day: dt.date) -> Escalation:
    return Escalation(
        row=2, escalation_id="E1", account_id="A1", owner="anna", resolved_on=dt.datetime.combine(day, dt.time(15))
    )


def findings(verdict) -> list[tuple[str, str, str]]:
    return [(f.code, f.reason, f.cell) for f in verdict.findings]


def test_a_rule_needing_no_approval_says_so_even_with_approvals_rows(policy):
    verdict = audit_commitment(policy, waiver(1.0), ACCOUNT, ESCALATION, [signed(2, "ines", "cfo", D(2026, 5, 4))])
    assert verdict.status == "not_needed"
    assert verdict.findings == (
        Finding("not_needed", "Rule waiver-short needs no approval (the Approvals rows are not required)"),
    )


def test_every_level_signed_on_one_day_is_in_order_and_each_is_listed(policy):
    day = D(2026, 5, 4)
    rows = [
        signed(2, "eva", "commercial_director", day),
        signed(3, "karl", "chief_customer_officer", day),
        signed(4, "ines", "cfo", day),
        signed(5, "felix", "counsel", day),
    ]
    verdict = audit_commitment(policy, hold(), ACCOUNT, ESCALATION, rows)
    assert findings(verdict) == [
        (
            "ok",
            "Rule hold-long: level 1 (Commercial Director) by Eva Richter as Commercial Director on 2026-05-04; "
            "level 2 (Chief Customer Officer) by Karl Sommer as Chief Customer Officer on 2026-05-04; "
            "level 3 (CFO) by Ines Vogel as CFO on 2026-05-04; "
            "review legal-long-hold (Legal Counsel) by Felix Lang as Legal Counsel on 2026-05-04",
            "",
        )
    ]
    assert (verdict.status, verdict.approver, verdict.checked_on, verdict.authority) == ("ok", "ines", day, "role")


def test_signing_on_the_day_of_resolution_is_in_time_and_the_day_after_is_not(policy):
    rows = [
        signed(2, "eva", "commercial_director", D(2026, 5, 5)),
        signed(3, "karl", "chief_customer_officer", D(2026, 5, 6)),
        signed(4, "ines", "cfo", D(2026, 5, 7)),
        signed(5, "felix", "counsel", D(2026, 5, 7)),
    ]
    verdict = audit_commitment(policy, hold(), ACCOUNT, resolved_on(D(2026, 5, 6)), rows)
    assert verdict.status == "approved_after_close"
    assert findings(verdict) == [
        (
            "approved_after_close",
            "Level 3 (CFO) was signed on 2026-05-07, after the escalation was resolved on 2026-05-06",
            "Approvals!D4",
        ),
        (
            "approved_after_close",
            "Review legal-long-hold (Legal Counsel) was signed on 2026-05-07, after the escalation was resolved on "
            "2026-05-06",
            "Approvals!D5",
        ),
    ]


def test_a_level_nobody_signed_is_located_at_the_commitment(policy):
    verdict = audit_commitment(
        policy, hold(value=6.0), ACCOUNT, ESCALATION, [signed(2, "felix", "counsel", D(2026, 5, 4))]
    )
    assert findings(verdict) == [
        (
            "missing_approval",
            "Rule hold-12 needs level 1 (Commercial Director); no row of the Approvals sheet records that sign-off",
            "Commitments!A2",
        ),
        (
            "ok",
            "Also recorded, not required by rule hold-12: Felix Lang as Legal Counsel on 2026-05-04",
            "Approvals!C2",
        ),
    ]


def test_the_owner_and_the_accounts_ae_signing_a_level_are_each_named_with_the_rule(policy):
    verdict = audit_commitment(
        policy,
        hold(value=6.0, owner="lea"),
        ACCOUNT,
        ESCALATION,
        [signed(2, "lea", "commercial_director", D(2026, 5, 4))],
    )
    assert findings(verdict) == [
        (
            "no_authority",
            "Rule hold-12 needs level 1 (Commercial Director); Lea Braun signed as Commercial Director on 2026-05-04 "
            "but holds none of the roles that approve Price hold (Account Manager) that day",
            "Approvals!C2",
        ),
        (
            "segregation",
            "Lea Braun approved a commitment they own (level 1 (Commercial Director)); rule hold-12 needs someone "
            "else's approval",
            "Approvals!B2",
        ),
        (
            "segregation",
            "Lea Braun is the account's AE (Account Manager) and may not approve its concessions "
            "(level 1 (Commercial Director)) (rule hold-12)",
            "Approvals!B2",
        ),
    ]


def test_signing_between_two_loans_of_the_role_names_both(policy):
    rows = [
        signed(2, "eva", "commercial_director", D(2026, 8, 24)),
        signed(3, "karl", "chief_customer_officer", D(2026, 8, 24)),
        signed(4, "omar", "cfo", D(2026, 8, 25)),
        signed(5, "felix", "counsel", D(2026, 8, 25)),
    ]
    verdict = audit_commitment(policy, hold(), ACCOUNT, ESCALATION, rows)
    assert findings(verdict) == [
        (
            "no_authority",
            "Rule hold-long needs level 3 (CFO); Omar Haddad signed as CFO on 2026-08-25 but holds none of the roles "
            "that approve Price hold (Finance Business Partner) that day — the delegation from Ines Vogel runs "
            "2026-08-03 to 2026-08-21 (ended on 2026-08-21); the delegation from Ines Vogel runs 2026-09-01 to "
            "2026-09-10 (starts on 2026-09-01)",
            "Approvals!C4",
        )
    ]


def test_rows_no_level_needs_are_all_listed_in_row_order(policy):
    rows = [
        signed(2, "eva", "commercial_director", D(2026, 5, 4)),
        signed(3, "felix", "counsel", D(2026, 5, 5)),
        signed(4, "ines", "cfo", D(2026, 5, 6)),
    ]
    verdict = audit_commitment(policy, hold(value=6.0), ACCOUNT, ESCALATION, rows)
    assert verdict.findings[-1] == Finding(
        "ok",
        "Also recorded, not required by rule hold-12: Felix Lang as Legal Counsel on 2026-05-05; "
        "Ines Vogel as CFO on 2026-05-06",
        "Approvals!C3",
    )


def test_of_two_rows_for_one_level_the_earliest_signs_it(policy):
    rows = [
        signed(2, "eva", "commercial_director", D(2026, 5, 9)),
        signed(3, "eva", "commercial_director", D(2026, 5, 4)),
    ]
    verdict = audit_commitment(policy, hold(value=6.0), ACCOUNT, ESCALATION, rows)
    assert findings(verdict) == [
        ("ok", "Rule hold-12: level 1 (Commercial Director) by Eva Richter as Commercial Director on 2026-05-04", ""),
        (
            "ok",
            "Also recorded, not required by rule hold-12: Eva Richter as Commercial Director on 2026-05-09",
            "Approvals!C2",
        ),
    ]
    assert verdict.checked_on == D(2026, 5, 4)


def test_a_covering_role_signs_a_later_level_after_an_exact_match_signs_an_earlier_one(policy):
    rows = [signed(2, "ines", "cfo", D(2026, 5, 4)), signed(3, "karl", "chief_customer_officer", D(2026, 5, 5))]
    verdict = audit_commitment(policy, waiver(3.0), ACCOUNT, ESCALATION, rows)
    assert findings(verdict) == [
        (
            "ok",
            "Rule waiver-long: level 1 (CFO) by Ines Vogel as CFO on 2026-05-04; level 2 (Commercial Director) by "
            "Karl Sommer as Chief Customer Officer on 2026-05-05",
            "",
        )
    ]
