"""The policy and workbook comparisons behind `escalation impact`, on small hand-made changes."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from macros.analysis.policy_diff import changed_concession_types, policy_changes
from macros.analysis.workbook_diff import diff_workbooks
from macros.policy.loader import load_policy
from macros.workbook.text_rows import TextRow, TextSheet, read_text_sheets

from .conftest import SAMPLE_DATA, copy_data


def _edited(tmp_path, file_name: str, change) -> object:
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    path = data / "policy" / file_name
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_policy(data)


def test_identical_policies_have_no_changes(sample_policy):
    assert policy_changes(sample_policy, sample_policy) == []
    assert changed_concession_types(sample_policy, sample_policy) == []


def test_reordered_rules_are_reported_as_an_order(tmp_path, sample_policy):
    def swap(document):
        rules = document["concession_types"][0]["rules"]
        rules[0], rules[1] = rules[1], rules[0]

    after = _edited(tmp_path, "authority.yaml", swap)
    first = sample_policy.authority.concession_types[0]
    ids = [r.id for r in first.rules]
    swapped = [ids[1], ids[0], *ids[2:]]
    changes = policy_changes(sample_policy, after)
    assert [(c.change, c.text) for c in changes] == [("reordered", f"order {', '.join(ids)} → {', '.join(swapped)}")]
    assert changed_concession_types(sample_policy, after) == [first.id]


def test_stakeholders_people_and_delegations_in_words(tmp_path, sample_policy):
    tier = sample_policy.tiers[-1].id

    def drop_required(document):
        roles = document["matrix"][tier]
        role = next(iter(roles))
        roles[role] = "informed"

    after = _edited(tmp_path, "stakeholders.yaml", drop_required)
    changes = policy_changes(sample_policy, after)
    assert changes and all(c.section == "Stakeholders" for c in changes)
    assert changes[0].where.startswith(f"matrix › {tier} › ")


def test_workbook_rows_are_matched_by_id_or_by_position(tmp_path):
    def book(path, accounts, updates):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Accounts"
        sheet.append(["Account ID", "Account Name", "ARR"])
        for row in accounts:
            sheet.append(row)
        other = workbook.create_sheet("Updates")
        other.append(["Escalation ID", "Summary"])
        for row in updates:
            other.append(row)
        workbook.save(path)
        return read_text_sheets(path)

    old = book(tmp_path / "a.xlsx", [["A-1", "One", 10], ["A-2", "Two", 20]], [["E-1", "first"], ["E-1", "second"]])
    new = book(
        tmp_path / "b.xlsx",
        [["A-2", "Two", 25], ["A-3", "Three", 30]],
        [["E-1", "first"], ["E-1", "inserted"], ["E-1", "second, edited"]],
    )
    diffs = {d.sheet: d for d in diff_workbooks(old, new)}
    accounts = diffs["Accounts"].rows
    assert [(r.change, r.key) for r in accounts] == [("changed", "A-2"), ("added", "A-3"), ("removed", "A-1")]
    assert [(c.column, c.cell, c.before, c.after) for c in accounts[0].cells] == [("ARR", "Accounts!C2", "20", "25")]
    assert accounts[1].text == "Account ID: A-3; Account Name: Three; ARR: 30"
    updates = diffs["Updates"].rows
    assert [(r.change, r.row) for r in updates] == [("changed", 3), ("added", 4)]
    assert [(c.before, c.after) for c in updates[0].cells] == [("second", "inserted")]


_ids = st.lists(st.sampled_from([f"K-{n}" for n in range(8)]), unique=True, max_size=8)
_value = st.sampled_from(["", "a", "b", "10", "2026-01-01"])


@settings(max_examples=60, deadline=None)
@given(old_ids=_ids, new_ids=_ids, data=st.data())
def test_keyed_rows_diff_back_to_the_new_sheet(old_ids, new_ids, data):
    """Property: removed + added + changed rows, with their cells, turn the old sheet into the new one."""

    def sheet(ids):
        rows = [TextRow(i + 2, (key, data.draw(_value), data.draw(_value))) for i, key in enumerate(ids)]
        return TextSheet("Accounts", ("Account ID", "Name", "ARR"), rows, key_column=0)

    old, new = sheet(old_ids), sheet(new_ids)
    result = {r.key: r for d in diff_workbooks([old], [new]) for r in d.rows}
    rebuilt = {r.values[0]: dict(zip(old.headers, r.values, strict=True)) for r in old.rows}
    for key, change in result.items():
        if change.change == "removed":
            del rebuilt[key]
        elif change.change == "added":
            rebuilt[key] = dict(zip(new.headers, next(r.values for r in new.rows if r.values[0] == key), strict=True))
        else:
            for cell in change.cells:
                assert rebuilt[key][cell.column] == cell.before
                rebuilt[key][cell.column] = cell.after
    assert rebuilt == {r.values[0]: dict(zip(new.headers, r.values, strict=True)) for r in new.rows}
