"""`report_validation_error` on a model of the test's own, and the keys `_fields_at` finds along a key path.

`report_validation_error` takes any model. The policy models have no enum, no choice of numbers, no `assert` in a
validator and no alias that leads to a mapping, so `test_policy_loader_messages.py` (which patches real policy
files) cannot reach those branches; the small model here does, and each case pins the whole problem: location,
message, key path and hint (an empty hint is the empty text, as `Problem.hint` is typed).
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import pytest
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from macros.policy.authority import AuthorityFile
from macros.policy.communication import CommunicationFile
from macros.policy.loader import _fields_at, report_validation_error
from macros.policy.tiers import TiersFile
from macros.problems import Problem, ProblemLog, Severity
from macros.yaml_source import parse_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Amount(_Strict):
    amount: int = 0
    unit: str = ""


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Settings(_Strict):
    owner_team: Amount | None = Field(default=None, alias="owner-team")
    items: list[Annotated[Amount, Field(description="an amount")]] = []
    other: Amount | None = Field(default=None, validation_alias=AliasChoices("other", "also"))
    colour: Colour = Colour.RED
    level: Literal[1, 2] = 1
    checked: int = 0
    wordless: int = 0

    @field_validator("checked")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:  # an assert statement would be rewritten by pytest, adding its own words
            raise AssertionError("checked must be positive")
        return value

    @field_validator("wordless")
    @classmethod
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError()
        return value


def _error(location: str, message: str, path: str, hint: str = "") -> Problem:
    return Problem(Severity.ERROR, location, message, path, hint)


CASES = {
    "unknown key under an aliased mapping, the keys of the mapping offered": (
        "owner-team: {amount: 1, units: x}\n",
        [_error("settings.yaml:1:25", "unknown key 'units'", "owner-team.units", "did you mean 'unit'?")],
    ),
    "unknown key under a list item of an annotated model": (
        "items:\n  - {amount: 1, units: x}\n",
        [_error("settings.yaml:2:17", "unknown key 'units'", "items[0].units", "did you mean 'unit'?")],
    ),
    "unknown key under a key the walk cannot follow (a validation alias): no hint": (
        "also: {amount: 1, units: x}\n",
        [_error("settings.yaml:1:19", "unknown key 'units'", "also.units")],
    ),
    "misspelt member of an enum": (
        "colour: rde\n",
        [_error("settings.yaml:1:9", "expected 'red' or 'green', got 'rde'", "colour", "did you mean 'red'?")],
    ),
    "a choice of numbers: no hint": (
        "level: 3\n",
        [_error("settings.yaml:1:8", "expected 1 or 2, got 3", "level")],
    ),
    "a failed assert: its words without pydantic's prefix": (
        "checked: -1\n",
        [_error("settings.yaml:1:10", "checked must be positive, got -1", "checked")],
    ),
    "a validator's wordless error: only the value is shown": (
        "wordless: -1\n",
        [_error("settings.yaml:1:11", ", got -1", "wordless")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_error_of_any_model_becomes_one_located_problem(name):
    text, expected = CASES[name]
    document = parse_yaml(text, "settings.yaml")
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate(document.data)
    log = ProblemLog()
    report_validation_error(caught.value, Settings, document, log)
    assert log.problems == expected


FACTS = ["arr", "arr_at_risk", "days_to_renewal", "days_open", "health", "blocker_type", "segment", "region"]

FIELDS = {
    "a model: its keys, aliases as written": (TiersFile, ("tiers", 0, "criteria", 0, "when", "health")),
    "an optional model": (TiersFile, ("tiers", 0, "escalate_after")),
    "a mapping keyed by a choice: the choices": (TiersFile, ("tiers", 0, "criteria", 0, "when")),
    "a mapping keyed by ids: nothing": (CommunicationFile, ("protocols",)),
    "text: nothing": (TiersFile, ("tiers", 0, "name")),
    "below text: nothing": (TiersFile, ("tiers", 0, "name", "x")),
    "one of several kinds: nothing": (AuthorityFile, ("concession_types", 0, "rules", 0, "approvers", 0)),
    "a key the model does not have: nothing": (TiersFile, ("tiers", 0, "colour", "x")),
}

EXPECTED_FIELDS = {
    "a model: its keys, aliases as written": ["at_least", "above", "at_most", "below", "in"],
    "an optional model": ["unresolved_for", "to"],
    "a mapping keyed by a choice: the choices": FACTS,
    "a mapping keyed by ids: nothing": [],
    "text: nothing": [],
    "below text: nothing": [],
    "one of several kinds: nothing": [],
    "a key the model does not have: nothing": [],
}


@pytest.mark.parametrize("name", list(FIELDS))
def test_the_keys_accepted_at_a_path(name):
    model, path = FIELDS[name]
    assert _fields_at(model, path) == EXPECTED_FIELDS[name]
