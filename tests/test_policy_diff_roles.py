"""Which concession types a renamed role touches: a role named by a ladder level, by a rule's approvers, by a
stacked review, or as one of an `any_of` level; and one named nowhere touches none."""

from __future__ import annotations

import pytest
import yaml

from macros.analysis.policy_diff import _roles_named, changed_concession_types
from macros.policy.authority import ConcessionType, Rule, StackedReview
from macros.policy.common import Bounds
from macros.policy.loader import load_policy

from .conftest import SAMPLE_DATA, copy_data


def _policy(folder, authority=None, rename: str | None = None):
    """The sample policy, its authority edited by ``authority`` and the role ``rename`` given a new name."""
    data = copy_data(SAMPLE_DATA, folder)
    for file_name, change in (("authority.yaml", authority), ("organisation.yaml", rename)):
        if change is None:
            continue
        path = data / "policy" / file_name
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if file_name == "authority.yaml":
            change({c["id"]: c for c in document["concession_types"]})
        else:
            role = next(r for r in document["roles"] if r["id"] == rename)
            role["name"] = "Renamed " + role["name"]
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_policy(data)


def _ladder_level(level):
    def change(types):
        types["discount"]["ladder"].append(level)

    return change


def _any_of_approvers(types):
    types["roadmap_commitment"]["rules"][0]["approvers"] = [{"any_of": ["product_director", "ceo"]}]


@pytest.mark.parametrize(
    ("authority", "role", "expected"),
    [
        (None, "support_manager", []),
        (None, "vp_product", ["roadmap_commitment"]),
        (None, "deal_desk", ["discount", "free_services"]),
        (None, "general_counsel", ["legal_terms"]),
        (_ladder_level("ceo"), "ceo", ["discount"]),
        (_ladder_level({"any_of": ["ceo", "revops"]}), "revops", ["discount"]),
        (_any_of_approvers, "ceo", ["roadmap_commitment"]),
        (_any_of_approvers, "product_director", ["roadmap_commitment"]),
    ],
    ids=[
        "named-nowhere",
        "approvers-only",
        "reviewer-only",
        "second-level-only",
        "ladder-only",
        "ladder-any-of",
        "approvers-any-of",
        "any-of-and-plain-level",
    ],
)
def test_a_renamed_role_marks_the_types_that_name_it(tmp_path, authority, role, expected):
    before = _policy(tmp_path / "before", authority)
    after = _policy(tmp_path / "after", authority, rename=role)
    assert before.role_name(role) != after.role_name(role)
    assert changed_concession_types(before, after) == expected
    assert changed_concession_types(before, before) == []


def test_the_roles_of_a_type_one_place_at_a_time():
    """Straight from the models, so that a role the reference checks would refuse (an ``approve_up_to`` outside
    the ladder) still counts as named."""
    rules = [
        Rule(id="plain", approvers=["legal", {"any_of": ["cfo", "ceo"]}]),
        Rule(id="up-to", approve_up_to="president"),
        Rule(id="own", allowed=True),
    ]
    concession = ConcessionType(
        id="discount",
        name="Discount",
        ladder=["sales", {"any_of": ["vp", "cro"]}],
        rules=rules,
        reviews=[StackedReview(id="desk", when={"value": Bounds(at_least=1)}, reviewer="deal_desk")],
    )
    assert _roles_named(concession) == {"sales", "vp", "cro", "legal", "cfo", "ceo", "president", "deal_desk"}
    assert _roles_named(ConcessionType(id="plain", name="Plain", rules=[Rule(id="own")])) == set()
