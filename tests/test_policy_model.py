"""Unit tests of the policy model: loading, bounds, durations, lookups, positions and the exported schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from pydantic import ValidationError

from macros.policy.common import Bounds, Duration
from macros.policy.schema_export import render_schemas, stale_schemas
from macros.yaml_source import MAX_NODES, YamlLoadError, parse_yaml

from .conftest import SAMPLE_DATA


def test_sample_policy_has_what_the_framework_needs(sample_policy):
    assert [t.id for t in sample_policy.tiers] == ["green", "yellow", "red"]
    assert len(sample_policy.organisation.people) >= 25
    assert len(sample_policy.authority.concession_types) >= 6
    assert any(d for d in sample_policy.organisation.delegations)
    assert sample_policy.organisation.calendar.holidays is not None


def test_five_level_policy_loads_with_its_own_names(five_level_policy):
    assert [t.id for t in five_level_policy.tiers] == ["watch", "concern", "elevated", "severe", "critical"]
    assert five_level_policy.organisation.company.currency == "EUR"
    assert five_level_policy.tier_rank("critical") == 4


@pytest.mark.parametrize(
    ("bounds", "value", "expected"),
    [
        ({"at_least": 10}, 10, True),
        ({"above": 10}, 10, False),
        ({"above": 10}, 10.01, True),
        ({"at_most": 20}, 20, True),
        ({"below": 20}, 20, False),
        ({"above": 10, "at_most": 20}, 20, True),
        ({"above": 10, "at_most": 20}, 10, False),
        ({"in": ["Red", "yellow"]}, "red", True),
        ({"in": ["red"]}, "green", False),
        ({"at_least": 1}, None, False),
        ({"at_least": 1}, "text", False),
    ],
)
def test_bounds_inclusive_and_exclusive(bounds, value, expected):
    assert Bounds.model_validate(bounds).matches(value) is expected


@pytest.mark.parametrize(
    "bounds",
    [
        {"at_least": 1, "above": 1},
        {"at_most": 1, "below": 2},
        {},
        {"at_least": 5, "at_most": 1},
        {"in": ["a"], "above": 1},
    ],
)
def test_contradictory_bounds_are_rejected(bounds):
    with pytest.raises(ValidationError):
        Bounds.model_validate(bounds)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("4 business hours", 4, "business_hours"),
        ("1 business day", 1, "business_days"),
        ("2.5 hours", 2.5, "hours"),
        ("3 days", 3, "days"),
        ({"amount": 8, "unit": "business_hours"}, 8, "business_hours"),
    ],
)
def test_duration_text_and_mapping(text, amount, unit):
    duration = Duration.model_validate(text)
    assert (duration.amount, duration.unit) == (amount, unit)


def test_duration_describe_reads_naturally():
    assert Duration.model_validate("1 business day").describe() == "1 business day"
    assert Duration.model_validate("4 business hours").describe() == "4 business hours"


@pytest.mark.parametrize("text", ["soon", "4 weeks", "-1 days", "business hours"])
def test_bad_duration_text(text):
    with pytest.raises(ValidationError):
        Duration.model_validate(text)


def test_authority_through_role_hierarchy_and_delegation(sample_policy):
    cro = sample_policy.authority_of("rafael-mendes", dt.date(2026, 1, 5))
    assert cro["cro"] == "role"
    assert cro["vp_sales"].startswith("hierarchy")
    assert "sales_director" in cro  # transitive: CRO covers VP Sales covers Regional Sales Director
    during = sample_policy.authority_of("laura-mcallister", dt.date(2026, 7, 24))
    after = sample_policy.authority_of("laura-mcallister", dt.date(2026, 7, 25))
    assert during["cfo"].startswith("delegation from Samuel Osei")
    assert "cfo" not in after


def test_people_found_by_id_name_or_email(sample_policy):
    assert sample_policy.find_person("priya-raman").id == "priya-raman"
    assert sample_policy.find_person("  priya raman ").id == "priya-raman"
    assert sample_policy.find_person("Priya.Raman@lumenfield.io").id == "priya-raman"
    assert sample_policy.find_person("Priya") is None


def test_yaml_positions_are_one_based():
    doc = parse_yaml("a:\n  b:\n    - x: 1\n", "t.yaml")
    assert doc.location(("a", "b", 0, "x")) == "t.yaml:3:10"
    assert doc.location(("a", "b", 0, "x"), at_key=True) == "t.yaml:3:7"
    assert doc.location(("a", "missing")) == "t.yaml:2:3"


def test_alias_bomb_stops_with_an_error():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlLoadError) as caught:
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert f"{MAX_NODES:,}" in caught.value.message


def test_non_plain_yaml_tags_are_refused():
    with pytest.raises(YamlLoadError):
        parse_yaml("a: !!python/object:os.system ls\n", "evil.yaml")


def test_committed_json_schema_is_current():
    assert stale_schemas(SAMPLE_DATA / "schema") == [], "run `escalation schema` and commit data/schema"


def test_every_policy_file_points_editors_at_its_schema():
    for path in (SAMPLE_DATA / "policy").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{path.stem}.schema.json", path.name


def test_exported_schema_accepts_the_sample_and_rejects_typos():
    import jsonschema  # a pinned test dependency: this test must run, never skip

    schemas = {name: json.loads(text) for name, text in render_schemas().items()}
    for path in (SAMPLE_DATA / "policy").glob("*.yaml"):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        validator = jsonschema.Draft202012Validator(schemas[f"{path.stem}.schema.json"])
        assert list(validator.iter_errors(data)) == [], path.name
    tiers = json.loads(json.dumps(yaml.safe_load((SAMPLE_DATA / "policy" / "tiers.yaml").read_text()), default=str))
    tiers["tiers"][0]["colour"] = "#000000"
    assert list(jsonschema.Draft202012Validator(schemas["tiers.schema.json"]).iter_errors(tiers))


def test_every_model_field_is_documented():
    """Every field the user can write has a description in the schema (the docstring under the field)."""
    undocumented = []
    for name, text in render_schemas().items():
        schema = json.loads(text)
        for model_name, definition in [("(top)", schema), *schema.get("$defs", {}).items()]:
            for field, spec in definition.get("properties", {}).items():
                if field == "id" or field == "name":
                    continue
                if "description" not in spec:
                    undocumented.append(f"{name}: {model_name}.{field}")
    assert undocumented == [], "add a docstring under each of these fields:\n" + "\n".join(undocumented)


def test_oversized_policy_file_is_refused(tmp_path):
    from macros.yaml_source import MAX_BYTES, load_yaml

    path = tmp_path / "tiers.yaml"
    path.write_text("# padding\n" * (MAX_BYTES // 10 + 10), encoding="utf-8")
    with pytest.raises(YamlLoadError) as caught:
        load_yaml(path)
    assert "policy files are limited to" in caught.value.message


def test_non_utf8_policy_file_is_refused(tmp_path):
    from macros.yaml_source import load_yaml

    path = tmp_path / "tiers.yaml"
    path.write_bytes("name: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(YamlLoadError) as caught:
        load_yaml(path)
    assert "not UTF-8" in caught.value.message


def test_schema_names_each_fact_under_when_for_completion_without_changing_validation():
    import jsonschema

    schemas = {name: json.loads(text) for name, text in render_schemas().items()}
    defs = schemas["authority.schema.json"]["$defs"]
    facts = ["value", "money", "arr", "segment", "term_months"]
    for model in ("Rule", "StackedReview"):
        when = defs[model]["properties"]["when"]
        assert sorted(when["properties"]) == sorted(facts)
        assert when["properties"]["arr"] == {"$ref": "#/$defs/Bounds"}
    criterion = schemas["tiers.schema.json"]["$defs"]["Criterion"]["properties"]["when"]
    assert "days_to_renewal" in criterion["properties"]
    validator = jsonschema.Draft202012Validator(schemas["authority.schema.json"])
    rule = {"id": "r", "when": {"arr": {"below": 5}}}
    document = {"concession_types": [{"id": "t", "name": "T", "rules": [rule]}]}
    assert list(validator.iter_errors(document)) == []
    rule["when"] = {"ar": {"below": 5}}  # a fact that does not exist is still refused
    assert list(validator.iter_errors(document)) != []
