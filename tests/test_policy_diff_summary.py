"""`summary`: an added or removed item of the policy in one line, whole: its name (else its description) first,
then the fields that are set, in the model's order, each once; ids, names and descriptions never as fields."""

from __future__ import annotations

from macros.analysis.policy_diff import summary
from macros.policy.authority import Rule, StackedReview
from macros.policy.common import Bounds
from macros.policy.organisation import Role
from macros.policy.tiers import ResponseTargets, Tier


def test_a_name_heads_the_fields_that_are_set():
    role = Role(id="cro", name="Chief Revenue Officer", description="Owns revenue", covers=["vp_sales", "cs_director"])
    assert summary(role) == "Chief Revenue Officer (covers vp_sales, cs_director)"


def test_a_name_alone_when_nothing_else_is_set():
    assert summary(Role(id="cro", name="Chief Revenue Officer", description="Owns revenue")) == "Chief Revenue Officer"


def test_a_field_left_at_a_default_made_by_a_factory_is_not_shown():
    assert summary(Tier(id="red", name="Red")) == "Red"
    assert summary(Tier(id="red", name="Red", summary="Urgent")) == "Red (summary Urgent)"


def test_the_description_heads_when_there_is_no_name():
    review = StackedReview(
        id="legal", description="Legal looks at it", when={"value": Bounds(at_least=5)}, reviewer="gc"
    )
    assert summary(review) == "Legal looks at it (when {value: ≥ 5}; reviewer gc)"


def test_fields_alone_when_there_is_neither_name_nor_description():
    rule = Rule(id="r1", when={}, approvers=["cfo", "ceo"], in_order=True)
    assert summary(rule) == "approvers cfo, ceo; in_order yes"


def test_a_field_after_an_empty_one_is_still_shown():
    assert summary(Rule(id="r1", approve_up_to="cfo")) == "approve_up_to cfo"


def test_a_field_name_loses_its_trailing_underscore():
    assert summary(Bounds(in_=["emea", "apac"])) == "in emea, apac"


def test_an_item_with_nothing_to_say_is_empty():
    assert summary(Rule(id="r1")) == ""
    assert summary(ResponseTargets()) == ""
