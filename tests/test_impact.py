"""`escalation impact`: a temporary git repository with a base commit and heads that each change one thing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from macros.analysis.impact import NO_EFFECT, compare_revisions
from macros.cli import main
from macros.dataset import load_dataset
from macros.render.impact_report import impact_markdown

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .git_repo import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

AS_OF = dt.date.fromisoformat(SAMPLE_AS_OF)


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _head(root: Path, name: str, change) -> None:
    git(root, "checkout", "-q", "--detach", "base")
    change(root / "data")
    git(root, "commit", "-qam", name)
    git(root, "tag", name)


def _threshold(data: Path) -> None:
    authority = data / "policy" / "authority.yaml"
    _edit(authority, "when: {value: {at_least: 12, at_most: 36}}", "when: {value: {at_least: 12, at_most: 30}}")
    _edit(
        authority,
        "when: {value: {above: 36}}\n        approvers: [cro, cfo]",
        "when: {value: {above: 30}}\n        approvers: [cro, cfo]",
    )


def _rename_role(data: Path) -> None:
    for path in (data / "policy").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("finance_director", "vp_finance"), encoding="utf-8")
    _edit(data / "policy" / "organisation.yaml", "name: Finance Director\n", "name: VP Finance\n")


def _tier_target(data: Path) -> None:
    _edit(data / "policy" / "tiers.yaml", "status_update_every: 2 business days", "status_update_every: 1 business day")


def _add_rule(data: Path) -> None:
    _edit(
        data / "policy" / "authority.yaml",
        "      - id: terms-net-90\n",
        "      - id: terms-net-75\n"
        "        description: Over net 60 and up to net 75\n"
        "        when: {value: {above: 60, at_most: 75}}\n"
        "        approve_up_to: finance_director\n"
        "      - id: terms-net-90\n",
    )


def _workbook_cells(data: Path) -> None:
    path = data / "escalations.xlsx"
    workbook = load_workbook(path)
    accounts = workbook["Accounts"]
    for row in accounts.iter_rows(min_row=2):
        if row[0].value == "ACC-0012":
            row[4].value = 777000  # ARR (column E)
            row[3].value = "APAC"  # Region (column D)
    workbook["Updates"]["D2"].value = "Edited summary"
    workbook.save(path)


def _owners(data: Path) -> None:
    _edit(data / "policy" / "tiers.yaml", "owners: [vp_cs, cro]", "owners: [vp_cs]")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("impact-repo")
    git(root, "init", "-q")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", root / "data" / "escalations.xlsx")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "tag", "base")
    for name, change in (
        ("threshold", _threshold),
        ("rename", _rename_role),
        ("target", _tier_target),
        ("rule", _add_rule),
        ("cells", _workbook_cells),
        ("owners", _owners),
    ):
        _head(root, name, change)
    git(root, "checkout", "-q", "--detach", "base")
    return root


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE_DATA, as_of=SAMPLE_AS_OF)


def _report(repo: Path, head: str | None):
    return compare_revisions(repo / "data", "base", head, AS_OF)


def test_nothing_changed_says_so(repo):
    report = _report(repo, "base")
    assert not report.has_effect
    assert report.to_json()["policy"] == [] and report.workbook == []
    assert f"{NO_EFFECT}." in impact_markdown(report)


def test_moving_a_threshold_changes_exactly_the_cases_between_the_old_and_new_bound(repo, sample):
    report = _report(repo, "threshold")
    assert [c.sentence() for c in report.policy] == [
        "concession type Non-standard contract length (contract_length) › rule term-standard › when › value: "
        "≥ 12 and ≤ 36 → ≥ 12 and ≤ 30",
        "concession type Non-standard contract length (contract_length) › rule term-long › when › value: > 36 → > 30",
    ]
    segments = [t.name for t in sample.policy.log_values.segments]
    expected = [
        f"Non-standard contract length, {months} months" + (f", segment {segment}" if segment else "")
        for months in (31, 35, 36)
        for segment in [*segments, None]
    ]
    assert [d.case for d in report.decisions] == expected
    assert {(d.before, d.after, d.rule_before, d.rule_after) for d in report.decisions} == {
        ("no approval needed", "Chief Revenue Officer, Chief Financial Officer", "term-standard", "term-long")
    }
    # The one open commitment of 31-36 months nobody approved yet; approved and closed ones keep their policy.
    assert [(c.id, c.changes) for c in report.commitments] == [
        (
            "COM-0035",
            (
                "Approvers: no approval needed → Chief Revenue Officer, Chief Financial Officer "
                "(rule term-standard → term-long)",
            ),
        )
    ]
    assert report.escalations == [] and report.people == [] and report.workbook == []


def test_renaming_a_role_moves_authority_and_renames_answers(repo, sample):
    report = _report(repo, "rename")
    policy = sample.policy
    holders = sorted(
        p.name for p in policy.organisation.people if "finance_director" in policy.authority_of(p.id, AS_OF)
    )
    assert sorted(p.title for p in report.people) == holders
    assert {p.changes for p in report.people} == {("gains VP Finance", "loses Finance Director")}
    assert report.decisions
    assert all("Finance Director" in d.before and "VP Finance" in d.after for d in report.decisions)
    assert all(d.before.replace("Finance Director", "VP Finance") == d.after for d in report.decisions)
    wheres = [c.where for c in report.policy]
    assert "role Finance Director (finance_director)" in wheres and "role VP Finance (vp_finance)" in wheres
    assert report.escalations == [] and report.commitments == [] and report.codeowners == []


def test_a_tier_target_changes_every_open_escalation_of_that_tier(repo, sample):
    report = _report(repo, "target")
    assert [c.sentence() for c in report.policy] == [
        "tier Red (red) › response › status update every: 2 business days → 1 business day"
    ]
    statuses = {s.id: s.open for s in sample.policy.log_values.escalation_statuses}
    open_red = sorted(e.escalation_id for e in sample.log.escalations if statuses[e.status] and e.tier == "red")
    assert [e.id for e in report.escalations] == open_red
    for effect in report.escalations:
        assert effect.changes[0] == "Status updates every: 2 business days → 1 business day"
        assert effect.changes[1].startswith("Status updates due: ")
    assert report.decisions == [] and report.commitments == [] and report.people == []


def test_adding_a_rule_changes_the_cases_it_now_catches(repo):
    report = _report(repo, "rule")
    assert [(c.where, c.change) for c in report.policy] == [
        ("concession type Extended payment terms (payment_terms) › rule terms-net-75", "added")
    ]
    assert [(d.case, d.before, d.after, d.rule_after) for d in report.decisions] == [
        (
            f"Extended payment terms, {days} days",
            "Finance Director, Chief Financial Officer",
            "Finance Director",
            "terms-net-75",
        )
        for days in (61, 74, 75)
    ]


def test_edited_workbook_cells_show_before_and_after(repo):
    report = _report(repo, "cells")
    assert report.policy == [] and report.decisions == []
    sheets = {s.sheet: s for s in report.workbook}
    assert sorted(sheets) == ["Accounts", "Updates"]
    (account,) = sheets["Accounts"].rows
    assert (account.change, account.key) == ("changed", "ACC-0012")
    assert [(c.column, c.cell[: len("Accounts!E")], c.after) for c in account.cells] == [
        ("Region", "Accounts!D", "APAC"),
        ("ARR", "Accounts!E", "777000"),
    ]
    (update,) = sheets["Updates"].rows
    assert (update.change, update.key, update.row) == ("changed", "row 2", 2)
    assert [(c.column, c.cell, c.after) for c in update.cells] == [("Summary", "Updates!D2", "Edited summary")]
    text = impact_markdown(report)
    assert "- changed ACC-0012: Region (Accounts!D" in text


def test_the_working_tree_is_the_default_head(repo, capsys):
    data = repo / "data"
    git(repo, "checkout", "-q", "--detach", "base")
    try:
        _tier_target(data)
        code = main(["impact", "--base", "base", "--data", str(data), "--as-of", SAMPLE_AS_OF, "--format", "json"])
        out = json.loads(capsys.readouterr().out)
    finally:
        git(repo, "checkout", "-q", "--", ".")
    assert code == 0
    assert out["head"] == "working tree" and out["effect"] is True
    assert [c["where"] for c in out["policy"]] == ["tier Red (red) › response › status update every"]


def test_an_unknown_base_is_a_usage_error_with_a_hint(repo, capsys):
    code = main(["impact", "--base", "no-such-branch", "--data", str(repo / "data"), "--as-of", SAMPLE_AS_OF])
    assert code == 2
    err = capsys.readouterr().err
    assert "'no-such-branch' is not a commit" in err and "fetch-depth: 0" in err


def test_markdown_escapes_text_from_the_data(repo):
    report = _report(repo, "rule")
    report.notes.append("<script>alert(1)</script> [x](javascript:1)")
    text = impact_markdown(report)
    assert "<script>" not in text and "\\<script\\>" in text and "\\[x\\]" in text


def test_owners_of_a_policy_file_change_codeowners(repo):
    report = _report(repo, "owners")
    assert [(c.section, c.sentence()) for c in report.policy] == [("Tiers", "owners: vp_cs, cro → vp_cs")]
    assert report.codeowners == [
        "-/data/policy/tiers.yaml @esorensen @rmendes",
        "+/data/policy/tiers.yaml @esorensen",
    ]
    assert report.decisions == [] and report.people == [] and report.escalations == []
    assert "```diff" in impact_markdown(report)


def test_the_json_report_carries_every_field_of_decisions_and_workbook_changes(repo, sample):
    decisions = _report(repo, "threshold").to_json()["decisions"]
    first_segment = sample.policy.log_values.segments[0].name
    assert decisions[0] == {
        "concession": "Non-standard contract length",
        "case": f"Non-standard contract length, 31 months, segment {first_segment}",
        "before": "no approval needed",
        "after": "Chief Revenue Officer, Chief Financial Officer",
        "rule_before": "term-standard",
        "rule_after": "term-long",
    }
    workbook = {s["sheet"]: s for s in _report(repo, "cells").to_json()["workbook"]}
    assert workbook["Updates"] == {
        "sheet": "Updates",
        "note": "",
        "rows": [
            {
                "change": "changed",
                "key": "row 2",
                "row": 2,
                "text": "",
                "cells": [
                    {
                        "column": "Summary",
                        "cell": "Updates!D2",
                        "before": "Escalation acknowledged; account team aligned on the plan, owners and next "
                        "customer touchpoint.",
                        "after": "Edited summary",
                    }
                ],
            }
        ],
    }
