"""JSON Schema for each policy file, generated from the typed models (the one source of truth).

Editors that understand `# yaml-language-server: $schema=...` validate and autocomplete the YAML with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import POLICY_FILES

SCHEMA_DIR_NAME = "schema"


def schema_file_name(policy_file: str) -> str:
    return policy_file.removesuffix(".yaml") + ".schema.json"


def render_schemas() -> dict[str, str]:
    """File name → JSON text, stable so that a committed copy can be compared byte for byte."""
    rendered: dict[str, str] = {}
    for file_name, model in POLICY_FILES.items():
        schema = _name_mapping_keys(model.model_json_schema(by_alias=True, mode="validation"))
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Renewal escalation policy: {file_name}",
            **{k: v for k, v in schema.items() if k != "title"},
        }
        rendered[schema_file_name(file_name)] = (
            json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    return rendered


def _name_mapping_keys(node: object) -> object:
    """Give every mapping whose keys are a closed list (a rule's or review's `when:`, a tier criterion's) a named
    property per key. The YAML language server completes from `properties`, not `propertyNames`; each named
    property has the schema every value already had, so what validates is unchanged."""
    if isinstance(node, list):
        return [_name_mapping_keys(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _name_mapping_keys(value) for key, value in node.items()}
    names = (result.get("propertyNames") or {}).get("enum")
    values = result.get("additionalProperties")
    if names and isinstance(values, dict) and "properties" not in result:
        result["properties"] = {name: dict(values) for name in names}
    return result


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    stale = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
