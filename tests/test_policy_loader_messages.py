"""How the loader words pydantic's errors: unknown keys with the keys allowed there, choices with a "did you mean",
long values cut short, the kind of a wrong value, missing keys placed at their parent's key, several errors of one file
in file order (those of one place in the models' order), keys and paths holding brackets, and a file whose top is not a
mapping. Each case patches the five-level fixture policy; every expected line is the whole error."""

from __future__ import annotations

import shutil

import pytest

from macros.policy.loader import load_policy
from macros.problems import DataError

from .conftest import FIVE_LEVEL

LEA = "{id: lea, name: Lea Braun, email: lea@kestrel.example, roles: [account_manager]}"

CASES = {
    "unknown key of a list item, the allowed keys listed": (
        [("organisation.yaml", "{id: lea, name: Lea Braun,", "{id: lea, phon: 1, name: Lea Braun,")],
        [
            "policy/organisation.yaml:29:15 [people[2].phon]: error: unknown key 'phon' (expected one of 'email', "
            "'github', 'id', 'name', 'reports_to', 'roles', 'title')"
        ],
    ),
    "unknown key of a mapping's value": (
        [("communication.yaml", "watch: {status_updates:", "watch: {status_update:")],
        [
            "policy/communication.yaml:3:11 [protocols.watch.status_update]: error: unknown key 'status_update' "
            "(did you mean 'status_updates'?)"
        ],
    ),
    "unknown fact in a criterion": (
        [("tiers.yaml", "when: {days_to_renewal: {at_most: 150},", "when: {days_to_renewl: {at_most: 150},")],
        [
            "policy/tiers.yaml:15:32 [tiers[1].criteria[0].when.days_to_renewl]: error: expected 'arr', "
            "'arr_at_risk', 'days_to_renewal', 'days_open', 'health', 'blocker_type', 'segment' or 'region', "
            "got 'days_to_renewl' (did you mean 'days_to_renewal' or 'days_open'?)"
        ],
    ),
    "misspelt choice": (
        [("authority.yaml", "money_value: percent_of_arr", "money_value: percent_of_ar")],
        [
            "policy/authority.yaml:7:18 [concession_types[0].money_value]: error: expected 'value', "
            "'percent_of_arr' or 'none', got 'percent_of_ar' (did you mean 'percent_of_arr'?)"
        ],
    ),
    "long value cut at 77 characters": (
        [("tiers.yaml", 'color: "#546e7a"', 'color: "' + "x" * 100 + '"')],
        [f"policy/tiers.yaml:5:12 [tiers[0].color]: error: expected a colour such as #c62828, got '{'x' * 77}...'"],
    ),
    "value of 79 characters shown whole": (
        [("tiers.yaml", 'color: "#546e7a"', 'color: "' + "y" * 79 + '"')],
        [f"policy/tiers.yaml:5:12 [tiers[0].color]: error: expected a colour such as #c62828, got '{'y' * 79}'"],
    ),
    "value of 80 characters cut": (
        [("tiers.yaml", 'color: "#546e7a"', 'color: "' + "z" * 80 + '"')],
        [f"policy/tiers.yaml:5:12 [tiers[0].color]: error: expected a colour such as #c62828, got '{'z' * 77}...'"],
    ),
    "list for a mapping": (
        [("tiers.yaml", "response: {acknowledge: 3 business days}", "response: [3 business days]")],
        [
            "policy/tiers.yaml:7:15 [tiers[0].response]: error: expected a valid dictionary or instance of "
            "ResponseTargets, got a list"
        ],
    ),
    "mapping for text": (
        [("tiers.yaml", "name: Watch", "name: {a: 1}")],
        ["policy/tiers.yaml:4:11 [tiers[0].name]: error: expected a valid string, got a mapping"],
    ),
    "nothing for text": (
        [("tiers.yaml", "name: Watch", "name:")],
        ["policy/tiers.yaml:4:10 [tiers[0].name]: error: expected a valid string, got None"],
    ),
    "boolean for text": (
        [("tiers.yaml", "name: Watch", "name: true")],
        ["policy/tiers.yaml:4:11 [tiers[0].name]: error: expected a valid string, got True"],
    ),
    "two errors of one line, in column order": (
        [("organisation.yaml", LEA, "{id: lea, roles: 5, name: Lea Braun, email: lea-at}")],
        [
            "policy/organisation.yaml:29:22 [people[2].roles]: error: expected a valid list, got 5",
            "policy/organisation.yaml:29:49 [people[2].email]: error: expected an email address, got 'lea-at'",
        ],
    ),
    "two errors of one file, in line order": (
        [("tiers.yaml", "name: Concern", "name: [Concern]"), ("tiers.yaml", "name: Watch", "name: {a: 1}")],
        [
            "policy/tiers.yaml:4:11 [tiers[0].name]: error: expected a valid string, got a mapping",
            "policy/tiers.yaml:10:11 [tiers[1].name]: error: expected a valid string, got a list",
        ],
    ),
    "empty text": (
        [("tiers.yaml", "description: Renewal within 150 days and health at risk", "description: ''")],
        ["policy/tiers.yaml:14:22 [tiers[1].criteria[0].description]: error: expected at least 1 character, got ''"],
    ),
    "empty mapping": (
        [("stakeholders.yaml", None, "owners: [cfo]\nmatrix: {}\n")],
        [
            "policy/stakeholders.yaml:2:9 [matrix]: error: dictionary should have at least 1 item after "
            "validation, not 0, got a mapping"
        ],
    ),
    "a list at the top of a file": (
        [("stakeholders.yaml", None, "- a\n- b\n")],
        ["policy/stakeholders.yaml:1:1: error: expected a mapping of keys at the top of the file, found a list"],
    ),
    "a number at the top of a file": (
        [("stakeholders.yaml", None, "5\n")],
        ["policy/stakeholders.yaml:1:1: error: expected a mapping of keys at the top of the file, found the value 5"],
    ),
    "unknown key of an optional mapping, the allowed keys listed": (
        [("tiers.yaml", "to: concern}", "to: concern, after: 2}")],
        [
            "policy/tiers.yaml:8:69 [tiers[0].escalate_after.after]: error: unknown key 'after' (expected one of 'to', "
            "'unresolved_for')"
        ],
    ),
    "missing keys of a nested mapping, at its key, in the model's order": (
        [("tiers.yaml", "escalate_after: {unresolved_for: 40 business days, to: concern}", "escalate_after: {}")],
        [
            "policy/tiers.yaml:8:5 [tiers[0].escalate_after.unresolved_for]: error: missing required key "
            "'unresolved_for' (add 'unresolved_for:' under tiers[0].escalate_after)",
            "policy/tiers.yaml:8:5 [tiers[0].escalate_after.to]: error: missing required key 'to' (add 'to:' under "
            "tiers[0].escalate_after)",
        ],
    ),
    "empty list": (
        [("organisation.yaml", "lea@kestrel.example, roles: [account_manager]}", "lea@kestrel.example, roles: []}")],
        [
            "policy/organisation.yaml:29:67 [people[2].roles]: error: expected at least 1 item after validation, not 0, got a list"
        ],
    ),
    "errors of one place in the models' order": (
        [("authority.yaml", "approvers: [finance_partner]", "approvers: [5]")],
        [
            "policy/authority.yaml:21:38 [concession_types[1].rules[0].approvers[0].constrained-str]: error: expected "
            "a valid string, got 5",
            "policy/authority.yaml:21:38 [concession_types[1].rules[0].approvers[0].AnyOf]: error: expected a valid "
            "dictionary or instance of AnyOf, got 5",
        ],
    ),
    "unknown key of one of several kinds of value, without a hint": (
        [("authority.yaml", "approvers: [finance_partner]", "approvers: [{any_of: [finance_partner, cfo], x: 1}]")],
        [
            "policy/authority.yaml:21:38 [concession_types[1].rules[0].approvers[0].constrained-str]: error: expected "
            "a valid string, got a mapping",
            "policy/authority.yaml:21:38 [concession_types[1].rules[0].approvers[0].AnyOf.x]: error: unknown key 'x'",
        ],
    ),
    "unknown keys holding brackets, kept whole": (
        [
            (
                "stakeholders.yaml",
                "owners: [head_of_success]\n",
                "owners: [head_of_success]\n'closed]': yes\ndraft[2]x: no\n",
            )
        ],
        [
            "policy/stakeholders.yaml:2:1 [closed]]: error: unknown key 'closed]' (expected one of 'matrix', 'owners')",
            "policy/stakeholders.yaml:3:1 [draft[2]x]: error: unknown key 'draft[2]x' (expected one of 'matrix', "
            "'owners')",
        ],
    ),
    "a bad level inside a grid's chain cell, placed past the chain": (
        [
            (
                "authority.yaml",
                "      - {id: credit-any, approvers: [finance_partner]}",
                "      - {id: credit-any, approvers: [finance_partner]}\n    grid:\n      id: credit-grid\n"
                "      rows: {fact: value, bands: [{at_most: 5000}]}\n"
                "      columns: {fact: arr, bands: [{at_most: 100000}]}\n"
                "      cells:\n        - [[finance_partner, {any_of: [cfo]}]]",
            )
        ],
        [
            "policy/authority.yaml:27:12 [concession_types[1].grid.cells[0][0].constrained-str]: error: expected a "
            "valid string, got a list",
            "policy/authority.yaml:27:12 [concession_types[1].grid.cells[0][0].AnyOf]: error: expected a valid "
            "dictionary or instance of AnyOf, got a list",
            "policy/authority.yaml:27:12 [concession_types[1].grid.cells[0][0]]: error: expected 'not allowed' or "
            "'no approval', got a list (expected one of 'no approval', 'not allowed')",
            "policy/authority.yaml:27:30 [concession_types[1].grid.cells[0][0][1].constrained-str]: error: expected a "
            "valid string, got a mapping",
            "policy/authority.yaml:27:30 [concession_types[1].grid.cells[0][0][1].AnyOf.any_of]: error: expected at "
            "least 2 items after validation, not 1, got a list",
        ],
    ),
    "an empty file": (
        [("stakeholders.yaml", None, "")],
        [
            "policy/stakeholders.yaml:1:1 [matrix]: error: missing required key 'matrix' (add 'matrix:' under the "
            "top of the file)"
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_loader_words_each_error_in_full(name, tmp_path):
    edits, expected = CASES[name]
    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    for file_name, old, new in edits:
        path = data / "policy" / file_name
        text = path.read_text(encoding="utf-8")
        if old is not None:
            assert old in text
        path.write_text(new if old is None else text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    assert [p.format() for p in caught.value.errors] == expected


def test_a_file_holding_only_null_is_reported_as_holding_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    (data / "policy" / "stakeholders.yaml").write_text("null\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_policy(data, root=data)
    assert [p.format() for p in caught.value.errors] == [
        "policy/stakeholders.yaml:1:1: error: expected a mapping of keys at the top of the file, found nothing"
    ]


def test_a_policy_file_linked_from_outside_the_repository_is_not_read(tmp_path):
    data = tmp_path / "repo" / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(data / "policy" / "stakeholders.yaml", outside)
    try:
        (data / "policy" / "stakeholders.yaml").symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    with pytest.raises(DataError) as caught:
        load_policy(data, root=tmp_path / "repo")
    assert [p.format() for p in caught.value.errors] == [
        "data/policy/stakeholders.yaml:1:1: error: the file is a symbolic link to a place outside the repository; "
        "it is not read (copy the file into the data folder instead of linking to it)"
    ]
    assert load_policy(data, root=tmp_path).stakeholders.owners == ["head_of_success"]


def test_errors_are_in_column_order_when_the_folder_name_holds_a_colon(tmp_path):
    # pydantic reports a person's email before their roles; the file has the roles first
    data = tmp_path / "team:renewals" / "data"
    try:
        data.mkdir(parents=True)
    except OSError:
        pytest.skip("a folder name cannot hold a colon here")
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    path = data / "policy" / "organisation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(LEA, "{id: lea, roles: 5, name: Lea Braun, email: lea-at}", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_policy(data, root=tmp_path)
    assert [p.format() for p in caught.value.errors] == [
        "team:renewals/data/policy/organisation.yaml:29:22 [people[2].roles]: error: expected a valid list, got 5",
        "team:renewals/data/policy/organisation.yaml:29:49 [people[2].email]: error: expected an email address, "
        "got 'lea-at'",
    ]
