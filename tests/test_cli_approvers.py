"""`escalation approvers`, run in-process on the sample policy: the rule at each bound, text and JSON output, and
exact exit codes for bad input.

Sample rules for the renewal discount (`data/policy/authority.yaml`): up to 10% under $250,000 ARR → sales
director; up to 10% from $250,000 → VP Sales; over 10% up to 20% under / from $250,000 → VP Sales / CRO; over 20%
up to 30% → CFO; over 30% not allowed. Deal Desk reviews any discount worth more than $50,000.
"""

from __future__ import annotations

import json

import pytest

from macros.cli import main
from macros.cli.common import EXIT_OK, EXIT_USAGE

from .conftest import SAMPLE_DATA


def approvers(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["approvers", "--data", str(SAMPLE_DATA), *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, *args: str) -> dict:
    code, out, err = approvers(capsys, *args, "--json")
    assert (code, err) == (EXIT_OK, "")
    return json.loads(out)


@pytest.mark.parametrize(
    ("value", "arr", "rule"),
    [
        ("10%", "249999", "discount-10-under-250k"),
        ("10%", "250000", "discount-10-from-250k"),
        ("10.5%", "249999", "discount-20-under-250k"),
        ("20%", "249999", "discount-20-under-250k"),
        ("20%", "250000", "discount-20-from-250k"),
        ("20.5%", "1000", "discount-30"),
        ("30%", "1000", "discount-30"),
        ("30.5%", "1000", "discount-over-30"),
    ],
)
def test_the_rule_at_each_bound(capsys, value, arr, rule):
    assert as_json(capsys, "--type", "discount", "--value", value, "--arr", arr)["rule"] == rule


def test_json_output_names_the_inputs_rule_chain_and_reviews(capsys):
    result = as_json(
        capsys, "--type", "Renewal discount", "--value", "20%", "--arr", "$250,001", "--segment", "Enterprise"
    )
    assert result == {
        "type": "discount",
        "inputs": {"value": 20, "arr": 250001, "segment": "enterprise", "term_months": None},
        "rule": "discount-20-from-250k",
        "allowed": True,
        "chain": [
            {"role": "sales_director", "role_name": "Regional Sales Director", "rule": "discount-20-from-250k"},
            {"role": "vp_sales", "role_name": "VP Sales", "rule": "discount-20-from-250k"},
            {"role": "cro", "role_name": "Chief Revenue Officer", "rule": "discount-20-from-250k"},
        ],
        "reviews": [{"role": "deal_desk", "role_name": "Deal Desk", "review": "deal-desk-large-discount"}],
        "missing_facts": [],
        "no_rule": False,
    }


def test_the_review_starts_just_above_its_bound(capsys):
    # 20% of $250,000 is exactly $50,000: not above the bound, so no review; $5 more ARR and there is one.
    at = as_json(capsys, "--type", "discount", "--value", "20", "--arr", "250000")
    above = as_json(capsys, "--type", "discount", "--value", "20", "--arr", "250025")
    assert at["reviews"] == []
    assert [r["review"] for r in above["reviews"]] == ["deal-desk-large-discount"]


def test_text_output_lists_the_chain_with_the_people_and_the_review(capsys):
    code, out, err = approvers(capsys, "--type", "discount", "--value", "20", "--arr", "250001")
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines() == [
        "Renewal discount: Rule discount-20-from-250k: Regional Sales Director → VP Sales → Chief Revenue Officer; "
        "reviews: Deal Desk (deal-desk-large-discount).",
        "  Rule discount-20-from-250k: Over 10% and up to 20% on accounts of $250,000 ARR or more",
        "  1. Regional Sales Director (Olivia Grant, Noah Fischer, or anyone holding VP Sales, Chief Revenue Officer "
        "or Chief Executive Officer)",
        "  2. VP Sales (William Hartley, or anyone holding Chief Revenue Officer or Chief Executive Officer)",
        "  3. Chief Revenue Officer (Rafael Mendes, or anyone holding Chief Executive Officer)",
        "  + review by Deal Desk (Kenji Watanabe, or anyone holding Finance Director, Chief Financial Officer or "
        "Chief Executive Officer): Review deal-desk-large-discount: Deal Desk checks the pricing "
        "of any discount worth more than $50,000",
    ]


def test_text_output_for_a_request_that_is_not_allowed(capsys):
    code, out, _ = approvers(capsys, "--type", "discount", "--value", "30.5", "--arr", "1000")
    assert code == EXIT_OK
    assert out.splitlines()[0] == (
        "Renewal discount: Not allowed: rule discount-over-30 (Over 30% is not offered at renewal) "
        "does not permit this."
    )
    assert as_json(capsys, "--type", "discount", "--value", "30.5", "--arr", "1000")["allowed"] is False


def test_text_output_for_a_rule_that_needs_no_approval(capsys):
    code, out, _ = approvers(capsys, "--type", "payment_terms", "--value", "net 45")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "Extended payment terms: Rule terms-net-45: no approval needed.",
        "  Rule terms-net-45: Up to net 45 is within the account executive's authority",
    ]


def test_missing_facts_are_named_by_their_flags(capsys):
    code, out, _ = approvers(capsys, "--type", "discount")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "Renewal discount: No rule of Renewal discount matches this request; give --value, --arr.",
        "  Missing: --value, --arr",
    ]
    result = as_json(capsys, "--type", "discount")
    assert (result["rule"], result["no_rule"], result["missing_facts"]) == (None, True, ["value", "arr"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "discont"], "escalation approvers: 'discont' is not a concession type; did you mean 'discount'?"),
        (
            ["--type", "discount", "--value", "0.5"],
            "escalation approvers: a percentage, got 0.5, which could mean 0.5% or 50% "
            "(write 15% or 15, or format the cell as a percentage)",
        ),
        (
            ["--type", "discount", "--arr", "lots"],
            "escalation approvers: an amount, got 'lots' (write a number or text like $120,000)",
        ),
        (
            ["--type", "discount", "--segment", "nope"],
            "escalation approvers: unknown segment 'nope'; expected one of 'commercial', 'enterprise', 'mid_market', "
            "'strategic'",
        ),
        (["--type", "discount", "--term-months", "-3"], "escalation approvers: a number from 0 to 10,000, got -3"),
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(capsys, args, message):
    code, out, err = approvers(capsys, *args)
    assert (code, out) == (EXIT_USAGE, "")
    assert err.strip() == message
