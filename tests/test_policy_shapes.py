"""Shapes real policies take: `any_of` levels, level-by-level audits from the Approvals sheet, contract terms.

Each golden policy under tests/fixtures/shapes/<name>/ replaces files of the five-level fixture policy, written
the way the company would write it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.analysis.authority import ConcessionRequest, audit_commitment, required_approvals
from macros.policy.authority import chain_levels
from macros.policy.loader import load_policy
from macros.problems import DataError
from macros.render.policy_pages import approval_matrix
from macros.workbook.records import Account, Approval, Commitment, Escalation

FIXTURES = Path(__file__).resolve().parent / "fixtures"
D = dt.date


def shape_policy(tmp_path: Path, name: str):
    """The five-level policy with the files of ``fixtures/shapes/<name>`` in place of its own."""
    data = tmp_path / name
    shutil.copytree(FIXTURES / "five_level" / "policy", data / "policy")
    for path in (FIXTURES / "shapes" / name).glob("*.yaml"):
        shutil.copy(path, data / "policy" / path.name)
    return load_policy(data, root=data)


@pytest.fixture
def any_of(tmp_path):
    return shape_policy(tmp_path, "any_of")


@pytest.fixture
def levels(tmp_path):
    return shape_policy(tmp_path, "levels")


def commitment(**overrides) -> Commitment:
    fields = {
        "row": 2,
        "commitment_id": "K-1",
        "escalation_id": "E1",
        "type": "credit_note",
        "description": "x",
        "owner": "anna",
        "value": 60_000.0,
        "approved_by": None,
        "approved_on": None,
        "cells": {"commitment_id": "Commitments!A2", "approved_by": "Commitments!I2", "value": "Commitments!H2"},
    }
    fields.update(overrides)
    return Commitment(**fields)


ACCOUNT = Account(row=2, account_id="A1", name="Clinic", segment="corporate", arr=400_000.0, ae="lea")
ESCALATION = Escalation(row=2, escalation_id="E1", account_id="A1", owner="anna")


def signed(row: int, approver: str, role: str, day: dt.date) -> Approval:
    cells = {
        name: f"Approvals!{col}{row}"
        for name, col in zip(("commitment_id", "approver", "role", "approved_on"), "ABCD", strict=True)
    }
    return Approval(row=row, commitment_id="K-1", approver=approver, role=role, approved_on=day, cells=cells)


# --- any_of -----------------------------------------------------------------------------------------------------


def test_any_of_level_is_named_with_or_and_keyed_by_its_roles(any_of):
    result = required_approvals(any_of, ConcessionRequest("credit_note", value=60_000))
    assert [s.role_name for s in result.chain] == [
        "Finance Business Partner",
        "CFO, Chief Customer Officer or Legal Counsel",
    ]
    assert result.chain[1].roles == ("cfo", "chief_customer_officer", "counsel")
    assert result.to_json()["chain"][1] == {
        "role": "cfo|chief_customer_officer|counsel",
        "role_name": "CFO, Chief Customer Officer or Legal Counsel",
        "rule": "credit-above-50k",
    }
    assert (
        result.summary()
        == "Rule credit-above-50k: Finance Business Partner → CFO, Chief Customer Officer or Legal Counsel."
    )


def test_approve_up_to_a_role_inside_an_any_of_ladder_level(any_of):
    result = required_approvals(any_of, ConcessionRequest("multi_year_discount", value=10, arr=100_000, term_months=36))
    assert [s.role_name for s in result.chain] == ["Commercial Director", "Chief Customer Officer or CFO"]


@pytest.mark.parametrize(
    ("approver", "status"),
    [("karl", "ok"), ("ines", "ok"), ("felix", "ok"), ("omar", "no_authority"), ("eva", "no_authority")],
)
def test_audit_accepts_a_holder_of_any_of_the_roles(any_of, approver, status):
    verdict = audit_commitment(any_of, commitment(approved_by=approver, approved_on=D(2026, 5, 4)), ACCOUNT, ESCALATION)
    assert verdict.status == status
    if status == "no_authority":
        assert "needs CFO, Chief Customer Officer or Legal Counsel" in verdict.findings[0].reason


def test_any_of_through_a_delegation_on_its_dates_only(any_of):
    # Omar holds the CFO's authority from 2026-08-03 to 2026-08-21
    inside = audit_commitment(any_of, commitment(approved_by="omar", approved_on=D(2026, 8, 10)), ACCOUNT, ESCALATION)
    after = audit_commitment(any_of, commitment(approved_by="omar", approved_on=D(2026, 8, 24)), ACCOUNT, ESCALATION)
    assert inside.status == "ok" and "delegation from Ines Vogel" in inside.findings[0].reason
    assert after.status == "no_authority"
    assert (
        "the delegation from Ines Vogel runs 2026-08-03 to 2026-08-21 (ended on 2026-08-21)" in after.findings[0].reason
    )


# --- Term (Months) ----------------------------------------------------------------------------------------------


def test_term_column_chooses_term_based_rules(any_of):
    def audit(term):
        row = commitment(
            type="multi_year_discount", value=5.0, term_months=term, approved_by="eva", approved_on=D(2026, 5, 4)
        )
        return audit_commitment(any_of, row, ACCOUNT, ESCALATION)

    assert audit(36.0).approval.rule.id == "myd-small" and audit(36.0).status == "ok"
    assert audit(12.0).status == "not_allowed"
    missing = audit(None)
    assert missing.status == "incomplete"
    assert "Term (Months) (Commitments) is empty" in missing.findings[0].reason


# --- level by level from the Approvals sheet ------------------------------------------------------------------------


def hold(**overrides):
    return commitment(**{"type": "price_hold", "value": 30.0, **overrides})


def every_level_signed(first: dt.date, second: dt.date, third: dt.date, review: dt.date) -> list[Approval]:
    """The three levels and the legal review of rule hold-long, each signed by its usual holder on the given day."""
    return [
        signed(2, "eva", "commercial_director", first),
        signed(3, "karl", "chief_customer_officer", second),
        signed(4, "ines", "cfo", third),
        signed(5, "felix", "counsel", review),
    ]


def test_every_level_and_review_signed_in_order_is_ok(levels):
    rows = every_level_signed(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6), review=D(2026, 5, 6))
    verdict = audit_commitment(levels, hold(), ACCOUNT, ESCALATION, rows)
    assert verdict.status == "ok", verdict.findings
    reason = verdict.findings[0].reason
    assert "level 1 (Commercial Director) by Eva Richter as Commercial Director on 2026-05-04" in reason
    assert "review legal-long-hold (Legal Counsel) by Felix Lang" in reason
    assert verdict.approver == "ines" and verdict.checked_on == D(2026, 5, 6)


def test_a_level_without_a_row_and_a_missing_review_are_each_reported(levels):
    rows = [signed(2, "eva", "commercial_director", D(2026, 5, 4)), signed(3, "ines", "cfo", D(2026, 5, 6))]
    verdict = audit_commitment(levels, hold(), ACCOUNT, ESCALATION, rows)
    missing = [f.reason for f in verdict.findings if f.code == "missing_approval"]
    assert missing == [
        "Rule hold-long needs level 2 (Chief Customer Officer); no row of the Approvals sheet records that sign-off",
        "Rule hold-long needs review legal-long-hold (Legal Counsel); no row of the Approvals sheet records that sign-off",
    ]
    assert verdict.status == "missing_approval"


def test_levels_out_of_order_when_the_rule_says_order_matters(levels):
    rows = every_level_signed(D(2026, 5, 7), D(2026, 5, 5), D(2026, 5, 8), review=D(2026, 5, 8))
    verdict = audit_commitment(levels, hold(), ACCOUNT, ESCALATION, rows)
    assert verdict.status == "out_of_order"
    finding = next(f for f in verdict.findings if f.code == "out_of_order")
    assert finding.reason == (
        "Rule hold-long needs its levels in order, but level 2 was signed on 2026-05-05, before level 1 on 2026-05-07"
    )
    assert finding.cell == "Approvals!D3"


def test_delegation_is_checked_on_each_levels_own_date(levels):
    base = [
        signed(2, "eva", "commercial_director", D(2026, 8, 1)),
        signed(3, "karl", "chief_customer_officer", D(2026, 8, 2)),
        signed(5, "felix", "counsel", D(2026, 8, 2)),
    ]
    inside = audit_commitment(levels, hold(), ACCOUNT, ESCALATION, [*base, signed(4, "omar", "cfo", D(2026, 8, 3))])
    before = audit_commitment(levels, hold(), ACCOUNT, ESCALATION, [*base, signed(4, "omar", "cfo", D(2026, 8, 2))])
    assert inside.status == "ok"
    assert before.status == "no_authority"
    finding = next(f for f in before.findings if f.code == "no_authority")
    assert finding.cell == "Approvals!C4"
    assert "level 3 (CFO); Omar Haddad signed as CFO on 2026-08-02" in finding.reason
    assert "(starts on 2026-08-03)" in finding.reason


def test_segregation_of_duties_at_each_level(levels):
    rows = every_level_signed(D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6), review=D(2026, 5, 6))
    verdict = audit_commitment(levels, hold(owner="karl"), ACCOUNT, ESCALATION, rows)
    assert verdict.status == "segregation"
    finding = next(f for f in verdict.findings if f.code == "segregation")
    assert finding.cell == "Approvals!B3"
    assert "Karl Sommer approved a commitment they own (level 2 (Chief Customer Officer))" in finding.reason


def test_a_higher_role_signs_a_level_it_covers(levels):
    # the Chief Customer Officer covers the Commercial Director
    rows = [signed(2, "karl", "chief_customer_officer", D(2026, 5, 4))]
    verdict = audit_commitment(levels, hold(value=6.0), ACCOUNT, ESCALATION, rows)
    assert verdict.status == "ok"
    assert "level 1 (Commercial Director) by Karl Sommer as Chief Customer Officer" in verdict.findings[0].reason


def test_an_approvals_row_no_level_needs_is_listed_not_lost(levels):
    rows = [signed(2, "eva", "commercial_director", D(2026, 5, 4)), signed(3, "felix", "counsel", D(2026, 5, 5))]
    verdict = audit_commitment(levels, hold(value=6.0), ACCOUNT, ESCALATION, rows)
    assert verdict.status == "ok"
    assert (
        verdict.findings[-1].reason
        == "Also recorded, not required by rule hold-12: Felix Lang as Legal Counsel on 2026-05-05"
    )
    assert verdict.findings[-1].cell == "Approvals!C3"


def test_without_approvals_rows_the_single_approved_by_works_as_before(levels):
    verdict = audit_commitment(levels, hold(approved_by="ines", approved_on=D(2026, 5, 6)), ACCOUNT, ESCALATION)
    assert verdict.status == "ok"
    assert [s.role for s in verdict.required_reviews] == ["counsel"]


# --- grids ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    return shape_policy(tmp_path_factory.mktemp("grid"), "grid")


def test_grid_expands_into_ordered_rules_before_the_written_ones(grid):
    ctype = grid.concession_by_id["discount"]
    assert [r.id for r in ctype.rules][:4] == [
        "discount-grid-1-1",
        "discount-grid-1-2",
        "discount-grid-1-3",
        "discount-grid-2-1",
    ]
    assert ctype.rules[-1].id == "discount-no-segment"
    assert ctype.rule_path(5) == ("grid", "cells", 1, 2)
    assert ctype.rule_path(12) == ("rules", 0)
    result = required_approvals(grid, ConcessionRequest("discount", value=20, arr=100_000, segment="public_sector"))
    assert [s.role_name for s in result.chain] == ["Chief Customer Officer", "CFO or Legal Counsel"]
    cumulative = required_approvals(grid, ConcessionRequest("discount", value=10, arr=100_000, segment="public_sector"))
    assert [s.role for s in cumulative.chain] == ["commercial_director", "chief_customer_officer"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(st.sampled_from([0.01, 5, 5.01, 15, 15.01, 25, 25.01, 80]), st.floats(0.01, 100, allow_nan=False)),
    segment=st.sampled_from(["smb", "corporate", "public_sector", None]),
)
def test_grid_and_its_expansion_give_the_same_answer_for_every_input(grid, value, segment):
    ctype = grid.concession_by_id["discount"]
    request = ConcessionRequest("discount", value=value, arr=200_000, segment=segment)
    result = required_approvals(grid, request)
    at = ctype.grid.cell_at(request.facts(ctype))
    if at is None:
        assert result.rule.id == "discount-no-segment"
        return
    row, column = at
    cell = ctype.grid.cells[row][column]
    assert result.rule.id == f"discount-grid-{row + 1}-{column + 1}"
    if cell == "not allowed":
        assert result.allowed is False
    elif cell == "no approval":
        assert result.chain == ()
    else:
        assert result.allowed is True
        expected = chain_levels(ctype, ctype.rules[row * 3 + column])
        assert [s.role_name for s in result.chain] == [grid.approver_name(level) for level in expected]
        assert result.chain[-1].roles[0] in (cell if isinstance(cell, str) else str(cell))


def test_a_grid_error_is_located_at_its_cell(tmp_path):
    text = (FIXTURES / "shapes" / "grid" / "authority.yaml").read_text(encoding="utf-8")
    broken = text.replace("[chief_customer_officer, cfo,", "[chief_customer_officer, cfoo,")
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "authority.yaml").write_text(broken, encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "five_level" / "policy", data / "policy")
    shutil.copy(folder / "authority.yaml", data / "policy" / "authority.yaml")
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    errors = [(p.location, p.path, p.message) for p in caught.value.errors]
    assert errors == [
        (
            "policy/authority.yaml:31:36",
            "concession_types[0].grid.cells[2][1].approve_up_to",
            "unknown ladder role 'cfoo'",
        )
    ]


def test_a_grid_of_the_wrong_shape_is_an_error(tmp_path):
    text = (FIXTURES / "shapes" / "grid" / "authority.yaml").read_text(encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "five_level" / "policy", data / "policy")
    (data / "policy" / "authority.yaml").write_text(
        text.replace("        - [not allowed,           not allowed,               not allowed]\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    assert [p.message for p in caught.value.errors] == ["4 row bands but 3 rows of cells"]


def test_the_approval_matrix_page_shows_the_grid(grid):
    html = str(approval_matrix(grid, "policy/approval-matrix/"))
    assert '<table class="ref-table ref-approval-grid">' in html
    assert "<th>Segment is Public sector</th>" in html
    assert "Chief Customer Officer → CFO or Legal Counsel" in html
    assert html.count("Not permitted") == 3
    assert "discount-no-segment" in html


# --- the README documents every shape -----------------------------------------------------------------------------


def _readme_shape_examples() -> list[object]:
    import re

    import yaml

    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Shapes real policies take", 1)[1].split("\n### ", 1)[0]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)]


def test_readme_examples_of_each_shape_are_valid_policy():
    from macros.policy.authority import ConcessionType, Rule
    from macros.policy.communication import UpdateCadence
    from macros.policy.organisation import OrganisationFile

    examples = _readme_shape_examples()
    kinds = set()
    for example in examples:
        if isinstance(example, list):
            rule = Rule.model_validate(example[0])
            kinds.add("in_order" if rule.in_order else "rule")
        elif "grid" in example:
            ctype = ConcessionType.model_validate(
                {"id": "t", "name": "T", "unit": "percent", "ladder": ["sales_director", "vp_sales", "cro"], **example}
            )
            assert ctype.rules[0].id == "discount-grid-1-1"
            kinds.add("grid")
        elif "rules" in example:
            ctype = ConcessionType.model_validate({"id": "t", "name": "T", "unit": "money", **example})
            assert any(not isinstance(level, str) for level in ctype.rules[0].approvers)
            kinds.add("any_of")
        elif "protocols" in example:
            UpdateCadence.model_validate(example["protocols"]["red"]["status_updates"]["cadence"])
            kinds.add("cadence")
        else:
            assert set(example) <= set(OrganisationFile.model_fields)
            kinds.add("organisation")
    assert kinds == {"any_of", "grid", "in_order", "cadence", "organisation"}
