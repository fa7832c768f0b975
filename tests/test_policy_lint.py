"""Policy lint: each planted mistake of tests/fixtures/lint/ is found at its place; the sample policy is clean."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.analysis.policy_lint import lint_policy
from macros.analysis.policy_lint.rules import dead_rules, gaps
from macros.cli import main
from macros.policy.authority import ConcessionType
from macros.policy.loader import load_policy

from .conftest import FIVE_LEVEL, SAMPLE_AS_OF, SAMPLE_DATA

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = dt.date(2026, 11, 30)


def planted_data(tmp_path: Path) -> Path:
    data = tmp_path / "planted"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    for path in (FIXTURES / "lint").glob("*.yaml"):
        shutil.copy(path, data / "policy" / path.name)
    return data


@pytest.fixture
def planted(tmp_path):
    data = planted_data(tmp_path)
    return load_policy(data, root=data)


def test_every_planted_finding_is_reported_at_its_place(planted):
    found = [(p.code, p.location, p.path) for p in lint_policy(planted, AS_OF)]
    assert found == [
        ("lint-dead-rule", "policy/authority.yaml:17:9", "concession_types[0].rules[2].id"),
        ("lint-gap", "policy/authority.yaml:23:5", "concession_types[1].rules"),
        ("lint-unheld-role", "policy/authority.yaml:38:19", "concession_types[1].reviews[0].reviewer"),
        ("lint-delegation-too-long", "policy/organisation.yaml:48:66", "delegations[2].ends"),
        ("lint-delegation-overlap", "policy/organisation.yaml:46:61", "delegations[1].starts"),
        ("lint-target", "policy/tiers.yaml:29:29", "tiers[2].response.acknowledge"),
        ("lint-tier-overlap", "policy/tiers.yaml:18:9", "tiers[1].criteria[1]"),
    ]


def test_messages_name_the_shadowing_rules_the_range_and_the_winner(planted):
    messages = {p.code: p.message for p in lint_policy(planted, AS_OF)}
    assert messages["lint-dead-rule"] == (
        "rule credit-large never applies: earlier rules match every request it matches (credit-any)"
    )
    assert messages["lint-gap"] == (
        "Price hold: no rule for a value above 12 months and up to 18 months when segment is public_sector"
    )
    assert messages["lint-unheld-role"].startswith("nobody holds Procurement Lead on 2026-11-30")
    assert "runs 61 days" in messages["lint-delegation-too-long"]
    assert "overlaps delegations[0] (2026-08-03 to 2026-08-21)" in messages["lint-delegation-overlap"]
    assert messages["lint-target"].startswith("Elevated: acknowledging within 6 business days is later than")
    assert "Severe wins" in messages["lint-tier-overlap"]


def test_the_sample_policy_and_the_five_level_policy_have_no_finding(sample_policy, five_level_policy):
    assert lint_policy(sample_policy, dt.date.fromisoformat(SAMPLE_AS_OF)) == []
    assert lint_policy(five_level_policy, AS_OF) == []


def test_a_role_held_through_a_covering_role_is_held(tmp_path):
    data = planted_data(tmp_path)
    path = data / "policy" / "organisation.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "covers: [head_of_success, commercial_director]",
        "covers: [head_of_success, commercial_director, procurement_lead]",
    )
    path.write_text(text, encoding="utf-8")
    policy = load_policy(data, root=data)
    assert "lint-unheld-role" not in [p.code for p in lint_policy(policy, AS_OF)]


def _type(rules: list[dict], **extra) -> ConcessionType:
    return ConcessionType.model_validate({"id": "t", "name": "T", "unit": "percent", "rules": rules, **extra})


def test_a_rule_whose_tests_exclude_each_other_is_dead_with_no_shadow():
    ctype = _type([{"id": "a", "when": {"value": {"above": 5, "below": 5}}}, {"id": "b"}])
    assert [(d.index, d.shadowed_by) for d in dead_rules(ctype, [])] == [(0, ())]


def test_gaps_merge_neighbouring_ranges_and_a_catch_all_closes_them():
    rules = [{"id": "a", "when": {"value": {"at_most": 10}}}, {"id": "b", "when": {"value": {"above": 15}}}]
    assert gaps(_type(rules), []) == ["no rule for a value above 10% and up to 15%"]
    assert gaps(_type([*rules, {"id": "fallback", "allowed": False}]), []) == []
    below = [{"id": "a", "when": {"value": {"above": 10}}}]
    assert gaps(_type(below), []) == ["no rule for a value up to 10%"]


def test_validate_strict_turns_lint_findings_into_errors(tmp_path, capsys):
    data = planted_data(tmp_path)
    assert main(["validate", "--data", str(data), "--scope", "policy-only", "--as-of", "2026-11-30"]) == 0
    out = capsys.readouterr().err
    assert "warning: rule credit-large never applies" in out
    assert main(["validate", "--data", str(data), "--scope", "policy-only", "--as-of", "2026-11-30", "--strict"]) == 1
    out = capsys.readouterr().err
    assert "error: rule credit-large never applies" in out
    assert "escalation validate: 7 errors, 0 warnings" in out


def test_validate_strict_passes_on_the_sample(capsys):
    assert (
        main(["validate", "--data", str(SAMPLE_DATA), "--scope", "policy-only", "--strict", "--as-of", SAMPLE_AS_OF])
        == 0
    )


# --- `escalation approvers` agrees with the audit on who holds a role ------------------------------------------


def test_approvers_says_nobody_only_when_no_person_covering_role_or_delegation_gives_the_role(tmp_path, capsys):
    data = planted_data(tmp_path)
    args = ["approvers", "--data", str(data), "--type", "price_hold", "--value", "30", "--as-of", "2026-08-10"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "+ review by Procurement Lead (nobody holds this role)" in out
    # the CFO level lists Ines, and Omar through the delegation in force that day
    assert "2. CFO (Ines Vogel, Omar Haddad through delegation from Ines Vogel (2026-08-03 to 2026-08-21)" in out
    path = data / "policy" / "organisation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "covers: [head_of_success, commercial_director]",
            "covers: [head_of_success, commercial_director, procurement_lead]",
        ),
        encoding="utf-8",
    )
    assert main(args) == 0
    assert "+ review by Procurement Lead (Karl Sommer through hierarchy" in capsys.readouterr().out


def test_approvers_into_a_closed_pipe_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "macros.cli",
            "approvers",
            "--data",
            str(SAMPLE_DATA),
            "--type",
            "discount",
            "--value",
            "18%",
            "--arr",
            "300000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # like `| head -1` exiting before the command writes
    _, err = process.communicate()
    assert process.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_a_lapsed_delegation_note_lists_only_delegations_that_would_have_covered_the_approval(planted):
    from macros.analysis.authority import audit_commitment
    from macros.workbook.records import Commitment

    # Omar held the CFO's authority 3–21 August and holds Legal Counsel's from 1 September: only the first
    # would have covered a CFO approval on 5 November
    commitment = Commitment(
        row=2,
        commitment_id="K-9",
        escalation_id="E1",
        type="price_hold",
        owner="anna",
        value=20.0,
        approved_by="omar",
        approved_on=dt.date(2026, 11, 5),
    )
    verdict = audit_commitment(planted, commitment, None, None)
    assert verdict.status == "no_authority"
    reason = verdict.findings[0].reason
    assert reason.count("the delegation from") == 1
    assert "the delegation from Ines Vogel runs 2026-08-03 to 2026-08-21 (ended on 2026-08-21)" in reason
    assert "Felix Lang" not in reason


# --- dead rules and gaps agree with trying many inputs --------------------------------------------------------------

_LIMITS = [5.0, 10.0, 20.0]
_bounds = st.fixed_dictionaries(
    {},
    optional={
        "at_least": st.sampled_from(_LIMITS),
        "at_most": st.sampled_from(_LIMITS),
    },
).filter(lambda b: b and b.get("at_least", 0) <= b.get("at_most", 99))
_rule_lists = st.lists(
    st.fixed_dictionaries(
        {
            "when": st.fixed_dictionaries(
                {}, optional={"value": _bounds, "segment": st.sampled_from([{"in": ["a"]}, {"in": ["b"]}])}
            )
        }
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(_rule_lists)
def test_dead_rules_and_gaps_agree_with_trying_many_inputs(rules):
    ctype = _type([{**rule, "id": f"r{i}"} for i, rule in enumerate(rules)])
    segments = ["a", "b"]
    values = sorted({v / 4 for v in range(1, 4 * 25)} | set(_LIMITS))
    tested_segment = any("segment" in r["when"] for r in rules)
    firsts, unmatched = set(), False
    for value in values:
        for segment in segments if tested_segment else [None]:
            facts = {"value": value, "segment": segment}
            first = next(
                (i for i, r in enumerate(ctype.rules) if all(t.matches(facts.get(f)) for f, t in r.when.items())), None
            )
            if first is None:
                unmatched = True
            else:
                firsts.add(first)
    assert {d.index for d in dead_rules(ctype, segments)} == set(range(len(rules))) - firsts
    assert bool(gaps(ctype, segments)) == unmatched
